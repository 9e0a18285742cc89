//! Frames: blocks set into a region, their height, frames placed in frames.

use hoshin::fonts::FontSet;
use hoshin::typeset::structure::Role;
use hoshin::typeset::*;

fn ts() -> Typesetter {
    Typesetter::new(
        &FontSet::default(),
        Style::default(),
        vec![PageTemplate::a4()],
    )
}

fn text() -> Vec<Block> {
    (0..6)
        .map(|i| {
            Block::para(format!(
                "{i}番目の段落です。市は、成果指向の行政運営と説明責任の確立に向けて、事業の目標と達成状況を市民のみなさんに分かりやすくお伝えします。"
            ))
        })
        .collect()
}

/// Distinct baselines of the text, per column (x rounded to `step`).
fn lines(items: &[Item], step: f32) -> usize {
    let mut seen: Vec<(i32, i64)> = items
        .iter()
        .filter_map(|it| match it {
            Item::Text(r) => Some(((r.x / step) as i32, (r.y * 10.0).round() as i64)),
            _ => None,
        })
        .collect();
    seen.sort();
    seen.dedup();
    seen.len()
}

fn chars(items: &[Item]) -> usize {
    items
        .iter()
        .map(|it| match it {
            Item::Text(r) => r.glyphs.len(),
            _ => 0,
        })
        .sum()
}

#[test]
fn a_column_is_what_a_page_of_its_width_gives_and_its_height_where_the_text_ends() {
    let ts = ts();
    let w = mm(60.0);
    let f = ts.column(&ts.style, w, &text());
    // The same blocks on a page as wide, with no margins, and an anchor at the end.
    let mut t = PageTemplate::new("p", to_mm(w), 2000.0).margins(0.0, 0.0, 0.0, 0.0);
    t.running_head = false;
    t.folio = None;
    let page = Typesetter::new(&FontSet::default(), Style::default(), vec![t]);
    let mut doc = Document { blocks: text() };
    doc.push(Block::Anchor("end".into()));
    let l = page.layout(&doc);
    assert_eq!(l.pages.len(), 1);
    assert_eq!(f.items, l.pages[0].items);
    assert_eq!(f.h, l.anchors["end"].y);
    let lh = ts.style.body_size * ts.style.leading;
    assert!(
        (f.h - lines(&f.items, w) as f32 * lh).abs() < 0.01,
        "{}",
        f.h
    );
}

#[test]
fn balanced_columns_are_about_half_as_high_and_hold_all_the_text() {
    let ts = ts();
    let (w, gap) = (mm(120.0), mm(6.0));
    let col = (w - gap) / 2.0;
    let one = ts.column(&ts.style, col, &text());
    let region = Region::new(w).columns(2, gap).max_height(mm(300.0));
    let two = ts.balanced_frame(&ts.style, &region, &text()).unwrap();
    assert_eq!(chars(&two.items), chars(&one.items));
    assert!(
        two.h < one.h / 2.0 + ts.style.body_size * 3.0,
        "{} {}",
        two.h,
        one.h
    );
    assert!(two.h >= one.h / 2.0 - 1.0, "{} {}", two.h, one.h);
    // Without a height: the same.
    let free = ts
        .balanced_frame(&ts.style, &Region::new(w).columns(2, gap), &text())
        .unwrap();
    assert_eq!(free.items, two.items);
    // Every text run inside the region.
    for it in &two.items {
        if let Item::Text(r) = it {
            assert!(r.x >= 0.0 && r.right() <= w + 0.01 && r.y <= two.h, "{r:?}");
        }
    }
}

#[test]
fn what_does_not_fit_in_the_height_is_counted_in_lines() {
    let ts = ts();
    let w = mm(60.0);
    let all = ts.column(&ts.style, w, &text());
    let n = lines(&all.items, w);
    let lh = ts.style.body_size * ts.style.leading;
    // Room for 5 lines: what is left over is counted (a paragraph never leaves one
    // line alone, so a line or two more may go).
    let short = Region::new(w).max_height(5.0 * lh + 0.5);
    let Err(Overflow { lines: over }) = ts.frame(&ts.style, &short, &text()) else {
        panic!("fits")
    };
    assert!((n - 7..=n - 4).contains(&over), "{over} of {n}");
    assert!(ts.balanced_frame(&ts.style, &short, &text()).is_err());
    // Room for all: fits, as high as the column.
    let tall = Region::new(w).max_height(all.h + 1.0);
    let f = ts.frame(&ts.style, &tall, &text()).unwrap();
    assert_eq!(f.h, all.h);
}

#[test]
fn a_frame_placed_in_a_frame_moves_and_its_text_joins_the_structure() {
    let ts = ts();
    let inner = ts.column(
        &ts.style,
        mm(50.0),
        &[Block::para("総務部は、市政の基盤を支えます。")],
    );
    let mut outer = Frame::default();
    let sect = outer.structure.push(Role::Sect, 0);
    outer
        .items
        .push(Item::fill(0.0, 0.0, mm(60.0), inner.h, Rgb::gray(0.9)));
    outer.put(&inner, 10.0, 20.0, sect);
    outer.items.extend(Item::border(
        0.0,
        0.0,
        mm(60.0),
        inner.h + 20.0,
        0.5,
        Rgb::BLACK,
    ));
    let moved: Vec<(f32, f32)> = outer
        .items
        .iter()
        .filter_map(|it| match it {
            Item::Text(r) => Some((r.x, r.y)),
            _ => None,
        })
        .collect();
    let orig: Vec<(f32, f32)> = inner
        .items
        .iter()
        .filter_map(|it| match it {
            Item::Text(r) => Some((r.x + 10.0, r.y + 20.0)),
            _ => None,
        })
        .collect();
    assert_eq!(moved, orig);
    // The paragraph is now a child of the section.
    let Some(Item::Text(r)) = outer.items.iter().find(|it| matches!(it, Item::Text(_))) else {
        panic!("no text")
    };
    let node = &outer.structure.nodes[r.node as usize];
    assert_eq!((node.role, node.parent), (Role::P, sect));
    // A frame in a frame in a frame: offsets add up.
    let mut page = Frame::default();
    page.put(&outer, 100.0, 200.0, 0);
    let Some(Item::Text(p)) = page.items.iter().find(|it| matches!(it, Item::Text(_))) else {
        panic!("no text")
    };
    assert_eq!((p.x, p.y), (r.x + 100.0, r.y + 200.0));
    assert_eq!(page.structure.nodes.len(), outer.structure.nodes.len());
}

#[test]
fn whole_boxes_go_into_balanced_columns_and_over_pages() {
    use hoshin::typeset::boxes::{pack, paginate};
    let heights = [40.0, 30.0, 50.0, 20.0, 40.0, 30.0];
    let p = pack(&heights, 3, 5.0, 200.0);
    assert!(p.overflows.is_empty());
    assert!(p.height < 80.0, "{}", p.height);
    // Every box once, in order, column after column; stretched to the tallest.
    let placed = p.placed(&heights, 5.0, 10.0);
    let order: Vec<usize> = placed.iter().map(|b| b.index).collect();
    assert_eq!(order, [0, 1, 2, 3, 4, 5]);
    for c in 0..3 {
        let col: Vec<_> = placed.iter().filter(|b| b.column == c).collect();
        let last = col.last().unwrap();
        assert!((last.y + last.h - 10.0 - p.height).abs() < 0.01);
    }
    // Pages of 60 points: as many whole boxes as fit on each.
    assert_eq!(
        paginate(&heights, 3, 5.0, 60.0, 60.0).unwrap(),
        [0..3, 3..6]
    );
    // A box taller than a page's column.
    assert_eq!(paginate(&[20.0, 90.0], 1, 5.0, 60.0, 60.0), Err(1));
}

#[test]
fn whole_boxes_go_into_rows() {
    use hoshin::typeset::boxes::rows;
    assert_eq!(
        rows(&[30.0, 30.0, 30.0, 50.0, 120.0, 10.0], 100.0, 5.0),
        [vec![0, 1, 2], vec![3], vec![4], vec![5]]
    );
    assert!(rows(&[], 100.0, 5.0).is_empty());
}
