//! Framing, as native messaging does it: each message is a 32-bit length in
//! the machine's byte order, then that many bytes of UTF-8 JSON. The host
//! uses it on both sides (the browser's stdio and the app's socket), so one
//! reader and one writer serve all three programs.
//!
//! A browser drops the port when a host sends it more than 1 MiB, so no
//! frame here is larger than [`MAX_MESSAGE`], in either direction.

use std::io::{self, Read, Write};

/// The largest message, in bytes (what Chromium and Firefox accept from a host).
pub const MAX_MESSAGE: usize = 1 << 20;

/// Why a frame could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// A length over the limit: the stream cannot be trusted any further.
    #[error("a message of {len} bytes is larger than the {max} bytes allowed")]
    TooLarge {
        /// The length announced (or written).
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The stream ended inside a frame.
    #[error("the message was cut short ({got} of {expected} bytes)")]
    Truncated {
        /// Bytes the frame needed.
        expected: usize,
        /// Bytes that came.
        got: usize,
    },
    /// Reading or writing failed.
    #[error("could not {action} a message: {source}")]
    Io {
        /// `read` or `write`.
        action: &'static str,
        /// The error.
        #[source]
        source: io::Error,
    },
}

/// The 4-byte header for a payload of `len` bytes.
pub fn header(len: usize, max: usize) -> Result<[u8; 4], FrameError> {
    if len > max {
        return Err(FrameError::TooLarge { len, max });
    }
    // `max` is at most MAX_MESSAGE in practice; a u32 always holds it.
    let len = u32::try_from(len).map_err(|_| FrameError::TooLarge { len, max })?;
    Ok(len.to_ne_bytes())
}

/// The payload length a header announces, refused when over `max`.
pub fn payload_len(header: [u8; 4], max: usize) -> Result<usize, FrameError> {
    let len = u32::from_ne_bytes(header) as usize;
    if len > max {
        return Err(FrameError::TooLarge { len, max });
    }
    Ok(len)
}

/// Reads one frame's payload. `None` when the stream ends cleanly between frames.
pub fn read_frame(r: &mut impl Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
    let mut head = [0u8; 4];
    let got = fill(r, &mut head)?;
    if got == 0 {
        return Ok(None);
    }
    if got < head.len() {
        return Err(FrameError::Truncated { expected: head.len(), got });
    }
    let len = payload_len(head, max)?;
    let mut payload = vec![0u8; len];
    let got = fill(r, &mut payload)?;
    if got < len {
        return Err(FrameError::Truncated { expected: len, got });
    }
    Ok(Some(payload))
}

/// Writes one frame (header and payload in one write, then a flush).
pub fn write_frame(w: &mut impl Write, payload: &[u8], max: usize) -> Result<(), FrameError> {
    let head = header(payload.len(), max)?;
    let mut frame = Vec::with_capacity(4 + payload.len());
    frame.extend_from_slice(&head);
    frame.extend_from_slice(payload);
    let io = |source| FrameError::Io { action: "write", source };
    w.write_all(&frame).map_err(io)?;
    w.flush().map_err(io)
}

/// Reads until `buf` is full or the stream ends; returns the bytes read.
fn fill(r: &mut impl Read, buf: &mut [u8]) -> Result<usize, FrameError> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(source) => return Err(FrameError::Io { action: "read", source }),
        }
    }
    Ok(got)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        write_frame(&mut out, payload, MAX_MESSAGE).unwrap();
        out
    }

    #[test]
    fn round_trip_and_native_byte_order() {
        let bytes = framed(br#"{"type":"status"}"#);
        assert_eq!(&bytes[..4], &17u32.to_ne_bytes());
        let mut r = &bytes[..];
        assert_eq!(read_frame(&mut r, MAX_MESSAGE).unwrap().unwrap(), br#"{"type":"status"}"#);
        assert!(read_frame(&mut r, MAX_MESSAGE).unwrap().is_none(), "clean end between frames");
    }

    #[test]
    fn several_frames_and_an_empty_one() {
        let mut bytes = framed(b"{}");
        bytes.extend(framed(b""));
        bytes.extend(framed(b"[1]"));
        let mut r = &bytes[..];
        assert_eq!(read_frame(&mut r, 16).unwrap().unwrap(), b"{}");
        assert_eq!(read_frame(&mut r, 16).unwrap().unwrap(), b"");
        assert_eq!(read_frame(&mut r, 16).unwrap().unwrap(), b"[1]");
        assert!(read_frame(&mut r, 16).unwrap().is_none());
    }

    #[test]
    fn sizes_at_and_over_the_limit() {
        let at = vec![b'x'; MAX_MESSAGE];
        let bytes = framed(&at);
        assert_eq!(read_frame(&mut &bytes[..], MAX_MESSAGE).unwrap().unwrap().len(), MAX_MESSAGE);
        let over = vec![b'x'; MAX_MESSAGE + 1];
        assert!(matches!(write_frame(&mut Vec::new(), &over, MAX_MESSAGE), Err(FrameError::TooLarge { .. })));
        // A header announcing more than the limit is refused before any allocation.
        let mut huge = u32::MAX.to_ne_bytes().to_vec();
        huge.extend_from_slice(b"{}");
        assert!(matches!(
            read_frame(&mut &huge[..], MAX_MESSAGE),
            Err(FrameError::TooLarge { len, .. }) if len == u32::MAX as usize
        ));
        assert!(matches!(read_frame(&mut &framed(b"12345")[..], 4), Err(FrameError::TooLarge { len: 5, max: 4 })));
    }

    #[test]
    fn truncation_is_an_error_not_a_message() {
        let bytes = framed(b"{\"a\":1}");
        for cut in 1..bytes.len() {
            let err = read_frame(&mut &bytes[..cut], MAX_MESSAGE).unwrap_err();
            assert!(matches!(err, FrameError::Truncated { .. }), "cut at {cut}: {err}");
        }
    }

    #[test]
    fn reads_come_in_pieces() {
        // A reader that hands out one byte at a time, as pipes may.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0.is_empty() || buf.is_empty() {
                    return Ok(0);
                }
                buf[0] = self.0[0];
                self.0 = &self.0[1..];
                Ok(1)
            }
        }
        let bytes = framed(b"{\"hello\":true}");
        assert_eq!(read_frame(&mut Trickle(&bytes), MAX_MESSAGE).unwrap().unwrap(), b"{\"hello\":true}");
    }
}
