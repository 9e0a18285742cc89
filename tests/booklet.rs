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
    let page = hoshin::typeset::PageTemplate::a4().margins(24.0, 22.0, 22.0, 22.0);
    let right = page.body()[0] + page.body()[2];
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
                let closing_half = closing(l.text.chars().last().unwrap());
                if (l.x1 - right).abs() > 0.5
                    && !(closing_half && (l.x1 + 5.25 - right).abs() <= 0.5)
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
        let title = format!("{}の「{}」", d.name, p.title);
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
        let last = body
            .iter()
            .max_by(|a, b| a.y0.partial_cmp(&b.y0).unwrap())
            .unwrap();
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
    assert_eq!(top[1].0, "企画部の「各部の運営方針と目標」");
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
    for dir in ["typeset", "pdf"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = e.unwrap().path();
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
