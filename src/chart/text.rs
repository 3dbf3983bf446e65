//! The words of a chart, in no language yet. A prepared chart holds [`Text`]s — message ids
//! with arguments, place and indicator names — and the figure writes them in the language of
//! the picture when it is drawn, so that changing the language never prepares the data again.

use crate::data::catalog::{Catalog, PlaceRef};
use crate::i18n::{self, Arg, Lang};

/// A text of a chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    /// A message of the language files with its arguments.
    Msg {
        id: &'static str,
        args: Vec<(&'static str, TextArg)>,
    },
    /// Text shown as it is (source names, file names).
    Raw(String),
    /// Parts joined by a separator (" · ").
    Join(Vec<Text>, &'static str),
    /// Words a file gives in each language, in the order of [`Lang::ALL`] (a target's name).
    Words([String; 3]),
}

/// An argument of a chart's message.
#[derive(Debug, Clone, PartialEq)]
pub enum TextArg {
    Text(Text),
    /// A count (plural forms).
    Count(i64),
    /// A value, written with the language's decimal mark and grouping.
    Number(f64),
    /// A value with a fixed number of decimals (r² as 0.10), with the language's decimal mark.
    Fixed(f64, usize),
    /// A place, by the name datasets store: written in the language when the gazetteer knows
    /// it.
    Place(String),
    /// An indicator, by catalog id or file name: the catalog's name in the language.
    Indicator(String),
    /// An indicator's name without "annual mean" (for monthly and daily means).
    IndicatorShort(String),
    /// A unit as the catalog writes it: written in the language when known.
    Unit(String),
    /// A year (never grouped).
    Year(i32),
    /// Places, joined by commas.
    Places(Vec<String>),
    /// (place, year) pairs, joined by commas: "Almaty 2019, Baku 2020".
    PlaceYears(Vec<(String, i32)>),
}

impl Default for Text {
    fn default() -> Self {
        Text::Raw(String::new())
    }
}

impl Text {
    /// A message without arguments.
    pub fn msg(id: &'static str) -> Text {
        Text::Msg {
            id,
            args: Vec::new(),
        }
    }

    /// A message with arguments.
    pub fn with(id: &'static str, args: Vec<(&'static str, TextArg)>) -> Text {
        Text::Msg { id, args }
    }

    /// Text shown as it is.
    pub fn raw(s: impl Into<String>) -> Text {
        Text::Raw(s.into())
    }

    /// True when nothing would be written.
    pub fn is_empty(&self) -> bool {
        match self {
            Text::Raw(s) => s.is_empty(),
            Text::Words(w) => w.iter().all(String::is_empty),
            Text::Join(parts, _) => parts.iter().all(Text::is_empty),
            Text::Msg { .. } => false,
        }
    }

    /// The text written in `lang`.
    pub fn localize(&self, lang: Lang) -> String {
        match self {
            Text::Raw(s) => s.clone(),
            Text::Words(words) => {
                let i = Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0);
                words[i].clone()
            }
            Text::Join(parts, sep) => parts
                .iter()
                .map(|p| p.localize(lang))
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(sep),
            Text::Msg { id, args } => {
                let args: Vec<(&str, Arg)> =
                    args.iter().map(|(n, a)| (*n, a.localize(lang))).collect();
                i18n::tr_args(lang, id, &args)
            }
        }
    }
}

impl TextArg {
    fn localize(&self, lang: Lang) -> Arg {
        match self {
            TextArg::Text(t) => Arg::Text(t.localize(lang)),
            TextArg::Count(n) => Arg::Count(*n),
            TextArg::Number(v) => Arg::Number(*v),
            TextArg::Fixed(v, d) => Arg::Text(crate::i18n::format_fixed(lang, *v, *d)),
            TextArg::Place(p) => Arg::Text(place_name(p, lang)),
            TextArg::Indicator(i) => Arg::Text(indicator_name(i, lang)),
            TextArg::IndicatorShort(i) => Arg::Text(indicator_short_name(i, lang)),
            TextArg::Unit(u) => Arg::Text(unit_name(u, lang)),
            TextArg::Year(y) => Arg::Text(y.to_string()),
            TextArg::Places(list) => Arg::Text(
                list.iter()
                    .map(|p| place_name(p, lang))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            TextArg::PlaceYears(list) => Arg::Text(
                list.iter()
                    .map(|(p, y)| format!("{}\u{a0}{y}", place_name(p, lang)))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        }
    }
}

/// A place's name in a language: the gazetteer's, else the name the file gives it.
pub fn place_name(place: &str, lang: Lang) -> String {
    let catalog = Catalog::bundled();
    let names = match catalog.find_place(place) {
        Some(PlaceRef::City(i)) => {
            let c = &catalog.cities[i];
            (&c.name_en, &c.name_ru, &c.name_kk)
        }
        Some(PlaceRef::Region(i)) => {
            let r = &catalog.regions[i];
            (&r.name_en, &r.name_ru, &r.name_kk)
        }
        Some(PlaceRef::Country(i)) => {
            let c = &catalog.countries[i];
            (&c.name_en, &c.name_ru, &c.name_kk)
        }
        None => return place.to_string(),
    };
    let chosen = match lang {
        Lang::En => names.0,
        Lang::Ru => names.1,
        // Kazakh falls back to Russian, the other language of Kazakhstan's statistics.
        Lang::Kk => names.2.as_ref().unwrap_or(names.1),
    };
    if chosen.is_empty() {
        names.0.clone()
    } else {
        chosen.clone()
    }
}

/// An indicator's name in a language: the catalog's, else the id or file name.
pub fn indicator_name(id: &str, lang: Lang) -> String {
    let Some(ind) = Catalog::bundled().indicator(id) else {
        return id.to_string();
    };
    match lang {
        Lang::En => ind.name_en.clone(),
        Lang::Ru => ind.name_ru.clone(),
        Lang::Kk => ind.name_kk.clone().unwrap_or_else(|| ind.name_ru.clone()),
    }
}

/// An indicator's name without its averaging period: "PM2.5 annual mean" → "PM2.5",
/// "PM2,5, среднегодовая концентрация" → "PM2,5".
pub fn indicator_short_name(id: &str, lang: Lang) -> String {
    let name = indicator_name(id, lang);
    let short = match lang {
        Lang::En => name.strip_suffix(" annual mean").map(str::to_string),
        Lang::Ru | Lang::Kk => name.split_once(", ").map(|(a, _)| a.to_string()),
    };
    short.unwrap_or(name)
}

/// A unit in a language, for the units of the catalog; others as written.
pub fn unit_name(unit: &str, lang: Lang) -> String {
    let id = match unit {
        "µg/m³" => "unit-ugm3",
        "%" => return "%".into(),
        "kg/person/year" => "unit-kg-person-year",
        "kWh/person/year" => "unit-kwh-person-year",
        "t/year" => "unit-t-year",
        _ => return unit.to_string(),
    };
    i18n::tr(lang, id)
}
