//! How WebKitGTK paints the window, chosen before it starts (it reads these
//! variables once). An explicit setting in the environment always wins.

use std::path::Path;

/// Sets WebKit's painting variables; call first in `run`, while this is the only
/// thread (setting the environment is not safe once other threads may read it).
pub fn choose() {
    // A small window with a list gains nothing from GL compositing and pays for it:
    // measured (BENCHMARKS.md › The desktop app) about 70 MiB more memory, twice the
    // idle CPU, and less smooth scrolling of 1,000 accounts; without a GPU (Mesa
    // llvmpipe) each composited frame is drawn in software on top of the painting.
    // `WEBKIT_DISABLE_COMPOSITING_MODE=0` turns compositing back on.
    set_unless_present("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    // With NVIDIA's driver, WebKitGTK's DMA-BUF renderer can leave the window blank
    // or end it with "Error 71 (Protocol error) dispatching to Wayland display"
    // (tauri-apps/tauri#9304, #10702). `WEBKIT_DISABLE_DMABUF_RENDERER=0` keeps it.
    if nvidia_driver(Path::new("/")) {
        set_unless_present("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
}

fn set_unless_present(name: &str, value: &str) {
    if std::env::var_os(name).is_none() {
        std::env::set_var(name, value);
    }
}

/// Whether NVIDIA's proprietary driver is loaded (below `root`, for tests).
/// The open nouveau driver has neither path and needs nothing.
pub fn nvidia_driver(root: &Path) -> bool {
    root.join("proc/driver/nvidia/version").exists() || root.join("sys/module/nvidia").exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nvidia_driver_is_recognised_by_its_kernel_module() {
        let root = std::env::temp_dir().join(format!("twofold-render-{}", std::process::id()));
        std::fs::create_dir_all(root.join("sys/module/nouveau")).unwrap();
        assert!(!nvidia_driver(&root), "nouveau is not NVIDIA's driver");
        std::fs::create_dir_all(root.join("sys/module/nvidia")).unwrap();
        assert!(nvidia_driver(&root));
        std::fs::remove_dir_all(root.join("sys/module/nvidia")).unwrap();
        std::fs::create_dir_all(root.join("proc/driver/nvidia")).unwrap();
        std::fs::write(root.join("proc/driver/nvidia/version"), "NVRM version: 550.54").unwrap();
        assert!(nvidia_driver(&root));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
