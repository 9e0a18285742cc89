//! `hoshin build`: check, then render every output into the output folder.
//!
//! On input errors only `check-report.xlsx` is written and nothing else in the
//! output folder changes. Every file is written atomically.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::check::{self, Outcome};
use crate::config::Config;
use crate::fonts::FontSet;
use crate::model::Publication;
use crate::output::{fiscal_year_start, timestamp_or, write_atomic};
use crate::render::booklet::{self, BookletOptions};
use crate::render::newsletter::{self, NewsletterError, NewsletterOptions};
use rayon::prelude::*;

/// The outputs `--only` can select.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputKind {
    Booklet,
    Newsletter,
}

impl OutputKind {
    pub const ALL: [OutputKind; 2] = [OutputKind::Booklet, OutputKind::Newsletter];

    pub fn name(self) -> &'static str {
        match self {
            OutputKind::Booklet => "booklet",
            OutputKind::Newsletter => "newsletter",
        }
    }

    pub fn parse(s: &str) -> Option<OutputKind> {
        OutputKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// A file the build wrote.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: usize,
    pub pages: Option<usize>,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildResult {
    pub outcome: Outcome,
    /// Empty when the input had errors.
    pub written: Vec<Written>,
    /// Stage timings, for `-v`.
    pub timings: Vec<(String, f64)>,
}

/// Why a build stopped.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The input folder could not be listed, or the configuration is wrong (exit 2).
    #[error("{0}")]
    Usage(String),
    /// An output could not be made or written (exit 3).
    #[error("{0}")]
    Output(String),
}

/// What every renderer gets: the checked publication and the run's settings.
pub struct RenderContext<'a> {
    pub publication: &'a Publication,
    pub fonts: &'a FontSet,
    pub config: &'a Config,
    /// Seconds since 1970 for dates embedded in outputs (`SOURCE_DATE_EPOCH`, else
    /// 1 April of the fiscal year).
    pub time: i64,
}

/// A file of an output, its path relative to the output folder.
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub pages: Option<usize>,
}

/// An output's files and the time its stages took.
#[derive(Default)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub timings: Vec<(String, f64)>,
}

/// Renders one output in memory; nothing is written here.
fn render(kind: OutputKind, ctx: &RenderContext) -> Result<Rendered, BuildError> {
    match kind {
        OutputKind::Booklet => {
            let wording = booklet::wording(ctx.config.templates.dir.as_deref())
                .map_err(|e| BuildError::Usage(e.0))?;
            let opts = BookletOptions {
                paper: ctx.config.booklet.paper,
                wording: &wording,
                time: ctx.time,
            };
            let b =
                booklet::render(ctx.publication, ctx.fonts, &opts).map_err(BuildError::Output)?;
            Ok(Rendered {
                timings: vec![
                    ("booklet layout".into(), b.layout_secs),
                    ("booklet PDF".into(), b.write_secs),
                ],
                files: vec![OutputFile {
                    path: "booklet.pdf".into(),
                    pages: Some(b.pages),
                    bytes: b.pdf,
                }],
            })
        }
        OutputKind::Newsletter => {
            let err = |e: NewsletterError| match e {
                NewsletterError::Usage(m) => BuildError::Usage(m),
                NewsletterError::Output(m) => BuildError::Output(m),
            };
            let c = &ctx.config.newsletter;
            let templates =
                newsletter::templates(ctx.config.templates.dir.as_deref()).map_err(err)?;
            let opts = NewsletterOptions {
                paper: c.paper,
                featured: &c.featured,
                contact: c.contact.as_deref(),
                templates: &templates,
                time: ctx.time,
            };
            let n = newsletter::render(ctx.publication, ctx.fonts, &opts).map_err(err)?;
            Ok(Rendered {
                timings: vec![
                    ("newsletter layout".into(), n.layout_secs),
                    ("newsletter PDF".into(), n.write_secs),
                ],
                files: vec![
                    OutputFile {
                        path: "newsletter.pdf".into(),
                        pages: Some(1),
                        bytes: n.pdf,
                    },
                    OutputFile {
                        path: "newsletter.html".into(),
                        pages: None,
                        bytes: n.html.into_bytes(),
                    },
                    OutputFile {
                        path: "newsletter.txt".into(),
                        pages: None,
                        bytes: n.txt.into_bytes(),
                    },
                ],
            })
        }
    }
}

/// Checks `dir` and writes the selected outputs into `out`.
pub fn build(
    dir: &Path,
    out: &Path,
    config: &Config,
    only: &[OutputKind],
    strict: bool,
) -> Result<BuildResult, BuildError> {
    let mut timings: Vec<(String, f64)> = Vec::new();
    let t = Instant::now();
    let fonts = config.font_set().map_err(|e| BuildError::Usage(e.0))?;
    let outcome = check::check_dir(dir, config, &fonts.coverage())
        .map_err(|e| BuildError::Usage(format!("フォルダ {} を読めません: {e}", dir.display())))?;
    timings.push(("read+check".into(), t.elapsed().as_secs_f64()));
    let time = timestamp_or(outcome.year.map_or(0, |y| fiscal_year_start(y.western())));
    std::fs::create_dir_all(out).map_err(|e| {
        BuildError::Output(format!("出力フォルダ {} を作れません: {e}", out.display()))
    })?;
    let report = out.join("check-report.xlsx");
    let bytes = crate::report::xlsx::to_bytes(&outcome, time)
        .map_err(|e| BuildError::Output(format!("点検結果を作れません: {e}")))?;
    write_atomic(&report, &bytes)
        .map_err(|e| BuildError::Output(format!("{} を書けません: {e}", report.display())))?;
    let mut written = vec![Written {
        path: report,
        bytes: bytes.len(),
        pages: None,
    }];
    let blocked =
        outcome.has_errors() || (strict && outcome.count(crate::diag::Severity::Warning) > 0);
    let Some(publication) = outcome.publication(config).filter(|_| !blocked) else {
        return Ok(BuildResult {
            outcome,
            written: Vec::new(),
            timings,
        });
    };
    let ctx = RenderContext {
        publication: &publication,
        fonts: &fonts,
        config,
        time,
    };
    let kinds: Vec<OutputKind> = OutputKind::ALL
        .into_iter()
        .filter(|k| only.is_empty() || only.contains(k))
        .collect();
    // Outputs render in parallel, in memory; files are written only when all succeeded.
    let t = Instant::now();
    let rendered: Vec<Result<Rendered, BuildError>> =
        kinds.par_iter().map(|&k| render(k, &ctx)).collect();
    let mut files = Vec::new();
    for r in rendered {
        let r = r?;
        timings.extend(r.timings);
        files.extend(r.files);
    }
    timings.push(("render".into(), t.elapsed().as_secs_f64()));
    let t = Instant::now();
    let results: Vec<Result<Written, BuildError>> = files
        .into_par_iter()
        .map(|f| {
            let path = out.join(&f.path);
            write_atomic(&path, &f.bytes)
                .map_err(|e| BuildError::Output(format!("{} を書けません: {e}", path.display())))?;
            Ok(Written {
                path,
                bytes: f.bytes.len(),
                pages: f.pages,
            })
        })
        .collect();
    for r in results {
        written.push(r?);
    }
    timings.push(("write".into(), t.elapsed().as_secs_f64()));
    Ok(BuildResult {
        outcome,
        written,
        timings,
    })
}
