//! Test helpers: a valid department workbook as plain cell grids that a test can break
//! in one place, written with rust_xlsxwriter; and running the `hoshin` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::{Formula, Workbook};

/// A cell to write.
#[derive(Clone, Debug)]
pub enum C {
    T(&'static str),
    S(String),
    N(f64),
    /// A number shown with a number format (e.g. `0%`).
    F(f64, &'static str),
    /// A formula with a cached result (e.g. an Excel error value `#N/A`).
    Formula(&'static str, &'static str),
    Blank,
}

pub use C::*;

/// A workbook as sheets of rows, in sheet order.
#[derive(Clone, Debug)]
pub struct Book {
    pub sheets: Vec<(String, Vec<Vec<C>>)>,
}

fn row(cells: &[C]) -> Vec<C> {
    cells.to_vec()
}

impl Book {
    /// A complete, valid department (企画部, 令和7年度).
    pub fn valid() -> Book {
        Book::department("企画部", 1, "令和7年度")
    }

    pub fn department(name: &str, order: u32, year: &str) -> Book {
        let sheets = vec![
            (
                "基本情報".to_string(),
                vec![
                    row(&[T("項目"), T("内容")]),
                    row(&[T("年度"), S(year.into())]),
                    row(&[T("部名"), S(name.into())]),
                    row(&[T("使命・目標（要約）"), T("効率的な市政運営と健全な財政運営、地域情報化の推進")]),
                    row(&[T("掲載順"), N(order as f64)]),
                    row(&[T("部長"), T("三鷹 太郎")]),
                    row(&[T("問い合わせ先"), T("企画経営室 内線2150")]),
                ],
            ),
            (
                "使命・目標".into(),
                vec![
                    row(&[T("番号"), T("内容")]),
                    row(&[N(1.0), T("市民のニーズや社会の変化に対応した計画を策定します。")]),
                    row(&[N(2.0), T("効率的な市政運営と健全な財政運営を目指した自治体経営の確立を図ります。")]),
                ],
            ),
            (
                "各課の役割".into(),
                vec![
                    row(&[T("課名"), T("役割")]),
                    row(&[T("企画経営室"), T("市の計画と行政評価を担います。")]),
                    row(&[T("広報課"), T("市政情報を市民に分かりやすく伝えます。")]),
                    row(&[T("情報推進室"), T("情報システムの整備と情報セキュリティを担います。")]),
                ],
            ),
            ("職員数".into(), vec![row(&[T("区分"), T("人数")]), row(&[T("正規職員"), N(40.0)]), row(&[T("再任用職員"), N(3.0)])]),
            ("予算".into(), vec![row(&[T("会計"), T("金額（千円）")]), row(&[T("一般会計"), N(1234567.0)])]),
            (
                "実施方針".into(),
                vec![row(&[T("番号"), T("方針")]), row(&[N(1.0), T("市民の視点に立ち、成果を重視した行政運営を進めます。")])],
            ),
            (
                "個別事業".into(),
                vec![
                    row(&[T("番号"), T("事業名"), T("担当課"), T("事業内容"), T("目標指標（文章）")]),
                    row(&[
                        N(7.0),
                        T("三鷹市ホームページリニューアル事業"),
                        T("広報課"),
                        T("新ホームページの検証とさらなる改善を図ります。"),
                        T("年度末にアクセス件数330,000件を目指します。"),
                    ]),
                    row(&[N(8.0), T("基幹系情報システムの再構築"), T("情報推進室"), T("基幹系情報システムの再構築を行います。"), Blank]),
                ],
            ),
            (
                "目標指標".into(),
                vec![
                    row(&[T("事業番号"), T("指標名"), T("基準値"), T("目標値"), T("単位"), T("方向"), T("期限"), T("実績値"), T("達成状況")]),
                    row(&[N(7.0), T("ホームページのアクセス件数"), N(250000.0), N(330000.0), T("件"), T("上昇"), T("令和7年度末"), N(342000.0), T("達成")]),
                    row(&[N(7.0), T("満足した人の割合"), Blank, T("80%"), Blank, Blank, T("令和7年度末"), Blank, Blank]),
                    row(&[N(8.0), T("運用コストの削減率"), Blank, N(20.0), T("%"), T("上昇"), T("令和9年度"), Blank, Blank]),
                ],
            ),
        ];
        Book { sheets }
    }

    fn sheet_mut(&mut self, sheet: &str) -> &mut Vec<Vec<C>> {
        &mut self
            .sheets
            .iter_mut()
            .find(|(n, _)| n == sheet)
            .unwrap_or_else(|| panic!("no sheet {sheet}"))
            .1
    }

    /// Sets one cell, by A1 reference.
    pub fn set(mut self, sheet: &str, cell: &str, value: C) -> Book {
        let (r, c) = parse_a1(cell);
        let rows = self.sheet_mut(sheet);
        while rows.len() <= r {
            rows.push(Vec::new());
        }
        while rows[r].len() <= c {
            rows[r].push(Blank);
        }
        rows[r][c] = value;
        self
    }

    /// Appends a row.
    pub fn push_row(mut self, sheet: &str, cells: Vec<C>) -> Book {
        self.sheet_mut(sheet).push(cells);
        self
    }

    /// Removes the row at 1-based `row`.
    pub fn remove_row(mut self, sheet: &str, row: usize) -> Book {
        self.sheet_mut(sheet).remove(row - 1);
        self
    }

    pub fn remove_sheet(mut self, sheet: &str) -> Book {
        self.sheets.retain(|(n, _)| n != sheet);
        self
    }

    pub fn rename_sheet(mut self, from: &str, to: &str) -> Book {
        self.sheets.iter_mut().find(|(n, _)| n == from).unwrap().0 = to.to_string();
        self
    }

    /// Inserts rows above the header (a title, notes).
    pub fn insert_rows_above(mut self, sheet: &str, rows: Vec<Vec<C>>) -> Book {
        let s = self.sheet_mut(sheet);
        for (i, r) in rows.into_iter().enumerate() {
            s.insert(i, r);
        }
        self
    }

    pub fn write(&self, path: &Path) {
        let mut wb = Workbook::new();
        for (name, rows) in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(name).unwrap();
            for (r, cells) in rows.iter().enumerate() {
                for (c, v) in cells.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    match v {
                        T(s) => {
                            ws.write_string(r, c, *s).unwrap();
                        }
                        S(s) => {
                            ws.write_string(r, c, s).unwrap();
                        }
                        N(n) => {
                            ws.write_number(r, c, *n).unwrap();
                        }
                        F(n, fmt) => {
                            let f = rust_xlsxwriter::Format::new().set_num_format(*fmt);
                            ws.write_number_with_format(r, c, *n, &f).unwrap();
                        }
                        Formula(f, result) => {
                            ws.write_formula(r, c, Formula::new(*f).set_result(*result))
                                .unwrap();
                        }
                        Blank => {}
                    }
                }
            }
        }
        wb.save(path).unwrap();
    }
}

/// `C7` → (6, 2).
pub fn parse_a1(cell: &str) -> (usize, usize) {
    let letters: String = cell
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let digits = &cell[letters.len()..];
    let col = letters
        .bytes()
        .fold(0usize, |acc, b| acc * 26 + (b - b'A' + 1) as usize)
        - 1;
    (digits.parse::<usize>().unwrap() - 1, col)
}

/// A problem as `hoshin check --format json` prints it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct P {
    pub code: String,
    pub severity: String,
    pub file: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub column: Option<String>,
    pub department: Option<String>,
    pub message: String,
}

pub fn hoshin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hoshin"))
}

/// Runs `hoshin check DIR --format json`: (exit code, problems).
pub fn check_json(dir: &Path) -> (i32, Vec<P>) {
    let out = hoshin()
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let problems = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (out.status.code().unwrap_or(-1), problems)
}

/// Writes `book` as `企画部.xlsx` in a fresh folder and checks it.
pub fn check_book(book: &Book) -> (tempfile::TempDir, i32, Vec<P>) {
    let dir = tempfile::tempdir().unwrap();
    book.write(&dir.path().join("企画部.xlsx"));
    let (code, problems) = check_json(dir.path());
    (dir, code, problems)
}

/// The problems that are not notes.
pub fn real(problems: &[P]) -> Vec<&P> {
    problems.iter().filter(|p| p.severity != "note").collect()
}

/// Asserts that the only error/warning is `code` at `sheet!cell`, and returns it.
#[track_caller]
pub fn only(problems: &[P], code: &str, sheet: Option<&str>, cell: Option<&str>) -> P {
    let r = real(problems);
    assert_eq!(
        r.len(),
        1,
        "expected exactly one problem {code}, got {r:#?}"
    );
    let p = r[0].clone();
    assert_eq!(p.code, code, "{p:#?}");
    assert_eq!(p.sheet.as_deref(), sheet, "{p:#?}");
    assert_eq!(p.cell.as_deref(), cell, "{p:#?}");
    assert_eq!(p.file, "企画部.xlsx");
    p
}

/// The sample city's workbooks.
pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// `hoshin build samples --only ONLY -q` into a fresh folder, with a fixed
/// `SOURCE_DATE_EPOCH`; panics with hoshin's message if the build fails.
pub fn build_samples(only: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = hoshin()
        .args(["build", "--only", only, "-q", "-o"])
        .arg(dir.path())
        .arg(samples())
        .env("SOURCE_DATE_EPOCH", "1049155200")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// Copies the files of `from` (not recursively) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Writes a `hoshin.toml` naming a city and issuer into `dir`: `build` refuses the
/// built-in placeholders.
pub fn write_config(dir: &Path) {
    std::fs::write(
        dir.join("hoshin.toml"),
        "city = \"試験市\"\nissuer = \"企画課\"\n",
    )
    .unwrap();
}

/// The first row of a sheet as texts (a table's headers).
pub fn header_row(r: &calamine::Range<calamine::Data>) -> Vec<String> {
    r.rows()
        .next()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default()
}
