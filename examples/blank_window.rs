//! A blank Tauri window: the yardstick `bench/app` measures Twofold's memory
//! and idle CPU against. Same Tauri, same WebKit, an empty HTML page (not
//! about:blank, which WebKit shows without starting a web process at all).

fn main() {
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .setup(|app| {
            let page = "data:text/html,<!doctype html><html><head><title>blank</title></head><body></body></html>";
            let blank = tauri::WebviewUrl::External(page.parse().expect("a valid URL"));
            tauri::WebviewWindowBuilder::new(app, "main", blank).title("blank").inner_size(440.0, 620.0).build()?;
            Ok(())
        })
        .run(context)
        .expect("the blank window could not start");
}
