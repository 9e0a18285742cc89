//! Tagged PDF/UA-1 and PDF/A-2: the booklet and newsletter read back from outside —
//! the PDF/UA checker (tests/pdf_ua/pdfua_check.py, a copy of the project's
//! shared/tools/pdfua_check.py, so that the tests do not depend on shared/ being
//! beside the repository), poppler's `pdfinfo -struct-text` for the reading order,
//! and lopdf for the XMP metadata, the Info dictionary and the output intent.

mod common;
#[path = "common/pdftext.rs"]
mod pdftext;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use hoshin::check::check_dir;
use hoshin::config::Config;
use hoshin::fonts::FontSet;
use hoshin::model::{format_number, Publication};
use lopdf::{Document, Object};

use common::samples;
use pdftext::squash;

/// `hoshin build samples` (booklet and newsletter) into a temporary folder, once.
fn built() -> &'static tempfile::TempDir {
    static B: OnceLock<tempfile::TempDir> = OnceLock::new();
    B.get_or_init(|| common::build_samples("booklet,newsletter"))
}

fn publication() -> Publication {
    let (config, _) = Config::load(None, Some(&samples())).unwrap();
    let outcome = check_dir(&samples(), &config, &FontSet::default().coverage()).unwrap();
    outcome.publication(&config).expect("samples are clean")
}

/// The checker's JSON report of `pdf` and its exit status.
fn pdfua(pdf: &Path) -> (i32, serde_json::Value) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pdf_ua/pdfua_check.py");
    let out = Command::new("python3")
        .arg(script)
        .arg("--json")
        .arg(pdf)
        .output()
        .expect("python3 installed");
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "checker output is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), report)
}

/// Asserts that every rule passes and that content was checked at all.
fn assert_pdfua(pdf: &Path) {
    let (code, r) = pdfua(pdf);
    let failed: Vec<&serde_json::Value> = r["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["status"] != "PASS")
        .collect();
    assert!(
        code == 0 && failed.is_empty(),
        "{}: {failed:#?}",
        pdf.display()
    );
    let stats = &r["stats"];
    assert!(stats["items tagged"].as_u64().unwrap() > 100, "{stats}");
    assert!(stats.get("items untagged").is_none(), "{stats}");
    assert_eq!(stats["MCIDs in content"], stats["MCIDs in structure"]);
}

/// The samples' newsletter in 縦組み (`[newsletter] writing = "vertical"`), built
/// once: (input, output).
fn built_vertical() -> &'static (tempfile::TempDir, tempfile::TempDir) {
    static B: OnceLock<(tempfile::TempDir, tempfile::TempDir)> = OnceLock::new();
    B.get_or_init(|| {
        let input = tempfile::tempdir().unwrap();
        common::copy_dir(&samples(), input.path());
        let toml = input.path().join("hoshin.toml");
        let mut t = std::fs::read_to_string(&toml).unwrap();
        t.push_str("\n[newsletter]\nwriting = \"vertical\"\n");
        std::fs::write(&toml, t).unwrap();
        let out = tempfile::tempdir().unwrap();
        run_ok(
            common::hoshin()
                .args(["build", "--only", "newsletter", "-q", "-o"])
                .arg(out.path())
                .arg(input.path())
                .env("SOURCE_DATE_EPOCH", "1049155200"),
        );
        (input, out)
    })
}

#[test]
fn samples_booklet_passes_pdfua() {
    assert_pdfua(&built().path().join("booklet.pdf"));
}

#[test]
fn samples_newsletter_passes_pdfua() {
    assert_pdfua(&built().path().join("newsletter.pdf"));
}

#[test]
fn vertical_newsletter_passes_pdfua() {
    assert_pdfua(&built_vertical().1.path().join("newsletter.pdf"));
}

/// Runs `cmd`, panicking with its message if it fails.
fn run_ok(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `hoshin build --only booklet -q -o out input`.
fn build_booklet(input: &Path, out: &Path) -> std::path::PathBuf {
    run_ok(
        common::hoshin()
            .args(["build", "--only", "booklet", "-q", "-o"])
            .arg(out)
            .arg(input)
            .env("SOURCE_DATE_EPOCH", "1049155200"),
    );
    out.join("booklet.pdf")
}

#[test]
fn a_long_booklet_and_a_continued_newsletter_pass_pdfua() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    run_ok(
        common::hoshin()
            .args(["sample", "--departments", "30", "--projects", "12", "-o"])
            .arg(&data),
    );
    let out = dir.path().join("out");
    run_ok(
        common::hoshin()
            .args(["build", "--only", "booklet,newsletter", "-q", "-o"])
            .arg(&out)
            .arg(&data)
            .env("SOURCE_DATE_EPOCH", "1049155200"),
    );
    assert_pdfua(&out.join("booklet.pdf"));
    let news = out.join("newsletter.pdf");
    let pages = Document::load(&news).unwrap().get_pages().len();
    assert!(
        pages > 1,
        "30 departments continue the newsletter ({pages} page)"
    );
    assert_pdfua(&news);
    newsletter_reads_in_order(&news, &out.join("newsletter.txt"));
}

#[test]
fn a_continued_tables_repeated_header_is_an_artifact() {
    use hoshin::typeset::*;
    let ts = Typesetter::new(
        &FontSet::default(),
        Style::default(),
        vec![PageTemplate::a4()],
    );
    let rows = (0..120)
        .map(|i| vec![i.to_string(), format!("事業{i}")])
        .collect();
    let mut d = Document::new();
    d.push(Block::Table(Table::new(
        &[1.0, 3.0],
        &["番号", "事業名"],
        rows,
    )));
    let layout = ts.layout(&d);
    assert!(layout.pages.len() >= 2);
    let s = &layout.structure;
    for (i, page) in layout.pages.iter().enumerate() {
        let head: Vec<&GlyphRun> = page
            .items
            .iter()
            .filter_map(|it| match it {
                Item::Text(r) if r.text() == "事業名" => Some(r),
                _ => None,
            })
            .collect();
        assert_eq!(head.len(), 1, "page {i}");
        if i == 0 {
            let th = &s.nodes[head[0].node as usize];
            assert_eq!(th.role, Role::TH);
            assert_eq!(s.nodes[th.parent as usize].role, Role::TR);
        } else {
            assert_eq!(head[0].node, ARTIFACT, "page {i}");
        }
        // Every body cell is a TD, on every page.
        for it in &page.items {
            if let Item::Text(r) = it {
                if r.text().starts_with("事業") && r.text() != "事業名" {
                    assert_eq!(s.nodes[r.node as usize].role, Role::TD);
                }
            }
        }
    }
}

#[test]
fn turned_off_the_pdfs_are_untagged() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    common::copy_dir(&samples(), &input);
    std::fs::write(
        input.join("hoshin.toml"),
        format!(
            "{}\n[pdf]\ntagged = false\n",
            std::fs::read_to_string(samples().join("hoshin.toml")).unwrap_or_default()
        ),
    )
    .unwrap();
    let pdf = build_booklet(&input, &dir.path().join("out"));
    let doc = Document::load(&pdf).unwrap();
    let cat = doc.catalog().unwrap();
    assert!(!cat.has(b"StructTreeRoot") && !cat.has(b"Metadata"));
    let (code, _) = pdfua(&pdf);
    assert_eq!(code, 1, "an untagged PDF fails the checker");
}

fn text_of(doc: &Document, o: &Object) -> String {
    match doc.dereference(o).map(|x| x.1) {
        Ok(Object::String(b, _)) => {
            if b.starts_with(&[0xFE, 0xFF]) {
                let u: Vec<u16> = b[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16(&u).unwrap()
            } else {
                String::from_utf8_lossy(b).into_owned()
            }
        }
        other => panic!("not a string: {other:?}"),
    }
}

/// The text of the first element `tag` (with its namespace prefix) of `xml`.
fn xml_text(xml: &str, tag: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    let inner = &xml[start..end];
    // Inside rdf:Alt / rdf:Seq: the first rdf:li's text.
    let inner = match inner.find("<rdf:li") {
        Some(i) => {
            let s = i + inner[i..].find('>')? + 1;
            &inner[s..s + inner[s..].find("</rdf:li>")?]
        }
        None => inner,
    };
    Some(
        inner
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
}

/// `D:20030401000000Z` as XMP writes it.
fn xmp_date(d: &str) -> String {
    let d = d.trim_start_matches("D:");
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14]
    )
}

#[test]
fn pdfa_identification_matches_info_and_has_srgb_intent() {
    for name in ["booklet.pdf", "newsletter.pdf"] {
        let path = built().path().join(name);
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7\n%"), "{name}: header");
        assert!(
            bytes[10..14].iter().all(|&b| b > 127),
            "{name}: binary mark"
        );
        let doc = Document::load_mem(&bytes).unwrap();
        let cat = doc.catalog().unwrap();
        assert_eq!(text_of(&doc, cat.get(b"Lang").unwrap()), "ja");
        let mark = doc.dereference(cat.get(b"MarkInfo").unwrap()).unwrap().1;
        assert_eq!(
            mark.as_dict().unwrap().get(b"Marked").unwrap(),
            &Object::Boolean(true)
        );
        let md = doc.get_object(cat.get(b"Metadata").unwrap().as_reference().unwrap());
        let md = md.unwrap().as_stream().unwrap();
        assert!(!md.dict.has(b"Filter"), "{name}: XMP left uncompressed");
        assert_eq!(md.dict.get(b"Subtype").unwrap().as_name().unwrap(), b"XML");
        let xmp = String::from_utf8(md.content.clone()).unwrap();
        let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let info = doc.get_dictionary(info_id).unwrap();
        let info_text = |k: &[u8]| text_of(&doc, info.get(k).unwrap());
        assert_eq!(xml_text(&xmp, "dc:title").unwrap(), info_text(b"Title"));
        assert_eq!(xml_text(&xmp, "dc:creator").unwrap(), info_text(b"Author"));
        assert_eq!(
            xml_text(&xmp, "dc:description").unwrap(),
            info_text(b"Subject")
        );
        assert_eq!(
            xml_text(&xmp, "xmp:CreatorTool").unwrap(),
            info_text(b"Creator")
        );
        assert_eq!(
            xml_text(&xmp, "pdf:Producer").unwrap(),
            info_text(b"Producer")
        );
        assert_eq!(
            xml_text(&xmp, "xmp:CreateDate").unwrap(),
            xmp_date(&info_text(b"CreationDate"))
        );
        assert_eq!(
            xml_text(&xmp, "xmp:ModifyDate").unwrap(),
            xmp_date(&info_text(b"ModDate"))
        );
        assert_eq!(xml_text(&xmp, "pdfaid:part").as_deref(), Some("2"));
        assert_eq!(xml_text(&xmp, "pdfaid:conformance").as_deref(), Some("A"));
        assert_eq!(xml_text(&xmp, "pdfuaid:part").as_deref(), Some("1"));
        // The PDF/A extension schema that declares pdfuaid.
        assert!(xmp.contains("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"));
        // The sRGB output intent with its ICC profile.
        let intents = doc
            .dereference(cat.get(b"OutputIntents").unwrap())
            .unwrap()
            .1;
        let intents = intents.as_array().unwrap();
        assert_eq!(intents.len(), 1);
        let oi = doc.dereference(&intents[0]).unwrap().1.as_dict().unwrap();
        assert_eq!(oi.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
        let icc = doc
            .get_object(
                oi.get(b"DestOutputProfile")
                    .unwrap()
                    .as_reference()
                    .unwrap(),
            )
            .unwrap()
            .as_stream()
            .unwrap();
        assert_eq!(icc.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
        let profile = icc.decompressed_content().unwrap_or(icc.content.clone());
        assert_eq!(&profile[36..40], b"acsp");
        assert_eq!(&profile[16..20], b"RGB ");
        // Every annotation printed (PDF/A-2, 6.3.2).
        for (_, page) in doc.get_pages() {
            let page = doc.get_dictionary(page).unwrap();
            if let Ok(annots) = page.get(b"Annots") {
                for a in doc.dereference(annots).unwrap().1.as_array().unwrap() {
                    let a = doc.dereference(a).unwrap().1.as_dict().unwrap();
                    assert_eq!(a.get(b"F").unwrap().as_i64().unwrap(), 4);
                }
            }
        }
        // Deterministic /ID, the same in both places.
        let id = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
        assert_eq!(id.len(), 2);
        assert_eq!(id[0], id[1]);
    }
}

/// An element of `pdfinfo -struct-text`: its type, text and children.
#[derive(Debug, Default)]
struct El {
    role: String,
    text: String,
    kids: Vec<El>,
}

impl El {
    /// All elements below, in order (pre-order), with the roles of their ancestors.
    fn walk<'a>(&'a self, path: &mut Vec<&'a str>, out: &mut Vec<(Vec<&'a str>, &'a El)>) {
        for k in &self.kids {
            path.push(&self.role);
            out.push((path.clone(), k));
            k.walk(path, out);
            path.pop();
        }
    }
    fn all_text(&self) -> String {
        let mut s = self.text.clone();
        for k in &self.kids {
            s.push_str(&k.all_text());
        }
        s
    }
}

/// Parses `pdfinfo -struct-text` (two spaces of indent per level).
fn struct_text(pdf: &Path) -> El {
    let out = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) installed");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let mut root = El {
        role: "(root)".into(),
        ..El::default()
    };
    // Path of child indices to the element at each depth.
    let mut stack: Vec<usize> = Vec::new();
    fn at<'a>(root: &'a mut El, path: &[usize]) -> &'a mut El {
        path.iter().fold(root, |e, &i| &mut e.kids[i])
    }
    for line in text.lines() {
        let depth = (line.len() - line.trim_start_matches(' ').len()) / 2;
        let t = line.trim();
        if t.is_empty() || t.starts_with('/') || t.starts_with("Object ") {
            continue;
        }
        if let Some(q) = t.strip_prefix('"') {
            let q = q.strip_suffix('"').unwrap_or(q);
            stack.truncate(depth);
            at(&mut root, &stack).text.push_str(q);
            continue;
        }
        let role = t.split([' ', ':']).next().unwrap_or_default().to_string();
        stack.truncate(depth);
        let parent = at(&mut root, &stack);
        parent.kids.push(El {
            role,
            ..El::default()
        });
        stack.push(parent.kids.len() - 1);
    }
    root
}

/// `want` found in order in `items`, each by `found`; panics naming the first missing.
fn in_order<T: std::fmt::Debug>(
    items: &[(Vec<&str>, &El)],
    want: &[T],
    found: impl Fn(&T, &[&str], &El) -> bool,
    what: &str,
) {
    let mut i = 0;
    for w in want {
        while i < items.len() && !found(w, &items[i].0, items[i].1) {
            i += 1;
        }
        assert!(i < items.len(), "{what}: {w:?} not found (in order)");
        i += 1;
    }
}

#[test]
fn struct_text_reads_every_department_in_order_under_its_headings() {
    let tree = struct_text(&built().path().join("booklet.pdf"));
    assert_eq!(tree.kids.len(), 1);
    let doc = &tree.kids[0];
    assert_eq!(doc.role, "Document");
    let p = publication();
    // The department sections: top-level Sect whose H1 names the department.
    let depts: Vec<&El> = doc
        .kids
        .iter()
        .filter(|s| s.role == "Sect" && s.kids.first().is_some_and(|h| h.role == "H1"))
        .skip(1) // 目次
        .collect();
    assert_eq!(depts.len(), p.departments.len());
    // The contents: one TOCI with a Link per department and part.
    let toc: Vec<String> = doc.kids[..]
        .iter()
        .flat_map(|s| s.kids.iter())
        .filter(|e| e.role == "TOC")
        .flat_map(|t| t.kids.iter())
        .map(|i| {
            assert_eq!(i.role, "TOCI");
            assert_eq!(i.kids[0].role, "Link");
            squash(&i.all_text())
        })
        .collect();
    assert_eq!(toc.len(), 4 * p.departments.len());
    for (d, sect) in p.departments.iter().zip(&depts) {
        let h1 = squash(&sect.kids[0].text);
        assert!(h1.contains(&squash(&d.name)), "{h1} for {}", d.name);
        let mut items = Vec::new();
        sect.walk(&mut Vec::new(), &mut items);
        // The three parts are H2 sections of the department, in order.
        let h2: Vec<&El> = sect
            .kids
            .iter()
            .filter(|s| s.role == "Sect")
            .map(|s| &s.kids[0])
            .collect();
        assert_eq!(h2.len(), 3, "{}", d.name);
        assert!(h2.iter().all(|h| h.role == "H2"));
        let text = |e: &El| squash(&e.text);
        let under = |path: &[&str], role: &str| path.last() == Some(&role);
        // 1 部の使命・目標: headline, then each mission bullet as a list item's body.
        let mut want = vec![squash(&d.headline)];
        want.extend(d.mission.iter().map(|m| squash(&m.text)));
        in_order(
            &items,
            &want,
            |w, _, e| text(e).contains(w.as_str()),
            &d.name,
        );
        in_order(
            &items,
            &d.mission
                .iter()
                .map(|m| squash(&m.text))
                .collect::<Vec<_>>(),
            |w, path, e| e.role == "LBody" && under(path, "LI") && &text(e) == w,
            "mission bullets in LBody",
        );
        // Every table row: its cells as TD of one TR, in order.
        let row = |cells: Vec<String>| cells;
        let mut rows: Vec<Vec<String>> = Vec::new();
        rows.extend(
            d.sections
                .iter()
                .map(|s| row(vec![s.name.clone(), s.role.clone()])),
        );
        rows.extend(
            d.staff
                .iter()
                .map(|l| row(vec![l.label.clone(), format_number(l.value)])),
        );
        rows.extend(
            d.budget
                .iter()
                .map(|l| row(vec![l.label.clone(), format_number(l.value)])),
        );
        for pr in &d.projects {
            rows.extend(pr.indicators.iter().map(|i| {
                let t = i.printed();
                row(vec![i.name.clone(), t.baseline, t.target, t.deadline])
            }));
        }
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(|r| r.iter().map(|c| squash(c)).collect())
            .collect();
        in_order(
            &items,
            &rows,
            |w, path, e| {
                e.role == "TR"
                    && ["TBody", "THead", "Table"].contains(path.last().unwrap())
                    && e.kids.iter().all(|c| c.role == "TD" || c.role == "TH")
                    && e.kids.len() >= w.len()
                    && e.kids
                        .iter()
                        .zip(w)
                        .all(|(c, t)| &squash(&c.all_text()) == t)
            },
            &format!("{}: table rows", d.name),
        );
        // 3: policies as list bodies, then each project: its heading, its paragraphs.
        in_order(
            &items,
            &d.policies
                .iter()
                .map(|x| squash(&x.text))
                .collect::<Vec<_>>(),
            |w, _, e| e.role == "LBody" && &text(e) == w,
            "policies",
        );
        let mut want: Vec<(&str, String)> = Vec::new();
        for pr in &d.projects {
            want.push(("H", squash(&pr.name)));
            for para in &pr.description {
                want.push(("P", squash(para).trim_start_matches('\u{3000}').to_string()));
            }
        }
        in_order(
            &items,
            &want,
            |(role, w), _, e| {
                if *role == "H" {
                    e.role.starts_with('H') && text(e).contains(w.as_str())
                } else {
                    e.role == "P" && &text(e) == w
                }
            },
            &format!("{}: projects", d.name),
        );
        // Every table's header cells are TH (scope: column) of the first row.
        for (_, e) in &items {
            if e.role == "THead" {
                assert!(e
                    .kids
                    .iter()
                    .all(|r| r.role == "TR" && r.kids.iter().all(|c| c.role == "TH")));
            }
        }
    }
}

/// Every text of the newsletter's plain text (`newsletter.txt`, its parts in reading
/// order) found whole in the PDF's structure, in the same order: the titles one H1,
/// each paragraph and heading one element, each bullet one list item (its marker the
/// label), each diagram cell one paragraph; continuation heads nowhere.
fn newsletter_reads_in_order(pdf: &Path, txt: &Path) {
    let tree = struct_text(pdf);
    assert_eq!(tree.kids.len(), 1);
    let doc = &tree.kids[0];
    assert_eq!(doc.role, "Document");
    let mut items = Vec::new();
    doc.walk(&mut Vec::new(), &mut items);
    assert!(
        !squash(&doc.all_text()).contains("（続き）"),
        "a continuation head is an artifact"
    );
    let text = std::fs::read_to_string(txt).unwrap();
    let paras: Vec<Vec<String>> = text
        .split("\n\n")
        .map(|p| p.lines().map(squash).filter(|l| !l.is_empty()).collect())
        .filter(|p: &Vec<String>| !p.is_empty())
        .collect();
    // The kicker, then the titles: one heading.
    let h1: Vec<&El> = items
        .iter()
        .filter(|(_, e)| e.role == "H1")
        .map(|x| x.1)
        .collect();
    assert_eq!(h1.len(), 1);
    assert_eq!(squash(&h1[0].all_text()), paras[1].concat());
    let mut want: Vec<String> = paras[0].clone();
    for p in &paras[2..] {
        want.extend(p.iter().flat_map(|l| l.split('／').map(str::to_string)));
    }
    let whole = ["P", "H2", "H3", "H4", "LI"];
    in_order(
        &items,
        &want,
        |w, _, e| whole.contains(&e.role.as_str()) && &squash(&e.all_text()) == w,
        &format!("{}: texts in reading order", pdf.display()),
    );
    // The bullets: marker as label, text as body.
    for (_, e) in &items {
        if e.role == "LI" {
            assert_eq!(e.kids.len(), 2, "{e:?}");
            assert_eq!(
                (e.kids[0].role.as_str(), e.kids[1].role.as_str()),
                ("Lbl", "LBody")
            );
        }
    }
}

#[test]
fn struct_text_reads_the_newsletter_whole_in_column_order() {
    let out = built().path();
    newsletter_reads_in_order(&out.join("newsletter.pdf"), &out.join("newsletter.txt"));
}

#[test]
fn struct_text_reads_the_vertical_newsletter_whole_in_order() {
    let out = built_vertical().1.path();
    newsletter_reads_in_order(&out.join("newsletter.pdf"), &out.join("newsletter.txt"));
}
