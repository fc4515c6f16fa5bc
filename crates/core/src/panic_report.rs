//! A panic hook for the binaries that prints where, never what: a panic's
//! message could quote a value, and a value here may be a secret.

use std::panic::Location;

/// Replaces the default panic hook: one line naming the program and the
/// source location, without the panic's message.
///
/// Standard output that cannot be written (a full disk, `> /dev/full`) makes
/// `println!` panic: that is no bug, so it is said as what it is, and the
/// program ends with status 1 instead.
pub fn install(program: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
        if is_print_failure(info.location()) {
            eprintln!("{program}: the output could not be written (standard output is closed or full)");
            std::process::exit(1);
        }
        eprintln!("{}", report(program, info.location()));
    }));
}

/// The panic of `print!`/`println!` when writing fails: it is raised in std's stdio module.
fn is_print_failure(location: Option<&Location<'_>>) -> bool {
    location.is_some_and(|l| l.file().replace('\\', "/").ends_with("std/src/io/stdio.rs"))
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

    #[test]
    fn only_a_failed_print_is_told_apart_from_a_bug() {
        // Through the binary: crates/cli/tests (output to /dev/full, a closed pipe).
        assert!(!is_print_failure(Some(Location::caller())));
        assert!(!is_print_failure(None));
    }
}
