//! QR decoding of arbitrary bytes offered as an image (a file, the
//! clipboard, a drop): every image format we accept, then the reader ladder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold_core::qr;

fuzz_target!(|data: &[u8]| {
    if let Ok(payloads) = qr::decode_image_bytes(data) {
        for p in &payloads {
            let _ = qr::classify(p);
        }
    }
});
