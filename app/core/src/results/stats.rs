//! The arithmetic of a survey report, exact and the same on every device:
//! percentages in tenths (one decimal place, halves rounded up), means in
//! hundredths, medians of sorted values.

/// `count` of `of` as tenths of a percent (634 is 63.4%), rounded half up;
/// none when nobody answered.
pub fn percent_tenths(count: usize, of: usize) -> Option<u32> {
    (of > 0).then(|| ((count as u64 * 2000 + of as u64) / (of as u64 * 2)) as u32)
}

/// Tenths of a percent as a report prints them: "63.4".
pub fn show_tenths(tenths: u32) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The mean of `values` in hundredths (2.57 is 257), rounded half up; none
/// for no values.
pub fn mean_hundredths(values: &[u8]) -> Option<u32> {
    let n = values.len() as u64;
    let sum: u64 = values.iter().map(|&v| u64::from(v)).sum();
    (n > 0).then(|| ((sum * 200 + n) / (n * 2)) as u32)
}

/// The middle of `sorted` (the mean of the two middle ones for an even
/// count, which for dates is the earlier of the two).
pub fn median<T: Clone>(sorted: &[T], between: impl Fn(&T, &T) -> T) -> Option<T> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2].clone()),
        _ => Some(between(&sorted[n / 2 - 1], &sorted[n / 2])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_have_one_decimal_place_rounded_half_up() {
        assert_eq!(percent_tenths(1, 3), Some(333));
        assert_eq!(percent_tenths(2, 3), Some(667));
        assert_eq!(percent_tenths(1, 8), Some(125));
        // 1/16 = 6.25%: the half rounds up.
        assert_eq!(percent_tenths(1, 16), Some(63));
        assert_eq!(percent_tenths(0, 5), Some(0));
        assert_eq!(percent_tenths(5, 5), Some(1000));
        assert_eq!(percent_tenths(0, 0), None);
        assert_eq!(show_tenths(634), "63.4");
        assert_eq!(show_tenths(1000), "100.0");
        assert_eq!(show_tenths(5), "0.5");
    }

    #[test]
    fn means_and_medians() {
        assert_eq!(mean_hundredths(&[4, 5, 0]), Some(300));
        assert_eq!(mean_hundredths(&[1, 2]), Some(150));
        // 2/3 = 0.666…: 0.67.
        assert_eq!(mean_hundredths(&[0, 1, 1]), Some(67));
        assert_eq!(mean_hundredths(&[]), None);
        let mid = |a: &f64, b: &f64| (a + b) / 2.0;
        assert_eq!(median(&[1.0, 3.0, 10.0], mid), Some(3.0));
        assert_eq!(median(&[1.0, 3.0, 10.0, 12.0], mid), Some(6.5));
        assert_eq!(median::<f64>(&[], mid), None);
    }
}
