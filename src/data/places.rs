//! Place names as statistics tables write them: administrative prefixes and suffixes around a
//! city's name, and rows that are totals rather than places.

/// Words before a city's name that say it is a city (Russian, Kazakh, English).
const PREFIXES: &[&str] = &[
    "г.",
    "г ",
    "гор.",
    "город ",
    "city of ",
    "the city of ",
    "municipality of ",
    "қ.",
    "қала ",
];

/// Words after a city's name that say it is a city or its administration.
const SUFFIXES: &[&str] = &[
    " metropolitan municipality",
    " büyükşehir belediyesi",
    " municipality",
    " city",
    " shi",
    " shì",
    " mm",
    " қаласы",
    " шаһары",
    " г.",
    " (город)",
    " (city)",
];

/// The name without an administrative prefix or suffix (`"г. Алматы"` → `"Алматы"`,
/// `"г.Шымкент"` → `"Шымкент"`, `"Istanbul Metropolitan Municipality"` → `"Istanbul"`), or
/// `None` when it has none.
pub fn without_admin_affix(name: &str) -> Option<&str> {
    let t = name.trim();
    let lower = t.to_lowercase();
    // Lower-casing keeps byte offsets for these scripts only when lengths agree.
    if lower.len() != t.len() {
        return None;
    }
    for p in PREFIXES {
        if lower.starts_with(p) && t.len() > p.len() {
            let rest = t[p.len()..].trim_start();
            if rest.chars().next().is_some_and(char::is_alphabetic) {
                return Some(rest);
            }
        }
    }
    for s in SUFFIXES {
        if lower.ends_with(s) && t.len() > s.len() {
            let rest = t[..t.len() - s.len()].trim_end();
            if !rest.is_empty() {
                return Some(rest);
            }
        }
    }
    None
}

/// Words for "region" after a region's name (English, transliterated Kazakh and Russian,
/// Russian and Kazakh), or before it (`область Абай`).
const REGION_SUFFIXES: &[&str] = &[
    " region",
    " oblast'",
    " oblast’",
    " oblast",
    " obl.",
    " obl",
    " oblysy",
    " oblasty",
    " province",
    " область",
    " (область)",
    " обл.",
    " обл",
    " облысы",
    "-region",
    "-oblast",
    "-oblysy",
];
const REGION_PREFIXES: &[&str] = &["область ", "oblast "];

/// The name without its word for "region" (`"Akmola oblast"` → `"Akmola"`, `"Акмолинская
/// обл."` → `"Акмолинская"`, `"область Абай"` → `"Абай"`), or `None` when it has none.
pub fn region_stem(name: &str) -> Option<&str> {
    let t = name.trim();
    let lower = t.to_lowercase();
    if lower.len() != t.len() {
        return None;
    }
    let rest = REGION_SUFFIXES
        .iter()
        .find(|s| lower.ends_with(*s) && t.len() > s.len())
        .map(|s| t[..t.len() - s.len()].trim_end())
        .or_else(|| {
            REGION_PREFIXES
                .iter()
                .find(|p| lower.starts_with(*p) && t.len() > p.len())
                .map(|p| t[p.len()..].trim_start())
        })?;
    (!rest.is_empty()).then_some(rest)
}

/// The name an unknown place is loaded under: without a prefix or suffix that can only mean
/// "city" (`"г. Усть-Каменогорск"` → `"Усть-Каменогорск"`, `"Sakarya Mm"` → `"Sakarya"`);
/// `" City"` stays, since it is part of many names (Kuwait City).
pub fn loaded_name(name: &str) -> &str {
    let t = name.trim();
    let lower = t.to_lowercase();
    if lower.len() == t.len() {
        for s in [
            " metropolitan municipality",
            " büyükşehir belediyesi",
            " mm",
            " қаласы",
        ] {
            if lower.ends_with(s) && t.len() > s.len() {
                return t[..t.len() - s.len()].trim_end();
            }
        }
        for p in ["г.", "гор.", "город ", "city of ", "the city of "] {
            if lower.starts_with(p) {
                let rest = t[p.len()..].trim_start();
                if rest.chars().next().is_some_and(char::is_alphabetic) {
                    return rest;
                }
            }
        }
    }
    t
}

/// Row labels that are totals or averages of the table's places, not places: `Итого`,
/// `Всего`, `Total`, `All cities`, `Республика Казахстан` in a table of cities…
const AGGREGATES: &[&str] = &[
    "итого",
    "всего",
    "всего по республике",
    "по республике",
    "по республике казахстан",
    "республика казахстан",
    "республика",
    "в среднем",
    "среднее",
    "все города",
    "итого по городам",
    "барлығы",
    "жиыны",
    "республика бойынша",
    "қазақстан республикасы",
    "total",
    "totals",
    "grand total",
    "all",
    "all cities",
    "all places",
    "average",
    "mean",
    "sum",
    "overall",
];

/// True when a row label is a total or average of other rows, not a place.
pub fn is_aggregate(label: &str) -> bool {
    let key: String = label
        .trim()
        .trim_end_matches([':', '*', '.'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    AGGREGATES.contains(&key.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_and_aggregates() {
        assert_eq!(without_admin_affix("г. Алматы"), Some("Алматы"));
        assert_eq!(without_admin_affix("г.Шымкент"), Some("Шымкент"));
        assert_eq!(without_admin_affix("город Бишкек"), Some("Бишкек"));
        assert_eq!(without_admin_affix("Алматы қаласы"), Some("Алматы"));
        assert_eq!(
            without_admin_affix("Istanbul Metropolitan Municipality"),
            Some("Istanbul")
        );
        assert_eq!(without_admin_affix("Shanghai Shi"), Some("Shanghai"));
        assert_eq!(without_admin_affix("Ankara Mm"), Some("Ankara"));
        assert_eq!(without_admin_affix("Almaty"), None);
        assert_eq!(loaded_name("г. Усть-Каменогорск"), "Усть-Каменогорск");
        assert_eq!(loaded_name("Kuwait City"), "Kuwait City");
        assert_eq!(loaded_name("Sakarya Mm"), "Sakarya");
        assert!(is_aggregate("Итого"));
        assert!(is_aggregate("ВСЕГО:"));
        assert!(is_aggregate("Республика Казахстан"));
        assert!(is_aggregate("All cities"));
        assert!(!is_aggregate("Almaty"));
    }
}
