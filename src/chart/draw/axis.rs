//! Axes: value formatting, "nice" grid steps and time grids shared by every plot.

use egui::{Color32, Ui};

use crate::data::query::Period;
use crate::data::time;
use crate::i18n::Lang;

/// Formats a value for axis labels and hover text in a language, undoing a log axis.
pub fn display_value(v: f64, log: bool, lang: Lang) -> String {
    let v = if log { 10f64.powf(v) } else { v };
    crate::i18n::format_value(lang, v)
}

/// The date an x position of a daily series stands for: `2020-03-14` in English,
/// `14.03.2020` in Russian and Kazakh.
pub fn day_label(x: f64, lang: Lang) -> String {
    let year = x.floor() as i32;
    let start = time::year_ms(year);
    let length = time::year_ms(year + 1) - start;
    let ms = start + ((x - f64::from(year)) * length as f64).round() as i64;
    let iso = time::format_time(ms, time::TimeResolution::Date);
    match (lang, iso.split('-').collect::<Vec<_>>().as_slice()) {
        (Lang::Ru | Lang::Kk, [y, m, d]) => format!("{d}.{m}.{y}"),
        _ => iso,
    }
}

/// How hover text names the time at `x`.
pub fn time_label(x: f64, period: Period, lang: Lang) -> String {
    match period {
        Period::Day => day_label(x, lang),
        Period::Year | Period::Month => year_label(x, lang),
    }
}

/// A year, or a month as "Feb 2019" in the language.
pub fn year_label(x: f64, lang: Lang) -> String {
    let year = x.floor();
    let month = ((x - year) * 12.0).round() as u32;
    if month == 0 {
        return format!("{year:.0}");
    }
    let name = crate::i18n::tr(lang, MONTHS[(month as usize).min(11)]);
    format!("{name} {year:.0}")
}

/// The message ids of the months' short names.
const MONTHS: [&str; 12] = [
    "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
    "month-9", "month-10", "month-11", "month-12",
];

/// Grid marks at "nice" steps (1, 2 or 5 × 10ⁿ), three nested levels each at least four
/// times the last (e.g. 1 → 5 → 20, or 1000 → 5000 → 20000), so that every axis gets
/// several labels; egui_plot's default steps by powers of ten and can leave a small panel
/// with a single label. `min_step` keeps years whole on a time axis.
pub fn nice_grid(input: egui_plot::GridInput, min_step: f64) -> Vec<egui_plot::GridMark> {
    let base = input.base_step_size.abs().max(min_step);
    if !(base.is_finite() && base > 1e-12) {
        return Vec::new();
    }
    let is_multiple = |a: f64, b: f64| ((a / b).round() * b - a).abs() < b * 1e-6;
    let mut exponent = base.log10().floor() as i32;
    let mut steps: Vec<f64> = Vec::with_capacity(3);
    while steps.len() < 3 && exponent < 300 {
        for m in [1.0, 2.0, 5.0] {
            let step = m * 10f64.powi(exponent);
            let fits = match steps.last() {
                None => step >= base * (1.0 - 1e-9),
                Some(&last) => step >= last * 4.0 * (1.0 - 1e-9) && is_multiple(step, last),
            };
            if fits && steps.len() < 3 {
                steps.push(step);
            }
        }
        exponent += 1;
    }
    let small = steps[0];
    let (lo, hi) = input.bounds;
    let (first, last) = ((lo / small).ceil(), (hi / small).floor());
    if !(first.is_finite() && last.is_finite()) || last - first > 5000.0 {
        return Vec::new();
    }
    let mut marks = Vec::new();
    let mut i = first;
    while i <= last {
        let value = i * small;
        let step_size = steps
            .iter()
            .rev()
            .find(|&&s| is_multiple(value, s))
            .copied()
            .unwrap_or(small);
        marks.push(egui_plot::GridMark { value, step_size });
        i += 1.0;
    }
    marks
}

/// Grid marks of a logarithmic axis (values are log10 of the data) at 1, 2 and 5 × 10ⁿ: the
/// decades as the strong lines, 2 and 5 between them (labels read 1, 2, 5, 10, 20, 50…).
pub fn log_grid(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    let (lo, hi) = input.bounds;
    if !(lo.is_finite() && hi.is_finite()) || hi - lo > 60.0 {
        return Vec::new();
    }
    let mut marks = Vec::new();
    for decade in (lo.floor() as i32 - 1)..=(hi.ceil() as i32) {
        for (m, step) in [(1.0f64, 1.0), (2.0, 0.3), (5.0, 0.3)] {
            let value = f64::from(decade) + m.log10();
            if (lo..=hi).contains(&value) {
                marks.push(egui_plot::GridMark {
                    value,
                    step_size: step,
                });
            }
        }
    }
    marks
}

/// Grid steps of a sub-annual time axis, in months: marks fall on the first of a month,
/// quarter, half-year, year or run of years.
const MONTH_STEPS: [i64; 12] = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400];

/// The milliseconds of the day an x position of a daily series falls in (see
/// [`crate::chart::points::x_of`]).
fn x_to_day_ms(x: f64) -> i64 {
    let year = x.floor() as i32;
    let start = time::year_ms(year);
    let length = time::year_ms(year + 1) - start;
    let ms = start + ((x - f64::from(year)) * length as f64).round() as i64;
    ms.div_euclid(DAY_MS) * DAY_MS
}

const DAY_MS: i64 = 86_400_000;

/// Grid marks of a short daily axis: every day, every other day, weekly (the 1st, 8th, 15th
/// and 22nd) or fortnightly (the 1st and 15th), the first of a month standing out.
fn day_grid(input: egui_plot::GridInput, base_days: f64) -> Vec<egui_plot::GridMark> {
    let span = (input.bounds.1 - input.bounds.0) * 365.0;
    // Steps by the span shown, so that about ten to twenty marks carry a label.
    let by_span = match span {
        s if s <= 12.0 => 1,
        s if s <= 30.0 => 2,
        _ => 7,
    };
    let step = [1u32, 2, 7, 14]
        .into_iter()
        .find(|&d| f64::from(d) >= base_days && d >= by_span)
        .unwrap_or(14);
    let (lo, hi) = input.bounds;
    let (first, last) = (x_to_day_ms(lo), x_to_day_ms(hi));
    if (last - first) / DAY_MS > 2000 {
        return Vec::new();
    }
    (0..=(last - first) / DAY_MS)
        .filter_map(|i| {
            let ms = first + i * DAY_MS;
            let day = time::format_time(ms, time::TimeResolution::Date)
                .rsplit('-')
                .next()?
                .parse::<u32>()
                .ok()?;
            let on = match step {
                1 => true,
                7 => day <= 22 && (day - 1) % 7 == 0,
                14 => day == 1 || day == 15,
                s => (day - 1) % s == 0 && day < 31,
            };
            let value = crate::chart::points::x_of(ms, Period::Day);
            (on && (lo..=hi).contains(&value)).then(|| egui_plot::GridMark {
                value,
                step_size: if day == 1 {
                    30.0 / 365.0
                } else {
                    f64::from(step) / 365.0
                },
            })
        })
        .collect()
}

/// How the time axis labels a mark: a year, a month ("Feb 2019"), or for daily data a day
/// ("8 Feb") when the mark is not on the first of a month.
pub fn axis_label(x: f64, period: Period, lang: Lang) -> String {
    if period != Period::Day {
        return year_label(x, lang);
    }
    let iso = time::format_time(x_to_day_ms(x), time::TimeResolution::Date);
    let parts: Vec<u32> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [y, 1, 1] => y.to_string(),
        [y, m, 1] => {
            let name = crate::i18n::tr(lang, MONTHS[(*m as usize - 1).min(11)]);
            format!("{name} {y}")
        }
        [_, m, d] => {
            let name = crate::i18n::tr(lang, MONTHS[(*m as usize - 1).min(11)]);
            format!("{d} {name}")
        }
        _ => year_label(x, lang),
    }
}

/// Grid marks for a time axis in fractional years (months are twelfths) at whole months,
/// quarters, years…, nested like [`nice_grid`] so that years stand out from months; a span of
/// days gets day marks.
pub fn time_grid(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    let base_days = input.base_step_size.abs() * 365.0;
    let span_days = (input.bounds.1 - input.bounds.0) * 365.0;
    if base_days.is_finite() && base_days < 20.0 && span_days <= 100.0 {
        return day_grid(input, base_days);
    }
    let base_months = input.base_step_size.abs() * 12.0;
    if !base_months.is_finite() {
        return Vec::new();
    }
    let mut levels: Vec<i64> = Vec::with_capacity(3);
    for &m in &MONTH_STEPS {
        let fits = match levels.last() {
            None => m as f64 >= base_months,
            Some(&last) => m >= last * 4 && m % last == 0,
        };
        if fits && levels.len() < 3 {
            levels.push(m);
        }
    }
    let Some(&small) = levels.first() else {
        return Vec::new();
    };
    let (lo, hi) = input.bounds;
    let first = (lo * 12.0 / small as f64).ceil() as i64;
    let last = (hi * 12.0 / small as f64).floor() as i64;
    if last - first > 5000 {
        return Vec::new();
    }
    (first..=last)
        .map(|i| {
            let month = i * small;
            let step = levels
                .iter()
                .rev()
                .find(|&&l| month % l == 0)
                .copied()
                .unwrap_or(small);
            egui_plot::GridMark {
                value: month as f64 / 12.0,
                step_size: step as f64 / 12.0,
            }
        })
        .collect()
}

/// Grid lines: light enough that the data stands out, in either theme.
pub fn grid_color(ui: &Ui) -> Color32 {
    ui.visuals().text_color().gamma_multiply(0.45)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(bounds: (f64, f64), base: f64, min_step: f64) -> Vec<(f64, f64)> {
        nice_grid(
            egui_plot::GridInput {
                bounds,
                base_step_size: base,
            },
            min_step,
        )
        .into_iter()
        .map(|m| (m.value, m.step_size))
        .collect()
    }

    #[test]
    fn nice_grid_nests_one_two_five_steps() {
        let m = marks((4300.0, 17200.0), 300.0, 0.0);
        // Steps 500 → 2000 → 10000: labels fall on round thousands.
        assert_eq!(m.first(), Some(&(4500.0, 500.0)));
        assert!(m.contains(&(6000.0, 2000.0)), "{m:?}");
        assert!(m.contains(&(10000.0, 10000.0)), "{m:?}");
        assert!(
            m.contains(&(5000.0, 500.0)),
            "5000 is not a multiple of 2000"
        );
    }

    #[test]
    fn nice_grid_keeps_years_whole() {
        let m = marks((2009.6, 2024.4), 0.2, 1.0);
        assert_eq!(m.len(), 15);
        assert!(m.contains(&(2015.0, 5.0)), "{m:?}");
        assert!(m.contains(&(2020.0, 20.0)), "{m:?}");
        assert!(m.contains(&(2011.0, 1.0)), "{m:?}");
        assert!(marks((0.0, 1.0), 0.0, 0.0).is_empty());
    }

    #[test]
    fn time_grid_marks_months_and_years() {
        let input = |bounds, base| egui_plot::GridInput {
            bounds,
            base_step_size: base,
        };
        // Half a year of daily data: monthly marks, half-years and two-year runs nested.
        let m = time_grid(input((2019.01, 2019.55), 1.0 / 40.0));
        let values: Vec<String> = m.iter().map(|m| year_label(m.value, Lang::En)).collect();
        assert_eq!(
            values,
            [
                "Feb 2019", "Mar 2019", "Apr 2019", "May 2019", "Jun 2019", "Jul 2019"
            ]
        );
        assert_eq!(year_label(m[0].value, Lang::Ru), "февр. 2019");
        assert!(
            m.iter()
                .all(|m| m.step_size == 1.0 / 12.0 || m.value == 2019.5)
        );
        // Eight years: yearly marks, every fifth and twentieth year stronger.
        let m = time_grid(input((2015.0, 2022.9), 0.7));
        assert_eq!(m.len(), 8);
        assert!(m.iter().all(|m| m.value.fract() == 0.0));
        let step = |year: f64| m.iter().find(|m| m.value == year).unwrap().step_size;
        assert_eq!((step(2015.0), step(2016.0), step(2020.0)), (5.0, 1.0, 20.0));
        assert!(time_grid(input((0.0, 1.0), f64::NAN)).is_empty());
    }

    #[test]
    fn daily_axes_mark_days_and_weeks_with_day_labels() {
        use crate::chart::points::x_of;
        let day = |y: i32, m: u32, d: u32| x_of(time::date_ms(y, m, d).unwrap(), Period::Day);
        let input = |bounds, base| egui_plot::GridInput {
            bounds,
            base_step_size: base,
        };
        // Forty days: weekly marks on the 1st, 8th, 15th and 22nd, labelled by day.
        let m = time_grid(input((day(2023, 1, 1), day(2023, 2, 9)), 1.0 / 365.0));
        let labels: Vec<String> = m
            .iter()
            .map(|m| axis_label(m.value, Period::Day, Lang::En))
            .collect();
        assert_eq!(
            labels,
            ["2023", "8 Jan", "15 Jan", "22 Jan", "Feb 2023", "8 Feb"]
        );
        // A week around one day: every day, the year's first day named by its year.
        let m = time_grid(input((day(2022, 12, 29), day(2023, 1, 4)), 0.5 / 365.0));
        let labels: Vec<String> = m
            .iter()
            .map(|m| axis_label(m.value, Period::Day, Lang::En))
            .collect();
        assert_eq!(
            labels,
            [
                "29 Dec", "30 Dec", "31 Dec", "2023", "2 Jan", "3 Jan", "4 Jan"
            ]
        );
    }

    #[test]
    fn log_axes_mark_one_two_five() {
        let input = egui_plot::GridInput {
            bounds: (0.5, 2.2),
            base_step_size: 0.1,
        };
        let labels: Vec<String> = log_grid(input)
            .iter()
            .map(|m| display_value(m.value, true, Lang::En))
            .collect();
        assert_eq!(labels, ["5", "10", "20", "50", "100"]);
    }

    #[test]
    fn day_labels_round_trip_dates() {
        let ms = time::date_ms(2020, 3, 14).unwrap();
        assert_eq!(
            day_label(crate::chart::points::x_of(ms, Period::Day), Lang::En),
            "2020-03-14"
        );
        assert_eq!(
            day_label(crate::chart::points::x_of(ms, Period::Day), Lang::Kk),
            "14.03.2020"
        );
        let ms = time::date_ms(2023, 12, 31).unwrap();
        assert_eq!(
            day_label(crate::chart::points::x_of(ms, Period::Day), Lang::En),
            "2023-12-31"
        );
    }
}
