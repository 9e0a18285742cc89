//! `hoshin build`: check, then render every output into the output folder.
//!
//! On input errors only `check-report.xlsx` is written and nothing else in the
//! output folder changes. Every file is written atomically.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use crate::check::{self, Outcome};
use crate::config::Config;
use crate::fonts::FontSet;
use crate::model::Publication;
use crate::output::{fiscal_year_start, timestamp_or, write_atomic, Stager};
pub use crate::output::{sha256_hex, OutputFile, Rendered};
use crate::render::booklet::{self, BookletOptions};
use crate::render::newsletter::{self, NewsletterError, NewsletterOptions};
use crate::render::web;
use crate::render::{department_book, summary};
use rayon::prelude::*;

/// The outputs `--only` can select.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputKind {
    Booklet,
    /// `newsletter.pdf`, `.html`, `.txt`: the 広報 page.
    Newsletter,
    /// `summary.xlsx`.
    Summary,
    /// `departments/<部名>.xlsx`.
    Departments,
    /// `next-year/<部名>.xlsx`: next year's input workbooks.
    NextYear,
    /// `web/`: the static site.
    Web,
    /// `opendata/`: CSV, one workbook and `datapackage.json`.
    OpenData,
}

impl OutputKind {
    pub const ALL: [OutputKind; 7] = [
        OutputKind::Booklet,
        OutputKind::Newsletter,
        OutputKind::Summary,
        OutputKind::Departments,
        OutputKind::NextYear,
        OutputKind::Web,
        OutputKind::OpenData,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OutputKind::Booklet => "booklet",
            OutputKind::Newsletter => "newsletter",
            OutputKind::Summary => "summary",
            OutputKind::Departments => "departments",
            OutputKind::NextYear => "next-year",
            OutputKind::Web => "web",
            OutputKind::OpenData => "opendata",
        }
    }

    /// Order in which a build starts rendering: the outputs with long serial parts
    /// first (the booklet's page numbering and PDF file, the summary's one workbook,
    /// the site's list of every indicator), the hundreds of small per-department
    /// workbooks last, to keep both cores busy to the end. Starting the booklet third
    /// left it finishing alone, a tenth of a second after everything else.
    fn schedule_rank(self) -> u8 {
        match self {
            OutputKind::Booklet => 0,
            OutputKind::Summary => 1,
            OutputKind::Web => 2,
            OutputKind::Newsletter => 3,
            OutputKind::NextYear => 4,
            OutputKind::Departments => 5,
            OutputKind::OpenData => 4,
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
    /// Warnings of the outputs (the newsletter ran over several pages) and of the
    /// settings (no 地方公共団体コード), for the terminal.
    pub warnings: Vec<String>,
    /// Outputs left out because the input does not fit them ([`BuildError::Content`]);
    /// everything else was written. Exit 1.
    pub content_errors: Vec<String>,
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
    /// The input's content does not fit an output as configured (the newsletter's
    /// pages): a problem of the input, reported like a check problem (exit 1). The
    /// other outputs are still written.
    #[error("{0}")]
    Content(String),
}

/// What every renderer gets: the checked publication and the run's settings.
pub(crate) struct RenderContext<'a> {
    pub publication: &'a Publication,
    pub fonts: &'a FontSet,
    pub config: &'a Config,
    /// Seconds since 1970 for dates embedded in outputs (`SOURCE_DATE_EPOCH`, else
    /// 1 April of the fiscal year).
    pub time: i64,
    /// Takes each file as soon as it is made (outputs of many files put them one by
    /// one; the others return them in [`Rendered`]).
    pub sink: &'a Sink<'a>,
}

/// Where the outputs' files go as each is made: written to its temporary file in the
/// output folder and hashed for the manifest; then its bytes can go.
pub(crate) struct Sink<'a> {
    out: &'a Path,
    stager: Stager,
    entries: Mutex<Vec<Entry>>,
    warnings: Mutex<Vec<String>>,
    /// Every path put, as Windows and macOS compare names (case and normalization
    /// folded): two outputs on one path are refused before anything is renamed.
    paths: Mutex<std::collections::HashSet<String>>,
}

impl<'a> Sink<'a> {
    fn new(out: &'a Path) -> Self {
        Sink {
            out,
            stager: Stager::journaled(out),
            entries: Mutex::new(Vec::new()),
            warnings: Mutex::new(Vec::new()),
            paths: Mutex::new([MANIFEST.to_string()].into()),
        }
    }

    /// A warning for the office, shown after the build.
    pub(crate) fn warn(&self, message: String) {
        self.warnings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(message);
    }

    /// Stages `f`, whose path is relative to the output folder.
    pub(crate) fn put(&self, f: OutputFile) -> Result<(), BuildError> {
        let path = self.out.join(&f.path);
        let key = crate::outdir::path_key(&f.path);
        if !self
            .paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key)
        {
            return Err(BuildError::Output(format!(
                "{} を二つの出力が同じ名前で作ろうとしました（大文字・小文字の違いは同じ名前です）。何も置き換えていません",
                path.display()
            )));
        }
        self.stager
            .write(&path, &f.bytes)
            .map_err(|e| unwritable(&path, e))?;
        let entry = Entry {
            file: f.path.to_string_lossy().replace('\\', "/"),
            bytes: f.bytes.len(),
            pages: f.pages,
            sha256: sha256_hex(&f.bytes),
        };
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(entry);
        Ok(())
    }

    /// The files put so far, with their sizes.
    fn listed(&self) -> Vec<web::Published> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .iter()
            .map(|e| web::Published {
                path: e.file.clone(),
                bytes: e.bytes,
            })
            .collect()
    }

    /// The stager, for the files still to come (the manifest), and the manifest's
    /// entries for the files put, sorted by file.
    fn finish(self) -> (Stager, Vec<Entry>, Vec<String>) {
        let mut entries = self.entries.into_inner().unwrap_or_else(|e| e.into_inner());
        entries.sort_by(|a, b| a.file.cmp(&b.file));
        let mut warnings = self
            .warnings
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        warnings.sort();
        (self.stager, entries, warnings)
    }
}

/// One workbook per department, `folder/<部名>.xlsx`, each put in the sink as it is made.
fn put_each<F, E>(ctx: &RenderContext, folder: &str, make: F) -> Result<(), BuildError>
where
    F: Fn(usize) -> Result<Vec<u8>, E> + Sync,
    E: std::fmt::Display,
{
    let p = ctx.publication;
    let names = crate::template::file_names(p.departments.iter().map(|d| d.name.as_str()));
    (0..p.departments.len())
        .into_par_iter()
        .zip(names)
        .try_for_each(|(i, name)| {
            let bytes = make(i)
                .map_err(|e| BuildError::Output(format!("{folder}/{name} を作れません: {e}")))?;
            ctx.sink.put(OutputFile {
                path: Path::new(folder).join(name),
                bytes,
                pages: None,
            })
        })
}

/// An output whose files all went to the sink: only its time.
fn timed(label: &str, t: Instant) -> Rendered {
    Rendered {
        files: Vec::new(),
        timings: vec![(label.into(), t.elapsed().as_secs_f64())],
    }
}

/// Renders one output. Files made one by one go to `ctx.sink` as each is made (to
/// temporaries; nothing is in place before the commit); the others are returned.
fn render(kind: OutputKind, ctx: &RenderContext) -> Result<Rendered, BuildError> {
    match kind {
        OutputKind::Web => {
            let t = Instant::now();
            // The index comes last, in `build`, when the files it links are made.
            web::render(ctx.publication, &web_options(ctx), &|f| {
                ctx.sink.put(site_file(f))
            })
            .map_err(web_error)?;
            Ok(Rendered {
                files: Vec::new(),
                timings: vec![("web".into(), t.elapsed().as_secs_f64())],
            })
        }
        OutputKind::Booklet => {
            let wording = booklet::wording(ctx.config.templates.dir.as_deref())
                .map_err(|e| BuildError::Usage(e.0))?;
            let opts = BookletOptions {
                paper: ctx.config.booklet.paper,
                binding: ctx.config.booklet.binding,
                wording: &wording,
                time: ctx.time,
                tagged: ctx.config.pdf.tagged,
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
        OutputKind::Summary => {
            let t = Instant::now();
            let bytes = summary::summary_bytes(ctx.publication, ctx.time)
                .map_err(|e| BuildError::Output(format!("summary.xlsx を作れません: {e}")))?;
            Ok(Rendered {
                files: vec![OutputFile {
                    path: "summary.xlsx".into(),
                    bytes,
                    pages: None,
                }],
                timings: vec![("summary xlsx".into(), t.elapsed().as_secs_f64())],
            })
        }
        // The per-department workbooks go to the sink one by one, as each is made.
        OutputKind::Departments => {
            let t = Instant::now();
            let p = ctx.publication;
            let city = summary::CityTotals::of(p);
            put_each(ctx, "departments", |i| {
                department_book::department_bytes(p, i, &city, ctx.time)
            })?;
            Ok(timed("department xlsx", t))
        }
        OutputKind::NextYear => {
            let t = Instant::now();
            let p = ctx.publication;
            put_each(ctx, "next-year", |i| {
                department_book::next_year_bytes(&p.departments[i], p.year, ctx.time)
            })?;
            Ok(timed("next-year xlsx", t))
        }
        OutputKind::OpenData => {
            crate::render::opendata::render(ctx.publication, &ctx.config.opendata, ctx.time)
                .map_err(BuildError::Output)
        }
        OutputKind::Newsletter => {
            let err = |e: NewsletterError| match e {
                NewsletterError::Usage(m) => BuildError::Usage(m),
                NewsletterError::Content(m) => BuildError::Content(m),
                NewsletterError::Output(m) => BuildError::Output(m),
            };
            let c = &ctx.config.newsletter;
            let templates =
                newsletter::templates(ctx.config.templates.dir.as_deref()).map_err(err)?;
            let opts = NewsletterOptions {
                paper: c.paper,
                pages: c.pages,
                writing: c.writing,
                featured: &c.featured,
                contact: c.contact.as_deref(),
                templates: &templates,
                time: ctx.time,
                tagged: ctx.config.pdf.tagged,
            };
            let n = newsletter::render(ctx.publication, ctx.fonts, &opts).map_err(err)?;
            for w in n.warnings {
                ctx.sink.warn(w);
            }
            Ok(Rendered {
                timings: vec![
                    ("newsletter layout".into(), n.layout_secs),
                    ("newsletter PDF".into(), n.write_secs),
                ],
                files: vec![
                    OutputFile {
                        path: "newsletter.pdf".into(),
                        pages: Some(n.pages),
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

fn web_options<'a>(ctx: &RenderContext<'a>) -> web::WebOptions<'a> {
    web::WebOptions {
        templates_dir: ctx.config.templates.dir.as_deref(),
        config: &ctx.config.web,
        time: ctx.time,
    }
}

fn site_file(f: web::SiteFile) -> OutputFile {
    OutputFile {
        path: f.path,
        bytes: f.bytes,
        pages: None,
    }
}

/// The site's own errors are its templates' and settings' (exit 2); a file that cannot
/// be written keeps its own (exit 3).
fn web_error(e: web::Error<BuildError>) -> BuildError {
    match e {
        web::Error::Template(message) => BuildError::Usage(message),
        web::Error::Put(e) => e,
    }
}

/// The web index, after every other output: it links their files with their sizes
/// (the booklet, the newsletter, the open data) as this build made them, else as an
/// earlier build left them in the output folder.
fn web_index(ctx: &RenderContext, out: &Path) -> Result<(), BuildError> {
    let mut published: Vec<web::Published> = ctx.sink.listed();
    for folder in ["", "opendata"] {
        for e in std::fs::read_dir(out.join(folder))
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = e.file_name().to_string_lossy().into_owned();
            let path = if folder.is_empty() {
                name.clone()
            } else {
                format!("{folder}/{name}")
            };
            let bytes = e
                .metadata()
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len() as usize);
            if let (false, Some(bytes)) = (name.starts_with('.'), bytes) {
                if !published.iter().any(|p| p.path == path) {
                    published.push(web::Published { path, bytes });
                }
            }
        }
    }
    web::render_index(ctx.publication, &web_options(ctx), &published, &|f| {
        ctx.sink.put(site_file(f))
    })
    .map_err(web_error)
}

/// How a build runs.
#[derive(Default)]
pub struct BuildOptions<'a> {
    /// Only these outputs (all when empty).
    pub only: Vec<OutputKind>,
    /// Warnings stop the build too.
    pub strict: bool,
    /// The configuration file used, listed in the manifest as an input.
    pub config_path: Option<PathBuf>,
    /// Told what the build is doing, for a progress display.
    pub progress: Option<&'a dyn Progress>,
    /// Publish although a department of `department_order` has no workbook.
    pub allow_missing: bool,
}

/// What a progress display is told. Calls come from several threads.
pub trait Progress: Sync {
    /// A stage starts with `total` steps (`0` when unknown).
    fn stage(&self, name: &str, total: u64);
    /// One step of the current stage is done.
    fn step(&self, what: &str);
}

struct Silent;
impl Progress for Silent {
    fn stage(&self, _: &str, _: u64) {}
    fn step(&self, _: &str) {}
}

/// The file listing what a build read and wrote.
pub(crate) const MANIFEST: &str = "manifest.json";
/// The check report every build writes.
pub(crate) const REPORT: &str = "check-report.xlsx";

/// Checks `dir` and writes the selected outputs into `out`.
pub fn build(
    dir: &Path,
    out: &Path,
    config: &Config,
    opts: &BuildOptions,
) -> Result<BuildResult, BuildError> {
    let progress = opts.progress.unwrap_or(&Silent);
    let mut timings: Vec<(String, f64)> = Vec::new();
    let t = Instant::now();
    let fonts = config.font_set().map_err(|e| BuildError::Usage(e.0))?;
    let listing = check::listing(dir).map_err(|e| {
        BuildError::Usage(format!(
            "フォルダ {} を読めません: {}",
            dir.display(),
            crate::diag::os_error(&e)
        ))
    })?;
    progress.stage("読み込みと点検", listing.workbooks.len() as u64);
    let mut outcome = check::check_files(
        &listing.workbooks,
        &listing.skipped,
        config,
        &fonts.coverage(),
        &|| progress.step(""),
    );
    outcome.name_folder(dir);
    if !opts.allow_missing {
        outcome.missing_departments_are_errors();
    }
    timings.push(("read+check".into(), t.elapsed().as_secs_f64()));
    let time = timestamp_or(outcome.year.map_or(0, |y| fiscal_year_start(y.western())));
    // One hoshin at a time in a folder; an interrupted commit is completed first.
    let _lock = crate::outdir::open(out, "hoshin build", &|holder| {
        eprintln!(
            "hoshin: 出力フォルダ {} には別の hoshin（{holder}）が書き込み中です。終わるまで待ちます",
            out.display()
        )
    })
    .map_err(|e| {
        BuildError::Output(format!("出力フォルダ {} を使えません: {e}", out.display()))
    })?;
    let report = crate::report::xlsx::to_bytes(&outcome, time)
        .map_err(|e| BuildError::Output(format!("点検結果を作れません: {e}")))?;
    let report = OutputFile {
        path: REPORT.into(),
        bytes: report,
        pages: None,
    };
    let blocked =
        outcome.has_errors() || (opts.strict && outcome.count(crate::diag::Severity::Warning) > 0);
    let Some(publication) = outcome.publication(config).filter(|_| !blocked) else {
        // Only the report changes; every earlier output stays as it was.
        let path = out.join(&report.path);
        write_atomic(&path, &report.bytes).map_err(|e| unwritable(&path, e))?;
        return Ok(BuildResult {
            outcome,
            written: Vec::new(),
            timings,
            warnings: Vec::new(),
            content_errors: Vec::new(),
        });
    };
    let sink = Sink::new(out);
    let ctx = RenderContext {
        publication: &publication,
        fonts: &fonts,
        config,
        time,
        sink: &sink,
    };
    let kinds: Vec<OutputKind> = OutputKind::ALL
        .into_iter()
        .filter(|k| opts.only.is_empty() || opts.only.contains(k))
        .collect();
    // Outputs render in parallel, in memory, and each file is written to its
    // temporary file as soon as it is made; the files go into place only when every
    // output succeeded. The outputs start in the order of `schedule_rank` (a FIFO
    // scope: whichever core is free takes the oldest task).
    let t = Instant::now();
    progress.stage("作成", kinds.len() as u64);
    let slots: Vec<OnceLock<Result<Vec<(String, f64)>, BuildError>>> =
        kinds.iter().map(|_| OnceLock::new()).collect();
    let mut order: Vec<usize> = (0..kinds.len()).collect();
    order.sort_by_key(|&i| kinds[i].schedule_rank());
    let mut inputs = listing.workbooks.clone();
    inputs.extend(opts.config_path.clone());
    // The manifest's hashes of the inputs, read again beside the rendering rather
    // than after it.
    let input_entries = OnceLock::new();
    rayon::scope_fifo(|s| {
        s.spawn_fifo(|_| {
            let _ = input_entries.set(hash_inputs(&inputs));
        });
        for i in order {
            let (k, slot, ctx) = (kinds[i], &slots[i], &ctx);
            s.spawn_fifo(move |_| {
                let _ = slot.set(render(k, ctx).and_then(|r| {
                    for f in r.files {
                        ctx.sink.put(f)?;
                    }
                    Ok(r.timings)
                }));
                progress.step(k.name());
            });
        }
    });
    sink.put(report)?;
    let mut content_errors = Vec::new();
    // Next year's folder gets this year's settings too (年度 advanced), so that the
    // template's round trip never falls back to the placeholder city.
    if let (true, Some(cfg)) = (kinds.contains(&OutputKind::NextYear), &opts.config_path) {
        let text = crate::template::next_year_config_file(cfg, publication.year)
            .map_err(BuildError::Usage)?;
        sink.put(OutputFile {
            path: "next-year/hoshin.toml".into(),
            bytes: text.into_bytes(),
            pages: None,
        })?;
    }
    for slot in slots {
        // On an error the sink drops and removes every temporary written; an output
        // the input does not fit is left out and the others are written.
        match slot.into_inner().expect("every output rendered") {
            Ok(t) => timings.extend(t),
            Err(BuildError::Content(m)) => content_errors.push(m),
            Err(e) => return Err(e),
        }
    }
    if kinds.contains(&OutputKind::Web) {
        let t = Instant::now();
        web_index(&ctx, out)?;
        timings.push(("web index".into(), t.elapsed().as_secs_f64()));
    }
    let (stager, entries, mut warnings) = sink.finish();
    timings.push(("render".into(), t.elapsed().as_secs_f64()));
    let t = Instant::now();
    let mut written: Vec<Written> = entries
        .iter()
        .map(|e| Written {
            path: out.join(&e.file),
            bytes: e.bytes,
            pages: e.pages,
        })
        .collect();
    // The manifest goes into place last: it describes files that are all in place.
    let inputs = input_entries
        .into_inner()
        .expect("inputs hashed")
        .map_err(BuildError::Output)?;
    let manifest = manifest(&publication, inputs, entries).map_err(BuildError::Output)?;
    let path = out.join(MANIFEST);
    stager
        .write_last(&path, &manifest)
        .map_err(|e| unwritable(&path, e))?;
    let staged = stager.into_staged();
    progress.stage("書き込み", staged.len() as u64);
    staged
        .commit(&|p| progress.step(&p.strip_prefix(out).unwrap_or(p).display().to_string()))
        .map_err(|(path, e)| unwritable(&path, e))?;
    written.push(Written {
        path,
        bytes: manifest.len(),
        pages: None,
    });
    timings.push(("write".into(), t.elapsed().as_secs_f64()));
    if kinds.contains(&OutputKind::OpenData) {
        warnings.extend(crate::render::opendata::warnings(&config.opendata));
    }
    Ok(BuildResult {
        outcome,
        written,
        timings,
        warnings,
        content_errors,
    })
}

/// An output file that could not be written (exit 3).
fn unwritable(path: &Path, e: std::io::Error) -> BuildError {
    BuildError::Output(format!(
        "{} を書けません: {}",
        path.display(),
        crate::diag::os_error(&e)
    ))
}

/// A file of the manifest.
struct Entry {
    /// Relative to the output folder, with `/`.
    file: String,
    bytes: usize,
    pages: Option<usize>,
    sha256: String,
}

/// The manifest's entries for the inputs: name, size and sha256 of each.
fn hash_inputs(inputs: &[PathBuf]) -> Result<Vec<serde_json::Value>, String> {
    inputs
        .par_iter()
        .map(|path| {
            let bytes =
                std::fs::read(path).map_err(|e| format!("{} を読めません: {e}", path.display()))?;
            Ok(serde_json::json!({
                "file": crate::ingest::display_name(path),
                "bytes": bytes.len(),
                "sha256": sha256_hex(&bytes),
            }))
        })
        .collect()
}

/// `manifest.json`: the tool, the fiscal year, every input and output with its hash.
/// Nothing in it depends on the clock, so identical builds give identical manifests.
fn manifest(
    p: &Publication,
    inputs: Vec<serde_json::Value>,
    outputs: Vec<Entry>,
) -> Result<Vec<u8>, String> {
    let mut outputs: Vec<serde_json::Value> = outputs
        .into_iter()
        .map(|e| {
            serde_json::json!({
                "file": e.file,
                "bytes": e.bytes,
                "pages": e.pages,
                "sha256": e.sha256,
            })
        })
        .collect();
    outputs.sort_by(|a, b| a["file"].as_str().cmp(&b["file"].as_str()));
    let m = serde_json::json!({
        "tool": "hoshin",
        "version": env!("CARGO_PKG_VERSION"),
        "fiscal_year": { "western": p.year.western(), "wareki": p.year.wareki() },
        "city": p.city,
        "departments": p.departments.len(),
        "inputs": inputs,
        "outputs": outputs,
    });
    let mut bytes = serde_json::to_vec_pretty(&m).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    Ok(bytes)
}
