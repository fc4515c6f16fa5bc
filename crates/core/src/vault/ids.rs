//! Random 128-bit identifiers: of a vault, of a slot, of an account entry.

use std::fmt;

use data_encoding::{HEXLOWER, HEXLOWER_PERMISSIVE};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::crypto::random_bytes;
use super::VaultError;

macro_rules! hex_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name([u8; 16]);

        impl $name {
            /// A new random id.
            pub fn random() -> Result<Self, VaultError> {
                Ok($name(random_bytes()?))
            }

            /// The 16 bytes.
            pub fn as_bytes(&self) -> &[u8; 16] {
                &self.0
            }

            /// Reads 32 hex digits (either case).
            pub fn parse(text: &str) -> Option<Self> {
                let bytes = HEXLOWER_PERMISSIVE.decode(text.as_bytes()).ok()?;
                Some($name(bytes.try_into().ok()?))
            }
        }

        impl fmt::Display for $name {
            /// 32 lower-case hex digits.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&HEXLOWER.encode(&self.0))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
                $name::parse(&text)
                    .ok_or_else(|| serde::de::Error::custom(concat!("a ", stringify!($name), " must be 32 hex digits")))
            }
        }
    };
}

hex_id!(
    /// Names one vault file for good (it survives saves, not re-creation);
    /// binds its slots and keyring entries to it.
    VaultId
);
hex_id!(
    /// Names one slot inside a vault.
    SlotId
);
hex_id!(
    /// Names one account entry for good: renames and reorders keep it.
    EntryId
);
hex_id!(
    /// Names one browser paired with the app (see `crate::browser`).
    PairingId
);

impl EntryId {
    /// The id made of these 16 bytes: a derived id (see `crate::sync::aegis`).
    pub(crate) fn from_bytes(bytes: [u8; 16]) -> Self {
        EntryId(bytes)
    }
}
