//! Every hard variant of a real screenshot, drawn by the test, must read back.

mod qr_support;

use image::{ImageFormat, RgbImage};
use qr_support::*;
use twofold_core::qr::{self, EcLevel};
use twofold_core::{migration, Account, Algorithm, Otp, Secret};

fn assert_reads(bytes: &[u8], expected: &[String], what: &str) {
    match decode(bytes) {
        Ok(found) => assert_eq!(found, expected, "{what}"),
        Err(e) => panic!("{what}: {e}"),
    }
}

fn code(n: u32, module: f32) -> RgbImage {
    render(&uri(n), EcLevel::M, module, 4, BLACK, WHITE)
}

#[test]
fn every_format_from_bytes_and_from_a_file() {
    let img = on_page(&code(1, 4.0), 900, 600, 250, 120, 1);
    for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::WebP, ImageFormat::Bmp, ImageFormat::Gif] {
        assert_reads(&encode(&img, format), &[uri(1)], &format!("{format:?}"));
    }
    let dir = std::env::temp_dir().join(format!("twofold-qr-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // No extension: the format comes from the bytes.
    let path = dir.join("screenshot");
    std::fs::write(&path, png(&img)).unwrap();
    assert_eq!(qr::decode_image_file(&path).unwrap(), [uri(1)]);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn default_api_reads_a_plain_screenshot() {
    let img = on_page(&code(2, 3.0), 1280, 800, 300, 200, 2);
    assert_eq!(qr::decode_image_bytes(&png(&img)).unwrap(), [uri(2)]);
    assert_eq!(qr::payloads_from_image_bytes(&png(&img)).unwrap(), [uri(2)]);
}

#[test]
fn dark_mode_light_code_on_dark_page() {
    let c = render(&uri(3), EcLevel::M, 4.0, 4, [230, 237, 243], [22, 27, 34]);
    let mut img = page(1000, 700, [13, 17, 23], [139, 148, 158], 3);
    paste(&mut img, &c, 300, 150);
    assert_reads(&png(&img), &[uri(3)], "inverted code");
}

#[test]
fn hidpi_scales() {
    for (i, s) in [1.25f32, 1.5, 2.0].into_iter().enumerate() {
        let page = on_page(&code(4, 4.0), 900, 600, 250, 120, 4);
        let img = scale(&page, s);
        assert_reads(&png(&img), &[uri(4)], &format!("scale {s}"));
        let _ = i;
    }
}

#[test]
fn hidpi_screenshot_scaled_down_to_modules_under_2px() {
    // A 2x screenshot with 6 px modules, shrunk to 0.3: 1.8 px modules.
    let page = on_page(&code(5, 6.0), 2400, 1500, 600, 300, 5);
    let img = scale(&page, 0.3);
    assert_reads(&png(&img), &[uri(5)], "1.8 px modules");
}

#[test]
fn modules_of_one_and_a_half_pixels() {
    // What every peer misses: 1.5 px modules, the code area-resampled as a browser does.
    let img = on_page(&code(6, 1.5), 800, 500, 200, 100, 6);
    assert_reads(&png(&img), &[uri(6)], "1.5 px modules");
}

#[test]
fn css_scaled_and_blurred() {
    let c = blur(&scale(&code(7, 3.0), 1.37), 0.8);
    let img = on_page(&c, 1000, 700, 250, 120, 7);
    assert_reads(&png(&img), &[uri(7)], "css scale 1.37 + blur");
}

#[test]
fn svg_rendered_fractional_modules() {
    let img = on_page(&code(8, 3.3), 1000, 700, 250, 120, 8);
    assert_reads(&png(&img), &[uri(8)], "3.3 px antialiased modules");
}

#[test]
fn jpeg_artefacts() {
    let img = on_page(&code(9, 3.0), 1000, 700, 250, 120, 9);
    assert_reads(&jpeg(&img, 30), &[uri(9)], "JPEG quality 30");
}

#[test]
fn cropped_snip_with_a_tiny_quiet_zone() {
    // One module of margin on each side, cut right at the code.
    let img = render(&uri(10), EcLevel::M, 4.0, 1, BLACK, WHITE);
    assert_reads(&png(&img), &[uri(10)], "quiet zone 1");
}

#[test]
fn rotated_a_few_degrees() {
    for deg in [3.0f32, -5.0] {
        let page = on_page(&code(11, 4.0), 1000, 700, 300, 150, 11);
        let img = rotate(&page, deg, [246, 247, 249]);
        assert_reads(&png(&img), &[uri(11)], &format!("{deg} degrees"));
    }
}

#[test]
fn shadowed_window_over_a_busy_background() {
    let win = on_page(&code(12, 3.0), 800, 500, 200, 100, 12);
    let mut img = busy(1920, 1080, 12);
    window_with_shadow(&mut img, &win, 500, 300);
    assert_reads(&png(&img), &[uri(12)], "window over wallpaper");
}

#[test]
fn two_codes_in_reading_order() {
    let mut img = page(1400, 700, [246, 247, 249], [90, 96, 104], 13);
    // Pasted right first, so reading order is not paste order.
    paste(&mut img, &code(14, 4.0), 800, 150);
    paste(&mut img, &code(13, 4.0), 200, 160);
    assert_reads(&png(&img), &[uri(13), uri(14)], "two codes");
}

#[test]
fn brand_coloured() {
    for (fg, bg) in [([26, 115, 232], WHITE), ([124, 58, 237], [240, 246, 255]), ([220, 38, 38], [255, 250, 235])] {
        let c = render(&uri(15), EcLevel::M, 4.0, 4, fg, bg);
        let img = on_page(&c, 1000, 700, 250, 120, 15);
        assert_reads(&png(&img), &[uri(15)], &format!("{fg:?} on {bg:?}"));
    }
}

#[test]
fn logo_over_the_centre() {
    let mut c = render(&uri(16), EcLevel::H, 5.0, 4, BLACK, WHITE);
    let side = c.width() * 22 / 100;
    let at = (c.width() - side) / 2;
    fill(&mut c, at, at, side, side, [124, 58, 237]);
    fill(&mut c, at + side / 4, at + side / 4, side / 2, side / 2, WHITE);
    let img = on_page(&c, 1000, 700, 250, 120, 16);
    assert_reads(&png(&img), &[uri(16)], "logo");
}

#[test]
fn low_contrast_grey_code() {
    let c = render(&uri(17), EcLevel::M, 3.0, 4, [120, 120, 120], [165, 165, 165]);
    let mut img = page(1000, 700, [165, 165, 165], [130, 130, 130], 17);
    paste(&mut img, &c, 250, 150);
    assert_reads(&png(&img), &[uri(17)], "grey on grey");
}

#[test]
fn soft_dark_mode_code() {
    let c = render(&uri(18), EcLevel::M, 3.0, 4, [170, 175, 180], [45, 50, 56]);
    let mut img = page(1000, 700, [30, 33, 38], [110, 115, 120], 18);
    paste(&mut img, &c, 250, 150);
    assert_reads(&png(&img), &[uri(18)], "soft dark mode");
}

#[test]
fn screenshot_recompressed_by_a_chat_app() {
    let big = scale(&on_page(&code(19, 4.0), 1280, 800, 300, 150, 19), 2.0);
    let small = scale(&big, 0.5);
    let once = image::load_from_memory(&jpeg(&small, 75)).unwrap().to_rgb8();
    assert_reads(&jpeg(&once, 65), &[uri(19)], "downscaled and JPEG twice");
}

#[test]
fn mouse_cursor_over_the_code() {
    let c = code(20, 5.0);
    let mut img = on_page(&c, 1000, 700, 250, 120, 20);
    cursor(&mut img, 250 + c.width() / 2, 120 + c.height() / 2, 24);
    assert_reads(&png(&img), &[uri(20)], "cursor");
}

#[test]
fn big_canvases_with_a_small_code() {
    for (w, h) in [(3840, 2160), (5120, 2880), (5760, 1080)] {
        let img = on_page(&code(21, 3.0), w, h, w / 2 + 100, h / 3, 21);
        assert_reads(&png(&img), &[uri(21)], &format!("{w}x{h}"));
    }
}

#[test]
fn google_export_with_ten_accounts() {
    let accounts: Vec<Account> = (0..10u8)
        .map(|i| Account {
            issuer: Some(format!("Issuer {i}")),
            label: format!("user{i}@example.com"),
            otp: Otp::totp(Secret::from_bytes(vec![i.wrapping_mul(37).wrapping_add(1); 20]), Algorithm::Sha1, 6, 30)
                .unwrap(),
        })
        .collect();
    let uris = migration::encode(&accounts).unwrap();
    assert_eq!(uris.len(), 1);
    let payload = uris[0].to_string();
    let c = render(&payload, EcLevel::L, 3.0, 4, BLACK, WHITE);
    let img = on_page(&c, 1440, 900, 300, 150, 22);
    let found = decode(&png(&img)).unwrap();
    assert_eq!(found, std::slice::from_ref(&payload));
    assert_eq!(qr::classify(&found[0]), qr::PayloadKind::Migration);
    assert_eq!(migration::decode_uri(&found[0]).unwrap().accounts, accounts);
}

#[test]
fn styled_codes_with_dots() {
    // Dot modules: round dots of 70% of the module, square finder patterns.
    let m = qr::encode_modules(&uri(23), EcLevel::Q).unwrap();
    let unit = 6u32;
    let n = m.size as u32 + 8;
    let mut c = RgbImage::from_pixel(n * unit, n * unit, image::Rgb(WHITE));
    let finder = |x: usize, y: usize| (x < 7 || x >= m.size - 7) && y < 7 || x < 7 && y >= m.size - 7;
    for y in 0..m.size {
        for x in 0..m.size {
            if !m.is_dark(x, y) {
                continue;
            }
            let (x0, y0) = ((x as u32 + 4) * unit, (y as u32 + 4) * unit);
            if finder(x, y) {
                fill(&mut c, x0, y0, unit, unit, BLACK);
            } else {
                for dy in 0..unit {
                    for dx in 0..unit {
                        let (fx, fy) = (dx as f32 + 0.5 - unit as f32 / 2.0, dy as f32 + 0.5 - unit as f32 / 2.0);
                        if fx * fx + fy * fy <= (unit as f32 * 0.36).powi(2) {
                            c.put_pixel(x0 + dx, y0 + dy, image::Rgb(BLACK));
                        }
                    }
                }
            }
        }
    }
    let img = on_page(&c, 1000, 700, 250, 120, 23);
    assert_reads(&png(&img), &[uri(23)], "dots");
}

#[test]
fn transparent_background_light_code() {
    // A white code on a transparent background, made for a dark page.
    let m = qr::encode_modules(&uri(24), EcLevel::M).unwrap();
    let n = m.size as u32 + 8;
    let img = image::RgbaImage::from_fn(n * 4, n * 4, |x, y| {
        let (mx, my) = ((x / 4) as i64 - 4, (y / 4) as i64 - 4);
        let dark = mx >= 0 && my >= 0 && m.is_dark(mx as usize, my as usize);
        image::Rgba(if dark { [255, 255, 255, 255] } else { [0, 0, 0, 0] })
    });
    let mut bytes = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut bytes), ImageFormat::Png).unwrap();
    assert_reads(&bytes, &[uri(24)], "transparent");
}

#[test]
fn encode_png_round_trips_and_long_payloads_are_refused() {
    let png = qr::encode_png(&uri(25), 3).unwrap();
    assert_eq!(qr::decode_image_bytes(&png).unwrap(), [uri(25)]);
    let too_long = "x".repeat(5000);
    assert!(matches!(qr::encode_png(&too_long, 3), Err(qr::QrError::Encode(_))));
}
