//! Formats with named fields: Parquet files and JSON records.

use std::io::Cursor;

use polars::prelude::*;

use super::{RawTable, ReadInfo};
use crate::data::error::LoadError;
use crate::data::text;

pub(super) fn read_parquet(bytes: &[u8], path: &str) -> Result<RawTable, LoadError> {
    let frame = ParquetReader::new(Cursor::new(bytes))
        .finish()
        .map_err(|e| LoadError::Parse {
            path: path.to_string(),
            message: format!("not a readable Parquet file: {e}"),
        })?;
    Ok(RawTable::from_records(frame, ReadInfo::default()))
}

/// Keys under which APIs put their records, tried first.
const RECORD_KEYS: &[&str] = &[
    "data",
    "results",
    "records",
    "items",
    "rows",
    "observations",
    "value",
];

/// The records of a JSON document, wherever they sit: a top-level array of objects, the
/// array element of World Bank's `[page info, records]`, or the largest array of objects
/// under an object's keys (`data`, `results`, `records` first), up to three levels down.
fn find_records(v: &serde_json::Value, depth: usize) -> Option<&Vec<serde_json::Value>> {
    use serde_json::Value;
    let objects = |a: &Vec<Value>| !a.is_empty() && a.iter().all(|x| x.is_object() || x.is_null());
    match v {
        Value::Array(a) if objects(a) => Some(a),
        Value::Array(a) if depth > 0 => a
            .iter()
            .filter_map(|x| find_records(x, depth - 1))
            .max_by_key(|r| r.len()),
        Value::Object(o) if depth > 0 => {
            let known = RECORD_KEYS
                .iter()
                .filter_map(|k| o.get(*k))
                .filter_map(|x| find_records(x, depth - 1))
                .max_by_key(|r| r.len());
            known.or_else(|| {
                o.values()
                    .filter_map(|x| find_records(x, depth - 1))
                    .max_by_key(|r| r.len())
            })
        }
        _ => None,
    }
}

/// True for an object of equally long arrays of scalars: a table given column by column.
fn is_column_object(v: &serde_json::Value) -> bool {
    let Some(o) = v.as_object() else {
        return false;
    };
    let mut len = None;
    !o.is_empty()
        && o.values().all(|x| match x.as_array() {
            Some(a) if a.iter().all(|c| !c.is_object() && !c.is_array()) => {
                *len.get_or_insert(a.len()) == a.len()
            }
            _ => false,
        })
}

/// The dotted names that hold a scalar (or list) in some record: an object found under one of
/// them elsewhere is a wrongly typed field, not more columns.
fn scalar_paths(prefix: &str, v: &serde_json::Value, out: &mut std::collections::HashSet<String>) {
    match v {
        serde_json::Value::Object(o) if !o.is_empty() => {
            for (k, x) in o {
                scalar_paths(&join(prefix, k), x, out);
            }
        }
        _ => {
            if !out.contains(prefix) {
                out.insert(prefix.to_string());
            }
        }
    }
}

fn join(prefix: &str, k: &str) -> String {
    match prefix.is_empty() {
        true => k.to_string(),
        false => format!("{prefix}.{k}"),
    }
}

/// A record's fields with nested objects flattened to dotted names (`date.utc`,
/// `coordinates.latitude`, `country.value`). An object or list where other records have a
/// scalar is kept as its JSON text, which no role reads as a place, time or number, so the
/// record is skipped and reported.
fn flatten(
    prefix: &str,
    v: &serde_json::Value,
    scalars: &std::collections::HashSet<String>,
    out: &mut Vec<(String, Option<String>)>,
) {
    use serde_json::Value;
    match v {
        Value::Object(o) if !o.is_empty() && (prefix.is_empty() || !scalars.contains(prefix)) => {
            for (k, x) in o {
                flatten(&join(prefix, k), x, scalars, out);
            }
        }
        Value::Null => out.push((prefix.to_string(), None)),
        Value::String(s) => out.push((prefix.to_string(), Some(s.clone()))),
        Value::Number(n) => out.push((prefix.to_string(), Some(n.to_string()))),
        Value::Bool(b) => out.push((prefix.to_string(), Some(b.to_string()))),
        other => out.push((prefix.to_string(), Some(other.to_string()))),
    }
}

/// Parses JSON text, or newline-delimited JSON (one record per line) as an array.
fn parse_json(text: &str) -> Result<serde_json::Value, String> {
    match serde_json::from_str(text) {
        Ok(v) => Ok(v),
        Err(e) => {
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            if lines.len() > 1 && lines[0].trim_start().starts_with('{') {
                let mut records = Vec::with_capacity(lines.len());
                for (i, l) in lines.iter().enumerate() {
                    records.push(
                        serde_json::from_str(l)
                            .map_err(|e| format!("not valid JSON on line {}: {e}", i + 1))?,
                    );
                }
                return Ok(serde_json::Value::Array(records));
            }
            Err(format!("not valid JSON: {e}"))
        }
    }
}

/// JSON as APIs return it: records (`[{"city": …, "value": …}, …]`) wherever they sit
/// (see [`find_records`]), newline-delimited records, or a table given as an object of
/// columns (`{"city": […], "value": […]}`). Nested objects become dotted column names.
pub(super) fn read_json(bytes: &[u8], path: &str) -> Result<RawTable, LoadError> {
    use serde_json::Value;
    let err = |message: String| LoadError::Parse {
        path: path.to_string(),
        message,
    };
    let (text, encoding) = text::decode(bytes);
    let value = parse_json(&text).map_err(err)?;
    let mut names: Vec<String> = Vec::new();
    let mut cols: Vec<Vec<Option<String>>> = Vec::new();
    let columns_at = match &value {
        Value::Object(o) => RECORD_KEYS
            .iter()
            .filter_map(|k| o.get(*k))
            .chain(std::iter::once(&value))
            .find(|v| is_column_object(v)),
        _ => None,
    };
    if let Some(Value::Object(obj)) = columns_at {
        for (k, v) in obj {
            names.push(k.clone());
            let items = v.as_array().map(Vec::as_slice).unwrap_or(&[]);
            cols.push(
                items
                    .iter()
                    .map(|x| match x {
                        Value::Null => None,
                        Value::String(s) => Some(s.clone()),
                        other => Some(other.to_string()),
                    })
                    .collect(),
            );
        }
    } else {
        let records = find_records(&value, 3).ok_or_else(|| {
            err("no records found: expected an array of objects (at the top, or under a key such as \
                 \"data\" or \"results\") or an object of equally long arrays"
                .into())
        })?;
        let mut scalars = std::collections::HashSet::new();
        for rec in records {
            scalar_paths("", rec, &mut scalars);
        }
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut fields = Vec::new();
        for (i, rec) in records.iter().enumerate() {
            fields.clear();
            flatten("", rec, &scalars, &mut fields);
            for (k, v) in fields.drain(..) {
                let j = *index.entry(k.clone()).or_insert_with(|| {
                    names.push(k);
                    cols.push(vec![None; i]);
                    names.len() - 1
                });
                if cols[j].len() == i + 1 {
                    // The same dotted name twice in one record: the first wins.
                    continue;
                }
                cols[j].push(v);
            }
            for c in cols.iter_mut() {
                c.resize(i + 1, None);
            }
        }
    }
    let columns: Vec<Column> = names
        .iter()
        .zip(cols)
        .map(|(n, c)| Column::new(n.as_str().into(), c))
        .collect();
    let frame = DataFrame::new_infer_height(columns).map_err(|e| err(e.to_string()))?;
    Ok(RawTable::from_records(
        frame,
        ReadInfo {
            encoding: Some(encoding.name()),
            ..Default::default()
        },
    ))
}
