//! `citydash check FILE`: what the loader understood, for people (`--json` for scripts).

use std::fmt::Write as _;

use clap::Args;
use serde::Serialize;

use super::LoadArgs;
use crate::data::dataset::Summary;
use crate::data::report::LoadReport;
use crate::data::text::format_value;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub load: LoadArgs,
    /// Print one JSON object (report and summary) instead of text.
    #[arg(long)]
    pub json: bool,
}

impl CheckArgs {
    /// Checking the bundled sample data.
    pub fn sample() -> CheckArgs {
        CheckArgs {
            load: LoadArgs {
                file: None,
                map: None,
                sheet: None,
                on_conflict: Default::default(),
                year: None,
                as_indicator: None,
                db: None,
                download: Default::default(),
            },
            json: false,
        }
    }
}

#[derive(Serialize)]
struct CheckOutput<'a> {
    report: &'a LoadReport,
    summary: &'a Summary,
}

pub fn run(args: &CheckArgs) -> anyhow::Result<()> {
    let loaded = args.load.load()?;
    let summary = loaded.dataset.summary();
    if args.json {
        let out = CheckOutput {
            report: &loaded.report,
            summary: &summary,
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print!("{}", render(&loaded.report, &summary));
    }
    Ok(())
}

/// The human-readable check output.
pub fn render(r: &LoadReport, s: &Summary) -> String {
    let mut o = String::new();
    how_read(&mut o, r);
    what_was_found(&mut o, r, s);
    problems(&mut o, r);
    o
}

/// File, format, layout, header and the role of each column.
fn how_read(o: &mut String, r: &LoadReport) {
    let _ = writeln!(o, "file:         {}", r.path);
    let mut format = match crate::data::db::is_db_address(&r.path) {
        true => "database table".to_string(),
        false => r.format.label().to_string(),
    };
    if let Some(e) = &r.encoding {
        let _ = write!(format, ", {e}");
    }
    if let Some(d) = &r.delimiter {
        let _ = write!(format, ", delimiter {d:?}");
    }
    if r.decimal_comma {
        format.push_str(", decimal comma");
    }
    if let Some(sheet) = &r.sheet {
        let _ = write!(format, ", sheet {sheet:?}");
    }
    let _ = writeln!(o, "format:       {format}");
    if r.cached && crate::data::db::is_db_address(&r.path) {
        let _ = writeln!(
            o,
            "cache:        the result of the same query, kept in citydash's dataset cache for \
             the address's cache_ttl (--no-cache queries the server again)"
        );
    } else if r.cached {
        let _ = writeln!(
            o,
            "cache:        read from citydash's dataset cache (the file is unchanged since it \
             was parsed; `citydash clear-cache` empties it)"
        );
    }
    let _ = writeln!(o, "layout:       {}", r.layout.label());
    let _ = writeln!(
        o,
        "header:       row {}{}",
        r.header_row,
        if r.preamble_lines > 0 {
            format!(" ({} preamble line(s) above it)", r.preamble_lines)
        } else {
            String::new()
        }
    );
    let _ = writeln!(o, "columns:");
    for (role, col) in &r.columns {
        let _ = writeln!(o, "  {:<10} ← {col:?}", role.name());
    }
    if !r.value_columns.is_empty() {
        let shown: Vec<&str> = r
            .value_columns
            .iter()
            .take(12)
            .map(String::as_str)
            .collect();
        let _ = writeln!(
            o,
            "  values     ← {} column(s): {}{}",
            r.value_columns.len(),
            shown.join(", "),
            if r.value_columns.len() > 12 {
                ", …"
            } else {
                ""
            }
        );
    }
}

/// Observations, times, places and indicators.
fn what_was_found(o: &mut String, r: &LoadReport, s: &Summary) {
    let _ = writeln!(
        o,
        "observations: {} (from {} data rows)",
        s.observations, r.rows_read
    );
    match (&s.time_from, &s.time_to) {
        (Some(a), Some(b)) => {
            let _ = writeln!(
                o,
                "time:         {a} – {b} (resolution: {})",
                s.resolution.label()
            );
        }
        _ => {
            let _ = writeln!(o, "time:         none in the file");
        }
    }
    let _ = writeln!(o, "places ({}):   {}", s.places.len(), list(&s.places, 40));
    if !s.countries.is_empty() {
        let _ = writeln!(
            o,
            "countries ({}): {}",
            s.countries.len(),
            list(&s.countries, 40)
        );
    }
    let _ = writeln!(o, "indicators ({}):", s.indicators.len());
    let width = s
        .indicators
        .iter()
        .map(|i| i.id.chars().count())
        .max()
        .unwrap_or(0)
        .min(48);
    for i in &s.indicators {
        let _ = writeln!(
            o,
            "  {:<width$} {:<16} {:<12} {:>7} obs  {}",
            i.id,
            i.unit,
            i.theme.as_deref().unwrap_or("(unknown)"),
            i.observations,
            i.name.as_deref().unwrap_or("not in the catalog")
        );
    }
}

/// Value cells without a value (missing data, left out): how many, and the first few.
fn missing(o: &mut String, r: &LoadReport) {
    if r.missing_total == 0 {
        return;
    }
    let _ = writeln!(
        o,
        "no value:     {} cell(s), left out as missing data (empty, or marked missing such as n/a)",
        r.missing_total
    );
    let shown = r.missing.len().min(MISSING_SHOWN);
    for m in &r.missing[..shown] {
        let _ = writeln!(o, "  row {}, column {:?}", m.row, m.column);
    }
    if r.missing_total > shown {
        let _ = writeln!(o, "  … and {} more", r.missing_total - shown);
    }
}

/// Values that repeat an earlier row's exactly (left out, kept once): how many, and the
/// first groups.
fn duplicates(o: &mut String, r: &LoadReport) {
    if r.duplicates_total == 0 {
        return;
    }
    let _ = writeln!(
        o,
        "repeated:     {} value(s) repeat an earlier row's exactly (same place, indicator, time \
         and value): kept once",
        r.duplicates_total
    );
    let shown = r.duplicates.len().min(MISSING_SHOWN);
    for d in &r.duplicates[..shown] {
        let rows: Vec<String> = d.rows.iter().map(|r| r.to_string()).collect();
        let place = match &d.station {
            Some(s) => format!("{} ({s})", d.place),
            None => d.place.clone(),
        };
        let _ = writeln!(
            o,
            "  {place} / {} / {}: rows {}, value {}",
            d.indicator,
            d.time,
            rows.join(", "),
            format_value(d.kept)
        );
    }
    let listed: usize = r.duplicates[..shown]
        .iter()
        .map(|d| d.rows.len().saturating_sub(1))
        .sum();
    if r.duplicates_total > listed {
        let _ = writeln!(o, "  … and {} more", r.duplicates_total - listed);
    }
}

/// Cells without a value listed by `check` (the report keeps a few more).
const MISSING_SHOWN: usize = 10;

/// Conflicts, skipped rows, notes and unused columns.
fn problems(o: &mut String, r: &LoadReport) {
    if !r.conversions.is_empty() {
        let _ = writeln!(o, "converted:    {} unit(s)", r.conversions.len());
        for c in &r.conversions {
            let _ = writeln!(
                o,
                "  {}: {} value(s) in {} → {} (× {}){}",
                c.indicator,
                c.values,
                c.from,
                c.to,
                crate::data::text::format_significant(c.factor, 6),
                c.basis
                    .as_deref()
                    .map(|b| format!(": {b}"))
                    .unwrap_or_default()
            );
        }
    }
    let _ = writeln!(
        o,
        "conflicts:    {} (kept: {})",
        r.conflicts_total,
        r.conflict_policy.name()
    );
    for c in &r.conflicts {
        let rows: Vec<String> = c.rows.iter().map(|r| r.to_string()).collect();
        let values: Vec<String> = c.values.iter().map(|v| format_value(*v)).collect();
        let place = match &c.station {
            Some(s) => format!("{} ({s})", c.place),
            None => c.place.clone(),
        };
        let _ = writeln!(
            o,
            "  {} / {} / {}: rows {} have values {} → kept {}",
            place,
            c.indicator,
            c.time,
            rows.join(", "),
            values.join(", "),
            format_value(c.kept)
        );
    }
    if r.conflicts_total > r.conflicts.len() {
        let _ = writeln!(o, "  … and {} more", r.conflicts_total - r.conflicts.len());
    }
    let _ = writeln!(o, "skipped:      {}", r.skipped_total);
    for s in &r.skipped {
        let _ = writeln!(
            o,
            "  row {}, column {:?}, value {:?}: {}",
            s.row, s.column, s.value, s.reason
        );
    }
    if r.skipped_total > r.skipped.len() {
        let _ = writeln!(o, "  … and {} more", r.skipped_total - r.skipped.len());
    }
    missing(o, r);
    duplicates(o, r);
    if !r.notes.is_empty() {
        let _ = writeln!(o, "notes:");
        for n in &r.notes {
            let _ = writeln!(o, "  - {n}");
        }
    }
    if !r.ignored_columns.is_empty() {
        let names: Vec<&str> = r.ignored_columns.iter().map(|(n, _)| n.as_str()).collect();
        let _ = writeln!(
            o,
            "unused columns ({}): {}",
            names.len(),
            list_str(&names, 20)
        );
    }
}

fn list(items: &[String], max: usize) -> String {
    let v: Vec<&str> = items.iter().map(String::as_str).collect();
    list_str(&v, max)
}

fn list_str(items: &[&str], max: usize) -> String {
    let mut s = items
        .iter()
        .take(max)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > max {
        let _ = write!(s, ", … ({} more)", items.len() - max);
    }
    s
}
