//! Binary fields of the header, written as lower-case hex strings.

use data_encoding::{HEXLOWER, HEXLOWER_PERMISSIVE};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Exactly `N` bytes, as `2N` hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Hex<const N: usize>(pub [u8; N]);

/// Any number of bytes, as hex digits (the header's size bounds the length).
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct HexVec(pub Vec<u8>);

impl<const N: usize> Serialize for Hex<N> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&HEXLOWER.encode(&self.0))
    }
}

impl<'de, const N: usize> Deserialize<'de> for Hex<N> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let bytes = HexVec::deserialize(d)?.0;
        let len = bytes.len();
        let array = <[u8; N]>::try_from(bytes)
            .map_err(|_| serde::de::Error::custom(format_args!("expected {N} bytes of hex, found {len}")))?;
        Ok(Hex(array))
    }
}

impl Serialize for HexVec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&HEXLOWER.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for HexVec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        HEXLOWER_PERMISSIVE
            .decode(text.as_bytes())
            .map(HexVec)
            .map_err(|_| serde::de::Error::custom("invalid hex"))
    }
}
