//! Means over open datasets: each dataset and source weighs the same, rows keep their own
//! time resolution, and aggregated rows name every source they blend.

use citydash::data::query::{self, Period, Query};
use citydash::data::{LoadOptions, TimeResolution};

use super::load_fixtures::tidy_csv;

#[test]
fn yearly_means_weigh_each_source_equally() {
    use citydash::data::load_bytes;
    let annual = load_bytes(
        b"city,year,indicator,value,source\nAlmaty,2023,pm25,30,Stats office\nAlmaty,2022,pm25,31,Stats office\n",
        "annual.csv",
        &LoadOptions::default(),
    )
    .unwrap();
    let daily = load_bytes(
        b"city,date,indicator,value,source\nAlmaty,2023-01-01,pm25,40,Sensors\nAlmaty,2023-01-02,pm25,50,Sensors\nAlmaty,2023-06-01,pm25,60,Sensors\nAlmaty,2023-06-02,pm25,70,Sensors\n",
        "daily.csv",
        &LoadOptions::default(),
    )
    .unwrap();
    let (both, problem) = citydash::Dataset::combine([&annual.dataset, &daily.dataset]).unwrap();
    assert!(problem.is_none());
    let q = Query {
        per: Some(Period::Year),
        ..Default::default()
    };
    let yearly = query::run(&both, &q).unwrap();
    let text = tidy_csv(&yearly);
    // 2023: the stats office's 30 and the sensors' mean of 55 count once each; n counts all 5,
    // and the row names both sources.
    assert!(
        text.contains("Almaty,Kazakhstan,pm25,2022,31,µg/m³,Stats office,1,1,1"),
        "{text}"
    );
    assert!(
        text.contains("Almaty,Kazakhstan,pm25,2023,42.5,µg/m³,Sensors; Stats office,5,2,1"),
        "{text}"
    );
    // Monthly: January has only the sensors.
    let monthly = query::run(
        &daily.dataset,
        &Query {
            per: Some(Period::Month),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(monthly.len(), 2);
}

#[test]
fn combined_datasets_weigh_equally_and_keep_their_own_time_resolution() {
    use citydash::data::load_bytes;
    // Two files from the same office: the same source text, different resolutions.
    let annual = load_bytes(
        b"city,year,indicator,value,source\nAlmaty,2023,pm25,30,City office\n",
        "annual.csv",
        &LoadOptions::default(),
    )
    .unwrap();
    let daily = load_bytes(
        b"city,date,indicator,value,source\nAlmaty,2023-01-01,pm25,60,City office\nAlmaty,2023-01-02,pm25,60,City office\nAlmaty,2023-07-01,pm25,90,City office\n",
        "daily.csv",
        &LoadOptions::default(),
    )
    .unwrap();
    let (both, problem) = citydash::Dataset::combine([&annual.dataset, &daily.dataset]).unwrap();
    assert!(problem.is_none());
    assert_eq!(both.parts, vec![TimeResolution::Year, TimeResolution::Date]);

    // The annual 30 and the daily mean of 70 count once each: 50, not (30+60+60+90)/4 = 60.
    let yearly = query::run(
        &both,
        &Query {
            per: Some(Period::Year),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        tidy_csv(&yearly).lines().nth(1),
        Some("Almaty,Kazakhstan,pm25,2023,50,µg/m³,City office,4,2,1")
    );

    // Observations as loaded: the annual row stays "2023", not "2023-01-01".
    let rows = query::run(&both, &Query::default()).unwrap();
    let text = tidy_csv(&rows);
    let times: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(3).unwrap())
        .collect();
    assert_eq!(times, ["2023", "2023-01-01", "2023-01-02", "2023-07-01"]);
    assert!(
        text.lines().next().unwrap().ends_with(",source"),
        "no extra column: {text}"
    );

    // Monthly means come from the daily file only: the annual 30 is not a January value.
    let monthly = query::run(
        &both,
        &Query {
            per: Some(Period::Month),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        tidy_csv(&monthly).lines().skip(1).collect::<Vec<_>>(),
        [
            "Almaty,Kazakhstan,pm25,2023-01,60,µg/m³,City office,2,1,0.0645",
            "Almaty,Kazakhstan,pm25,2023-07,90,µg/m³,City office,1,1,0.0323",
        ]
    );
}

/// Readings four times a day at two stations of a city, with days and months missing, as
/// `city,station,indicator,time,value` rows.
fn readings(city: &str, seed: u32) -> Vec<(String, String, chrono::NaiveDateTime, f64)> {
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let mut rows = Vec::new();
    for s in 0..2u32 {
        let station = format!("{city}-{}", s + 1);
        for day in 0..730u32 {
            if (day / 30 + s + seed) % 5 == 2 || day % (7 + s) == seed {
                continue;
            }
            let date = start + chrono::Days::new(u64::from(day));
            for hour in (0..24).step_by(6 + 6 * ((day + s) % 2) as usize) {
                let k = day * 4 + hour + s * 7 + seed * 13;
                let value = 5.0 + f64::from((k * 7919) % 997) / 10.0;
                let time = date.and_hms_opt(hour, 0, 0).unwrap();
                rows.push((city.to_string(), station.clone(), time, value));
            }
        }
    }
    rows
}

fn readings_csv(rows: &[(String, String, chrono::NaiveDateTime, f64)]) -> Vec<u8> {
    let mut text = String::from("city,station,indicator,time,value\n");
    for (city, station, time, value) in rows {
        text.push_str(&format!("{city},{station},pm25,{time},{value}\n"));
    }
    text.into_bytes()
}

/// What a database server gives for `rows`: a mean per city, station and month with the
/// readings, distinct days and distinct months behind it, as the server's means load.
fn server_means(rows: &[(String, String, chrono::NaiveDateTime, f64)]) -> citydash::Dataset {
    use chrono::Datelike;
    use std::collections::{BTreeMap, BTreeSet};
    type Group = (f64, u32, BTreeSet<u32>);
    let mut groups: BTreeMap<(String, String, i32, u32), Group> = BTreeMap::new();
    for (city, station, time, value) in rows {
        let key = (city.clone(), station.clone(), time.year(), time.month());
        let g = groups.entry(key).or_default();
        g.0 += value;
        g.1 += 1;
        g.2.insert(time.day());
    }
    let mut text = String::from("city,station,indicator,time,value\n");
    let (mut n, mut days) = (Vec::new(), Vec::new());
    for ((city, station, y, m), (sum, count, d)) in &groups {
        let mean = sum / f64::from(*count);
        text.push_str(&format!("{city},{station},pm25,{y}-{m:02}-01,{mean}\n"));
        n.push(*count);
        days.push(d.len() as u32);
    }
    let mut loaded =
        citydash::data::load_bytes(text.as_bytes(), "db", &LoadOptions::default()).unwrap();
    let months = vec![1u32; n.len()];
    let frame = &mut loaded.dataset.frame;
    use citydash::data::dataset::col;
    use polars::prelude::Column;
    frame
        .with_column(Column::new(col::READINGS.into(), n))
        .unwrap();
    frame
        .with_column(Column::new(col::DAYS.into(), days))
        .unwrap();
    frame
        .with_column(Column::new(col::MONTHS.into(), months))
        .unwrap();
    loaded.dataset.aggregated = Some(Period::Month);
    loaded.dataset.resolution = TimeResolution::Timestamp;
    loaded.dataset
}

/// A query result as CSV with every number written to 9 significant digits (a server adds
/// readings in another order: the last bits of a mean may differ).
pub(super) fn rounded(ds: &citydash::Dataset) -> String {
    let text = tidy_csv(ds);
    let mut out = Vec::new();
    for line in text.lines() {
        let cells: Vec<String> = line
            .split(',')
            .map(|c| match c.contains('.') {
                true => c
                    .parse::<f64>()
                    .map_or(c.to_string(), |v| format!("{v:.8e}")),
                false => c.to_string(),
            })
            .collect();
        out.push(cells.join(","));
    }
    out.join("\n")
}

#[test]
fn a_servers_means_combine_with_a_files_readings_as_the_readings_would() {
    let almaty = readings("Almaty", 1);
    let astana = readings("Astana", 3);
    let file = citydash::data::load_bytes(&readings_csv(&almaty), "a.csv", &LoadOptions::default())
        .unwrap()
        .dataset;
    let table = citydash::data::load_bytes(&readings_csv(&astana), "db", &LoadOptions::default())
        .unwrap()
        .dataset;
    let means = server_means(&astana);
    let (from_rows, problem) = citydash::Dataset::combine([&file, &table]).unwrap();
    assert!(problem.is_none());
    let (from_means, problem) = citydash::Dataset::combine([&file, &means]).unwrap();
    assert!(problem.is_none(), "{problem:?}");
    assert_eq!(from_means.aggregated, Some(Period::Month));
    for per in [Period::Year, Period::Month] {
        let q = Query {
            per: Some(per),
            ..Default::default()
        };
        let want = rounded(&query::run(&from_rows, &q).unwrap());
        let got = rounded(&query::run(&from_means, &q).unwrap());
        assert!(want.lines().count() > 4, "{want}");
        assert!(want.contains("Astana") && want.contains("Almaty"), "{want}");
        assert_eq!(got, want, "{per:?}");
    }
    // Daily means cannot come from monthly ones.
    let daily = Query {
        per: Some(Period::Day),
        ..Default::default()
    };
    let e = query::run(&from_means, &daily).unwrap_err().to_string();
    assert!(e.contains("monthly means"), "{e}");
}
