//! Showing check results: the terminal listing, JSON lines and `check-report.xlsx`.

pub mod xlsx;

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::check::Outcome;
use crate::diag::{Problem, Severity};
use crate::terminal::escape;

/// The closing line's figures.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Summary {
    pub departments: usize,
    pub projects: usize,
    pub indicators: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn of(outcome: &Outcome) -> Summary {
        let files = outcome.files.iter().filter(|f| !f.skipped);
        Summary {
            departments: files.clone().filter(|f| f.department.is_some()).count(),
            projects: files.clone().map(|f| f.projects).sum(),
            indicators: files.map(|f| f.indicators).sum(),
            errors: outcome.count(Severity::Error),
            warnings: outcome.count(Severity::Warning),
        }
    }
}

impl std::fmt::Display for Summary {
    /// `8 部・事業 56・指標 80 — エラー 0・警告 0`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} 部・事業 {}・指標 {} — エラー {}・警告 {}",
            self.departments, self.projects, self.indicators, self.errors, self.warnings
        )
    }
}

fn style(sev: Severity) -> Style {
    match sev {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
        Severity::Note => AnsiColor::Cyan.on_default(),
    }
}

/// The terminal listing: problems grouped per file, then the summary line. Colour is
/// written as ANSI codes; `anstream` strips them when the output is not a terminal.
pub fn write_text(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    write_listing(out, outcome)?;
    let summary = Summary::of(outcome);
    let s = if summary.errors > 0 {
        style(Severity::Error)
    } else {
        AnsiColor::Green.on_default().bold()
    };
    writeln!(out, "{s}{summary}{s:#}")
}

/// Each file's line and its problems, then the problems of no file.
fn write_listing(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    let bold = Style::new().bold();
    for f in &outcome.files {
        let problems: Vec<&Problem> = outcome
            .problems
            .iter()
            .filter(|p| p.place.file == f.file)
            .collect();
        if f.skipped {
            writeln!(
                out,
                "{bold}{}{bold:#} — 読み飛ばし（ワークブックではありません）",
                escape(&f.file)
            )?;
            continue;
        }
        match &f.department {
            Some(d) => writeln!(
                out,
                "{bold}{}{bold:#} — {}（事業 {}・指標 {}）",
                escape(&f.file),
                escape(d),
                f.projects,
                f.indicators
            )?,
            None => writeln!(out, "{bold}{}{bold:#}", escape(&f.file))?,
        }
        for p in problems {
            let s = style(p.severity);
            let place = match (&p.place.sheet, &p.place.cell, &p.place.column) {
                (Some(sh), Some(c), _) => format!("{sh}!{c}"),
                (Some(sh), None, Some(col)) => format!("{sh}（{col}列）"),
                (Some(sh), None, None) => sh.clone(),
                (None, ..) => "ファイル".to_string(),
            };
            writeln!(
                out,
                "  {s}{} {}{s:#} {}: {}",
                p.severity.label(),
                p.code,
                escape(&place),
                escape(&p.message)
            )?;
        }
    }
    for p in outcome
        .problems
        .iter()
        .filter(|p| !outcome.files.iter().any(|f| f.file == p.place.file))
    {
        let s = style(p.severity);
        let p_text = p.to_string();
        writeln!(
            out,
            "{s}{} {}{s:#} {}",
            p.severity.label(),
            p.code,
            escape(&p_text)
        )?;
    }
    Ok(())
}

/// `-q`: only the errors, under their file's line, then the summary line.
pub fn write_errors(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    let errors = Outcome {
        problems: outcome
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .cloned()
            .collect(),
        files: Vec::new(),
        departments: Vec::new(),
        year: outcome.year,
        department_names: Vec::new(),
    };
    let files = outcome
        .files
        .iter()
        .filter(|f| errors.problems.iter().any(|p| p.place.file == f.file))
        .cloned()
        .collect();
    let errors = Outcome { files, ..errors };
    write_listing(out, &errors)?;
    let summary = Summary::of(outcome);
    if summary.errors > 0 {
        let s = style(Severity::Error);
        writeln!(out, "{s}{summary}{s:#}")?;
    }
    Ok(())
}

/// One JSON object per problem, one per line (JSON Lines). Fields: `code`, `severity`
/// (`error` / `warning` / `note`), `file`, `sheet`, `cell`, `column`, `department`,
/// `message`; absent fields are left out.
pub fn write_json(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    for p in &outcome.problems {
        serde_json::to_writer(&mut *out, p)?;
        writeln!(out)?;
    }
    Ok(())
}
