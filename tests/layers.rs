//! The direction of the code's imports, enforced: each module of `src/` may use only
//! modules of a lower layer (`crate::…` paths, doc comments aside), so there is no
//! circle, reading workbooks never depends on rendering, and the typesetter (`typeset`,
//! `pdf`) knows nothing of departments, workbooks or settings. A new module must be
//! placed in [`LAYERS`] before the build's tests pass.

use std::collections::BTreeSet;
use std::path::Path;

/// Modules by layer, lowest first. A module may import modules of lower layers only;
/// modules of one layer do not import each other.
const LAYERS: &[&[&str]] = &[
    // Foundations: fonts, terminal escaping, the xlsx kit (formats, widths, print
    // setup, addresses), files; problem places (A1 addresses from the kit), output.
    &["fonts", "terminal", "xlsx", "outdir"],
    // Unicode folding of workbook text.
    &["fold"],
    &["diag", "output"],
    // The typesetter: document tree and page templates in, PDF bytes out.
    &["typeset"],
    &["pdf"],
    // The input contract (the words the model uses too), the checked model and the
    // settings.
    &["schema"],
    &["model", "config"],
    &["draft"],
    // files → raw sheets → checked model.
    &["ingest"],
    &["check"],
    &["report", "sample"],
    &["template"],
    // checked model → document trees → PDF / XLSX / HTML / CSV.
    &["render"],
    &["build"],
    &["verify"],
];

/// What the typesetter may use beyond itself: nothing of the application.
const TYPESETTER: &[&str] = &["typeset", "pdf"];
const TYPESETTER_MAY_USE: &[&str] = &["fonts"];

/// The top-level module a file of `src/` belongs to (`None` for the crate roots).
fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_string())
}

/// The top-level modules `source` names through `crate::`, comments left out.
fn imports(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in source.lines() {
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
            rest = after;
        }
    }
    found
}

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every import of `files` (module, source) that goes sideways or up, as messages.
fn violations(files: &[(String, String)]) -> Vec<String> {
    let mut bad = Vec::new();
    for (module, source) in files {
        let Some(own) = layer(module) else {
            bad.push(format!(
                "module `{module}` is in no layer: add it to LAYERS in tests/layers.rs"
            ));
            continue;
        };
        for used in imports(source) {
            if used == *module {
                continue;
            }
            if TYPESETTER.contains(&module.as_str())
                && !TYPESETTER.contains(&used.as_str())
                && !TYPESETTER_MAY_USE.contains(&used.as_str())
            {
                bad.push(format!(
                    "`{module}` (the typesetter) uses `crate::{used}`: the typesetter knows nothing of the application"
                ));
                continue;
            }
            match layer(&used) {
                Some(l) if l < own => {}
                Some(_) => bad.push(format!(
                    "`{module}` uses `crate::{used}`, which is not below it: move the shared type below both"
                )),
                None => bad.push(format!("`{module}` uses `crate::{used}`, which is in no layer")),
            }
        }
    }
    bad
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            if let Some(m) = module_of(path.strip_prefix(root).unwrap()) {
                out.push((m, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
}

#[test]
fn no_import_goes_up_or_sideways() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    assert!(files.len() > 50, "{} files", files.len());
    let bad = violations(&files);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn a_backwards_import_is_caught() {
    let file = |m: &str, s: &str| (m.to_string(), s.to_string());
    // The typesetter using the model, ingest using render, a circle between two
    // modules of one layer, a module outside the table.
    let bad = violations(&[
        file("typeset", "use crate::model::Department;"),
        file("ingest", "let p = crate::render::booklet::Paper::A4;"),
        file("model", "use crate::config::Config;"),
        file("config", "use crate::model::Publication;"),
        file("newthing", "use crate::fonts::FontSet;"),
    ]);
    assert_eq!(bad.len(), 5, "{bad:#?}");
    // Doc comments and comments do not count; downward imports are fine.
    let good = violations(&[
        file("model", "//! Only [`crate::check`] builds these values"),
        file(
            "render",
            "use crate::typeset::Layout; use crate::config::Config;",
        ),
        file(
            "pdf",
            "use crate::typeset::Layout; use crate::fonts::FontSet;",
        ),
    ]);
    assert!(good.is_empty(), "{good:#?}");
}
