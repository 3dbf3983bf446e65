//! Writing tidy CSV, atomically: a temporary file in the target folder, then a rename.

use std::io::Write;
use std::path::Path;

use polars::prelude::*;

use super::dataset::{Dataset, col};
use super::query::{COUNT, COVERAGE, SOURCES, STATIONS};
use super::text::{COMPUTED_DIGITS, format_significant};
use super::time;

/// Errors writing output.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: cannot write: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: refusing to overwrite an input file")]
    WouldOverwriteInput { path: String },
    #[error("{path}: already exists (use --force to replace it)")]
    Exists { path: String },
    #[error("writing CSV: {0}")]
    Csv(String),
    #[error("encoding {what}: {message}")]
    Encode { what: &'static str, message: String },
    #[error("{path}: cannot write: {message}")]
    Failed { path: String, message: String },
}

/// Columns written after the tidy ones when present: the number of readings (`n`), the number
/// of sources averaged and the share of the period covered (aggregates), and the value a
/// relative chart plots (`indexed`).
pub const EXTRA_COLUMNS: [&str; 5] = [COUNT, SOURCES, STATIONS, COVERAGE, INDEXED];

/// Column of a relative chart's rows: the plotted value (index or % change).
pub const INDEXED: &str = "indexed";

/// Writes the observations as tidy CSV: `place,country,indicator,time,value,unit,source`,
/// then `station` when the rows name stations, then the [`EXTRA_COLUMNS`] the rows have. Times are written at the dataset's resolution.
pub fn write_tidy_csv<W: Write>(ds: &Dataset, out: W) -> Result<(), WriteError> {
    let csv_err = |e: &dyn std::fmt::Display| WriteError::Csv(e.to_string());
    let f = &ds.frame;
    let text = |name: &str| -> Result<StringChunked, WriteError> {
        let c = f.column(name).map_err(|e| csv_err(&e))?;
        let s = c.cast(&DataType::String).map_err(|e| csv_err(&e))?;
        Ok(s.str().map_err(|e| csv_err(&e))?.clone())
    };
    let place = text(col::PLACE)?;
    let country = text(col::COUNTRY)?;
    let indicator = text(col::INDICATOR)?;
    let unit = text(col::UNIT)?;
    let source = text(col::SOURCE)?;
    let station = match f.column(col::STATION) {
        Ok(_) => Some(text(col::STATION)?),
        Err(_) => None,
    };
    let t = f
        .column(col::TIME)
        .and_then(|c| c.cast(&DataType::Int64))
        .map_err(|e| csv_err(&e))?;
    let t = t.i64().map_err(|e| csv_err(&e))?;
    let v = f.column(col::VALUE).map_err(|e| csv_err(&e))?;
    let v = v.f64().map_err(|e| csv_err(&e))?;
    // Columns after the tidy ones, when the rows have them: counts and coverage of
    // aggregates, the plotted value of relative charts.
    let extras: Vec<(&str, Float64Chunked)> = EXTRA_COLUMNS
        .iter()
        .filter_map(|name| {
            let c = f.column(name).ok()?.cast(&DataType::Float64).ok()?;
            Some((*name, c.f64().ok()?.clone()))
        })
        .collect();
    // Means are computed values: written to [`COMPUTED_DIGITS`]; observations as loaded.
    let aggregated = f.column(COUNT).is_ok();
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = col::ALL.to_vec();
    if station.is_some() {
        header.push(col::STATION);
    }
    header.extend(extras.iter().map(|(n, _)| *n));
    w.write_record(&header).map_err(|e| csv_err(&e))?;
    let row_resolutions = ds.row_resolutions();
    for i in 0..f.height() {
        let resolution = row_resolutions
            .as_ref()
            .and_then(|r| r.get(i).copied())
            .unwrap_or(ds.resolution);
        let time = t
            .get(i)
            .map(|ms| time::format_time(ms, resolution))
            .unwrap_or_default();
        let value = match aggregated {
            true => v.get(i).map(|x| format_significant(x, COMPUTED_DIGITS)),
            false => v.get(i).map(super::text::format_value),
        }
        .unwrap_or_default();
        let mut rec = vec![
            place.get(i).unwrap_or(""),
            country.get(i).unwrap_or(""),
            indicator.get(i).unwrap_or(""),
            time.as_str(),
            value.as_str(),
            unit.get(i).unwrap_or(""),
            source.get(i).unwrap_or(""),
        ];
        if let Some(s) = &station {
            rec.push(s.get(i).unwrap_or(""));
        }
        let extra: Vec<String> = extras
            .iter()
            .map(|(_, c)| {
                c.get(i)
                    .map(|x| format_significant(x, COMPUTED_DIGITS))
                    .unwrap_or_default()
            })
            .collect();
        rec.extend(extra.iter().map(String::as_str));
        w.write_record(&rec).map_err(|e| csv_err(&e))?;
    }
    w.flush().map_err(|e| WriteError::Csv(e.to_string()))?;
    Ok(())
}

/// Writes a file atomically: the content goes to a temporary file in the same folder, which
/// is renamed over `path` only when complete. A failure leaves nothing behind.
/// `inputs` are files the user opened: they are never overwritten.
pub fn write_atomic<F>(
    path: &Path,
    inputs: &[&Path],
    force: bool,
    fill: F,
) -> Result<(), WriteError>
where
    F: FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> Result<(), WriteError>,
{
    let shown = path.display().to_string();
    let io = |source| WriteError::Io {
        path: shown.clone(),
        source,
    };
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return write_special(path, &meta, fill);
    }
    if let Ok(target) = path.canonicalize() {
        if inputs
            .iter()
            .any(|i| i.canonicalize().is_ok_and(|c| c == target))
        {
            return Err(WriteError::WouldOverwriteInput { path: shown });
        }
        if !force {
            return Err(WriteError::Exists { path: shown });
        }
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".citydash-").suffix(".tmp");
    // Temporary files are private (0600); the output gets the usual permissions instead
    // (those of the file it replaces, else rw-r--r--).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(io)?;
    {
        let mut buf = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut buf).map_err(|e| with_path(e, &shown))?;
        buf.flush().map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// Gives a fill error the output path, when it lacks one.
fn with_path(e: WriteError, path: &str) -> WriteError {
    match e {
        WriteError::Csv(message) => WriteError::Failed {
            path: path.to_string(),
            message,
        },
        WriteError::Encode { what, message } => WriteError::Failed {
            path: path.to_string(),
            message: format!("encoding {what}: {message}"),
        },
        other => other,
    }
}

/// Writes straight into an existing device or pipe (`/dev/stdout`, `/dev/full`), which cannot
/// be replaced by a rename; folders are refused.
fn write_special<F>(path: &Path, meta: &std::fs::Metadata, fill: F) -> Result<(), WriteError>
where
    F: FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> Result<(), WriteError>,
{
    let shown = path.display().to_string();
    if meta.is_dir() {
        return Err(WriteError::Failed {
            path: shown,
            message: "is a folder; give a file name".into(),
        });
    }
    let io = |source| WriteError::Io {
        path: shown.clone(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(io)?;
    let mut buf = std::io::BufWriter::new(&mut file);
    fill(&mut buf).map_err(|e| with_path(e, &shown))?;
    buf.flush().map_err(io)?;
    Ok(())
}
