//! Text-level helpers: decoding bytes in any of the encodings analysts' files come in,
//! recognising missing-value markers, and parsing numbers written the way statistics offices
//! write them (decimal commas, thousands separators, trailing flags).

use std::borrow::Cow;

/// The encoding a text file was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// A legacy single-byte encoding detected by `chardetng`, e.g. windows-1251.
    Legacy(&'static encoding_rs::Encoding),
}

impl TextEncoding {
    /// The encoding's name as shown to users (`UTF-8`, `windows-1251`, …).
    pub fn name(self) -> String {
        match self {
            TextEncoding::Utf8 => "UTF-8".into(),
            TextEncoding::Utf8Bom => "UTF-8 with BOM".into(),
            TextEncoding::Utf16Le => "UTF-16LE".into(),
            TextEncoding::Utf16Be => "UTF-16BE".into(),
            TextEncoding::Legacy(e) => e.name().to_string(),
        }
    }
}

/// Detects the encoding of `bytes` and decodes them to UTF-8 without ever failing:
/// a BOM wins; then UTF-16 without BOM (NUL bytes in alternate positions); then valid UTF-8;
/// otherwise the most likely legacy encoding (windows-1251, windows-1252, …).
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, TextEncoding) {
    decode_releasing(bytes, &|_| {})
}

/// [`decode`], calling `release` with each part of `bytes` already decoded into a copy (legacy
/// encodings are decoded a few megabytes at a time), so a caller can let go of it.
pub fn decode_releasing<'a>(
    bytes: &'a [u8],
    release: &(dyn Fn(&[u8]) + Sync),
) -> (Cow<'a, str>, TextEncoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = match simdutf8::basic::from_utf8(rest) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(rest),
        };
        return (text, TextEncoding::Utf8Bom);
    }
    if bytes.starts_with(b"\xFF\xFE") {
        let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(&bytes[2..]);
        return (text, TextEncoding::Utf16Le);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        let (text, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(&bytes[2..]);
        return (text, TextEncoding::Utf16Be);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        let kind = if enc == encoding_rs::UTF_16LE {
            TextEncoding::Utf16Le
        } else {
            TextEncoding::Utf16Be
        };
        return (text, kind);
    }
    match utf8(bytes) {
        Some(s) => (Cow::Borrowed(s), TextEncoding::Utf8),
        None => {
            let mut detector = chardetng::EncodingDetector::new();
            let sample = &bytes[..bytes.len().min(1 << 18)];
            detector.feed(sample, sample.len() == bytes.len());
            // Analysts' legacy files are Cyrillic (windows-1251 and relatives) or Western
            // (windows-1252); on small samples chardetng can pick a Central European code page
            // for Western text, so anything not Cyrillic is read as windows-1252.
            let guess = detector.guess(None, true);
            let cyrillic = [
                encoding_rs::WINDOWS_1251,
                encoding_rs::KOI8_R,
                encoding_rs::KOI8_U,
                encoding_rs::IBM866,
                encoding_rs::ISO_8859_5,
            ];
            let enc = if cyrillic.contains(&guess) {
                guess
            } else {
                encoding_rs::WINDOWS_1252
            };
            let text = decode_legacy(enc, bytes, release);
            (Cow::Owned(text), TextEncoding::Legacy(enc))
        }
    }
}

/// Inputs of at least this many bytes are checked as UTF-8 on two threads.
const PARALLEL_CHECK: usize = 4 << 20;

/// `bytes` as UTF-8 text, or `None` when they are not. simdutf8 checks large files several
/// times faster than std (std's error is not needed); a large input is checked in two halves
/// at once, split before a byte that starts a character, so each half is valid exactly when
/// the whole is (the first check of a 54 MB file, its pages read in as it goes: 9 → 5 ms).
fn utf8(bytes: &[u8]) -> Option<&str> {
    let valid = |b: &[u8]| simdutf8::basic::from_utf8(b).is_ok();
    let mid = bytes.len() / 2;
    // A character is at most 4 bytes: a start byte is among the next four (else the input is
    // not UTF-8, which checking it whole then says).
    let split = (mid..bytes.len().min(mid + 4)).find(|&i| (bytes[i] as i8) >= -0x40);
    let both_valid = match split {
        Some(at) if bytes.len() >= PARALLEL_CHECK => {
            let (head, tail) = bytes.split_at(at);
            std::thread::scope(|scope| {
                let other = scope.spawn(|| valid(tail));
                let head_ok = valid(head);
                // A panic in simdutf8 on the other thread: check the half here instead.
                head_ok && other.join().unwrap_or_else(|_| valid(tail))
            })
        }
        _ => valid(bytes),
    };
    // SAFETY: both halves were checked, and the split is before a character's first byte.
    both_valid.then(|| unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// Decodes a legacy (single-byte) encoding a few megabytes of input at a time, each released
/// once decoded, into a string that grows only as written: encoding_rs's one-call decode and
/// `decode_to_string` zero-fill room for the worst case, three times the input.
fn decode_legacy(
    enc: &'static encoding_rs::Encoding,
    bytes: &[u8],
    release: &(dyn Fn(&[u8]) + Sync),
) -> String {
    decode_legacy_in(enc, bytes, release, 4 * 1024 * 1024, 64 * 1024)
}

/// [`decode_legacy`] with input chunks of `chunk_bytes` and an output buffer of
/// `scratch_bytes` (at least 4: room for any character).
fn decode_legacy_in(
    enc: &'static encoding_rs::Encoding,
    bytes: &[u8],
    release: &(dyn Fn(&[u8]) + Sync),
    chunk_bytes: usize,
    scratch_bytes: usize,
) -> String {
    let mut decoder = enc.new_decoder();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len() + bytes.len() / 8 + 64);
    let mut scratch = vec![0u8; scratch_bytes.max(4)];
    let chunks = bytes.chunks(chunk_bytes).count();
    for (i, chunk) in bytes.chunks(chunk_bytes).enumerate() {
        let last = i + 1 == chunks;
        let mut read = 0;
        loop {
            let (result, n, written, _) =
                decoder.decode_to_utf8(&chunk[read..], &mut scratch, last);
            read += n;
            out.extend_from_slice(&scratch[..written]);
            if result == encoding_rs::CoderResult::InputEmpty {
                break;
            }
        }
        release(chunk);
    }
    // SAFETY: encoding_rs writes only whole UTF-8 sequences (with replacement characters for
    // bytes that decode to nothing), so the concatenated output is UTF-8.
    unsafe { String::from_utf8_unchecked(out) }
}

fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_nul * 10 > pairs * 3 && even_nul * 10 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even_nul * 10 > pairs * 3 && odd_nul * 10 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Markers that mean "no value" in the files analysts receive.
pub const MISSING_MARKERS: &[&str] = &[
    "",
    "NA",
    "N/A",
    "n/a",
    "na",
    "NaN",
    "nan",
    "#N/A",
    "null",
    "NULL",
    "..",
    "...",
    "…",
    ":",
    "-",
    "—",
    "–",
    "x",
    "*",
    "н/д",
    "н.д.",
    "нд",
    "нет данных",
    "нет",
    "д/н",
    "no data",
    "nd",
    "n.d.",
    "not available",
    "деректер жоқ",
    "жоқ",
];

/// True when a cell means "no value" (empty, `NA`, `..`, `:`, `-`, `—`, `н/д`, `no data`, …).
pub fn is_missing(cell: &str) -> bool {
    let t = cell.trim();
    if MISSING_MARKERS.contains(&t) {
        return true;
    }
    // Any case of a marker of two letters or more (`N/D`, `No Data`); `X` stays a value.
    let lower = t.to_lowercase();
    (lower.len() > 1 && MISSING_MARKERS.contains(&lower.as_str()))
        || (t.starts_with(':') && t[1..].trim().chars().all(|c| c.is_ascii_alphabetic()))
}

pub use super::numbers::{DecimalMark, NumberCell, parse_number};

/// Formats a value for output: the shortest decimal that reads back within a few ulps, so
/// file values keep every digit (`26.330004047403`) and arithmetic noise from means is dropped
/// (`72.77000000000001` → `72.77`).
/// A computed number rounded to `digits` significant digits (never fewer than its whole
/// digits), written without float noise.
pub fn format_significant(x: f64, digits: i32) -> String {
    if !x.is_finite() || x == 0.0 {
        return format_value(x);
    }
    let decimals = (digits - 1 - x.abs().log10().floor() as i32).clamp(0, 15);
    let scale = 10f64.powi(decimals);
    format_value((x * scale).round() / scale)
}

/// Significant digits of computed values (means, indices) in CSV: full precision for an
/// analysis, without the float noise of a long division (`133.33333333333334` → `133.333`).
pub const COMPUTED_DIGITS: i32 = 6;

/// A number with no more digits than it needs: the shortest text that reads back as `x`.
pub fn format_value(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let tolerance = 4.0 * f64::EPSILON * x.abs();
    for decimals in 0..=17 {
        let s = format!("{x:.decimals$}");
        if s.parse::<f64>()
            .is_ok_and(|back| (back - x).abs() <= tolerance)
        {
            return if s == "-0" { "0".into() } else { s };
        }
    }
    format!("{x}")
}

/// Undoes the common "UTF-8 read as windows-1252 then saved as UTF-8" damage:
/// `"DushanbeÂ\u{a0}"` → `"Dushanbe\u{a0}"`, `"TÃ¼rkiye"` → `"Türkiye"`. Text without such
/// damage is returned unchanged.
pub fn repair_mojibake(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| c == 'Ã' || c == 'Â' || c == 'Ð' || c == 'Ñ')
    {
        return Cow::Borrowed(s);
    }
    let (bytes, _, had_errors) = encoding_rs::WINDOWS_1252.encode(s);
    if had_errors {
        return Cow::Borrowed(s);
    }
    match std::str::from_utf8(&bytes) {
        Ok(fixed) if fixed.chars().count() < s.chars().count() => Cow::Owned(fixed.to_string()),
        _ => Cow::Borrowed(s),
    }
}

/// Trims white space including non-breaking spaces, and repairs mojibake.
pub fn clean_label(s: &str) -> Cow<'_, str> {
    let junk = |c: char| c.is_whitespace() || c == '\u{feff}';
    match repair_mojibake(s.trim_matches(|c: char| c == ' ')) {
        Cow::Borrowed(b) => Cow::Borrowed(b.trim_matches(junk)),
        Cow::Owned(o) => Cow::Owned(o.trim_matches(junk).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_text_decodes_the_same_in_chunks_and_each_chunk_is_released() {
        let original = "Город;Значение µg/m³\nАстана;12,5\nAlmaty;Ünïcödé\n".repeat(20);
        for enc in [encoding_rs::WINDOWS_1251, encoding_rs::WINDOWS_1252] {
            let (bytes, _, _) = enc.encode(&original);
            let released = std::sync::Mutex::new(0usize);
            let release = |part: &[u8]| *released.lock().unwrap() += part.len();
            let (whole, _, _) = enc.decode(&bytes);
            // Chunks of 7 bytes and an output buffer of 5: every kind of boundary, and the
            // buffer full many times per chunk.
            let chunked = decode_legacy_in(enc, &bytes, &release, 7, 5);
            assert_eq!(chunked, whole, "{}", enc.name());
            assert_eq!(*released.lock().unwrap(), bytes.len());
            assert_eq!(decode_legacy_in(enc, &bytes, &|_| {}, 1 << 20, 4), whole);
            assert_eq!(decode_legacy(enc, &bytes, &|_| {}), whole);
        }
        assert_eq!(decode_legacy(encoding_rs::WINDOWS_1251, b"", &|_| {}), "");
    }

    #[test]
    fn values_are_formatted_without_float_noise() {
        assert_eq!(format_value(72.77000000000001), "72.77");
        assert_eq!(format_value(2019.0), "2019");
        assert_eq!(format_value(0.125), "0.125");
        assert_eq!(format_value(-3.5), "-3.5");
        assert_eq!(format_value(26.330004047403), "26.330004047403");
        assert_eq!(format_value(1e-9), "0.000000001");
    }

    #[test]
    fn mojibake_is_repaired_and_clean_text_kept() {
        assert_eq!(clean_label("DushanbeÂ\u{a0}"), "Dushanbe");
        assert_eq!(repair_mojibake("TÃ¼rkiye"), "Türkiye");
        assert_eq!(repair_mojibake("Астана"), "Астана");
        assert_eq!(clean_label("  Baku "), "Baku");
    }

    #[test]
    fn decodes_windows_1251_and_utf16() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("Город;Год;Значение\nАстана;2020;12,5\n");
        let (text, enc) = decode(&bytes);
        assert!(text.starts_with("Город;Год"), "{text}");
        assert_eq!(enc, TextEncoding::Legacy(encoding_rs::WINDOWS_1251));
        let utf16: Vec<u8> = "city,value\nAstana,1\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let (text, enc) = decode(&utf16);
        assert_eq!(text, "city,value\nAstana,1\n");
        assert_eq!(enc, TextEncoding::Utf16Le);
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("city\tunit\nKøbenhavn\tµg/m³\n");
        let (text, enc) = decode(&bytes);
        assert_eq!(text, "city\tunit\nKøbenhavn\tµg/m³\n");
        assert_eq!(enc, TextEncoding::Legacy(encoding_rs::WINDOWS_1252));
    }
}
