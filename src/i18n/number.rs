//! Numbers as each language writes them: English `6,466.5`; Russian and Kazakh `6 466,5`
//! with a narrow no-break space (U+202F) between thousands and a decimal comma (as GOST
//! 8.417 and the CLDR data for `ru` and `kk` write them). Machine-readable output (CSV) never
//! goes through here.

use super::Lang;

/// The thousands separator of Russian and Kazakh: NARROW NO-BREAK SPACE.
pub const THIN_SPACE: char = '\u{202f}';

/// Inserts the language's thousands separator into the integer digits of `text` (which may
/// start with a minus and hold a decimal point), and swaps in its decimal mark.
fn localize_digits(lang: Lang, text: &str) -> String {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", text),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    let sep = match lang {
        Lang::En => ',',
        Lang::Ru | Lang::Kk => THIN_SPACE,
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 && int.len() > 3 {
            grouped.push(sep);
        }
        grouped.push(c);
    }
    let mut out = format!("{sign}{grouped}");
    if !frac.is_empty() {
        out.push(if lang.decimal_comma() { ',' } else { '.' });
        out.push_str(frac);
    }
    out
}

/// A count or a whole number, grouped by thousands.
pub fn format_number(lang: Lang, v: f64) -> String {
    localize_digits(lang, &crate::data::text::format_value(v))
}

/// Significant digits of values in charts, hover texts and the comparison.
pub const SIGNIFICANT_DIGITS: i32 = 3;

/// `v` with exactly `decimals` decimals (r² as "0.10"), with the language's decimal mark and
/// grouping ("0,10" in Russian and Kazakh).
pub fn format_fixed(lang: Lang, v: f64, decimals: usize) -> String {
    localize_digits(lang, &format!("{v:.decimals$}"))
}

/// A value as charts show it: three significant digits (whole numbers from 100 up), without
/// float noise, in the language's way of writing numbers.
pub fn format_value(lang: Lang, v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let rounded = match v {
        0.0 => 0.0,
        v => {
            let decimals = (SIGNIFICANT_DIGITS - 1 - v.abs().log10().floor() as i32).clamp(0, 12);
            let scale = 10f64.powi(decimals);
            (v * scale).round() / scale
        }
    };
    localize_digits(lang, &crate::data::text::format_value(rounded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_each_language() {
        assert_eq!(format_value(Lang::Ru, 21.6), "21,6");
        assert_eq!(format_value(Lang::Kk, 6466.0), "6\u{202f}466");
        assert_eq!(format_value(Lang::En, 6466.04), "6,466");
        assert_eq!(format_value(Lang::En, 21.555), "21.6");
        assert_eq!(format_value(Lang::En, 5.4372), "5.44");
        assert_eq!(format_value(Lang::En, 0.05234), "0.0523");
        assert_eq!(format_value(Lang::En, 456.7), "457");
        assert_eq!(
            format_value(Lang::Ru, -1234567.25),
            "-1\u{202f}234\u{202f}567"
        );
        assert_eq!(format_value(Lang::En, 999.0), "999");
        assert_eq!(format_number(Lang::Ru, 5.0), "5");
    }
}
