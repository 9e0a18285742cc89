//! Tables: cells set into lines, column widths, rows placed and split over columns
//! and pages with the header repeated.

use super::super::compose::extents;
use super::super::doc::*;
use super::super::page::*;
use super::{Flow, Piece};

/// A table cell set into lines: columns `c0..c1`, rows from its own down `down`.
#[derive(Clone)]
pub(super) struct CellBox {
    pub(super) c0: usize,
    pub(super) c1: usize,
    pub(super) down: usize,
    pub(super) lines: Vec<Piece>,
}

/// Table geometry: column edges, line height, padding.
pub(super) struct Grid {
    pub(super) xs: Vec<f32>,
    pub(super) lh: f32,
    pub(super) pad_x: f32,
    pub(super) pad_y: f32,
    pub(super) shade: Rgb,
    pub(super) middle: bool,
}

impl Grid {
    /// Rows drawn as one piece: each row as tall as its tallest single-row cell, the
    /// last row of a spanning cell taller if the cell needs it; each cell ruled on its
    /// top and left, the table on its right and bottom.
    pub(super) fn piece(&self, rows: &[Vec<CellBox>], header: bool) -> Piece {
        let n = rows.len();
        let need = |c: &CellBox| c.lines.len().max(1) as f32 * self.lh + 2.0 * self.pad_y;
        let mut hs: Vec<f32> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .filter(|c| c.down <= 1)
                    .map(need)
                    .fold(self.lh + 2.0 * self.pad_y, f32::max)
            })
            .collect();
        for (ri, r) in rows.iter().enumerate() {
            for c in r.iter().filter(|c| c.down > 1) {
                let end = (ri + c.down).min(n);
                let have: f32 = hs[ri..end].iter().sum();
                if need(c) > have {
                    hs[end - 1] += need(c) - have;
                }
            }
        }
        let mut ys = vec![0.0];
        for h in &hs {
            ys.push(ys.last().unwrap() + h);
        }
        let (w, h) = (*self.xs.last().unwrap(), ys[n]);
        let mut items = Vec::new();
        if header {
            items.push(Item::Fill {
                x: 0.0,
                y: 0.0,
                w,
                h,
                color: self.shade,
            });
        }
        let rule = |x1, y1, x2, y2| Item::Rule {
            x1,
            y1,
            x2,
            y2,
            width: 0.5,
            color: Rgb::gray(0.35),
            dotted: false,
        };
        for (ri, r) in rows.iter().enumerate() {
            for c in r {
                let bottom = ys[(ri + c.down).min(n)];
                let slack = if self.middle {
                    (bottom - ys[ri] - need(c)).max(0.0) / 2.0
                } else {
                    0.0
                };
                for (li, l) in c.lines.iter().enumerate() {
                    let y = ys[ri] + slack + self.pad_y + li as f32 * self.lh;
                    items.extend(l.moved(self.xs[c.c0] + self.pad_x, y));
                }
                items.push(rule(self.xs[c.c0], ys[ri], self.xs[c.c1], ys[ri]));
                items.push(rule(self.xs[c.c0], ys[ri], self.xs[c.c0], bottom));
            }
        }
        items.push(rule(w, 0.0, w, h));
        items.push(rule(0.0, h, w, h));
        Piece { h, items }
    }
}

impl Flow<'_> {
    /// Heights of a table's header and of its first `groups` groups of body rows, and
    /// its line height.
    pub(super) fn table_height(&self, t: &Table, groups: usize) -> (f32, f32, f32) {
        let (g, rows, gs) = self.table_prep(t, groups <= 2);
        let hr = t.header_rows.min(rows.len());
        let head = if hr > 0 {
            g.piece(&rows[..hr], true).h
        } else {
            0.0
        };
        let body: f32 = gs
            .iter()
            .filter(|r| r.start >= hr)
            .take(groups)
            .map(|r| g.piece(&rows[r.clone()], false).h)
            .sum();
        (head, body, g.lh)
    }

    /// A table's cells set into lines and its rows grouped (rows tied by a cell
    /// spanning down form one group; the header rows form the first).
    /// The table's grid, its cells set into lines and its groups of rows (rows tied
    /// together by cells spanning down; the header is one group). With `first_only`
    /// only the header and the first body group are set (what [`Self::min_start`]
    /// needs); the other rows keep their cells with no lines.
    pub(super) fn table_prep(
        &self,
        t: &Table,
        first_only: bool,
    ) -> (Grid, Vec<Vec<CellBox>>, Vec<std::ops::Range<usize>>) {
        let st = self.st();
        let size = t.size.unwrap_or(st.table_size);
        let lh = size * st.table_leading;
        let ncols = t.columns.len();
        // Where each cell stands, by the row it starts in. Columns covered by a cell
        // spanning down from above are skipped.
        let mut covered = vec![0usize; ncols];
        let placed: Vec<Vec<(CellBox, Option<&Cell>)>> = t
            .rows
            .iter()
            .enumerate()
            .map(|(ri, row)| {
                let header = ri < t.header_rows;
                let mut cells = Vec::new();
                let mut it = row.iter();
                let mut c0 = 0;
                while c0 < ncols {
                    if covered[c0] > 0 {
                        covered[c0] -= 1;
                        c0 += 1;
                        continue;
                    }
                    let cell = it.next();
                    let span = cell.map_or(1, |c| c.span.max(1));
                    let c1 = (c0 + span).min(ncols);
                    // A header cell never spans past the header.
                    let last = if header { t.header_rows } else { t.rows.len() };
                    let down = cell.map_or(1, |c| c.rows.max(1)).min(last - ri);
                    for c in covered.iter_mut().take(c1).skip(c0) {
                        *c = down - 1;
                    }
                    let bx = CellBox {
                        c0,
                        c1,
                        down,
                        lines: Vec::new(),
                    };
                    cells.push((bx, cell));
                    c0 = c1;
                }
                cells
            })
            .collect();
        let pad_x = size * 0.5;
        let g = Grid {
            lh,
            pad_x,
            pad_y: size * 0.35,
            xs: self.column_edges(t, &placed, size, pad_x),
            shade: Rgb::gray(st.header_shade),
            middle: t.middle,
        };
        let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = 0;
        let mut reach = 0;
        for (ri, row) in placed.iter().enumerate() {
            reach = reach.max(ri + row.iter().map(|c| c.0.down).max().unwrap_or(1));
            let header_end = ri + 1 == t.header_rows;
            if reach == ri + 1 && (ri + 1 >= t.header_rows || header_end) {
                groups.push(start..ri + 1);
                start = ri + 1;
            }
        }
        if start < placed.len() {
            groups.push(start..placed.len());
        }
        let hr = t.header_rows.min(placed.len());
        let set_rows = if first_only {
            // The header and the first two groups: what a table must start a page with.
            groups
                .iter()
                .filter(|r| r.start >= hr)
                .take(2)
                .last()
                .map_or(hr, |r| r.end)
        } else {
            placed.len()
        };
        let rows = placed
            .into_iter()
            .enumerate()
            .map(|(ri, row)| {
                let header = ri < t.header_rows;
                row.into_iter()
                    .map(|(mut bx, cell)| {
                        if let Some(cell) = cell.filter(|_| ri < set_rows) {
                            let align = cell.align.unwrap_or(if header {
                                Align::Center
                            } else {
                                t.aligns.get(bx.c0).copied().unwrap_or(Align::Justify)
                            });
                            let spans = &*cell_content(cell, header);
                            let width = g.xs[bx.c1] - g.xs[bx.c0] - 2.0 * g.pad_x;
                            bx.lines = self.ts.lines(spans, size, align, 0.0, 0.0, width, lh);
                        }
                        bx
                    })
                    .collect()
            })
            .collect();
        (g, rows, groups)
    }

    /// The x of each column edge, from 0 to the table's width.
    pub(super) fn column_edges(
        &self,
        t: &Table,
        placed: &[Vec<(CellBox, Option<&Cell>)>],
        size: f32,
        pad_x: f32,
    ) -> Vec<f32> {
        let w = self.col_w();
        let shares: f32 = t.columns.iter().sum::<f32>().max(0.0001);
        let share = |i: usize| t.columns[i].max(0.0) / shares;
        let edges = |widths: &[f32]| {
            let mut xs = vec![0.0];
            for c in widths {
                xs.push(xs.last().unwrap() + c);
            }
            xs
        };
        let n = t.columns.len();
        if t.widths == ColumnWidths::Shares || n == 0 {
            return edges(&(0..n).map(|i| share(i) * w).collect::<Vec<_>>());
        }
        // Each column's least and widest width from its single-column cells. A short
        // value (up to 7 em: 達成状況, 平成15年度末, 企画経営室) is not broken.
        let mut least = vec![2.0 * pad_x + size; n];
        let mut most = least.clone();
        for (ri, row) in placed.iter().enumerate() {
            let header = ri < t.header_rows;
            for (bx, cell) in row {
                let Some(cell) = cell.filter(|_| bx.c1 == bx.c0 + 1) else {
                    continue;
                };
                let content = cell_content(cell, header);
                let (lo, hi) = extents(&content, size, self.ts.metrics);
                let lo = if hi <= 7.0 * size { hi } else { lo };
                least[bx.c0] = least[bx.c0].max(lo + 2.0 * pad_x + 0.01);
                most[bx.c0] = most[bx.c0].max(hi + 2.0 * pad_x + 0.01);
            }
        }
        let (sum_least, sum_most): (f32, f32) = (least.iter().sum(), most.iter().sum());
        let widths: Vec<f32> = if sum_most <= w {
            // Everything on one line: the content's width, or the measure with the
            // room left shared out.
            let room = if t.widths == ColumnWidths::Content {
                0.0
            } else {
                w - sum_most
            };
            (0..n).map(|i| most[i] + room * share(i)).collect()
        } else if sum_least >= w {
            // Not even the unbreakable pieces fit: shrink them alike.
            least.iter().map(|l| l * w / sum_least).collect()
        } else {
            // Between: each column gets its least and a part of the rest in proportion
            // to how much more it would take (HTML's automatic layout).
            let want: f32 = (0..n).map(|i| most[i] - least[i]).sum::<f32>().max(0.0001);
            (0..n)
                .map(|i| least[i] + (w - sum_least) * (most[i] - least[i]) / want)
                .collect()
        };
        edges(&widths)
    }

    pub(super) fn table(&mut self, t: &Table) {
        self.ensure_page();
        let (g, mut rows, groups) = self.table_prep(t, false);
        self.tag_table(t.header_rows, &mut rows);
        let lh = g.lh;
        let header_rows = t.header_rows.min(rows.len());
        let header = (header_rows > 0).then(|| g.piece(&rows[..header_rows], true));
        let header_h = header.as_ref().map_or(0.0, |p| p.h);
        // Repeated on a following page, the header is decoration.
        let mut header = header.map(|h| (h, false));
        let mut placed_body = false;
        let mut need_header = true;
        let mut queue: std::collections::VecDeque<Vec<Vec<CellBox>>> = groups
            .iter()
            .filter(|r| r.start >= header_rows)
            .map(|r| rows[r.clone()].to_vec())
            .collect();
        // A table of up to 3 rows is never split; a longer one starts where at least
        // its header and 2 rows fit (when a whole page could hold them).
        let part_h: Vec<f32> = queue.iter().map(|p| g.piece(p, false).h).collect();
        let page_h = self.bottom() - self.top();
        let whole = header_h + part_h.iter().sum::<f32>();
        let start = header_h + part_h.iter().take(2).sum::<f32>();
        if !self.fresh && whole > self.room() + 0.01 {
            let short = part_h.len() <= SHORT_TABLE && whole <= page_h;
            if short || (start > self.room() + 0.01 && start <= page_h) {
                self.next_column();
            }
        }
        let mut rows_here = 0;
        while let Some(mut part) = queue.pop_front() {
            loop {
                let piece = g.piece(&part, false);
                let hdr = if need_header { header_h } else { 0.0 };
                // A last row never goes on alone: if it would not fit after this one,
                // this one goes over with it (when 2 rows are already here).
                let widow = queue.len() == 1
                    && queue[0].len() == 1
                    && part_h.len() > SHORT_TABLE
                    && rows_here >= 2
                    && piece.h + hdr + g.piece(&queue[0], false).h > self.room() + 0.01;
                if widow {
                    self.next_column();
                    need_header = true;
                    rows_here = 0;
                    continue;
                }
                if piece.h + hdr <= self.room() + 0.01 {
                    rows_here += part.len();
                    if need_header {
                        if let Some(h) = &mut header {
                            self.place_header(h);
                        }
                        need_header = false;
                    }
                    self.place(&piece);
                    placed_body = true;
                    break;
                }
                let full = self.bottom() - self.top() - header_h;
                if part.len() > 1 && piece.h > full {
                    // Rows tied by a spanning cell and taller than a page: give up the
                    // spanning (its text stays in its first row) and go row by row.
                    for r in part.into_iter().rev() {
                        let r = r.into_iter().map(|c| CellBox { down: 1, ..c }).collect();
                        queue.push_front(vec![r]);
                    }
                    break;
                }
                let cramped = self.room() - hdr < 2.0 * lh + 2.0 * g.pad_y;
                if piece.h <= full + 0.01 || cramped || part.len() > 1 {
                    // The rows go whole to the next column, the header repeated there.
                    self.next_column();
                    need_header = true;
                    rows_here = 0;
                    continue;
                }
                // One row taller than a page: split it at a line.
                let fit = ((self.room() - hdr - 2.0 * g.pad_y) / lh).floor().max(1.0) as usize;
                let cut = |c: &CellBox, r: std::ops::Range<usize>| CellBox {
                    lines: c.lines[r.start.min(c.lines.len())..r.end.min(c.lines.len())].to_vec(),
                    ..*c
                };
                let head: Vec<CellBox> = part[0].iter().map(|c| cut(c, 0..fit)).collect();
                let rest: Vec<CellBox> = part[0].iter().map(|c| cut(c, fit..usize::MAX)).collect();
                if need_header {
                    if let Some(h) = &mut header {
                        self.place_header(h);
                    }
                }
                self.place(&g.piece(&[head], false));
                placed_body = true;
                part = vec![rest];
                self.next_column();
                need_header = true;
                rows_here = 0;
            }
        }
        if !placed_body {
            if let Some(h) = &mut header {
                self.fit(h.0.h);
                self.place_header(h);
            }
        }
        self.y += lh * 0.5;
    }
}

/// Tables of at most this many body rows are never split.
pub(super) const SHORT_TABLE: usize = 3;

/// A cell's text; header cells are set in Gothic.
pub(super) fn cell_content(cell: &Cell, header: bool) -> std::borrow::Cow<'_, [Span]> {
    if header {
        let spans = cell.content.iter().map(|s| Span {
            font: FontKind::Heading,
            ..s.clone()
        });
        std::borrow::Cow::Owned(spans.collect())
    } else {
        std::borrow::Cow::Borrowed(&cell.content)
    }
}
