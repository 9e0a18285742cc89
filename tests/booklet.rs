//! The booklet made from `samples/`, read back from the PDF with poppler and lopdf.

mod common;
#[path = "common/pdftext.rs"]
mod pdftext;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use hoshin::check::check_dir;
use hoshin::config::Config;
use hoshin::fonts::FontSet;
use hoshin::model::Publication;
use pdftext::*;

use common::samples;

/// `hoshin build samples --only booklet` into a temporary folder, once for all tests.
fn built() -> &'static (tempfile::TempDir, PathBuf) {
    static B: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    B.get_or_init(|| {
        let dir = common::build_samples("booklet");
        let pdf = dir.path().join("booklet.pdf");
        (dir, pdf)
    })
}

fn publication() -> Publication {
    let (config, _) = Config::load(None, Some(&samples())).unwrap();
    let outcome = check_dir(&samples(), &config, &FontSet::default().coverage()).unwrap();
    outcome.publication(&config).expect("samples are clean")
}

#[test]
fn fonts_embedded_subset_with_unicode() {
    let f = fonts(&built().1);
    assert_eq!(f.len(), 2, "{f:?}");
    for (name, _, emb, sub, uni) in f {
        assert_eq!(
            (emb.as_str(), sub.as_str(), uni.as_str()),
            ("yes", "yes", "yes"),
            "{name}"
        );
    }
}

#[test]
fn qpdf_check_is_clean() {
    let (ok, text) = qpdf_check(&built().1).expect("qpdf installed (apt-get install qpdf)");
    assert!(ok, "{text}");
    assert!(!text.contains("WARNING"), "{text}");
}

#[test]
fn every_text_field_of_the_samples_is_in_the_pdf() {
    let text = squash(&plain_text(&built().1));
    let p = publication();
    let mut fields: Vec<String> = vec![p.city.clone(), p.issuer.clone(), p.year.wareki()];
    for d in &p.departments {
        fields.extend([d.name.clone(), d.headline.clone()]);
        fields.extend(d.mission.iter().map(|m| m.text.clone()));
        fields.extend(
            d.sections
                .iter()
                .flat_map(|s| [s.name.clone(), s.role.clone()]),
        );
        fields.extend(d.staff.iter().map(|l| l.label.clone()));
        fields.extend(d.budget.iter().map(|l| l.label.clone()));
        fields.extend(d.policies.iter().map(|x| x.text.clone()));
        for pr in &d.projects {
            fields.extend([pr.name.clone(), pr.section.clone(), pr.indicator_sentence()]);
            fields.extend(pr.description.iter().cloned());
            for i in &pr.indicators {
                fields.push(i.name.clone());
                fields.push(i.target.display_with_unit(&i.unit));
                if let Some(a) = &i.actual {
                    fields.push(a.display_with_unit(&i.unit));
                }
            }
        }
    }
    let missing: Vec<&String> = fields
        .iter()
        .filter(|f| !text.contains(&squash(f)))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} fields missing: {missing:#?}",
        missing.len(),
        fields.len()
    );
    // The seed's figures, as printed.
    for s in [
        "330,000件",
        "三鷹市ホームページリニューアル事業（広報課）",
        "目標指標：",
        "－3－",
    ] {
        assert!(text.contains(s), "{s}");
    }
}

#[test]
fn no_line_breaks_against_kinsoku_and_no_split_numbers() {
    let pages = bbox_words(&built().1);
    let lines = lines(&pages, 8.0);
    assert!(lines.len() > 500);
    let mut bad = Vec::new();
    for l in &lines {
        let (first, last) = (
            l.text.chars().next().unwrap(),
            l.text.chars().last().unwrap(),
        );
        if no_start(first) || no_end(last) {
            bad.push(format!("p{} {}", l.page + 1, l.text));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn justified_paragraph_lines_reach_the_right_margin() {
    // Every description paragraph: its lines, found in order, end at the margin but
    // the last.
    let pdf = &built().1;
    // Facing pages: the text area moves with the binding margin (folio and sheet have
    // the same parity: cover and contents are two pages).
    let (inner, outer) = hoshin::render::booklet::BINDING_A4;
    let page = hoshin::typeset::PageTemplate {
        mirror: true,
        ..hoshin::typeset::PageTemplate::a4().margins(24.0, outer, 22.0, inner)
    };
    let right_of = |sheet: usize| {
        let b = page.body_on(sheet as u32 + 1);
        b[0] + b[2]
    };
    let lines = lines(&bbox_words(pdf), 8.0);
    let texts: Vec<String> = lines.iter().map(|l| squash(&l.text)).collect();
    let p = publication();
    let mut checked = 0;
    let mut bad = Vec::new();
    let paragraphs = p.departments.iter().flat_map(|d| {
        d.projects.iter().flat_map(|pr| {
            pr.description
                .iter()
                .cloned()
                .chain([format!("目標指標：{}", pr.indicator_sentence())])
        })
    });
    for para in paragraphs {
        let want = squash(&para);
        let Some(start) =
            (0..lines.len()).find(|&i| texts[i].chars().count() > 5 && want.starts_with(&texts[i]))
        else {
            panic!("paragraph not found: {para}")
        };
        let mut got = String::new();
        let mut i = start;
        while got.len() < want.len() {
            got += &texts[i];
            if got.len() < want.len() {
                let l = &lines[i];
                let right = right_of(l.page);
                // A line ending in 、。」 ends with its ink at the margin, its glyph's
                // empty half-em past it.
                let closing_half = closing(l.text.chars().last().unwrap());
                if (l.x1 - right).abs() > 0.5
                    && !(closing_half && (l.x1 - 5.25 - right).abs() <= 0.5)
                {
                    bad.push(format!(
                        "p{} ends at {:.2} not {right:.2}: {}",
                        l.page + 1,
                        l.x1,
                        l.text
                    ));
                }
                checked += 1;
            }
            i += 1;
        }
        assert_eq!(got, want);
    }
    assert!(checked >= 40, "only {checked} lines checked");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn contents_page_numbers_are_the_pages_sections_start_on() {
    let pdf = &built().1;
    // No splitting at gaps: a contents line is title, leaders and number.
    let lines = lines(&bbox_words(pdf), 1000.0);
    let toc: Vec<&str> = lines
        .iter()
        .filter(|l| l.page == 1)
        .map(|l| l.text.as_str())
        .collect();
    let p = publication();
    let mut checked = 0;
    for d in &p.departments {
        // The chapter title is the department's name (the book's title is in the head).
        let title = d.name.clone();
        // On the contents page: the title, leaders, the page number.
        let entry = lines
            .iter()
            .find(|l| l.page == 1 && squash(&l.text).starts_with(&squash(&title)))
            .unwrap_or_else(|| panic!("{title} not in the contents: {toc:?}"));
        let number: usize = squash(&entry.text)
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .collect::<String>()
            .chars()
            .rev()
            .collect::<String>()
            .parse()
            .unwrap();
        let start = lines
            .iter()
            .find(|l| l.page > 1 && squash(&l.text) == squash(&title))
            .expect("title on a page");
        assert_eq!(number, start.page + 1, "{title}");
        checked += 1;
    }
    assert_eq!(checked, 8);
}

#[test]
fn no_page_ends_with_a_heading() {
    let pdf = &built().1;
    let lines = lines(&bbox_words(pdf), 1000.0);
    let headings: Vec<String> = [
        "1　部の使命・目標に関する認識",
        "2　部の経営資源",
        "3　部の実施方針及び個別事業の目標等",
        "部の使命・目標",
        "各課の役割",
        "①職員数",
        "②予算規模",
        "実施方針",
        "個別事業とその目標",
    ]
    .iter()
    .map(|h| squash(h))
    .collect();
    let pages = lines.iter().map(|l| l.page).max().unwrap();
    for page in 2..=pages {
        // The last line above the folio.
        let body: Vec<&pdftext::TextLine> = lines
            .iter()
            .filter(|l| l.page == page && !l.text.contains('－'))
            .collect();
        // Intentional blank pages before the 奥付 have nothing to end with.
        let Some(last) = body.iter().max_by(|a, b| a.y0.partial_cmp(&b.y0).unwrap()) else {
            continue;
        };
        assert!(
            !headings.contains(&squash(&last.text)),
            "page {} ends with the heading {}",
            page + 1,
            last.text
        );
    }
}

#[test]
fn outline_is_nested_department_then_parts() {
    let doc = lopdf::Document::load(&built().1).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"ja");
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let title =
        |d: &lopdf::Dictionary| lopdf::decode_text_string(d.get(b"Title").unwrap()).unwrap();
    let mut top = Vec::new();
    let mut item = outlines
        .get(b"First")
        .ok()
        .map(|o| o.as_reference().unwrap());
    while let Some(id) = item {
        let d = doc.get_dictionary(id).unwrap();
        let mut children = Vec::new();
        let mut c = d.get(b"First").ok().map(|o| o.as_reference().unwrap());
        while let Some(cid) = c {
            let cd = doc.get_dictionary(cid).unwrap();
            children.push(title(cd));
            c = cd.get(b"Next").ok().map(|o| o.as_reference().unwrap());
        }
        top.push((title(d), children));
        item = d.get(b"Next").ok().map(|o| o.as_reference().unwrap());
    }
    assert_eq!(top[0].0, "目次");
    assert_eq!(top.len(), 9, "{top:#?}");
    assert_eq!(top[1].0, "企画部");
    assert_eq!(
        top[1].1,
        vec![
            "1　部の使命・目標に関する認識",
            "2　部の経営資源",
            "3　部の実施方針及び個別事業の目標等"
        ]
    );
    assert!(top[1..].iter().all(|(_, c)| c.len() == 3));
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|i| doc.get_dictionary(i.as_reference().unwrap()))
        .unwrap();
    assert_eq!(
        lopdf::decode_text_string(info.get(b"Author").unwrap()).unwrap(),
        "三鷹市"
    );
}

#[test]
fn builds_are_byte_identical_and_independent_of_other_documents() {
    use hoshin::render::booklet::{render, wording, BookletOptions, Paper};
    let p = publication();
    let fonts = FontSet::default();
    let w = wording(None).unwrap();
    let opts = BookletOptions {
        paper: Paper::A4,
        binding: Default::default(),
        wording: &w,
        time: 1_049_155_200,
        tagged: true,
    };
    let first = render(&p, &fonts, &opts).unwrap().pdf;
    // Another document built in between must not change the bytes.
    let mut small = p.clone();
    small.departments.truncate(1);
    let other = render(&small, &fonts, &opts).unwrap().pdf;
    let again = render(&p, &fonts, &opts).unwrap().pdf;
    assert!(
        first == again,
        "booklet bytes differ between two builds in one process"
    );
    assert_ne!(first, other);
    // And the binary, in another process, writes the same bytes.
    assert!(
        std::fs::read(&built().1).unwrap() == first,
        "binary and library differ"
    );
}

#[test]
fn a5_by_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    common::copy_dir(&samples(), &input);
    let cfg = std::fs::read_to_string(input.join("hoshin.toml")).unwrap()
        + "\n[booklet]\npaper = \"A5\"\n";
    std::fs::write(input.join("hoshin.toml"), cfg).unwrap();
    let out = dir.path().join("out");
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(["build", "-q", "-o"])
        .arg(&out)
        .arg(&input)
        .status()
        .unwrap();
    assert!(st.success());
    let pages = bbox_words(&out.join("booklet.pdf"));
    assert!(
        (pages[0].width - 419.5).abs() < 1.0 && (pages[0].height - 595.3).abs() < 1.0,
        "{} x {}",
        pages[0].width,
        pages[0].height
    );
}

#[test]
fn typeset_knows_nothing_of_departments() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // Both modules' files, their submodules' folders included.
    let mut dirs = vec![root.join("typeset"), root.join("pdf")];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for forbidden in [
                "crate::model",
                "crate::ingest",
                "crate::check",
                "crate::render",
                "calamine",
            ] {
                assert!(
                    !text.contains(forbidden),
                    "{} uses {forbidden}",
                    path.display()
                );
            }
        }
    }
}

/// Lines above the text area (the running head), per page.
fn heads(pages: &[TextPage]) -> Vec<Vec<Word>> {
    // A4 with a 24 mm top margin: the head sits above 68 pt.
    pages
        .iter()
        .map(|p| p.words.iter().filter(|w| w.y1 < 66.0).cloned().collect())
        .collect()
}

#[test]
fn running_heads_on_the_outer_edge_none_on_cover_or_contents() {
    let pages = bbox_words(&built().1);
    let hs = heads(&pages);
    assert!(hs[0].is_empty(), "head on the cover: {:?}", hs[0]);
    assert!(hs[1].is_empty(), "bare head on the contents: {:?}", hs[1]);
    let mut seen = [0, 0];
    for (i, h) in hs.iter().enumerate().skip(2) {
        if h.is_empty() {
            continue; // intentional blank pages and the 奥付
        }
        let (w, number) = (pages[i].width, i + 1);
        let x0 = h.iter().map(|w| w.x0).fold(f32::MAX, f32::min);
        let x1 = h.iter().map(|w| w.x1).fold(0.0, f32::max);
        if number % 2 == 0 {
            assert!(
                x0 < 70.0 && x1 < w / 2.0 + 60.0,
                "page {number}: head not at the left: {x0}–{x1}"
            );
        } else {
            assert!(
                x1 > w - 70.0 && x0 > w / 2.0 - 60.0,
                "page {number}: head not at the right: {x0}–{x1}"
            );
        }
        seen[number % 2] += 1;
    }
    assert!(seen[0] > 3 && seen[1] > 3, "{seen:?}");
    // Nor a bare head rule on the contents page: no line drawn above the text area.
    let doc = lopdf::Document::load(&built().1).unwrap();
    let (_, page) = doc.get_pages().into_iter().nth(1).unwrap();
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    let top = pages[1].height - 66.0; // PDF y runs upwards
    for op in &content.operations {
        if matches!(op.operator.as_str(), "m" | "l") {
            let y = op.operands[1].as_float().unwrap();
            assert!(y < top, "a rule at y {y} above the contents' text area");
        }
    }
}

#[test]
fn page_count_is_a_multiple_of_4_and_ends_with_the_colophon() {
    let pages = bbox_words(&built().1);
    assert_eq!(pages.len() % 4, 0, "{} pages", pages.len());
    let last = squash(
        &pages
            .last()
            .unwrap()
            .words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<String>(),
    );
    let p = publication();
    for want in [
        p.title.as_str(),
        p.city.as_str(),
        p.issuer.as_str(),
        "発行年月",
        "問い合わせ先",
    ] {
        assert!(last.contains(&squash(want)), "奥付 lacks {want}: {last}");
    }
    // The pages between the last department and the 奥付 are blank on purpose.
    let text_pages = pages.iter().filter(|p| !p.words.is_empty()).count();
    assert!(pages.len() - text_pages < 4);
}

#[test]
fn percent_takes_a_quarter_em_before_japanese() {
    // JLReq counts % in the Western run: 「30% を」 takes the quarter-em 「30 を」 takes,
    // shrunk alike (down to an eighth) on a line that needs it.
    let pages = bbox_words(&built().1);
    let japanese =
        |c: char| ('\u{3040}'..='\u{30FF}').contains(&c) || ('\u{4E00}'..='\u{9FFF}').contains(&c);
    let mut checked = (0, 0);
    for p in &pages {
        // (gap in em, word before ends with %, baseline) of every Western→Japanese gap.
        let mut gaps = Vec::new();
        for (a, b) in p.words.iter().zip(p.words.iter().skip(1)) {
            let (x, y) = (
                a.text.chars().last().unwrap(),
                b.text.chars().next().unwrap(),
            );
            let em = a.y1 - a.y0;
            let same_line = (a.y1 - b.y1).abs() < 1.0 && b.x0 > a.x1 && b.x0 - a.x1 < em;
            if same_line && japanese(y) && (x == '%' || x.is_ascii_digit()) {
                gaps.push((
                    (b.x0 - a.x1) / em,
                    x == '%',
                    a.y1,
                    format!("{} {}", a.text, b.text),
                ));
            }
        }
        for (g, pct, y, t) in gaps.iter().filter(|g| g.1) {
            let _ = pct;
            let digit = gaps.iter().find(|d| !d.1 && (d.2 - y).abs() < 1.0);
            match digit {
                Some(d) => assert!(
                    (g - d.0).abs() <= 0.05,
                    "{t}: {g:.3} em, a digit on the line {:.3}",
                    d.0
                ),
                None => assert!((0.125 - 0.02..=0.25 + 0.05).contains(g), "{t}: {g:.3} em"),
            }
            checked.0 += 1;
            checked.1 += ((g - 0.25).abs() <= 0.05) as usize;
        }
    }
    // Most lines need no shrinking: most gaps are the full quarter-em.
    assert!(checked.0 >= 5 && checked.1 * 2 > checked.0, "{checked:?}");
}

#[test]
fn resource_tables_are_as_wide_as_their_content() {
    let pages = bbox_words(&built().1);
    let p = publication();
    let d = &p.departments[0];
    let page = pages
        .iter()
        .find(|pg| pg.words.iter().any(|w| w.text == d.staff[0].label))
        .expect("the staff table");
    let words_of = |t: &str| -> Vec<&Word> { page.words.iter().filter(|w| w.text == t).collect() };
    let label = words_of(&d.staff[0].label)[0];
    let figure = page
        .words
        .iter()
        .find(|w| (w.y1 - label.y1).abs() < 1.0 && w.x0 > label.x1)
        .expect("the figure beside the label");
    // Content: the widest label and the widest figure (or header), each with 2 × 4.5 pt
    // of padding.
    let widest = |ts: Vec<String>| {
        ts.iter()
            .flat_map(|t| words_of(t))
            .map(|w| w.x1 - w.x0)
            .fold(0.0, f32::max)
    };
    let labels = widest(
        d.staff
            .iter()
            .map(|l| l.label.clone())
            .chain(["区分".into(), "合計".into()])
            .collect(),
    );
    let figures = widest(
        d.staff
            .iter()
            .map(|l| hoshin::model::format_number(l.value))
            .chain(["人数（人）".into()])
            .collect(),
    );
    let span = figure.x1 - label.x0;
    assert!(
        span <= labels + figures + 2.0 * 9.0 + 2.0,
        "label to figure {span:.1} pt, content {:.1} pt",
        labels + figures + 18.0
    );
}

#[test]
fn contents_leaders_line_up() {
    let doc = lopdf::Document::load(&built().1).unwrap();
    let (_, page) = doc.get_pages().into_iter().nth(1).unwrap();
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    let (mut dotted, mut start) = (false, None);
    let mut leaders = Vec::new();
    for op in content.operations {
        let num = |i: usize| op.operands[i].as_float().unwrap();
        match op.operator.as_str() {
            "d" => dotted = !op.operands[0].as_array().unwrap().is_empty(),
            "m" if dotted => start = Some(num(0)),
            "l" if dotted => leaders.push((start.unwrap(), num(0))),
            _ => {}
        }
    }
    assert!(leaders.len() >= 30, "{leaders:?}");
    let right = leaders[0].1;
    let left = leaders.iter().map(|l| l.0).fold(f32::MAX, f32::min);
    for (x1, x2) in &leaders {
        assert!((x2 - right).abs() < 0.01, "leaders end at {x2} and {right}");
        let phase = (x1 - left) / 3.2;
        assert!(
            (phase - phase.round()).abs() < 0.01,
            "dots off the grid: {x1}"
        );
    }
}

#[test]
fn adjacent_punctuation_keeps_at_least_a_quarter_em_between_the_glyphs() {
    // 」（ and 、「: each glyph is a half-em of ink in a full-width frame. JLReq's pair
    // is 1.5 em; set closer than 1.25 em the two inks touch. pdftotext starts a new
    // word where frames overlap, so the pair's width is read from the two words.
    let pages = bbox_words(&built().1);
    let mut pairs = Vec::new();
    for p in &pages {
        for (a, b) in p.words.iter().zip(p.words.iter().skip(1)) {
            let (x, y) = (
                a.text.chars().last().unwrap(),
                b.text.chars().next().unwrap(),
            );
            if "」）』、。".contains(x) && "「（『".contains(y) && (a.y1 - b.y1).abs() < 1.0
            {
                let em = a.y1 - a.y0;
                let pair = (b.x0 + em - (a.x1 - em)) / em;
                if pair < 2.5 {
                    pairs.push((pair, format!("{} {}", a.text, b.text)));
                }
            }
        }
    }
    assert!(!pairs.is_empty());
    for (w, t) in &pairs {
        assert!(*w >= 1.25 - 0.02, "{t}: the pair is {w:.2} em");
    }
}
