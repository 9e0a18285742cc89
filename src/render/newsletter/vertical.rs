//! The printed page in 縦組み: the lead, the articles and each department's box set in
//! vertical lines (top to bottom, advancing right to left) in bands (段) read top to
//! bottom; the masthead, the band heads and the イメージ図 stay horizontal, as on many
//! vertical 広報 pages.
//!
//! Each text is a `typeset` frame set horizontally, its measure the band's height,
//! stood up by `typeset::vertical`; this module decides the bands, the boxes' rows
//! and the pages.

use super::layout::{
    article_blocks, band, band_pad, continuation_head, dept_blocks, dept_chars, dept_name, figure,
    geometry, masthead, Look, Names, LEADING,
};
use super::markup::{Dept, Page};
use super::{Pages, Paper};
use crate::fonts::FontSet;
use crate::typeset::boxes::rows;
use crate::typeset::structure::{NodeId, Role, Structure};
use crate::typeset::vertical::{chunks, stand_up, VFrame, VRun, VerticalFont};
use crate::typeset::{mm, to_mm, Item, Layout, Page as SheetPage, PageTemplate, Rgb, Typesetter};

/// The page in 縦組み, with its vertical text per page; or why it does not fit in the
/// `pages` allowed.
pub(super) fn lay_out(
    page: &Page,
    names: &Names,
    fonts: &FontSet,
    paper: Paper,
    pages: Pages,
    vf: [&VerticalFont; 2],
) -> Result<(Layout, Vec<Vec<VRun>>), String> {
    let g = geometry(paper);
    let look = Look::new(g.scale);
    let ts = &Typesetter::new(fonts, look.style(look.body), vec![PageTemplate::a4()]);
    let x0 = mm(g.margin_x);
    let top = mm(g.margin_y);
    let width = mm(g.width - 2.0 * g.margin_x);
    let body_h = mm(g.height - 2.0 * g.margin_y);
    let accent = look.accent;
    let gap = mm(5.0);

    let mast = masthead(ts, page, &look, width);

    // The lead and the articles: one text, its lines flowed right to left through
    // bands of `art_len` (a band is as wide as the page).
    let art_len = 22.0 * look.lead;
    let blocks = article_blocks(page, &look);
    let section = look.section;
    let articles = ts.column(&look.style(look.body), art_len, &blocks).tinted(
        move |r| r.font == crate::typeset::FontKind::Heading && (r.size - section).abs() < 0.01,
        accent,
    );
    let mut art = VFrame::default();
    let mut y = 0.0;
    for (k, (from, to)) in chunks(&articles, width, LEADING).into_iter().enumerate() {
        if k > 0 {
            y += gap;
            art.items.push(Item::rule(
                0.0,
                y - gap / 2.0,
                width,
                y - gap / 2.0,
                0.4,
                Rgb::gray(0.6),
            ));
        }
        art.place_runs(stand_up(&articles, vf, from, to), width, y);
        y += art_len;
    }
    art.w = width;
    art.h = y;
    art.structure = articles.structure.clone();

    // The band over the departments.
    let band_pad = band_pad();
    let (band_text, band_h) = band(ts, &page.departments.heading, &look, width);

    let fig = figure(ts, page, &look, width);

    // The departments: boxes a band high, right to left, band under band. The band's
    // height: the tallest of a few that gives the fewest pages (a lower band makes
    // wider boxes, but may leave room for the イメージ図 on the page).
    let box_gap = mm(3.0);
    let gaps = mm(5.0);
    // The イメージ図 goes at the foot of the last page (a page of its own when the
    // last is full).
    let first_avail = body_h - mast.h - art.h - band_h - 3.0 * gaps;
    let cont = continuation_head(ts, page, &look, width, band_h);
    let cont_avail = body_h - cont.h - gaps;
    let foot = if fig.h > 0.0 { fig.h + gaps } else { 0.0 };
    let mut best: Option<Plan> = None;
    for em in [25.0, 23.0, 21.0] {
        let plan = Plan::new(ts, page, &look, vf, em, width, box_gap);
        let n = plan.pages(first_avail, cont_avail, foot);
        if best
            .as_ref()
            .is_none_or(|b| n < b.pages(first_avail, cont_avail, foot))
        {
            best = Some(plan);
        }
        if n == 1 {
            break;
        }
    }
    let Plan {
        row_h,
        boxes,
        rows,
        row_step,
    } = best.expect("a plan");
    let name = |i: usize| names.name(i);
    let place = |i: usize| names.place(i);
    if let Some(i) = boxes.iter().position(|b| b.w > width) {
        return Err(format!(
            "{}{}の使命・目標は縦組みの広報ページ（{}）の一段に収まりません（段の幅 {:.0}mm に {:.0}mm）。使命・目標（{}字）を短くしてください",
            place(i),
            name(i),
            g.name,
            to_mm(width),
            to_mm(boxes[i].w),
            dept_chars(&page.departments.items[i]),
        ));
    }
    let per_page = |avail: f32| (((avail + box_gap) / row_step).floor().max(0.0)) as usize;
    let (first_rows, next_rows) = (per_page(first_avail), per_page(cont_avail).max(1));
    let n_pages = Plan {
        row_h,
        boxes: Vec::new(),
        rows: rows.clone(),
        row_step,
    }
    .pages(first_avail, cont_avail, foot);
    if art.h > body_h - mast.h - band_h - 3.0 * gaps {
        return Err(format!(
            "縦組みの広報ページ（{}）に収まりません: リード文と記事が {:.0}mm の高さになります。page.hbs の文章を短くしてください",
            g.name,
            to_mm(art.h)
        ));
    }
    if let Pages::Fixed(limit) = pages {
        if n_pages > limit as usize {
            let fit = first_rows + (limit as usize - 1) * next_rows;
            let first_out = rows.get(fit).and_then(|r| r.first()).copied().unwrap_or(0);
            let out_n = boxes.len() - first_out;
            return Err(format!(
                "縦組みの広報ページ（{}、[newsletter] pages = {limit}）に収まりません: {}（と続く {} 部）の使命・目標が {limit} ページ目の後にはみ出します（各部の使命・目標は {} 段、{limit} ページに入るのは {fit} 段）。使命・目標を短くする、[newsletter] featured の注目事業を減らす、[newsletter] pages を増やすか \"auto\" にする（全体で {n_pages} ページになります）のいずれかをしてください",
                g.name,
                name(first_out),
                out_n - 1,
                rows.len(),
            ));
        }
    }

    // The structure in reading order: masthead, articles, the departments row by row
    // (right to left in a row) over the pages, the figure.
    let mut tree = Structure::default();
    let mut depts: NodeId = 0;
    let mut sheets = Vec::new();
    let mut vertical = Vec::new();
    let mut next_row = 0;
    for p in 0..n_pages {
        let mut items = Vec::new();
        let mut runs = Vec::new();
        let mut y = top;
        let take = if p == 0 { first_rows } else { next_rows };
        if p == 0 {
            mast.place(x0, y, 0, &mut tree, &mut items);
            y += mast.h + gaps;
            art.place(x0, y, &mut tree, 0, &mut items, &mut runs);
            y += art.h + gaps;
            items.push(Item::fill(x0, y, width, band_h, accent));
            depts = tree.push(Role::Sect, 0);
            let ty = y + (band_h - band_text.h) / 2.0;
            band_text.place(x0 + band_pad, ty, depts, &mut tree, &mut items);
            y += band_h + gaps;
        } else {
            items.extend(cont.at(x0, y));
            y += cont.h + gaps;
        }
        for row in rows.iter().skip(next_row).take(take) {
            let mut right = x0 + width;
            for &i in row {
                let b = &boxes[i];
                b.place(right - b.w, y, &mut tree, depts, &mut items, &mut runs);
                items.extend(Item::border(right - b.w, y, b.w, row_h, 0.8, accent));
                right -= b.w + box_gap;
            }
            y += row_step;
        }
        next_row += take;
        if p + 1 == n_pages {
            let foot = top + body_h - fig.h;
            fig.place(x0, foot, 0, &mut tree, &mut items);
        }
        sheets.push(SheetPage {
            width: mm(g.width),
            height: mm(g.height),
            body: [x0, top, width, body_h],
            number: p as u32 + 1,
            items,
        });
        vertical.push(runs);
    }
    Ok((
        Layout {
            pages: sheets,
            anchors: Default::default(),
            outline: Vec::new(),
            structure: tree,
        },
        vertical,
    ))
}

/// The departments' boxes for one band height, in rows.
struct Plan {
    row_h: f32,
    boxes: Vec<VFrame>,
    /// Box indices per row, each row right to left.
    rows: Vec<Vec<usize>>,
    row_step: f32,
}

impl Plan {
    fn new(
        ts: &Typesetter,
        page: &Page,
        look: &Look,
        vf: [&VerticalFont; 2],
        em: f32,
        width: f32,
        box_gap: f32,
    ) -> Plan {
        let row_h = em * look.body + mm(6.0);
        let boxes: Vec<VFrame> = page
            .departments
            .items
            .iter()
            .map(|d| dept_box(ts, d, look, row_h, vf))
            .collect();
        let widths: Vec<f32> = boxes.iter().map(|b| b.w).collect();
        let rows = rows(&widths, width, box_gap);
        Plan {
            row_h,
            boxes,
            rows,
            row_step: row_h + box_gap,
        }
    }

    /// Pages it takes: rows on the first page (`first` high) and the following
    /// (`next`), and `foot` at the foot of the last.
    fn pages(&self, first: f32, next: f32, foot: f32) -> usize {
        let per = |avail: f32| {
            (((avail + self.row_step - self.row_h) / self.row_step)
                .floor()
                .max(0.0)) as usize
        };
        let (a, b) = (per(first), per(next).max(1));
        let rows = self.rows.len();
        let mut n = if rows <= a {
            1
        } else {
            1 + (rows - a).div_ceil(b)
        };
        let on_last = if n == 1 { rows } else { rows - a - (n - 2) * b };
        let avail = if n == 1 { first } else { next };
        if foot > 0.0 && avail - on_last as f32 * self.row_step < foot {
            n += 1;
        }
        n
    }
}

/// A department's box, `h` high: its name on a tinted strip at the right, then the
/// headline and the bullets, in vertical lines.
fn dept_box(ts: &Typesetter, d: &Dept, look: &Look, h: f32, vf: [&VerticalFont; 2]) -> VFrame {
    let pad = mm(2.5);
    let len = h - 2.0 * pad;
    let name = dept_name(ts, d, look, len);
    let strip = name.h + mm(0.5);
    let blocks = dept_blocks(d, look);
    let body = ts.column(&look.style(look.body), len, &blocks);
    let w = strip + mm(1.8) + body.h + mm(1.5);
    let mut p = VFrame {
        w,
        h,
        ..VFrame::default()
    };
    // A section: the name (a heading), the headline and the bullets.
    let sect = p.structure.push(Role::Sect, 0);
    p.items
        .push(Item::fill(w - strip, 0.0, strip, h, look.tint));
    p.items
        .push(Item::rule(w - strip, 0.0, w - strip, h, 0.5, look.accent));
    for (part, right) in [
        (&name, w - (strip - name.h) / 2.0),
        (&body, w - strip - mm(1.8)),
    ] {
        let map = p.structure.adopt(part.structure.clone(), sect);
        let runs = stand_up(part, vf, 0.0, f32::INFINITY)
            .into_iter()
            .map(|r| VRun {
                node: map(r.node),
                ..r
            })
            .collect();
        p.place_runs(runs, right, pad);
    }
    p
}
