//! A part of a large table parsed by polars' chunk reader on polars' thread pool: the same
//! line parser and column builders as polars' `CsvReader`, without its serial first pass,
//! which finds the line breaks a byte at a time on a stable compiler (polars' SIMD line
//! counter needs a nightly one); here the lines are cut with memchr. That pass was a tenth of
//! the CPU samples of a cold `check` of gen_tidy's 10M rows (perf, 2 December). Measured
//! against the same build with `CsvReader` (hyperfine, 8 runs each, twice): cold `check`
//! 2.08 and 2.19 s against 2.29 and 2.32 s, with about 0.6 s less user time; a cold filtered
//! 5-city export 767 against 826 ms. On threads of its own rather than the pool's, the parse
//! used less CPU but was no faster, and the filtered export was slower (920 against 814 ms).

use polars::io::csv::read::_csv_read_internal::{cast_columns, prepare_csv_schema, read_chunk};
use polars::prelude::*;

/// Parses `lines` — whole lines without quotes, so that every line break ends a record, and
/// no header — with `options`' schema, in pieces of about [`PIECE_BYTES`] on polars' thread
/// pool. Fails as `CsvReader` would (a cell that breaks the schema), and also when a piece's
/// rows do not match its lines one for one: the caller then reads the part with
/// `CsvReader`, so the result is always that reader's.
pub(super) fn read_lines(options: &CsvReadOptions, lines: &[u8]) -> PolarsResult<DataFrame> {
    let Some(schema) = options.schema.clone() else {
        polars_bail!(ComputeError: "a part without a schema")
    };
    polars_ensure!(
        !options.has_header && options.skip_rows == 0 && options.n_rows.is_none(),
        ComputeError: "a part read with a header, skipped rows or a row limit"
    );
    let mut schema = schema;
    let mut to_cast = options.fields_to_cast.clone();
    prepare_csv_schema(&mut schema, &mut to_cast)?;
    let parse = options.get_parse_options();
    polars_ensure!(
        parse.eol_char == b'\n' && memchr::memchr(b'"', lines).is_none(),
        ComputeError: "a part with quotes or other line ends"
    );
    let nulls = parse
        .null_values
        .as_ref()
        .map(|nv| nv.clone().compile(&schema))
        .transpose()?;
    let projection: Vec<usize> = (0..schema.len()).collect();
    let read = |piece: &[u8]| -> PolarsResult<DataFrame> {
        let lines =
            memchr::memchr_iter(b'\n', piece).count() + usize::from(!piece.ends_with(b"\n"));
        let mut df = read_chunk(
            piece,
            &parse,
            &schema,
            options.ignore_errors,
            &projection,
            0,
            lines,
            nulls.as_ref(),
            usize::MAX,
            piece.len(),
            Some(0),
        )?;
        cast_columns(&mut df, &to_cast, false, options.ignore_errors)?;
        polars_ensure!(
            df.height() == lines,
            ComputeError: "{} rows in {lines} lines", df.height()
        );
        Ok(df)
    };
    // Pieces of about PIECE_BYTES, at least one a thread: the pool's threads share the
    // cores with the thread building observations, so a part cut in as many pieces as
    // threads waited for the piece of a thread the scheduler had paused.
    let threads = polars_core::runtime::RAYON.current_num_threads().max(1);
    let count = lines.len().div_ceil(PIECE_BYTES).clamp(threads, MAX_PIECES);
    let pieces = super::parts::split_lines(lines, lines.len().div_ceil(count).max(1));
    let frames: Vec<PolarsResult<DataFrame>> = polars_core::runtime::RAYON.install(|| {
        let mut out: Vec<Option<PolarsResult<DataFrame>>> =
            (0..pieces.len()).map(|_| None).collect();
        polars_core::runtime::RAYON.scope(|scope| {
            for (slot, p) in out.iter_mut().zip(&pieces) {
                let read = &read;
                scope.spawn(move |_| *slot = Some(read(p)));
            }
        });
        out.into_iter()
            .map(|f| f.unwrap_or_else(|| Err(polars_err!(ComputeError: "a piece not read"))))
            .collect()
    });
    let mut frames = frames.into_iter();
    let mut out = frames
        .next()
        .unwrap_or_else(|| Ok(DataFrame::empty_with_schema(&schema)))?;
    for f in frames {
        out.vstack_mut_owned(f?)?;
    }
    Ok(out)
}

/// The size a part's pieces are cut to. Measured on gen_tidy's 10M rows (8 MiB parts, a
/// cold `check`, 12 interleaved runs on 2 cores, 3 December): pieces of 4 MiB (one a
/// thread) 1.34 s, 1 MiB 1.26 s, 512 KiB 1.26 s (0.91× the first), 256 KiB 1.28 s.
const PIECE_BYTES: usize = 512 * 1024;

/// Pieces a part is cut into at most.
const MAX_PIECES: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn options(schema: Schema) -> CsvReadOptions {
        CsvReadOptions::default()
            .with_has_header(false)
            .with_schema(Some(Arc::new(schema)))
            .map_parse_options(|p| {
                p.with_separator(b';')
                    .with_truncate_ragged_lines(true)
                    .with_missing_is_null(true)
            })
    }

    fn by_reader(o: &CsvReadOptions, lines: &[u8]) -> PolarsResult<DataFrame> {
        o.clone()
            .into_reader_with_file_handle(Cursor::new(lines))
            .finish()
    }

    fn schema() -> Schema {
        Schema::from_iter([
            Field::new("city".into(), DataType::String),
            Field::new("year".into(), DataType::Int64),
            Field::new("value".into(), DataType::Float64),
        ])
    }

    #[test]
    fn pieces_are_whole_lines_covering_the_text() {
        let text = b"a;1\nbb;22\nccc;333\nd;4";
        for n in 1..6 {
            let p = super::super::parts::split_lines(text, text.len().div_ceil(n));
            assert_eq!(p.concat(), text.to_vec(), "{n}");
            assert!(p[..p.len() - 1].iter().all(|x| x.ends_with(b"\n")), "{n}");
            assert!(p.len() <= n, "{n}: {p:?}");
        }
        let o = options(schema());
        let empty = read_lines(&o, b"").unwrap();
        assert_eq!((empty.height(), empty.width()), (0, 3));
    }

    #[test]
    fn a_part_reads_as_polars_reader_reads_it() {
        let mut text = String::new();
        for i in 0..5000 {
            // Ragged and short lines, empty and missing cells, CRLF line ends.
            match i % 7 {
                0 => text.push_str(&format!("Astana;{};\r\n", 2000 + i % 20)),
                1 => text.push_str(&format!("Алматы;{};{}.5;extra\n", 2000 + i % 20, i)),
                2 => text.push_str("Baku\n"),
                _ => text.push_str(&format!("Xi'an;{};{}\n", 1990 + i % 30, i as f64 / 3.0)),
            }
        }
        let o = options(schema());
        let direct = read_lines(&o, text.as_bytes()).unwrap();
        assert!(direct.equals_missing(&by_reader(&o, text.as_bytes()).unwrap()));
        assert_eq!(direct.height(), 5000);
        // Without a final line break too.
        let cut = text.trim_end().as_bytes();
        assert!(
            read_lines(&o, cut)
                .unwrap()
                .equals_missing(&by_reader(&o, cut).unwrap())
        );
    }

    #[test]
    fn a_large_part_cut_in_many_pieces_keeps_its_rows_in_order() {
        // About 2.6 MB: more pieces than threads, each of about PIECE_BYTES.
        let text: String = (0..120_000)
            .map(|i| format!("Station-{i:06};{};{}.25\n", 1990 + i % 35, i))
            .collect();
        assert!(text.len() > 4 * PIECE_BYTES);
        let o = options(schema());
        let direct = read_lines(&o, text.as_bytes()).unwrap();
        assert_eq!(direct.height(), 120_000);
        assert!(direct.equals_missing(&by_reader(&o, text.as_bytes()).unwrap()));
        let places = direct.column("city").unwrap().str().unwrap();
        assert_eq!(places.get(119_999), Some("Station-119999"));
        // A cell breaking the schema in the last piece fails the whole part.
        let broken = format!("{text}Baku;2021;2,5\n");
        assert!(read_lines(&o, broken.as_bytes()).is_err());
    }

    #[test]
    fn schema_breaks_and_quotes_fail_and_blank_lines_read_as_the_reader_reads_them() {
        let o = options(schema());
        // A decimal comma in a column of numbers: the typed read fails both ways.
        let bad = b"Astana;2020;1,5\nBaku;2021;2\n";
        assert!(read_lines(&o, bad).is_err());
        assert!(by_reader(&o, bad).is_err());
        // Blank lines (between rows, first, last): read as the reader reads them, or failed.
        for text in [
            b"Astana;2020;1\n\nBaku;2021;2\n".as_slice(),
            b"\nAstana;2020;1\n",
            b"Astana;2020;1\n\n",
            b"Astana;2020;1\n\r\nBaku;2021;2",
        ] {
            if let Ok(direct) = read_lines(&o, text) {
                let reader = by_reader(&o, text).unwrap();
                assert!(direct.equals_missing(&reader), "{direct} {reader}");
            }
        }
        // Quotes are not for this reader.
        assert!(read_lines(&o, b"\"Astana\";2020;1\n").is_err());
    }
}
