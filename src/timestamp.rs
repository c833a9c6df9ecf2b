//! Timestamps as Step Functions reads and writes them (asl-reference §6.1 format, §7 Wait, §4 context).
//!
//! Reading: the RFC 3339 profile AWS accepts in Choice `Timestamp*`/`IsTimestamp` and Wait
//! `Timestamp`/`TimestampPath`. Writing: the shape of `$$.Execution.StartTime` / `$$.State.EnteredTime`.

const NANOS_PER_SECOND: i128 = 1_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;
const MILLIS_PER_DAY: i64 = SECONDS_PER_DAY * 1000;

/// Parses a timestamp AWS accepts (Choice Timestamp* operators, IsTimestamp, Wait Timestamp/TimestampPath):
/// RFC 3339 profile with uppercase 'T', and 'Z' or a numeric offset ±hh:mm; optional fractional seconds (any digits).
/// Returns nanoseconds since the Unix epoch (UTC). None when AWS would reject it (no zone, space instead of T, month 13, hour 25, 05-12-2016T..., date only ...).
pub fn parse(text: &str) -> Option<i128> {
    parse_rfc3339(text, false)
}

/// Formats epoch milliseconds the way AWS writes `$$.Execution.StartTime` / `$$.State.EnteredTime`.
///
/// AWS prints the instant in UTC with `Z` and drops an all-zero fraction: `2025-02-03T04:05:06Z`, but
/// `2019-03-26T20:14:13.192Z` and `…06.100Z` (whole groups of three digits, as Java's `Instant.toString`).
/// Years outside 0000-9999 get a sign (`+10000-…`, `-0001-…`), so every `i64` formats without panicking.
pub fn format_millis(epoch_ms: i64) -> String {
    let days = epoch_ms.div_euclid(MILLIS_PER_DAY);
    let ms_of_day = epoch_ms.rem_euclid(MILLIS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let year = match year {
        0..=9999 => format!("{year:04}"),
        10_000.. => format!("+{year}"),
        _ => format!("-{:04}", year.unsigned_abs()),
    };
    let (hour, minute) = (ms_of_day / 3_600_000, ms_of_day / 60_000 % 60);
    let (second, millis) = (ms_of_day / 1000 % 60, ms_of_day % 1000);
    let fraction = if millis == 0 { String::new() } else { format!(".{millis:03}") };
    format!("{year}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}Z")
}

/// Parses an RFC 3339 start time given by a user on the CLI (e.g. 2024-01-01T00:00:00Z) into epoch milliseconds.
///
/// Same profile as [`parse`], except that RFC 3339 §5.6 also allows a lowercase `t` and `z`; the
/// sub-millisecond part is truncated (towards the past).
pub fn parse_millis(text: &str) -> Option<i64> {
    let nanos = parse_rfc3339(text, true)?;
    i64::try_from(nanos.div_euclid(1_000_000)).ok()
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±hh:mm)`. Works on bytes and only compares them with ASCII, so any
/// UTF-8 input is safe (a multi-byte character simply fails to match).
fn parse_rfc3339(text: &str, lowercase_allowed: bool) -> Option<i128> {
    let bytes = text.as_bytes();
    let is = |index: usize, upper: u8| match bytes.get(index) {
        Some(&b) => b == upper || (lowercase_allowed && b == upper.to_ascii_lowercase()),
        None => false,
    };
    let year = number(bytes, 0, 4)?;
    let month = number(bytes, 5, 2)?;
    let day = number(bytes, 8, 2)?;
    let hour = number(bytes, 11, 2)?;
    let minute = number(bytes, 14, 2)?;
    let second = number(bytes, 17, 2)?;
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') || !is(10, b'T') {
        return None;
    }
    if bytes.get(13) != Some(&b':') || bytes.get(16) != Some(&b':') {
        return None;
    }
    // Java's ISO-8601 parser behind AWS's runtime check knows no leap second, so 60 is rejected too.
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }

    let mut index = 19;
    let mut nanos: i128 = 0;
    if bytes.get(index) == Some(&b'.') {
        index += 1;
        let start = index;
        while let Some(&digit) = bytes.get(index).filter(|b| b.is_ascii_digit()) {
            // Digits past the ninth are below the nanosecond resolution: accepted and dropped.
            if index - start < 9 {
                nanos = nanos * 10 + i128::from(digit - b'0');
            }
            index += 1;
        }
        if index == start {
            return None;
        }
        for _ in index - start..9 {
            nanos *= 10;
        }
    }

    let offset_seconds = if is(index, b'Z') && bytes.len() == index + 1 {
        0
    } else {
        let sign = match bytes.get(index) {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return None,
        };
        let hours = number(bytes, index + 1, 2)?;
        let minutes = number(bytes, index + 4, 2)?;
        if bytes.get(index + 3) != Some(&b':') || bytes.len() != index + 6 || hours > 23 || minutes > 59 {
            return None;
        }
        sign * (hours * 3600 + minutes * 60)
    };

    let local_seconds =
        days_from_civil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
    Some(i128::from(local_seconds - offset_seconds) * NANOS_PER_SECOND + nanos)
}

/// The unsigned decimal made of exactly `len` ASCII digits at `start`, or None.
fn number(bytes: &[u8], start: usize, len: usize) -> Option<i64> {
    let digits = bytes.get(start..start + len)?;
    digits.iter().try_fold(0, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0')))
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date. Years are counted from March so that the leap day
/// ends the year, and whole 400-year eras (146,097 days each) keep the arithmetic exact for negative years.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719,468 days separate 0000-03-01 (day 0 of era 0) from 1970-01-01.
    era * 146_097 + day_of_era - 719_468
}

/// Inverse of [`days_from_civil`]: (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: i128 = NANOS_PER_SECOND;

    #[test]
    fn accepts_the_timestamps_aws_accepted_in_choice_and_wait() {
        // choice_operators.jsonl (test_timestamp_*), scenarios.jsonl (test_wait_timestamp*), base.jsonl
        // (test_wait_timestamppath) and assign.jsonl (BASE_REFERENCE_IN_WAIT).
        for text in [
            "2012-10-09T19:00:55Z",
            "2012-10-09T19:00:56Z",
            "2016-03-14T01:59:00Z",
            "2016-03-05T21:29:29.243167252Z",
            "2026-11-25T15:01:10.000000Z",
            "2026-11-25T15:01:10.00Z",
            "2026-11-25T15:01:10Z",
            "2024-11-06T09:42:03Z",
        ] {
            assert!(parse(text).is_some(), "{text}");
        }
    }

    #[test]
    fn rejects_the_timestamps_aws_rejected() {
        // scenarios.jsonl test_wait_timestamp_path / _jsonata / _invalid, base.jsonl test_wait_timestamppath,
        // choice_operators.jsonl test_timestamp_equals#5-7 (compared false as non-timestamps).
        for text in [
            "2016-13-05T21:29:29Z",
            "05-12-2016T21:29:29Z",
            "2016-12-05T25:29:29Z",
            "2016-12-05 21:29:29Z",
            "2016-12-05T21:29:29",
            "2026-11-25T15:01:10.000000",
            "2023-02-24 12:15:56.832957",
            "",
            " ",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn rejects_other_shapes_outside_the_profile() {
        for text in [
            "2016-12-05",
            "2016-12-05t21:29:29Z",
            "2016-12-05T21:29:29z",
            "2016-12-05T21:29Z",
            "2016-12-05T21:29:29.Z",
            "2016-12-05T21:29:29Z ",
            " 2016-12-05T21:29:29Z",
            "2016-12-05T21:29:29+01",
            "2016-12-05T21:29:29+0100",
            "2016-12-05T21:29:29+01:00:00",
            "2016-12-05T21:29:29+24:00",
            "2016-12-05T21:29:29+01:60",
            "+2016-12-05T21:29:29Z",
            "20161-12-05T21:29:29Z",
            "2016-1-05T21:29:29Z",
            "2016-12-05T21:29:29ZZ",
            "2016-12-05T21:29:29.5.5Z",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn validates_calendar_and_clock_ranges() {
        assert!(parse("2024-02-29T00:00:00Z").is_some());
        assert!(parse("2000-02-29T00:00:00Z").is_some());
        assert_eq!(parse("2023-02-29T00:00:00Z"), None);
        assert_eq!(parse("1900-02-29T00:00:00Z"), None);
        assert_eq!(parse("2024-04-31T00:00:00Z"), None);
        assert_eq!(parse("2024-00-10T00:00:00Z"), None);
        assert_eq!(parse("2024-01-00T00:00:00Z"), None);
        assert_eq!(parse("2024-01-32T00:00:00Z"), None);
        assert!(parse("2024-12-31T23:59:59Z").is_some());
        assert_eq!(parse("2024-12-31T24:00:00Z"), None);
        assert_eq!(parse("2024-12-31T23:60:00Z"), None);
        assert_eq!(parse("2016-12-31T23:59:60Z"), None);
    }

    #[test]
    fn converts_to_utc_epoch_nanoseconds() {
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse("2012-10-09T19:00:55Z"), Some(1_349_809_255 * SECOND));
        assert_eq!(parse("2016-03-05T21:29:29.243167252Z"), Some(1_457_213_369 * SECOND + 243_167_252));
        assert_eq!(parse("2016-03-05T21:29:29.5Z"), Some(1_457_213_369 * SECOND + 500_000_000));
        assert_eq!(parse("1969-12-31T23:59:59.999Z"), Some(-SECOND / 1000));
        assert_eq!(parse("0000-01-01T00:00:00Z"), Some(-62_167_219_200 * SECOND));
        assert_eq!(parse("9999-12-31T23:59:59Z"), Some(253_402_300_799 * SECOND));
    }

    #[test]
    fn numeric_offsets_name_the_same_instant() {
        let utc = parse("2016-03-14T01:59:00Z");
        assert_eq!(parse("2016-03-14T02:59:00+01:00"), utc);
        assert_eq!(parse("2016-03-13T20:29:00-05:30"), utc);
        assert_eq!(parse("2016-03-14T01:59:00+00:00"), utc);
        assert_eq!(parse("2016-03-14T01:59:00-00:00"), utc);
        assert!(parse("2016-03-14T01:59:00.25+23:59").is_some());
    }

    #[test]
    fn keeps_nanoseconds_and_drops_digits_beyond_them() {
        let nine = parse("2016-03-05T21:29:29.123456789Z");
        assert_eq!(parse("2016-03-05T21:29:29.1234567891234Z"), nine);
        assert_eq!(parse("2016-03-05T21:29:29.100Z"), parse("2016-03-05T21:29:29.1Z"));
    }

    #[test]
    fn never_panics_on_odd_or_multibyte_input() {
        for text in [
            "é",
            "2016-12-05T21:29:2é",
            "2016-12-05T21:29:29.é",
            "2016-12-05T21:29:29+é",
            "2016-12-05T21:29:29+01:é",
            "2016-12-05T21:29:29€",
            "２０１６-12-05T21:29:29Z",
            "2016-12-05T21:29:29.",
            "2016-12-05T21:29:29+",
            "2016-12-05T21:29:29+01:0",
            "9999-99-99T99:99:99Z",
        ] {
            assert_eq!(parse(text), None, "{text}");
            assert_eq!(parse_millis(text), None, "{text}");
        }
    }

    #[test]
    fn formats_like_the_context_object() {
        // Example context object in the AWS developer guide (input-output-contextobject).
        assert_eq!(format_millis(1_553_631_253_192), "2019-03-26T20:14:13.192Z");
        // A whole second has no fraction (zenn.dev/hr0k, confirmed with AWS support; asl-reference §4).
        assert_eq!(format_millis(1_738_555_506_000), "2025-02-03T04:05:06Z");
        assert_eq!(format_millis(1_738_555_506_100), "2025-02-03T04:05:06.100Z");
        assert_eq!(format_millis(1_738_555_506_001), "2025-02-03T04:05:06.001Z");
        assert_eq!(format_millis(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_millis(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(format_millis(951_782_400_000), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn formats_every_i64_without_panicking() {
        assert_eq!(format_millis(253_402_300_799_999), "9999-12-31T23:59:59.999Z");
        assert_eq!(format_millis(253_402_300_800_000), "+10000-01-01T00:00:00Z");
        assert_eq!(format_millis(-62_167_219_200_001), "-0001-12-31T23:59:59.999Z");
        assert_eq!(format_millis(i64::MAX), "+292278994-08-17T07:12:55.807Z");
        assert_eq!(format_millis(i64::MIN), "-292275055-05-16T16:47:04.192Z");
    }

    #[test]
    fn civil_day_arithmetic_is_consistent_over_years_0000_to_9999() {
        let mut expected = (0, 1, 1);
        for days in days_from_civil(0, 1, 1)..=days_from_civil(9999, 12, 31) {
            assert_eq!(civil_from_days(days), expected);
            assert_eq!(days_from_civil(expected.0, expected.1, expected.2), days);
            let (year, month, day) = expected;
            expected = if day < days_in_month(year, month) {
                (year, month, day + 1)
            } else if month < 12 {
                (year, month + 1, 1)
            } else {
                (year + 1, 1, 1)
            };
        }
    }

    #[test]
    fn format_and_parse_round_trip() {
        for ms in [0, 1, 999, 1_000, 1_553_631_253_192, -86_400_001, 253_402_300_799_999, -62_167_219_200_000]
        {
            let text = format_millis(ms);
            assert_eq!(parse_millis(&text), Some(ms), "{text}");
            assert_eq!(parse(&text), Some(i128::from(ms) * 1_000_000), "{text}");
        }
    }

    #[test]
    fn parse_millis_reads_cli_start_times() {
        assert_eq!(parse_millis("2024-01-01T00:00:00Z"), Some(1_704_067_200_000));
        assert_eq!(parse_millis("2024-01-01t00:00:00z"), Some(1_704_067_200_000));
        assert_eq!(parse_millis("2024-01-01T01:00:00+01:00"), Some(1_704_067_200_000));
        assert_eq!(parse_millis("2024-01-01T00:00:00.0129Z"), Some(1_704_067_200_012));
        assert_eq!(parse_millis("1969-12-31T23:59:59.9999Z"), Some(-1));
        assert_eq!(parse_millis("2024-01-01T00:00:00"), None);
        assert_eq!(parse_millis("2024-01-01 00:00:00Z"), None);
        assert_eq!(parse_millis("2024-01-01"), None);
    }
}
