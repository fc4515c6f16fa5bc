//! A blank Tauri window (about:blank): the yardstick `bench/app` measures
//! Twofold's memory and idle CPU against. Same Tauri, same WebKit, no app.

fn main() {
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .setup(|app| {
            let blank = tauri::WebviewUrl::External("about:blank".parse().expect("a valid URL"));
            tauri::WebviewWindowBuilder::new(app, "main", blank).title("blank").inner_size(440.0, 620.0).build()?;
            Ok(())
        })
        .run(context)
        .expect("the blank window could not start");
}
