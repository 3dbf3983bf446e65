//! Units as files write them, and conversion to an indicator's catalog unit before anything
//! is combined: mass concentrations (ng, µg, mg per m³), gas mixing ratios (ppb, ppm) to
//! µg/m³, energy (Wh … GWh, MJ, GJ, toe) and waste mass (g, kg, t) per person per year or
//! per day, and shares given as fractions.
//!
//! Standard factors and where they come from:
//! - Gases: µg/m³ = ppb × M / 24.45, M the molar mass in g/mol and 24.45 L/mol the molar
//!   volume of an ideal gas at 25 °C and 1013.25 hPa, the conditions the WHO 2021 air quality
//!   guidelines convert at (NO₂: 1 ppb = 1.88 µg/m³).
//! - Energy: 1 toe = 11 630 kWh and 1 GJ = 277.78 kWh (IEA conventions).
//! - Per day → per year: × 365.

use serde::Serialize;

/// What one unit measures, with its size in the kind's base unit.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Mass per cubic metre of air; base µg/m³.
    Concentration,
    /// Parts of a gas per volume of air; base ppb.
    MixingRatio,
    /// Energy; base kWh.
    Energy,
    /// Mass; base kg.
    Mass,
    /// A share; base percent.
    Share,
}

/// How often a quantity is given per person.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Per {
    None,
    Year,
    Day,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Parsed {
    kind: Kind,
    scale: f64,
    per_person: bool,
    per: Per,
}

/// A conversion of an indicator's values from one unit to another, as the load report tells
/// it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct UnitConversion {
    pub indicator: String,
    pub from: String,
    pub to: String,
    /// Values in `from` are multiplied by this to give `to`.
    pub factor: f64,
    /// How the factor is defined, where it is not a plain change of prefix.
    pub basis: Option<String>,
    /// How many values were converted.
    pub values: usize,
}

/// Molar masses (g/mol) of the gases whose indicators citydash knows.
const MOLAR_MASS: &[(&str, f64, &str)] = &[
    ("no2", 46.0055, "NO₂"),
    ("so2", 64.066, "SO₂"),
    ("o3", 47.997, "O₃"),
    ("co", 28.010, "CO"),
];

/// Molar volume (L/mol) at 25 °C and 1013.25 hPa, as the WHO 2021 guidelines convert.
const MOLAR_VOLUME_25C: f64 = 24.45;

/// The factor and its basis that turn values of `indicator` in `from` into `to`, when the
/// conversion is known. `None` for equal units and for units that cannot be converted.
pub fn conversion(indicator: &str, from: &str, to: &str) -> Option<(f64, Option<String>)> {
    let (f, t) = (parse(from)?, parse(to)?);
    if f == t || f.per_person != t.per_person {
        return None;
    }
    let mut basis = Vec::new();
    let mut factor = match (f.kind, t.kind) {
        (a, b) if a == b => f.scale / t.scale,
        (Kind::MixingRatio, Kind::Concentration) => {
            let &(_, m, gas) = MOLAR_MASS.iter().find(|(id, _, _)| *id == indicator)?;
            let per_ppb = m / MOLAR_VOLUME_25C;
            basis.push(format!(
                "1 ppb {gas} = {per_ppb:.3} µg/m³ at 25 °C and 1013.25 hPa (molar mass {m} g/mol, \
                 molar volume 24.45 L/mol, as the WHO 2021 guidelines convert)"
            ));
            f.scale * per_ppb / t.scale
        }
        _ => return None,
    };
    match (f.per, t.per) {
        (a, b) if a == b => {}
        (Per::Day, Per::Year) => {
            factor *= 365.0;
            basis.push("per day × 365 = per year".into());
        }
        (Per::Year, Per::Day) => {
            factor /= 365.0;
            basis.push("per year ÷ 365 = per day".into());
        }
        // A per-person quantity without a period is taken as yearly, the way national
        // statistics give it.
        (Per::None, Per::Year) | (Per::Year, Per::None) => {}
        _ => return None,
    }
    if f.kind == Kind::Energy && (from_has(from, "toe") || from_has(from, "gj")) {
        basis.push("1 toe = 11 630 kWh, 1 GJ = 277.78 kWh (IEA)".into());
    }
    if f.kind == Kind::Share && f.scale > 1.0 {
        basis.push("a fraction (0–1) × 100 = percent".into());
    }
    ((factor - 1.0).abs() > 1e-12).then(|| (factor, (!basis.is_empty()).then(|| basis.join("; "))))
}

/// True for a unit this module knows (`мг/м³`, `ppb`, `MWh`, `t per capita`, `%`).
pub fn is_unit(unit: &str) -> bool {
    parse(unit).is_some()
}

fn from_has(unit: &str, token: &str) -> bool {
    tokens(unit).iter().any(|t| t == token)
}

/// A unit's lower-case tokens with Russian words and symbols in their Latin spelling:
/// `"мг/м³"` → `["mg", "m3"]`, `"kWh per capita"` → `["kwh", "capita"]`.
fn tokens(unit: &str) -> Vec<String> {
    let mut u = unit.to_lowercase();
    for (from, to) in [
        ("μ", "µ"),
        ("³", "3"),
        ("·", ""),
        ("⋅", ""),
        ("‧", ""),
        ("_", "/"),
        ("мкг", "µg"),
        ("мг", "mg"),
        ("нг", "ng"),
        ("м3", "m3"),
        ("квтч", "kwh"),
        ("мвтч", "mwh"),
        ("гвтч", "gwh"),
        ("гдж", "gj"),
        ("мдж", "mj"),
        ("кг", "kg"),
        ("тнэ", "toe"),
        ("млн", "million"),
    ] {
        u = u.replace(from, to);
    }
    u.split(|c: char| c == '/' || c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .filter(|t| !t.is_empty() && *t != "per" && *t != "a" && *t != "in")
        .map(|t| match t {
            "т" | "тонн" | "tonne" | "tonnes" | "ton" | "tons" => "t".to_string(),
            "чел" | "чел." | "человека" | "person" | "persons" | "capita" | "inhabitant"
            | "inhabitants" | "hab" | "head" | "resident" | "residents" | "жителя" => {
                "person".to_string()
            }
            "год" | "year" | "yr" | "annum" | "y" => "year".to_string(),
            "день" | "сутки" | "сут" | "сут." | "day" | "d" => "day".to_string(),
            _ => t.to_string(),
        })
        .collect()
}

/// Reads a unit into its kind and size; `None` for units this module does not know.
fn parse(unit: &str) -> Option<Parsed> {
    let toks = tokens(unit);
    let (first, rest) = toks.split_first()?;
    let has = |t: &str| rest.iter().any(|r| r == t);
    let per_person = has("person");
    let per = if has("day") {
        Per::Day
    } else if has("year") {
        Per::Year
    } else {
        Per::None
    };
    let (kind, scale) = match first.as_str() {
        "ng" | "µg" | "ug" | "mcg" | "mg" | "g" if has("m3") => (
            Kind::Concentration,
            match first.as_str() {
                "ng" => 1e-3,
                "mg" => 1e3,
                "g" => 1e6,
                _ => 1.0,
            },
        ),
        "ppt" => (Kind::MixingRatio, 1e-3),
        "ppb" => (Kind::MixingRatio, 1.0),
        "ppm" => (Kind::MixingRatio, 1e3),
        "wh" => (Kind::Energy, 1e-3),
        "kwh" => (Kind::Energy, 1.0),
        "mwh" => (Kind::Energy, 1e3),
        "gwh" => (Kind::Energy, 1e6),
        "mj" => (Kind::Energy, 1.0 / 3.6),
        "gj" => (Kind::Energy, 1000.0 / 3.6),
        "kgoe" => (Kind::Energy, 11.63),
        "toe" => (Kind::Energy, 11_630.0),
        "g" => (Kind::Mass, 1e-3),
        "kg" => (Kind::Mass, 1.0),
        "t" => (Kind::Mass, 1e3),
        "%" | "percent" | "pct" | "percentage" => (Kind::Share, 1.0),
        "fraction" | "ratio" | "proportion" | "share" | "0-1" => (Kind::Share, 100.0),
        _ => return None,
    };
    Some(Parsed {
        kind,
        scale,
        per_person,
        per,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn factor(ind: &str, from: &str, to: &str) -> Option<f64> {
        conversion(ind, from, to).map(|(f, _)| f)
    }

    #[test]
    fn concentrations_gases_energy_waste_and_shares_convert() {
        let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-9 * b.abs());
        assert!(close(factor("pm25", "мг/м³", "µg/m³"), 1000.0));
        assert!(close(factor("pm25", "mg/m3", "µg/m³"), 1000.0));
        assert!(close(factor("pm10", "ng/m³", "µg/m³"), 0.001));
        assert!(close(factor("no2", "ppb", "µg/m³"), 46.0055 / 24.45));
        assert!(close(
            factor("no2", "ppm", "µg/m³"),
            46.0055 / 24.45 * 1000.0
        ));
        assert!(
            conversion("no2", "ppm", "µg/m³")
                .unwrap()
                .1
                .unwrap()
                .contains("25 °C")
        );
        // A particle mass has no molar mass: ppm of PM2.5 is not converted.
        assert_eq!(factor("pm25", "ppm", "µg/m³"), None);
        assert!(close(
            factor(
                "electricity_per_capita",
                "MWh/person/year",
                "kWh/person/year"
            ),
            1000.0
        ));
        assert!(close(
            factor("energy_per_capita", "toe per capita", "kWh/person/year"),
            11_630.0
        ));
        assert!(close(
            factor("energy_per_capita", "ГДж/чел", "kWh/person/year"),
            1000.0 / 3.6
        ));
        assert!(close(
            factor("msw_per_capita", "kg/person/day", "kg/person/year"),
            365.0
        ));
        assert!(close(
            factor("msw_per_capita", "t per capita", "kg/person/year"),
            1000.0
        ));
        assert!(close(factor("recycling_rate", "fraction", "%"), 100.0));
        // Totals are not per person: never turned into per-person values.
        assert_eq!(factor("msw_per_capita", "t/year", "kg/person/year"), None);
        assert_eq!(factor("pm25", "µg/m³", "µg/m³"), None);
        assert_eq!(factor("pm25", "μg/m3", "µg/m³"), None);
        assert_eq!(factor("pm25", "AQI", "µg/m³"), None);
    }
}
