//! A blank Tauri window: the yardstick `bench/app` measures Twofold's memory
//! and idle CPU against. Same Tauri, same WebKit, an empty HTML page served
//! by a custom protocol (about:blank starts no web process at all, and data:
//! URLs need a Tauri feature Twofold does not use).

const PAGE: &[u8] = b"<!doctype html><html><head><title>blank</title></head><body></body></html>";

fn main() {
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .register_uri_scheme_protocol("blank", |_, _| {
            tauri::http::Response::builder().header("Content-Type", "text/html").body(PAGE.to_vec()).expect("a static response")
        })
        .setup(|app| {
            let blank = tauri::WebviewUrl::CustomProtocol("blank://localhost/".parse().expect("a valid URL"));
            tauri::WebviewWindowBuilder::new(app, "main", blank).title("blank").inner_size(440.0, 620.0).build()?;
            Ok(())
        })
        .run(context)
        .expect("the blank window could not start");
}
