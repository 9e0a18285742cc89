//! Writes the department workbook (the input contract, `department-workbook.md`):
//! blank templates for a department to fill in, and workbooks pre-filled from a
//! [`Draft`] (next year's template from this year's content, synthetic samples).
//!
//! Everything the contract names (sheets and their notes, headers, keys, allowed
//! values, each column's kind, help and example) comes from a [`Schema`] (the
//! built-in one unless a caller passes another), so the template and the checker
//! cannot drift apart. The formats and print setup are the [xlsx kit](crate::xlsx).
//!
//! The workbook is made to be filled in by hand in Excel or LibreOffice:
//! - 記入方法 first, explaining every sheet and field with an example;
//! - header rows bold, shaded, frozen and locked; the sheets protected without a
//!   password, with the input area unlocked and rows insertable;
//! - drop-down lists for 担当課, 方向 and 達成状況, number checks for 番号, 人数 and 金額,
//!   and each column's help text as the input message of its cells.
//!
//! Output is byte-identical for identical inputs (the creation date is an option,
//! not the clock), and files are written atomically.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, Formula,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use unicode_normalization::UnicodeNormalization;

use crate::draft::{
    BudgetDraft, Draft, DraftValue, IndicatorDraft, ProjectDraft, SectionDraft, StaffDraft,
};
use crate::model::{Department, FiscalYear, Quantity};
use crate::schema::{self, BasicField, Field, Kind, Part, Schema, Table, HEADLINE_MAX};
use crate::xlsx::widths::{auto_width, column_width, MAX_WIDTH};
use crate::xlsx::{clip, properties, InputFormats, Print, RowHeights};

/// The workbook's document title (ファイル → 情報 → タイトル).
pub const TITLE: &str = "「各部の運営方針と目標」入力用ワークブック";

/// Last row (1-based) that data validations cover in an empty table; a pre-filled one
/// gets at least 200 rows below its data.
pub(crate) const INPUT_ROWS: u32 = 500;

/// The header row of 基本情報. The contract defines it (「a first row 項目 | 内容 is a
/// header and skipped」) but `schema` has no constant for it.
const BASIC_HEADER: [&str; 2] = ["項目", "内容"];

/// How to write a workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateOptions {
    /// Fiscal year (the Western year it starts in); a blank template pre-fills 年度
    /// with it as 和暦 (`令和8年度`).
    pub year: i32,
    /// 部名 pre-filled in a blank template; may be empty.
    pub department: String,
    /// Creation time written in the document properties, in seconds since the Unix
    /// epoch: the caller takes it from `SOURCE_DATE_EPOCH`
    /// ([`crate::output::timestamp_or`]). Never the clock, so identical inputs give
    /// byte-identical files.
    pub created: i64,
}

impl TemplateOptions {
    /// Options for fiscal year `year`: no department name, created on 1 April of the
    /// year (the project's default date when `SOURCE_DATE_EPOCH` is not set).
    ///
    /// ```
    /// use hoshin::output::{fiscal_year_start, timestamp_or};
    /// let mut opts = hoshin::template::TemplateOptions::new(2026);
    /// assert_eq!(opts.created, fiscal_year_start(2026));
    /// opts.created = timestamp_or(fiscal_year_start(2026));
    /// ```
    pub fn new(year: i32) -> Self {
        TemplateOptions {
            year,
            department: String::new(),
            created: crate::output::fiscal_year_start(year),
        }
    }
}

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("ワークブックを作成できません: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("{}: 書き込めません: {}", path.display(), crate::diag::os_error(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Writes one workbook to `path`: pre-filled from `draft`, or blank when it is `None`.
///
/// The file is written to a hidden temporary file in the same folder and renamed over
/// `path`, so a reader never sees half a workbook.
///
/// ```
/// use hoshin::template::{write_workbook, TemplateOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let mut opts = TemplateOptions::new(2026);
/// opts.department = "企画部".into();
/// write_workbook(&dir.path().join("企画部.xlsx"), None, &opts).unwrap();
/// ```
pub fn write_workbook(
    path: &Path,
    draft: Option<&Draft>,
    opts: &TemplateOptions,
) -> Result<(), TemplateError> {
    let bytes = workbook_bytes(draft, opts)?;
    crate::output::write_atomic(path, &bytes).map_err(|source| TemplateError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `<部名>.xlsx` for every draft into `dir` (created if missing) and returns the
/// paths, in the order of `drafts`. File names are made safe with [`file_names`].
///
/// ```
/// use hoshin::{sample, template};
/// let dir = tempfile::tempdir().unwrap();
/// let drafts = sample::generate(2, 3, 7, 2026);
/// let paths = template::write_all(dir.path(), &drafts, &template::TemplateOptions::new(2026)).unwrap();
/// assert_eq!(paths.len(), 2);
/// ```
pub fn write_all(
    dir: &Path,
    drafts: &[Draft],
    opts: &TemplateOptions,
) -> Result<Vec<PathBuf>, TemplateError> {
    fs::create_dir_all(dir).map_err(|source| TemplateError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let names = file_names(drafts.iter().map(|d| d.name.as_str()));
    drafts
        .par_iter()
        .zip(names)
        .map(|(draft, name)| {
            let path = dir.join(name);
            write_workbook(&path, Some(draft), opts)?;
            Ok(path)
        })
        .collect()
}

/// Writes a blank template `<部名>.xlsx` for every name in `departments` into `dir`
/// (created if missing), 部名 and 年度 pre-filled; returns the paths in order.
///
/// ```
/// use hoshin::template::{write_blanks, TemplateOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let paths = write_blanks(dir.path(), &["企画部", "総務部"], &TemplateOptions::new(2026)).unwrap();
/// assert!(paths[1].ends_with("総務部.xlsx"));
/// ```
pub fn write_blanks(
    dir: &Path,
    departments: &[impl AsRef<str> + Sync],
    opts: &TemplateOptions,
) -> Result<Vec<PathBuf>, TemplateError> {
    fs::create_dir_all(dir).map_err(|source| TemplateError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let names = file_names(departments.iter().map(AsRef::as_ref));
    departments
        .par_iter()
        .zip(names)
        .map(|(department, name)| {
            let path = dir.join(name);
            let opts = TemplateOptions {
                department: department.as_ref().to_string(),
                ..opts.clone()
            };
            write_workbook(&path, None, &opts)?;
            Ok(path)
        })
        .collect()
}

/// The workbook as the bytes of an `.xlsx` file (what [`write_workbook`] writes).
///
/// ```
/// let bytes = hoshin::template::workbook_bytes(None, &hoshin::template::TemplateOptions::new(2026)).unwrap();
/// assert!(bytes.starts_with(b"PK"));
/// ```
pub fn workbook_bytes(
    draft: Option<&Draft>,
    opts: &TemplateOptions,
) -> Result<Vec<u8>, TemplateError> {
    workbook_bytes_with(&Schema::builtin(), draft, opts)
}

/// [`workbook_bytes`] for another contract than the built-in one.
pub(crate) fn workbook_bytes_with(
    schema: &Schema,
    draft: Option<&Draft>,
    opts: &TemplateOptions,
) -> Result<Vec<u8>, TemplateError> {
    Ok(crate::output::xlsx_bytes(&mut build(schema, draft, opts)?)?)
}

// ---------------------------------------------------------------------------------
// File names

/// A file stem for 部名 `name` that is safe on Windows, macOS and Linux: path
/// separators, Windows-reserved characters `\/:*?"<>|` and control characters become
/// `_`, leading/trailing dots and white space are trimmed, Windows device names (CON,
/// NUL, COM1, …) get a leading `_`, and an empty result becomes `部名未設定`.
///
/// ```
/// use hoshin::template::safe_file_stem;
/// assert_eq!(safe_file_stem("企画部"), "企画部");
/// assert_eq!(safe_file_stem("../総務/部"), "_総務_部");
/// assert_eq!(safe_file_stem(" 市民部. "), "市民部");
/// ```
pub fn safe_file_stem(name: &str) -> String {
    // In bytes: file systems count UTF-8 bytes (255 at most), and the stem still takes
    // an extension, a `_2` suffix and the temporary's `.` + `.PID.hoshin-tmp`.
    const MAX_BYTES: usize = 200;
    let replaced: String = name
        .nfc()
        .map(|c| {
            // `#` and `%` too: the name is also a link of the web edition.
            if c.is_control() || "\\/:*?\"<>|#%".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = replaced.trim_matches(|c: char| c == '.' || c.is_whitespace());
    let mut stem = trimmed.to_string();
    let mut cut = MAX_BYTES.min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    stem.truncate(cut);
    // Truncation can leave a trailing dot or space again.
    let end = stem
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
        .len();
    stem.truncate(end);
    if stem.is_empty() {
        return "部名未設定".to_string();
    }
    let base = stem.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit());
    if reserved {
        stem.insert(0, '_');
    }
    stem
}

/// File names (`<stem>.xlsx`) for 部名s, in order: [`safe_file_stem`] of each, with
/// `_2`, `_3`, … added where two names would give the same file (compared ignoring
/// case and Unicode normalization, as Windows and macOS do).
///
/// ```
/// use hoshin::template::file_names;
/// assert_eq!(
///     file_names(["企画部", "企画部", "a/b", "a:b"]),
///     ["企画部.xlsx", "企画部_2.xlsx", "a_b.xlsx", "a_b_2.xlsx"]
/// );
/// ```
pub fn file_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    unique_file_names(names, "xlsx")
}

/// [`file_names`] with another extension (`html` for the web edition).
pub(crate) fn unique_file_names<'a>(
    names: impl IntoIterator<Item = &'a str>,
    ext: &str,
) -> Vec<String> {
    unique_file_names_reserving(names, ext, &[])
}

/// As [`unique_file_names`], none of them taking a `reserved` stem (a fixed file of
/// the same folder, such as the site's `index`).
pub(crate) fn unique_file_names_reserving<'a>(
    names: impl IntoIterator<Item = &'a str>,
    ext: &str,
    reserved: &[&str],
) -> Vec<String> {
    let key = |s: &str| s.nfc().collect::<String>().to_lowercase();
    let stems: Vec<String> = names.into_iter().map(safe_file_stem).collect();
    // A suffixed name must not take the natural name of a later department either.
    let natural: HashSet<String> = stems.iter().map(|s| key(s)).collect();
    let mut used: HashSet<String> = reserved.iter().map(|s| key(s)).collect();
    stems
        .into_iter()
        .map(|stem| {
            let mut chosen = stem.clone();
            if used.contains(&key(&chosen)) {
                chosen = (2..)
                    .map(|n| format!("{stem}_{n}"))
                    .find(|c| !used.contains(&key(c)) && !natural.contains(&key(c)))
                    .expect("an unused suffix exists");
            }
            used.insert(key(&chosen));
            format!("{chosen}.{ext}")
        })
        .collect()
}

/// `hoshin.toml` for next year's folder: the text of this year's, with this year's
/// 年度 (`令和7年度`, `R7`, `2025年度`) advanced wherever it appears (e.g. in `title`).
///
/// ```
/// use hoshin::model::FiscalYear;
/// let t = "title = \"令和7年度 各部の運営方針と目標\"\ncity = \"三鷹市\"\n";
/// assert_eq!(
///     hoshin::template::next_year_config(t, FiscalYear(2025)),
///     "title = \"令和8年度 各部の運営方針と目標\"\ncity = \"三鷹市\"\n"
/// );
/// ```
pub fn next_year_config(text: &str, year: FiscalYear) -> String {
    let next = year.next();
    text.replace(&year.wareki(), &next.wareki())
        .replace(&format!("{}年度", year.0), &format!("{}年度", next.0))
}

/// [`next_year_config`] of the file at `path`; the error is the message to show.
pub fn next_year_config_file(path: &Path, year: FiscalYear) -> Result<String, String> {
    let text = fs::read_to_string(path).map_err(|e| {
        format!(
            "設定ファイル {} を読めません: {}",
            path.display(),
            crate::diag::os_error(&e)
        )
    })?;
    Ok(next_year_config(&text, year))
}

/// Next year's draft from this year's: 年度 + 1 (written in 和暦; left as it is if it
/// cannot be read), every 実績値 and 達成状況 cleared. Everything else is kept for the
/// department to revise.
///
/// ```
/// use hoshin::draft::Draft;
/// let d = Draft { year: "令和7年度".into(), ..Draft::default() };
/// assert_eq!(hoshin::template::next_year(&d).year, "令和8年度");
/// ```
pub fn next_year(draft: &Draft) -> Draft {
    let mut next = draft.clone();
    if let Some(y) = FiscalYear::parse(&draft.year) {
        next.year = y.next().wareki();
    }
    for indicator in next
        .projects
        .iter_mut()
        .flat_map(|p| p.indicators.iter_mut())
    {
        indicator.actual = None;
        indicator.status.clear();
    }
    next
}

/// This year's checked department as a draft, to pre-fill next year's template
/// (`template --from`); combine with [`next_year`]. 方向 is written out (上昇 too),
/// numbers stay numbers and 事業内容 paragraphs are joined with line breaks.
///
/// ```no_run
/// # let outcome: hoshin::check::Outcome = unimplemented!();
/// use hoshin::template::{draft_from, next_year};
/// let drafts: Vec<_> = outcome.departments.iter().map(|d| next_year(&draft_from(d))).collect();
/// ```
pub fn draft_from(d: &Department) -> Draft {
    let value = |q: &Quantity| match q {
        Quantity::Number(n) => DraftValue::Number(*n),
        Quantity::Text(t) => DraftValue::Text(t.clone()),
    };
    Draft {
        year: d.year.wareki(),
        name: d.name.clone(),
        headline: d.headline.clone(),
        order: d.order,
        head: d.head.clone().unwrap_or_default(),
        contact: d.contact.clone().unwrap_or_default(),
        mission: d.mission.iter().map(|m| m.text.clone()).collect(),
        sections: d
            .sections
            .iter()
            .map(|s| SectionDraft {
                name: s.name.clone(),
                role: s.role.clone(),
            })
            .collect(),
        staff: d
            .staff
            .iter()
            .map(|l| StaffDraft {
                category: l.label.clone(),
                count: l.value.round().max(0.0) as u32,
            })
            .collect(),
        budget: d
            .budget
            .iter()
            .map(|l| BudgetDraft {
                account: l.label.clone(),
                amount: l.value,
            })
            .collect(),
        policies: d.policies.iter().map(|p| p.text.clone()).collect(),
        projects: d
            .projects
            .iter()
            .map(|p| ProjectDraft {
                no: p.no,
                name: p.name.clone(),
                section: p.section.clone(),
                description: p.description.join("\n"),
                indicator_text: p.indicator_text.clone().unwrap_or_default(),
                indicators: p
                    .indicators
                    .iter()
                    .map(|i| IndicatorDraft {
                        name: i.name.clone(),
                        baseline: i.baseline.as_ref().map(value),
                        target: value(&i.target),
                        unit: i.unit.clone(),
                        direction: i.direction.label().to_string(),
                        deadline: i
                            .deadline
                            .as_ref()
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        actual: i.actual.as_ref().map(value),
                        status: i.status.map(|s| s.label().to_string()).unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------
// The workbook

/// A cell value to write.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Blank,
    Text(String),
    Number(f64),
}

impl Value {
    fn text(s: &str) -> Value {
        if s.is_empty() {
            Value::Blank
        } else {
            Value::Text(s.to_string())
        }
    }

    fn number(n: impl Into<f64>) -> Value {
        Value::Number(n.into())
    }

    fn from_draft(v: &DraftValue) -> Value {
        match v {
            DraftValue::Number(n) => Value::Number(*n),
            DraftValue::Text(s) => Value::text(s),
        }
    }

    fn from_optional(v: &Option<DraftValue>) -> Value {
        v.as_ref().map_or(Value::Blank, Value::from_draft)
    }

    /// The text the cell shows, for column widths.
    fn shown(&self) -> String {
        match self {
            Value::Blank => String::new(),
            Value::Text(s) => s.clone(),
            Value::Number(n) => group_thousands(*n),
        }
    }
}

/// `1234567.5` → `1,234,567.5`, close to what `#,##0` shows.
fn group_thousands(n: f64) -> String {
    let s = format!("{n}");
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::from(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// The rows of `table` from a draft, each in the table's column order; a column
/// without a [`Field`] the draft has is blank.
fn table_rows(table: &Table, d: &Draft) -> Vec<Vec<Value>> {
    let numbered = |items: &[String]| -> Vec<Vec<(Field, Value)>> {
        items
            .iter()
            .enumerate()
            .map(|(i, s)| {
                vec![
                    (Field::No, Value::number(i as u32 + 1)),
                    (Field::Text, Value::text(s)),
                ]
            })
            .collect()
    };
    let rows: Vec<Vec<(Field, Value)>> = match table.part {
        Part::Mission => numbered(&d.mission),
        Part::Policies => numbered(&d.policies),
        Part::Sections => d
            .sections
            .iter()
            .map(|s| {
                vec![
                    (Field::Name, Value::text(&s.name)),
                    (Field::Role, Value::text(&s.role)),
                ]
            })
            .collect(),
        Part::Staff => d
            .staff
            .iter()
            .map(|s| {
                vec![
                    (Field::Label, Value::text(&s.category)),
                    (Field::Value, Value::number(s.count)),
                ]
            })
            .collect(),
        Part::Budget => d
            .budget
            .iter()
            .map(|b| {
                vec![
                    (Field::Label, Value::text(&b.account)),
                    (Field::Value, Value::number(b.amount)),
                ]
            })
            .collect(),
        Part::Projects => d
            .projects
            .iter()
            .map(|p| {
                vec![
                    (Field::No, Value::number(p.no)),
                    (Field::Name, Value::text(&p.name)),
                    (Field::Section, Value::text(&p.section)),
                    (Field::Description, Value::text(&p.description)),
                    (Field::IndicatorText, Value::text(&p.indicator_text)),
                ]
            })
            .collect(),
        Part::Indicators => d
            .projects
            .iter()
            .flat_map(|p| p.indicators.iter().map(move |i| (p.no, i)))
            .map(|(no, i)| {
                vec![
                    (Field::No, Value::number(no)),
                    (Field::Name, Value::text(&i.name)),
                    (Field::Baseline, Value::from_optional(&i.baseline)),
                    (Field::Target, Value::from_draft(&i.target)),
                    (Field::Unit, Value::text(&i.unit)),
                    (Field::Direction, Value::text(&i.direction)),
                    (Field::Deadline, Value::text(&i.deadline)),
                    (Field::Actual, Value::from_optional(&i.actual)),
                    (Field::Status, Value::text(&i.status)),
                ]
            })
            .collect(),
    };
    rows.into_iter()
        .map(|row| {
            table
                .columns
                .iter()
                .map(|c| {
                    row.iter()
                        .find(|(f, _)| Some(*f) == c.field)
                        .map_or(Value::Blank, |(_, v)| v.clone())
                })
                .collect()
        })
        .collect()
}

/// The 内容 of each key of `keys`, in order.
fn basic_values(
    keys: &[schema::BasicKey],
    draft: Option<&Draft>,
    opts: &TemplateOptions,
) -> Vec<Value> {
    keys.iter()
        .map(|k| match (draft, k.field) {
            (Some(d), BasicField::Year) => Value::text(&d.year),
            (Some(d), BasicField::Name) => Value::text(&d.name),
            (Some(d), BasicField::Headline) => Value::text(&d.headline),
            (Some(d), BasicField::Order) => d.order.map_or(Value::Blank, Value::number),
            (Some(d), BasicField::Head) => Value::text(&d.head),
            (Some(d), BasicField::Contact) => Value::text(&d.contact),
            (None, BasicField::Year) => Value::Text(FiscalYear(opts.year).wareki()),
            (None, BasicField::Name) => Value::text(&opts.department),
            (None, _) => Value::Blank,
        })
        .collect()
}

/// The input format of a column of `kind`.
fn input(f: &InputFormats, kind: Kind) -> &Format {
    match kind {
        Kind::Text | Kind::Section | Kind::Direction | Kind::Status => &f.text,
        Kind::Mixed => &f.mixed,
        Kind::Serial | Kind::Count => &f.integer,
        Kind::Amount => &f.amount,
    }
}

fn build(
    schema: &Schema,
    draft: Option<&Draft>,
    opts: &TemplateOptions,
) -> Result<Workbook, XlsxError> {
    let f = InputFormats::new();
    let mut wb = Workbook::new();

    let mut props = properties(TITLE, "hoshin", opts.created)?;
    let (year, name) = match draft {
        Some(d) => (d.year.clone(), d.name.clone()),
        None => (FiscalYear(opts.year).wareki(), opts.department.clone()),
    };
    let subject = format!("{name} {year}").trim().to_string();
    if !subject.is_empty() {
        props = props.set_subject(subject);
    }
    wb.set_properties(&props);

    write_help_sheet(wb.add_worksheet(), &f, schema, opts)?;
    write_basic_sheet(wb.add_worksheet(), &f, schema, draft, opts)?;
    for table in &schema.tables {
        let rows = draft.map(|d| table_rows(table, d)).unwrap_or_default();
        write_table_sheet(wb.add_worksheet(), &f, schema, table, &rows, draft)?;
    }
    Ok(wb)
}

/// Row heights of wrapped text.
const ROWS: RowHeights = RowHeights::INPUT;

/// A4 landscape, one page wide, with gridlines and the header row on every page:
/// the sheets get printed for review meetings.
const PRINT: Print = Print {
    landscape: true,
    repeat: Some((0, 0)),
    gridlines: true,
    footer: None,
};

/// What a user may still do on a protected data sheet.
///
/// Excel deletes a whole row of a protected sheet only if every cell of the row is
/// unlocked; only the table's columns are (unlocking all 16,384 columns makes
/// rust_xlsxwriter ~30 times slower), so in Excel a department clears a row rather
/// than deleting it: fully blank rows are skipped when reading.
fn data_protection() -> ProtectionOptions {
    ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::new()
    }
}

/// An input message (the column's help) with the validation's error texts.
fn with_messages(
    dv: DataValidation,
    title: &str,
    help: &str,
    error: Option<&str>,
) -> Result<DataValidation, XlsxError> {
    let dv = dv
        .set_input_title(clip(title, 32))?
        .set_input_message(clip(help, 255))?;
    match error {
        Some(e) => dv
            .set_error_title(clip(&format!("{title}が正しくありません"), 32))?
            .set_error_message(clip(e, 255)),
        None => Ok(dv),
    }
}

/// The validation for a column of `kind`, or `None` where only the help is shown.
fn validation(
    schema: &Schema,
    kind: Kind,
    header: &str,
    help: &str,
    draft: Option<&Draft>,
) -> Result<DataValidation, XlsxError> {
    let new = DataValidation::new();
    let (dv, error) = match kind {
        Kind::Serial => (
            new.allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(1)),
            "1以上の整数（1、2、3 …）を数字で入力してください。".to_string(),
        ),
        Kind::Count => (
            new.allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
            "0以上の整数を数字で入力してください。".to_string(),
        ),
        Kind::Amount => (
            new.allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            "0以上の数値（千円単位）を数字で入力してください。".to_string(),
        ),
        Kind::Direction => (
            new.allow_list_strings(schema::DIRECTIONS)?,
            format!(
                "{} のどちらかを選んでください。",
                schema::DIRECTIONS.join("、")
            ),
        ),
        Kind::Status => (
            new.allow_list_strings(schema::STATUSES)?,
            format!(
                "{} のいずれかを選んでください。",
                schema::STATUSES.join("、")
            ),
        ),
        Kind::Section => return section_validation(schema, header, help, draft),
        Kind::Text | Kind::Mixed => {
            return with_messages(new.allow_any_value(), header, help, None);
        }
    };
    with_messages(dv, header, help, Some(&error))
}

/// 担当課: the draft's 課名 as a fixed list (a warning, since a 課 may be added later),
/// or a list that refers to the 課名 column of 各課の役割.
fn section_validation(
    schema: &Schema,
    header: &str,
    help: &str,
    draft: Option<&Draft>,
) -> Result<DataValidation, XlsxError> {
    let sections = schema.table(Part::Sections);
    let sheet = sections.sheet;
    let (name_col, name) = sections
        .field(Field::Name)
        .expect("the sections table has a 課名 column");
    let name_header = name.header;
    let col = crate::xlsx::column_letter(name_col as u32);
    let names: Vec<&str> = draft
        .map(|d| d.sections.iter().map(|s| s.name.as_str()).collect())
        .unwrap_or_default();
    // A fixed list cannot hold a comma and is limited to 255 characters.
    let fixed = !names.is_empty()
        && names
            .iter()
            .all(|n| !n.is_empty() && !n.contains([',', '"']))
        && names
            .iter()
            .map(|n| n.encode_utf16().count() + 1)
            .sum::<usize>()
            <= 256;
    if fixed {
        let error = format!(
            "「{sheet}」シートにない{name_header}です。課を追加したときは「{sheet}」にも書いてください。"
        );
        let dv = DataValidation::new()
            .allow_list_strings(&names)?
            .set_error_style(DataValidationErrorStyle::Warning);
        with_messages(dv, header, help, Some(&error))
    } else {
        let last = (names.len() as u32 + 1 + 200).max(200);
        let formula = format!("='{sheet}'!${col}$2:${col}${last}");
        let error = format!("「{sheet}」シートの{name_header}から選んでください。");
        let dv = DataValidation::new().allow_list_formula(Formula::new(formula));
        with_messages(dv, header, help, Some(&error))
    }
}

fn write_table_sheet(
    ws: &mut Worksheet,
    f: &InputFormats,
    schema: &Schema,
    table: &Table,
    rows: &[Vec<Value>],
    draft: Option<&Draft>,
) -> Result<(), XlsxError> {
    ws.set_name(table.sheet)?;
    // Validations reach well below the data, for rows the department adds.
    let last_row = (rows.len() as u32 + 200).max(INPUT_ROWS - 1);
    let mut widths = Vec::with_capacity(table.columns.len());

    for (c, column) in table.columns.iter().enumerate() {
        let col = c as u16;
        let kind = column.kind;
        let input = input(f, kind);
        ws.set_column_format(col, input)?;

        let shown: Vec<String> = rows.iter().map(|r| r[c].shown()).collect();
        let min = column
            .width
            .max(column_width([column.header], 0.0, MAX_WIDTH));
        let width = column_width(shown.iter().map(String::as_str), min, min.max(MAX_WIDTH));
        ws.set_column_width(col, width)?;
        widths.push(width);

        ws.write_string_with_format(0, col, column.header, &f.header)?;
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            match &row[c] {
                Value::Blank => {}
                // write_string: a text starting with = stays a text, never a formula.
                Value::Text(s) => {
                    ws.write_string_with_format(r, col, s, input)?;
                }
                Value::Number(n) if kind == Kind::Amount && n.fract() != 0.0 => {
                    ws.write_number_with_format(r, col, *n, &f.amount_fraction)?;
                }
                Value::Number(n) if kind == Kind::Mixed && n.fract() == 0.0 => {
                    ws.write_number_with_format(r, col, *n, &f.mixed_integer)?;
                }
                Value::Number(n) => {
                    ws.write_number_with_format(r, col, *n, input)?;
                }
            }
        }

        let help = format!("{}（例: {}）", column.help, column.example);
        let dv = validation(schema, kind, column.header, &help, draft)?;
        ws.add_data_validation(1, col, last_row, col, &dv)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let texts = row.iter().map(|v| match v {
            Value::Text(s) => s.as_str(),
            _ => "",
        });
        ROWS.fit(ws, r as u32 + 1, texts.zip(widths.iter().copied()))?;
    }
    ws.set_freeze_panes(1, 0)?;
    PRINT.apply(ws)?;
    ws.protect_with_options(&data_protection());
    Ok(())
}

fn write_basic_sheet(
    ws: &mut Worksheet,
    f: &InputFormats,
    schema: &Schema,
    draft: Option<&Draft>,
    opts: &TemplateOptions,
) -> Result<(), XlsxError> {
    ws.set_name(schema::BASIC_SHEET)?;
    let keys = schema.basic_keys;
    let values = basic_values(keys, draft, opts);

    let shown: Vec<String> = values.iter().map(Value::shown).collect();
    let widths = [
        auto_width(keys.iter().map(|k| k.key).chain([BASIC_HEADER[0]])),
        column_width(shown.iter().map(String::as_str), 60.0, 100.0),
    ];
    ws.set_column_width(0, widths[0])?;
    ws.set_column_width(1, widths[1])?;
    ws.set_column_format(1, &f.basic)?;

    for (c, h) in BASIC_HEADER.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.header)?;
    }
    for (i, (key, value)) in keys.iter().zip(&values).enumerate() {
        let r = i as u32 + 1;
        ws.write_string_with_format(r, 0, key.key, &f.label)?;
        ROWS.fit(ws, r, [key.key, shown[i].as_str()].into_iter().zip(widths))?;
        match value {
            Value::Blank => {}
            Value::Text(s) => {
                ws.write_string_with_format(r, 1, s, &f.basic)?;
            }
            Value::Number(n) => {
                ws.write_number_with_format(r, 1, *n, &f.basic)?;
            }
        }
        let help = format!("{}（例: {}）", key.help, key.example);
        let dv = match key.field {
            BasicField::Order => with_messages(
                DataValidation::new()
                    .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(1)),
                key.key,
                &help,
                Some("1以上の整数を数字で入力してください。"),
            )?,
            BasicField::Headline => with_messages(
                DataValidation::new()
                    .allow_text_length(DataValidationRule::LessThanOrEqualTo(HEADLINE_MAX))
                    .set_error_style(DataValidationErrorStyle::Warning),
                key.key,
                &help,
                Some(&format!(
                    "{HEADLINE_MAX}字以内にしてください（広報の見出しになります）。"
                )),
            )?,
            _ => with_messages(
                DataValidation::new().allow_any_value(),
                key.key,
                &help,
                None,
            )?,
        };
        ws.add_data_validation(r, 1, r, 1, &dv)?;
    }

    ws.set_freeze_panes(1, 0)?;
    PRINT.apply(ws)?;
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    };
    ws.protect_with_options(&options);
    Ok(())
}

fn write_help_sheet(
    ws: &mut Worksheet,
    f: &InputFormats,
    schema: &Schema,
    opts: &TemplateOptions,
) -> Result<(), XlsxError> {
    ws.set_name(schema::HELP_SHEET)?;
    let mut rows: Vec<[String; 4]> = Vec::new();
    let mut header_rows = Vec::new();
    let mut title_rows = Vec::new();
    let row = |a: &str, b: &str, c: &str, d: &str| [a, b, c, d].map(str::to_string);

    let sheets: Vec<&str> = schema.sheets().collect();
    let quoted = |s: &[&str]| {
        s.iter()
            .map(|s| format!("「{s}」"))
            .collect::<Vec<_>>()
            .join("")
    };
    let intro = format!(
        "このワークブックに部の「運営方針と目標」を記入し、企画経営室に提出してください。シートは{}です。",
        quoted(&sheets)
    );

    title_rows.push(rows.len());
    rows.push(row("全体の決まり", "", "", ""));
    header_rows.push(rows.len());
    rows.push(row("項目", "", "説明", "記入例"));
    let this_year = FiscalYear(opts.year).wareki();
    // The rules name the contract's headers.
    let indicators = schema.table(Part::Indicators);
    let header = |f: Field| indicators.field(f).map_or("", |(_, c)| c.header);
    let year_key = schema
        .basic_keys
        .iter()
        .find(|k| k.field == BasicField::Year)
        .map_or("", |k| k.key);
    let short_year = FiscalYear(opts.year).short();
    let rules: Vec<[String; 4]> = vec![
        row(
            "シートと見出し",
            "",
            "シート名と1行目の見出しは変えないでください。列の順番は入れ替えてもかまいません。行は追加できます。不要になった行は内容を消せば読み飛ばします。見出しの上に表題の行を入れてもかまいません。",
            "",
        ),
        row(
            year_key,
            "",
            &format!(
                "「{}」の年度は 平成15年度、令和元年度、{this_year}、{short_year}、{y}、{y}年度 のどの形でも書けます（全角数字も可）。すべての部で同じ年度にします。",
                schema::BASIC_SHEET,
                y = opts.year
            ),
            &this_year,
        ),
        row(
            "数値",
            "",
            "半角・全角の数字、カンマ区切り（330,000）、小数（1.5）、単位付き（80%、120件）のどれでも書けます。負の数は ▲20 とも書けます。漢数字（十二）は数値として読めないので、数字で書いてください。",
            "330,000",
        ),
        row(
            header(Field::Direction),
            "",
            &format!(
                "{}。空欄は{}（高いほどよい）です。",
                schema::DIRECTIONS.join(" または "),
                schema::DIRECTIONS[0]
            ),
            schema::DIRECTIONS[0],
        ),
        row(
            header(Field::Status),
            "",
            &format!(
                "年度末に {} のいずれかを記入します（一覧から選べます）。",
                schema::STATUSES.join("、")
            ),
            schema::STATUSES[0],
        ),
        row(
            "合計の行",
            "",
            &format!(
                "「{}」と「{}」に合計の行は不要です。書いた場合は各行の和と照合します。",
                schema.table(Part::Staff).sheet,
                schema.table(Part::Budget).sheet
            ),
            "",
        ),
        row(
            "セル内の改行",
            "",
            "Alt+Enter でセル内改行できます。事業内容の改行は段落の区切りになります。",
            "",
        ),
        row(
            "使えない文字",
            "",
            "〃（同上）、機種依存文字、制御文字は使わないでください。上と同じ内容でも文字で書きます。",
            "",
        ),
        row(
            "シートの保護",
            "",
            "見出しの行は誤って消さないよう保護しています（パスワードなし）。入力欄は自由に編集できます。",
            "",
        ),
    ];
    rows.extend(rules);

    for sheet in &sheets {
        rows.push(row("", "", "", ""));
        title_rows.push(rows.len());
        rows.push(row(&format!("シート「{sheet}」"), "", "", ""));
        let table = schema.tables.iter().find(|t| t.sheet == *sheet);
        let note = match table {
            Some(t) => format!("{}{}を1行以上書きます。", t.note, t.row_noun),
            None => schema::BASIC_NOTE.to_string(),
        };
        rows.push(row("", "", &note, ""));
        header_rows.push(rows.len());
        rows.push(row("項目", "必須", "説明", "記入例"));
        let required = |r: bool| if r { "必須" } else { "" };
        match table {
            Some(t) => {
                for c in t.columns {
                    rows.push(row(c.header, required(c.required), c.help, c.example));
                }
            }
            None => {
                for k in schema.basic_keys {
                    rows.push(row(k.key, required(k.required), k.help, k.example));
                }
            }
        }
    }

    let body = |c: usize| {
        rows.iter()
            .enumerate()
            .filter(|(i, _)| !title_rows.contains(i))
            .map(move |(_, r)| r[c].as_str())
    };
    let widths = [
        column_width(body(0), 10.0, 24.0),
        6.0,
        70.0,
        column_width(body(3), 12.0, 40.0),
    ];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }

    ws.write_string_with_format(0, 0, format!("{TITLE} 記入方法"), &f.title)?;
    ws.write_string(1, 0, &intro)?;
    let first = 3u32;
    let subtitle = f.title.clone().set_font_size(12);
    for (i, cells) in rows.iter().enumerate() {
        let r = first + i as u32;
        if title_rows.contains(&i) {
            ws.write_string_with_format(r, 0, &cells[0], &subtitle)?;
            continue;
        }
        let header = header_rows.contains(&i);
        let fmt = if header { &f.header } else { &f.help };
        for (c, text) in cells.iter().enumerate() {
            if header || !text.is_empty() {
                ws.write_string_with_format(r, c as u16, text, fmt)?;
            }
        }
        ROWS.fit(ws, r, cells.iter().zip(widths))?;
    }
    Print {
        repeat: None,
        ..PRINT
    }
    .apply(ws)?;
    ws.protect();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_basic_key_has_a_value() {
        let d = Draft::default();
        let keys = schema::BASIC_KEYS;
        let opts = TemplateOptions::new(2026);
        assert_eq!(basic_values(keys, Some(&d), &opts).len(), keys.len());
        assert_eq!(basic_values(keys, None, &opts).len(), keys.len());
    }

    #[test]
    fn every_table_row_is_full_width() {
        let d = crate::sample::generate(1, 5, 3, 2026).remove(0);
        for t in schema::TABLES {
            let rows = table_rows(t, &d);
            assert!(!rows.is_empty(), "{}", t.sheet);
            for r in rows {
                assert_eq!(r.len(), t.columns.len(), "{}", t.sheet);
                // Every column the model holds gets the draft's value.
                for (c, v) in t.columns.iter().zip(&r) {
                    let optional = !c.required || c.field == Some(Field::IndicatorText);
                    assert!(optional || *v != Value::Blank, "{} {}", t.sheet, c.header);
                }
            }
        }
    }

    /// The contract is data: a column added to a copy of the schema is written by the
    /// template (header, format, validation, 記入方法) and read by the checker (its
    /// required cells and its kind), with no other change.
    #[test]
    fn a_column_added_to_the_schema_is_templated_and_checked() {
        use calamine::Reader;
        let mut schema = Schema::builtin();
        let projects = schema
            .tables
            .iter_mut()
            .find(|t| t.part == Part::Projects)
            .unwrap();
        let mut columns = projects.columns.to_vec();
        columns.push(schema::Column {
            header: "事業費（千円）",
            required: true,
            kind: Kind::Amount,
            field: None,
            help: "事業の予算額（千円単位）。",
            example: "1,200",
            width: 14.0,
        });
        projects.columns = Box::leak(columns.into_boxed_slice());

        let dir = tempfile::tempdir().unwrap();
        let draft = crate::sample::generate(1, 3, 7, 2026).remove(0);
        let bytes =
            workbook_bytes_with(&schema, Some(&draft), &TemplateOptions::new(2026)).unwrap();
        let path = dir.path().join("部.xlsx");
        fs::write(&path, &bytes).unwrap();

        // Templated: the header after the contract's five, and its help in 記入方法.
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let sheet = wb.worksheet_range(schema::PROJECTS.sheet).unwrap();
        let header: Vec<String> = sheet
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(
            header.last().map(String::as_str),
            Some("事業費（千円）"),
            "{header:?}"
        );
        assert_eq!(header.len(), 6);
        let help = wb.worksheet_range(schema::HELP_SHEET).unwrap();
        assert!(help.rows().any(|r| r
            .iter()
            .any(|c| c.to_string() == "事業の予算額（千円単位）。")));

        // Checked: every project row lacks the required amount (the draft has no value
        // for it). The built-in contract reads the same column as unknown.
        let check = |schema: &Schema| {
            let coverage = crate::fonts::FontSet::default().coverage();
            let config = crate::config::Config::default();
            let outcome = crate::check::check_files_by(
                schema,
                std::slice::from_ref(&path),
                &[],
                &config,
                &coverage,
                &|| {},
            );
            outcome
                .problems
                .iter()
                .filter(|p| p.place.sheet.as_deref() == Some(schema::PROJECTS.sheet))
                .map(|p| (p.code.to_string(), p.place.cell.clone().unwrap_or_default()))
                .collect::<Vec<_>>()
        };
        let empty = crate::diag::codes::REQUIRED_EMPTY.to_string();
        let found = check(&schema);
        let missing: Vec<&str> = found
            .iter()
            .filter(|(code, _)| *code == empty)
            .map(|(_, cell)| cell.as_str())
            .collect();
        assert_eq!(missing, ["F2", "F3", "F4"], "{found:?}");
        let unknown = crate::diag::codes::COLUMN_UNKNOWN.to_string();
        assert_eq!(
            check(&Schema::builtin()),
            [(unknown, "F1".to_string())],
            "the built-in contract reads the column as unknown"
        );
    }

    #[test]
    fn next_year_clears_results() {
        let d = crate::sample::generate(1, 10, 5, 2025).remove(0);
        assert!(d
            .projects
            .iter()
            .flat_map(|p| &p.indicators)
            .any(|i| i.actual.is_some()));
        let n = next_year(&d);
        assert_eq!(n.year, "令和8年度");
        assert!(n
            .projects
            .iter()
            .flat_map(|p| &p.indicators)
            .all(|i| i.actual.is_none() && i.status.is_empty()));
        assert_eq!(n.projects.len(), d.projects.len());
        assert_eq!(n.name, d.name);
        let odd = Draft {
            year: "来年".into(),
            ..Draft::default()
        };
        assert_eq!(next_year(&odd).year, "来年");
        let heisei = Draft {
            year: "平成30年度".into(),
            ..Draft::default()
        };
        assert_eq!(next_year(&heisei).year, "令和元年度");
    }

    #[test]
    fn safe_names() {
        assert_eq!(safe_file_stem("a\\b:c*d?e\"f<g>h|i"), "a_b_c_d_e_f_g_h_i");
        assert_eq!(safe_file_stem("tab\there"), "tab_here");
        assert_eq!(safe_file_stem("..."), "部名未設定");
        assert_eq!(safe_file_stem(""), "部名未設定");
        assert_eq!(safe_file_stem("CON"), "_CON");
        assert_eq!(safe_file_stem("com1.部"), "_com1.部");
        assert_eq!(safe_file_stem("COM10"), "COM10");
        assert_eq!(safe_file_stem("　企画部　"), "企画部");
        assert!(safe_file_stem(&"長".repeat(300)).chars().count() <= 100);
    }

    #[test]
    fn file_names_never_collide() {
        let names = file_names(["A", "a", "A_2", "x/y", "x:y", "", "..", "A"]);
        let set: HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
        assert_eq!(set.len(), names.len(), "{names:?}");
        assert_eq!(names[0], "A.xlsx");
        assert_eq!(names[2], "A_2.xlsx");
    }

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(1234567.0), "1,234,567");
        assert_eq!(group_thousands(999.0), "999");
        assert_eq!(group_thousands(1000.5), "1,000.5");
        assert_eq!(group_thousands(-1234.0), "-1,234");
    }
}
