//! The Arrow files of a dataset cache entry: a large entry is written as several files (its
//! record batches split in runs), one thread a file, and read back as one frame.
//!
//! Writing a new file is mostly the kernel copying into fresh page-cache pages, which one
//! thread does at a time: on this project's 2-core VMs, 360 MB in one file took 110–122 ms,
//! the same bytes in two files on two threads 59–67 ms (3 runs each), and the cold `check`
//! of a 10M-row file writes its entry after everything else.

use std::path::{Path, PathBuf};

use polars::prelude::*;

/// Rows per record batch of an entry.
const BATCH_ROWS: usize = 1 << 18;

/// Entries of fewer batches than this are one file.
const SPLIT_BATCHES: usize = 4;

/// The most files an entry is written as.
const MAX_FILES: usize = 4;

/// The cores this machine has.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The path of file `i` of the entry whose first file is `first` (`KEY.arrow`, then
/// `KEY.1.arrow`, `KEY.2.arrow`…).
pub(crate) fn file_path(first: &Path, i: usize) -> PathBuf {
    match i {
        0 => first.to_path_buf(),
        _ => {
            let stem = first.file_stem().unwrap_or_default().to_string_lossy();
            first.with_file_name(format!("{stem}.{i}.arrow"))
        }
    }
}

/// Every file of the entry whose first file is `first` that exists.
pub(crate) fn existing(first: &Path) -> Vec<PathBuf> {
    (0..MAX_FILES)
        .map(|i| file_path(first, i))
        .filter(|p| p.exists())
        .collect()
}

/// Writes `frame` as an entry's Arrow files, uncompressed (so that they can be memory-mapped)
/// in record batches of [`BATCH_ROWS`] rows, each file atomically; returns how many files.
pub(crate) fn write(first: &Path, frame: &DataFrame) -> Result<usize, String> {
    let batches = frame.height().div_ceil(BATCH_ROWS).max(1);
    let files = match batches >= SPLIT_BATCHES {
        true => cores().clamp(1, MAX_FILES),
        false => 1,
    };
    let rows_per_file = batches.div_ceil(files) * BATCH_ROWS;
    let parts: Vec<DataFrame> = (0..files)
        .map(|i| frame.slice((i * rows_per_file) as i64, rows_per_file))
        .collect();
    let results: Vec<Result<(), String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .iter()
            .enumerate()
            .map(|(i, part)| scope.spawn(move || write_file(&file_path(first, i), part)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("a writer panicked".into())))
            .collect()
    });
    results.into_iter().collect::<Result<Vec<()>, String>>()?;
    // Files of an earlier entry of this key beyond these would be read as part of nothing,
    // but still count against the limit.
    for i in files..MAX_FILES {
        let _ = std::fs::remove_file(file_path(first, i));
    }
    Ok(files)
}

/// Writes one Arrow file of `part`'s rows in record batches of [`BATCH_ROWS`] rows.
fn write_file(path: &Path, part: &DataFrame) -> Result<(), String> {
    // The writer copies a batch at a time.
    let mut batched = batches(part, BATCH_ROWS).map_err(|e| e.to_string())?;
    write_new(path, |f| {
        let mut w = std::io::BufWriter::new(SmallWrites(f));
        IpcWriter::new(&mut w)
            .with_compression(None)
            .finish(&mut batched)
            .map_err(|e| e.to_string())?;
        std::io::Write::flush(&mut w).map_err(|e| e.to_string())
    })
}

/// Reads the `files` Arrow files of an entry (memory-mapped) as one frame.
pub(crate) fn read(first: &Path, files: usize) -> Result<DataFrame, String> {
    if files == 0 || files > MAX_FILES {
        return Err(format!("an entry of {files} files"));
    }
    let mut frame = super::arrow_entry::read_frame(first)?;
    for i in 1..files {
        let part = super::arrow_entry::read_frame(&file_path(first, i))?;
        frame.vstack_mut(&part).map_err(|e| e.to_string())?;
    }
    Ok(frame)
}

/// The frame as chunks of at most `rows` rows (slices of it: nothing is copied).
fn batches(frame: &DataFrame, rows: usize) -> PolarsResult<DataFrame> {
    let mut out = frame.slice(0, rows);
    let mut offset = rows;
    while offset < frame.height() {
        out.vstack_mut(&frame.slice(offset as i64, rows))?;
        offset += rows;
    }
    Ok(out)
}

/// Bytes a `write` call of an entry's Arrow file hands the kernel at most.
const WRITE_CHUNK: usize = 256 << 10;

/// A writer that hands the kernel at most [`WRITE_CHUNK`] bytes a call. The Arrow writer
/// writes each column of a record batch in one call (2 MB); the kernel then fills the file
/// with large page-cache folios, which on this project's VMs (free memory handed back to
/// the host) cost 2–4× the time of small ones. Measured writing 360 MB to a new file on
/// ext4, 4 runs each: 0.24–0.52 s in 8 KB calls, 0.56–1.0 s in 2 MB calls.
struct SmallWrites<W>(W);

impl<W: std::io::Write> std::io::Write for SmallWrites<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(&buf[..buf.len().min(WRITE_CHUNK)])
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Writes a file through a temporary one in the same folder, renamed into place.
pub(crate) fn write_new(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<(), String>,
) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| e.to_string())?;
    write(tmp.as_file_mut())?;
    tmp.persist(path).map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A writer that keeps what it is given and the size of each call.
    #[derive(Default)]
    struct Recorder {
        bytes: Vec<u8>,
        calls: Vec<usize>,
    }

    impl Write for Recorder {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.bytes.extend_from_slice(buf);
            self.calls.push(buf.len());
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn large_writes_reach_the_kernel_in_chunks_and_whole() {
        let data: Vec<u8> = (0..3 * WRITE_CHUNK + 17).map(|i| (i % 251) as u8).collect();
        let mut w = std::io::BufWriter::new(SmallWrites(Recorder::default()));
        w.write_all(b"head").unwrap();
        w.write_all(&data).unwrap();
        w.flush().unwrap();
        let r = w.into_inner().map_err(|_| "flush").unwrap().0;
        assert_eq!(r.bytes.len(), data.len() + 4);
        assert!(r.bytes[4..] == data[..], "the bytes arrive in order");
        assert!(r.calls.iter().all(|&n| n <= WRITE_CHUNK), "{:?}", r.calls);
        assert!(r.calls.len() >= 4, "{:?}", r.calls);
    }

    #[test]
    fn a_large_frame_is_written_as_several_files_and_read_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("k.arrow");
        let n = BATCH_ROWS * SPLIT_BATCHES + 1_234;
        let codes: Vec<u32> = (0..n as u32).map(|i| i % 97).collect();
        let values: Vec<f64> = (0..n).map(|i| i as f64 * 0.5).collect();
        let frame = df!("place" => codes, "value" => values).unwrap();
        let files = write(&first, &frame).unwrap();
        let expected = super::cores().clamp(1, MAX_FILES);
        assert_eq!(files, expected);
        assert_eq!(existing(&first).len(), files);
        let back = read(&first, files).unwrap();
        assert!(back.equals_missing(&frame));
        if files > 1 {
            // A damaged later file fails the read (the cache then parses the file again).
            std::fs::write(file_path(&first, 1), b"not arrow").unwrap();
            assert!(read(&first, files).is_err());
        }
        // A small frame is one file, and the files of the larger entry before it go.
        let small = frame.slice(0, 10);
        assert_eq!(write(&first, &small).unwrap(), 1);
        assert_eq!(existing(&first), vec![first.clone()]);
        assert!(read(&first, 1).unwrap().equals_missing(&small));
        // A missing file is an error, not a shorter frame.
        assert!(read(&first, 2).is_err());
    }
}
