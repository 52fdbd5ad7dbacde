//! Repository-wide rules, checked by `cargo test`: every Rust file says what it
//! is for in a `//!` line, no test is switched off, and nothing is left as a stub.

use std::{
    fs,
    path::{Path, PathBuf},
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(
                name.as_str(),
                "target" | "node_modules" | ".git" | ".tools" | "dist" | "artifacts"
            ) {
                files(&path, ext, out);
            }
        } else if name.ends_with(ext) {
            out.push(path);
        }
    }
}

fn sources(ext: &str) -> Vec<(PathBuf, String)> {
    let mut paths = Vec::new();
    files(&root(), ext, &mut paths);
    assert!(!paths.is_empty(), "found no {ext} files");
    paths
        .into_iter()
        .map(|p| (p.clone(), fs::read_to_string(&p).unwrap()))
        .collect()
}

#[test]
fn every_rust_file_starts_with_a_purpose_line() {
    let missing: Vec<_> = sources(".rs")
        .into_iter()
        .filter(|(_, text)| !text.starts_with("//!"))
        .map(|(p, _)| p)
        .collect();
    assert!(
        missing.is_empty(),
        "these files lack a leading //! line: {missing:?}"
    );
}

#[test]
fn no_test_is_ignored_or_skipped() {
    let ignore = ["#[", "ignore"].concat();
    let skip = [".", "skip("].concat();
    let mut found = Vec::new();
    for (path, text) in sources(".rs") {
        if text.contains(&ignore) {
            found.push(path);
        }
    }
    for (path, text) in sources(".mjs") {
        if text.contains(&skip) || text.contains("todo:") {
            found.push(path);
        }
    }
    assert!(found.is_empty(), "ignored or skipped tests in {found:?}");
}

#[test]
fn no_stubs_are_left_in_code() {
    let markers = [["todo", "!("].concat(), ["unimplemented", "!("].concat()];
    let found: Vec<_> = sources(".rs")
        .into_iter()
        .filter(|(_, text)| markers.iter().any(|m| text.contains(m)))
        .map(|(p, _)| p)
        .collect();
    assert!(found.is_empty(), "stubs left in {found:?}");
}

/// English is compiled into the first screen's module, so every key of the
/// catalogs costs bytes of its budget: a key no code uses is taken out.
#[test]
fn every_message_key_is_used() {
    let catalog = fs::read_to_string(root().join("app/core/locales/en.json")).unwrap();
    let catalog: serde_json::Value = serde_json::from_str(&catalog).unwrap();
    let code: String = sources(".rs")
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join("\n");
    let used = |key: &str| {
        code.match_indices(key).any(|(at, _)| {
            let before = code[..at].chars().next_back();
            let after = code[at + key.len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            !word(before) && !word(after)
        })
    };
    let unused: Vec<&String> = catalog["messages"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|key| !used(key))
        .collect();
    assert!(unused.is_empty(), "message keys no code uses: {unused:?}");
}
