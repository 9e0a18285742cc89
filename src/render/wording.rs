//! The wording of a publication: a TOML file of handlebars templates, built in and
//! replaceable by the office without recompiling.

use handlebars::Handlebars;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Templates by key, compiled.
pub struct Wording {
    hb: Handlebars<'static>,
    /// Where the templates came from, for messages.
    pub source: String,
}

/// A template error: the file and what is wrong (with its line where known).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct WordingError(pub String);

impl Wording {
    /// The built-in `default_toml`, with keys of `override_file` (if given) replacing them.
    pub(crate) fn load(
        default_toml: &str,
        default_name: &str,
        override_file: Option<&Path>,
    ) -> Result<Wording, WordingError> {
        let mut table = parse(default_toml, default_name)?;
        let mut source = default_name.to_string();
        // Where each key is written, for messages: (file, line).
        let mut lines: BTreeMap<String, (String, usize)> = table
            .keys()
            .map(|k| {
                (
                    k.clone(),
                    (default_name.to_string(), key_line(default_toml, k)),
                )
            })
            .collect();
        if let Some(path) = override_file {
            let text = std::fs::read_to_string(path).map_err(|e| {
                WordingError(format!("テンプレート {} を読めません: {e}", path.display()))
            })?;
            let name = path.display().to_string();
            for (k, v) in parse(&text, &name)? {
                if !table.contains_key(&k) {
                    return Err(WordingError(format!("{name}: 未知のキー「{k}」があります。使えるキーは組み込みの {default_name} を見てください")));
                }
                lines.insert(k.clone(), (name.clone(), key_line(&text, &k)));
                table.insert(k, v);
            }
            source = name;
        }
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        // Publications are not HTML: no escaping here (HTML outputs escape themselves).
        hb.register_escape_fn(handlebars::no_escape);
        for (k, v) in &table {
            hb.register_template_string(k, v).map_err(|e| {
                let (file, line) = lines.get(k).cloned().unwrap_or_default();
                WordingError(format!(
                    "{file} {line}行目: キー「{k}」のテンプレートが正しくありません（{}）",
                    e.reason()
                ))
            })?;
        }
        Ok(Wording { hb, source })
    }

    /// Renders `key` with `data`.
    pub(crate) fn render(&self, key: &str, data: &impl Serialize) -> String {
        self.hb
            .render(key, data)
            .unwrap_or_else(|e| format!("［{key}: {e}］"))
    }

    /// Renders `key` with no data.
    pub(crate) fn text(&self, key: &str) -> String {
        self.render(key, &())
    }

    /// Renders every template against `data`, so an unknown name is found before any
    /// output is made, not printed into it.
    pub(crate) fn validate(&self, data: &impl Serialize) -> Result<(), WordingError> {
        for name in self.hb.get_templates().keys() {
            self.hb
                .render(name, data)
                .map_err(|e| WordingError(format!("{}: キー「{name}」: {e}", self.source)))?;
        }
        Ok(())
    }
}

/// The 1-based line where `key = …` is written (0 if not found).
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map_or(0, |i| i + 1)
}

fn parse(text: &str, name: &str) -> Result<BTreeMap<String, String>, WordingError> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(0);
        WordingError(format!(
            "{name} {line}行目: 書き方が正しくありません（{}）",
            e.message()
        ))
    })
}
