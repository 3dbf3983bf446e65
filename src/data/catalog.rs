//! The indicator catalog and place gazetteer, loaded from `assets/` and used to recognise
//! indicators, cities and countries under any of their spellings.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A thematic group of indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Waste,
    Energy,
    Air,
}

impl Theme {
    /// Every theme, in the order the window lists them.
    pub const ALL: [Theme; 3] = [Theme::Air, Theme::Energy, Theme::Waste];

    /// The theme's name on the command line and in specs.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Waste => "waste",
            Theme::Energy => "energy",
            Theme::Air => "air",
        }
    }

    /// Display name of the theme.
    pub fn label(self) -> &'static str {
        match self {
            Theme::Waste => "Waste",
            Theme::Energy => "Energy",
            Theme::Air => "Air quality",
        }
    }
}

/// Which direction of change is an improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Lower,
    Higher,
    Neutral,
}

/// What a reference value stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReferenceKind {
    /// The WHO 2021 guideline level of the annual mean.
    Guideline,
    /// A WHO interim target of the annual mean.
    Interim,
    /// Another target.
    Target,
    /// The WHO 2021 guideline level of the 24-hour mean (99th percentile), for daily means.
    Daily,
}

/// A reference value drawn on charts, such as the WHO 2021 guideline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub label: String,
    pub value: f64,
    pub kind: ReferenceKind,
}

/// One indicator of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: String,
    pub name_en: String,
    pub name_ru: String,
    /// The Kazakh name.
    #[serde(default)]
    pub name_kk: Option<String>,
    pub theme: Theme,
    pub unit: String,
    pub better: Direction,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub references: Vec<Reference>,
}

impl Indicator {
    /// The guideline value, when the catalog has one.
    pub fn guideline(&self) -> Option<f64> {
        self.references
            .iter()
            .find(|r| r.kind == ReferenceKind::Guideline)
            .map(|r| r.value)
    }
}

/// A country of the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Country {
    pub iso3: String,
    pub name_en: String,
    pub name_ru: String,
    /// The Kazakh name, where the gazetteer has one.
    #[serde(default)]
    pub name_kk: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A city of the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct City {
    pub name_en: String,
    pub name_ru: String,
    /// The Kazakh name, where the gazetteer has one.
    #[serde(default)]
    pub name_kk: Option<String>,
    /// ISO 3166 alpha-3 code of the country.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Deserialize)]
struct IndicatorFile {
    indicator: Vec<Indicator>,
}

/// A region of a country in the gazetteer (Kazakhstan's oblystar).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub name_en: String,
    pub name_ru: String,
    #[serde(default)]
    pub name_kk: Option<String>,
    /// ISO 3166 alpha-3 code of the country.
    pub country: String,
    /// The administrative centre's coordinates.
    pub lat: f64,
    pub lon: f64,
    /// The name without the word for "region", recognised only together with one
    /// (`Akmola oblast`, `Акмолинская обл.`): alone, several are cities.
    #[serde(default)]
    pub stems: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// How the region's territory changed, repeated to whoever loads data naming it.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Deserialize)]
struct PlaceFile {
    country: Vec<Country>,
    city: Vec<City>,
    #[serde(default)]
    region: Vec<Region>,
}

/// A place recognised by the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceRef {
    City(usize),
    Region(usize),
    Country(usize),
}

/// What kind of place a name is: the window and charts tell cities, regions and countries
/// apart (a region's value is not a city's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    City,
    Region,
    Country,
}

/// Indicators, cities and countries with their alias indexes.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub indicators: Vec<Indicator>,
    pub countries: Vec<Country>,
    pub cities: Vec<City>,
    pub regions: Vec<Region>,
    indicator_keys: HashMap<String, usize>,
    place_keys: HashMap<String, PlaceRef>,
    /// Regions by the match key of their stems (with a word for "region" only).
    region_stems: HashMap<String, usize>,
}

/// Errors reading the catalog files.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("cannot parse {file}: {source}")]
    Parse {
        file: &'static str,
        #[source]
        source: toml::de::Error,
    },
    #[error("{file}: {message}")]
    Invalid { file: &'static str, message: String },
}

const INDICATORS_TOML: &str = include_str!("../../assets/indicators.toml");
const PLACES_TOML: &str = include_str!("../../assets/places.toml");

impl Catalog {
    /// The catalog bundled from `assets/`, parsed once per process.
    pub fn bundled() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            Catalog::from_toml(INDICATORS_TOML, PLACES_TOML)
                .expect("the bundled catalog in assets/ is valid (checked by tests)")
        })
    }

    /// Parses the catalog from the text of `indicators.toml` and `places.toml`.
    pub fn from_toml(indicators: &str, places: &str) -> Result<Catalog, CatalogError> {
        let ind: IndicatorFile =
            toml::from_str(indicators).map_err(|source| CatalogError::Parse {
                file: "indicators.toml",
                source,
            })?;
        let pl: PlaceFile = toml::from_str(places).map_err(|source| CatalogError::Parse {
            file: "places.toml",
            source,
        })?;
        let mut indicator_keys = HashMap::new();
        for (i, ind) in ind.indicator.iter().enumerate() {
            for name in [&ind.id, &ind.name_en, &ind.name_ru]
                .into_iter()
                .chain(&ind.aliases)
            {
                if let Some(prev) = indicator_keys.insert(match_key(name), i)
                    && prev != i
                {
                    return Err(CatalogError::Invalid {
                        file: "indicators.toml",
                        message: format!("alias {name:?} names two indicators"),
                    });
                }
            }
        }
        let mut place_keys = HashMap::new();
        for (i, c) in pl.country.iter().enumerate() {
            for name in [&c.iso3, &c.name_en, &c.name_ru]
                .into_iter()
                .chain(&c.name_kk)
                .chain(&c.aliases)
            {
                place_keys.insert(match_key(name), PlaceRef::Country(i));
            }
        }
        let mut region_stems = HashMap::new();
        for (i, r) in pl.region.iter().enumerate() {
            if !pl.country.iter().any(|k| k.iso3 == r.country) {
                return Err(CatalogError::Invalid {
                    file: "places.toml",
                    message: format!("region {} names unknown country {}", r.name_en, r.country),
                });
            }
            for name in [&r.name_en, &r.name_ru]
                .into_iter()
                .chain(&r.name_kk)
                .chain(&r.aliases)
            {
                place_keys.insert(match_key(name), PlaceRef::Region(i));
            }
            for stem in &r.stems {
                if let Some(prev) = region_stems.insert(match_key(stem), i)
                    && prev != i
                {
                    return Err(CatalogError::Invalid {
                        file: "places.toml",
                        message: format!("region stem {stem:?} names two regions"),
                    });
                }
            }
        }
        for (i, c) in pl.city.iter().enumerate() {
            if !pl.country.iter().any(|k| k.iso3 == c.country) {
                return Err(CatalogError::Invalid {
                    file: "places.toml",
                    message: format!("city {} names unknown country {}", c.name_en, c.country),
                });
            }
            // Cities win over countries on a shared key, so city names are inserted last.
            for name in [&c.name_en, &c.name_ru]
                .into_iter()
                .chain(&c.name_kk)
                .chain(&c.aliases)
            {
                place_keys.insert(match_key(name), PlaceRef::City(i));
            }
        }
        Ok(Catalog {
            indicators: ind.indicator,
            countries: pl.country,
            cities: pl.city,
            regions: pl.region,
            indicator_keys,
            place_keys,
            region_stems,
        })
    }

    /// The indicator with this id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// Recognises an indicator by id, name or alias (case-, accent- and punctuation-insensitive).
    pub fn find_indicator(&self, name: &str) -> Option<&Indicator> {
        self.indicator_keys
            .get(&match_key(name))
            .or_else(|| {
                self.indicator_keys
                    .get(&match_key(strip_parenthesised(name)))
            })
            .map(|&i| &self.indicators[i])
    }

    /// Recognises a city, region or country under any of its names; a region also as its
    /// stem with a word for "region" (`Akmola oblast`, `Акмолинская обл.`, `Ақмола облысы`); a
    /// city also with an administrative prefix or suffix (`г. Алматы`, `город Шымкент`, `Almaty
    /// city`, `Istanbul Metropolitan Municipality`, `Shanghai Shi`).
    pub fn find_place(&self, name: &str) -> Option<PlaceRef> {
        if let Some(&p) = self.place_keys.get(&match_key(name)) {
            return Some(p);
        }
        if let Some(stem) = super::places::region_stem(name) {
            return self
                .region_stems
                .get(&match_key(stem))
                .map(|&i| PlaceRef::Region(i));
        }
        let bare = super::places::without_admin_affix(name)?;
        match self.place_keys.get(&match_key(bare)).copied()? {
            p @ PlaceRef::City(_) => Some(p),
            PlaceRef::Country(_) | PlaceRef::Region(_) => None,
        }
    }

    /// The canonical English name of a recognised place.
    pub fn place_name(&self, place: PlaceRef) -> &str {
        match place {
            PlaceRef::City(i) => &self.cities[i].name_en,
            PlaceRef::Region(i) => &self.regions[i].name_en,
            PlaceRef::Country(i) => &self.countries[i].name_en,
        }
    }

    /// The kind of a place name: city, region or country; a name the gazetteer does not know
    /// is taken for a city, as the loader loads it.
    pub fn place_kind(&self, name: &str) -> PlaceKind {
        match self.find_place(name) {
            Some(PlaceRef::Region(_)) => PlaceKind::Region,
            Some(PlaceRef::Country(_)) => PlaceKind::Country,
            Some(PlaceRef::City(_)) | None => PlaceKind::City,
        }
    }

    /// The country of a recognised place (itself for a country).
    pub fn country_of(&self, place: PlaceRef) -> Option<&Country> {
        let iso = match place {
            PlaceRef::City(i) => &self.cities[i].country,
            PlaceRef::Region(i) => &self.regions[i].country,
            PlaceRef::Country(i) => return self.countries.get(i),
        };
        self.countries.iter().find(|c| &c.iso3 == iso)
    }

    /// Recognises a country by name, alias or ISO code.
    pub fn find_country(&self, name: &str) -> Option<&Country> {
        match self.find_place(name)? {
            PlaceRef::Country(i) => Some(&self.countries[i]),
            PlaceRef::City(_) | PlaceRef::Region(_) => self
                .countries
                .iter()
                .find(|c| match_key(&c.name_en) == match_key(name)),
        }
    }

    /// The country a recognised city lies in.
    pub fn country_of_city(&self, city: usize) -> Option<&Country> {
        let iso = &self.cities[city].country;
        self.countries.iter().find(|c| &c.iso3 == iso)
    }
}

/// The key names are matched by: lower case, accents removed, only letters and digits kept.
///
/// `"Xi'an"`, `"XI AN"` and `"Xi An"` all become `"xian"`; `"Türkiye"` becomes `"turkiye"`;
/// Cyrillic letters are kept (`"Астана"` → `"астана"`).
pub fn match_key(name: &str) -> String {
    name.nfkd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Text with a trailing parenthesised part removed: `"PM2.5 (μg/m3)"` → `"PM2.5"`.
pub fn strip_parenthesised(name: &str) -> &str {
    match name.rfind('(') {
        Some(i) if i > 0 && name.trim_end().ends_with(')') => name[..i].trim_end(),
        _ => name,
    }
}

/// Normalises common spellings of a unit to the catalog's spelling (`ug/m3`, `μg/m3`,
/// `micrograms per cubic meter` → `µg/m³`). Unknown units are returned trimmed.
pub fn normalize_unit(unit: &str) -> String {
    let u = unit.trim();
    let key: String = u
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let canonical = match key.as_str() {
        "µg/m³"
        | "µg/m3"
        | "μg/m3"
        | "μg/m³"
        | "ug/m3"
        | "ug/m³"
        | "mcg/m3"
        | "мкг/м3"
        | "мкг/м³"
        | "microgramspercubicmeter"
        | "microgramspercubicmetre"
        | "µgm-3"
        | "ugm-3" => "µg/m³",
        "%" | "percent" | "pct" | "percentage" => "%",
        "kwh" => "kWh",
        "kg_hab" | "kgperinhabitant" | "kg/person/year" | "kg/capita/year" | "kgpercapita" => {
            "kg/person/year"
        }
        "kwh/person/year" | "kwhpercapita" | "kwh/capita" => "kWh/person/year",
        _ => return u.to_string(),
    };
    canonical.to_string()
}

/// The unit written in a header's trailing parentheses: `"PM2.5 (μg/m3)"` → `Some("µg/m³")`.
pub fn unit_from_header(header: &str) -> Option<String> {
    let h = header.trim_end();
    if !h.ends_with(')') {
        return None;
    }
    let open = h.rfind('(')?;
    let inner = h[open + 1..h.len() - 1].trim();
    if inner.is_empty() {
        return None;
    }
    let unit = normalize_unit(inner);
    // "(% of total final energy consumption)" → "%"
    if unit.starts_with('%') {
        return Some("%".into());
    }
    Some(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_catalog_has_required_indicators_and_who_values() {
        let c = Catalog::bundled();
        for id in [
            "pm25",
            "pm10",
            "no2",
            "recycling_rate",
            "msw_per_capita",
            "waste_collection_coverage",
            "electricity_per_capita",
            "energy_per_capita",
            "renewable_share",
        ] {
            assert!(c.indicator(id).is_some(), "missing {id}");
        }
        assert_eq!(c.indicator("pm25").unwrap().guideline(), Some(5.0));
        assert_eq!(c.indicator("pm10").unwrap().guideline(), Some(15.0));
        assert_eq!(c.indicator("no2").unwrap().guideline(), Some(10.0));
        let pm25 = c.indicator("pm25").unwrap();
        let of = |kind: ReferenceKind| -> Vec<f64> {
            pm25.references
                .iter()
                .filter(|r| r.kind == kind)
                .map(|r| r.value)
                .collect()
        };
        assert_eq!(of(ReferenceKind::Interim), vec![35.0, 25.0, 15.0, 10.0]);
        assert_eq!(
            of(ReferenceKind::Daily),
            vec![15.0],
            "WHO 2021 24-hour guideline"
        );
    }

    #[test]
    fn place_aliases_resolve_to_canonical_names() {
        let c = Catalog::bundled();
        let name = |s: &str| c.place_name(c.find_place(s).unwrap()).to_string();
        assert_eq!(name("Nur-Sultan"), "Astana");
        assert_eq!(name("Nursultan"), "Astana");
        assert_eq!(name("Астана"), "Astana");
        assert_eq!(name("Xi An"), "Xi'an");
        assert_eq!(name("Xian Shi"), "Xi'an");
        assert_eq!(name("Сиань"), "Xi'an");
        assert_eq!(name("Wulumuqi Shi"), "Urumqi");
        assert_eq!(name("Turkiye"), "Turkey");
        assert_eq!(name("Türkiye"), "Turkey");
        assert_eq!(name("KYRGYZ REPUBLIC"), "Kyrgyzstan");
        assert!(c.find_place("Atlantis").is_none());
    }

    #[test]
    fn units_and_headers() {
        assert_eq!(normalize_unit("μg/m3"), "µg/m³");
        assert_eq!(normalize_unit("ug/m3"), "µg/m³");
        assert_eq!(unit_from_header("PM2.5 (μg/m3)").as_deref(), Some("µg/m³"));
        assert_eq!(unit_from_header("PM2.5"), None);
        assert_eq!(strip_parenthesised("PM10 (μg/m3)"), "PM10");
        let c = Catalog::bundled();
        assert_eq!(c.find_indicator("PM2.5 (μg/m3)").unwrap().id, "pm25");
        assert_eq!(c.find_indicator("EN.ATM.PM25.MC.M3").unwrap().id, "pm25");
        assert!(c.find_indicator("PM25 temporal coverage (%)").is_none());
    }

    #[test]
    fn regions_are_recognised_with_a_word_for_region_and_never_taken_for_cities() {
        let c = Catalog::bundled();
        let name = |n: &str| c.find_place(n).map(|p| c.place_name(p).to_string());
        for (written, region) in [
            ("Akmola oblast", "Akmola Region"),
            ("Акмолинская обл.", "Akmola Region"),
            ("Ақмола облысы", "Akmola Region"),
            ("Алматы облысы", "Almaty Region"),
            ("Алматинская область", "Almaty Region"),
            ("область Абай", "Abai Region"),
            ("Zhetysu region", "Jetisu Region"),
            ("ЮКО", "South Kazakhstan Region"),
            ("Туркестанская область", "Turkistan Region"),
            ("Ulytau Oblast", "Ulytau Region"),
        ] {
            assert_eq!(name(written).as_deref(), Some(region), "{written}");
            assert_eq!(c.place_kind(written), PlaceKind::Region, "{written}");
        }
        // Alone, the stems are cities (or a city's former name).
        assert_eq!(name("Akmola").as_deref(), Some("Astana"));
        assert_eq!(name("Алматы").as_deref(), Some("Almaty"));
        assert_eq!(c.place_kind("Karaganda"), PlaceKind::City);
        assert_eq!(c.place_kind("Kazakhstan"), PlaceKind::Country);
        // A word for region after an unknown name is no region.
        assert_eq!(c.find_place("Narnia oblast"), None);
        let akmola = c.find_place("Akmola Region").unwrap();
        assert_eq!(c.country_of(akmola).map(|k| k.iso3.as_str()), Some("KAZ"));
    }
}
