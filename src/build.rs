//! `hoshin build`: check, then render every output into the output folder.
//!
//! On input errors only `check-report.xlsx` is written and nothing else in the
//! output folder changes. Every file is written atomically.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::check::{self, Outcome};
use crate::config::Config;
use crate::output::{fiscal_year_start, timestamp_or, write_atomic};
use crate::render::booklet::{self, BookletOptions};

/// The outputs `--only` can select.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputKind {
    Booklet,
}

impl OutputKind {
    pub const ALL: [OutputKind; 1] = [OutputKind::Booklet];

    pub fn name(self) -> &'static str {
        match self {
            OutputKind::Booklet => "booklet",
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
    pub timings: Vec<(&'static str, f64)>,
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

/// Checks `dir` and writes the selected outputs into `out`.
pub fn build(
    dir: &Path,
    out: &Path,
    config: &Config,
    only: &[OutputKind],
    strict: bool,
) -> Result<BuildResult, BuildError> {
    let mut timings = Vec::new();
    let t = Instant::now();
    let fonts = config.font_set().map_err(|e| BuildError::Usage(e.0))?;
    let wording =
        booklet::wording(config.templates.dir.as_deref()).map_err(|e| BuildError::Usage(e.0))?;
    let outcome = check::check_dir(dir, config, &fonts.coverage())
        .map_err(|e| BuildError::Usage(format!("フォルダ {} を読めません: {e}", dir.display())))?;
    timings.push(("read+check", t.elapsed().as_secs_f64()));
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
    let selected = |k: OutputKind| only.is_empty() || only.contains(&k);
    if selected(OutputKind::Booklet) {
        let t = Instant::now();
        let opts = BookletOptions {
            paper: config.booklet.paper,
            wording: &wording,
            time,
        };
        let b = booklet::render(&publication, &fonts, &opts).map_err(BuildError::Output)?;
        let path = out.join("booklet.pdf");
        write_atomic(&path, &b.pdf)
            .map_err(|e| BuildError::Output(format!("{} を書けません: {e}", path.display())))?;
        written.push(Written {
            path,
            bytes: b.pdf.len(),
            pages: Some(b.pages),
        });
        timings.push(("booklet layout", b.layout_secs));
        timings.push(("booklet PDF", b.write_secs));
        timings.push(("booklet total", t.elapsed().as_secs_f64()));
    }
    Ok(BuildResult {
        outcome,
        written,
        timings,
    })
}
