//! Page layout checked from the PDF: widows and orphans, headings kept with what
//! follows, columns, other paper sizes, rows taller than a page.

#[path = "common/pdftext.rs"]
mod pdftext;
#[path = "common/stress.rs"]
mod stress;

use std::path::PathBuf;
use std::sync::OnceLock;

use hoshin::fonts::FontSet;
use hoshin::pdf::{PdfMeta, PdfWriter};
use hoshin::typeset::*;
use pdftext::*;
use stress::paragraph;

fn fonts() -> &'static FontSet {
    static F: OnceLock<FontSet> = OnceLock::new();
    F.get_or_init(FontSet::default)
}

fn writer() -> &'static PdfWriter {
    static W: OnceLock<PdfWriter> = OnceLock::new();
    W.get_or_init(|| PdfWriter::new(fonts()).unwrap())
}

/// Lays out and writes `doc`; returns the layout and the file.
fn build(name: &str, doc: &Document, templates: Vec<PageTemplate>) -> (Layout, PathBuf) {
    let ts = Typesetter::new(fonts(), Style::default(), templates);
    let layout = ts.layout(doc);
    let bytes = writer()
        .write(
            &layout,
            &PdfMeta {
                title: name.into(),
                time: 0,
                ..Default::default()
            },
        )
        .unwrap();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("typeset-layout");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    (layout, path)
}

/// Paragraph texts and the runs of lines that spell them (lines in reading order,
/// inside the given text area; columns are read left to right).
fn chains_in(lines: &[TextLine], paragraphs: &[String]) -> Vec<Vec<TextLine>> {
    let texts: Vec<String> = lines.iter().map(|l| squash(&l.text)).collect();
    let mut out = Vec::new();
    for p in paragraphs {
        let p = squash(p);
        let mut best = None;
        for i in 0..lines.len() {
            if texts[i].chars().count() < 4 || !p.starts_with(&texts[i]) {
                continue;
            }
            let mut got = texts[i].clone();
            let mut chain = vec![lines[i].clone()];
            for j in i + 1..lines.len() {
                if got == p {
                    break;
                }
                if p.starts_with(&(got.clone() + &texts[j])) && !texts[j].is_empty() {
                    got += &texts[j];
                    chain.push(lines[j].clone());
                }
            }
            if got == p {
                best = Some(chain);
                break;
            }
        }
        out.push(best.unwrap_or_else(|| panic!("not found: {p}")));
    }
    out
}

/// Body lines sorted by page, column (x band) and height.
fn reading_order(path: &std::path::Path, t: &PageTemplate) -> Vec<TextLine> {
    let b = t.body();
    let cw = t.column_width() + mm(t.column_gap_mm);
    let mut ls: Vec<TextLine> = lines(&bbox_words(path), 8.0)
        .into_iter()
        .filter(|l| l.y1 > b[1] && l.y0 < b[1] + b[3])
        .collect();
    ls.sort_by(|a, c| {
        let ca = ((a.x0 - b[0] + 1.0) / cw).floor() as i32;
        let cc = ((c.x0 - b[0] + 1.0) / cw).floor() as i32;
        (a.page, ca, a.y1).partial_cmp(&(c.page, cc, c.y1)).unwrap()
    });
    ls
}

#[test]
fn no_widows_or_orphans_and_headings_stay_with_text() {
    // Paragraph lengths vary so that breaks fall at every position of a paragraph.
    let mut doc = Document::new();
    let mut paras = Vec::new();
    let mut headings = Vec::new();
    for i in 0..60u64 {
        if i % 3 == 0 {
            let h = format!("見出し{i}の検討");
            headings.push(h.clone());
            doc.push(Block::heading(2, h));
        }
        let p = paragraph(i + 500, 8 + (i as usize * 7) % 17);
        paras.push(p.clone());
        doc.push(Block::para(p));
    }
    let t = PageTemplate::a4();
    let (layout, path) = build("widows", &doc, vec![t.clone()]);
    assert!(layout.pages.len() >= 4);
    let ls = reading_order(&path, &t);
    let mut split = 0;
    for chain in chains_in(&ls, &paras) {
        let pages: Vec<usize> = chain.iter().map(|l| l.page).collect();
        for pg in pages.iter().collect::<std::collections::BTreeSet<_>>() {
            let n = pages.iter().filter(|p| p == &pg).count();
            if n < chain.len() {
                split += 1;
                assert!(
                    n >= 2,
                    "a paragraph leaves {n} line on page {}: {}",
                    pg + 1,
                    chain[0].text
                );
            }
        }
    }
    assert!(split > 0, "no paragraph was split: the test proves nothing");
    // No page ends with a heading.
    let last_per_page: std::collections::BTreeMap<usize, &TextLine> =
        ls.iter().map(|l| (l.page, l)).collect();
    for (p, l) in last_per_page {
        assert!(
            !headings.iter().any(|h| squash(h) == squash(&l.text)),
            "page {} ends with heading {}",
            p + 1,
            l.text
        );
    }
}

#[test]
fn tabloid_columns_are_justified_and_inside_their_column() {
    let mut doc = Document::new();
    let mut paras = Vec::new();
    doc.push(Block::heading(1, "市報 特集"));
    for i in 0..30u64 {
        let p = paragraph(i + 900, 12);
        paras.push(p.clone());
        doc.push(Block::para(p));
    }
    let t = PageTemplate::tabloid();
    let (layout, path) = build("tabloid", &doc, vec![t.clone()]);
    assert!(
        (layout.pages[0].width - mm(273.0)).abs() < 0.01
            && (layout.pages[0].height - mm(406.0)).abs() < 0.01
    );
    let b = t.body();
    let cw = t.column_width();
    let gap = mm(t.column_gap_mm);
    let ls = reading_order(&path, &t);
    let mut checked = 0;
    for chain in chains_in(&ls, &paras) {
        for (k, l) in chain.iter().enumerate() {
            let col = ((l.x0 - b[0] + 1.0) / (cw + gap)).floor();
            let (left, right) = (b[0] + col * (cw + gap), b[0] + col * (cw + gap) + cw);
            let last = l.text.chars().last().unwrap();
            let hang = if closing(last) { 10.5 / 2.0 } else { 0.0 };
            assert!(
                l.x0 >= left - 0.5 && l.x1 <= right + hang + 0.5,
                "outside column {col}: {}",
                l.text
            );
            if k + 1 < chain.len() {
                let ok = (l.x1 - right).abs() <= 0.5
                    || (hang > 0.0 && (l.x1 - hang - right).abs() <= 0.5);
                assert!(
                    ok,
                    "not justified in column {col}: {:.2} vs {:.2} x0 {:.2} p{} {}",
                    l.x1, right, l.x0, l.page, l.text
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50);
    // All four columns were used on the first page.
    let cols: std::collections::BTreeSet<i32> = ls
        .iter()
        .filter(|l| l.page == 0)
        .map(|l| ((l.x0 - b[0] + 1.0) / (cw + gap)).floor() as i32)
        .collect();
    assert_eq!(cols.len(), 4, "{cols:?}");
    // The chapter heading spans the columns: every column starts below it.
    let head = ls
        .iter()
        .find(|l| l.page == 0 && squash(&l.text) == "市報特集")
        .expect("heading");
    for l in ls.iter().filter(|l| l.page == 0 && l.text != head.text) {
        assert!(
            l.y0 > head.y1,
            "{} starts above the spanning heading",
            l.text
        );
    }
}

#[test]
fn a5_pages_and_folio_format() {
    let mut t = PageTemplate::a5();
    t.folio = Some("- {} -".into());
    let mut doc = Document::new();
    for i in 0..12u64 {
        doc.push(Block::para(paragraph(i, 10)));
    }
    let (layout, path) = build("a5", &doc, vec![t.clone()]);
    assert!(layout.pages.len() >= 2);
    let pages = bbox_words(&path);
    assert!((pages[0].width - mm(148.0)).abs() < 0.5 && (pages[0].height - mm(210.0)).abs() < 0.5);
    for (i, p) in pages.iter().enumerate() {
        let bottom: String = p
            .words
            .iter()
            .filter(|w| w.y0 > t.body()[1] + t.body()[3])
            .map(|w| w.text.clone())
            .collect();
        assert_eq!(squash(&bottom), format!("-{}-", i + 1));
    }
}

#[test]
fn a_row_taller_than_a_page_is_split_and_others_are_not() {
    let long: String = (0..60).map(|i| paragraph(i, 3)).collect();
    let rows = vec![
        vec![Cell::text("項目"), Cell::text("内容")],
        vec![Cell::text("短い行"), Cell::text("本市の方針です。")],
        vec![Cell::text("長い行"), Cell::text(long.clone())],
        vec![Cell::text("最後の行"), Cell::text("以上です。")],
    ];
    let mut doc = Document::new();
    doc.push(Block::Table(Table {
        columns: vec![1.0, 3.0],
        aligns: vec![Align::Left, Align::Justify],
        header_rows: 1,
        rows,
        size: None,
        middle: false,
        widths: ColumnWidths::Shares,
    }));
    let t = PageTemplate::a5();
    let (layout, path) = build("tallrow", &doc, vec![t.clone()]);
    assert!(layout.pages.len() >= 3, "{} pages", layout.pages.len());
    let pages = bbox_words(&path);
    for (i, p) in pages.iter().enumerate() {
        let text: String = p.words.iter().map(|w| w.text.clone()).collect();
        assert!(text.contains("項目"), "page {} lacks the header row", i + 1);
    }
    // The long cell reads back whole, in order, across the pages.
    let ls = reading_order(&path, &t);
    let cell: String = ls
        .iter()
        .filter(|l| l.x0 > t.body()[0] + t.column_width() / 4.0 - 1.0 && l.text != "内容")
        .map(|l| squash(&l.text))
        .collect();
    let want = squash(&long);
    let at = cell.find(&want[..30]).expect("start of the long cell");
    let got: String = cell[at..]
        .chars()
        .zip(want.chars())
        .take_while(|(a, b)| a == b)
        .map(|x| x.0)
        .collect();
    assert!(
        cell[at..].starts_with(&want),
        "the split row differs after: …{}",
        got.chars()
            .rev()
            .take(20)
            .collect::<String>()
            .chars()
            .rev()
            .collect::<String>()
    );
}

#[test]
fn plain_text_of_a_page_without_furniture_equals_the_input() {
    let mut t = PageTemplate::a4();
    t.running_head = false;
    t.folio = None;
    let mut doc = Document::new();
    let mut want = String::new();
    for i in 0..25u64 {
        let p = paragraph(i + 7000, 12);
        want += &p;
        doc.push(Block::para(p));
    }
    let (_, path) = build("plain", &doc, vec![t]);
    let got = plain_text(&path);
    assert!(!got.contains('\u{FFFD}'));
    assert_eq!(squash(&got), squash(&want));
}

#[test]
fn typesetting_knows_nothing_of_the_workbooks() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // The files of both modules, their submodules' folders included.
    let mut dirs = vec![root.join("typeset"), root.join("pdf")];
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    for path in files {
        let src = std::fs::read_to_string(&path).unwrap();
        for m in [
            "crate::model",
            "crate::ingest",
            "crate::check",
            "crate::schema",
            "crate::draft",
        ] {
            assert!(!src.contains(m), "{} uses {m}", path.display());
        }
    }
}

#[test]
fn template_switch_and_page_numbers() {
    let cover = PageTemplate {
        running_head: false,
        folio: None,
        ..PageTemplate::a4().named("cover")
    };
    let mut doc = Document::new();
    doc.push(Block::PageBreak(Some("cover".into())));
    doc.push(Block::heading(1, "表紙"));
    doc.push(Block::PageBreak(Some("a4".into())));
    doc.push(Block::PageNumber(1));
    doc.push(Block::RunningHead("本文".into()));
    doc.push(Block::heading_anchored(1, "本文", "body"));
    for i in 0..30u64 {
        doc.push(Block::para(paragraph(i, 12)));
    }
    let (layout, path) = build("numbers", &doc, vec![PageTemplate::a4(), cover]);
    assert_eq!(layout.pages[0].number, 1);
    assert_eq!(layout.page_of("body"), Some(1));
    assert_eq!(layout.anchors["body"].page, 1);
    let pages = bbox_words(&path);
    let b = PageTemplate::a4().body();
    let foot = |p: &TextPage| {
        squash(
            &p.words
                .iter()
                .filter(|w| w.y0 > b[1] + b[3])
                .map(|w| w.text.clone())
                .collect::<String>(),
        )
    };
    let head = |p: &TextPage| {
        squash(
            &p.words
                .iter()
                .filter(|w| w.y1 < b[1])
                .map(|w| w.text.clone())
                .collect::<String>(),
        )
    };
    assert_eq!(foot(&pages[0]), "", "the cover has no folio");
    assert_eq!(head(&pages[0]), "", "the cover has no running head");
    for (i, p) in pages.iter().enumerate().skip(1) {
        assert_eq!(foot(p), format!("－{i}－"));
        assert_eq!(head(p), "本文");
    }
}

#[test]
fn odd_inputs_give_valid_pdfs() {
    let long_word = "https://www.city.example.lg.jp/".to_string() + &"abcdefghij".repeat(20);
    let docs: Vec<(&str, Document)> = vec![
        ("empty", Document::new()),
        ("only-heading", {
            let mut d = Document::new();
            d.push(Block::heading(2, "見出しだけ"));
            d
        }),
        ("odd-text", {
            let mut d = Document::new();
            d.push(Block::para(format!(
                "吉𠮷野家\n\n改行\tタブ  二つの空白。{long_word}。"
            )));
            d.push(Block::Table(Table::new(&[1.0], &["見出し行のみ"], vec![])));
            d.push(Block::Space(5.0));
            d.push(Block::Rule);
            d.push(Block::ColumnBreak);
            d.push(Block::bullets(Vec::<String>::new()));
            d
        }),
    ];
    for (name, d) in docs {
        let (layout, path) = build(name, &d, vec![PageTemplate::a4()]);
        assert!(!layout.pages.is_empty());
        if let Some((ok, out)) = qpdf_check(&path) {
            assert!(ok && !out.contains("WARNING"), "{name}: {out}");
        }
        let text = plain_text(&path);
        if name == "odd-text" {
            // The long word was broken somewhere (it is wider than the measure) but
            // nothing is lost.
            assert!(squash(&text).contains(&squash(&long_word)), "{text}");
        }
    }
}

#[test]
fn cells_span_columns() {
    let mut t = Table::new(&[1.0, 2.0, 2.0, 1.0], &[], vec![]);
    t.rows = vec![
        vec![
            Cell::text("番号"),
            Cell::text("目標値").spanning(2),
            Cell::text("備考"),
        ],
        vec![
            Cell::text(""),
            Cell::text("令和6年度"),
            Cell::text("令和7年度"),
            Cell::text(""),
        ],
        vec![
            Cell::text("1"),
            Cell::text("100件"),
            Cell::text("120件"),
            Cell::text("新規"),
        ],
        vec![
            Cell::text("2"),
            Cell::text("ISMSの認証を取得し、運用を定着させるとともに職員研修を実施する")
                .spanning(3),
        ],
    ];
    t.header_rows = 2;
    let mut doc = Document::new();
    doc.push(Block::Table(t));
    let tpl = PageTemplate::a4();
    let (_, path) = build("colspan", &doc, vec![tpl.clone()]);
    let pages = bbox_words(&path);
    let b = tpl.body();
    let col = |i: f32| b[0] + b[2] * i / 6.0;
    let find = |s: &str| {
        pages[0]
            .words
            .iter()
            .find(|w| w.text == s)
            .unwrap_or_else(|| panic!("{s} missing"))
            .clone()
    };
    // 目標値 is centred over columns 2 and 3 (fifths 1..5 of 6).
    let g = find("目標値");
    assert!(
        ((g.x0 + g.x1) / 2.0 - (col(1.0) + col(5.0)) / 2.0).abs() < 1.0,
        "{g:?}"
    );
    // A spanning body cell is one line wider than any single column.
    let ls = lines(&pages, 8.0);
    let long = ls
        .iter()
        .find(|l| l.text.starts_with("ISMS"))
        .expect("spanning cell");
    assert!(long.x0 > col(1.0) && long.x0 < col(1.0) + 10.0, "{long:?}");
    // It fits on one line of the three columns it spans, wider than one column.
    assert_eq!(
        squash(&long.text),
        "ISMSの認証を取得し、運用を定着させるとともに職員研修を実施する"
    );
    assert!(long.x1 - long.x0 > col(3.0) - col(1.0) + 20.0, "{long:?}");
}

#[test]
fn cells_span_rows_and_their_rows_stay_together() {
    let mut rows = vec![
        vec![
            Cell::text("番号").down(2),
            Cell::text("指標"),
            Cell::text("目標値").spanning(2),
        ],
        vec![
            Cell::text("名称"),
            Cell::text("令和6年度"),
            Cell::text("令和7年度"),
        ],
    ];
    for g in 1..=40 {
        let id = format!("G{g:02}");
        rows.push(vec![
            Cell::text(id.clone()).down(3),
            Cell::text(format!("{id}-a 件数")),
            Cell::text("100"),
            Cell::text("120"),
        ]);
        rows.push(vec![
            Cell::text(format!("{id}-b 満足度")),
            Cell::text("80％"),
            Cell::text("85％"),
        ]);
        rows.push(vec![
            Cell::text(format!("{id}-c 参加者")),
            Cell::text("1,200人"),
            Cell::text("1,500人"),
        ]);
    }
    let t = Table {
        columns: vec![1.0, 3.0, 1.5, 1.5],
        aligns: vec![Align::Left, Align::Left, Align::Right, Align::Right],
        header_rows: 2,
        rows,
        size: None,
        middle: false,
        widths: ColumnWidths::Shares,
    };
    let mut doc = Document::new();
    doc.push(Block::para(paragraph(3, 30)));
    doc.push(Block::Table(t));
    let tpl = PageTemplate::a5();
    let (layout, path) = build("rowspan", &doc, vec![tpl.clone()]);
    assert!(layout.pages.len() >= 3);
    let pages = bbox_words(&path);
    let page_of = |s: &str| {
        let hits: Vec<usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.words.iter().any(|w| w.text == s))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(hits.len(), 1, "{s} on pages {hits:?}");
        hits[0]
    };
    for g in 1..=40 {
        let id = format!("G{g:02}");
        let p = page_of(&id);
        for k in ["a", "b", "c"] {
            assert_eq!(
                page_of(&format!("{id}-{k}")),
                p,
                "group {id} split across pages"
            );
        }
        // The spanning id sits in the first of its rows.
        let w = pages[p].words.iter().find(|w| w.text == id).unwrap();
        let a = pages[p]
            .words
            .iter()
            .find(|w| w.text == format!("{id}-a"))
            .unwrap();
        assert!((w.y0 - a.y0).abs() < 0.5);
    }
    // Both header rows on every page the table is on.
    for (i, p) in pages.iter().enumerate() {
        if p.words.iter().any(|w| w.text.starts_with('G')) {
            let text: String = p.words.iter().map(|w| w.text.clone()).collect();
            for h in ["番号", "指標", "目標値", "名称", "令和6年度", "令和7年度"] {
                assert!(squash(&text).contains(h), "page {}: {h} missing", i + 1);
            }
        }
    }
}

#[test]
fn a_heading_stays_with_the_table_it_introduces() {
    let mut doc = Document::new();
    let mut headings = Vec::new();
    for k in 0..24u64 {
        doc.push(Block::para(paragraph(k + 40, 6 + (k as usize * 5) % 14)));
        let h = format!("表{k}の見出し");
        headings.push(h.clone());
        doc.push(Block::heading(3, h));
        doc.push(Block::note("（単位：件）"));
        doc.push(Block::Table(Table::new(
            &[1.0, 5.0],
            &["番号", "内容"],
            vec![
                vec![format!("T{k}"), paragraph(k, 6)],
                vec!["2".into(), "以上".into()],
            ],
        )));
    }
    let t = PageTemplate::a5();
    let (layout, path) = build("heading-table", &doc, vec![t.clone()]);
    assert!(layout.pages.len() >= 5);
    let pages = bbox_words(&path);
    let b = t.body();
    for (i, p) in pages.iter().enumerate() {
        // The lowest body line of the page is not a heading.
        let ls = lines(std::slice::from_ref(p), 8.0);
        let last = ls
            .iter()
            .filter(|l| l.y1 < b[1] + b[3])
            .max_by(|a, c| a.y1.partial_cmp(&c.y1).unwrap())
            .unwrap();
        assert!(
            !headings.iter().any(|h| squash(h) == squash(&last.text))
                && squash(&last.text) != "（単位：件）",
            "page {} ends with {}",
            i + 1,
            last.text
        );
        // Each heading's table starts on the heading's page.
        for (k, h) in headings.iter().enumerate() {
            if ls.iter().any(|l| squash(&l.text) == squash(h)) {
                assert!(
                    p.words.iter().any(|w| w.text == format!("T{k}")),
                    "{h} on page {} without its table",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn facing_pages_mirror_margins_and_running_heads() {
    let mut t = PageTemplate::a4().margins(22.0, 15.0, 22.0, 25.0);
    t.mirror = true;
    let mut doc = Document::new();
    doc.push(Block::RunningHead("運営方針".into()));
    for i in 0..30u64 {
        doc.push(Block::List(List {
            kind: ListKind::Marker("●".into()),
            items: vec![vec![Span::text(format!("項目{i}"))]],
            start: 1,
        }));
        doc.push(Block::para(paragraph(i, 12)));
    }
    let (layout, path) = build("mirror", &doc, vec![t.clone()]);
    assert!(layout.pages.len() >= 3);
    let pages = bbox_words(&path);
    for (i, p) in pages.iter().enumerate() {
        let number = i + 1;
        let (left, right) = if number % 2 == 0 {
            (mm(15.0), mm(210.0 - 25.0))
        } else {
            (mm(25.0), mm(210.0 - 15.0))
        };
        let ls = lines(std::slice::from_ref(p), 8.0);
        let body: Vec<&TextLine> = ls
            .iter()
            .filter(|l| l.y1 > t.body()[1] && l.y0 < t.body()[1] + t.body()[3])
            .collect();
        let min_x = body.iter().map(|l| l.x0).fold(f32::INFINITY, f32::min);
        let max_x = body.iter().map(|l| l.x1).fold(0.0, f32::max);
        assert!(
            (min_x - left).abs() < 0.5,
            "page {number}: text starts at {min_x}, margin {left}"
        );
        assert!(
            max_x <= right + 10.5 / 2.0 + 0.5,
            "page {number}: text reaches {max_x}"
        );
        // Running head at the outer edge.
        let head = ls
            .iter()
            .find(|l| squash(&l.text) == "運営方針")
            .expect("running head");
        if number % 2 == 0 {
            assert!(
                (head.x0 - left).abs() < 0.5,
                "page {number}: head at {}",
                head.x0
            );
        } else {
            assert!(
                (head.x1 - right).abs() < 0.5,
                "page {number}: head ends at {}",
                head.x1
            );
        }
        // ● markers start the items.
        assert!(
            body.iter().filter(|l| l.text.starts_with('●')).count() > 0 || i == pages.len() - 1
        );
    }
}

#[test]
fn space_is_kept_after_an_explicit_break_and_numbers_survive_a_template_switch() {
    let cover = PageTemplate {
        running_head: false,
        folio: None,
        ..PageTemplate::a4().named("cover")
    };
    let mut doc = Document::new();
    doc.push(Block::Space(100.0));
    doc.push(Block::heading(1, "表紙の題"));
    doc.push(Block::PageNumber(5));
    doc.push(Block::PageBreak(Some("a4".into())));
    doc.push(Block::PageNumber(1));
    doc.push(Block::PageBreak(Some("cover".into())));
    doc.push(Block::PageBreak(Some("a4".into())));
    doc.push(Block::heading_anchored(1, "本文", "body"));
    let (layout, path) = build("cover", &doc, vec![PageTemplate::a4(), cover]);
    assert_eq!(layout.pages.len(), 2);
    assert_eq!(
        layout.page_of("body"),
        Some(1),
        "the number set before the template switches holds"
    );
    let pages = bbox_words(&path);
    let title = pages[0]
        .words
        .iter()
        .find(|w| w.text == "表紙の題")
        .expect("title");
    assert!(
        title.y0 > PageTemplate::a4().body()[1] + mm(100.0) - 1.0,
        "space at the top of the cover was dropped: {title:?}"
    );
}

#[test]
fn renumbering_a_flowed_document_equals_laying_it_out_with_those_numbers() {
    // The booklet flows each department numbered from 1 and renumbers it once its
    // start is known: the pages must be the ones a layout numbered from there gives,
    // folios, running heads and mirrored margins included.
    let mut t = PageTemplate::a4().margins(22.0, 15.0, 22.0, 25.0);
    t.mirror = true;
    let doc_from = |first: u32| {
        let mut doc = Document::new();
        doc.push(Block::PageNumber(first));
        doc.push(Block::RunningHead("運営方針".into()));
        doc.push(Block::heading_anchored(1, "総務部", "somu"));
        for i in 0..24u64 {
            doc.push(Block::para(paragraph(i, 14)));
        }
        doc.push(Block::heading_anchored(2, "経営資源", "somu-2"));
        doc.push(Block::para(paragraph(99, 6)));
        doc
    };
    let ts = Typesetter::new(fonts(), Style::default(), vec![t]);
    for first in [2u32, 7, 10] {
        let direct = ts.layout(&doc_from(first));
        let mut flowed = ts.flow(&doc_from(1));
        assert_eq!(flowed.page_count(), direct.pages.len());
        flowed.renumber(i64::from(first) - 1);
        assert_eq!(flowed.anchors()["somu-2"], direct.anchors["somu-2"]);
        let renumbered = flowed.finish();
        assert!(renumbered.pages.len() >= 3);
        assert_eq!(renumbered.pages[0].number, first);
        if first % 2 == 1 {
            // Same parity: nothing moves, the layouts are equal to the bit.
            assert_eq!(renumbered, direct, "numbered from {first}");
        }
        let meta = PdfMeta::default();
        assert_eq!(
            writer().write(&renumbered, &meta).unwrap(),
            writer().write(&direct, &meta).unwrap()
        );
    }
}
