//! The standards scorecard: the right met / not-met cells against the WHO and EU ladders,
//! places sorted by targets met, national targets from a user's file applying to their
//! country's cities only, and the figure and CSV from the command line.

use citydash::chart::draw::scorecard::target_name;
use citydash::chart::scorecard::ScorecardChart;
use citydash::chart::{Body, ChartQuery, PreparedChart, View, prepare};
use citydash::data::targets::{self, Target, TargetDirection};
use citydash::data::{Dataset, LoadOptions, load_bytes};
use citydash::i18n::Lang;

use super::export::{check_figure, citydash, stderr};

const DATA: &str = "city,year,indicator,value,unit\n\
    Astana,2019,pm25,12,µg/m³\nAstana,2020,pm25,8,µg/m³\nAstana,2020,recycling_rate,10,%\n\
    Copenhagen,2020,pm25,9.5,µg/m³\nCopenhagen,2020,recycling_rate,61,%\n\
    Copenhagen,2020,renewable_share,45,%\n\
    Tashkent,2020,pm25,40,µg/m³\n";

/// Values of an indicator only the national-target test gives a target to (targets in force
/// are shared by the tests of this process).
const TEST_INDEX: &str =
    "Astana,2020,scorecard_test_index,3,points\nCopenhagen,2020,scorecard_test_index,3,points\n";

fn load(csv: &str) -> Dataset {
    load_bytes(csv.as_bytes(), "targets.csv", &LoadOptions::default())
        .unwrap()
        .dataset
}

fn scorecard(q: &ChartQuery) -> (ScorecardChart, PreparedChart) {
    scorecard_of(&load(DATA), q)
}

fn scorecard_of(ds: &Dataset, q: &ChartQuery) -> (ScorecardChart, PreparedChart) {
    let p = prepare(ds, q).unwrap();
    match &p.body {
        Body::Scorecard(c) => (c.clone(), p),
        other => panic!("not a scorecard: {other:?}"),
    }
}

fn query() -> ChartQuery {
    ChartQuery {
        view: View::Scorecard,
        cities: ["Astana", "Copenhagen", "Tashkent"]
            .map(String::from)
            .to_vec(),
        ..Default::default()
    }
}

/// (indicator, met per target) of a row's cells that have a value.
fn cells(c: &ScorecardChart, place: &str) -> Vec<(String, Vec<Option<bool>>)> {
    let row = c.rows.iter().find(|r| r.place == place).unwrap();
    c.columns
        .iter()
        .zip(&row.cells)
        .filter_map(|(col, cell)| Some((col.indicator.clone(), cell.as_ref()?.met.clone())))
        .collect()
}

#[test]
fn cells_say_which_targets_each_latest_value_meets() {
    let (c, p) = scorecard(&query());
    let columns: Vec<&str> = c.columns.iter().map(|c| c.indicator.as_str()).collect();
    assert_eq!(columns, vec!["pm25", "recycling_rate", "renewable_share"]);
    // PM2.5 ladder, easiest first: IT-1 35, IT-2 25, IT-3 15, IT-4 10, guideline 5.
    let (y, n) = (Some(true), Some(false));
    assert_eq!(
        cells(&c, "Astana"),
        vec![
            ("pm25".to_string(), vec![y, y, y, y, n]),
            ("recycling_rate".to_string(), vec![n, n, n]),
        ]
    );
    assert_eq!(
        cells(&c, "Copenhagen"),
        vec![
            ("pm25".to_string(), vec![y, y, y, y, n]),
            ("recycling_rate".to_string(), vec![y, y, n]),
            ("renewable_share".to_string(), vec![y, y]),
        ]
    );
    assert_eq!(
        cells(&c, "Tashkent"),
        vec![("pm25".to_string(), vec![n, n, n, n, n])]
    );
    // The latest value (2020's 8, not 2019's 12), and the strictest target met, named.
    let astana = &c.rows[1];
    let pm = astana.cells[0].as_ref().unwrap();
    assert_eq!((pm.value, pm.year), (8.0, 2020));
    let name = target_name(&c.columns[0].targets[pm.strictest_met().unwrap()], Lang::En);
    assert_eq!(name, "WHO interim target 4");
    // Sorted by targets met: Copenhagen 8 of 10, Astana 4 of 8, Tashkent 0 of 5.
    let order: Vec<(&str, usize, usize)> = c
        .rows
        .iter()
        .map(|r| (r.place.as_str(), r.met, r.of))
        .collect();
    assert_eq!(
        order,
        vec![("Copenhagen", 8, 10), ("Astana", 4, 8), ("Tashkent", 0, 5)]
    );
    // Every target's source is in the notes.
    let notes: Vec<String> = p.notes.iter().map(|t| t.localize(Lang::En)).collect();
    for body in ["World Health Organization", "European Union"] {
        assert!(notes.iter().any(|n| n.contains(body)), "{body}: {notes:?}");
    }
    assert!(
        notes
            .iter()
            .any(|n| n.contains("eur-lex.europa.eu/eli/dir/2018/851"))
    );
    // The rows behind it: each cell's value, from its year.
    assert_eq!(p.rows.len(), 6);
}

#[test]
fn targets_are_named_in_the_language_of_the_figure() {
    let (c, p) = scorecard(&query());
    let copenhagen = c.rows.iter().find(|r| r.place == "Copenhagen").unwrap();
    let recycling = c
        .columns
        .iter()
        .position(|col| col.indicator == "recycling_rate")
        .unwrap();
    let cell = copenhagen.cells[recycling].as_ref().unwrap();
    // 61 % meets the EU's 2030 target (60 %), not its 2035 one (65 %).
    let met = &c.columns[recycling].targets[cell.strictest_met().unwrap()];
    let names: Vec<String> = Lang::ALL.iter().map(|&l| target_name(met, l)).collect();
    assert_eq!(names, ["EU 2030 target", "цель ЕС 2030", "ЕО 2030 мақсаты"]);
    let who = &c.columns[0].targets[0];
    assert_eq!(target_name(who, Lang::Ru), "Промежуточная цель ВОЗ 1");
    let notes: Vec<String> = p.notes.iter().map(|t| t.localize(Lang::Ru)).collect();
    let eu = notes
        .iter()
        .find(|n| n.contains("eur-lex.europa.eu/eli/dir/2018/851"))
        .unwrap();
    assert!(eu.contains("Европейский союз"), "{eu}");
    assert!(
        eu.contains("переработке коммунальных отходов на 2030 год"),
        "{eu}"
    );
    assert!(
        !eu.contains("EU 20"),
        "an English name in a Russian note: {eu}"
    );
    let who_note = notes.iter().find(|n| n.contains("who.int")).unwrap();
    assert!(who_note.contains("Всемирная организация здравоохранения"));
    assert!(who_note.contains("Рекомендация ВОЗ 2021"), "{who_note}");
}

#[test]
fn a_year_takes_the_latest_value_up_to_it() {
    let mut q = query();
    q.year = Some(2019);
    let (c, p) = scorecard(&q);
    assert_eq!(c.rows.len(), 1, "only Astana has a value by 2019");
    let pm = c.rows[0].cells[0].as_ref().unwrap();
    assert_eq!((pm.value, pm.year), (12.0, 2019));
    assert_eq!(
        pm.met,
        vec![Some(true), Some(true), Some(true), Some(false), Some(false)]
    );
    let notes: Vec<String> = p.notes.iter().map(|t| t.localize(Lang::En)).collect();
    assert!(
        notes.contains(&"Not shown, no data: Copenhagen, Tashkent".to_string()),
        "{notes:?}"
    );
}

#[test]
fn a_national_target_applies_to_its_countrys_cities_only() {
    // A target on an indicator of this test's own, so that no other test sees it.
    targets::add(vec![Target {
        id: "kz-test-index".into(),
        name: "Kazakhstan test target".into(),
        short: None,
        indicator: "scorecard_test_index".into(),
        value: 2.0,
        direction: TargetDirection::AtLeast,
        year: 2030,
        body: "Government of Kazakhstan".into(),
        source: "national programme".into(),
        places: vec!["Казахстан".into()],
        ru: None,
        kk: None,
    }]);
    let (c, p) = scorecard_of(&load(&format!("{DATA}{TEST_INDEX}")), &query());
    let col = c
        .columns
        .iter()
        .position(|c| c.indicator == "scorecard_test_index")
        .expect("a column for the user's indicator");
    let met = |place: &str| {
        let row = c.rows.iter().find(|r| r.place == place).unwrap();
        row.cells[col].as_ref().unwrap().met.clone()
    };
    assert_eq!(met("Astana"), vec![Some(true)]);
    assert_eq!(met("Copenhagen"), vec![None], "not a Danish target");
    let notes: Vec<String> = p.notes.iter().map(|t| t.localize(Lang::En)).collect();
    assert!(
        notes.contains(
            &"Targets from Government of Kazakhstan (national programme): Kazakhstan test target"
                .to_string()
        ),
        "{notes:?}"
    );
}

#[test]
fn scorecard_exports_with_a_users_targets_file_and_refuses_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kz.toml");
    std::fs::write(
        &file,
        "[[target]]\nid = \"kz-recycling-2030\"\nname = \"Kazakhstan 2030 recycling target\"\n\
         short = \"KZ 2030\"\nindicator = \"recycling_rate\"\nvalue = 15.0\n\
         direction = \"at_least\"\nyear = 2030\nbody = \"Government of Kazakhstan\"\n\
         source = \"Concept for the transition to a green economy\"\nplaces = [\"Kazakhstan\"]\n",
    )
    .unwrap();
    let png = dir.path().join("scorecard.png");
    let o = citydash(&[
        "export",
        "--view",
        "scorecard",
        "--cities",
        "Astana,Almaty,Tashkent,Copenhagen,Seoul",
        "--year",
        "2020",
        "--targets",
        &file.display().to_string(),
        "--out",
        &png.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Targets from Government of Kazakhstan"),
        "{}",
        stderr(&o)
    );
    let img = image::open(&png).unwrap().to_rgba8();
    // The palest and the darkest step of the ladder both appear.
    let ladder = citydash::chart::scorecard::LADDER;
    let colors: Vec<[u8; 3]> = [ladder[0], ladder[4]]
        .iter()
        .map(|c| [c.r(), c.g(), c.b()])
        .collect();
    check_figure(&img, "scorecard", &colors);
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[target]]\nid = \"x\"\nvalue = \"high\"\n").unwrap();
    let o = citydash(&[
        "export",
        "--view",
        "scorecard",
        "--targets",
        &bad.display().to_string(),
        "--out",
        &dir.path().join("x.png").display().to_string(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("bad.toml"), "{}", stderr(&o));
    assert!(!dir.path().join("x.png").exists());
}

#[test]
fn a_figure_too_short_for_every_place_says_how_many_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("many.csv");
    let mut csv = String::from("city,year,indicator,value\n");
    for k in 0..40 {
        csv.push_str(&format!("Town {k:02},2020,pm25,{}\n", 5 + k));
    }
    std::fs::write(&data, csv).unwrap();
    let svg_of = |height: &str| {
        let out = dir.path().join(format!("s{height}.svg"));
        let o = citydash(&[
            "export",
            "--data",
            &data.display().to_string(),
            "--view",
            "scorecard",
            "--height",
            height,
            "--out",
            &out.display().to_string(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read_to_string(out).unwrap()
    };
    // A row's name is a text of its own, or starts its one line in a dense table.
    let has = |svg: &str, k: i32| {
        svg.contains(&format!(">Town {k:02}<")) || svg.contains(&format!(">Town {k:02} · "))
    };
    let tall = svg_of("1600");
    assert!(!tall.contains("not drawn for lack of room"));
    for k in 0..40 {
        assert!(has(&tall, k), "Town {k:02} missing");
    }
    let short = svg_of("400");
    let drawn = (0..40).filter(|k| has(&short, *k)).count();
    assert!((5..40).contains(&drawn), "{drawn} rows drawn");
    let more = format!(
        "… and {} more places, not drawn for lack of room",
        40 - drawn
    );
    assert!(short.contains(&more), "no '{more}'");
}
