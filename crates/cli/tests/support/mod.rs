//! Running `twofold` against a vault in a temporary folder.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const PASSWORD: &str = "vault-password";
pub const BACKUP_PASSWORD: &str = "backup-passphrase";

pub struct Out {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

pub struct Vault {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_twofold")
}

pub fn core_data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data").join(name)
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

impl Vault {
    /// A folder with no vault yet.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.twofold");
        Vault { dir, path }
    }

    /// A password-only vault holding these URIs.
    pub fn with_accounts(uris: &[&str]) -> Self {
        let v = Vault::new();
        assert_eq!(v.run(&["init", "--no-keyring"]).code, Some(0));
        if !uris.is_empty() {
            let mut args = vec!["add"];
            args.extend_from_slice(uris);
            assert_eq!(v.run(&args).code, Some(0));
        }
        v
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.args(args)
            .env("TWOFOLD_VAULT", &self.path)
            .env("TWOFOLD_PASSWORD", PASSWORD)
            .env("TWOFOLD_BACKUP_PASSWORD", BACKUP_PASSWORD)
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Out {
        out(self.command(args).output().unwrap())
    }

    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Out {
        let mut c = self.command(args);
        for (k, v) in env {
            c.env(k, v);
        }
        out(c.output().unwrap())
    }

    pub fn run_with_password(&self, password: &str, args: &[&str]) -> Out {
        self.run_env(args, &[("TWOFOLD_PASSWORD", password)])
    }

    pub fn run_stdin(&self, args: &[&str], input: &str) -> Out {
        let mut child = self.command(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        out(child.wait_with_output().unwrap())
    }
}

fn out(o: std::process::Output) -> Out {
    Out { code: o.status.code(), stdout: String::from_utf8_lossy(&o.stdout).into_owned(), stderr: String::from_utf8_lossy(&o.stderr).into_owned() }
}
