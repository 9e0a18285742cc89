//! Contents entries: the title, dotted leaders and the page number.

use super::super::doc::*;
use super::super::page::*;
use super::super::structure::stamp;
use super::Flow;

impl Flow<'_> {
    pub(super) fn toc(&mut self, e: &TocEntry) {
        self.ensure_page();
        let st = self.st().clone();
        let size = st.body_size;
        let lh = size * st.leading;
        let w = self.col_w();
        let indent = (e.level.max(1) - 1) as f32 * size * 1.5;
        let font = if e.level <= 1 {
            FontKind::Heading
        } else {
            FontKind::Body
        };
        let num_w = self.width_of(&e.page, FontKind::Body, size);
        let spans = [Span {
            text: e.text.clone(),
            font,
            link: None,
        }];
        let text_w = w - indent - num_w - size * 2.0;
        let mut lines = self
            .ts
            .lines(&spans, size, Align::Left, 0.0, 0.0, text_w, lh);
        let nlines = lines.len();
        let last_right = lines
            .last()
            .and_then(|p| {
                p.items
                    .iter()
                    .filter_map(|it| {
                        if let Item::Text(r) = it {
                            Some(r.right())
                        } else {
                            None
                        }
                    })
                    .reduce(f32::max)
            })
            .unwrap_or(0.0);
        let numline = self.ts.lines(
            &[Span::text(e.page.clone())],
            size,
            Align::Right,
            0.0,
            0.0,
            w,
            lh,
        );
        if let (Some(last), Some(num)) = (lines.last_mut(), numline.first()) {
            for it in &mut last.items {
                *it = it.moved(indent, 0.0);
            }
            last.items.extend(num.items.iter().cloned());
            let y = lh / 2.0 + size * 0.3;
            // Leaders on one grid for every entry: dots start at a multiple of their
            // period (the PDF's dash [0.8 2.4]) and end before the widest page number.
            let x1 = ((indent + last_right + size * 0.5) / LEADER_STEP).ceil() * LEADER_STEP;
            let end = w - self.width_of("000", FontKind::Body, size).max(num_w) - size * 0.5;
            let x2 = (end / LEADER_STEP).floor() * LEADER_STEP;
            last.items.push(Item::Rule {
                x1,
                y1: y,
                x2: x2.max(x1),
                y2: y,
                width: 0.8,
                color: Rgb::gray(0.3),
                dotted: true,
            });
        }
        for l in lines.iter_mut().take(nlines - 1) {
            l.items = l.moved(indent, 0.0).collect();
        }
        if let Some(t) = &e.target {
            for l in lines.iter_mut() {
                l.items.push(Item::Link {
                    x: indent,
                    y: 0.0,
                    w: w - indent,
                    h: lh,
                    target: Link::Anchor(t.clone()),
                    node: 0,
                });
            }
        }
        let n = self
            .tags
            .toc_entry(&mut self.out.structure, format!("{}（{}）", e.text, e.page));
        stamp(lines.iter_mut().flat_map(|l| l.items.iter_mut()), n);
        self.flow_lines(&lines);
    }
}

/// Period of a dotted rule as the PDF draws it (dash 0.8, gap 2.4 points).
pub(super) const LEADER_STEP: f32 = 3.2;
