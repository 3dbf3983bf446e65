//! Reference targets the standards scorecard measures places against: the WHO 2021 air quality
//! guideline and interim targets, the EU's municipal recycling and renewable-energy targets,
//! universal waste collection — read from `assets/targets.toml` (embedded), and any national or
//! city targets a user adds in a file of the same form.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};

use super::catalog::{Catalog, PlaceRef};

/// The bundled targets file.
const BUNDLED: &str = include_str!("../../assets/targets.toml");

/// Which side of its value a target is met on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetDirection {
    /// Met when the value is at or below the target (pollutant concentrations).
    AtMost,
    /// Met when the value is at or above it (recycling rate, renewable share).
    AtLeast,
}

/// One reference target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// A short unique key.
    pub id: String,
    /// What the scorecard calls it ("WHO interim target 3").
    pub name: String,
    /// A short name for the scorecard's cells ("EU 2030 target"); the name when none.
    #[serde(default)]
    pub short: Option<String>,
    /// The catalog id of its indicator (or the indicator's name as a file gives it).
    pub indicator: String,
    /// The target value, in the indicator's catalog unit.
    pub value: f64,
    pub direction: TargetDirection,
    /// The year it was set, or the year it is due ("by 2030").
    pub year: i32,
    /// Who issued it.
    pub body: String,
    /// Where it is written: a URL or a legal reference.
    pub source: String,
    /// The cities or countries it applies to (a country's target applies to its cities);
    /// empty: every place.
    #[serde(default)]
    pub places: Vec<String>,
    /// Its name, short name and issuing body in Russian (`[target.ru]`); each falls back to
    /// the English one.
    #[serde(default)]
    pub ru: Option<TargetWords>,
    /// The same in Kazakh (`[target.kk]`).
    #[serde(default)]
    pub kk: Option<TargetWords>,
}

/// A target's words in one language other than English.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetWords {
    pub name: Option<String>,
    pub short: Option<String>,
    pub body: Option<String>,
}

/// Which of a target's words: see [`Target::words`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetWord {
    Name,
    /// The short name for cells (the name when the file gives none).
    Short,
    Body,
}

impl Target {
    /// A word of the target in each language, in the order English, Russian, Kazakh (the
    /// ISO 639-1 codes `en`, `ru`, `kk`): a translation the file does not give is the English
    /// word.
    pub fn words(&self, word: TargetWord) -> [String; 3] {
        let english = match word {
            TargetWord::Name => &self.name,
            TargetWord::Short => self.short.as_ref().unwrap_or(&self.name),
            TargetWord::Body => &self.body,
        };
        let translated = |w: &Option<TargetWords>| {
            let w = w.as_ref();
            let found = match word {
                TargetWord::Name => w.and_then(|w| w.name.as_ref()),
                TargetWord::Short => w.and_then(|w| w.short.as_ref().or(w.name.as_ref())),
                TargetWord::Body => w.and_then(|w| w.body.as_ref()),
            };
            found.unwrap_or(english).clone()
        };
        [english.clone(), translated(&self.ru), translated(&self.kk)]
    }

    /// Whether `value` meets the target.
    pub fn met_by(&self, value: f64) -> bool {
        match self.direction {
            TargetDirection::AtMost => value <= self.value,
            TargetDirection::AtLeast => value >= self.value,
        }
    }

    /// Whether the target applies to `place` (by any of its names; a country's target to the
    /// country's cities and regions).
    pub fn applies_to(&self, place: &str) -> bool {
        if self.places.is_empty() {
            return true;
        }
        let catalog = Catalog::bundled();
        let found = catalog.find_place(place);
        let country = found.and_then(|p| catalog.country_of(p)).map(|c| &c.iso3);
        self.places.iter().any(|p| {
            let key = super::query::place_key(catalog, p);
            if key == super::query::place_key(catalog, place) {
                return true;
            }
            match catalog.find_place(p) {
                Some(PlaceRef::Country(i)) => country == Some(&catalog.countries[i].iso3),
                _ => false,
            }
        })
    }

    /// How strict the target is: targets of one indicator sort from the easiest to meet to the
    /// strictest by this key.
    pub fn strictness(&self) -> f64 {
        match self.direction {
            TargetDirection::AtMost => -self.value,
            TargetDirection::AtLeast => self.value,
        }
    }
}

/// Why a targets file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("reading the targets file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the targets file {origin} is not valid: {message}")]
    Parse { origin: String, message: String },
    #[error("the targets file {origin}: target '{id}' {problem}")]
    Invalid {
        origin: String,
        id: String,
        problem: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    target: Vec<Target>,
}

/// Parses a targets file (TOML; `origin` names it in errors), checking each target: a
/// non-empty id, name and indicator, a finite value, and ids unique within the file.
pub fn parse(text: &str, origin: &str) -> Result<Vec<Target>, TargetError> {
    let file: File = toml::from_str(text).map_err(|e| TargetError::Parse {
        origin: origin.to_string(),
        message: e.to_string(),
    })?;
    let mut seen = std::collections::HashSet::new();
    for t in &file.target {
        let invalid = |problem: &str| TargetError::Invalid {
            origin: origin.to_string(),
            id: t.id.clone(),
            problem: problem.to_string(),
        };
        if t.id.trim().is_empty() || t.name.trim().is_empty() || t.indicator.trim().is_empty() {
            return Err(invalid("needs an id, a name and an indicator"));
        }
        if !t.value.is_finite() {
            return Err(invalid("has a value that is not a number"));
        }
        if !seen.insert(t.id.clone()) {
            return Err(invalid("appears twice"));
        }
    }
    Ok(file.target)
}

/// The bundled targets.
pub fn bundled() -> Vec<Target> {
    parse(BUNDLED, "assets/targets.toml").expect("the bundled targets file is valid")
}

fn active_set() -> &'static RwLock<Arc<Vec<Target>>> {
    static ACTIVE: std::sync::OnceLock<RwLock<Arc<Vec<Target>>>> = std::sync::OnceLock::new();
    ACTIVE.get_or_init(|| RwLock::new(Arc::new(bundled())))
}

/// The targets in force: the bundled ones and those added with [`add`] (a user's target
/// replaces a bundled one of the same id).
pub fn active() -> Arc<Vec<Target>> {
    active_set()
        .read()
        .map(|t| t.clone())
        .unwrap_or_else(|e| e.into_inner().clone())
}

/// Adds targets to those in force; returns how many were added.
pub fn add(targets: Vec<Target>) -> usize {
    let n = targets.len();
    let mut guard = active_set().write().unwrap_or_else(|e| e.into_inner());
    let mut all: Vec<Target> = guard.as_ref().clone();
    for t in targets {
        all.retain(|o| o.id != t.id);
        all.push(t);
    }
    *guard = Arc::new(all);
    n
}

/// Reads a targets file and adds its targets to those in force.
pub fn add_file(path: &Path) -> Result<usize, TargetError> {
    let text = std::fs::read_to_string(path).map_err(|source| TargetError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(add(parse(&text, &path.display().to_string())?))
}

/// The user's own targets file: `$CITYDASH_TARGETS`, else `targets.toml` in citydash's
/// configuration folder (`~/.config/citydash/` on Linux).
pub fn user_file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CITYDASH_TARGETS") {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("org", "citydash", "citydash")
        .map(|d| d.config_dir().join("targets.toml"))
}

/// Adds the user's targets file when there is one: `Ok(None)` when there is none, else the
/// file and how many targets it added.
pub fn add_user_file() -> Result<Option<(PathBuf, usize)>, TargetError> {
    let Some(path) = user_file().filter(|p| p.is_file()) else {
        return Ok(None);
    };
    let n = add_file(&path)?;
    Ok(Some((path, n)))
}

/// The targets in force for `indicator`, easiest to meet first.
pub fn for_indicator(all: &[Target], indicator: &str) -> Vec<Target> {
    let mut out: Vec<Target> = all
        .iter()
        .filter(|t| t.indicator == indicator)
        .cloned()
        .collect();
    out.sort_by(|a, b| a.strictness().total_cmp(&b.strictness()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::catalog::ReferenceKind;

    #[test]
    fn bundled_who_targets_agree_with_the_catalog_references() {
        let targets = bundled();
        let catalog = Catalog::bundled();
        for id in ["pm25", "pm10", "no2"] {
            let ind = catalog.indicator(id).unwrap();
            let mut refs: Vec<f64> = ind
                .references
                .iter()
                .filter(|r| matches!(r.kind, ReferenceKind::Guideline | ReferenceKind::Interim))
                .map(|r| r.value)
                .collect();
            refs.sort_by(f64::total_cmp);
            let mut ours: Vec<f64> = for_indicator(&targets, id)
                .iter()
                .map(|t| t.value)
                .collect();
            ours.sort_by(f64::total_cmp);
            assert_eq!(ours, refs, "{id}");
        }
        // The EU recycling ladder, easiest first.
        let eu: Vec<f64> = for_indicator(&targets, "recycling_rate")
            .iter()
            .map(|t| t.value)
            .collect();
        assert_eq!(eu, vec![55.0, 60.0, 65.0]);
    }

    #[test]
    fn a_bad_targets_file_names_what_is_wrong() {
        let e = parse("[[target]]\nid = 'x'\n", "mine.toml").unwrap_err();
        assert!(e.to_string().contains("mine.toml"), "{e}");
        let twice = "[[target]]\nid='a'\nname='A'\nindicator='pm25'\nvalue=1.0\n\
                     direction='at_most'\nyear=2020\nbody='B'\nsource='S'\n";
        let e = parse(&format!("{twice}{twice}"), "mine.toml").unwrap_err();
        assert!(e.to_string().contains("'a' appears twice"), "{e}");
        let e = parse(&twice.replace("at_most", "below"), "m.toml").unwrap_err();
        assert!(e.to_string().contains("m.toml"), "{e}");
    }

    #[test]
    fn national_targets_apply_to_the_countrys_cities() {
        let t = Target {
            id: "kz".into(),
            name: "Kazakhstan 2030".into(),
            short: None,
            indicator: "recycling_rate".into(),
            value: 40.0,
            direction: TargetDirection::AtLeast,
            year: 2030,
            body: "Government of Kazakhstan".into(),
            source: "-".into(),
            places: vec!["Казахстан".into()],
            ru: None,
            kk: None,
        };
        assert!(t.applies_to("Almaty"));
        assert!(t.applies_to("Nur-Sultan"));
        assert!(!t.applies_to("Tashkent"));
        let city = Target {
            places: vec!["Alma-Ata".into()],
            ..t.clone()
        };
        assert!(city.applies_to("Almaty") && !city.applies_to("Astana"));
        assert!(t.met_by(40.0) && !t.met_by(39.9));
    }

    #[test]
    fn a_word_not_translated_is_written_in_english() {
        let text = "[[target]]\nid='a'\nname='A name'\nshort='A'\nindicator='pm25'\n\
                    value=1.0\ndirection='at_most'\nyear=2020\nbody='B'\nsource='S'\n\
                    [target.ru]\nname='Имя'\n[target.kk]\nbody='Ұйым'\n";
        let t = &parse(text, "t.toml").unwrap()[0];
        assert_eq!(t.words(TargetWord::Name), ["A name", "Имя", "A name"]);
        // A translated name stands for the short name the translation does not give.
        assert_eq!(t.words(TargetWord::Short), ["A", "Имя", "A"]);
        assert_eq!(t.words(TargetWord::Body), ["B", "B", "Ұйым"]);
        let e = parse(&text.replace("body='Ұйым'", "title='x'"), "t.toml").unwrap_err();
        assert!(e.to_string().contains("title"), "{e}");
    }
}
