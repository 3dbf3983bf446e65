//! Recognising what each column of a raw table means, and which layout the table has.

use polars::prelude::*;

use super::catalog::{Catalog, match_key, strip_parenthesised};
use super::options::{ColumnMapping, Role};
use super::report::Layout;

/// Headers of the place column.
const PLACE_HEADERS: &[&str] = &[
    "city",
    "cityname",
    "cityorlocality",
    "locality",
    "town",
    "municipality",
    "қала",
    "елдімекен",
    "place",
    "placename",
    "entity",
    "geotime",
    "geo",
    "urbanarea",
    "город",
    "населенныйпункт",
    "населённыйпункт",
    "место",
    "муниципалитет",
    "location",
    // Regions: the Russian and Kazakh words, never English "Region" (a world region beside
    // the country in many international tables).
    "регион",
    "область",
    "облыс",
    "аймақ",
    "oblast",
    "наименованиерегиона",
    "регионы",
    "region",
    "regionname",
];

/// Headers of the country column.
const COUNTRY_HEADERS: &[&str] = &[
    "country",
    "countryname",
    "whocountryname",
    "countryorarea",
    "countryterritory",
    "nation",
    "страна",
    "государство",
    "ел",
    "мемлекет",
    "iso3",
    "iso3c",
    "countrycode",
    "iso",
    "countryiso3code",
];

/// Headers of the indicator column.
const INDICATOR_HEADERS: &[&str] = &[
    "indicator",
    "indicatorname",
    "parameter",
    "pollutant",
    "measure",
    "variable",
    "series",
    "seriesname",
    "metric",
    "indicatorid",
    "indicatorcode",
    "seriescode",
    "показатель",
    "индикатор",
    "загрязнитель",
    "параметр",
    "көрсеткіш",
    "ластаушызат",
    "наименованиепоказателя",
    "названиепоказателя",
    "көрсеткіштіңатауы",
    "көрсеткішатауы",
];

/// Headers of the time column.
const TIME_HEADERS: &[&str] = &[
    "year",
    "measurementyear",
    "date",
    "time",
    "period",
    "datetime",
    "timestamp",
    "utc",
    "dateutc",
    "local",
    "datelocal",
    "timeperiod",
    "refyear",
    "lastupdated",
    "dateandtime",
    "datetimeutc",
    "timeutc",
    "observationdate",
    "measurementdate",
    "sampledate",
    "reportingperiod",
    "month",
    "quarter",
    "fiscalyear",
    "год",
    "дата",
    "период",
    "датаивремя",
    "времяизмерения",
    "датаизмерения",
    "месяц",
    "квартал",
    "отчетныйпериод",
    "жыл",
    "күні",
    "жылы",
    "кезең",
];

/// Headers of the value column.
const VALUE_HEADERS: &[&str] = &[
    "value",
    "obsvalue",
    "observation",
    "concentration",
    "amount",
    "measurement",
    "значение",
    "величина",
    "значениепоказателя",
    "мән",
    "мәні",
    "көрсеткішмәні",
    "көрсеткіштіңмәні",
];

/// Headers of the unit column.
const UNIT_HEADERS: &[&str] = &[
    "unit",
    "units",
    "unitofmeasure",
    "uom",
    "единица",
    "единицаизмерения",
    "едизм",
    "ед",
    "единицы",
    "единицыизмерения",
    "өлшембірлігі",
    "өлшем",
    "едизмерения",
    "единицаизм",
    "единицыизм",
    "единицаизмерений",
];

/// Headers of the source column.
const SOURCE_HEADERS: &[&str] = &[
    "source",
    "reference",
    "attribution",
    "datasource",
    "sourcename",
    "источник",
    "источникданных",
    "дереккөз",
    "дереккөзі",
];

/// Headers of a measuring-station column (kept beside the place column, never instead of it).
const STATION_HEADERS: &[&str] = &[
    "station",
    "stationname",
    "stationid",
    "stationcode",
    "stationnumber",
    "stations",
    "siteid",
    "sitecode",
    "locationid",
    "кодпоста",
    "номерпоста",
    "названиепоста",
    "наименованиепоста",
    "monitoringstation",
    "site",
    "sitename",
    "monitor",
    "monitorname",
    "locationname",
    "location",
    "пост",
    "постнаблюдения",
    "станция",
    "станциямониторинга",
    "бекет",
];

/// Header names (as match keys) that identify each role, most specific first.
fn role_aliases(role: Role) -> &'static [&'static str] {
    match role {
        Role::Place => PLACE_HEADERS,
        Role::Country => COUNTRY_HEADERS,
        Role::Indicator => INDICATOR_HEADERS,
        Role::Time => TIME_HEADERS,
        Role::Value => VALUE_HEADERS,
        Role::Unit => UNIT_HEADERS,
        Role::Source => SOURCE_HEADERS,
        Role::Station => STATION_HEADERS,
    }
}

/// The columns chosen for each role, by index into the frame.
#[derive(Debug, Clone, Default)]
pub struct Roles {
    pub place: Option<usize>,
    pub country: Option<usize>,
    pub country_code: Option<usize>,
    pub indicator: Option<usize>,
    pub indicator_code: Option<usize>,
    pub time: Option<usize>,
    pub value: Option<usize>,
    pub unit: Option<usize>,
    pub source: Option<usize>,
    pub station: Option<usize>,
}

impl Roles {
    pub fn get(&self, role: Role) -> Option<usize> {
        match role {
            Role::Place => self.place,
            Role::Country => self.country,
            Role::Indicator => self.indicator,
            Role::Time => self.time,
            Role::Value => self.value,
            Role::Unit => self.unit,
            Role::Source => self.source,
            Role::Station => self.station,
        }
    }

    fn set(&mut self, role: Role, idx: usize) {
        let slot = match role {
            Role::Place => &mut self.place,
            Role::Country => &mut self.country,
            Role::Indicator => &mut self.indicator,
            Role::Time => &mut self.time,
            Role::Value => &mut self.value,
            Role::Unit => &mut self.unit,
            Role::Source => &mut self.source,
            Role::Station => &mut self.station,
        };
        *slot = Some(idx);
    }

    /// Every column index used by a role.
    pub fn used(&self) -> Vec<usize> {
        [
            self.place,
            self.country,
            self.country_code,
            self.indicator,
            self.indicator_code,
            self.time,
            self.value,
            self.unit,
            self.source,
            self.station,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// Error from applying an explicit mapping: the role and the missing column.
pub struct MissingMapped {
    pub role: Role,
    pub column: String,
}

/// A column without a header (empty, or named by the CSV reader: `_duplicated_0`,
/// `column_3`): its values belong to no named indicator (listed as unused).
pub fn unnamed(name: &str) -> bool {
    let n = name.trim();
    n.is_empty() || n.starts_with("_duplicated_") || n.starts_with("column_")
}

/// Chooses a column for each role: the user's mapping first, then header names.
pub fn detect_roles(names: &[String], mapping: &ColumnMapping) -> Result<Roles, MissingMapped> {
    let keys: Vec<String> = names.iter().map(|n| match_key(n)).collect();
    let mut roles = Roles::default();
    let mut taken = vec![false; names.len()];
    for (role, column) in &mapping.0 {
        let idx = names
            .iter()
            .position(|n| n == column)
            .or_else(|| keys.iter().position(|k| *k == match_key(column)))
            .ok_or_else(|| MissingMapped {
                role: *role,
                column: column.clone(),
            })?;
        roles.set(*role, idx);
        taken[idx] = true;
    }
    for role in Role::ALL {
        if roles.get(role).is_some() {
            continue;
        }
        for alias in role_aliases(role) {
            // The aliases are keys as written (`населённыйпункт`): made keys the same way as
            // the headers, so that letters with marks (й, ё) compare as the headers' do.
            let alias = match_key(alias);
            if let Some(idx) = keys.iter().position(|k| *k == alias).filter(|&i| !taken[i]) {
                roles.set(role, idx);
                taken[idx] = true;
                break;
            }
        }
    }
    // Country codes next to country names; indicator codes next to indicator names.
    for (i, k) in keys.iter().enumerate() {
        if taken[i] {
            continue;
        }
        if ["iso3", "iso3c", "countrycode", "iso", "countryiso3code"].contains(&k.as_str()) {
            roles.country_code.get_or_insert(i);
            taken[i] = true;
        } else if ["indicatorcode", "seriescode", "indicatorid"].contains(&k.as_str()) {
            roles.indicator_code.get_or_insert(i);
            taken[i] = true;
        } else if roles.indicator.is_none() && k.starts_with("indic") {
            // Eurostat dimension columns: indic_env, indic_de, …
            roles.indicator = Some(i);
            taken[i] = true;
        }
    }
    if roles.indicator.is_none() {
        roles.indicator = roles.indicator_code.take();
    }
    // A station column with no place column names the places itself.
    if roles.place.is_none() {
        roles.place = roles.station.take();
    }
    // English "Region" names the places only without a country column: beside one it is a
    // world region (Europe & Central Asia), not a place.
    if let Some(p) = roles.place
        && ["region", "regionname"].contains(&keys[p].as_str())
        && (roles.country.is_some() || roles.country_code.is_some())
        && !mapping.0.iter().any(|(r, _)| *r == Role::Place)
    {
        roles.place = None;
    }
    Ok(roles)
}

/// A header that names a year: `2019`, `"2019 [YR2019]"`, `YR2019`, `2019M`.
pub fn year_header(name: &str) -> Option<i32> {
    let t = name.trim();
    let digits = t
        .strip_prefix("YR")
        .unwrap_or(t)
        .split([' ', '[', '_'])
        .next()
        .unwrap_or("");
    if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = digits.parse().ok()?;
        (1900..=2100).contains(&y).then_some(y)
    } else {
        None
    }
}

/// True for columns whose values are mostly numbers: at least four in five of the first
/// 2,000 cells with text.
pub fn is_numeric_column(col: &Column, decimal: super::text::DecimalMark) -> bool {
    let (numbers, other) = number_cells(col, decimal);
    numbers > 0 && numbers >= other * 4
}

/// Whether a column under a header that names a catalog indicator holds its values: at
/// least as many numbers as other text in the first 2,000 cells. A few bad cells (a typo, a
/// `see note`) then leave out those cells, each reported, not the whole column.
fn is_indicator_column(col: &Column, decimal: super::text::DecimalMark) -> bool {
    let (numbers, other) = number_cells(col, decimal);
    numbers > 0 && numbers >= other
}

/// The columns outside `used` whose header names a catalog indicator but whose cells are
/// mostly not numbers, so that they are not read: (column index, indicator id, numbers,
/// other text) among the first 2,000 cells with text.
pub fn unread_indicator_columns(
    frame: &DataFrame,
    used: &[usize],
    catalog: &Catalog,
    decimal: super::text::DecimalMark,
) -> Vec<(usize, String, usize, usize)> {
    let columns = frame.columns();
    let mut out = Vec::new();
    for (i, name) in frame.get_column_names().iter().enumerate() {
        if used.contains(&i) || unnamed(name) || year_header(name).is_some() {
            continue;
        }
        let Some(known) = catalog.find_indicator(name) else {
            continue;
        };
        let (numbers, other) = number_cells(&columns[i], decimal);
        if !(numbers > 0 && numbers >= other) && other > 0 {
            out.push((i, known.id.clone(), numbers, other));
        }
    }
    out
}

/// Of a column's first 2,000 cells with text: how many are numbers (or censored values) and
/// how many are other text. A numeric column counts as all numbers.
fn number_cells(col: &Column, decimal: super::text::DecimalMark) -> (usize, usize) {
    use super::text::{NumberCell, parse_number};
    if col.dtype().is_primitive_numeric() {
        return (col.len().max(1), 0);
    }
    let Ok(ca) = col.str() else {
        return (0, 0);
    };
    let (mut numbers, mut other) = (0usize, 0usize);
    let decimal = super::numbers::column_decimal(ca.iter().flatten().take(2000), decimal);
    for v in ca.iter().flatten().take(2000) {
        match parse_number(v, decimal) {
            NumberCell::Value(_) | NumberCell::Censored => numbers += 1,
            NumberCell::Invalid => other += 1,
            NumberCell::Missing => {}
        }
    }
    (numbers, other)
}

/// A column read as one indicator in a wide-by-indicator table.
#[derive(Debug, Clone)]
pub struct IndicatorColumn {
    pub index: usize,
    /// Catalog id when recognised, else the header without its unit.
    pub indicator: String,
    /// Unit from the header's parentheses, else the catalog's unit.
    pub unit: Option<String>,
}

/// Decides the layout from the roles and the remaining columns.
pub fn decide_layout(
    frame: &DataFrame,
    roles: &Roles,
    catalog: &Catalog,
    decimal: super::text::DecimalMark,
) -> Option<(Layout, Vec<usize>, Vec<IndicatorColumn>)> {
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let used = roles.used();
    let year_cols: Vec<usize> = names
        .iter()
        .enumerate()
        .filter(|(i, n)| !used.contains(i) && year_header(n).is_some())
        .map(|(i, _)| i)
        .collect();
    if roles.value.is_some() {
        return Some((Layout::Tidy, Vec::new(), Vec::new()));
    }
    if year_cols.len() >= 2 || (year_cols.len() == 1 && roles.time.is_none()) {
        return Some((Layout::WideByYear, year_cols, Vec::new()));
    }
    let columns = frame.columns();
    let mut indicator_cols = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if used.contains(&i) || unnamed(name) {
            continue;
        }
        let known = catalog.find_indicator(name);
        let numeric = match known {
            Some(_) => is_indicator_column(&columns[i], decimal),
            None => is_numeric_column(&columns[i], decimal),
        };
        if !numeric {
            continue;
        }
        let unit = super::catalog::unit_from_header(name).or_else(|| known.map(|k| k.unit.clone()));
        let indicator = match known {
            Some(k) => k.id.clone(),
            None => strip_parenthesised(name).trim().to_string(),
        };
        indicator_cols.push(IndicatorColumn {
            index: i,
            indicator,
            unit,
        });
    }
    if indicator_cols.is_empty() {
        return None;
    }
    Some((Layout::WideByIndicator, Vec::new(), indicator_cols))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognises_english_and_russian_headers() {
        let r = detect_roles(
            &names(&["City or Locality", "Measurement Year", "PM2.5 (μg/m3)"]),
            &ColumnMapping::default(),
        )
        .ok()
        .unwrap();
        assert_eq!((r.place, r.time), (Some(0), Some(1)));
        let r = detect_roles(
            &names(&["Город", "Год", "Значение", "Показатель"]),
            &ColumnMapping::default(),
        )
        .ok()
        .unwrap();
        assert_eq!(
            (r.place, r.time, r.value, r.indicator),
            (Some(0), Some(1), Some(2), Some(3))
        );
        let r = detect_roles(
            &names(&[
                "location",
                "city",
                "country",
                "utc",
                "local",
                "parameter",
                "value",
                "unit",
            ]),
            &ColumnMapping::default(),
        )
        .ok()
        .unwrap();
        assert_eq!(r.place, Some(1), "city beats location");
        assert_eq!(r.time, Some(3), "utc beats local");
    }

    #[test]
    fn mapping_overrides_detection() {
        let m = ColumnMapping::parse("place=station,time=when")
            .ok()
            .unwrap();
        let r = detect_roles(&names(&["city", "station", "when", "value"]), &m)
            .ok()
            .unwrap();
        assert_eq!((r.place, r.time, r.value), (Some(1), Some(2), Some(3)));
        assert!(detect_roles(&names(&["a"]), &m).is_err());
    }

    #[test]
    fn year_headers() {
        assert_eq!(year_header("2019"), Some(2019));
        assert_eq!(year_header("2019 [YR2019]"), Some(2019));
        assert_eq!(year_header("YR2019"), Some(2019));
        assert_eq!(year_header("1850"), None);
        assert_eq!(year_header("Country Code"), None);
    }
}
