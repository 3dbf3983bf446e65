//! Reading a dataset cache entry's Arrow IPC file safely: a damaged file is an error, never a
//! panic or a read outside the file.

use std::path::Path;

use polars::prelude::*;

/// An entry's Arrow file as a frame, memory-mapped (read into memory on Windows, where a
/// mapped file can be neither replaced nor removed). A damaged file is an error, never a
/// panic: its footer's record batches must lie within the file and its columns be of the
/// types entries hold before the reader sees it, the reader's own panics are caught, and
/// every chunk's validity must cover its values.
pub(crate) fn read_frame(data: &Path) -> Result<DataFrame, String> {
    use polars_arrow::datatypes::ArrowDataType as A;
    let mut file = std::fs::File::open(data).map_err(|e| e.to_string())?;
    let len = i128::from(file.metadata().map_err(|e| e.to_string())?.len());
    let metadata =
        polars_arrow::io::ipc::read::read_file_metadata(&mut file).map_err(|e| e.to_string())?;
    for b in &metadata.blocks {
        let parts = [
            b.offset.into(),
            b.meta_data_length.into(),
            b.body_length.into(),
        ];
        if parts.iter().any(|p: &i128| *p < 0) || parts.iter().sum::<i128>() > len {
            return Err("a record batch beyond the end of the file".into());
        }
    }
    if let Some(f) = metadata
        .schema
        .iter_values()
        .find(|f| !matches!(f.dtype, A::UInt32 | A::Int64 | A::Float64))
    {
        return Err(format!("column {:?} of type {:?}", f.name, f.dtype));
    }
    let shown = data.display().to_string();
    let frame = super::source::contain("Arrow IPC reader", &shown, || {
        let reader = IpcReader::new(file);
        // SAFETY: the file is citydash's own cache entry, written whole to a temporary file
        // and renamed into place, never written in place; its blocks were checked against its
        // length above, the reader checks its buffers' bounds, and every code is checked
        // against the labels before use. A program rewriting the file in place while it is
        // mapped would break this (the cache directory is citydash's).
        #[cfg(not(windows))]
        let reader = unsafe { reader.memory_mapped(Some(data.to_path_buf())) };
        reader.finish().map_err(|e| super::LoadError::Parse {
            path: shown.clone(),
            message: e.to_string(),
        })
    })
    .map_err(|e| e.to_string())?;
    // The null counts are the file's own: they must be the bitmaps' (kernels rely on them).
    let wrong = |v: &polars_arrow::bitmap::Bitmap, len: usize| {
        let (bytes, offset, bits) = v.as_slice();
        bits != len
            || bytes.len() * 8 < offset + bits
            || polars_arrow::bitmap::utils::count_zeros(bytes, offset, bits) != v.unset_bits()
    };
    for c in frame.columns() {
        let series = c.as_materialized_series();
        let chunks = series.chunks().iter();
        if chunks
            .into_iter()
            .any(|a| a.validity().is_some_and(|v| wrong(v, a.len())))
        {
            return Err(format!("column {}: a damaged validity", c.name()));
        }
    }
    Ok(frame)
}
