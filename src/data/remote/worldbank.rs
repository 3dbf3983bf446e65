//! The World Bank indicators API (v2, JSON): country-level context for Silk Road cities.
//! Every page of every indicator is fetched and the rows are loaded like a tidy file, so the
//! catalog maps known codes (`EN.ATM.PM25.MC.M3` → `pm25`) and the gazetteer the countries.

use serde_json::Value;

use super::{FetchError, FetchOptions, Progress, fetch};
use crate::data::{Catalog, LoadError, LoadOptions, Loaded, load_bytes};

/// The public API, unless `CITYDASH_WORLDBANK_URL` says otherwise.
pub const DEFAULT_BASE: &str = "https://api.worldbank.org/v2";

/// Silk Road countries, preselected.
pub const SILK_ROAD_COUNTRIES: [&str; 12] = [
    "KAZ", "UZB", "KGZ", "TJK", "TKM", "AZE", "GEO", "ARM", "CHN", "TUR", "IRN", "MNG",
];

/// Indicators offered first: code and what it measures.
pub const SUGGESTED: [(&str, &str); 3] = [
    ("EN.ATM.PM25.MC.M3", "PM2.5 mean annual exposure (µg/m³)"),
    (
        "EG.USE.ELEC.KH.PC",
        "Electric power consumption (kWh per capita)",
    ),
    (
        "EG.FEC.RNEW.ZS",
        "Renewable energy share of final energy (%)",
    ),
];

/// Rows asked for per page.
const PER_PAGE: u32 = 1000;

/// What to fetch.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub indicators: Vec<String>,
    /// ISO3 codes.
    pub countries: Vec<String>,
    pub from: Option<i32>,
    pub to: Option<i32>,
}

/// World Bank failures.
#[derive(Debug, thiserror::Error)]
pub enum WorldBankError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("World Bank API: {message} ({key}, id {id}) for {url}")]
    Api {
        url: String,
        id: String,
        key: String,
        message: String,
    },
    #[error("World Bank API: unexpected answer from {url}: {message}")]
    Format { url: String, message: String },
    #[error("World Bank API: no data for {indicators} in {countries}")]
    Empty {
        indicators: String,
        countries: String,
    },
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("give at least one indicator code and one country")]
    NothingAsked,
}

/// The API's base address: `CITYDASH_WORLDBANK_URL`, else the public one.
pub fn base_url() -> String {
    std::env::var("CITYDASH_WORLDBANK_URL")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_BASE.to_string())
}

/// The address of one page.
pub fn page_url(
    base: &str,
    indicator: &str,
    countries: &[String],
    req: &Request,
    page: u32,
) -> String {
    let mut url = format!(
        "{}/country/{}/indicator/{}?format=json&per_page={PER_PAGE}&page={page}",
        base.trim_end_matches('/'),
        countries.join(";"),
        indicator.trim()
    );
    match (req.from, req.to) {
        (Some(a), Some(b)) => url.push_str(&format!("&date={a}:{b}")),
        (Some(a), None) => url.push_str(&format!("&date={a}:2100")),
        (None, Some(b)) => url.push_str(&format!("&date=1900:{b}")),
        (None, None) => {}
    }
    url
}

/// One observation from the API.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub indicator_code: String,
    pub indicator_name: String,
    pub country: String,
    pub year: String,
    pub value: f64,
}

/// Parses one page: its rows and the number of pages. Errors in the API's own format
/// (`[{"message":[{"id","key","value"}]}]`) become [`WorldBankError::Api`].
pub fn parse_page(url: &str, body: &[u8]) -> Result<(Vec<Row>, u32), WorldBankError> {
    let format = |message: String| WorldBankError::Format {
        url: url.to_string(),
        message,
    };
    let v: Value = serde_json::from_slice(body).map_err(|e| format(format!("not JSON: {e}")))?;
    let parts = v
        .as_array()
        .ok_or_else(|| format("not a JSON array".into()))?;
    let meta = parts
        .first()
        .ok_or_else(|| format("an empty array".into()))?;
    if let Some(msg) = meta
        .get("message")
        .and_then(|m| m.as_array())
        .and_then(|m| m.first())
    {
        let field = |k: &str| msg.get(k).map(json_text).unwrap_or_default();
        return Err(WorldBankError::Api {
            url: url.to_string(),
            id: field("id"),
            key: field("key"),
            message: field("value"),
        });
    }
    let pages = meta
        .get("pages")
        .map(json_text)
        .and_then(|p| p.parse::<u32>().ok())
        .ok_or_else(|| format("no page count".into()))?;
    let mut rows = Vec::new();
    if let Some(data) = parts.get(1).and_then(|d| d.as_array()) {
        for r in data {
            let Some(value) = r.get("value").and_then(Value::as_f64) else {
                continue; // the API lists years without data as null
            };
            let ind = r.get("indicator");
            let country = r
                .get("countryiso3code")
                .map(json_text)
                .filter(|c| !c.is_empty())
                .or_else(|| r.get("country").and_then(|c| c.get("value")).map(json_text))
                .unwrap_or_default();
            rows.push(Row {
                indicator_code: ind
                    .and_then(|i| i.get("id"))
                    .map(json_text)
                    .unwrap_or_default(),
                indicator_name: ind
                    .and_then(|i| i.get("value"))
                    .map(json_text)
                    .unwrap_or_default(),
                country,
                year: r.get("date").map(json_text).unwrap_or_default(),
                value,
            });
        }
    }
    Ok((rows, pages))
}

fn json_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Fetches every page of every indicator and loads the rows as a dataset. `progress` gets
/// (pages done, pages known so far); returning false cancels.
pub fn fetch_indicators(
    req: &Request,
    base: &str,
    options: &FetchOptions,
    progress: &mut dyn FnMut(u32, u32) -> bool,
) -> Result<Loaded, WorldBankError> {
    if req.indicators.is_empty() || req.countries.is_empty() {
        return Err(WorldBankError::NothingAsked);
    }
    let countries: Vec<String> = req
        .countries
        .iter()
        .map(|c| c.trim().to_ascii_uppercase())
        .collect();
    // API pages change as data is revised: always ask the server.
    let options = FetchOptions {
        cache: None,
        ..options.clone()
    };
    let mut rows = Vec::new();
    let (mut done, mut known) = (0u32, req.indicators.len() as u32);
    for indicator in &req.indicators {
        let mut page = 1;
        loop {
            let url = page_url(base, indicator, &countries, req, page);
            let fetched = fetch(&url, &options, &mut |_: Progress| true)?;
            let (mut page_rows, pages) = parse_page(&url, &fetched.bytes)?;
            rows.append(&mut page_rows);
            if page == 1 {
                known += pages.saturating_sub(1);
            }
            done += 1;
            if !progress(done, known) {
                return Err(FetchError::Cancelled { url }.into());
            }
            if page >= pages {
                break;
            }
            page += 1;
        }
    }
    if rows.is_empty() {
        return Err(WorldBankError::Empty {
            indicators: req.indicators.join(", "),
            countries: countries.join(", "),
        });
    }
    let csv = tidy_csv(&rows);
    Ok(load_bytes(
        csv.as_bytes(),
        "World Bank WDI",
        &LoadOptions::default(),
    )?)
}

/// The rows as a tidy CSV the loader reads: known codes stay codes (the catalog knows them),
/// others get the API's indicator name.
fn tidy_csv(rows: &[Row]) -> String {
    let catalog = Catalog::bundled();
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["country", "indicator", "year", "value", "source"]);
    for r in rows {
        let indicator = if catalog.find_indicator(&r.indicator_code).is_some() {
            r.indicator_code.clone()
        } else {
            format!("{} ({})", r.indicator_name, r.indicator_code)
        };
        let _ = w.write_record([
            r.country.as_str(),
            indicator.as_str(),
            r.year.as_str(),
            &r.value.to_string(),
            &format!("World Bank WDI, CC BY 4.0: {}", r.indicator_name),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_page_and_the_error_format() {
        let body = br#"[{"page":1,"pages":3,"per_page":2,"total":5,"sourceid":"2"},
          [{"indicator":{"id":"EN.ATM.PM25.MC.M3","value":"PM2.5 air pollution, mean annual exposure (micrograms per cubic meter)"},
            "country":{"id":"KZ","value":"Kazakhstan"},"countryiso3code":"KAZ","date":"2019","value":13.9,"unit":"","obs_status":"","decimal":1},
           {"indicator":{"id":"EN.ATM.PM25.MC.M3","value":"PM2.5"},
            "country":{"id":"KZ","value":"Kazakhstan"},"countryiso3code":"KAZ","date":"2018","value":null,"unit":"","obs_status":"","decimal":1}]]"#;
        let (rows, pages) = parse_page("u", body).unwrap();
        assert_eq!(pages, 3);
        assert_eq!(rows.len(), 1, "null values are years without data");
        assert_eq!(rows[0].country, "KAZ");
        assert_eq!(rows[0].value, 13.9);
        let err = br#"[{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}]"#;
        let e = parse_page("u", err).unwrap_err().to_string();
        assert!(
            e.contains("The provided parameter value is not valid") && e.contains("120"),
            "{e}"
        );
        assert!(parse_page("u", b"<html>").is_err());
    }

    #[test]
    fn page_urls_carry_countries_dates_and_page() {
        let req = Request {
            indicators: vec!["EG.FEC.RNEW.ZS".into()],
            countries: vec!["KAZ".into(), "UZB".into()],
            from: Some(2010),
            to: Some(2020),
        };
        assert_eq!(
            page_url("http://h/v2/", "EG.FEC.RNEW.ZS", &req.countries, &req, 2),
            "http://h/v2/country/KAZ;UZB/indicator/EG.FEC.RNEW.ZS?format=json&per_page=1000&page=2&date=2010:2020"
        );
    }
}
