//! A git remote as the shared folder (`twofold sync setup --git URL`), the
//! way `pass` syncs: a clone beside the vault (`<vault>.sync/git`) is the
//! folder. Before each sync it fetches and rebases onto the remote; after,
//! it commits this computer's own state files and pushes, rebasing and
//! trying again when another computer pushed first.
//!
//! Each computer only ever changes its own files, so a rebase never
//! conflicts and no merge of Twofold's happens inside git: the merge is the
//! usual one of the state files, done after the pull. The person's own
//! `git` does the transport, with their credentials, SSH keys and
//! `insteadOf` rules (libgit2, through the git2 crate, would need all of
//! those set up again). It is never allowed to prompt: a remote that needs
//! a password git does not have fails with git's message.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::device::SyncConfig;
use super::folder::SUBFOLDER;
use super::SyncError;

/// The branch used when the remote has none yet.
const BRANCH: &str = "main";

/// Where the clone of a vault's remote is.
pub fn clone_dir(vault_path: &Path) -> PathBuf {
    SyncConfig::local_dir(vault_path).join("git")
}

/// Clones `url` beside the vault (or reuses the clone already there, if it
/// is of the same remote) and brings it up to date; returns the folder to
/// set up sync in.
pub fn prepare(vault_path: &Path, url: &str) -> Result<PathBuf, SyncError> {
    let dir = clone_dir(vault_path);
    if dir.join(".git").is_dir() {
        let origin = git(&dir, &["remote", "get-url", "origin"], "read the clone's remote")?;
        if origin.trim() != url {
            return Err(SyncError::Git {
                action: "set up",
                detail: format!(
                    "{} is a clone of {}, not of {url}; remove it to set up another remote",
                    dir.display(),
                    origin.trim()
                ),
            });
        }
    } else {
        let parent = dir.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| SyncError::io(parent, e))?;
        let target = dir.to_string_lossy().into_owned();
        git(parent, &["clone", "--quiet", "--", url, &target], "clone")?;
    }
    if !has_commit(&dir, "HEAD") {
        // An empty remote: every computer starts the same branch.
        git(&dir, &["symbolic-ref", "HEAD", &format!("refs/heads/{BRANCH}")], "set up")?;
    }
    pull(&dir, None)?;
    Ok(dir)
}

/// After [`super::setup`] in a clone [`prepare`] made: remembers the
/// remote (so every sync pulls and pushes) and pushes this computer's file.
pub fn adopt(vault_path: &Path, url: &str, config: &mut SyncConfig) -> Result<(), SyncError> {
    config.git = Some(url.to_owned());
    config.save(vault_path)?;
    push(&config.folder, config)
}

/// Before a sync: this computer's files left from a failed push are
/// committed, then the clone takes the remote's commits (rebasing its own
/// on top of them).
pub(crate) fn pull(dir: &Path, config: Option<&SyncConfig>) -> Result<(), SyncError> {
    if let Some(config) = config {
        commit_own(dir, config)?;
    }
    git(dir, &["fetch", "--quiet", "origin"], "fetch from")?;
    let branch = branch(dir)?;
    let upstream = format!("refs/remotes/origin/{branch}");
    if !has_commit(dir, &upstream) {
        return Ok(()); // Nothing pushed there yet.
    }
    if !has_commit(dir, "HEAD") {
        // Nothing of ours committed yet: take the remote's as it is (the
        // working tree holds no tracked file of ours to lose).
        git(dir, &["reset", "--quiet", "--hard", &upstream], "take the commits of")?;
        return Ok(());
    }
    if let Err(e) = git(dir, &["rebase", "--quiet", &upstream], "rebase onto") {
        let _ = git(dir, &["rebase", "--abort"], "abort the rebase onto");
        return Err(e);
    }
    Ok(())
}

/// After a sync: commits this computer's own files and pushes; when another
/// computer pushed first, takes its commits and tries again.
pub(crate) fn push(dir: &Path, config: &SyncConfig) -> Result<(), SyncError> {
    commit_own(dir, config)?;
    if !has_commit(dir, "HEAD") {
        return Ok(());
    }
    let branch = branch(dir)?;
    let upstream = format!("refs/remotes/origin/{branch}");
    let target = format!("HEAD:refs/heads/{branch}");
    let mut last = None;
    for _ in 0..4 {
        if has_commit(dir, &upstream) && same_commit(dir, "HEAD", &upstream)? {
            return Ok(());
        }
        match git(dir, &["push", "--quiet", "origin", &target], "push to") {
            Ok(_) => {
                // The remote-tracking branch follows, for the next comparison.
                let _ = git(dir, &["fetch", "--quiet", "origin"], "fetch from");
                return Ok(());
            }
            Err(e) => {
                last = Some(e);
                pull(dir, None)?;
            }
        }
    }
    Err(last.unwrap_or(SyncError::Git { action: "push to", detail: "the remote kept changing".into() }))
}

/// Commits this computer's state files, if they changed. Nothing else in
/// the clone is ever committed by Twofold.
fn commit_own(dir: &Path, config: &SyncConfig) -> Result<(), SyncError> {
    let own: Vec<String> = [".tfsync", ".codes.tfsync"]
        .iter()
        .map(|suffix| format!("{SUBFOLDER}/{}{suffix}", config.device))
        .filter(|path| dir.join(path).is_file())
        .collect();
    if own.is_empty() {
        return Ok(());
    }
    let mut add = vec!["add", "--"];
    add.extend(own.iter().map(String::as_str));
    git(dir, &add, "stage the state file in")?;
    let staged = Command::new("git")
        .args(["diff", "--cached", "--quiet"])
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .status()
        .map_err(|e| not_run(&e))?;
    if staged.success() {
        return Ok(());
    }
    let message = format!("twofold: {} ({})", config.name, config.device);
    let email = format!("user.email=twofold@{}", config.device);
    let name = format!("user.name=Twofold on {}", config.name);
    git(
        dir,
        &["-c", &email, "-c", &name, "-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "-m", &message],
        "commit in",
    )?;
    Ok(())
}

fn branch(dir: &Path) -> Result<String, SyncError> {
    Ok(git(dir, &["symbolic-ref", "--short", "HEAD"], "read the branch of")?.trim().to_owned())
}

fn has_commit(dir: &Path, rev: &str) -> bool {
    let spec = format!("{rev}^{{commit}}");
    Command::new("git")
        .args(["rev-parse", "--quiet", "--verify", &spec])
        .current_dir(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn same_commit(dir: &Path, a: &str, b: &str) -> Result<bool, SyncError> {
    let a = git(dir, &["rev-parse", a], "read")?;
    let b = git(dir, &["rev-parse", b], "read")?;
    Ok(a.trim() == b.trim())
}

/// Runs git in `dir`; its own message (first lines) on failure.
fn git(dir: &Path, args: &[&str], action: &'static str) -> Result<String, SyncError> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        // Never wait for a password nobody will type; never open an editor.
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_EDITOR", "true")
        // A rebase records a committer: one that works where git has no
        // user configured (the commits are Twofold's, not the person's).
        .env("GIT_COMMITTER_NAME", "Twofold")
        .env("GIT_COMMITTER_EMAIL", "twofold@localhost")
        .output()
        .map_err(|e| not_run(&e))?;
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let detail: Vec<&str> = stderr.lines().map(str::trim).filter(|l| !l.is_empty()).take(3).collect();
    Err(SyncError::Git { action, detail: detail.join(" ") })
}

fn not_run(e: &std::io::Error) -> SyncError {
    let detail = if e.kind() == std::io::ErrorKind::NotFound {
        "git is not installed (install the git package)".to_owned()
    } else {
        format!("git could not be started: {e}")
    };
    SyncError::Git { action: "run", detail }
}
