//! Note lines below a table: "Source: …", "Примечание: …", "* preliminary". Statistics
//! offices and the World Bank end their exports with such lines, and when a note holds a
//! delimiter and a number (`Source: Bureau of National Statistics, 2021`) it looks like a
//! data row: read as one, it would become a place with the value 2021. A trailing line whose
//! first cell opens a note is therefore a footnote, however many cells it fills.

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

/// Whether a line whose first cell is `cell` is a note rather than a row of data: the cell
/// starts with a footnote mark (`*`, `†`, `¹`…) or with a known label and a colon
/// (`Source:`, `Notes:`, `Источник:`, `Ескерту:`).
pub fn opens_note(cell: &str) -> bool {
    let t = cell.trim().trim_matches('"').trim();
    if t.starts_with(NOTE_MARKS) {
        return true;
    }
    t.split_once(':').is_some_and(|(label, _)| {
        let label = label.trim().to_lowercase();
        NOTE_LABELS.contains(&label.as_str())
    })
}

/// The text of a note line: its non-empty cells joined with ", " (a note split at the
/// delimiter reads as it was written).
pub fn note_text<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    cells
        .into_iter()
        .map(|c| c.trim().trim_matches('"').trim())
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
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
            "* preliminary",
            "¹ estimate",
            "\"Source: WHO\"",
        ] {
            assert!(opens_note(cell), "{cell}");
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
        ] {
            assert!(!opens_note(cell), "{cell}");
        }
    }

    #[test]
    fn note_text_joins_the_cells_it_was_split_into() {
        assert_eq!(
            note_text(["Source: Bureau of National Statistics", " 2021", "", ""]),
            "Source: Bureau of National Statistics, 2021"
        );
    }
}
