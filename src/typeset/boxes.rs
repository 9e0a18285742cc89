//! Whole boxes in columns: placed in order, each whole in one column (first fit, or
//! balanced to the shortest tallest column), over pages, with what overflows where
//! and by how much; and whole boxes in rows.

/// Boxes placed in columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Packed {
    /// Box indices per column.
    pub columns: Vec<Vec<usize>>,
    /// Height of the tallest column.
    pub height: f32,
    /// (box, column, by how much) for each box that ends below the region.
    pub overflows: Vec<(usize, usize, f32)>,
    /// Number of boxes.
    pub n: usize,
}

impl Packed {
    /// How many boxes come after `i` in the last column (all of which overflow too).
    pub fn unplaced_after(&self, i: usize) -> usize {
        let last = self.columns.last().map(|c| c.as_slice()).unwrap_or(&[]);
        if last.contains(&i) {
            self.n - 1 - i
        } else {
            0
        }
    }
}

/// Box indices per column, and (box, column, by how much) for what overflows.
pub type Greedy = (Vec<Vec<usize>>, Vec<(usize, usize, f32)>);

/// Boxes of `heights`, in order, whole, first fit into `n` columns of at most `cap`,
/// and (box, column, by how much) for what overflows.
pub fn first_fit(heights: &[f32], n: usize, gap: f32, cap: f32) -> Greedy {
    let mut cols: Vec<Vec<usize>> = vec![Vec::new()];
    let mut y = 0.0;
    let mut over = Vec::new();
    for (i, &h) in heights.iter().enumerate() {
        let need = if cols.last().unwrap().is_empty() {
            h
        } else {
            h + gap
        };
        if y + need > cap + 0.01 && !cols.last().unwrap().is_empty() && cols.len() < n {
            cols.push(Vec::new());
            y = 0.0;
        }
        let need = if cols.last().unwrap().is_empty() {
            h
        } else {
            h + gap
        };
        y += need;
        cols.last_mut().unwrap().push(i);
        if y > cap + 0.01 {
            let c = cols.len() - 1;
            if c + 1 < n {
                // A box taller than a column, alone in it.
                over.push((i, c, y - cap));
                cols.push(Vec::new());
                y = 0.0;
            } else if !over.iter().any(|&(_, oc, _)| oc == c) {
                over.push((i, c, 0.0));
            }
        }
    }
    // In the last column everything from the first box that overflows on.
    let last = cols.len() - 1;
    if let Some(o) = over.iter_mut().find(|o| o.1 == last) {
        o.2 = y - cap;
    }
    while cols.len() < n {
        cols.push(Vec::new());
    }
    (cols, over)
}

/// Boxes of `heights`, in order, whole, into `n` columns of at most `cap`: the
/// placement with the shortest tallest column; or, when they do not fit, the first-fit
/// placement and what overflows.
pub fn pack(heights: &[f32], n: usize, gap: f32, cap: f32) -> Packed {
    let greedy = |cap: f32| first_fit(heights, n, gap, cap);
    let (cols, over) = greedy(cap);
    let tallest = |cols: &Vec<Vec<usize>>| {
        cols.iter()
            .map(|c| {
                c.iter().map(|&i| heights[i]).sum::<f32>() + gap * c.len().saturating_sub(1) as f32
            })
            .fold(0.0, f32::max)
    };
    if !over.is_empty() {
        let height = tallest(&cols);
        return Packed {
            columns: cols,
            height,
            overflows: over,
            n: heights.len(),
        };
    }
    // The least capacity that still holds everything gives balanced columns.
    let (mut lo, mut hi) = (0.0f32, cap);
    let mut best = cols;
    while hi - lo > 0.5 {
        let mid = (lo + hi) / 2.0;
        let (c, o) = greedy(mid);
        if o.is_empty() {
            hi = mid;
            best = c;
        } else {
            lo = mid;
        }
    }
    Packed {
        height: tallest(&best),
        columns: best,
        overflows: Vec::new(),
        n: heights.len(),
    }
}

/// The boxes of each page, in order: as many whole boxes as fit on the first
/// page (`first` high), then on each following page (`next` high); or the box that is
/// taller than a column of a whole page.
pub fn paginate(
    heights: &[f32],
    cols: usize,
    gap: f32,
    first: f32,
    next: f32,
) -> Result<Vec<std::ops::Range<usize>>, usize> {
    let mut runs = Vec::new();
    let mut start = 0;
    while start < heights.len() || runs.is_empty() {
        let cap = if runs.is_empty() { first } else { next };
        let mut end = start;
        while end < heights.len()
            && first_fit(&heights[start..=end], cols, gap, cap)
                .1
                .is_empty()
        {
            end += 1;
        }
        if end == start && !runs.is_empty() && start < heights.len() {
            return Err(start);
        }
        runs.push(start..end);
        start = end;
    }
    Ok(runs)
}

/// Boxes of `widths`, in order, whole, into rows at most `width` wide with `gap`
/// between them: the box indices of each row (a box wider than a row alone in one).
pub fn rows(widths: &[f32], width: f32, gap: f32) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut used = f32::INFINITY;
    for (i, &w) in widths.iter().enumerate() {
        if used + gap + w > width {
            rows.push(Vec::new());
            used = -gap;
        }
        used += gap + w;
        if let Some(row) = rows.last_mut() {
            row.push(i);
        }
    }
    rows
}

/// A box as [`Packed::placed`] puts it: its index, column, top and height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub index: usize,
    pub column: usize,
    pub y: f32,
    pub h: f32,
}

impl Packed {
    /// Each box's column, top and height in a region whose top is at `top`, the boxes
    /// of a column stretched alike to the height of the tallest column.
    pub fn placed(&self, heights: &[f32], gap: f32, top: f32) -> Vec<Placed> {
        let mut out = Vec::with_capacity(self.n);
        for (c, column) in self.columns.iter().enumerate() {
            let used: f32 = column.iter().map(|&i| heights[i]).sum::<f32>()
                + gap * column.len().saturating_sub(1) as f32;
            let stretch = if column.is_empty() {
                0.0
            } else {
                (self.height - used).max(0.0) / column.len() as f32
            };
            let mut y = top;
            for &i in column {
                let h = heights[i] + stretch;
                out.push(Placed {
                    index: i,
                    column: c,
                    y,
                    h,
                });
                y += h + gap;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_are_balanced_over_the_columns() {
        let h = [30.0, 30.0, 30.0, 30.0, 30.0, 30.0];
        let p = pack(&h, 3, 2.0, 500.0);
        assert!(p.overflows.is_empty());
        assert_eq!(p.columns, [vec![0, 1], vec![2, 3], vec![4, 5]]);
        assert_eq!(p.height, 62.0);
    }

    #[test]
    fn what_overflows_is_named_with_its_column() {
        // The last column cannot take the last two boxes.
        let p = pack(&[50.0; 8], 3, 0.0, 100.0);
        assert_eq!(p.overflows, [(6, 2, 100.0)]);
        assert_eq!(p.unplaced_after(6), 1);
        // A box taller than a column overflows where it stands.
        let p = pack(&[20.0, 130.0, 20.0], 3, 0.0, 100.0);
        assert_eq!(p.overflows, [(1, 1, 30.0)]);
        assert_eq!(p.columns, [vec![0], vec![1], vec![2]]);
    }
}
