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
