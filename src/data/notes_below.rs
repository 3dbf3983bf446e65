//! Note lines below a table: "Source: …", "Примечание: …", "* preliminary". Statistics
//! offices and the World Bank end their exports with such lines, and when a note holds a
//! delimiter and a number (`Source: Bureau of National Statistics, 2021`) it looks like a
//! data row: read as one, it would become a place with the value 2021. A trailing line whose
//! first non-empty cell opens a note is therefore a footnote, however many cells it fills, and
//! a place label that opens with a note label is left out wherever it stands.

/// Labels that open a note, compared without case before a colon: English, Russian and
/// Kazakh, as statistics offices and the World Bank's DataBank write them.
const NOTE_LABELS: [&str; 28] = [
    "source",
    "sources",
    "data source",
    "data sources",
    "note",
    "notes",
    "footnote",
    "footnotes",
    "remark",
    "remarks",
    "comment",
    "comments",
    "last updated",
    "last updated date",
    "data from database",
    "источник",
    "источники",
    "источник данных",
    "примечание",
    "примечания",
    "прим.",
    "сноска",
    "дереккөз",
    "дереккөздер",
    "ескерту",
    "ескертпе",
    "ескертулер",
    "қайнар көз",
];

/// Marks that open a footnote line.
const NOTE_MARKS: [char; 6] = ['*', '†', '‡', '¹', '²', '³'];

/// Whether `cell` opens with a known note label and a colon (`Source:`, `Notes:`,
/// `Источник:`, `Ескерту:`): a note wherever it stands, never a place.
pub fn is_note_label(cell: &str) -> bool {
    let t = cell.trim().trim_matches('"').trim();
    t.split_once(':').is_some_and(|(label, _)| {
        let label = label.trim().to_lowercase();
        NOTE_LABELS.contains(&label.as_str())
    })
}

/// Whether `cell` is a marked note: a footnote mark (`*`, `†`, `¹`…) or a number and a
/// parenthesis (`1) Data for 2021 are preliminary`, as statistical publications number their
/// notes) followed by words — three or more, for places carry marks too (`*Astana`,
/// `¹Konaev`, the places whose data has gaps) and are rarely named in three words.
pub fn has_note_mark(cell: &str) -> bool {
    let t = cell.trim().trim_matches('"').trim();
    let rest = if let Some(r) = t.strip_prefix(NOTE_MARKS) {
        r
    } else {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        match (1..=2).contains(&digits) && t[digits..].starts_with(')') {
            true => &t[digits + 1..],
            false => return false,
        }
    };
    let rest = rest.trim_start_matches(NOTE_MARKS).trim_start();
    rest.starts_with(char::is_alphabetic) && rest.split_whitespace().count() >= 3
}

/// Whether a line below a table is a note rather than a row of data: its first non-empty cell
/// `lead` opens with a note label, or is a marked note (see [`has_note_mark`]) on a line that
/// fills fewer cells (`filled`) than the header names (`named`).
pub fn opens_note(lead: &str, filled: usize, named: usize) -> bool {
    is_note_label(lead) || (has_note_mark(lead) && filled < named)
}

/// The text of a note line: its non-empty cells joined with the file's delimiter and a space
/// (`sep`), so that a note split at the delimiter reads as it was written.
pub fn note_text<'a>(cells: impl IntoIterator<Item = &'a str>, sep: &str) -> String {
    cells
        .into_iter()
        .map(|c| c.trim().trim_matches('"').trim())
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_marks_open_notes() {
        for cell in [
            "Source: Bureau of National Statistics",
            "  NOTES: values for 2021 are preliminary",
            "Источник: Бюро национальной статистики",
            "Примечание: данные предварительные",
            "Дереккөз: Ұлттық статистика бюросы",
            "Data from database: World Development Indicators",
            "\"Source: WHO\"",
        ] {
            assert!(is_note_label(cell), "{cell}");
            assert!(opens_note(cell, 5, 3), "{cell}");
        }
        for cell in [
            "* Data are preliminary",
            "¹ estimate by the ministry",
            "1) Data for 2021",
            "12)данные за 2021 год",
        ] {
            assert!(has_note_mark(cell), "{cell}");
            assert!(opens_note(cell, 2, 4), "{cell}");
        }
    }

    #[test]
    fn places_and_other_colons_do_not() {
        for cell in [
            "Almaty",
            "Астана",
            "Xi'an",
            "Station: Medeu",
            "Almaty: Medeu",
            "",
            "Sourcetown",
            "Прим. край",
            "1)",
            "2021)",
        ] {
            assert!(!opens_note(cell, 1, 4), "{cell}");
        }
        // A marked place is data, in a full row or not.
        assert!(!opens_note("*Astana", 4, 4));
        assert!(!opens_note("*Konaev", 2, 4));
        assert!(!opens_note("¹ Ust-Kamenogorsk", 2, 4));
        assert!(!is_note_label("*Astana"));
    }

    #[test]
    fn note_text_joins_the_cells_it_was_split_into() {
        assert_eq!(
            note_text(
                ["Source: Bureau of National Statistics", " 2021", "", ""],
                ", "
            ),
            "Source: Bureau of National Statistics, 2021"
        );
        assert_eq!(
            note_text(["", "Источник: БНС", "2022"], "; "),
            "Источник: БНС; 2022"
        );
    }
}
