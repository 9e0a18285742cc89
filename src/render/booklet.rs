//! The booklet (冊子): the full text of every department's 「運営方針と目標」, in the
//! structure of the seed's イメージ図, as a document tree for [`crate::typeset`].
//!
//! This module turns the checked model into blocks and wording; it knows nothing of
//! spreadsheets, and `typeset` knows nothing of departments.

use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

use super::wording::{Wording, WordingError};
use crate::fonts::FontSet;
use crate::model::{format_number, Department, Project, Publication};
use crate::pdf::{PdfMeta, PdfWriter};
use crate::typeset::{
    Align, Block, Cell, ColumnWidths, Document, Flowed, Heading, Layout, PageTemplate, Paragraph,
    Span, Style, Table, TocEntry, Typesetter,
};

pub use crate::config::booklet::{Binding, Paper};

/// The built-in wording.
pub(crate) const DEFAULT_WORDING: &str = include_str!("../../templates/booklet/wording.toml");

/// What the booklet needs besides the publication.
pub struct BookletOptions<'a> {
    pub paper: Paper,
    /// Pads the page count with intentional blank pages before the 奥付.
    pub binding: Binding,
    pub wording: &'a Wording,
    /// Seconds since 1970: the PDF's dates and the cover's 発行年月.
    pub time: i64,
    /// A tagged PDF/UA-1 and PDF/A-2a ([`PdfMeta::tagged`]).
    pub tagged: bool,
}

/// A finished booklet.
pub struct Booklet {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Seconds spent laying out and writing the PDF, for `-v` and benchmarks.
    pub layout_secs: f64,
    pub write_secs: f64,
}

/// (inner, outer) margins in mm of the booklet's facing pages, A4 and A5. The inner
/// margin (のど) is wider for the binding, by more than 2.2 em of body text: a page's
/// lines start that far from the facing page's, so a paragraph ending short on one page
/// is not read as running on into a paragraph on the next one (pdfcheck.py follows a
/// paragraph onto the next page only at the same left edge, ±2.2 em).
pub const BINDING_A4: (f32, f32) = (28.0, 16.0);
pub(crate) const BINDING_A5: (f32, f32) = (18.0, 10.0);

/// Loads the booklet wording: built in, or `dir/booklet/wording.toml` when present.
pub fn wording(dir: Option<&std::path::Path>) -> Result<Wording, WordingError> {
    let file = dir
        .map(|d| d.join("booklet").join("wording.toml"))
        .filter(|p| p.is_file());
    Wording::load(
        DEFAULT_WORDING,
        "templates/booklet/wording.toml",
        file.as_deref(),
    )
}

/// Lays out and writes the booklet.
pub fn render(
    publication: &Publication,
    fonts: &FontSet,
    opts: &BookletOptions,
) -> Result<Booklet, String> {
    let w = opts.wording;
    let base = base_context(publication, opts.time);
    let mut sample = base.clone();
    if let (Some(d), Some(p)) = (
        publication.departments.first(),
        publication
            .departments
            .first()
            .and_then(|d| d.projects.first()),
    ) {
        merge(&mut sample, &department_context(d));
        merge(&mut sample, &project_context(p));
    }
    w.validate(&sample).map_err(|e| e.0)?;

    let (page, cover) = match opts.paper {
        Paper::A4 => (
            // Facing pages bound on the left of odd pages: the inner margin (のど)
            // 12 mm wider than the outer one (小口), the measure as before.
            PageTemplate::a4().margins(24.0, BINDING_A4.1, 22.0, BINDING_A4.0),
            PageTemplate::a4().named("cover"),
        ),
        Paper::A5 => {
            let t = PageTemplate::a5();
            let (top, bottom) = (t.margin_top_mm, t.margin_bottom_mm);
            (
                t.margins(top, BINDING_A5.1, bottom, BINDING_A5.0),
                PageTemplate::a5().named("cover"),
            )
        }
    };
    let mut cover = cover;
    cover.running_head = false;
    cover.folio = None;
    // Printed on both sides: running heads on the outer edge (left on even pages).
    let page = PageTemplate {
        mirror: true,
        ..page
    };
    let style = match opts.paper {
        Paper::A4 => Style::default(),
        Paper::A5 => Style {
            body_size: 9.5,
            heading_sizes: [14.0, 12.0, 10.5, 9.5],
            table_size: 8.5,
            ..Style::default()
        },
    };
    // One body line, in mm: the blank line between the paragraphs of one text.
    let blank_line = style.body_size * style.leading * 25.4 / 72.0;
    let body_ts = Typesetter::new(fonts, style.clone(), vec![page.clone()]);
    let front_ts = Typesetter::new(fonts, style, vec![cover.clone(), page]);

    // Every department starts on a new page, so each is flowed on its own, in
    // parallel, numbered from 1; once the page counts are known each is renumbered
    // from where it starts (numbers never move a line break) and finished. The
    // contents have one line per entry whatever the numbers, so their page count is
    // known before the numbers are.
    let departments = &publication.departments;
    let t0 = std::time::Instant::now();
    let mut flowed: Vec<Flowed> = departments
        .par_iter()
        .enumerate()
        .map(|(i, d)| body_ts.flow(&department_doc(d, i, w, &base, blank_line)))
        .collect();
    let front_pages = front_ts
        .layout(&front_doc(publication, w, &base, &Default::default()))
        .pages
        .len() as u32;
    let mut next = front_pages + 1;
    for f in flowed.iter_mut() {
        f.renumber(i64::from(next) - 1);
        next += f.page_count() as u32;
    }
    let numbers: BTreeMap<String, String> = flowed
        .iter()
        .flat_map(|f| {
            f.anchors()
                .iter()
                .map(|(k, a)| (k.clone(), a.number.to_string()))
        })
        .collect();
    let parts: Vec<Layout> = flowed.into_par_iter().map(Flowed::finish).collect();
    let mut layout = front_ts.layout(&front_doc(publication, w, &base, &numbers));
    for part in parts {
        append(&mut layout, part);
    }
    // Intentional blank pages, then the 奥付 on the last page: the count a multiple of
    // what the binding needs, so the printer adds nothing.
    let colophon_ts = Typesetter::new(fonts, body_ts.style.clone(), vec![cover]);
    let mut colophon = colophon_ts.layout(&colophon_doc(w, &base));
    colophon.pages.truncate(1);
    let m = opts.binding.multiple();
    let blanks = (m - (layout.pages.len() + 1) % m) % m;
    for _ in 0..blanks {
        let last = layout.pages.last().expect("the cover");
        let blank = crate::typeset::Page {
            number: last.number + 1,
            items: Vec::new(),
            ..last.clone()
        };
        layout.pages.push(blank);
    }
    let number = layout.pages.last().map_or(1, |p| p.number + 1);
    for p in colophon.pages.iter_mut() {
        p.number = number;
    }
    append(&mut layout, colophon);
    let layout_secs = t0.elapsed().as_secs_f64();
    let t1 = std::time::Instant::now();
    let meta = PdfMeta {
        title: w.render("pdf_title", &base),
        author: publication.city.clone(),
        subject: publication.title.clone(),
        time: opts.time,
        tagged: opts.tagged,
        ..PdfMeta::default()
    };
    let pdf = PdfWriter::new(fonts)?.write(&layout, &meta)?;
    Ok(Booklet {
        pdf,
        pages: layout.pages.len(),
        layout_secs,
        write_secs: t1.elapsed().as_secs_f64(),
    })
}

fn base_context(p: &Publication, time: i64) -> Value {
    json!({
        "年度": p.year.wareki(),
        "題名": p.title,
        "市": p.city,
        "発行": p.issuer,
        "問い合わせ先": p.contact,
        "発行年月": issue_month(time),
    })
}

fn department_context(d: &Department) -> Value {
    json!({ "部名": d.name, "要約": d.headline, "部長": d.head, "部の問い合わせ先": d.contact })
}

fn project_context(p: &Project) -> Value {
    json!({ "番号": p.no, "事業名": p.name, "担当課": p.section })
}

fn merge(into: &mut Value, from: &Value) {
    if let (Some(a), Some(b)) = (into.as_object_mut(), from.as_object()) {
        for (k, v) in b {
            a.insert(k.clone(), v.clone());
        }
    }
}

fn with(base: &Value, extra: &Value) -> Value {
    let mut v = base.clone();
    merge(&mut v, extra);
    v
}

/// 平成15年4月 for a Unix time (JST).
fn issue_month(time: i64) -> String {
    let serial = (time + 9 * 3600).div_euclid(86_400) as f64 + 25_569.0;
    match crate::model::Date::from_excel_serial(serial) {
        Some(d) => format!(
            "{}{}月",
            crate::model::FiscalYear(d.year).wareki_year(),
            d.month
        ),
        None => String::new(),
    }
}

fn centered(text: String, size: f32, strong: bool) -> Block {
    Block::Paragraph(Paragraph {
        content: vec![if strong {
            Span::strong(text)
        } else {
            Span::text(text)
        }],
        align: Align::Center,
        indent_em: 0.0,
        size: Some(size),
    })
}

fn heading(level: u8, text: String, anchor: Option<String>, outline: bool) -> Block {
    Block::Heading(Heading {
        level,
        text,
        anchor,
        outline,
    })
}

fn anchor_of(d: &Department, index: usize, part: u8) -> String {
    // Index-based: 部名 may hold any character.
    let _ = d;
    if part == 0 {
        format!("dept-{index}")
    } else {
        format!("dept-{index}-{part}")
    }
}

/// Appends `part`'s pages, anchors and outline after `layout`'s.
fn append(layout: &mut Layout, part: Layout) {
    let offset = layout.pages.len();
    layout.pages.extend(part.pages);
    layout
        .structure
        .graft_pages(part.structure, 0, &mut layout.pages[offset..]);
    for (k, mut a) in part.anchors {
        a.page += offset;
        layout.anchors.insert(k, a);
    }
    layout.outline.extend(part.outline.into_iter().map(|mut e| {
        e.page += offset;
        e
    }));
}

/// The cover and the contents; `pages` gives each anchor's printed page number.
fn front_doc(
    p: &Publication,
    w: &Wording,
    base: &Value,
    pages: &BTreeMap<String, String>,
) -> Document {
    let mut doc = Document::new();
    // Cover.
    doc.push(Block::Space(55.0))
        .push(centered(w.render("cover_year", base), 20.0, true))
        .push(Block::Space(8.0))
        .push(centered(w.render("cover_title", base), 28.0, true))
        .push(Block::Space(95.0))
        .push(centered(w.render("cover_city", base), 18.0, true))
        .push(Block::Space(4.0))
        .push(centered(w.render("cover_issuer", base), 12.0, false))
        .push(centered(w.render("cover_date", base), 12.0, false));
    // Contents.
    doc.push(Block::PageBreak(Some("a4".into())));
    doc.push(Block::RunningHead(String::new()));
    doc.push(heading(
        1,
        w.render("toc_title", base),
        Some("toc".into()),
        true,
    ));
    for (i, d) in p.departments.iter().enumerate() {
        let ctx = with(base, &department_context(d));
        let entry = |level: u8, text: String, anchor: String| {
            Block::Toc(TocEntry {
                level,
                text,
                page: pages.get(&anchor).cloned().unwrap_or_else(|| "0".into()),
                target: Some(anchor),
            })
        };
        doc.push(entry(
            1,
            w.render("department_title", &ctx),
            anchor_of(d, i, 0),
        ));
        for (part, key) in [(1, "part1"), (2, "part2"), (3, "part3")] {
            doc.push(entry(2, w.render(key, &ctx), anchor_of(d, i, part)));
        }
    }
    doc
}

/// The 奥付: title, issuer, date of issue and contact, at the foot of the last page.
fn colophon_doc(w: &Wording, base: &Value) -> Document {
    let mut doc = Document::new();
    let line = |key: &str| {
        Block::Paragraph(Paragraph {
            content: vec![Span::text(w.render(key, base))],
            align: Align::Left,
            indent_em: 0.0,
            size: None,
        })
    };
    doc.push(Block::Space(175.0))
        .push(Block::Paragraph(Paragraph {
            content: vec![Span::strong(w.render("colophon_title", base))],
            align: Align::Left,
            indent_em: 0.0,
            size: Some(12.0),
        }))
        .push(Block::Rule)
        .push(line("colophon_issuer"))
        .push(line("colophon_date"))
        .push(line("colophon_contact"))
        .push(Block::Rule);
    doc
}

/// One department, its first page numbered 1 (renumbered once its place is known).
/// `blank_line`: one body line in mm.
fn department_doc(
    d: &Department,
    index: usize,
    w: &Wording,
    base: &Value,
    blank_line: f32,
) -> Document {
    let mut doc = Document::new();
    let ctx = with(base, &department_context(d));
    doc.push(Block::PageNumber(1));
    doc.push(Block::RunningHead(w.render("running_head", &ctx)));
    doc.push(heading(
        1,
        w.render("department_title", &ctx),
        Some(anchor_of(d, index, 0)),
        true,
    ));

    // 1 部の使命・目標に関する認識
    doc.push(heading(
        2,
        w.render("part1", &ctx),
        Some(anchor_of(d, index, 1)),
        true,
    ));
    doc.push(heading(3, w.text("mission"), None, false));
    doc.push(Block::Paragraph(Paragraph {
        content: vec![Span::strong(w.render("headline", &ctx))],
        align: Align::Left,
        indent_em: 0.0,
        size: None,
    }));
    doc.push(Block::bullets(d.mission.iter().map(|m| m.text.clone())));
    doc.push(heading(3, w.text("sections"), None, false));
    let mut rows = vec![vec![
        Cell::text(w.text("th_section")),
        Cell::text(w.text("th_role")),
    ]];
    rows.extend(
        d.sections
            .iter()
            .map(|s| vec![Cell::text(&s.name), Cell::text(&s.role)]),
    );
    doc.push(table(
        vec![1.0, 3.2],
        vec![Align::Left, Align::Justify],
        rows,
        ColumnWidths::Auto,
    ));

    // 2 部の経営資源
    doc.push(heading(
        2,
        w.render("part2", &ctx),
        Some(anchor_of(d, index, 2)),
        true,
    ));
    doc.push(heading(3, w.text("staff"), None, false));
    doc.push(totals_table(
        w,
        "th_staff_kind",
        "th_staff_count",
        d.staff.iter().map(|l| (l.label.as_str(), l.value)),
        d.staff_total(),
    ));
    doc.push(heading(3, w.text("budget"), None, false));
    doc.push(totals_table(
        w,
        "th_account",
        "th_amount",
        d.budget.iter().map(|l| (l.label.as_str(), l.value)),
        d.budget_total(),
    ));

    // 3 部の実施方針及び個別事業の目標等
    doc.push(heading(
        2,
        w.render("part3", &ctx),
        Some(anchor_of(d, index, 3)),
        true,
    ));
    doc.push(heading(3, w.text("policies"), None, false));
    let mut list = Block::numbered(d.policies.iter().map(|p| p.text.clone()));
    if let (Block::List(l), Some(first)) = (&mut list, d.policies.first()) {
        l.start = first.no;
    }
    doc.push(list);
    doc.push(heading(3, w.text("projects"), None, false));
    for project in &d.projects {
        // A project's heading, description, 目標指標 line and table stay on one page
        // when one holds them; the 目標指標 line never ends a page without its table.
        let pctx = with(&ctx, &project_context(project));
        let mut block = vec![heading(4, w.render("project_heading", &pctx), None, false)];
        for (k, para) in project.description.iter().enumerate() {
            if k > 0 {
                // A blank line between the paragraphs of a description: a paragraph
                // that ends short reads as the end of a paragraph, not as an
                // unjustified line of a longer one (the indent alone is within what a
                // list's hanging indent moves a line; pdfcheck.py reads lines less
                // than 3 em apart as one paragraph).
                block.push(Block::Space(blank_line));
            }
            block.push(Block::para(para.clone()));
        }
        block.push(Block::Keep(Box::new(Block::Paragraph(Paragraph {
            content: vec![
                Span::strong(w.text("indicator_label")),
                Span::text(project.indicator_sentence()),
            ],
            align: Align::Justify,
            indent_em: 0.0,
            size: None,
        }))));
        block.push(indicator_table(w, project));
        doc.push(Block::Together(block));
        doc.push(Block::Space(2.0));
    }
    doc
}

fn table(
    columns: Vec<f32>,
    aligns: Vec<Align>,
    rows: Vec<Vec<Cell>>,
    widths: ColumnWidths,
) -> Block {
    Block::Table(Table {
        columns,
        aligns,
        header_rows: 1,
        rows,
        size: None,
        middle: true,
        widths,
    })
}

/// A cell of a column of figures: right-aligned when it holds a figure (「214,000件」,
/// 「80%」, 「約3千円」), aligned as text when it holds words (「基本仕様の確定」).
fn figure(text: impl Into<String>) -> Cell {
    let text = text.into();
    let c = Cell::text(text.clone());
    let figure = text
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        || text.trim().is_empty()
        || matches!(text.trim(), "-" | "－" | "―" | "—");
    if figure {
        c
    } else {
        c.aligned(Align::Left)
    }
}

/// 職員数 or 予算 with its 合計 row.
fn totals_table<'a>(
    w: &Wording,
    label: &str,
    value: &str,
    lines: impl Iterator<Item = (&'a str, f64)>,
    total: f64,
) -> Block {
    let mut rows = vec![vec![Cell::text(w.text(label)), Cell::text(w.text(value))]];
    rows.extend(lines.map(|(l, v)| vec![Cell::text(l), Cell::text(format_number(v))]));
    rows.push(vec![
        Cell {
            content: vec![Span::strong(w.text("total"))],
            ..Cell::text("")
        }
        .aligned(Align::Center),
        Cell {
            content: vec![Span::strong(format_number(total))],
            ..Cell::text("")
        },
    ]);
    // As wide as the labels and figures need, not the measure (a label 330 pt from
    // its figure is hard to read across).
    table(
        vec![2.6, 1.4],
        vec![Align::Left, Align::Right],
        rows,
        ColumnWidths::Content,
    )
}

/// 指標名, 基準値, 目標値, 期限, and 実績値 / 達成率 / 達成状況 where the project has any.
fn indicator_table(w: &Wording, p: &Project) -> Block {
    let results = p
        .indicators
        .iter()
        .any(|i| i.actual.is_some() || i.status.is_some());
    let mut header = ["th_indicator", "th_baseline", "th_target", "th_deadline"].to_vec();
    let mut columns = vec![2.8, 1.2, 1.3, 1.75];
    let mut aligns = vec![Align::Left, Align::Right, Align::Right, Align::Center];
    if results {
        header.extend(["th_actual", "th_rate", "th_status"]);
        columns.extend([1.2, 1.0, 1.15]);
        aligns.extend([Align::Right, Align::Right, Align::Center]);
    }
    let mut rows = vec![header
        .iter()
        .map(|k| Cell::text(w.text(k)))
        .collect::<Vec<_>>()];
    for i in &p.indicators {
        let t = i.printed();
        let mut row = vec![
            Cell::text(&i.name),
            figure(t.baseline),
            figure(t.target),
            Cell::text(t.deadline),
        ];
        if results {
            row.extend([figure(t.actual), figure(t.rate), Cell::text(t.status)]);
        }
        rows.push(row);
    }
    table(columns, aligns, rows, ColumnWidths::Auto)
}
