//! The layers depend in one direction: data → chart → export → app and cli. No layer names a
//! layer above it, the data layer uses no user-interface or command-line crate, and no source
//! file grows past 600 lines.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Code lines (not comments) of a file.
fn code(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(str::to_string)
        .collect()
}

fn assert_free_of(layer: &str, forbidden: &[&str]) {
    let files = rust_files(&root().join("src").join(layer));
    assert!(!files.is_empty(), "no files in {layer}");
    for path in files {
        for line in code(&path) {
            for f in forbidden {
                assert!(!line.contains(f), "{} uses {f}: {line}", path.display());
            }
        }
    }
}

#[test]
fn each_layer_depends_only_on_the_layers_below_it() {
    let ui = ["egui::", "eframe::", "egui_plot::", "rfd::", "clap::"];
    let above_data = ["crate::chart", "crate::export", "crate::app", "crate::cli"];
    assert_free_of("data", &[&ui[..], &above_data[..]].concat());
    assert_free_of(
        "chart",
        &[
            "crate::export",
            "crate::app",
            "crate::cli",
            "clap::",
            "rfd::",
        ],
    );
    assert_free_of("export", &["crate::app", "crate::cli", "clap::", "rfd::"]);
    assert_free_of("app", &["crate::cli", "clap::"]);
    assert_free_of("cli", &["crate::app", "egui::", "eframe::"]);
}

#[test]
fn no_source_file_is_over_600_lines() {
    let mut files = rust_files(&root().join("src"));
    files.extend(rust_files(&root().join("tests")));
    files.extend(rust_files(&root().join("benches")));
    for path in files {
        let lines = std::fs::read_to_string(&path).unwrap().lines().count();
        assert!(lines <= 600, "{} has {lines} lines", path.display());
    }
}
