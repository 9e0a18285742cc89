//! Checking: raw workbooks → the checked [`Publication`] and every problem, in one pass.
//!
//! Each workbook is checked on its own (in parallel), then the rules across files
//! (one 年度, unique 部名 and 掲載順) run over the results. Nothing stops at the
//! first problem.

mod cells;
mod reliability;
pub mod suggest;
mod table;
pub mod values;

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::{codes, Place, Problem, Severity};
use crate::fonts::Coverage;
use crate::ingest::{self, normalize_key, FileError, RawSheet, RawValue, RawWorkbook};
use crate::model::*;
use crate::schema::{self, BasicField, Field, Kind, Part, Schema};
use cells::CellReader;

/// What checking a folder found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Departments that were read without errors, in publication order.
    pub departments: Vec<Department>,
    /// One entry per workbook (and per skipped file), in file-name order.
    pub files: Vec<FileSummary>,
    pub problems: Vec<Problem>,
    /// The 年度 of the run (the majority's).
    pub year: Option<FiscalYear>,
    /// Every 部名 read (errors or not), in publication order: for the report's sheets.
    pub department_names: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct FileSummary {
    pub file: String,
    pub department: Option<String>,
    pub projects: usize,
    pub indicators: usize,
    pub skipped: bool,
}

impl Outcome {
    /// Names the input folder in folder-level problems (E006), read as `.` otherwise.
    pub(crate) fn name_folder(&mut self, dir: &Path) {
        for p in &mut self.problems {
            if p.place.file == "." {
                p.place.file = dir.display().to_string();
            }
        }
    }

    /// In `build`, a department of `department_order` without a workbook stops the
    /// publication (W304 becomes E304), unless `--allow-missing`.
    pub(crate) fn missing_departments_are_errors(&mut self) {
        for p in &mut self.problems {
            if p.code == codes::DEPARTMENT_MISSING {
                *p = Problem::new(
                    codes::DEPARTMENT_MISSING_BUILD,
                    p.place.clone(),
                    format!(
                        "{}（この部を除いて公表するときは --allow-missing を付けてください）",
                        p.message
                    ),
                );
            }
        }
    }

    pub(crate) fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// The publication, when there are no errors.
    pub fn publication(&self, config: &Config) -> Option<Publication> {
        if self.has_errors() {
            return None;
        }
        Some(Publication {
            city: config.city.clone(),
            title: config.title.clone(),
            issuer: config.issuer.clone(),
            contact: config.contact.clone(),
            year: self.year?,
            departments: self.departments.clone(),
        })
    }
}

/// Reads and checks every workbook of `dir`.
pub fn check_dir(dir: &Path, config: &Config, coverage: &Coverage) -> std::io::Result<Outcome> {
    let listing = listing(dir)?;
    let mut outcome = check_files(
        &listing.workbooks,
        &listing.skipped,
        config,
        coverage,
        &|| {},
    );
    outcome.name_folder(dir);
    Ok(outcome)
}

/// The folder's workbooks, without those a build of hoshin wrote there: workbooks
/// listed in the folder's `manifest.json` (summary.xlsx, check-report.xlsx, …) are
/// moved to the skipped files.
pub(crate) fn listing(dir: &Path) -> std::io::Result<ingest::Listing> {
    let mut listing = ingest::list(dir)?;
    let written: HashSet<String> = std::fs::read(dir.join("manifest.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .filter(|m| m["tool"] == "hoshin")
        .map(|m| {
            let mut files: HashSet<String> = m["outputs"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|o| o["file"].as_str().map(str::to_string))
                .collect();
            files.insert("check-report.xlsx".into());
            files
        })
        .unwrap_or_default();
    if !written.is_empty() {
        let (ours, theirs): (Vec<PathBuf>, Vec<PathBuf>) = listing
            .workbooks
            .into_iter()
            .partition(|p| written.contains(&ingest::display_name(p)));
        listing.workbooks = theirs;
        listing.skipped.extend(ours);
        listing.skipped.sort();
    }
    Ok(listing)
}

/// Reads and checks the workbooks at `paths`, each checked as soon as it is read
/// (in parallel, no wait for the other files), then the rules across files; `tick`
/// is called after each file (for a progress display).
pub(crate) fn check_files(
    paths: &[PathBuf],
    skipped: &[PathBuf],
    config: &Config,
    coverage: &Coverage,
    tick: &(dyn Fn() + Sync),
) -> Outcome {
    check_files_by(&Schema::builtin(), paths, skipped, config, coverage, tick)
}

/// [`check_files`] by another contract than the built-in one.
pub(crate) fn check_files_by(
    schema: &Schema,
    paths: &[PathBuf],
    skipped: &[PathBuf],
    config: &Config,
    coverage: &Coverage,
    tick: &(dyn Fn() + Sync),
) -> Outcome {
    let limits = ingest::Limits::of(config);
    ingest::prefetch(paths);
    let results = paths
        .par_iter()
        .map(|path| {
            let mut r = match ingest::read_limited(path, &limits) {
                Ok(wb) => check_workbook(&wb, schema, config, coverage),
                Err(e) => FileResult::failed(&ingest::display_name(path), e),
            };
            r.modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
            tick();
            r
        })
        .collect();
    across(results, skipped, config)
}

/// The rules across files and the outcome of the run.
fn across(mut results: Vec<FileResult>, skipped: &[PathBuf], config: &Config) -> Outcome {
    let mut outcome = Outcome::default();
    if results.is_empty() {
        outcome.problems.push(Problem::new(
            codes::NO_WORKBOOKS,
            Place::file("."),
            "フォルダに部のワークブック（.xlsx .xlsm .xls .xlsb .ods）がありません。各部のファイルを置いてください".to_string(),
        ));
    }
    outcome.year = across_files(&mut results);
    let read: HashSet<String> = results
        .iter()
        .filter_map(|r| r.name.as_ref().map(|(n, _)| normalize_key(n)))
        .collect();
    for name in &config.department_order {
        if !results.is_empty() && !read.contains(&normalize_key(name)) {
            outcome.problems.push(Problem::new(
                codes::DEPARTMENT_MISSING,
                Place::file(crate::config::FILE_NAME),
                format!("department_order にある「{name}」のワークブックがフォルダにありません。提出されたファイルを置くか、この部を department_order から外してください"),
            ));
        }
    }
    let mut named: Vec<(u32, usize, String)> = results
        .iter()
        .filter_map(|r| {
            let (n, _) = r.name.as_ref()?;
            let pos = config.department_order.iter().position(|o| o == n);
            Some((
                r.order.as_ref().map_or(u32::MAX, |(o, _)| *o),
                pos.unwrap_or(usize::MAX),
                n.clone(),
            ))
        })
        .collect();
    named.sort();
    outcome.department_names = named.into_iter().map(|(_, _, n)| n).collect();
    for r in &mut results {
        for p in &mut r.problems {
            p.department = r.name.as_ref().map(|(n, _)| n.clone());
        }
    }
    for path in skipped {
        let file = ingest::display_name(path);
        let why = if ingest::is_workbook_name(path) {
            "hoshin が書いた公表物（manifest.json に記載）なので読み飛ばしました"
        } else {
            "ワークブックではないので読み飛ばしました"
        };
        outcome.problems.push(Problem::new(
            codes::SKIPPED_FILE,
            Place::file(&file),
            why.to_string(),
        ));
        outcome.files.push(FileSummary {
            file,
            skipped: true,
            ..FileSummary::default()
        });
    }
    for r in results {
        let errors = r.problems.iter().any(|p| p.severity == Severity::Error);
        outcome.files.push(FileSummary {
            file: r.file.clone(),
            department: r.name.as_ref().map(|(n, _)| n.clone()),
            projects: r.rows_read.0,
            indicators: r.rows_read.1,
            skipped: false,
        });
        outcome.problems.extend(r.problems);
        if let (false, Some(d)) = (errors, r.department) {
            outcome.departments.push(d);
        }
    }
    outcome.files.sort_by(|a, b| a.file.cmp(&b.file));
    let position = |name: &str| {
        config
            .department_order
            .iter()
            .position(|n| n == name)
            .unwrap_or(usize::MAX)
    };
    outcome.departments.sort_by(|a, b| {
        (a.order.unwrap_or(u32::MAX), position(&a.name), &a.name).cmp(&(
            b.order.unwrap_or(u32::MAX),
            position(&b.name),
            &b.name,
        ))
    });
    outcome
        .problems
        .sort_by(|a, b| (&a.place.file, a.severity).cmp(&(&b.place.file, b.severity)));
    outcome
}

/// One workbook's result before the rules across files.
struct FileResult {
    file: String,
    year: Option<(FiscalYear, Place)>,
    name: Option<(String, Place)>,
    order: Option<(u32, Place)>,
    department: Option<Department>,
    problems: Vec<Problem>,
    /// Rows of 個別事業 and 目標指標 read, errors or not.
    rows_read: (usize, usize),
    /// The file's modification time, to name the newer of two files of one 部名.
    modified: Option<std::time::SystemTime>,
}

impl FileResult {
    fn failed(file: &str, e: FileError) -> FileResult {
        if let FileError::TooLarge(t) = e {
            return FileResult::too_large(file, t);
        }
        let (code, msg) = match e {
            FileError::TooLarge(_) => unreachable!("handled above"),
            FileError::Unreadable(e) => (codes::FILE_UNREADABLE, format!("ファイルを読めません: {e}。ファイルの権限や保存先を確かめてください")),
            FileError::Empty => (codes::EMPTY_FILE, "ファイルが空（0 バイト）です。保存し直したファイルを置いてください".to_string()),
            FileError::NotSpreadsheet(why) => (
                codes::NOT_A_SPREADSHEET,
                format!("表計算のファイルとして読めません: {why}。Excel か LibreOffice で開けるか確かめ、.xlsx で保存し直してください"),
            ),
            FileError::Password => (codes::PASSWORD_PROTECTED, "パスワードで保護されていて読めません。パスワードを外して保存し直してください".to_string()),
            FileError::ZipBomb { total, ratio } => (
                codes::ZIP_BOMB,
                format!(
                    "展開後の大きさが異常です（宣言された大きさ {} MiB、圧縮率 {ratio} 倍）。安全のため読みません。正しいファイルか確かめてください",
                    total >> 20
                ),
            ),
        };
        FileResult::with_problem(file, Problem::new(code, Place::file(file), msg))
    }
}

/// 年度 by majority; 部名 and 掲載順 unique. Returns the run's 年度.
fn across_files(results: &mut [FileResult]) -> Option<FiscalYear> {
    let mut counts: BTreeMap<FiscalYear, usize> = BTreeMap::new();
    for r in results.iter() {
        if let Some((y, _)) = &r.year {
            *counts.entry(*y).or_default() += 1;
        }
    }
    let max = counts.values().copied().max().unwrap_or(0);
    let leaders: Vec<FiscalYear> = counts
        .iter()
        .filter(|(_, &n)| n == max)
        .map(|(y, _)| *y)
        .collect();
    let majority = (leaders.len() == 1).then(|| leaders[0]);
    if counts.len() > 1 {
        let listing = counts
            .iter()
            .map(|(y, n)| format!("{} {n}件", y.wareki()))
            .collect::<Vec<_>>()
            .join("、");
        for r in results.iter_mut() {
            if let Some((y, place)) = &r.year {
                if Some(*y) != majority {
                    let right = match majority {
                        Some(m) => format!("ほかの部と同じ「{}」にしてください", m.wareki()),
                        None => "どの年度が正しいか確かめ、全部署でそろえてください".to_string(),
                    };
                    r.problems.push(Problem::new(
                        codes::YEAR_DIFFERS,
                        place.clone(),
                        format!(
                            "年度「{}」がほかの部と違います（{listing}）。{right}",
                            y.wareki()
                        ),
                    ));
                }
            }
        }
    }
    // Of two files with one 部名, the one saved last is most likely the right one.
    let mut newest: HashMap<String, (Option<std::time::SystemTime>, String)> = HashMap::new();
    for r in results.iter() {
        if let Some((n, _)) = &r.name {
            let e = newest
                .entry(n.clone())
                .or_insert((r.modified, r.file.clone()));
            if r.modified > e.0 {
                *e = (r.modified, r.file.clone());
            }
        }
    }
    unique(
        results,
        |r| r.name.clone(),
        |r, others, name| {
            let newer = newest
                .get(name)
                .map(|(_, f)| f.as_str())
                .unwrap_or_default();
            let which = if newer == r.file {
                format!("こちらが新しい方（更新日時が後）です。古い方（{others}）が不要ならフォルダから外してください")
            } else {
                format!("新しい方（更新日時が後）は {newer} です。このファイルが古い版なら、フォルダから外してください")
            };
            Problem::new(
                codes::DUPLICATE_DEPARTMENT,
                r.name.as_ref().map(|(_, p)| p.clone()).unwrap_or_default(),
                format!("部名「{name}」がほかのファイル（{others}）と重なっています。{which}。別の部なら部名を直してください"),
            )
        },
    );
    unique(
        results,
        |r| r.order.as_ref().map(|(o, p)| (o.to_string(), p.clone())),
        |r, others, order| {
            Problem::new(
            codes::DUPLICATE_ORDER,
            r.order.as_ref().map(|(_, p)| p.clone()).unwrap_or_default(),
            format!("掲載順 {order} がほかのファイル（{others}）と重なっています。重ならない番号にするか、空欄にしてください"),
        )
        },
    );
    majority
}

fn unique(
    results: &mut [FileResult],
    key: impl Fn(&FileResult) -> Option<(String, Place)>,
    problem: impl Fn(&FileResult, &str, &str) -> Problem,
) {
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in results.iter().enumerate() {
        if let Some((k, _)) = key(r) {
            by_key.entry(k).or_default().push(i);
        }
    }
    for (k, idx) in by_key {
        if idx.len() < 2 {
            continue;
        }
        for &i in &idx {
            let others = idx
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| results[j].file.clone())
                .collect::<Vec<_>>()
                .join("、");
            let p = problem(&results[i], &others, &k);
            results[i].problems.push(p);
        }
    }
}

fn find_sheet<'a>(wb: &'a RawWorkbook, name: &str) -> Option<&'a RawSheet> {
    let want = normalize_key(name);
    wb.sheets.iter().find(|s| normalize_key(&s.name) == want)
}

fn sheet_missing(wb: &RawWorkbook, schema: &Schema, name: &str) -> Problem {
    // A sheet that is this one renamed (個別事業(修正), 個別事業 ) is fixed by renaming.
    let others: Vec<&str> = schema.sheets().collect();
    if let Some(near) = wb
        .all_sheet_names
        .iter()
        .find(|s| suggest::near_miss(s, others.iter().copied()) == Some(name))
    {
        return Problem::new(
            codes::SHEET_MISSING,
            Place::file(&wb.file),
            format!("シート「{name}」がありません。シート「{near}」がそれなら、シート名を「{name}」に変えてください"),
        );
    }
    let found = if wb.all_sheet_names.is_empty() {
        "なし".to_string()
    } else {
        wb.all_sheet_names.join("、")
    };
    Problem::new(
        codes::SHEET_MISSING,
        Place::file(&wb.file),
        format!("シート「{name}」がありません（あるシート: {found}）。hoshin template で作った様式のシート名にしてください"),
    )
}

/// Checks one workbook on its own.
fn check_workbook(
    wb: &RawWorkbook,
    schema: &Schema,
    config: &Config,
    coverage: &Coverage,
) -> FileResult {
    let mut problems = reliability::duplicate_sheets(wb);
    for sheet in &wb.sheets {
        if sheet.truncated {
            problems.push(Problem::new(
                codes::SHEET_TOO_LARGE,
                Place::sheet(&wb.file, &sheet.name),
                format!("シートが大きすぎます（{}行・{}列を超える部分は読みません）。離れたセルの値を削除してください", ingest::MAX_ROWS, ingest::MAX_COLS),
            ));
        }
    }
    let basic = match find_sheet(wb, schema::BASIC_SHEET) {
        Some(s) => Some(read_basic(
            &wb.file,
            s,
            schema,
            config,
            coverage,
            &mut problems,
        )),
        None => {
            problems.push(sheet_missing(wb, schema, schema::BASIC_SHEET));
            None
        }
    };
    let mut tables = Tables::default();
    for table in &schema.tables {
        match find_sheet(wb, table.sheet) {
            Some(sheet) => {
                if let Some(view) = table::open(&wb.file, sheet, table, &mut problems) {
                    let rows: Vec<u32> = view.data_rows().collect();
                    if rows.is_empty() {
                        problems.push(Problem::new(
                            codes::NO_ROWS,
                            Place::sheet(&wb.file, &sheet.name),
                            format!(
                                "{}が1行もありません。見出し行の下に{}を1行以上入力してください",
                                table.row_noun, table.row_noun
                            ),
                        ));
                    }
                    tables.views.push((view, rows));
                }
            }
            None => problems.push(sheet_missing(wb, schema, table.sheet)),
        }
    }
    let count = |part: Part| match tables.get(part) {
        Some((_, rows)) => rows.len(),
        None => {
            let t = schema.table(part);
            find_sheet(wb, t.sheet).map_or(0, |s| table::rows_below_partial_header(s, t))
        }
    };
    let rows_read = (count(Part::Projects), count(Part::Indicators));
    let mut b = Builder {
        schema,
        file: &wb.file,
        coverage,
        problems,
        year: basic
            .as_ref()
            .and_then(|bi| bi.year.as_ref().map(|(y, _)| *y)),
    };
    let mission = b.numbered(&tables, Part::Mission);
    let sections = b.sections(&tables);
    let staff = b.lines(&tables, Part::Staff);
    let budget = b.lines(&tables, Part::Budget);
    let policies = b.numbered(&tables, Part::Policies);
    let projects = b.projects(&tables, sections.as_deref());
    b.other_columns(&tables);
    let problems = b.problems;
    let (year, name, order) = match &basic {
        Some(bi) => (bi.year.clone(), bi.name.clone(), bi.order.clone()),
        None => (None, None, None),
    };
    let department = (|| {
        let bi = basic?;
        Some(Department {
            source: wb.file.clone(),
            name: bi.name?.0,
            headline: bi.headline?,
            order: bi.order.map(|(o, _)| o),
            head: bi.head,
            contact: bi.contact,
            year: bi.year?.0,
            mission: mission?,
            sections: sections?,
            staff: staff?,
            budget: budget?,
            policies: policies?,
            projects: projects?,
        })
    })();
    let mut problems = problems;
    if let Some(d) = &department {
        // The newsletter page has a fixed space for every department.
        let budget = config.newsletter.department_chars;
        let n = d.newsletter_chars();
        if budget > 0 && n > budget {
            problems.push(Problem::new(
                codes::TEXT_BUDGET,
                Place::sheet(&wb.file, schema.table(Part::Mission).sheet),
                format!("広報ページに載る使命・目標（要約）と使命・目標が合わせて{n}字あります。紙面に収まるよう{budget}字以内を目安に縮めてください（目安は hoshin.toml の [newsletter] department_chars）"),
            ));
        }
    }
    FileResult {
        file: wb.file.clone(),
        year,
        name,
        order,
        department,
        problems,
        rows_read,
        modified: None,
    }
}

struct Basic {
    year: Option<(FiscalYear, Place)>,
    name: Option<(String, Place)>,
    order: Option<(u32, Place)>,
    headline: Option<String>,
    head: Option<String>,
    contact: Option<String>,
}

fn read_basic(
    file: &str,
    sheet: &RawSheet,
    schema: &Schema,
    config: &Config,
    coverage: &Coverage,
    problems: &mut Vec<Problem>,
) -> Basic {
    let mut rows: HashMap<&'static str, u32> = HashMap::new();
    for r in 0..sheet.height() {
        let RawValue::Text(k) = sheet.get(r, 0) else {
            continue;
        };
        let key = normalize_key(k);
        if key.is_empty() || (r == 0 && key == "項目") {
            continue;
        }
        match schema
            .basic_keys
            .iter()
            .find(|bk| normalize_key(bk.key) == key)
        {
            Some(bk) => {
                rows.entry(bk.key).or_insert(r);
            }
            None => problems.push(Problem::new(
                codes::KEY_UNKNOWN,
                Place::cell(file, &sheet.name, r, 0),
                format!(
                    "項目「{}」は様式にないので読み飛ばします。項目は {} です",
                    k.trim(),
                    schema
                        .basic_keys
                        .iter()
                        .map(|k| k.key)
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            )),
        }
    }
    for bk in schema
        .basic_keys
        .iter()
        .filter(|k| k.required && !rows.contains_key(k.key))
    {
        problems.push(Problem::new(
            codes::KEY_MISSING,
            Place::sheet(file, &sheet.name),
            format!("項目「{}」の行がありません。A列に「{}」、B列にその内容（例: {}）を入力してください", bk.key, bk.key, bk.example),
        ));
    }
    let mut cr = CellReader {
        file,
        sheet,
        coverage,
        problems,
    };
    // The row and the key of each field the sheet has.
    let at = |field: BasicField| {
        let k = schema.basic_keys.iter().find(|k| k.field == field)?;
        Some((*rows.get(k.key)?, k.key))
    };
    let year = at(BasicField::Year)
        .and_then(|(r, k)| cr.fiscal_year(r, 1, k).map(|y| (y, cr.place(r, 1))));
    let name =
        at(BasicField::Name).and_then(|(r, k)| cr.text(r, 1, k, true).map(|n| (n, cr.place(r, 1))));
    let headline = at(BasicField::Headline).and_then(|(r, headline_key)| {
        let h = cr.text(r, 1, headline_key, true)?;
        let n = h.chars().count();
        if n > config.check.headline_max_chars {
            cr.report(
                codes::HEADLINE_LONG,
                r,
                1,
                format!(
                    "{headline_key}が{n}字あります。広報の見出しになるので{}字以内に縮めてください",
                    config.check.headline_max_chars
                ),
            );
        }
        Some(h)
    });
    let order = at(BasicField::Order).and_then(|(r, k)| {
        cr.integer(r, 1, k, false, 1)
            .map(|o| (o as u32, cr.place(r, 1)))
    });
    let head = at(BasicField::Head).and_then(|(r, k)| cr.text(r, 1, k, false));
    let contact = at(BasicField::Contact).and_then(|(r, k)| cr.text(r, 1, k, false));
    Basic {
        year,
        name,
        order,
        headline,
        head,
        contact,
    }
}

#[derive(Default)]
struct Tables<'a> {
    /// Each table sheet read, with its data rows.
    views: Vec<(table::TableView<'a>, Vec<u32>)>,
}

impl<'a> Tables<'a> {
    fn get(&self, part: Part) -> Option<(&table::TableView<'a>, &[u32])> {
        self.views
            .iter()
            .find(|(v, _)| v.table.part == part)
            .map(|(v, r)| (v, r.as_slice()))
    }
}

/// The message when the unit written in a 人数 or 金額（千円） cell is not the column's:
/// `3,184,562円` in 千円 would be read 1,000 times too large.
fn contradicts_column(
    unit: &str,
    staff: bool,
    header: &str,
    cr: &CellReader,
    row: u32,
    col: u32,
) -> Option<String> {
    let written = match cr.sheet.get(row, col) {
        RawValue::Text(t) => values::clean_text(t),
        _ => String::new(),
    };
    if staff {
        return (!matches!(unit, "人" | "名")).then(|| {
            format!("{header}「{written}」の単位「{unit}」は列の単位（人）と違います。人数を人単位の数値で入力してください")
        });
    }
    // What one written unit is in 千円.
    let per_thousand = match unit {
        "千円" => return None,
        "円" => 0.001,
        "万円" => 10.0,
        "百万円" => 1000.0,
        "億円" => 100_000.0,
        _ => {
            return Some(format!("{header}「{written}」の単位「{unit}」は金額の単位ではありません。千円単位の数値を入力してください"))
        }
    };
    let value = match values::parse_number(&written, None) {
        values::NumberText::Number { value, .. } => value * per_thousand,
        _ => return None,
    };
    Some(format!(
        "{header}「{written}」は{unit}で書かれていますが、この列は千円単位です（このままでは桁が違って読まれます）。千円単位の「{}」と入力してください",
        format_number((value * 10.0).round() / 10.0)
    ))
}

/// Reports `no` when an earlier row of the table has it already.
fn unique_number(
    cr: &mut CellReader,
    seen: &mut HashMap<i64, u32>,
    no: Option<i64>,
    row: u32,
    col: u32,
    what: &str,
) {
    if let Some(first) = no.and_then(|n| seen.insert(n, row)) {
        let no = no.unwrap_or_default();
        let msg = format!(
            "{what} {no} が{}行目と重なっています。重ならない番号にしてください",
            first + 1
        );
        cr.report(codes::DUPLICATE_NUMBER, row, col, msg);
    }
}

/// Builds the department's parts from its tables; `None` where a part has errors.
struct Builder<'a> {
    /// The contract, for the sheet names messages point to.
    schema: &'a Schema,
    file: &'a str,
    coverage: &'a Coverage,
    problems: Vec<Problem>,
    /// The workbook's 年度, for 期限 written without one (`年度末`).
    year: Option<FiscalYear>,
}

impl<'a> Builder<'a> {
    fn reader<'s>(&'s mut self, sheet: &'s RawSheet) -> CellReader<'s> {
        CellReader {
            file: self.file,
            sheet,
            coverage: self.coverage,
            problems: &mut self.problems,
        }
    }

    fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }

    /// A `(番号, text)` table; numbers positive and unique.
    fn numbered(&mut self, tables: &Tables, part: Part) -> Option<Vec<Numbered>> {
        let (view, rows) = tables.get(part)?;
        let before = self.errors();
        let ((c_no, no_h), (c_text, text_h)) = (view.at(Field::No)?, view.at(Field::Text)?);
        let mut items = Vec::new();
        let mut seen: HashMap<i64, u32> = HashMap::new();
        let mut cr = self.reader(view.sheet);
        for &r in rows {
            let no = cr.integer(r, c_no, no_h.header, no_h.required, 1);
            let text = cr.text(r, c_text, text_h.header, text_h.required);
            unique_number(&mut cr, &mut seen, no, r, c_no, no_h.header);
            if let (Some(no), Some(text)) = (no, text) {
                items.push(Numbered {
                    no: no as u32,
                    text,
                });
            }
        }
        items.sort_by_key(|i| i.no);
        (self.errors() == before && !rows.is_empty()).then_some(items)
    }

    fn sections(&mut self, tables: &Tables) -> Option<Vec<Section>> {
        let (view, rows) = tables.get(Part::Sections)?;
        let before = self.errors();
        let ((c_name, name_h), (c_role, role_h)) = (view.at(Field::Name)?, view.at(Field::Role)?);
        let mut out = Vec::new();
        let mut seen: HashMap<String, u32> = HashMap::new();
        let mut cr = self.reader(view.sheet);
        for &r in rows {
            let name = cr.text(r, c_name, name_h.header, name_h.required);
            let role = cr.text(r, c_role, role_h.header, role_h.required);
            if let Some(n) = &name {
                if let Some(first) = seen.insert(n.clone(), r) {
                    cr.report(
                        codes::DUPLICATE_SECTION,
                        r,
                        c_name,
                        format!(
                            "{}「{n}」が{}行目と重なっています。課は1行に1つずつ書いてください",
                            name_h.header,
                            first + 1
                        ),
                    );
                }
            }
            if let (Some(name), Some(role)) = (name, role) {
                out.push(Section { name, role });
            }
        }
        (self.errors() == before && !rows.is_empty()).then_some(out)
    }

    /// 職員数 or 予算; a 合計/計 row is compared with the sum of the lines.
    fn lines(&mut self, tables: &Tables, part: Part) -> Option<Vec<Line>> {
        let (view, rows) = tables.get(part)?;
        let t = &view.table;
        let staff = part == Part::Staff;
        let before = self.errors();
        let ((c_label, label), (c_value, value)) = (view.at(Field::Label)?, view.at(Field::Value)?);
        let (label_h, value_h) = (label.header, value.header);
        let mut out = Vec::new();
        let mut total: Option<(f64, u32)> = None;
        let mut cr = self.reader(view.sheet);
        for &r in rows {
            let label = cr.text(r, c_label, label_h, label.required);
            if let Some(msg) = cr
                .written_unit(r, c_value)
                .and_then(|u| contradicts_column(&u, staff, value_h, &cr, r, c_value))
            {
                cr.report(codes::UNIT_CONTRADICTS_COLUMN, r, c_value, msg);
                continue;
            }
            let value = if staff {
                cr.integer(r, c_value, value_h, value.required, 0)
                    .map(|v| v as f64)
            } else {
                cr.non_negative(r, c_value, value_h, value.required)
            };
            match (label, value) {
                (Some(l), Some(v)) if matches!(normalize_key(&l).as_str(), "合計" | "計") => {
                    total = Some((v, r))
                }
                (Some(label), Some(value)) => out.push(Line { label, value }),
                _ => {}
            }
        }
        let sum: f64 = out.iter().map(|l| l.value).sum();
        if let Some((t, r)) = total {
            if (t - sum).abs() > 1e-6 {
                cr.report(
                    codes::TOTAL_MISMATCH,
                    r,
                    c_value,
                    format!("合計 {} が各行の和 {} と合いません。合計の行を直すか削除してください（削除しても合計は自動で計算します）", format_number(t), format_number(sum)),
                );
            }
        }
        if staff && !out.is_empty() && sum <= 0.0 {
            let p = Place::column(self.file, &view.sheet.name, value_h);
            self.problems.push(Problem::new(
                codes::STAFF_ZERO,
                p,
                "職員数の合計が 0 です。職員の人数を入力してください".to_string(),
            ));
        }
        if out.is_empty() && !rows.is_empty() && self.errors() == before {
            let p = Place::sheet(self.file, &view.sheet.name);
            self.problems.push(Problem::new(
                codes::NO_ROWS,
                p,
                format!(
                    "{}が合計の行しかありません。区分ごとの行を入力してください",
                    t.row_noun
                ),
            ));
        }
        (self.errors() == before && !out.is_empty()).then_some(out)
    }

    fn projects(&mut self, tables: &Tables, sections: Option<&[Section]>) -> Option<Vec<Project>> {
        let cols = tables.get(Part::Projects).map(|(v, _)| {
            [Field::No, Field::Name, Field::Section, Field::Description].map(|f| v.at(f))
        });
        let Some(
            [Some((c_no, no_h)), Some((c_name, name_h)), Some((c_sec, sec_h)), Some((c_desc, desc_h))],
        ) = cols
        else {
            // 個別事業 could not be read: its indicators are still checked, only not
            // matched to projects.
            self.indicators(tables, &mut [], None);
            return None;
        };
        let (view, rows) = tables.get(Part::Projects)?;
        let before = self.errors();
        let c_text = view.at(Field::IndicatorText);
        let sections_sheet = self.schema.table(Part::Sections).sheet;
        let section_names: Option<HashSet<&str>> =
            sections.map(|s| s.iter().map(|s| s.name.as_str()).collect());
        let mut projects: Vec<(Project, u32)> = Vec::new();
        // Numbers of every project row, also those with errors elsewhere: their
        // indicators must not be reported as belonging to no project.
        let mut seen: HashMap<i64, u32> = HashMap::new();
        let mut cr = self.reader(view.sheet);
        for &r in rows {
            let no = cr.integer(r, c_no, no_h.header, no_h.required, 1);
            let name = cr.text(r, c_name, name_h.header, name_h.required);
            let section = cr.text(r, c_sec, sec_h.header, sec_h.required);
            let desc = cr.text(r, c_desc, desc_h.header, desc_h.required);
            let text = c_text.and_then(|(c, h)| cr.text(r, c, h.header, h.required));
            unique_number(&mut cr, &mut seen, no, r, c_no, "事業番号");
            if let (Some(sec), Some(names)) = (&section, &section_names) {
                if !names.contains(sec.as_str()) {
                    let mut list: Vec<&str> = sections
                        .unwrap_or_default()
                        .iter()
                        .map(|s| s.name.as_str())
                        .take(5)
                        .collect();
                    if names.len() > 5 {
                        list.push("…");
                    }
                    cr.report(
                        codes::UNKNOWN_SECTION,
                        r,
                        c_sec,
                        format!(
                            "{}「{sec}」は「{sheet}」にありません（{}）。課名を選び直すか、「{sheet}」に追加してください",
                            sec_h.header,
                            list.join(", "),
                            sheet = sections_sheet
                        ),
                    );
                }
            }
            if let (Some(no), Some(name), Some(section), Some(desc)) = (no, name, section, desc) {
                let description = desc
                    .split('\n')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect();
                projects.push((
                    Project {
                        no: no as u32,
                        name,
                        section,
                        description,
                        indicator_text: text,
                        indicators: Vec::new(),
                    },
                    r,
                ));
            }
        }
        drop(cr);
        self.indicators(tables, &mut projects, Some(&seen));
        let mut projects: Vec<Project> = projects.into_iter().map(|(p, _)| p).collect();
        projects.sort_by_key(|p| p.no);
        (self.errors() == before && !rows.is_empty()).then_some(projects)
    }

    fn indicators(
        &mut self,
        tables: &Tables,
        projects: &mut [(Project, u32)],
        numbers: Option<&HashMap<i64, u32>>,
    ) {
        let Some((view, rows)) = tables.get(Part::Indicators) else {
            return;
        };
        let col = |f: Field| view.at(f);
        let (Some((c_no, no_h)), Some((c_name, name_h)), Some((c_target, target_h))) =
            (col(Field::No), col(Field::Name), col(Field::Target))
        else {
            return;
        };
        let (c_base, c_unit, c_dir, c_deadline, c_actual, c_status) = (
            col(Field::Baseline),
            col(Field::Unit),
            col(Field::Direction),
            col(Field::Deadline),
            col(Field::Actual),
            col(Field::Status),
        );
        let mut known: Vec<i64> = numbers
            .into_iter()
            .flat_map(|n| n.keys())
            .copied()
            .collect();
        known.sort();
        // Projects that at least one indicator row names, read or not (E214 is for
        // projects no row names at all).
        let mut named: HashSet<i64> = HashSet::new();
        let year = self.year;
        let projects_sheet = self.schema.table(Part::Projects).sheet;
        let mut cr = self.reader(view.sheet);
        for &r in rows {
            let no = cr.integer(r, c_no, no_h.header, no_h.required, 1);
            let name = cr.text(r, c_name, name_h.header, name_h.required);
            let mut unit = c_unit.and_then(|(c, h)| cr.text(r, c, h.header, h.required));
            let target = cr.quantity(
                r,
                c_target,
                target_h.header,
                target_h.required,
                unit.as_deref(),
            );
            let baseline =
                c_base.and_then(|(c, h)| cr.quantity(r, c, h.header, h.required, unit.as_deref()));
            let actual = c_actual
                .and_then(|(c, h)| cr.quantity(r, c, h.header, h.required, unit.as_deref()));
            let direction = match c_dir.and_then(|(c, h)| {
                cr.choice(r, c, h.header, schema::DIRECTIONS, codes::BAD_DIRECTION)
            }) {
                Some(Ok(d)) if d == Direction::Down.label() => Some(Direction::Down),
                Some(Err(())) => None,
                _ => Some(Direction::Up),
            };
            let status = match c_status
                .and_then(|(c, h)| cr.choice(r, c, h.header, schema::STATUSES, codes::BAD_STATUS))
            {
                Some(Ok(s)) => Some(Status::parse(&s)),
                Some(Err(())) => None,
                None => Some(None),
            };
            let deadline = c_deadline.and_then(|(c, h)| cr.deadline(r, c, h.header, year));
            // A unit carried by the target (`80%`) fills an empty 単位, and must agree with it.
            if let Some((_, Some(u), _)) = &target {
                match &unit {
                    None => unit = Some(u.clone()),
                    Some(given) if normalize_key(given) != normalize_key(u) => cr.report(
                        codes::UNIT_MISMATCH,
                        r,
                        c_target,
                        format!("目標値の単位「{u}」が単位欄「{given}」と違います。どちらかにそろえてください"),
                    ),
                    _ => {}
                }
            }
            let Some(no) = no else { continue };
            named.insert(no);
            let Some(numbers) = numbers else {
                continue; // 個別事業 could not be read
            };
            let Some(project) = projects.iter_mut().find(|(p, _)| p.no as i64 == no) else {
                if numbers.contains_key(&no) {
                    continue; // the project row has its own errors
                }
                let list = known
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                cr.report(
                    codes::UNKNOWN_PROJECT,
                    r,
                    c_no,
                    format!(
                        "{} {no} は「{projects_sheet}」にありません（番号: {list}）。{projects_sheet}の番号を入力してください",
                        no_h.header
                    ),
                );
                continue;
            };
            if let (Some(name), Some((target, _, target_approx)), Some(direction), Some(status)) =
                (name, target, direction, status)
            {
                project.0.indicators.push(Indicator {
                    name,
                    qualifiers: Qualifiers {
                        baseline: baseline.as_ref().and_then(|b| b.2),
                        target: target_approx,
                        actual: actual.as_ref().and_then(|a| a.2),
                    },
                    baseline: baseline.map(|b| b.0),
                    target,
                    unit: unit.unwrap_or_default(),
                    direction,
                    deadline,
                    actual: actual.map(|a| a.0),
                    status,
                });
            }
        }
        let c_proj_no = tables
            .get(Part::Projects)
            .and_then(|(v, _)| v.at(Field::No))
            .map_or(0, |(c, _)| c);
        let proj_sheet = tables
            .get(Part::Projects)
            .map(|(v, _)| v.sheet.name.clone())
            .unwrap_or_default();
        // Every project row with a number, also one with errors in other cells.
        let mut rows: Vec<(i64, u32)> = numbers
            .into_iter()
            .flatten()
            .map(|(&n, &r)| (n, r))
            .collect();
        rows.sort();
        for (no, r) in rows.into_iter().filter(|(n, _)| !named.contains(n)) {
            let name = projects
                .iter()
                .find(|(p, _)| p.no as i64 == no)
                .map(|(p, _)| format!("「{}」", p.name))
                .unwrap_or_default();
            self.problems.push(Problem::new(
                codes::PROJECT_WITHOUT_INDICATOR,
                Place::cell(self.file, &proj_sheet, r, c_proj_no),
                format!(
                    "事業 {no}{name}の目標指標がありません。「{}」シートに{} {no} の行を1行以上入力してください",
                    view.table.sheet,
                    no_h.header
                ),
            ));
        }
    }

    /// Columns the model does not read (a [`Field`]-less column of the schema): each
    /// cell checked by the column's kind.
    fn other_columns(&mut self, tables: &Tables) {
        for (view, rows) in &tables.views {
            for column in view.table.columns.iter().filter(|c| c.field.is_none()) {
                let Some(c) = view.col(column.header) else {
                    continue;
                };
                let (what, required) = (column.header, column.required);
                let mut cr = self.reader(view.sheet);
                for &r in rows {
                    let choices = match column.kind {
                        Kind::Text | Kind::Section => {
                            cr.text(r, c, what, required);
                            continue;
                        }
                        Kind::Serial | Kind::Count => {
                            let min = if column.kind == Kind::Serial { 1 } else { 0 };
                            cr.integer(r, c, what, required, min);
                            continue;
                        }
                        Kind::Amount => {
                            cr.non_negative(r, c, what, required);
                            continue;
                        }
                        Kind::Mixed => {
                            cr.quantity(r, c, what, required, None);
                            continue;
                        }
                        Kind::Direction => (schema::DIRECTIONS, codes::BAD_DIRECTION),
                        Kind::Status => (schema::STATUSES, codes::BAD_STATUS),
                    };
                    if required && view.sheet.get(r, c).is_empty() {
                        cr.text(r, c, what, true); // reports the empty cell
                    } else {
                        cr.choice(r, c, what, choices.0, choices.1);
                    }
                }
            }
        }
    }
}
