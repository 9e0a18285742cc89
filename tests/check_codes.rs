//! The README's problem-code table and `diag`'s catalogue list the same codes.

use std::collections::BTreeSet;

#[test]
fn readme_code_table_lists_every_code_of_diag() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("### Problem codes")
        .nth(1)
        .expect("README has a Problem codes section");
    let table: BTreeSet<String> = section
        .lines()
        .skip_while(|l| !l.starts_with("| code |"))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.split('|').nth(1).map(|c| c.trim().to_string()))
        .filter(|c| c.len() == 4 && c[1..].bytes().all(|b| b.is_ascii_digit()))
        .collect();
    let diag: BTreeSet<String> = hoshin::diag::codes::ALL
        .iter()
        .map(|c| c.0.to_string())
        .collect();
    assert_eq!(
        diag.len(),
        hoshin::diag::codes::ALL.len(),
        "a code listed twice in diag"
    );
    let missing: Vec<_> = diag.difference(&table).collect();
    let extra: Vec<_> = table.difference(&diag).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "not in README: {missing:?}; in README but not in diag: {extra:?}"
    );
}
