//! Unit tests of the line sieve.
use super::*;

fn sieve(columns: &[&str], names: &[&str]) -> LineSieve {
    let filter = LineFilter {
        columns: columns.iter().map(|c| c.to_string()).collect(),
        keeps: Box::new(|k, cell| match k {
            0 => cell == "Astana",
            _ => cell == "pm25",
        }),
        time_column: None,
    };
    let names: Vec<PlSmallStr> = names.iter().map(|n| (*n).into()).collect();
    LineSieve::new(filter, &names, &[], b',').expect("columns found")
}

/// Makes every worker of `s` know the texts of column `k`, so that their lines are no
/// longer kept as the first with their text.
fn know(s: &mut LineSieve, k: usize, texts: &[&str]) {
    for worker in &mut s.answers {
        for t in texts {
            let answer = (s.filter.keeps)(k, t);
            worker[k].insert(t.as_bytes().into(), answer);
        }
    }
}

#[test]
fn keeps_the_lines_whose_cells_are_kept_with_their_index() {
    let mut s = sieve(&["city", "indicator"], &["indicator", "year", "city"]);
    let part = b"pm25,2020,Astana\r\npm10,2020,Astana\r\npm25,2021,Almaty\r\npm25,2021,Astana";
    // The first line with each text is kept: here, every line.
    assert!(s.sift(part).is_none());
    let sifted = s.sift(part).expect("lines left out");
    assert_eq!(sifted.count, 4);
    assert_eq!(sifted.kept, vec![0, 3]);
    assert_eq!(
        sifted.lines,
        b"pm25,2020,Astana\r\npm25,2021,Astana".to_vec()
    );
}

#[test]
fn a_left_out_time_gives_the_resolution_the_load_reads_from_it() {
    use TimeResolution::*;
    for (cell, r) in [
        ("2015", Some(Year)),
        ("2015-03", Some(Month)),
        ("2015M03", Some(Month)),
        ("2015-03-04", Some(Date)),
        (" 04.03.2015 ", Some(Date)),
        ("2015-03-04T10:00:00Z", Some(Timestamp)),
        ("2015-03-04 10:00", Some(Timestamp)),
        ("2015.0", Some(Year)),
        ("2015-02-30", None),
        ("", None),
        ("NA", None),
        ("someday", None),
    ] {
        assert_eq!(left_out_time(cell.as_bytes(), None), Ok(r), "{cell}");
        // The load's own reading of the cell agrees.
        let load = match time::parse_time(cell) {
            TimeCell::Value(_, r) => Some(r),
            _ => None,
        };
        assert_eq!(load, r, "{cell}");
    }
    // A cell cannot be finer than the times already read: its shape is enough.
    assert_eq!(
        left_out_time(b"2015-03-04 10:00", Some(Timestamp)),
        Ok(None)
    );
    assert_eq!(left_out_time(b"2015-03-04", Some(Date)), Ok(None));
    assert_eq!(left_out_time(b"2015-03-04", Some(Month)), Ok(Some(Date)));
    assert_eq!(left_out_time(b"2015-03", Some(Date)), Ok(None));
    assert_eq!(left_out_time(b"March 2015", Some(Year)), Ok(Some(Month)));
    for cell in [
        "2015",
        "2015-03",
        "2015M03",
        "2015-03-04",
        "04.03.2015",
        "2015-03-04T10:00:00Z",
    ] {
        let load = match time::parse_time(cell) {
            TimeCell::Value(_, r) => r,
            other => panic!("{cell}: {other:?}"),
        };
        assert_eq!(shape_bound(cell.as_bytes()), Some(load), "{cell}");
    }
    for whole in ["03/04/2015", "2019/20", "2019Q1"] {
        assert_eq!(left_out_time(whole.as_bytes(), None), Err(()), "{whole}");
    }
}

#[test]
fn the_first_line_with_each_text_is_kept_and_numbers_are_checked() {
    let names: Vec<PlSmallStr> = ["city", "value"].map(PlSmallStr::from).to_vec();
    let filter = LineFilter {
        columns: vec!["city".into()],
        keeps: Box::new(|_, cell| cell == "Astana"),
        time_column: None,
    };
    let mut s = LineSieve::new(filter, &names, &[(1, false)], b',').expect("found");
    s.answers.truncate(1);
    let sifted = s
        .sift(b"Baku,1\nAstana,2\nBaku,3\nOsh,4\nOsh,.5e3\n")
        .unwrap();
    assert_eq!(sifted.kept, vec![0, 1, 3]);
    // A left-out line whose number polars would not read as one: parsed whole.
    assert!(s.sift(b"Astana,1\nBaku,1,5\n").is_some());
    assert!(s.sift(b"Astana,1\nBaku,n/a\n").is_none());
    for (cell, float, integer) in [
        ("", true, true),
        ("-12", true, true),
        ("1.5", true, false),
        (".5", true, false),
        ("2e-3", true, false),
        ("1.", true, false),
        ("+5", false, false),
        ("1,5", false, false),
        ("inf", false, false),
        (" 5", false, false),
        (".", false, false),
        ("1e", false, false),
        ("-", false, false),
    ] {
        assert_eq!(reads_as_number(cell.as_bytes(), false), float, "{cell}");
        assert_eq!(reads_as_number(cell.as_bytes(), true), integer, "{cell}");
    }
}

#[test]
fn cells_are_found_across_words_and_past_the_line_end() {
    let line = b"a;bb;;cccccccc;dddddddddd;e\x80;f";
    let mut got = Vec::new();
    let fields = [0, 2, 3, 5, 6, 9].map(|i| (i, Field::Filter(i)));
    for_each_cell(line, &fields, b';', |slot, f, cell| {
        got.push((slot, f, cell.to_vec()))
    });
    let cells: Vec<&[u8]> = vec![b"a", b"", b"cccccccc", b"e\x80", b"f", b""];
    let cells: Vec<Vec<u8>> = cells.into_iter().map(<[u8]>::to_vec).collect();
    let expected: Vec<(usize, Field, Vec<u8>)> = cells
        .into_iter()
        .enumerate()
        .map(|(i, c)| (i, fields[i].1, c))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(separators(b";a;;\xbb;;;", b';'), 0x8080_8000_8080_0080);
}

#[test]
fn pieces_sifted_on_several_threads_number_their_lines_in_the_part() {
    let mut s = sieve(&["city"], &["city", "year"]);
    let one = s.answers[0].clone();
    s.answers = vec![one; 3];
    know(&mut s, 0, &["Astana", "Baku"]);
    let mut part = String::new();
    for i in 0..100 {
        let city = if i % 7 == 0 { "Astana" } else { "Baku" };
        part.push_str(&format!("{city},{i}\n"));
    }
    let sifted = s.sift(part.as_bytes()).expect("lines left out");
    assert_eq!(sifted.count, 100);
    assert_eq!(sifted.kept, (0..100).step_by(7).collect::<Vec<u32>>());
    let expected: String = (0..100)
        .step_by(7)
        .map(|i| format!("Astana,{i}\n"))
        .collect();
    assert_eq!(String::from_utf8(sifted.lines).unwrap(), expected);
    assert_eq!(split_at_lines(part.as_bytes(), 3).len(), 3);
    assert_eq!(split_at_lines(b"Astana,1\n", 4), vec![&b"Astana,1\n"[..]]);
}

#[test]
fn short_lines_ask_for_an_empty_cell_and_blank_lines_take_the_part_whole() {
    let mut s = sieve(&["city"], &["year", "value", "city"]);
    know(&mut s, 0, &["Astana", ""]);
    let sifted = s.sift(b"2020,1,Astana\n2020,1\n2021\n").expect("sifted");
    assert_eq!((sifted.kept, sifted.count), (vec![0], 3));
    assert!(s.sift(b"2020,1,Astana\n\n2020,2,Almaty\n").is_none());
    // Every line kept: the part is taken as it is.
    assert!(s.sift(b"2020,1,Astana\n2021,2,Astana\n").is_none());
    assert!(
        LineSieve::new(
            LineFilter {
                columns: vec!["station".into()],
                keeps: Box::new(|_, _| true),
                time_column: None,
            },
            &["city".into()],
            &[],
            b','
        )
        .is_none()
    );
}
