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

/// JSON as records (`[{"city": …, "value": …}, …]`), as columns (`{"city": […], "value": […]}`),
/// or either of those under a `"data"` key.
pub(super) fn read_json(bytes: &[u8], path: &str) -> Result<RawTable, LoadError> {
    use serde_json::Value;
    let err = |message: String| LoadError::Parse {
        path: path.to_string(),
        message,
    };
    let (text, encoding) = text::decode(bytes);
    let value: Value =
        serde_json::from_str(&text).map_err(|e| err(format!("not valid JSON: {e}")))?;
    let value = match value {
        Value::Object(mut o) if o.contains_key("data") && o.len() <= 4 => {
            o.remove("data").unwrap_or(Value::Null)
        }
        v => v,
    };
    let scalar = |v: &Value| -> Option<String> {
        match v {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => Some(other.to_string()),
        }
    };
    let mut names: Vec<String> = Vec::new();
    let mut cols: Vec<Vec<Option<String>>> = Vec::new();
    match value {
        Value::Array(records) => {
            for (i, rec) in records.iter().enumerate() {
                let Value::Object(obj) = rec else {
                    return Err(err(format!(
                        "record {} is not an object: expected an array of objects or an object of arrays",
                        i + 1
                    )));
                };
                for (k, v) in obj {
                    let j = match names.iter().position(|n| n == k) {
                        Some(j) => j,
                        None => {
                            names.push(k.clone());
                            cols.push(vec![None; i]);
                            names.len() - 1
                        }
                    };
                    cols[j].push(scalar(v));
                }
                for c in cols.iter_mut() {
                    c.resize(i + 1, None);
                }
            }
        }
        Value::Object(obj) => {
            for (k, v) in obj {
                let Value::Array(items) = v else {
                    return Err(err(format!(
                        "key {k:?} does not hold an array: expected an array of objects or an object of arrays"
                    )));
                };
                names.push(k);
                cols.push(items.iter().map(scalar).collect());
            }
            let len = cols.iter().map(Vec::len).max().unwrap_or(0);
            if cols.iter().any(|c| c.len() != len) {
                return Err(err("the column arrays have different lengths".into()));
            }
        }
        _ => {
            return Err(err(
                "expected an array of records or an object of columns".into()
            ));
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
