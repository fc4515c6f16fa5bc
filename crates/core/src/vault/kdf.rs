//! Argon2id: a password into a slot's wrapping key, with bounded cost.
//!
//! The parameters live in the (hostile until authenticated) file, so they
//! are checked against fixed ceilings before any work: a file cannot make us
//! allocate gigabytes or hash for hours.

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::crypto::{SymmetricKey, KEY_LEN};
use super::VaultError;

/// The most memory a file may ask for: 256 MiB.
pub const MAX_MEMORY_KIB: u32 = 256 * 1024;
/// The most passes a file may ask for.
pub const MAX_ITERATIONS: u32 = 16;
/// The most lanes a file may ask for.
pub const MAX_PARALLELISM: u32 = 8;
/// The shortest salt accepted, in bytes.
pub const MIN_SALT_LEN: usize = 16;
/// The longest salt accepted, in bytes.
pub const MAX_SALT_LEN: usize = 64;
/// Salt length of new slots.
pub const SALT_LEN: usize = 32;
/// The only Argon2 version written and read: 1.3 (0x13).
pub const ARGON2_VERSION: u32 = 0x13;

/// Argon2id cost parameters.
///
/// The default is RFC 9106's second recommendation (64 MiB, 3 passes) with
/// one lane: well above OWASP's minimum (19 MiB, 2 passes), and one lane
/// because we hash on one thread, where more lanes would slow the person
/// down without slowing an attacker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Default for KdfParams {
    fn default() -> Self {
        KdfParams {
            memory_kib: 64 * 1024,
            iterations: 3,
            parallelism: 1,
        }
    }
}

impl KdfParams {
    /// Checks the ceilings and Argon2's own floor (memory ≥ 8 KiB per lane).
    pub fn check(&self) -> Result<(), VaultError> {
        let too_costly = |detail: String| Err(VaultError::KdfTooCostly { detail });
        if self.memory_kib > MAX_MEMORY_KIB {
            return too_costly(format!(
                "{} MiB of memory, at most {} MiB",
                self.memory_kib / 1024,
                MAX_MEMORY_KIB / 1024
            ));
        }
        if self.iterations > MAX_ITERATIONS {
            return too_costly(format!("{} passes, at most {MAX_ITERATIONS}", self.iterations));
        }
        if self.parallelism > MAX_PARALLELISM {
            return too_costly(format!("{} lanes, at most {MAX_PARALLELISM}", self.parallelism));
        }
        self.argon2_params().map(|_| ())
    }

    fn argon2_params(&self) -> Result<Params, VaultError> {
        Params::new(self.memory_kib, self.iterations, self.parallelism, Some(KEY_LEN))
            .map_err(|e| VaultError::InvalidKdfParams { detail: e.to_string() })
    }
}

/// Checks a salt's length.
pub(crate) fn check_salt(salt: &[u8]) -> Result<(), VaultError> {
    if (MIN_SALT_LEN..=MAX_SALT_LEN).contains(&salt.len()) {
        Ok(())
    } else {
        Err(VaultError::corrupt(format!(
            "a password salt of {} bytes (must be {MIN_SALT_LEN}–{MAX_SALT_LEN})",
            salt.len()
        )))
    }
}

/// Argon2id(password, salt) → a 256-bit wrapping key. Checks the bounds first.
pub(crate) fn derive(password: &str, salt: &[u8], params: &KdfParams) -> Result<SymmetricKey, VaultError> {
    params.check()?;
    check_salt(salt)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.argon2_params()?);
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into(password.as_bytes(), salt, out.as_mut())
        .map_err(|e| VaultError::InvalidKdfParams { detail: e.to_string() })?;
    Ok(SymmetricKey::from_bytes(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn same_inputs_same_key_other_password_other_key() {
        let p = KdfParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        };
        let salt = [7u8; 16];
        let a = derive("pw", &salt, &p).unwrap();
        assert_eq!(a.as_bytes(), derive("pw", &salt, &p).unwrap().as_bytes());
        assert_ne!(a.as_bytes(), derive("pW", &salt, &p).unwrap().as_bytes());
    }

    #[test]
    fn hostile_parameters_are_refused_before_any_work() {
        let start = Instant::now();
        for p in [
            KdfParams {
                memory_kib: 4 * 1024 * 1024,
                iterations: 1,
                parallelism: 1,
            },
            KdfParams {
                memory_kib: 1024,
                iterations: 1_000_000,
                parallelism: 1,
            },
            KdfParams {
                memory_kib: 1024,
                iterations: 1,
                parallelism: 64,
            },
        ] {
            assert!(
                matches!(derive("pw", &[0; 16], &p), Err(VaultError::KdfTooCostly { .. })),
                "{p:?}"
            );
        }
        assert!(start.elapsed() < Duration::from_millis(100));
        let bad = KdfParams {
            memory_kib: 1,
            iterations: 1,
            parallelism: 1,
        };
        assert!(matches!(bad.check(), Err(VaultError::InvalidKdfParams { .. })));
        assert!(matches!(
            derive(
                "pw",
                &[0; 8],
                &KdfParams {
                    memory_kib: 64,
                    iterations: 1,
                    parallelism: 1
                }
            ),
            Err(VaultError::Corrupt { .. })
        ));
    }

    #[test]
    fn default_is_at_least_owasp_minimum() {
        let d = KdfParams::default();
        assert!(d.memory_kib >= 19 * 1024 && d.iterations >= 2 && d.parallelism >= 1);
        d.check().unwrap();
    }
}
