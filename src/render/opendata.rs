//! `opendata/`: the year's figures as machine-readable base data, following 総務省
//! 「統計表における機械判読可能なデータの表記方法の統一ルール」 (2020): one datum per
//! cell, numbers as numbers (no separators, no units in the cell), item names with
//! their units in the header, no merged cells, dates in 西暦 (和暦 only beside it),
//! the 地方公共団体コード on every row.
//!
//! - `<table>.csv` for each [`TABLES`] name: UTF-8 with a BOM (Excel on Windows reads
//!   a CSV without one as Shift_JIS), CRLF, RFC 4180 quoting (the `csv` crate).
//! - `opendata.xlsx`: the same tables, one sheet each, values only.
//! - `datapackage.json`: a Frictionless Data Package; each CSV with its Table Schema
//!   (types, units, constraints, primary and foreign keys), size and sha256.
//!
//! Every row carries 年度 (西暦), 地方公共団体コード, 地方公共団体名 and 部名, so any file
//! stands alone. The department figures are [`Figures`], the numbers of `summary.xlsx`.

use std::time::Instant;

use rayon::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use serde_json::{json, Value as Json};

use crate::config::opendata::Settings;
use crate::model::{Date, Deadline, Department, Publication, Quantity, Status};
use crate::output::{sha256_hex, OutputFile, Rendered};
use crate::render::summary::{document_title, properties, Figures};

/// The folder of the open data, in the output folder.
pub(crate) const FOLDER: &str = "opendata";
/// The package descriptor.
pub(crate) const DATAPACKAGE: &str = "datapackage.json";
/// The workbook with every table.
pub(crate) const WORKBOOK: &str = "opendata.xlsx";
/// The tables, in order: `<name>.csv` each.
pub const TABLES: [&str; 8] = [
    "departments",
    "missions",
    "sections",
    "staff",
    "budget",
    "policies",
    "projects",
    "indicators",
];

/// The warnings a build with the open data gives for `settings` (printed, not
/// problems of the input).
pub(crate) fn warnings(settings: &Settings) -> Vec<String> {
    if settings.municipality_code.is_some() {
        return Vec::new();
    }
    vec!["オープンデータ: hoshin.toml の [opendata] に municipality_code（6桁の全国地方公共団体コード。例: 三鷹市は \"132047\"）がないため、opendata/ の地方公共団体コード欄は空です。書き加えて作り直してください".into()]
}

/// Makes `opendata/`. The CSVs and the workbook are made side by side (the
/// workbook is most of the work).
pub(crate) fn render(p: &Publication, settings: &Settings, time: i64) -> Result<Rendered, String> {
    let t = Instant::now();
    let tables = tables(p, settings.municipality_code.as_deref());
    let table_secs = t.elapsed().as_secs_f64();
    let fail = |what: &str, e: String| format!("{FOLDER}/{what} を作れません: {e}");
    let timed = |f: &dyn Fn() -> Result<Vec<u8>, String>| {
        let t = Instant::now();
        f().map(|b| (b, t.elapsed().as_secs_f64()))
    };
    let (csvs, xlsx) = rayon::join(
        || {
            tables
                .par_iter()
                .map(|t| {
                    let name = format!("{}.csv", t.name);
                    timed(&|| csv_bytes(t).map_err(|e| e.to_string()))
                        .map_err(|e| fail(&name, e))
                        .map(|(bytes, secs)| (name, bytes, secs))
                })
                .collect::<Result<Vec<_>, _>>()
        },
        || {
            timed(&|| xlsx_bytes(p, &tables, time).map_err(|e| e.to_string()))
                .map_err(|e| fail(WORKBOOK, e))
        },
    );
    let (csvs, (xlsx, xlsx_secs)) = (csvs?, xlsx?);
    let csv_secs = csvs.iter().map(|c| c.2).sum();
    let resources = tables
        .iter()
        .zip(&csvs)
        .map(|(t, (_, bytes, _))| t.resource(bytes))
        .collect();
    let mut json = serde_json::to_vec_pretty(&package(p, settings, resources, time))
        .map_err(|e| fail(DATAPACKAGE, e.to_string()))?;
    json.push(b'\n');
    let file = |name: &str, bytes| OutputFile {
        path: std::path::Path::new(FOLDER).join(name),
        bytes,
        pages: None,
    };
    let mut files: Vec<OutputFile> = csvs
        .into_iter()
        .map(|(name, bytes, _)| file(&name, bytes))
        .collect();
    files.push(file(WORKBOOK, xlsx));
    files.push(file(DATAPACKAGE, json));
    Ok(Rendered {
        files,
        timings: vec![
            ("opendata tables".into(), table_secs),
            ("opendata CSV".into(), csv_secs),
            ("opendata xlsx".into(), xlsx_secs),
        ],
    })
}

// ---------------------------------------------------------------------------------
// Tables

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Integer,
    Number,
    Text,
    Date,
}

/// A column: its header (the Table Schema field name) and what the schema says of it.
#[derive(Debug, Clone)]
struct Field {
    name: &'static str,
    kind: Kind,
    description: &'static str,
    unit: Option<&'static str>,
    required: bool,
    minimum: Option<i64>,
    one_of: &'static [&'static str],
    pattern: Option<&'static str>,
}

fn field(name: &'static str, kind: Kind, description: &'static str) -> Field {
    Field {
        name,
        kind,
        description,
        unit: None,
        required: false,
        minimum: None,
        one_of: &[],
        pattern: None,
    }
}

impl Field {
    fn unit(mut self, unit: &'static str) -> Field {
        self.unit = Some(unit);
        self
    }
    fn required(mut self) -> Field {
        self.required = true;
        self
    }
    fn min(mut self, minimum: i64) -> Field {
        self.minimum = Some(minimum);
        self
    }
    /// A whole number ≥ 0 counted in `unit`.
    fn count(name: &'static str, description: &'static str, unit: &'static str) -> Field {
        field(name, Kind::Integer, description)
            .unit(unit)
            .required()
            .min(0)
    }

    fn schema(&self) -> Json {
        let kind = match self.kind {
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::Text => "string",
            Kind::Date => "date",
        };
        let mut f = json!({ "name": self.name, "type": kind, "description": self.description });
        if let Some(u) = self.unit {
            // Not a Table Schema property; tools keep it, people read it.
            f["unit"] = json!(u);
        }
        let mut c = serde_json::Map::new();
        if self.required {
            c.insert("required".into(), json!(true));
        }
        if let Some(m) = self.minimum {
            c.insert("minimum".into(), json!(m));
        }
        if !self.one_of.is_empty() {
            c.insert("enum".into(), json!(self.one_of));
        }
        if let Some(p) = self.pattern {
            c.insert("pattern".into(), json!(p));
        }
        if !c.is_empty() {
            f["constraints"] = Json::Object(c);
        }
        f
    }
}

/// A cell.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Int(i64),
    Num(f64),
    Text(String),
    Date(Date),
    Empty,
}

impl Cell {
    fn text_or_empty(s: Option<&str>) -> Cell {
        s.filter(|s| !s.is_empty())
            .map_or(Cell::Empty, |s| Cell::Text(s.to_string()))
    }

    /// As written in the CSV: numbers without separators, dates as `2004-03-31`.
    fn csv(&self) -> String {
        match self {
            Cell::Int(n) => n.to_string(),
            Cell::Num(n) => number_text(*n),
            Cell::Text(s) => s.clone(),
            Cell::Date(d) => iso(*d),
            Cell::Empty => String::new(),
        }
    }
}

/// `330000`, `1.5`, `-20`: Rust's shortest round-trip form, never an exponent.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// A 達成率 (1.0 = 100 %) as a percentage rounded to 0.1, as every publication
/// prints it (`104.2`).
fn percent(rate: f64) -> Cell {
    Cell::Num((rate * 1000.0).round() / 10.0)
}

/// (number, text): a 基準値/目標値/実績値 goes to the number column, or, when it is a
/// milestone in words, to the text column beside it.
fn quantity(q: Option<&Quantity>) -> [Cell; 2] {
    match q {
        Some(Quantity::Number(n)) => [Cell::Num(*n), Cell::Empty],
        Some(Quantity::Text(t)) => [Cell::Empty, Cell::Text(t.clone())],
        None => [Cell::Empty, Cell::Empty],
    }
}

/// 期限 as 和暦 text, as a date (stated, or the last day of a 年度末) and as the
/// Western fiscal year it falls in. A bare 年度 has no date: none is invented.
fn deadline(d: Option<&Deadline>) -> [Cell; 3] {
    let Some(d) = d else {
        return [Cell::Empty, Cell::Empty, Cell::Empty];
    };
    let (date, year) = match d {
        Deadline::FiscalYear { year, end } => (
            end.then(|| Date::new(year.western() + 1, 3, 31))
                .flatten()
                .map_or(Cell::Empty, Cell::Date),
            Some(*year),
        ),
        // A month's last day only where 末 says so; the fiscal year of the month.
        Deadline::Month { year, month, end } => (
            if *end {
                d.last_day().map_or(Cell::Empty, Cell::Date)
            } else {
                Cell::Empty
            },
            Date::new(*year, *month, 1).map(Date::fiscal_year),
        ),
        Deadline::Within { year, .. } => (Cell::Empty, Some(*year)),
        Deadline::Date(date) => (Cell::Date(*date), Some(date.fiscal_year())),
        Deadline::Written(_) => (Cell::Empty, None),
    };
    [
        Cell::Text(d.to_string()),
        date,
        year.map_or(Cell::Empty, |y| Cell::Int(y.western().into())),
    ]
}

#[derive(Debug, Clone)]
struct ForeignKey {
    fields: &'static [&'static str],
    resource: &'static str,
    reference: &'static [&'static str],
}

/// One table: a CSV file, a sheet of the workbook, a resource of the package.
#[derive(Debug, Clone)]
struct Table {
    name: &'static str,
    /// The sheet name and the resource's title.
    title: &'static str,
    description: &'static str,
    fields: Vec<Field>,
    primary_key: &'static [&'static str],
    foreign_keys: Vec<ForeignKey>,
    rows: Vec<Vec<Cell>>,
}

const TO_DEPARTMENT: ForeignKey = ForeignKey {
    fields: &["部名"],
    resource: "departments",
    reference: &["部名"],
};

impl Table {
    /// The package's resource for the table's CSV `bytes`.
    fn resource(&self, bytes: &[u8]) -> Json {
        let mut schema = json!({
            "fields": self.fields.iter().map(Field::schema).collect::<Vec<_>>(),
            "missingValues": [""],
            "primaryKey": self.primary_key,
        });
        if !self.foreign_keys.is_empty() {
            schema["foreignKeys"] = self
                .foreign_keys
                .iter()
                .map(|k| {
                    json!({
                        "fields": k.fields,
                        "reference": { "resource": k.resource, "fields": k.reference },
                    })
                })
                .collect();
        }
        json!({
            "name": self.name,
            "path": format!("{}.csv", self.name),
            "title": self.title,
            "description": self.description,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {
                "delimiter": ",",
                "lineTerminator": "\r\n",
                "quoteChar": "\"",
                "doubleQuote": true,
                "header": true,
            },
            "bytes": bytes.len(),
            "hash": format!("sha256:{}", sha256_hex(bytes)),
            "schema": schema,
        })
    }
}

/// The columns every table starts with.
fn common_fields(code_known: bool) -> Vec<Field> {
    let mut code = field(
        "地方公共団体コード",
        Kind::Text,
        "全国地方公共団体コード（6桁、6桁目は検査数字）",
    );
    code.pattern = Some("[0-9]{6}");
    code.required = code_known;
    vec![
        field(
            "年度",
            Kind::Integer,
            "会計年度（4月から翌年3月）の始まる西暦年",
        )
        .unit("年")
        .required()
        .min(1900),
        code,
        field("地方公共団体名", Kind::Text, "地方公共団体の名称"),
        field("部名", Kind::Text, "部の名称").required(),
    ]
}

fn common_cells(p: &Publication, code: Option<&str>, d: &Department) -> Vec<Cell> {
    vec![
        Cell::Int(p.year.western().into()),
        Cell::text_or_empty(code),
        Cell::text_or_empty(Some(&p.city)),
        Cell::Text(d.name.clone()),
    ]
}

/// Every table of the publication, in [`TABLES`] order.
fn tables(p: &Publication, code: Option<&str>) -> Vec<Table> {
    let common = common_fields(code.is_some());
    let with =
        |fields: Vec<Field>| -> Vec<Field> { common.iter().cloned().chain(fields).collect() };
    // One row per item of each department, the common cells first.
    let rows = |each: &dyn Fn(&Department) -> Vec<Vec<Cell>>| -> Vec<Vec<Cell>> {
        p.departments
            .iter()
            .flat_map(|d| {
                let head = common_cells(p, code, d);
                each(d).into_iter().map(move |r| {
                    let mut row = head.clone();
                    row.extend(r);
                    row
                })
            })
            .collect()
    };
    let numbered = |name: &'static str,
                    title: &'static str,
                    description: &'static str,
                    text: &'static str,
                    items: fn(&Department) -> &[crate::model::Numbered]| Table {
        name,
        title,
        description,
        fields: with(vec![
            field("番号", Kind::Integer, "部の中での番号")
                .required()
                .min(1),
            field(text, Kind::Text, description).required(),
        ]),
        primary_key: &["部名", "番号"],
        foreign_keys: vec![TO_DEPARTMENT],
        rows: rows(&|d| {
            items(d)
                .iter()
                .map(|n| vec![Cell::Int(n.no.into()), Cell::Text(n.text.clone())])
                .collect()
        }),
    };
    let lines = |name: &'static str,
                 title: &'static str,
                 description: &'static str,
                 label: Field,
                 value: Field,
                 items: fn(&Department) -> &[crate::model::Line]| Table {
        name,
        title,
        description,
        fields: with(vec![
            field("行番号", Kind::Integer, "部の表の中での行の順（1から）")
                .required()
                .min(1),
            label,
            value,
        ]),
        primary_key: &["部名", "行番号"],
        foreign_keys: vec![TO_DEPARTMENT],
        rows: rows(&|d| {
            items(d)
                .iter()
                .zip(1i64..)
                .map(|(l, i)| {
                    vec![
                        Cell::Int(i),
                        Cell::Text(l.label.clone()),
                        Cell::Num(l.value),
                    ]
                })
                .collect()
        }),
    };
    vec![
        departments(p, code, with(department_fields())),
        numbered(
            "missions",
            "使命・目標",
            "部の使命・目標",
            "内容",
            |d| &d.mission,
        ),
        Table {
            name: "sections",
            title: "各課の役割",
            description: "部を構成する課とその役割",
            fields: with(vec![
                field("課名", Kind::Text, "課の名称").required(),
                field("役割", Kind::Text, "課の役割"),
            ]),
            primary_key: &["部名", "課名"],
            foreign_keys: vec![TO_DEPARTMENT],
            rows: rows(&|d| {
                d.sections
                    .iter()
                    .map(|s| {
                        vec![
                            Cell::Text(s.name.clone()),
                            Cell::text_or_empty(Some(&s.role)),
                        ]
                    })
                    .collect()
            }),
        },
        lines(
            "staff",
            "職員数",
            "部の職員数の内訳",
            field("区分", Kind::Text, "職員の区分").required(),
            field("人数（人）", Kind::Number, "区分の人数")
                .unit("人")
                .required()
                .min(0),
            |d| &d.staff,
        ),
        lines(
            "budget",
            "予算",
            "部の予算の内訳（会計別）",
            field("会計", Kind::Text, "会計の名称").required(),
            field("金額（千円）", Kind::Number, "予算額")
                .unit("千円")
                .required()
                .min(0),
            |d| &d.budget,
        ),
        numbered(
            "policies",
            "実施方針",
            "部の実施方針",
            "方針",
            |d| &d.policies,
        ),
        Table {
            name: "projects",
            title: "個別事業",
            description: "部の個別事業",
            fields: with(vec![
                field("事業番号", Kind::Integer, "部の中での事業の番号")
                    .required()
                    .min(1),
                field("事業名", Kind::Text, "事業の名称").required(),
                field("担当課", Kind::Text, "担当する課（各課の役割の課名）").required(),
                field("事業内容", Kind::Text, "事業の内容（段落は改行で区切る）"),
                field(
                    "目標指標（文章）",
                    Kind::Text,
                    "目標指標を述べた文（部の記入、なければ指標から組み立てた文）",
                ),
                Field::count("指標数（件）", "事業の目標指標の数", "件").min(1),
            ]),
            primary_key: &["部名", "事業番号"],
            foreign_keys: vec![
                TO_DEPARTMENT,
                ForeignKey {
                    fields: &["部名", "担当課"],
                    resource: "sections",
                    reference: &["部名", "課名"],
                },
            ],
            rows: rows(&|d| {
                d.projects
                    .iter()
                    .map(|pr| {
                        vec![
                            Cell::Int(pr.no.into()),
                            Cell::Text(pr.name.clone()),
                            Cell::Text(pr.section.clone()),
                            Cell::text_or_empty(Some(&pr.description.join("\n"))),
                            Cell::Text(pr.indicator_sentence()),
                            Cell::Int(pr.indicators.len() as i64),
                        ]
                    })
                    .collect()
            }),
        },
        Table {
            name: "indicators",
            title: "目標指標",
            description: "個別事業の目標指標と達成状況",
            fields: with(indicator_fields()),
            primary_key: &["部名", "事業番号", "指標番号"],
            foreign_keys: vec![ForeignKey {
                fields: &["部名", "事業番号"],
                resource: "projects",
                reference: &["部名", "事業番号"],
            }],
            rows: rows(&|d| {
                d.projects
                    .iter()
                    .flat_map(|pr| {
                        pr.indicators.iter().zip(1i64..).map(move |(i, k)| {
                            let mut row = vec![
                                Cell::Int(pr.no.into()),
                                Cell::Int(k),
                                Cell::Text(pr.name.clone()),
                                Cell::Text(i.name.clone()),
                            ];
                            row.extend(quantity(i.baseline.as_ref()));
                            row.extend(quantity(Some(&i.target)));
                            row.push(Cell::text_or_empty(Some(&i.unit)));
                            row.push(Cell::Text(i.direction.label().into()));
                            row.extend(deadline(i.deadline.as_ref()));
                            row.extend(quantity(i.actual.as_ref()));
                            row.push(i.achievement_rate().map_or(Cell::Empty, percent));
                            row.push(Cell::text_or_empty(i.status.map(Status::label)));
                            row
                        })
                    })
                    .collect()
            }),
        },
    ]
}

const STATUS_LABELS: [&str; 4] = ["達成", "概ね達成", "未達成", "未着手"];

fn department_fields() -> Vec<Field> {
    vec![
        field(
            "掲載順",
            Kind::Integer,
            "冊子・広報・ウェブ版に掲載する順（1から）",
        )
        .required()
        .min(1),
        field("使命・目標（要約）", Kind::Text, "部の使命・目標を一文で"),
        field("部長", Kind::Text, "部長の氏名"),
        field("問い合わせ先", Kind::Text, "部の問い合わせ先"),
        field("職員数（人）", Kind::Number, "職員数の内訳の合計")
            .unit("人")
            .required()
            .min(0),
        field("予算（千円）", Kind::Number, "予算の内訳の合計")
            .unit("千円")
            .required()
            .min(0),
        Field::count("事業数（件）", "個別事業の数", "件"),
        Field::count("指標数（件）", "目標指標の数", "件"),
        Field::count("実績入力済み指標数（件）", "実績値のある目標指標の数", "件"),
        Field::count("達成（件）", "達成状況が「達成」の指標の数", "件"),
        Field::count("概ね達成（件）", "達成状況が「概ね達成」の指標の数", "件"),
        Field::count("未達成（件）", "達成状況が「未達成」の指標の数", "件"),
        Field::count("未着手（件）", "達成状況が「未着手」の指標の数", "件"),
        Field::count(
            "状況未記入（件）",
            "達成状況が記入されていない指標の数",
            "件",
        ),
        field(
            "平均達成率（％）",
            Kind::Number,
            "達成率のある指標の達成率の平均（小数第1位に四捨五入）",
        )
        .unit("％")
        .min(0),
    ]
}

fn departments(p: &Publication, code: Option<&str>, fields: Vec<Field>) -> Table {
    let rows = p
        .departments
        .iter()
        .zip(1i64..)
        .map(|(d, order)| {
            let f = Figures::of(d);
            let mut row = common_cells(p, code, d);
            row.extend([
                Cell::Int(order),
                Cell::text_or_empty(Some(&d.headline)),
                Cell::text_or_empty(d.head.as_deref()),
                Cell::text_or_empty(d.contact.as_deref()),
                Cell::Num(f.staff),
                Cell::Num(f.budget),
                Cell::Int(f.projects as i64),
                Cell::Int(f.indicators as i64),
                Cell::Int(f.with_actual as i64),
            ]);
            row.extend(f.status.iter().map(|n| Cell::Int(*n as i64)));
            row.push(Cell::Int(f.no_status as i64));
            row.push(f.mean_rate.map_or(Cell::Empty, percent));
            row
        })
        .collect();
    Table {
        name: "departments",
        title: "部別一覧",
        description: "部ごとの職員数・予算・事業数・指標数と達成状況の集計（summary.xlsx の部別一覧と同じ数字）",
        fields,
        primary_key: &["部名"],
        foreign_keys: Vec::new(),
        rows,
    }
}

fn indicator_fields() -> Vec<Field> {
    let number = |name, description, required: bool| {
        let f = field(name, Kind::Number, description).unit("単位列のとおり");
        if required {
            f.required()
        } else {
            f
        }
    };
    let mut direction = field(
        "方向",
        Kind::Text,
        "上昇: 大きいほどよい、低下: 小さいほどよい",
    )
    .required();
    direction.one_of = &["上昇", "低下"];
    let mut status = field("達成状況", Kind::Text, "部の記入した達成状況");
    status.one_of = &STATUS_LABELS;
    vec![
        field("事業番号", Kind::Integer, "個別事業の事業番号")
            .required()
            .min(1),
        field("指標番号", Kind::Integer, "事業の中での指標の順（1から）")
            .required()
            .min(1),
        field("事業名", Kind::Text, "個別事業の名称").required(),
        field("指標名", Kind::Text, "目標指標の名称").required(),
        number("基準値", "基準値（数値）", false),
        field("基準値（文章）", Kind::Text, "数値でない基準値"),
        number("目標値", "目標値（数値）", false),
        field(
            "目標値（文章）",
            Kind::Text,
            "数値でない目標（例: 認証取得の申請）",
        ),
        field("単位", Kind::Text, "基準値・目標値・実績値の単位"),
        direction,
        field(
            "期限（和暦）",
            Kind::Text,
            "期限を和暦で（例: 平成15年度末）",
        ),
        field(
            "期限（年月日）",
            Kind::Date,
            "期限の日付（西暦、ISO 8601）。年度末は翌年3月31日。年度だけの期限では空",
        ),
        field(
            "期限（年度）",
            Kind::Integer,
            "期限の属する会計年度の始まる西暦年",
        )
        .unit("年")
        .min(1900),
        number("実績値", "実績値（数値）", false),
        field("実績値（文章）", Kind::Text, "数値でない実績"),
        field(
            "達成率（％）",
            Kind::Number,
            "上昇は実績値÷目標値、低下は目標値÷実績値を百分率で（小数第1位に四捨五入）",
        )
        .unit("％")
        .min(0),
        status,
    ]
}

// ---------------------------------------------------------------------------------
// Files

/// The table as CSV: a UTF-8 BOM, the header row, one line per row, CRLF.
fn csv_bytes(t: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(t.fields.iter().map(|f| f.name))?;
    for row in &t.rows {
        w.write_record(row.iter().map(Cell::csv))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Every table as a sheet: the header row, then values only (numbers as numbers,
/// dates as dates), no merged cells, no colours; a frozen header and a filter.
fn xlsx_bytes(p: &Publication, tables: &[Table], time: i64) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let title = document_title(p, "オープンデータ");
    wb.set_properties(&properties(p, &title, time)?);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(t.title)?;
        for (c, f) in t.fields.iter().enumerate() {
            ws.write_string(0, c as u16, f.name)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Int(n) => ws.write_number(r, c, *n as f64).map(|_| ())?,
                    Cell::Num(n) => ws.write_number(r, c, *n).map(|_| ())?,
                    Cell::Text(s) => ws.write_string(r, c, s).map(|_| ())?,
                    Cell::Date(d) => {
                        let dt =
                            ExcelDateTime::from_ymd(d.year as u16, d.month as u8, d.day as u8)?;
                        ws.write_datetime_with_format(r, c, &dt, &date)
                            .map(|_| ())?
                    }
                    Cell::Empty => {}
                }
            }
        }
        for (c, f) in t.fields.iter().enumerate() {
            let shown: Vec<String> = t.rows.iter().map(|r| r[c].csv()).collect();
            let w = crate::xlsx::widths::column_width(
                std::iter::once(f.name).chain(shown.iter().map(|s| s.lines().next().unwrap_or(""))),
                6.0,
                40.0,
            );
            ws.set_column_width(c as u16, w)?;
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, t.rows.len().max(1) as u32, t.fields.len() as u16 - 1)?;
    }
    crate::output::xlsx_bytes(&mut wb)
}

/// `2003-04-01T00:00:00Z` for seconds since 1970.
fn rfc3339(time: i64) -> String {
    let days = time.div_euclid(86_400);
    let secs = time.rem_euclid(86_400);
    // Days since 1970 → an Excel serial (1970-01-01 is 25569) → the civil date.
    match Date::from_excel_serial((days + 25_569) as f64) {
        Some(d) => format!(
            "{}T{:02}:{:02}:{:02}Z",
            iso(d),
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        ),
        None => "1970-01-01T00:00:00Z".into(),
    }
}

/// `datapackage.json`.
fn package(p: &Publication, settings: &Settings, resources: Vec<Json>, time: i64) -> Json {
    let code = settings.municipality_code.as_deref();
    let year = p.year;
    let name = match code {
        Some(c) => format!("hoshin-{c}-{}", year.western()),
        None => format!("hoshin-{}", year.western()),
    };
    let publisher = format!("{} {}", p.city, p.issuer).trim().to_string();
    let mut source = json!({
        "title": format!(
            "{}「{}」{}（{}年度）各部の提出した表（{}部）",
            p.city,
            p.title,
            year.wareki(),
            year.western(),
            p.departments.len()
        ),
    });
    if let Some(url) = &settings.source_url {
        source["path"] = json!(url);
    }
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": name,
        "title": format!("{} {} {}（{}年度） オープンデータ", p.city, p.title, year.wareki(), year.western()),
        "description": format!(
            "{}の各部の運営方針と目標、職員数・予算、個別事業と目標指標の達成状況。総務省「統計表における機械判読可能なデータの表記方法の統一ルール」に沿い、1セル1データ、数値は数値、単位は列名に記載。各行に年度（西暦）・地方公共団体コード・部名。CSV は UTF-8（BOM 付き）・CRLF。同じ表を {WORKBOOK} にも収録。hoshin {} で作成。",
            p.city,
            env!("CARGO_PKG_VERSION")
        ),
        "keywords": ["行政評価", "運営方針", "目標指標", "達成状況", p.city],
        "created": rfc3339(time),
        "licenses": [{
            "name": settings.license.name,
            "title": settings.license.title,
            "path": settings.license.url,
        }],
        "sources": [source],
        "contributors": [{ "title": publisher, "role": "publisher" }],
        "resources": resources,
    });
    if let Some(url) = &settings.source_url {
        package["homepage"] = json!(url);
    }
    package
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FiscalYear;

    #[test]
    fn deadlines_in_three_forms() {
        let end = Deadline::FiscalYear {
            year: FiscalYear(2003),
            end: true,
        };
        assert_eq!(
            deadline(Some(&end)),
            [
                Cell::Text("平成15年度末".into()),
                Cell::Date(Date::new(2004, 3, 31).unwrap()),
                Cell::Int(2003)
            ]
        );
        let bare = Deadline::FiscalYear {
            year: FiscalYear(2006),
            end: false,
        };
        assert_eq!(deadline(Some(&bare))[1], Cell::Empty);
        let day = Deadline::Date(Date::new(2004, 2, 1).unwrap());
        assert_eq!(deadline(Some(&day))[2], Cell::Int(2003));
    }

    #[test]
    fn numbers_and_times() {
        assert_eq!(number_text(330000.0), "330000");
        assert_eq!(number_text(1.5), "1.5");
        assert_eq!(number_text(-20.0), "-20");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(percent(1.0416666), Cell::Num(104.2));
        assert_eq!(rfc3339(1049155200), "2003-04-01T00:00:00Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
