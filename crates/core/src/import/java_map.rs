//! Just enough of Java's object serialization to read one `HashMap<String, String>`:
//! what `ObjectOutputStream.writeObject(map)` writes, as FreeOTP 2 writes its
//! `externalBackup.xml` (a name that lies: the file is not XML).
//!
//! Read from the Java Object Serialization Specification (chapter 6, the
//! grammar) and `java.util.HashMap.writeObject`, cross-checked with Aegis'
//! `FreeOtpImporter.SerializedHashMapParser`:
//!
//! ```text
//! AC ED 00 05                                  magic, version 5
//! 73 72 UTF("java.util.HashMap") u64 03        new object, new class, its UID and flags
//!   u16 fields: ('F' "loadFactor"), ('I' "threshold")   type byte + UTF name each
//!   78 70                                      end of class annotations, no superclass
//!   f32 loadFactor, i32 threshold              the field values
//!   77 08 i32 buckets, i32 size                block data
//!   size × (key, value)                        each 74 UTF (a string), 7C u64 bytes (a long
//!                                              string) or 71 handle (a string seen before)
//!   78                                         end of block data
//! ```
//!
//! Strings are Java's "modified UTF-8": U+0000 as two bytes, characters
//! beyond U+FFFF as two three-byte surrogates. Every length is checked
//! against what is left before anything is allocated, so no input makes
//! this read past its end, allocate more than the input's size, or panic.

use zeroize::Zeroizing;

const MAGIC: [u8; 4] = [0xAC, 0xED, 0x00, 0x05];
const TC_NULL: u8 = 0x70;
const TC_REFERENCE: u8 = 0x71;
const TC_CLASSDESC: u8 = 0x72;
const TC_OBJECT: u8 = 0x73;
const TC_STRING: u8 = 0x74;
const TC_BLOCKDATA: u8 = 0x77;
const TC_ENDBLOCKDATA: u8 = 0x78;
const TC_LONGSTRING: u8 = 0x7C;
/// The first handle a stream assigns.
const BASE_HANDLE: u32 = 0x7E_0000;

/// Whether `bytes` start as Java serialization does.
pub(super) fn is_serialized(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// Why a stream is not a serialized `HashMap<String, String>`: what, never a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum MapError {
    /// The stream ends early.
    Truncated,
    /// Something else is wrong; the sentence says what.
    Invalid(&'static str),
}

/// The map's entries in stream order; strings are wiped when dropped.
pub(super) type Entries = Vec<(Zeroizing<String>, Zeroizing<String>)>;

/// Reads the map; `max_entries` bounds its size before anything is read.
pub(super) fn read(bytes: &[u8], max_entries: usize) -> Result<Entries, MapError> {
    let mut r = Reader { bytes, at: 0, strings: Vec::new() };
    if r.take(4)? != MAGIC {
        return Err(MapError::Invalid("it does not start as Java serialization does"));
    }
    if r.byte()? != TC_OBJECT || r.byte()? != TC_CLASSDESC {
        return Err(MapError::Invalid("it does not hold an object where a map should be"));
    }
    if r.utf()?.as_str() != "java.util.HashMap" {
        return Err(MapError::Invalid("the object in it is not a HashMap"));
    }
    r.take(8)?; // serialVersionUID: any, a different JDK's map is still a map
    r.byte()?; // flags
    let fields = r.u16()?;
    let mut field_bytes = 0usize;
    for _ in 0..fields {
        match r.byte()? {
            b'F' | b'I' => field_bytes += 4,
            _ => return Err(MapError::Invalid("its map has fields no HashMap has")),
        }
        r.utf()?;
    }
    if r.byte()? != TC_ENDBLOCKDATA || r.byte()? != TC_NULL {
        return Err(MapError::Invalid("its map's class description does not end as a HashMap's does"));
    }
    r.take(field_bytes)?;
    if r.byte()? != TC_BLOCKDATA || r.byte()? != 8 {
        return Err(MapError::Invalid("its map's size is missing"));
    }
    r.take(4)?; // buckets
    let size = usize::try_from(r.u32()?).map_err(|_| MapError::Invalid("its map is too large"))?;
    // Each entry takes at least 6 bytes (two empty strings): a larger count is a lie.
    if size > max_entries || size > r.left() / 6 {
        return Err(if size > max_entries { MapError::Invalid("its map has too many entries") } else { MapError::Truncated });
    }
    let mut entries = Vec::with_capacity(size);
    for _ in 0..size {
        let key = r.string()?;
        let value = r.string()?;
        entries.push((key, value));
    }
    // The end marker: without it the file was cut after the last entry, maybe mid-write.
    if r.byte()? != TC_ENDBLOCKDATA {
        return Err(MapError::Invalid("its map does not end where its size says"));
    }
    Ok(entries)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The strings read so far, by handle order, for back-references.
    strings: Vec<Zeroizing<String>>,
}

impl<'a> Reader<'a> {
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], MapError> {
        let end = self.at.checked_add(n).filter(|&end| end <= self.bytes.len()).ok_or(MapError::Truncated)?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn byte(&mut self) -> Result<u8, MapError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, MapError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, MapError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A `writeUTF` string: a 2-byte length, then modified UTF-8.
    fn utf(&mut self) -> Result<Zeroizing<String>, MapError> {
        let len = usize::from(self.u16()?);
        modified_utf8(self.take(len)?)
    }

    /// A string object (new, long, or a handle to one seen before).
    fn string(&mut self) -> Result<Zeroizing<String>, MapError> {
        let text = match self.byte()? {
            TC_STRING => self.utf()?,
            TC_LONGSTRING => {
                let b = self.take(8)?;
                let len = u64::from_be_bytes(b.try_into().map_err(|_| MapError::Truncated)?);
                let len = usize::try_from(len).map_err(|_| MapError::Truncated)?;
                modified_utf8(self.take(len)?)?
            }
            TC_REFERENCE => {
                // Handles count every object: the class, the map, then the strings.
                let handle = self.u32()?.checked_sub(BASE_HANDLE + 2).ok_or(MapError::Invalid("it refers to an object that is not a string"))?;
                let index = usize::try_from(handle).map_err(|_| MapError::Invalid("it refers to an object it does not hold"))?;
                let seen = self.strings.get(index).ok_or(MapError::Invalid("it refers to an object it does not hold"))?;
                return Ok(seen.clone());
            }
            TC_NULL => return Err(MapError::Invalid("its map holds a null")),
            _ => return Err(MapError::Invalid("its map holds something other than strings")),
        };
        self.strings.push(text.clone());
        Ok(text)
    }
}

/// Java's modified UTF-8 (CESU-8 with U+0000 as `C0 80`) into a string.
fn modified_utf8(bytes: &[u8]) -> Result<Zeroizing<String>, MapError> {
    const BAD: MapError = MapError::Invalid("a string in it is not valid modified UTF-8");
    let mut units = Zeroizing::new(Vec::with_capacity(bytes.len()));
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let continuation = |k: usize| match bytes.get(i + k) {
            Some(c) if c & 0xC0 == 0x80 => Ok(u16::from(c & 0x3F)),
            _ => Err(BAD),
        };
        let (unit, len) = match b {
            0x01..=0x7F => (u16::from(b), 1),
            0xC0..=0xDF => ((u16::from(b & 0x1F) << 6) | continuation(1)?, 2),
            0xE0..=0xEF => ((u16::from(b & 0x0F) << 12) | (continuation(1)? << 6) | continuation(2)?, 3),
            _ => return Err(BAD),
        };
        units.push(unit);
        i += len;
    }
    String::from_utf16(&units).map(Zeroizing::new).map_err(|_| BAD)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A map as Java writes it, built by hand from the specification.
    fn stream(pairs: &[(&[u8], &[u8])]) -> Vec<u8> {
        let utf = |s: &[u8]| {
            let mut out = (s.len() as u16).to_be_bytes().to_vec();
            out.extend_from_slice(s);
            out
        };
        let mut out = MAGIC.to_vec();
        out.extend([TC_OBJECT, TC_CLASSDESC]);
        out.extend(utf(b"java.util.HashMap"));
        out.extend(362_498_820_763_181_265u64.to_be_bytes());
        out.push(0x03);
        out.extend(2u16.to_be_bytes());
        out.push(b'F');
        out.extend(utf(b"loadFactor"));
        out.push(b'I');
        out.extend(utf(b"threshold"));
        out.extend([TC_ENDBLOCKDATA, TC_NULL]);
        out.extend(0.75f32.to_be_bytes());
        out.extend(12u32.to_be_bytes());
        out.extend([TC_BLOCKDATA, 8]);
        out.extend(16u32.to_be_bytes());
        out.extend((pairs.len() as u32).to_be_bytes());
        for (k, v) in pairs {
            out.push(TC_STRING);
            out.extend(utf(k));
            out.push(TC_STRING);
            out.extend(utf(v));
        }
        out.push(TC_ENDBLOCKDATA);
        out
    }

    #[test]
    fn reads_a_map_with_modified_utf8() {
        // "☕" is 3 bytes; "😀" (U+1F600) is two 3-byte surrogates in modified UTF-8; NUL is C0 80.
        let emoji = [0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80];
        let nul = [b'a', 0xC0, 0x80, b'b'];
        let bytes = stream(&[(b"k1", "☕".as_bytes()), (b"k2", &emoji), (b"k3", &nul)]);
        let map = read(&bytes, 10).unwrap();
        let got: Vec<(&str, &str)> = map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, [("k1", "☕"), ("k2", "😀"), ("k3", "a\0b")]);
    }

    #[test]
    fn back_references_and_bad_streams() {
        let mut bytes = stream(&[(b"k", b"v")]);
        // Turn the map into two entries, the second a pair of references to the first's strings.
        let size_at = bytes.len() - 1 - 2 * (1 + 2 + 1) - 4;
        bytes[size_at..size_at + 4].copy_from_slice(&2u32.to_be_bytes());
        bytes.pop();
        for handle in [BASE_HANDLE + 3, BASE_HANDLE + 2] {
            bytes.push(TC_REFERENCE);
            bytes.extend(handle.to_be_bytes());
        }
        bytes.push(TC_ENDBLOCKDATA);
        let map = read(&bytes, 10).unwrap();
        assert_eq!((map[1].0.as_str(), map[1].1.as_str()), ("v", "k"));

        let good = stream(&[(b"key", b"value")]);
        for n in 0..good.len() - 1 {
            assert!(read(&good[..n], 10).is_err(), "cut at {n}");
        }
        assert_eq!(read(&good, 0).err(), Some(MapError::Invalid("its map has too many entries")));
        let mut lying = good.clone();
        let size_at = lying.len() - 1 - (1 + 2 + 3) - (1 + 2 + 5) - 4;
        lying[size_at..size_at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(read(&lying, usize::MAX).is_err());
        let mut bad_utf = stream(&[(b"k", &[0xFF])]);
        assert_eq!(read(&bad_utf, 10).err(), Some(MapError::Invalid("a string in it is not valid modified UTF-8")));
        bad_utf[4] = 0x00;
        assert!(read(&bad_utf, 10).is_err());
    }
}
