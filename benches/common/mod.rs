//! The benchmark data file shared by the benchmarks.

use std::io::Write;
use std::path::PathBuf;

pub const ROWS: usize = 1_000_000;

/// `$CITYDASH_BENCH_FILE` when set (e.g. made by `../shared/bench/gen_tidy.py 1000000
/// tidy_1m.csv`), else a file of the same layout generated once into `target/`.
#[allow(dead_code)]
pub fn bench_file() -> PathBuf {
    if let Ok(p) = std::env::var("CITYDASH_BENCH_FILE") {
        return PathBuf::from(p);
    }
    generated("bench_tidy_1m.csv", &CITIES_20)
}

/// A 1,000,000-row file of the same layout with 50 cities (about 8 years of days each),
/// generated once into `target/`.
#[allow(dead_code)]
pub fn bench_file_50_cities() -> PathBuf {
    let cities: Vec<(&str, &str)> = CITIES_20.iter().chain(&MORE_CITIES).copied().collect();
    assert_eq!(cities.len(), 50);
    generated("bench_tidy_1m_50_cities.csv", &cities)
}

fn generated(name: &str, cities: &[(&str, &str)]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(name);
    if !path.exists() {
        let part = path.with_extension("part");
        generate(&part, cities);
        std::fs::rename(&part, &path).expect("rename bench file");
    }
    path
}

/// Cities of gen_tidy.py.
const CITIES_20: [(&str, &str); 20] = [
    ("Astana", "Kazakhstan"),
    ("Almaty", "Kazakhstan"),
    ("Shymkent", "Kazakhstan"),
    ("Tashkent", "Uzbekistan"),
    ("Samarkand", "Uzbekistan"),
    ("Bishkek", "Kyrgyzstan"),
    ("Dushanbe", "Tajikistan"),
    ("Ashgabat", "Turkmenistan"),
    ("Baku", "Azerbaijan"),
    ("Tbilisi", "Georgia"),
    ("Yerevan", "Armenia"),
    ("Tehran", "Iran"),
    ("Istanbul", "Turkey"),
    ("Ankara", "Turkey"),
    ("Xi'an", "China"),
    ("Urumqi", "China"),
    ("Lanzhou", "China"),
    ("Kashgar", "China"),
    ("Ulaanbaatar", "Mongolia"),
    ("Dubai", "United Arab Emirates"),
];

/// 30 more, to make 50: gazetteer cities and others that load under their own names.
const MORE_CITIES: [(&str, &str); 30] = [
    ("Atyrau", "Kazakhstan"),
    ("Kostanay", "Kazakhstan"),
    ("Karaganda", "Kazakhstan"),
    ("Pavlodar", "Kazakhstan"),
    ("Bukhara", "Uzbekistan"),
    ("Namangan", "Uzbekistan"),
    ("Nukus", "Uzbekistan"),
    ("Fergana", "Uzbekistan"),
    ("Osh", "Kyrgyzstan"),
    ("Jalal-Abad", "Kyrgyzstan"),
    ("Khujand", "Tajikistan"),
    ("Kulob", "Tajikistan"),
    ("Mary", "Turkmenistan"),
    ("Ganja", "Azerbaijan"),
    ("Batumi", "Georgia"),
    ("Vanadzor", "Armenia"),
    ("Tabriz", "Iran"),
    ("Mashhad", "Iran"),
    ("Bursa", "Turkey"),
    ("Izmir", "Turkey"),
    ("Beijing", "China"),
    ("Shanghai", "China"),
    ("Darkhan", "Mongolia"),
    ("Seoul", "South Korea"),
    ("Tokyo", "Japan"),
    ("Abu Dhabi", "United Arab Emirates"),
    ("Copenhagen", "Denmark"),
    ("Moscow", "Russia"),
    ("Kabul", "Afghanistan"),
    ("Lahore", "Pakistan"),
];

/// Daily rows `city,country,indicator,date,value,unit` like gen_tidy.py (not its exact values),
/// `ROWS` in all, spread evenly over the cities and indicators.
pub fn generate(path: &PathBuf, cities: &[(&str, &str)]) {
    let indicators = [
        ("pm25", "µg/m³", 35.0),
        ("pm10", "µg/m³", 60.0),
        ("no2", "µg/m³", 30.0),
        ("energy_kwh_per_capita", "kWh", 15.0),
        ("renewable_share", "%", 12.0),
        ("recycling_rate", "%", 20.0),
        ("msw_kg_per_capita", "kg", 1.1),
    ];
    let per_pair = ROWS / (cities.len() * indicators.len()) + 1;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create bench file"));
    writeln!(w, "city,country,indicator,date,value,unit").unwrap();
    let mut n = 0;
    let mut seed = 42u64;
    'outer: for &(city, country) in cities {
        for (ind, unit, base) in indicators {
            for d in 0..per_pair {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let noise = (seed >> 11) as f64 / (1u64 << 53) as f64;
                let date = citydash::data::time::format_time(
                    citydash::data::time::date_ms(2015, 1, 1).unwrap() + d as i64 * 86_400_000,
                    citydash::data::TimeResolution::Date,
                );
                writeln!(
                    w,
                    "{city},{country},{ind},{date},{:.3},{unit}",
                    base * (0.8 + 0.4 * noise)
                )
                .unwrap();
                n += 1;
                if n >= ROWS {
                    break 'outer;
                }
            }
        }
    }
}
