//! Unix seconds as calendar dates (UTC), for file names, printed pages and
//! "used at" times, with no date crate: Howard Hinnant's days-to-civil.

/// `YYYY-MM-DD` (UTC).
pub fn iso_date(unix_seconds: i64) -> String {
    let (y, m, d) = civil(unix_seconds.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn rfc3339(unix_seconds: i64) -> String {
    let rem = unix_seconds.rem_euclid(86_400);
    format!("{}T{:02}:{:02}:{:02}Z", iso_date(unix_seconds), rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Year, month (1–12) and day (1–31) of a day count from 1970-01-01.
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(1_709_640_000), "2024-03-05");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
        assert_eq!(iso_date(1_795_824_000), "2026-11-28");
        assert_eq!(iso_date(-1), "1969-12-31");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        // Extremes do not panic.
        let _ = rfc3339(i64::MIN);
        let _ = rfc3339(i64::MAX);
    }
}
