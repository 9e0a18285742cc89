//! `summary.xlsx`: the whole year in one workbook for the planning office.
//!
//! - 部別一覧: one row per department in 掲載順 with a total row (SUM formulas whose
//!   results are written too, so readers that do not calculate see the numbers), and
//!   three charts below it: 予算 and 職員数 by department, 達成状況 by department.
//! - 個別事業一覧: every project. 目標指標一覧: every indicator, 達成率 as a percentage
//!   with a data bar, rows of 未達成 indicators shaded.
//! - 職員・予算: staff by 区分 and budget by 会計 per department.
//!
//! Every sheet has a frozen header, an autofilter, column widths from
//! [`crate::xlsx::widths`], a Japanese font and A4 landscape print setup (one page wide,
//! header rows repeated, a footer with the title and page numbers). All text is
//! written with `write_string`, so a department's text that starts with `=` stays text.
//! No clock: the creation date is the run's `time`, and two runs give the same bytes.
//!
//! The department workbooks and next year's input workbooks are in
//! [`super::department_book`]; `build` makes the three outputs from them.

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartFont, ChartFormat, ChartLegendPosition,
    ChartLine, ChartSolidFill, ChartType, ConditionalFormatDataBar, ConditionalFormatFormula,
    ConditionalFormatType, DocProperties, Format, Formula, Workbook, Worksheet, XlsxError,
};

use crate::model::{format_number, Department, Indicator, Publication, Quantity, Status};
use crate::xlsx::widths::{column_width, line_count};
use crate::xlsx::{column_letter, formula_result, Print, RowHeights, Styles, FONT};

/// Sheet names of `summary.xlsx`, in order.
pub(crate) const SHEET_DEPARTMENTS: &str = "部別一覧";
pub(crate) const SHEET_PROJECTS: &str = "個別事業一覧";
pub(crate) const SHEET_INDICATORS: &str = "目標指標一覧";
pub(crate) const SHEET_STAFF_BUDGET: &str = "職員・予算";

/// Header of 部別一覧 (and of a department workbook's 全市との比較).
pub(crate) const DEPARTMENT_HEADERS: [&str; 13] = [
    "部名",
    "使命・目標（要約）",
    "職員数（人）",
    "予算（千円）",
    "事業数",
    "指標数",
    "実績入力済み",
    "達成",
    "概ね達成",
    "未達成",
    "未着手",
    "状況未記入",
    "平均達成率",
];

/// Columns of [`DEPARTMENT_HEADERS`] that are summed in the total row (職員数 … 状況未記入).
const SUMMED: std::ops::RangeInclusive<u16> = 2..=11;

/// Row heights of wrapped text.
const ROWS: RowHeights = RowHeights::PUBLISHED;

// ---------------------------------------------------------------------------------
// Figures

/// A department's row of 部別一覧.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figures {
    pub staff: f64,
    /// 千円.
    pub budget: f64,
    pub projects: usize,
    pub indicators: usize,
    /// Indicators with a 実績値.
    pub with_actual: usize,
    /// Indicators per [`Status::ALL`].
    pub status: [usize; 4],
    /// Indicators without a 達成状況.
    pub no_status: usize,
    /// Mean 達成率 over the indicators that have one.
    pub mean_rate: Option<f64>,
}

impl Figures {
    pub(crate) fn of(d: &Department) -> Figures {
        let mut status = [0; 4];
        let mut no_status = 0;
        let mut rates = Vec::new();
        let mut with_actual = 0;
        for (_, i) in d.indicators() {
            match i.status {
                Some(s) => status[Status::ALL.iter().position(|x| *x == s).unwrap_or(0)] += 1,
                None => no_status += 1,
            }
            with_actual += usize::from(i.actual.is_some());
            rates.extend(i.achievement_rate());
        }
        Figures {
            staff: d.staff_total(),
            budget: d.budget_total(),
            projects: d.projects.len(),
            indicators: d.indicator_count(),
            with_actual,
            status,
            no_status,
            mean_rate: mean(&rates),
        }
    }

    /// The counted columns of [`DEPARTMENT_HEADERS`] (職員数 … 状況未記入), in order.
    pub(crate) fn counts(&self) -> [f64; 10] {
        [
            self.staff,
            self.budget,
            self.projects as f64,
            self.indicators as f64,
            self.with_actual as f64,
            self.status[0] as f64,
            self.status[1] as f64,
            self.status[2] as f64,
            self.status[3] as f64,
            self.no_status as f64,
        ]
    }
}

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The city-wide figures every department's 全市との比較 compares with.
#[derive(Debug, Clone, PartialEq)]
pub struct CityTotals {
    /// [`Figures::counts`] summed over the departments.
    pub counts: [f64; 10],
    /// [`city_mean_rate`].
    pub mean_rate: Option<f64>,
    pub departments: usize,
}

impl CityTotals {
    pub fn of(p: &Publication) -> CityTotals {
        let mut counts = [0.0; 10];
        for d in &p.departments {
            for (t, c) in counts.iter_mut().zip(Figures::of(d).counts()) {
                *t += c;
            }
        }
        CityTotals {
            counts,
            mean_rate: city_mean_rate(p),
            departments: p.departments.len(),
        }
    }
}

/// Mean 達成率 of every indicator of the publication that has one.
pub(crate) fn city_mean_rate(p: &Publication) -> Option<f64> {
    let rates: Vec<f64> = p
        .departments
        .iter()
        .flat_map(|d| d.indicators().filter_map(|(_, i)| i.achievement_rate()))
        .collect();
    mean(&rates)
}

// ---------------------------------------------------------------------------------
// Cells

/// A cell of a table sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// Text that wraps (long prose).
    Wrap(String),
    Number(f64),
    /// A ratio shown as `0.0%`.
    Percent(f64),
    /// A SUM formula with its result.
    Formula(String, f64),
    Blank,
}

impl Cell {
    pub(crate) fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub(crate) fn quantity(q: Option<&Quantity>) -> Cell {
        match q {
            Some(Quantity::Number(n)) => Cell::Number(*n),
            Some(Quantity::Text(t)) => Cell::Wrap(t.clone()),
            None => Cell::Blank,
        }
    }

    pub(crate) fn rate(r: Option<f64>) -> Cell {
        r.map_or(Cell::Blank, Cell::Percent)
    }

    /// The text the cell shows, to size its column.
    fn shown(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Wrap(s) => s.clone(),
            Cell::Number(n) | Cell::Formula(_, n) => format_number(*n),
            Cell::Percent(r) => format!("{:.1}%", r * 100.0),
            Cell::Blank => String::new(),
        }
    }

    fn wraps(&self) -> bool {
        matches!(self, Cell::Wrap(_))
    }
}

/// Writes one cell; `total` picks the total row's formats. Text is always written as
/// a string, never as a formula.
pub(crate) fn write_cell(
    ws: &mut Worksheet,
    st: &Styles,
    row: u32,
    col: u16,
    cell: &Cell,
    total: bool,
) -> Result<(), XlsxError> {
    match (cell, total) {
        (Cell::Text(s), false) => ws.write_string_with_format(row, col, s, &st.text)?,
        (Cell::Wrap(s), false) => ws.write_string_with_format(row, col, s, &st.wrap)?,
        (Cell::Text(s) | Cell::Wrap(s), true) => {
            ws.write_string_with_format(row, col, s, &st.total_text)?
        }
        (Cell::Number(n), false) => ws.write_number_with_format(row, col, *n, st.number(*n))?,
        (Cell::Number(n), true) => ws.write_number_with_format(row, col, *n, &st.total_int)?,
        (Cell::Percent(r), false) => ws.write_number_with_format(row, col, *r, &st.pct)?,
        (Cell::Percent(r), true) => ws.write_number_with_format(row, col, *r, &st.total_pct)?,
        (Cell::Formula(f, n), _) => ws.write_formula_with_format(
            row,
            col,
            Formula::new(f).set_result(formula_result(*n)),
            if total { &st.total_int } else { st.number(*n) },
        )?,
        (Cell::Blank, false) => ws.write_blank(row, col, &st.text)?,
        (Cell::Blank, true) => ws.write_blank(row, col, &st.total_text)?,
    };
    Ok(())
}

/// Column width limits: (min, max) in character units.
pub type Limits = (f64, f64);

/// A table sheet: `headers` in row `top`, then `rows`, then `totals` (if any) in the
/// total row's format. Sets column widths from the content, row heights for wrapped
/// text, and returns the widths.
pub(crate) fn write_table(
    ws: &mut Worksheet,
    st: &Styles,
    top: u32,
    headers: &[&str],
    rows: &[Vec<Cell>],
    totals: Option<&[Cell]>,
    limits: &[Limits],
) -> Result<Vec<f64>, XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(top, c as u16, *h, &st.head)?;
    }
    let mut widths = Vec::with_capacity(headers.len());
    for (c, h) in headers.iter().enumerate() {
        let (min, max) = limits.get(c).copied().unwrap_or((6.0, 40.0));
        let shown: Vec<String> = rows
            .iter()
            .map(Vec::as_slice)
            .chain(totals)
            .filter_map(|r| r.get(c).map(Cell::shown))
            .collect();
        // A header may wrap onto two lines; the data decides the width.
        let head_min = column_width([*h], 0.0, max).min(12.0);
        let w = column_width(shown.iter().map(String::as_str), min.max(head_min), max);
        ws.set_column_width(c as u16, w)?;
        widths.push(w);
    }
    for (i, r) in rows.iter().enumerate() {
        let row = top + 1 + i as u32;
        for (c, cell) in r.iter().enumerate() {
            write_cell(ws, st, row, c as u16, cell, false)?;
        }
        let wrapped = r.iter().zip(&widths).filter(|(c, _)| c.wraps());
        ROWS.fit(ws, row, wrapped.map(|(c, w)| (c.shown(), *w)))?;
    }
    if let Some(t) = totals {
        let row = top + 1 + rows.len() as u32;
        for (c, cell) in t.iter().enumerate() {
            write_cell(ws, st, row, c as u16, cell, true)?;
        }
    }
    // Headers that do not fit their column wrap.
    let head_lines = headers
        .iter()
        .zip(&widths)
        .map(|(h, w)| line_count(h, *w))
        .max()
        .unwrap_or(1);
    if head_lines > 1 {
        ws.set_row_height(top, head_lines as f64 * ROWS.line + 4.0)?;
    }
    Ok(widths)
}

/// The document title: `三鷹市 各部の運営方針と目標 令和7年度 集計表`.
pub(crate) fn document_title(p: &Publication, what: &str) -> String {
    format!("{} {} {} {what}", p.city, p.title, p.year.wareki())
        .trim()
        .to_string()
}

/// Title, author (the city) and creation date.
pub fn properties(p: &Publication, title: &str, time: i64) -> Result<DocProperties, XlsxError> {
    let author = if p.city.is_empty() { "hoshin" } else { &p.city };
    let mut props = crate::xlsx::properties(title, author, time)?;
    if !p.issuer.is_empty() {
        props = props.set_company(format!("{} {}", p.city, p.issuer).trim());
    }
    Ok(props)
}

// ---------------------------------------------------------------------------------
// The workbook

/// `summary.xlsx` as bytes.
pub fn summary_bytes(p: &Publication, time: i64) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let title = document_title(p, "集計表");
    let mut wb = Workbook::new();
    wb.set_properties(&properties(p, &title, time)?);
    departments_sheet(wb.add_worksheet(), &st, p, &title)?;
    projects_sheet(wb.add_worksheet(), &st, p, &title)?;
    indicators_sheet(wb.add_worksheet(), &st, p, &title)?;
    staff_budget_sheet(wb.add_worksheet(), &st, p, &title)?;
    crate::output::xlsx_bytes(&mut wb)
}

/// A department's row of 部別一覧 as cells.
pub(crate) fn department_row(d: &Department) -> Vec<Cell> {
    let f = Figures::of(d);
    let mut row = vec![Cell::text(&d.name), Cell::Wrap(d.headline.clone())];
    row.extend(f.counts().into_iter().map(Cell::Number));
    row.push(Cell::rate(f.mean_rate));
    row
}

/// 部別一覧 width limits.
pub(crate) const DEPARTMENT_LIMITS: [Limits; 13] = [
    (8.0, 24.0),
    (20.0, 64.0),
    (7.0, 14.0),
    (10.0, 16.0),
    (6.0, 10.0),
    (6.0, 10.0),
    (6.0, 10.0),
    (5.0, 10.0),
    (5.0, 10.0),
    (5.0, 10.0),
    (5.0, 10.0),
    (5.0, 10.0),
    (7.0, 12.0),
];

fn departments_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    p: &Publication,
    title: &str,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET_DEPARTMENTS)?;
    let n = p.departments.len() as u32;
    let rows: Vec<Vec<Cell>> = p.departments.iter().map(department_row).collect();
    let city = CityTotals::of(p);
    let mut totals = vec![Cell::text("合計"), Cell::Blank];
    for c in SUMMED {
        let col = column_letter(c.into());
        let sum = city.counts[(c - 2) as usize];
        totals.push(Cell::Formula(format!("=SUM({col}2:{col}{})", n + 1), sum));
    }
    totals.push(Cell::rate(city.mean_rate));
    let widths = write_table(
        ws,
        st,
        0,
        &DEPARTMENT_HEADERS,
        &rows,
        Some(&totals),
        &DEPARTMENT_LIMITS,
    )?;
    // The city-wide mean rate over every indicator, from 目標指標一覧 (not the mean of
    // the departments' means).
    if let Some(rate) = city.mean_rate {
        let last = p.indicator_count() as u32 + 1;
        let rate_col = column_letter(INDICATOR_RATE_COL.into());
        ws.write_formula_with_format(
            n + 1,
            12,
            Formula::new(format!(
                "=AVERAGE('{SHEET_INDICATORS}'!{rate_col}2:{rate_col}{last})"
            ))
            .set_result(format!("{rate}")),
            &st.total_pct,
        )?;
    }
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, n.max(1), DEPARTMENT_HEADERS.len() as u16 - 1)?;
    Print::published(title, true, Some((0, 0))).apply(ws)?;
    charts(ws, p, n + 3, &widths)?;
    Ok(())
}

/// Approximate pixel width of a column `w` characters wide (Calibri 11 metrics, as
/// Excel computes it for the default font).
fn pixels(w: f64) -> u32 {
    (w * 7.0 + 5.0).round() as u32
}

fn chart_font(size: f64, bold: bool) -> ChartFont {
    let mut f = ChartFont::new();
    f.set_name(FONT).set_size(size);
    if bold {
        f.set_bold();
    }
    f
}

/// A horizontal bar chart of departments (first department on top).
fn department_bar_chart(kind: ChartType, title: &str, width: u32, height: u32) -> Chart {
    let mut chart = Chart::new(kind);
    chart
        .title()
        .set_name(title)
        .set_font(&chart_font(11.0, true));
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max)
        .set_font(&chart_font(9.0, false));
    chart
        .x_axis()
        .set_num_format("#,##0")
        .set_font(&chart_font(9.0, false));
    chart.set_width(width).set_height(height);
    chart.legend().set_font(&chart_font(9.0, false));
    chart
}

/// Charts below the table: 予算 and 職員数 by department side by side, 達成状況 by
/// department (stacked) under them.
fn charts(ws: &mut Worksheet, p: &Publication, row: u32, widths: &[f64]) -> Result<(), XlsxError> {
    let n = p.departments.len() as u32;
    if n == 0 {
        return Ok(());
    }
    let table_px: u32 = widths.iter().map(|w| pixels(*w)).sum();
    let half = (table_px.max(900) - 20) / 2;
    let height = (90 + 26 * n).clamp(240, 900);
    let sheet = SHEET_DEPARTMENTS;
    let label = chart_font(9.0, false);

    let bar = |title: &str, col: u16, color: &str, format: &str| {
        let mut c = department_bar_chart(ChartType::Bar, title, half, height);
        c.add_series()
            .set_categories((sheet, 1, 0, n, 0))
            .set_values((sheet, 1, col, n, col))
            .set_name((sheet, 0, col))
            .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(color)))
            .set_data_label(
                ChartDataLabel::new()
                    .show_value()
                    .set_num_format(format)
                    .set_font(&label),
            )
            .set_gap(60);
        c.legend().set_hidden();
        c
    };
    let budget = bar("予算（千円）", 3, "4472C4", "#,##0");
    let staff = bar("職員数（人）", 2, "ED7D31", "#,##0");
    ws.insert_chart_with_offset(row, 0, &budget, 0, 0)?;
    ws.insert_chart_with_offset(row, 0, &staff, half + 20, 0)?;

    let mut status = department_bar_chart(
        ChartType::BarStacked,
        "達成状況（指標数）",
        half * 2 + 20,
        height,
    );
    // 達成, 概ね達成, 未達成, 未着手, and 状況未記入 as an outline only.
    let colors = ["548235", "A9D18E", "E06666", "A6A6A6", "FFFFFF"];
    for (k, color) in colors.iter().enumerate() {
        let col = 7 + k as u16;
        let mut format = ChartFormat::new();
        format.set_solid_fill(ChartSolidFill::new().set_color(*color));
        if k == 4 {
            format.set_border(ChartLine::new().set_color("A6A6A6").set_width(0.75));
        }
        status
            .add_series()
            .set_categories((sheet, 1, 0, n, 0))
            .set_values((sheet, 1, col, n, col))
            .set_name((sheet, 0, col))
            .set_format(&mut format)
            .set_gap(60)
            .set_overlap(100);
    }
    status.legend().set_position(ChartLegendPosition::Bottom);
    ws.insert_chart_with_offset(row, 0, &status, 0, height + 20)?;
    Ok(())
}

fn projects_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    p: &Publication,
    title: &str,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET_PROJECTS)?;
    let headers = [
        "部名",
        "番号",
        "事業名",
        "担当課",
        "事業内容",
        "目標指標（文章）",
        "指標数",
    ];
    let rows: Vec<Vec<Cell>> = p
        .departments
        .iter()
        .flat_map(|d| {
            d.projects.iter().map(|pr| {
                vec![
                    Cell::text(&d.name),
                    Cell::Number(pr.no as f64),
                    Cell::Wrap(pr.name.clone()),
                    Cell::text(&pr.section),
                    Cell::Wrap(pr.description.join("\n")),
                    Cell::Wrap(pr.indicator_sentence()),
                    Cell::Number(pr.indicators.len() as f64),
                ]
            })
        })
        .collect();
    let limits = [
        (8.0, 16.0),
        (5.0, 6.0),
        (16.0, 30.0),
        (8.0, 18.0),
        (30.0, 60.0),
        (24.0, 44.0),
        (6.0, 8.0),
    ];
    write_table(ws, st, 0, &headers, &rows, None, &limits)?;
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, rows.len().max(1) as u32, headers.len() as u16 - 1)?;
    Print::published(title, true, Some((0, 0))).apply(ws)
}

/// The 達成率 column of 目標指標一覧.
pub(crate) const INDICATOR_RATE_COL: u16 = 10;

/// Header of 目標指標一覧.
pub(crate) const INDICATOR_HEADERS: [&str; 12] = [
    "部名",
    "事業番号",
    "事業名",
    "指標名",
    "基準値",
    "目標値",
    "単位",
    "方向",
    "期限",
    "実績値",
    "達成率",
    "達成状況",
];

/// An indicator's cells from 基準値 to 達成状況.
pub(crate) fn indicator_cells(i: &Indicator) -> Vec<Cell> {
    vec![
        Cell::Wrap(i.name.clone()),
        Cell::quantity(i.baseline.as_ref()),
        Cell::quantity(Some(&i.target)),
        Cell::text(&i.unit),
        Cell::text(i.direction.label()),
        Cell::text(
            i.deadline
                .as_ref()
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        Cell::quantity(i.actual.as_ref()),
        Cell::rate(i.achievement_rate()),
        Cell::text(i.status.map(Status::label).unwrap_or_default()),
    ]
}

/// Data bar on the 達成率 cells (full at 100 %) and a shaded row where 達成状況 is
/// 未達成. `first..=last` are the data rows, `rate`/`status` the columns and
/// `cols` the table's last column.
pub(crate) fn achievement_formats(
    ws: &mut Worksheet,
    first: u32,
    last: u32,
    rate: u16,
    status: u16,
    cols: u16,
) -> Result<(), XlsxError> {
    if last < first {
        return Ok(());
    }
    let bar = ConditionalFormatDataBar::new()
        .set_minimum(ConditionalFormatType::Number, 0)
        .set_maximum(ConditionalFormatType::Number, 1)
        .set_fill_color("9BC2E6")
        .set_solid_fill(true);
    ws.add_conditional_format(first, rate, last, rate, &bar)?;
    let missed = ConditionalFormatFormula::new()
        .set_rule(format!("=${}{}=\"未達成\"", column_letter(status.into()), first + 1).as_str())
        .set_format(
            Format::new()
                .set_background_color("FCE4E4")
                .set_font_color("9C0006"),
        );
    ws.add_conditional_format(first, 0, last, cols, &missed)?;
    Ok(())
}

fn indicators_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    p: &Publication,
    title: &str,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET_INDICATORS)?;
    let rows: Vec<Vec<Cell>> = p
        .departments
        .iter()
        .flat_map(|d| {
            d.indicators().map(|(pr, i)| {
                let mut row = vec![
                    Cell::text(&d.name),
                    Cell::Number(pr.no as f64),
                    Cell::Wrap(pr.name.clone()),
                ];
                row.extend(indicator_cells(i));
                row
            })
        })
        .collect();
    let limits = [
        (8.0, 16.0),
        (5.0, 8.0),
        (16.0, 30.0),
        (16.0, 34.0),
        (8.0, 16.0),
        (8.0, 16.0),
        (5.0, 8.0),
        (5.0, 6.0),
        (10.0, 18.0),
        (8.0, 16.0),
        (8.0, 10.0),
        (8.0, 10.0),
    ];
    write_table(ws, st, 0, &INDICATOR_HEADERS, &rows, None, &limits)?;
    let last = rows.len() as u32;
    achievement_formats(ws, 1, last, INDICATOR_RATE_COL, 11, 11)?;
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, last.max(1), INDICATOR_HEADERS.len() as u16 - 1)?;
    Print::published(title, true, Some((0, 0))).apply(ws)
}

/// Labels in order of first appearance.
fn labels<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        if !out.iter().any(|o| o == l) {
            out.push(l.to_string());
        }
    }
    out
}

/// `=SUM(B3:D3)` over columns `first..end` of Excel row `r`, or the number when there
/// are no columns.
fn row_sum(first: u16, end: u16, r: u32, value: f64) -> Cell {
    if end > first {
        let (a, b) = (column_letter(first.into()), column_letter((end - 1).into()));
        Cell::Formula(format!("=SUM({a}{r}:{b}{r})"), value)
    } else {
        Cell::Number(value)
    }
}

fn staff_budget_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    p: &Publication,
    title: &str,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET_STAFF_BUDGET)?;
    let staff = labels(
        p.departments
            .iter()
            .flat_map(|d| d.staff.iter().map(|l| l.label.as_str())),
    );
    let budget = labels(
        p.departments
            .iter()
            .flat_map(|d| d.budget.iter().map(|l| l.label.as_str())),
    );
    // Columns: 部名 | staff… | 職員計 | budget… | 予算計
    let staff_first = 1u16;
    let staff_total = staff_first + staff.len() as u16;
    let budget_first = staff_total + 1;
    let budget_total = budget_first + budget.len() as u16;
    let mut headers: Vec<&str> = vec!["部名"];
    headers.extend(staff.iter().map(String::as_str));
    headers.push("職員計");
    headers.extend(budget.iter().map(String::as_str));
    headers.push("予算計");
    let n = p.departments.len() as u32;
    let sum_of = |lines: &[crate::model::Line], label: &str| -> Option<f64> {
        let v: Vec<f64> = lines
            .iter()
            .filter(|l| l.label == label)
            .map(|l| l.value)
            .collect();
        (!v.is_empty()).then(|| v.iter().sum())
    };
    let rows: Vec<Vec<Cell>> = p
        .departments
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let r = i as u32 + 3; // 1-based row in Excel: two header rows
            let mut row = vec![Cell::text(&d.name)];
            row.extend(
                staff
                    .iter()
                    .map(|l| sum_of(&d.staff, l).map_or(Cell::Blank, Cell::Number)),
            );
            row.push(row_sum(staff_first, staff_total, r, d.staff_total()));
            row.extend(
                budget
                    .iter()
                    .map(|l| sum_of(&d.budget, l).map_or(Cell::Blank, Cell::Number)),
            );
            row.push(row_sum(budget_first, budget_total, r, d.budget_total()));
            row
        })
        .collect();
    let mut totals = vec![Cell::text("合計")];
    for c in 1..=budget_total {
        let col = column_letter(c.into());
        let sum: f64 = rows
            .iter()
            .map(|r| match &r[c as usize] {
                Cell::Number(v) | Cell::Formula(_, v) => *v,
                _ => 0.0,
            })
            .sum();
        totals.push(Cell::Formula(format!("=SUM({col}3:{col}{})", n + 2), sum));
    }
    let limits: Vec<Limits> = (0..headers.len())
        .map(|c| if c == 0 { (8.0, 20.0) } else { (8.0, 16.0) })
        .collect();
    // Group headers above the table's header row.
    let group = st.head.clone();
    ws.write_blank(0, 0, &group)?;
    if staff.is_empty() {
        ws.write_string_with_format(0, staff_total, "職員数（人）", &group)?;
    } else {
        ws.merge_range(0, staff_first, 0, staff_total, "職員数（人）", &group)?;
    }
    if budget.is_empty() {
        ws.write_string_with_format(0, budget_total, "予算（千円）", &group)?;
    } else {
        ws.merge_range(0, budget_first, 0, budget_total, "予算（千円）", &group)?;
    }
    write_table(ws, st, 1, &headers, &rows, Some(&totals), &limits)?;
    ws.set_freeze_panes(2, 1)?;
    ws.autofilter(1, 0, n.max(1) + 1, budget_total)?;
    Print::published(title, true, Some((0, 1))).apply(ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_keep_first_appearance_order() {
        assert_eq!(
            labels(["一般会計", "水道事業会計", "一般会計"].into_iter()),
            ["一般会計", "水道事業会計"]
        );
    }
}
