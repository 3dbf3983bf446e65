//! Figures in Russian and Kazakh, and place names in every script, from the command line.

use super::export::{check_figure, citydash, colors_of, stderr};

fn export(dir: &std::path::Path, name: &str, args: &[&str]) -> image::RgbaImage {
    let out = dir.join(format!("{name}.png"));
    let out_s = out.display().to_string();
    let mut all = vec!["export", "--out", out_s.as_str()];
    all.extend_from_slice(args);
    let o = citydash(&all);
    assert!(o.status.success(), "{name}: {}", stderr(&o));
    image::open(&out).unwrap().to_rgba8()
}

#[test]
fn figures_export_in_russian_and_kazakh() {
    let dir = tempfile::tempdir().unwrap();
    let cities = "Astana,Almaty,Tashkent,Baku,Xi'an";
    let ru = export(
        dir.path(),
        "over_time_ru",
        &[
            "--view",
            "over-time",
            "--indicator",
            "pm25",
            "--cities",
            cities,
            "--lang",
            "ru",
        ],
    );
    check_figure(
        &ru,
        "over_time_ru",
        &colors_of(&["Astana", "Almaty", "Tashkent", "Baku", "Xi'an"]),
    );
    let kk = export(
        dir.path(),
        "compare_kk",
        &[
            "--view",
            "compare",
            "--cities",
            "Astana,Almaty,Tashkent,Baku",
            "--lang",
            "kk",
        ],
    );
    check_figure(
        &kk,
        "compare_kk",
        &colors_of(&["Astana", "Almaty", "Tashkent", "Baku"]),
    );
    // The same chart in English differs: the words are not the same.
    let en = export(
        dir.path(),
        "over_time_en",
        &[
            "--view",
            "over-time",
            "--indicator",
            "pm25",
            "--cities",
            cities,
        ],
    );
    let differing = en.pixels().zip(ru.pixels()).filter(|(a, b)| a != b).count();
    assert!(
        differing > 2000,
        "{differing} pixels differ between en and ru"
    );
}

#[test]
fn kazakh_and_chinese_place_names_render_in_the_legend() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("names.csv");
    std::fs::write(
        &data,
        "city,year,pm25\nҚызылорда,2020,31\nҚызылорда,2021,29\nӨскемен,2020,40\nӨскемен,2021,38\n宝鸡,2020,55\n宝鸡,2021,52\n",
    )
    .unwrap();
    let data_s = data.display().to_string();
    let img = export(
        dir.path(),
        "scripts",
        &[
            "--data",
            &data_s,
            "--view",
            "over-time",
            "--indicator",
            "pm25",
            "--cities",
            "Қызылорда,Өскемен,宝鸡",
            "--lang",
            "kk",
        ],
    );
    check_figure(
        &img,
        "scripts_kk",
        &colors_of(&["Kyzylorda", "Oskemen", "宝鸡"]),
    );
}
