//! A panic hook for the binaries that prints where, never what: a panic's
//! message could quote a value, and a value here may be a secret.

use std::panic::Location;

/// Replaces the default panic hook: one line naming the program and the
/// source location, without the panic's message.
pub fn install(program: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
        eprintln!("{}", report(program, info.location()));
    }));
}

/// The line printed for a panic at `location`.
fn report(program: &str, location: Option<&Location<'_>>) -> String {
    let at = location.map_or_else(|| "an unknown place".to_owned(), |l| format!("{}:{}", l.file(), l.line()));
    format!("{program}: internal error at {at}; this is a bug, please report it (details are left out on purpose: they could hold a secret)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_names_the_place_only() {
        let line = report("twofold", Some(Location::caller()));
        assert!(line.starts_with("twofold: internal error at ") && line.contains("panic_report.rs:"), "{line}");
        assert!(report("twofold", None).contains("an unknown place"));
    }
}
