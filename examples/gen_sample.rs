//! Generates the bundled synthetic sample data in `sample_data/`, deterministically.
//!
//! `cargo run --example gen_sample` rewrites `sample_data/silkroad_annual.csv` and
//! `sample_data/silkroad_pm25_daily_2023.csv` byte for byte. The figures are invented with
//! plausible magnitudes; they are not measurements (every row's `source` says so).

use std::fmt::Write as _;

const SOURCE: &str = "citydash synthetic sample (not real data)";

/// A small deterministic generator (64-bit LCG, high bits), so no dependency is needed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in [-1, 1].
    fn noise(&mut self) -> f64 {
        self.next() * 2.0 - 1.0
    }
}

/// City, country, PM2.5 level, recycling %, MSW kg, electricity kWh, renewable %, heating smog.
type CityRow = (&'static str, &'static str, f64, f64, f64, f64, f64, bool);
const CITIES: &[CityRow] = &[
    ("Astana", "Kazakhstan", 28.0, 9.0, 390.0, 5200.0, 3.0, true),
    ("Almaty", "Kazakhstan", 42.0, 14.0, 410.0, 4600.0, 6.0, true),
    (
        "Shymkent",
        "Kazakhstan",
        33.0,
        5.0,
        330.0,
        3100.0,
        4.0,
        true,
    ),
    (
        "Tashkent",
        "Uzbekistan",
        41.0,
        12.0,
        360.0,
        2100.0,
        9.0,
        true,
    ),
    (
        "Samarkand",
        "Uzbekistan",
        36.0,
        6.0,
        300.0,
        1500.0,
        8.0,
        false,
    ),
    (
        "Bukhara",
        "Uzbekistan",
        34.0,
        4.0,
        280.0,
        1400.0,
        7.0,
        false,
    ),
    (
        "Bishkek",
        "Kyrgyzstan",
        45.0,
        7.0,
        320.0,
        2300.0,
        31.0,
        true,
    ),
    ("Osh", "Kyrgyzstan", 38.0, 3.0, 260.0, 1300.0, 30.0, false),
    (
        "Dushanbe",
        "Tajikistan",
        52.0,
        3.0,
        270.0,
        1700.0,
        55.0,
        true,
    ),
    (
        "Ashgabat",
        "Turkmenistan",
        30.0,
        2.5,
        340.0,
        2900.0,
        0.2,
        false,
    ),
    ("Baku", "Azerbaijan", 26.0, 11.0, 380.0, 2700.0, 3.0, false),
    ("Tbilisi", "Georgia", 21.0, 8.0, 350.0, 3400.0, 27.0, false),
    ("Yerevan", "Armenia", 31.0, 7.0, 330.0, 2300.0, 8.0, false),
    ("Tehran", "Iran", 33.0, 10.0, 430.0, 3500.0, 1.5, false),
    ("Istanbul", "Turkey", 24.0, 13.0, 470.0, 3600.0, 15.0, false),
    ("Ankara", "Turkey", 27.0, 12.0, 450.0, 3300.0, 14.0, true),
    ("Xi'an", "China", 62.0, 22.0, 360.0, 4700.0, 12.0, true),
    ("Urumqi", "China", 58.0, 17.0, 380.0, 5600.0, 10.0, true),
    ("Lanzhou", "China", 49.0, 15.0, 350.0, 4900.0, 11.0, true),
    (
        "Ulaanbaatar",
        "Mongolia",
        65.0,
        6.0,
        400.0,
        2200.0,
        5.0,
        true,
    ),
    ("Beijing", "China", 55.0, 33.0, 450.0, 6200.0, 13.0, true),
    ("Shanghai", "China", 38.0, 36.0, 460.0, 7000.0, 12.0, false),
    (
        "Seoul",
        "South Korea",
        26.0,
        44.0,
        380.0,
        9800.0,
        4.0,
        false,
    ),
    ("Tokyo", "Japan", 13.0, 20.0, 320.0, 7800.0, 10.0, false),
    (
        "Dubai",
        "United Arab Emirates",
        45.0,
        10.0,
        540.0,
        9600.0,
        1.0,
        false,
    ),
    (
        "Copenhagen",
        "Denmark",
        10.0,
        42.0,
        520.0,
        5600.0,
        45.0,
        false,
    ),
];

fn main() {
    // The annual file draws its random numbers first, then the daily one (the same sequence
    // as always, so the committed samples regenerate byte for byte).
    let mut rng = Lcg(20240917);
    let annual = annual(&mut rng);
    std::fs::write("sample_data/silkroad_annual.csv", annual).expect("write annual sample");
    let daily = daily(&mut rng);
    std::fs::write("sample_data/silkroad_pm25_daily_2023.csv", daily).expect("write daily sample");
}

/// Annual indicators of every city, 2010–2024, with realistic gaps.
fn annual(rng: &mut Lcg) -> String {
    let mut annual = String::from("city,country,indicator,year,value,unit,source\n");
    for (ci, &(city, country, pm25, recycling, msw, elec, renew, _)) in CITIES.iter().enumerate() {
        let coverage0 = 70.0 + 25.0 * rng.next();
        let no2 = 18.0 + 35.0 * rng.next();
        let energy = elec * (2.8 + rng.next());
        for year in 2010..=2024 {
            let t = f64::from(year - 2010);
            let covid = if year == 2020 { 0.92 } else { 1.0 };
            let rows: [(&str, f64, &str, usize); 9] = [
                (
                    "pm25",
                    pm25 * (1.0 - 0.018 * t) * covid * (1.0 + 0.07 * rng.noise()),
                    "µg/m³",
                    1,
                ),
                (
                    "pm10",
                    pm25 * 1.9 * (1.0 - 0.015 * t) * covid * (1.0 + 0.08 * rng.noise()),
                    "µg/m³",
                    1,
                ),
                (
                    "no2",
                    no2 * (1.0 - 0.01 * t) * covid * (1.0 + 0.06 * rng.noise()),
                    "µg/m³",
                    1,
                ),
                (
                    "recycling_rate",
                    (recycling * (1.0 + 0.035 * t) * (1.0 + 0.05 * rng.noise())).clamp(2.0, 45.0),
                    "%",
                    1,
                ),
                (
                    "msw_per_capita",
                    (msw * (1.0 + 0.006 * t) * (1.0 + 0.03 * rng.noise())).clamp(250.0, 550.0),
                    "kg/person/year",
                    0,
                ),
                (
                    "waste_collection_coverage",
                    (coverage0 + 0.8 * t + 1.5 * rng.noise()).min(100.0),
                    "%",
                    1,
                ),
                (
                    "electricity_per_capita",
                    (elec * (1.0 + 0.015 * t) * (1.0 + 0.03 * rng.noise())).clamp(1000.0, 10000.0),
                    "kWh/person/year",
                    0,
                ),
                (
                    "energy_per_capita",
                    energy * (1.0 + 0.01 * t) * (1.0 + 0.03 * rng.noise()),
                    "kWh/person/year",
                    0,
                ),
                (
                    "renewable_share",
                    (renew * (1.0 + 0.03 * t) * (1.0 + 0.05 * rng.noise())).min(60.0),
                    "%",
                    1,
                ),
            ];
            for (k, (indicator, value, unit, decimals)) in rows.into_iter().enumerate() {
                // Realistic gaps: random missing years, late starts for some series.
                let late_start = (ci + k) % 7 == 0 && year < 2014;
                let no_series = (city == "Ashgabat" && k < 3 && year < 2018)
                    || (city == "Dushanbe" && indicator == "recycling_rate");
                if late_start || no_series || rng.next() < 0.06 {
                    continue;
                }
                let _ = writeln!(
                    annual,
                    "{city},{country},{indicator},{year},{value:.decimals$},{unit},{SOURCE}"
                );
            }
        }
    }
    annual
}

/// Daily PM2.5 of 2023 for the cities with winter heating seasons.
fn daily(rng: &mut Lcg) -> String {
    let mut daily = String::from("city,country,indicator,date,value,unit,source\n");
    let start = 19358; // 2023-01-01 as days since 1970-01-01
    for &(city, country, pm25, _, _, _, _, heating) in CITIES.iter().filter(|c| c.7).take(7) {
        let level = pm25 * 0.75;
        let mut carry = 0.0;
        for d in 0..365 {
            let season = (2.0 * std::f64::consts::PI * d as f64 / 365.0).cos();
            let winter = if heating {
                1.0 + 0.75 * season
            } else {
                1.0 + 0.2 * season
            };
            carry = 0.6 * carry + 0.4 * rng.noise();
            let value = (level * winter * (1.0 + 0.45 * carry)).max(2.0);
            if rng.next() < 0.03 {
                continue; // a missing day
            }
            let (y, m, day) = civil_from_days(start + d);
            let _ = writeln!(
                daily,
                "{city},{country},pm25,{y}-{m:02}-{day:02},{value:.1},µg/m³,{SOURCE}"
            );
        }
    }
    daily
}

/// Days since 1970-01-01 to (year, month, day), Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}
