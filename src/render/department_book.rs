//! `departments/<部名>.xlsx`: a department's own publication content laid out to read
//! and print, and `next-year/<部名>.xlsx`: next year's input workbook pre-filled with
//! this year's content.
//!
//! A department workbook has three sheets:
//! - 概要: 基本情報, 使命・目標, 各課の役割, 職員数, 予算 and 実施方針, one under the other
//!   (A4 portrait);
//! - 事業と指標: one row per indicator, the project's cells merged over its indicators,
//!   達成率 as a percentage with a data bar, 未達成 shaded (A4 landscape);
//! - 全市との比較: the department's row of 部別一覧 next to the city's total, the mean
//!   per department and the department's share.

use rust_xlsxwriter::{FormatAlign, Formula, Workbook, Worksheet, XlsxError};

use crate::model::{Department, FiscalYear, Publication};
use crate::template::{self, TemplateError, TemplateOptions};
use crate::xlsx::widths::{column_width, line_count};
use crate::xlsx::{formula_result, Print, RowHeights, Styles};

use super::summary::{
    achievement_formats, department_row, document_title, indicator_cells, properties, write_table,
    Cell, CityTotals, Figures, DEPARTMENT_HEADERS, DEPARTMENT_LIMITS,
};

pub(crate) const SHEET_OVERVIEW: &str = "概要";
pub(crate) const SHEET_PROJECTS: &str = "事業と指標";
pub(crate) const SHEET_COMPARISON: &str = "全市との比較";

/// Row heights of wrapped text.
const ROWS: RowHeights = RowHeights::PUBLISHED;

/// The workbook of department `index` of `p`, as bytes; `city` is [`CityTotals::of`]
/// `p`, computed once for all the departments' workbooks.
pub fn department_bytes(
    p: &Publication,
    index: usize,
    city: &CityTotals,
    time: i64,
) -> Result<Vec<u8>, XlsxError> {
    let d = &p.departments[index];
    let st = Styles::new();
    let title = document_title(p, &d.name);
    let mut wb = Workbook::new();
    wb.set_properties(&properties(p, &title, time)?.set_subject(&d.name));
    overview_sheet(wb.add_worksheet(), &st, p, d, &title)?;
    projects_sheet(wb.add_worksheet(), &st, d, &title)?;
    comparison_sheet(wb.add_worksheet(), &st, city, d, &title)?;
    crate::output::xlsx_bytes(&mut wb)
}

/// Next year's input workbook for `d`: this year's content via [`template::draft_from`]
/// and [`template::next_year`] (年度 + 1, 実績値 and 達成状況 cleared).
pub fn next_year_bytes(
    d: &Department,
    year: FiscalYear,
    time: i64,
) -> Result<Vec<u8>, TemplateError> {
    let draft = template::next_year(&template::draft_from(d));
    let opts = TemplateOptions {
        year: year.next().western(),
        department: d.name.clone(),
        created: time,
    };
    template::workbook_bytes(Some(&draft), &opts)
}

/// One line of 概要.
enum Line {
    Title(String),
    Heading(&'static str),
    /// A two-column header (課名 | 役割).
    Head(&'static str, &'static str),
    /// A label (項目, 番号, 課名) and a text that wraps.
    Text(String, String),
    /// A label and a number (人数, 千円).
    Number(String, f64),
    /// 合計 of the numbers from `first` (0-based row) to the row above.
    Total(u32),
    Gap,
}

fn overview_lines(p: &Publication, d: &Department) -> Vec<Line> {
    let mut l = vec![
        Line::Title(format!("{}　{}　運営方針と目標", d.name, d.year.wareki())),
        Line::Gap,
        Line::Heading("基本情報"),
        Line::Text("年度".into(), d.year.wareki()),
        Line::Text("部名".into(), d.name.clone()),
        Line::Text("使命・目標（要約）".into(), d.headline.clone()),
    ];
    if let Some(h) = &d.head {
        l.push(Line::Text("部長".into(), h.clone()));
    }
    if let Some(c) = &d.contact {
        l.push(Line::Text("問い合わせ先".into(), c.clone()));
    }
    l.push(Line::Gap);
    l.push(Line::Heading("使命・目標"));
    l.extend(
        d.mission
            .iter()
            .map(|m| Line::Text(m.no.to_string(), m.text.clone())),
    );
    l.push(Line::Gap);
    l.push(Line::Heading("各課の役割"));
    l.push(Line::Head("課名", "役割"));
    l.extend(
        d.sections
            .iter()
            .map(|s| Line::Text(s.name.clone(), s.role.clone())),
    );
    for (heading, head, lines) in [
        ("職員数", ("区分", "人数"), &d.staff),
        ("予算（千円）", ("会計", "金額（千円）"), &d.budget),
    ] {
        l.push(Line::Gap);
        l.push(Line::Heading(heading));
        l.push(Line::Head(head.0, head.1));
        let first = l.len() as u32;
        l.extend(lines.iter().map(|x| Line::Number(x.label.clone(), x.value)));
        l.push(Line::Total(first));
    }
    l.push(Line::Gap);
    l.push(Line::Heading("実施方針"));
    l.extend(
        d.policies
            .iter()
            .map(|m| Line::Text(m.no.to_string(), m.text.clone())),
    );
    l.push(Line::Gap);
    l.push(Line::Text(
        "出典".into(),
        format!("{} {}（{}）", p.city, p.title, p.issuer)
            .trim()
            .to_string(),
    ));
    l
}

fn overview_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    p: &Publication,
    d: &Department,
    title: &str,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET_OVERVIEW)?;
    let lines = overview_lines(p, d);
    let labels = lines.iter().filter_map(|l| match l {
        Line::Text(a, _) | Line::Number(a, _) => Some(a.as_str()),
        Line::Head(a, _) => Some(*a),
        _ => None,
    });
    let a = column_width(labels, 10.0, 24.0);
    let texts = lines.iter().filter_map(|l| match l {
        Line::Text(_, b) => Some(b.as_str()),
        _ => None,
    });
    let b = column_width(texts, 30.0, 70.0);
    ws.set_column_width(0, a)?;
    ws.set_column_width(1, b)?;
    let number = st.int.clone().set_align(FormatAlign::Left);
    let total_number = st.total_int.clone().set_align(FormatAlign::Left);
    for (i, line) in lines.iter().enumerate() {
        let row = i as u32;
        match line {
            Line::Title(t) => {
                ws.write_string_with_format(row, 0, t, &st.title)?;
                ws.set_row_height(row, 22)?;
            }
            Line::Heading(h) => {
                ws.write_string_with_format(row, 0, *h, &st.heading)?;
            }
            Line::Head(x, y) => {
                ws.write_string_with_format(row, 0, *x, &st.head)?;
                ws.write_string_with_format(row, 1, *y, &st.head)?;
            }
            Line::Text(x, y) => {
                ws.write_string_with_format(row, 0, x, &st.label)?;
                ws.write_string_with_format(row, 1, y, &st.wrap)?;
                let n = line_count(y, b);
                if n > 1 {
                    ws.set_row_height(row, ROWS.of(n))?;
                }
            }
            Line::Number(x, v) => {
                ws.write_string_with_format(row, 0, x, &st.label)?;
                ws.write_number_with_format(row, 1, *v, &number)?;
            }
            Line::Total(first) => {
                let sum: f64 = lines[*first as usize..i]
                    .iter()
                    .map(|l| match l {
                        Line::Number(_, v) => *v,
                        _ => 0.0,
                    })
                    .sum();
                ws.write_string_with_format(row, 0, "合計", &st.total_text)?;
                let f = if row > *first {
                    format!("=SUM(B{}:B{row})", first + 1)
                } else {
                    "=0".into()
                };
                ws.write_formula_with_format(
                    row,
                    1,
                    Formula::new(f).set_result(formula_result(sum)),
                    &total_number,
                )?;
            }
            Line::Gap => {}
        }
    }
    Print::published(title, false, None).apply(ws)
}

/// Header of 事業と指標.
const PROJECT_HEADERS: [&str; 14] = [
    "番号",
    "事業名",
    "担当課",
    "事業内容",
    "目標指標（文章）",
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

/// Columns 0..PROJECT_COLS hold the project and are merged over its indicators.
const PROJECT_COLS: usize = 5;

fn projects_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    d: &Department,
    title: &str,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET_PROJECTS)?;
    let project_cells = |pr: &crate::model::Project| {
        [
            Cell::Number(pr.no as f64),
            Cell::Wrap(pr.name.clone()),
            Cell::text(&pr.section),
            Cell::Wrap(pr.description.join("\n")),
            Cell::Wrap(pr.indicator_sentence()),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for pr in &d.projects {
        for (k, i) in pr.indicators.iter().enumerate() {
            let mut row: Vec<Cell> = if k == 0 {
                project_cells(pr).to_vec()
            } else {
                vec![Cell::Blank; PROJECT_COLS]
            };
            row.extend(indicator_cells(i));
            rows.push(row);
        }
    }
    let limits = [
        (5.0, 6.0),
        (14.0, 24.0),
        (8.0, 14.0),
        (24.0, 40.0),
        (20.0, 32.0),
        (14.0, 26.0),
        (7.0, 12.0),
        (7.0, 12.0),
        (4.0, 6.0),
        (5.0, 6.0),
        (9.0, 16.0),
        (7.0, 12.0),
        (7.0, 9.0),
        (8.0, 9.0),
    ];
    // The project's cells are merged below, and row heights set for them.
    let plain: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(c, cell)| match cell {
                    Cell::Wrap(s) if c < PROJECT_COLS => Cell::Text(s.clone()),
                    cell => cell.clone(),
                })
                .collect()
        })
        .collect();
    let widths = write_table(ws, st, 0, &PROJECT_HEADERS, &plain, None, &limits)?;
    let mut row = 1u32;
    for pr in &d.projects {
        let k = pr.indicators.len().max(1) as u32;
        let cells = project_cells(pr);
        // Lines the indicator rows need by themselves, then what the project needs.
        let mut heights: Vec<f64> = rows[(row - 1) as usize..(row - 1 + k) as usize]
            .iter()
            .map(|r| {
                let lines = r[PROJECT_COLS..]
                    .iter()
                    .zip(&widths[PROJECT_COLS..])
                    .map(|(c, w)| match c {
                        Cell::Wrap(s) | Cell::Text(s) => line_count(s, *w),
                        _ => 1,
                    })
                    .max()
                    .unwrap_or(1);
                ROWS.of(lines)
            })
            .collect();
        let needed = ROWS.of(cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| match c {
                Cell::Wrap(s) | Cell::Text(s) => line_count(s, *w),
                _ => 1,
            })
            .max()
            .unwrap_or(1));
        let have: f64 = heights.iter().sum();
        if have < needed {
            let extra = (needed - have) / k as f64;
            heights.iter_mut().for_each(|h| *h += extra);
        }
        for (j, h) in heights.iter().enumerate() {
            ws.set_row_height(row + j as u32, h.min(409.0))?;
        }
        for (c, cell) in cells.iter().enumerate() {
            let c16 = c as u16;
            let last = row + k - 1;
            match cell {
                Cell::Number(n) => {
                    if k > 1 {
                        ws.merge_range(row, c16, last, c16, "", &st.int)?;
                    }
                    ws.write_number_with_format(row, c16, *n, &st.int)?;
                }
                Cell::Wrap(s) | Cell::Text(s) => {
                    if k > 1 {
                        ws.merge_range(row, c16, last, c16, s, &st.wrap)?;
                    } else {
                        ws.write_string_with_format(row, c16, s, &st.wrap)?;
                    }
                }
                _ => {}
            }
        }
        row += k;
    }
    let last = rows.len() as u32;
    achievement_formats(ws, 1, last, 12, 13, 13)?;
    ws.set_freeze_panes(1, 2)?;
    Print::published(title, true, Some((0, 0))).apply(ws)
}

fn comparison_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    city: &CityTotals,
    d: &Department,
    title: &str,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET_COMPARISON)?;
    let n = city.departments.max(1) as f64;
    let total = city.counts;
    let mine = Figures::of(d).counts();
    let city_rate = city.mean_rate;
    let mut sum_row = vec![Cell::text("全市合計"), Cell::Blank];
    sum_row.extend(total.iter().map(|v| Cell::Number(*v)));
    sum_row.push(Cell::rate(city_rate));
    let mut mean_row = vec![Cell::text("1部あたり平均"), Cell::Blank];
    mean_row.extend(
        total
            .iter()
            .map(|v| Cell::Number((v / n * 10.0).round() / 10.0)),
    );
    mean_row.push(Cell::Blank);
    let mut share_row = vec![Cell::text("全市に占める割合"), Cell::Blank];
    share_row.extend(mine.iter().zip(&total).map(|(m, t)| {
        if *t > 0.0 {
            Cell::Percent(m / t)
        } else {
            Cell::Blank
        }
    }));
    share_row.push(Cell::Blank);
    let rows = vec![department_row(d), sum_row, mean_row, share_row];
    write_table(
        ws,
        st,
        0,
        &DEPARTMENT_HEADERS,
        &rows,
        None,
        &DEPARTMENT_LIMITS,
    )?;
    let note = format!(
        "全市: {} 部の合計（summary.xlsx の「部別一覧」と同じ数字）。平均達成率の全市欄はすべての指標の平均です。",
        city.departments
    );
    ws.write_string_with_format(rows.len() as u32 + 2, 0, &note, &st.note)?;
    ws.set_freeze_panes(1, 1)?;
    Print::published(title, true, Some((0, 0))).apply(ws)
}
