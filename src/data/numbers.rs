//! Numbers as people write them in statistics files: decimal commas or points (decided per
//! column from its cells), every kind of thousands separator, percent signs, flags and
//! footnote marks after the value, negatives in parentheses and censored values (`<5`).

use super::text::is_missing;

/// How numbers in a column (or file) write their decimal mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalMark {
    #[default]
    Point,
    Comma,
}

/// The outcome of reading one numeric cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberCell {
    Missing,
    Value(f64),
    /// A value given only as a bound (`<5`, `>500`, `≤0.1`): below or above what the method
    /// measures. Not a value to draw; the loader lists it.
    Censored,
    /// The cell holds text that is neither a number nor a missing marker.
    Invalid,
}

/// True for characters used to group thousands besides the point and comma: every Unicode
/// space (space, no-break space U+00A0, narrow no-break space U+202F, thin space U+2009,
/// figure space U+2007…) and apostrophes (`1'234`, `1’234`).
pub fn is_group_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\'' | '’' | '\u{2009}' | '\u{202f}' | '\u{2007}' | '\u{a0}'
        )
}

/// The cell without what may follow or surround a number: Eurostat flags after a space
/// (`64.3 e`, `12 bp`), parenthesised flags (`5.2 (p)`), footnote marks (`12.1*`, `7†`,
/// `3¹`) and a percent sign (`12,5%`, `45 %`).
fn strip_marks(t: &str) -> &str {
    let mut t = t.trim();
    loop {
        let before = t.len();
        t = t
            .trim_end_matches(['*', '†', '‡', '#', '¹', '²', '³', '%', '％'])
            .trim_end();
        if let Some((num, flag)) = t.rsplit_once(|c: char| c.is_whitespace())
            && !flag.is_empty()
            && flag.len() <= 3
            && flag.chars().all(|c| "bcdefnprsuz".contains(c))
        {
            t = num.trim_end();
        }
        if let Some(open) = t.rfind('(')
            && open > 0
            && t.ends_with(')')
            && t[open + 1..t.len() - 1]
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == ' ')
        {
            t = t[..open].trim_end();
        }
        if t.len() == before {
            return t;
        }
    }
}

/// Parses a number as written in statistics files.
///
/// Accepts `12.5`, `12,5` (with [`DecimalMark::Comma`]), thousands separators (`1 234,5`,
/// `1.234,5`, `1,234.5`, every Unicode space, apostrophes), E-notation (`3.65E+05`),
/// percent signs (`45%`, `12,5 %`), flags and footnote marks (`64.3 e`, `12.1*`, `5.2 (p)`)
/// and negatives in parentheses (`(12.5)`). `<5` and `>500` are [`NumberCell::Censored`].
pub fn parse_number(cell: &str, mark: DecimalMark) -> NumberCell {
    let t = cell.trim();
    if is_missing(t) {
        return NumberCell::Missing;
    }
    // Fast path: plain numbers.
    if mark == DecimalMark::Point
        && let Ok(v) = t.parse::<f64>()
    {
        return if v.is_finite() {
            NumberCell::Value(v)
        } else {
            NumberCell::Invalid
        };
    }
    if t.starts_with(['<', '>', '≤', '≥', '＜', '＞']) {
        let rest = t.trim_start_matches(['<', '>', '≤', '≥', '＜', '＞', '=']);
        return match parse_plain(strip_marks(rest), mark) {
            NumberCell::Value(_) => NumberCell::Censored,
            _ => NumberCell::Invalid,
        };
    }
    let body = strip_marks(t);
    if is_missing(body) {
        return NumberCell::Missing;
    }
    if let Some(inner) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        return match parse_plain(inner.trim(), mark) {
            NumberCell::Value(v) if v > 0.0 => NumberCell::Value(-v),
            _ => NumberCell::Invalid,
        };
    }
    parse_plain(body, mark)
}

/// A number with only digits, sign, exponent, the decimal mark and group separators.
fn parse_plain(body: &str, mark: DecimalMark) -> NumberCell {
    let mut out = String::with_capacity(body.len());
    let (decimal, group) = match mark {
        DecimalMark::Point => ('.', ','),
        DecimalMark::Comma => (',', '.'),
    };
    for (i, c) in body.char_indices() {
        match c {
            '0'..='9' | 'e' | 'E' => out.push(c),
            '+' | '-' | '−' => out.push(if c == '−' { '-' } else { c }),
            c if c == decimal => out.push('.'),
            c if c == group || is_group_space(c) => {
                // A group separator must be followed by exactly three digits.
                let rest = &body[i + c.len_utf8()..];
                let digits = rest.chars().take_while(char::is_ascii_digit).count();
                if digits != 3 {
                    return NumberCell::Invalid;
                }
            }
            _ => return NumberCell::Invalid,
        }
    }
    match out.parse::<f64>() {
        Ok(v) if v.is_finite() => NumberCell::Value(v),
        _ => NumberCell::Invalid,
    }
}

/// What one cell says about the decimal mark: `Some` when only one reading makes sense
/// (`12,5`, `5 126,4`, `1.234,5`, `0,125`, `12.50`), `None` when it says nothing (`2019`,
/// `1.234`, which may be a thousand or one and a bit, or text).
pub fn decimal_evidence(cell: &str) -> Option<DecimalMark> {
    let body = strip_marks(cell.trim().trim_matches('"'));
    let body = body
        .strip_prefix('(')
        .and_then(|b| b.strip_suffix(')'))
        .unwrap_or(body);
    let body = body.trim_start_matches(['-', '+', '−', '<', '>', '≤', '≥']);
    if body.is_empty() || !body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut commas = 0;
    let mut points = 0;
    let mut last = None;
    for c in body.chars() {
        match c {
            ',' => commas += 1,
            '.' => points += 1,
            c if c.is_ascii_digit() || is_group_space(c) => continue,
            _ => return None,
        }
        last = Some(c);
    }
    let (mark, count, other) = match last? {
        ',' => (DecimalMark::Comma, commas, points),
        _ => (DecimalMark::Point, points, commas),
    };
    if other > 0 {
        // Both marks: the last one is the decimal mark (`1.234,5`, `1,234.5`).
        return (count == 1).then_some(mark);
    }
    if count > 1 {
        // `1,234,567` groups with commas: the decimal mark is the other one.
        return Some(match mark {
            DecimalMark::Comma => DecimalMark::Point,
            DecimalMark::Point => DecimalMark::Comma,
        });
    }
    let sep = if mark == DecimalMark::Comma { ',' } else { '.' };
    let (int, frac) = body.split_once(sep)?;
    let int: String = int.chars().filter(char::is_ascii_digit).collect();
    let grouped_int = int.len() <= 3 && int != "0" && !int.is_empty();
    // `1,234` and `1.234` may group thousands; everything else has a decimal mark.
    let ambiguous = frac.len() == 3
        && frac.bytes().all(|b| b.is_ascii_digit())
        && grouped_int
        && !body.contains(is_group_space);
    (!ambiguous).then_some(mark)
}

/// The decimal mark of a column, decided from all of `cells` (the votes of
/// [`decimal_evidence`]); `fallback` (the file's mark) when the cells say nothing either way.
pub fn column_decimal<'a>(
    cells: impl IntoIterator<Item = &'a str>,
    fallback: DecimalMark,
) -> DecimalMark {
    let (mut comma, mut point) = (0usize, 0usize);
    for cell in cells {
        match decimal_evidence(cell) {
            Some(DecimalMark::Comma) => comma += 1,
            Some(DecimalMark::Point) => point += 1,
            None => {}
        }
    }
    match comma.cmp(&point) {
        std::cmp::Ordering::Greater => DecimalMark::Comma,
        std::cmp::Ordering::Less => DecimalMark::Point,
        std::cmp::Ordering::Equal => fallback,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_many_spellings() {
        use NumberCell::*;
        let p = DecimalMark::Point;
        let c = DecimalMark::Comma;
        assert_eq!(parse_number("12.5", p), Value(12.5));
        assert_eq!(parse_number("12,5", c), Value(12.5));
        assert_eq!(parse_number("1 234,5", c), Value(1234.5));
        assert_eq!(parse_number("1.234,5", c), Value(1234.5));
        assert_eq!(parse_number("1\u{a0}234,5", c), Value(1234.5));
        assert_eq!(parse_number("5\u{202f}126,4", c), Value(5126.4));
        assert_eq!(parse_number("5\u{2009}126,4", c), Value(5126.4));
        assert_eq!(parse_number("1'234", p), Value(1234.0));
        assert_eq!(parse_number("1,234.5", p), Value(1234.5));
        assert_eq!(parse_number("3.65E+05", p), Value(365000.0));
        assert_eq!(parse_number("64.3 e", p), Value(64.3));
        assert_eq!(parse_number("12.1*", p), Value(12.1));
        assert_eq!(parse_number("5.2 (p)", p), Value(5.2));
        assert_eq!(parse_number("45%", p), Value(45.0));
        assert_eq!(parse_number("45 %", p), Value(45.0));
        assert_eq!(parse_number("12,5%", c), Value(12.5));
        assert_eq!(parse_number("(12.5)", p), Value(-12.5));
        assert_eq!(parse_number("−3", p), Value(-3.0));
        assert_eq!(parse_number("<5", p), Censored);
        assert_eq!(parse_number("> 500", p), Censored);
        assert_eq!(parse_number("<0,1", c), Censored);
        assert_eq!(parse_number(":", p), Missing);
        assert_eq!(parse_number(": c", p), Missing);
        assert_eq!(parse_number("..", p), Missing);
        assert_eq!(parse_number("—", p), Missing);
        assert_eq!(parse_number("n/a", p), Missing);
        assert_eq!(parse_number("abc", p), Invalid);
        assert_eq!(parse_number("<abc", p), Invalid);
        assert_eq!(parse_number("12,5", p), Invalid);
        assert_eq!(parse_number("1,23", p), Invalid);
        assert_eq!(parse_number("1 23,5", c), Invalid);
    }

    #[test]
    fn cells_vote_for_their_decimal_mark() {
        use DecimalMark::*;
        assert_eq!(decimal_evidence("12,5"), Some(Comma));
        assert_eq!(decimal_evidence("12,5%"), Some(Comma));
        assert_eq!(decimal_evidence("5\u{202f}126,4"), Some(Comma));
        assert_eq!(decimal_evidence("7\u{202f}040,0"), Some(Comma));
        assert_eq!(decimal_evidence("1.234,5"), Some(Comma));
        assert_eq!(decimal_evidence("1,234.5"), Some(Point));
        assert_eq!(decimal_evidence("1,234,567"), Some(Point));
        assert_eq!(decimal_evidence("0,125"), Some(Comma));
        assert_eq!(decimal_evidence("12.50"), Some(Point));
        assert_eq!(decimal_evidence("1.234"), None);
        assert_eq!(decimal_evidence("2019"), None);
        assert_eq!(decimal_evidence("Almaty"), None);
        // A column of `1.234` and `12,5` is a decimal-comma column with dot thousands.
        assert_eq!(column_decimal(["1.234", "12,5", "3"], Point), Comma);
        assert_eq!(column_decimal(["1.234", "7"], Comma), Comma);
        assert_eq!(column_decimal(["12.5", "13.1", "7,5"], Comma), Point);
    }
}
