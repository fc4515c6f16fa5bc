//! Bad images get their own clear error, quickly, and never a panic.

mod qr_support;

use std::time::{Duration, Instant};

use qr_support::*;
use twofold_core::qr::{self, PayloadKind, QrError};

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
    out
}

/// A valid PNG header declaring `w` x `h` RGB pixels, with a token of data.
fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png.extend(chunk(b"IHDR", &ihdr));
    // zlib stream of a few zero bytes: far from enough pixels.
    png.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]));
    png.extend(chunk(b"IEND", &[]));
    png
}

#[test]
fn not_an_image() {
    for bytes in [&b"hello, this is text"[..], &[0u8; 100][..], &[][..]] {
        let e = qr::decode_image_bytes(bytes).unwrap_err();
        assert!(matches!(e, QrError::NotAnImage), "{e:?}");
        assert!(e.to_string().contains("not an image"), "{e}");
    }
    assert!(!qr::is_image(b"otpauth://totp/x"));
    assert!(qr::is_image(&png(&page(30, 30, WHITE, BLACK, 1))[..32]));
}

#[test]
fn unsupported_formats_are_named() {
    let e =
        qr::decode_image_bytes(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"></svg>").unwrap_err();
    assert!(matches!(e, QrError::UnsupportedFormat { .. }), "{e:?}");
    assert!(e.to_string().starts_with("SVG images are not supported"), "{e}");
    let tiff = b"II*\x00\x08\x00\x00\x00rest of a tiff file";
    let e = qr::decode_image_bytes(tiff).unwrap_err();
    assert!(e.to_string().starts_with("TIF"), "{e}");
}

#[test]
fn decompression_bomb_is_refused_from_its_header_quickly() {
    let bomb = png_declaring(50_000, 50_000);
    let start = Instant::now();
    let e = qr::decode_image_bytes(&bomb).unwrap_err();
    assert!(start.elapsed() < Duration::from_millis(200), "took {:?}", start.elapsed());
    match &e {
        QrError::TooLarge { width: 50_000, height: 50_000, max, .. } => assert_eq!(*max, qr::MAX_PIXELS),
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("50000 x 50000"), "{e}");
    // Under the side limit but over the pixel limit.
    let e = qr::decode_image_bytes(&png_declaring(10_000, 9_000)).unwrap_err();
    assert!(matches!(e, QrError::TooLarge { width: 10_000, .. }), "{e:?}");
}

#[test]
fn truncated_image_is_damaged_not_a_panic() {
    let full = png(&on_page(&render(&uri(1), qr::EcLevel::M, 4.0, 4, BLACK, WHITE), 400, 300, 50, 50, 1));
    let e = qr::decode_image_bytes(&full[..full.len() / 2]).unwrap_err();
    assert!(matches!(e, QrError::Corrupt { .. }), "{e:?}");
    let e = qr::decode_image_bytes(&png_declaring(100, 100)).unwrap_err();
    assert!(matches!(e, QrError::Corrupt { .. }), "{e:?}");
}

#[test]
fn image_without_a_code_answers_no_qr_code_within_the_budget() {
    for (i, img) in [page(1920, 1080, [246, 247, 249], [90, 96, 104], 5), busy(1920, 1080, 6)].iter().enumerate() {
        let start = Instant::now();
        let e = qr::decode_image_bytes(&png(img)).unwrap_err();
        assert!(matches!(e, QrError::NoQrCode), "{i}: {e:?}");
        // The budget bounds the search; an unoptimised test build is slower than a release one.
        assert!(start.elapsed() < Duration::from_secs(3), "{i}: took {:?}", start.elapsed());
    }
    assert!(QrError::NoQrCode.to_string().starts_with("no QR code was found"));
}

#[test]
fn a_code_holding_a_web_address_reads_and_classifies() {
    let url = "https://example.com/welcome?ref=qr";
    let png = qr::encode_png(url, 4).unwrap();
    assert_eq!(qr::decode_image_bytes(&png).unwrap(), [url]);
    assert_eq!(qr::classify(url), PayloadKind::WebAddress);
    assert!(qr::classify(url).refusal().unwrap().contains("web address"));
    assert_eq!(qr::classify("WIFI:S:home;T:WPA;P:x;;"), PayloadKind::Other);
    assert_eq!(qr::classify(" OTPAUTH://totp/x?secret=A"), PayloadKind::Otpauth);
    assert_eq!(qr::classify("otpauth-migration://offline?data=x"), PayloadKind::Migration);
    assert!(qr::classify("otpauth://x").refusal().is_none());
}

#[test]
fn file_too_large_is_refused_before_reading() {
    let path = std::env::temp_dir().join(format!("twofold-qr-big-{}.png", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(qr::MAX_FILE_BYTES + 1).unwrap(); // sparse: no disk used
    let e = qr::decode_image_file(&path).unwrap_err();
    std::fs::remove_file(&path).ok();
    assert!(matches!(e, QrError::FileTooLarge { .. }), "{e:?}");
    let e = qr::decode_image_bytes(&vec![0u8; qr::MAX_FILE_BYTES as usize + 1]).unwrap_err();
    assert!(matches!(e, QrError::FileTooLarge { .. }), "{e:?}");
    let e = qr::decode_image_file("/nonexistent/twofold.png").unwrap_err();
    assert!(matches!(e, QrError::Io(_)), "{e:?}");
}

#[test]
fn random_bytes_after_a_png_signature_never_panic() {
    let mut rng = Rng::new(99);
    for _ in 0..200 {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend((0..rng.below(300)).map(|_| rng.below(256) as u8));
        let _ = qr::decode_image_bytes(&bytes);
    }
    // And tiny images of every size near the detector's minimum.
    for s in 1..30 {
        let _ = qr::decode_luma(&image::GrayImage::from_pixel(s, s, image::Luma([0])));
    }
}
