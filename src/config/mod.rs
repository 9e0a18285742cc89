//! `hoshin.toml`: the run's settings. Found in the input folder or given with
//! `--config`; without one the embedded defaults apply. Unknown keys are errors that
//! name the key, so a misspelt setting is never silently ignored.

use serde::Deserialize;
use std::path::{Path, PathBuf};

use crate::fonts::{FontData, FontSet};

pub mod booklet;
pub mod newsletter;
pub mod opendata;
pub mod web;

/// The default of `[check] max_expanded_mib`: a department workbook costs well under
/// 1 MiB read; two files read at once on each core stay far below 1 GB.
pub const DEFAULT_MAX_EXPANDED_MIB: u64 = 128;

/// The file name looked for in the input folder.
pub const FILE_NAME: &str = "hoshin.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// 市の名前, e.g. 三鷹市.
    pub city: String,
    /// Publication title: 各部の運営方針と目標.
    pub title: String,
    /// 発行: 企画経営室行政評価担当.
    pub issuer: String,
    /// 問い合わせ先: 内線 2150・2151.
    pub contact: String,
    /// Publication order of departments without 掲載順 (then 部名 order).
    pub department_order: Vec<String>,
    pub check: CheckConfig,
    pub fonts: FontConfig,
    pub booklet: BookletConfig,
    pub newsletter: NewsletterConfig,
    pub templates: TemplatesConfig,
    /// `[web]`: the web edition's home URL, file names, contact box (`[web.contact]`).
    pub web: web::WebConfig,
    /// `[opendata]`: 地方公共団体コード and licence of `opendata/`.
    pub opendata: opendata::Settings,
    pub pdf: PdfConfig,
}

/// `[pdf]`: what the booklet and newsletter PDFs conform to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PdfConfig {
    /// Tagged PDF/UA-1 and PDF/A-2a (default); `false` writes untagged PDFs with no
    /// PDF/A or PDF/UA identification.
    pub tagged: bool,
}

impl Default for PdfConfig {
    fn default() -> Self {
        PdfConfig { tagged: true }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BookletConfig {
    /// `A4` (default) or `A5`.
    pub paper: booklet::Paper,
    /// `saddle` (default: pages a multiple of 4), `perfect` (even) or `none`.
    pub binding: booklet::Binding,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NewsletterConfig {
    /// `tabloid` (タブロイド判, default), `A3` or `A4`.
    pub paper: newsletter::Paper,
    /// `"auto"` (default: one page when it fits, else as many as needed, with a
    /// warning), or a page limit such as `1` or `2` (more is an error).
    pub pages: newsletter::Pages,
    /// `horizontal` (横組み, default) or `vertical` (縦組み).
    pub writing: newsletter::Writing,
    /// Projects shown with their 目標指標 in the イメージ図 box, as `部名:番号`
    /// (e.g. `["企画部:7", "企画部:8"]`); empty: the first project of the first department.
    pub featured: Vec<String>,
    /// The contact line, e.g. `企画経営室行政評価担当 内線 2150・2151`; default: 発行
    /// and 問い合わせ先.
    pub contact: Option<String>,
    /// `hoshin check` warns when a department's 使命・目標（要約） and 使命・目標 together
    /// are longer than this many characters (0: no warning).
    pub department_chars: usize,
}

impl Default for NewsletterConfig {
    fn default() -> Self {
        NewsletterConfig {
            paper: Default::default(),
            pages: Default::default(),
            writing: Default::default(),
            featured: Vec::new(),
            contact: None,
            department_chars: 300,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TemplatesConfig {
    /// A folder with replacement templates (`booklet/wording.toml`, …); relative to the
    /// configuration file. Files it does not have keep the built-in wording.
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// 使命・目標（要約） longer than this is a warning.
    pub headline_max_chars: usize,
    /// Refuse a zip-based workbook that declares more than this many bytes uncompressed.
    pub max_uncompressed_mib: u64,
    /// Refuse a workbook whose sheets would take more than this many MiB of memory
    /// once read (repeats expanded, shared strings copied into their cells).
    pub max_expanded_mib: u64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FontConfig {
    /// Body (Mincho) font file; default: the embedded IPAex Mincho.
    pub body: Option<PathBuf>,
    /// Heading (Gothic) font file; default: the embedded IPAex Gothic.
    pub heading: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            city: "〇〇市".into(),
            title: "各部の運営方針と目標".into(),
            issuer: "企画経営室".into(),
            contact: String::new(),
            department_order: Vec::new(),
            check: CheckConfig::default(),
            fonts: FontConfig::default(),
            booklet: BookletConfig::default(),
            newsletter: NewsletterConfig::default(),
            templates: TemplatesConfig::default(),
            web: Default::default(),
            opendata: Default::default(),
            pdf: PdfConfig::default(),
        }
    }
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            headline_max_chars: 40,
            max_uncompressed_mib: 256,
            max_expanded_mib: DEFAULT_MAX_EXPANDED_MIB,
        }
    }
}

/// A configuration problem: exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

impl Config {
    /// `--config FILE` if given, else `DIR/hoshin.toml` if present, else the defaults.
    pub fn load(
        explicit: Option<&Path>,
        input_dir: Option<&Path>,
    ) -> Result<(Config, Option<PathBuf>), ConfigError> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => input_dir.map(|d| d.join(FILE_NAME)).filter(|p| p.is_file()),
        };
        let Some(path) = path else {
            return Ok((Config::default(), None));
        };
        let text = std::fs::read_to_string(&path).map_err(|e| {
            ConfigError(format!(
                "設定ファイル {} を読めません: {}",
                path.display(),
                crate::diag::os_error(&e)
            ))
        })?;
        let mut config = Config::parse(&text)
            .map_err(|e| ConfigError(format!("設定ファイル {}: {}", path.display(), e.0)))?;
        // Font and template paths are relative to the configuration file.
        let base = path.parent().unwrap_or(Path::new("."));
        for p in [
            &mut config.fonts.body,
            &mut config.fonts.heading,
            &mut config.templates.dir,
        ]
        .into_iter()
        .flatten()
        {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        Ok((config, Some(path)))
    }

    pub(crate) fn parse(text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let msg = e.message().to_string();
            // serde names the key in English; say it in Japanese with the key kept.
            let msg = if let Some(rest) = msg.strip_prefix("unknown field ") {
                let key = rest.split(',').next().unwrap_or(rest).trim_matches('`');
                format!(
                    "未知の設定項目「{key}」があります。綴りを確かめるか、その行を削除してください"
                )
            } else if msg.starts_with('[') {
                // A setting's own check, in Japanese, naming its table and key.
                msg
            } else {
                format!("設定の書き方が正しくありません: {msg}")
            };
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            ConfigError(match line {
                Some(l) => format!("{l}行目: {msg}"),
                None => msg,
            })
        })
    }

    /// The fonts of the run: configured files, or the embedded IPAex fonts.
    pub fn font_set(&self) -> Result<FontSet, ConfigError> {
        let mut set = FontSet::default();
        if let Some(p) = &self.fonts.body {
            set.body = FontData::from_file(p).map_err(ConfigError)?;
        }
        if let Some(p) = &self.fonts.heading {
            set.heading = FontData::from_file(p).map_err(ConfigError)?;
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_named() {
        let err = Config::parse("city = \"三鷹市\"\ncolour = 1\n").unwrap_err();
        assert!(err.0.contains("「colour」"), "{}", err.0);
        assert!(err.0.contains("2行目"), "{}", err.0);
        let err = Config::parse("[check]\nheadline_max = 3\n").unwrap_err();
        assert!(err.0.contains("「headline_max」"), "{}", err.0);
    }

    #[test]
    fn defaults_apply() {
        let c = Config::parse("city = \"三鷹市\"").unwrap();
        assert_eq!(c.city, "三鷹市");
        assert_eq!(c.check.headline_max_chars, 40);
    }
}
