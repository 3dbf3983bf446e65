//! The loader never panics: every fixture, mutated thousands of ways (bytes flipped,
//! truncated, lines duplicated, delimiters swapped, re-encoded), and random JSON and damaged
//! workbooks give either a dataset or an error naming the file. Cases per run:
//! `CITYDASH_FUZZ_CASES` (default 5000 per property, about ten seconds).

use std::path::PathBuf;

use citydash::data::{LoadOptions, load_bytes};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("fixtures folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x != "py"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("fixture"))
        })
        .collect();
    out.sort();
    out
}

fn cases() -> u32 {
    std::env::var("CITYDASH_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000)
}

/// A load that must not panic: a dataset, or an error whose message names the file.
fn check(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let result = std::panic::catch_unwind(|| load_bytes(bytes, name, &LoadOptions::default()));
    match result {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => {
            let message = e.to_string();
            prop_assert!(
                message.contains(name),
                "error without the file name: {message}"
            );
            Ok(())
        }
        Err(_) => Err(TestCaseError::fail(format!(
            "the loader panicked on a mutated {name} ({} bytes)",
            bytes.len()
        ))),
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Truncate(usize),
    DuplicateLine(usize),
    SwapDelimiters,
    Utf16,
    Windows1251,
    Insert(usize, Vec<u8>),
}

fn apply(bytes: &[u8], m: &Mutation) -> Vec<u8> {
    let n = bytes.len().max(1);
    match m {
        Mutation::Flip(at, x) => {
            let mut b = bytes.to_vec();
            if !b.is_empty() {
                b[at % n] ^= x | 1;
            }
            b
        }
        Mutation::Truncate(at) => bytes[..at % n.min(bytes.len() + 1)].to_vec(),
        Mutation::DuplicateLine(k) => {
            let lines: Vec<&[u8]> = bytes.split_inclusive(|&c| c == b'\n').collect();
            let mut out = Vec::new();
            for (i, l) in lines.iter().enumerate() {
                out.extend_from_slice(l);
                if i == k % lines.len().max(1) {
                    out.extend_from_slice(l);
                }
            }
            out
        }
        Mutation::SwapDelimiters => bytes
            .iter()
            .map(|&c| match c {
                b',' => b';',
                b';' => b'\t',
                b'\t' => b',',
                c => c,
            })
            .collect(),
        Mutation::Utf16 => String::from_utf8_lossy(bytes)
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect(),
        Mutation::Windows1251 => encoding_rs::WINDOWS_1251
            .encode(&String::from_utf8_lossy(bytes))
            .0
            .into_owned(),
        Mutation::Insert(at, junk) => {
            let mut b = bytes.to_vec();
            b.splice(at % (b.len() + 1)..at % (b.len() + 1), junk.iter().copied());
            b
        }
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(a, x)| Mutation::Flip(a, x)),
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        Just(Mutation::SwapDelimiters),
        Just(Mutation::Utf16),
        Just(Mutation::Windows1251),
        (
            any::<usize>(),
            prop::collection::vec(
                prop_oneof![
                    Just(b'"'),
                    Just(b','),
                    Just(b';'),
                    Just(b'\n'),
                    Just(b'\r'),
                    Just(0u8),
                    Just(0xFFu8),
                    Just(b'{'),
                    Just(b'['),
                    any::<u8>()
                ],
                1..12
            )
        )
            .prop_map(|(a, j)| Mutation::Insert(a, j)),
    ]
}

#[test]
fn mutated_fixtures_never_panic_the_loader() {
    let files = fixtures();
    assert!(files.len() >= 15, "{} fixtures", files.len());
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (0..files.len(), prop::collection::vec(mutation(), 1..4));
    runner
        .run(&strategy, |(i, ms)| {
            let (name, bytes) = &files[i];
            if std::env::var_os("CITYDASH_FUZZ_TRACE").is_some() {
                eprintln!("case: {name} {ms:?}");
            }
            let mut b = bytes.clone();
            for m in &ms {
                b = apply(&b, m);
            }
            check(name, &b)
        })
        .unwrap();
}

/// JSON values of any shape, a few levels deep.
fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop_oneof![
            Just("Almaty".to_string()),
            Just("pm25".to_string()),
            Just("2019".to_string()),
            Just("2023-01-01T00:00:00Z".to_string()),
            Just("12,5%".to_string()),
            ".{0,12}"
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("city".to_string()),
                    Just("year".to_string()),
                    Just("value".to_string()),
                    Just("parameter".to_string()),
                    Just("date".to_string()),
                    Just("results".to_string()),
                    Just("data".to_string()),
                    "[a-z]{1,6}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn random_json_never_panics_the_loader() {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&json(), |v| check("random.json", v.to_string().as_bytes()))
        .unwrap();
}
