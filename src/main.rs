//! The `hoshin` command: a thin layer over the library.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use hoshin::build::OutputKind;
use hoshin::check;
use hoshin::config::{Config, ConfigError};
use hoshin::report;

// Layout and the workbooks make many small allocations on both cores at once: with
// mimalloc a 200-department build ran 1.15× faster than with glibc's malloc (3.5
// against 4.0 CPU seconds). Built without transparent huge pages (`no_thp`): the
// kernel zeroed a whole 2 MiB page for each short-lived thread's few kilobytes, 16 %
// of the run's samples; without, 2.61 against 2.93 CPU seconds, 159 against 185 MB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// 各部の運営方針と目標: department workbooks in, the city's publications out.
///
/// Exit codes: 0 no problems (or warnings only), 1 problems in the input,
/// 2 usage or configuration error, 3 internal or output failure.
#[derive(Parser)]
#[command(name = "hoshin", version, about, long_about = None, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read and check every department workbook in DIR (nothing is published).
    ///
    /// Reports every problem of every file with its file, sheet and cell. Exit code 1
    /// when there are errors; warnings alone exit 0 (unless --strict).
    Check {
        /// Folder holding one workbook per department (.xlsx .xlsm .xls .xlsb .ods).
        dir: PathBuf,
        #[command(flatten)]
        common: Common,
        /// Output format on standard output: text (grouped per file) or json
        /// (one JSON object per problem, one per line).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also write the problems as an Excel workbook (one sheet for all, one per
        /// department), e.g. --report check-report.xlsx.
        #[arg(long, value_name = "FILE.xlsx")]
        report: Option<PathBuf>,
        /// Treat warnings as errors (exit 1).
        #[arg(long)]
        strict: bool,
    },
    /// Check DIR, then write the publications into the output folder.
    ///
    /// Always writes check-report.xlsx. On input errors nothing else in the output
    /// folder changes and the exit code is 1. Every file is written atomically.
    Build {
        /// Folder holding one workbook per department.
        dir: PathBuf,
        /// Output folder (created if missing).
        #[arg(short, long, default_value = "out")]
        output: PathBuf,
        /// Only these outputs, comma-separated: booklet, newsletter, summary, departments, next-year, web.
        #[arg(long, value_delimiter = ',', value_parser = parse_output)]
        only: Vec<OutputKind>,
        /// Treat warnings as errors (nothing is published).
        #[arg(long)]
        strict: bool,
        /// Also print the time each stage took.
        #[arg(short, long)]
        verbose: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Write input workbooks for the departments to fill in.
    ///
    /// One workbook per department, with a 記入方法 (instructions) sheet, locked
    /// headers, dropdowns and validation. With --from, this year's workbooks (or a
    /// .toml file of drafts) pre-fill the new ones.
    Template {
        /// Output folder (created if missing).
        #[arg(short, long)]
        output: PathBuf,
        /// Fiscal year to write (Western year the fiscal year starts in, e.g. 2026).
        /// Default: the year after --from's, or the current fiscal year.
        #[arg(long)]
        year: Option<i32>,
        /// Comma-separated department names for blank workbooks, e.g. 企画部,総務部.
        /// Default: the configuration's department_order, or one blank workbook.
        #[arg(long, value_delimiter = ',')]
        departments: Vec<String>,
        /// Pre-fill from this year's folder of workbooks (年度 + 1, 実績値 and 達成状況
        /// cleared), or from a .toml file of drafts (written as they are).
        #[arg(long, value_name = "DIR|FILE.toml")]
        from: Option<PathBuf>,
        /// Configuration file (default: hoshin.toml in the --from folder, if any).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Check an output folder against its manifest.json (after completing a write
    /// that a crash interrupted).
    ///
    /// Exit code 0 when every file the manifest lists is there with its content,
    /// 1 when one is missing or differs, 2 when there is no manifest.
    Verify {
        /// The output folder of hoshin build.
        dir: PathBuf,
    },
    /// Write synthetic but realistic department workbooks, for benchmarks and scale tests.
    Sample {
        /// Output folder (created if missing).
        #[arg(short, long)]
        output: PathBuf,
        /// Number of departments.
        #[arg(long, default_value_t = 8)]
        departments: usize,
        /// Projects per department.
        #[arg(long, default_value_t = 10)]
        projects: usize,
        /// Random seed: the same seed gives the same workbooks.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Fiscal year (Western start year).
        #[arg(long, default_value_t = 2026)]
        year: i32,
    },
}

#[derive(clap::Args)]
struct Common {
    /// Configuration file (default: DIR/hoshin.toml if present, else built-in defaults).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// A failure that ends the run, with its exit code.
enum Failure {
    Input,
    Usage(String),
    Internal(String),
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        Failure::Usage(e.0)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(m) = hoshin::output::source_date_epoch_problem() {
        eprintln!("hoshin: {m}");
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Command::Check {
            dir,
            common,
            format,
            report,
            strict,
        } => run_check(&dir, &common, format, report.as_deref(), strict),
        Command::Build {
            dir,
            output,
            only,
            strict,
            verbose,
            common,
        } => run_build(&dir, &output, &only, strict, verbose, &common),
        Command::Template {
            output,
            year,
            departments,
            from,
            config,
        } => run_template(
            &output,
            year,
            &departments,
            from.as_deref(),
            config.as_deref(),
        ),
        Command::Sample {
            output,
            departments,
            projects,
            seed,
            year,
        } => run_sample(&output, departments, projects, seed, year),
        Command::Verify { dir } => run_verify(&dir),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input) => ExitCode::from(1),
        Err(Failure::Usage(m)) => {
            eprintln!("hoshin: {m}");
            ExitCode::from(2)
        }
        Err(Failure::Internal(m)) => {
            eprintln!("hoshin: {m}");
            ExitCode::from(3)
        }
    }
}

fn input_dir(dir: &Path) -> Result<(), Failure> {
    if dir.is_dir() {
        Ok(())
    } else {
        Err(Failure::Usage(format!(
            "フォルダ {} がありません。部のワークブックを置いたフォルダを指定してください",
            dir.display()
        )))
    }
}

/// The progress display: a bar on standard error when it is a terminal, else nothing.
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new(quiet: bool) -> Bar {
        use std::io::IsTerminal;
        if quiet || !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{prefix:>8} [{bar:30}] {pos}/{len} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Bar(Some(bar))
    }
    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

impl hoshin::build::Progress for Bar {
    fn stage(&self, name: &str, total: u64) {
        if let Some(b) = &self.0 {
            b.set_prefix(name.to_string());
            b.set_length(total);
            b.set_position(0);
        }
    }
    fn step(&self, what: &str) {
        if let Some(b) = &self.0 {
            b.set_message(what.to_string());
            b.inc(1);
        }
    }
}

fn parse_output(s: &str) -> Result<OutputKind, String> {
    OutputKind::parse(s).ok_or_else(|| {
        format!(
            "{s} は出力の名前ではありません（{}）",
            OutputKind::ALL.map(|k| k.name()).join(", ")
        )
    })
}

fn run_build(
    dir: &Path,
    out: &Path,
    only: &[OutputKind],
    strict: bool,
    verbose: bool,
    common: &Common,
) -> Result<(), Failure> {
    input_dir(dir)?;
    let (config, config_path) = Config::load(common.config.as_deref(), Some(dir))?;
    let started = std::time::Instant::now();
    let bar = Bar::new(common.quiet);
    let opts = hoshin::build::BuildOptions {
        only: only.to_vec(),
        strict,
        config_path,
        progress: Some(&bar),
    };
    let result = hoshin::build::build(dir, out, &config, &opts);
    bar.finish();
    let result = result.map_err(|e| match e {
        hoshin::build::BuildError::Usage(m) => Failure::Usage(m),
        hoshin::build::BuildError::Output(m) => Failure::Internal(m),
    })?;
    let mut stdout = anstream::stdout();
    let shown = (|| -> std::io::Result<()> {
        if !common.quiet || result.outcome.has_errors() {
            report::write_text(&mut stdout, &result.outcome)?;
        }
        if result.written.is_empty() {
            writeln!(
                stdout,
                "エラーがあるため公表物は作りませんでした。{} に点検結果を書きました",
                out.join("check-report.xlsx").display()
            )?;
            return Ok(());
        }
        if !common.quiet {
            // Files of a folder (web/, departments/, …) on one line.
            let mut groups: std::collections::BTreeMap<String, (usize, usize, usize)> =
                Default::default();
            for w in &result.written {
                let rel = w.path.strip_prefix(out).unwrap_or(&w.path);
                let mut parts = rel.components();
                let first = parts
                    .next()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .unwrap_or_default();
                let key = if parts.next().is_some() {
                    format!("{first}/")
                } else {
                    first
                };
                let g = groups.entry(key).or_default();
                *g = (g.0 + 1, g.1 + w.bytes, g.2 + w.pages.unwrap_or(0));
            }
            for (name, (files, bytes, pages)) in groups {
                let files = if files > 1 {
                    format!("{files} 件、")
                } else {
                    String::new()
                };
                let pages = if pages > 0 {
                    format!("、{pages} ページ")
                } else {
                    String::new()
                };
                writeln!(
                    stdout,
                    "  {name}（{files}{} KB{pages}）",
                    bytes.div_ceil(1024)
                )?;
            }
            let pages: usize = result.written.iter().filter_map(|w| w.pages).sum();
            let bytes: usize = result.written.iter().map(|w| w.bytes).sum();
            writeln!(
                stdout,
                "{} に {} 件（{pages} ページ、{:.1} MB）を {:.2} 秒で書きました",
                out.display(),
                result.written.len(),
                bytes as f64 / 1e6,
                started.elapsed().as_secs_f64()
            )?;
        }
        if verbose {
            for (stage, secs) in &result.timings {
                writeln!(stdout, "  {stage}: {secs:.3} s")?;
            }
        }
        stdout.flush()
    })();
    shown.map_err(|e| Failure::Internal(format!("出力できません: {e}")))?;
    if result.written.is_empty() {
        return Err(Failure::Input);
    }
    Ok(())
}

fn run_check(
    dir: &Path,
    common: &Common,
    format: Format,
    report_path: Option<&Path>,
    strict: bool,
) -> Result<(), Failure> {
    input_dir(dir)?;
    let (config, _) = Config::load(common.config.as_deref(), Some(dir))?;
    let fonts = config.font_set()?;
    let outcome = check::check_dir(dir, &config, &fonts.coverage())
        .map_err(|e| Failure::Usage(format!("フォルダ {} を読めません: {e}", dir.display())))?;
    let mut out = anstream::stdout();
    let written = match format {
        Format::Json => report::write_json(&mut out, &outcome),
        Format::Text if common.quiet => Ok(()),
        Format::Text => report::write_text(&mut out, &outcome),
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Internal(format!("出力できません: {e}")))?;
    if let Some(path) = report_path {
        let ts = hoshin::output::timestamp_or(
            outcome
                .year
                .map_or(0, |y| hoshin::output::fiscal_year_start(y.western())),
        );
        report::xlsx::write(path, &outcome, ts)
            .map_err(|e| Failure::Internal(format!("{} を書けません: {e}", path.display())))?;
    }
    let summary = report::Summary::of(&outcome);
    if summary.errors > 0 || (strict && summary.warnings > 0) {
        return Err(Failure::Input);
    }
    Ok(())
}

fn run_verify(dir: &Path) -> Result<(), Failure> {
    let v = hoshin::verify::verify(dir).map_err(Failure::Usage)?;
    if v.recovered.completed > 0 {
        println!(
            "中断されていた書き込みを完了しました（{} 件）",
            v.recovered.completed
        );
    }
    for m in &v.mismatches {
        println!("  {}", hoshin::terminal::escape(m));
    }
    if v.mismatches.is_empty() {
        println!(
            "{} の {} 件はすべて manifest.json のとおりです",
            dir.display(),
            v.listed
        );
        Ok(())
    } else {
        println!(
            "{} 件のうち {} 件が manifest.json と合いません。hoshin build をやり直してください",
            v.listed,
            v.mismatches.len()
        );
        Err(Failure::Input)
    }
}

fn template_failure(e: hoshin::template::TemplateError) -> Failure {
    Failure::Internal(e.to_string())
}

/// The current fiscal year by the clock (April–March, JST), or SOURCE_DATE_EPOCH's.
fn current_fiscal_year() -> i32 {
    let now = hoshin::output::source_date_epoch().unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    });
    let serial = (now + 9 * 3600).div_euclid(86_400) as f64 + 25_569.0;
    hoshin::model::Date::from_excel_serial(serial).map_or(2026, |d| d.fiscal_year().western())
}

fn run_template(
    output: &Path,
    year: Option<i32>,
    departments: &[String],
    from: Option<&Path>,
    config: Option<&Path>,
) -> Result<(), Failure> {
    use hoshin::template::{draft_from, next_year, write_all, write_blanks, TemplateOptions};
    let options = |y: i32| TemplateOptions {
        created: hoshin::output::timestamp_or(hoshin::output::fiscal_year_start(y)),
        ..TemplateOptions::new(y)
    };
    let written = match from {
        // A .toml file of drafts: written as they are.
        Some(file) if file.extension().is_some_and(|e| e == "toml") => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| Failure::Usage(format!("{} を読めません: {e}", file.display())))?;
            let drafts: hoshin::draft::DraftFile = toml::from_str(&text)
                .map_err(|e| Failure::Usage(format!("{}: {}", file.display(), e.message())))?;
            let y = year
                .or_else(|| {
                    drafts
                        .department
                        .first()
                        .and_then(|d| hoshin::model::FiscalYear::parse(&d.year))
                        .map(|y| y.western())
                })
                .unwrap_or_else(current_fiscal_year);
            write_all(output, &drafts.department, &options(y)).map_err(template_failure)?
        }
        // This year's workbooks: checked, then next year's pre-filled from them.
        Some(dir) => {
            input_dir(dir)?;
            let (cfg, _) = Config::load(config, Some(dir))?;
            let outcome =
                check::check_dir(dir, &cfg, &cfg.font_set()?.coverage()).map_err(|e| {
                    Failure::Usage(format!("フォルダ {} を読めません: {e}", dir.display()))
                })?;
            if outcome.has_errors() {
                report::write_text(&mut anstream::stderr(), &outcome).ok();
                eprintln!("hoshin: {} にエラーがあるため、来年度の様式を作れません。上の問題を直してください", dir.display());
                return Err(Failure::Input);
            }
            let y = year.unwrap_or_else(|| {
                outcome
                    .year
                    .map_or_else(current_fiscal_year, |y| y.western() + 1)
            });
            let drafts: Vec<_> = outcome
                .departments
                .iter()
                .map(|d| next_year(&draft_from(d)))
                .collect();
            write_all(output, &drafts, &options(y)).map_err(template_failure)?
        }
        None => {
            let (cfg, _) = Config::load(config, None)?;
            let names: Vec<String> = if !departments.is_empty() {
                departments.to_vec()
            } else if !cfg.department_order.is_empty() {
                cfg.department_order.clone()
            } else {
                vec![String::new()]
            };
            write_blanks(
                output,
                &names,
                &options(year.unwrap_or_else(current_fiscal_year)),
            )
            .map_err(template_failure)?
        }
    };
    println!(
        "{} 件の様式を {} に書きました",
        written.len(),
        output.display()
    );
    Ok(())
}

fn run_sample(
    output: &Path,
    departments: usize,
    projects: usize,
    seed: u64,
    year: i32,
) -> Result<(), Failure> {
    if departments == 0 || projects == 0 {
        return Err(Failure::Usage(
            "--departments と --projects は 1 以上にしてください".into(),
        ));
    }
    // A project has at most three indicators, one row each on 目標指標, whose rows
    // hoshin reads up to ingest::MAX_ROWS: a larger sample would be refused by check.
    let max_projects = (hoshin::ingest::MAX_ROWS - 1) / 3;
    if projects > max_projects {
        return Err(Failure::Usage(format!(
            "--projects は {max_projects} 以下にしてください（目標指標のシートは {} 行まで読みます）",
            hoshin::ingest::MAX_ROWS
        )));
    }
    let drafts = hoshin::sample::generate(departments, projects, seed, year);
    let opts = hoshin::template::TemplateOptions {
        created: hoshin::output::timestamp_or(hoshin::output::fiscal_year_start(year)),
        ..hoshin::template::TemplateOptions::new(year)
    };
    let written = hoshin::template::write_all(output, &drafts, &opts).map_err(template_failure)?;
    println!(
        "{} 部（各 {projects} 事業）の見本を {} に書きました",
        written.len(),
        output.display()
    );
    Ok(())
}
