//! Issue 12: hostile inputs of a few kilobytes that declare gigabytes. Each is made
//! here by a small generator, checked through the binary, and measured from outside
//! with /usr/bin/time: finished in ≤ 20 s of CPU time, ≤ 1 GB peak RSS, exit 0 or 1 (never 3),
//! the file and sheet named.

mod common;
use common::*;

use std::io::Write;
use std::path::Path;

/// A zip of `(name, bytes)` entries, stored (the crate is built without deflate).
fn zip_file(path: &Path, entries: &[(&str, Vec<u8>)]) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
}

/// `hoshin check DIR --format json` under `/usr/bin/time -v`.
struct Run {
    code: i32,
    rss_kb: u64,
    secs: f64,
    problems: Vec<P>,
}

fn measured_check(dir: &Path) -> Run {
    let out = std::process::Command::new("/usr/bin/time")
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_hoshin"))
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let field = |name: &str| -> String {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .unwrap_or_else(|| panic!("no «{name}» in {stderr}"))
            .trim()
            .to_string()
    };
    let rss_kb = field("Maximum resident set size (kbytes):")
        .parse()
        .unwrap();
    // CPU seconds (user + system), not the wall clock: other work on the machine
    // stretches the wall clock (a load of 6 on 2 cores made 4 s of CPU take 20 s).
    let secs = field("User time (seconds):").parse::<f64>().unwrap()
        + field("System time (seconds):").parse::<f64>().unwrap();
    let code = out.status.code().unwrap_or(-1);
    let problems = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    Run {
        code,
        rss_kb,
        secs,
        problems,
    }
}

/// The bounds of the issue, and the problem at `file` (and `sheet`) with `code`.
fn assert_bounded(run: &Run, file: &str, sheet: Option<&str>, code: &str) {
    eprintln!(
        "{file}: exit {}, {:.2} s of CPU, {} MB",
        run.code,
        run.secs,
        run.rss_kb / 1024
    );
    assert!(run.code == 0 || run.code == 1, "exit {}", run.code);
    assert!(run.secs <= 20.0, "{file}: {} s of CPU", run.secs);
    assert!(run.rss_kb <= 1_000_000, "{file}: {} kB", run.rss_kb);
    assert!(
        run.problems
            .iter()
            .any(|p| p.file == file && p.code == code && p.sheet.as_deref() == sheet),
        "no {code} at {file} {sheet:?}: {:#?}",
        run.problems
    );
}

const ODS_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>"#;
const ODS_TAIL: &str = "</office:spreadsheet></office:body></office:document-content>";

fn ods(path: &Path, tables: &str) {
    let content = format!("{ODS_HEAD}{tables}{ODS_TAIL}");
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_file(
        path,
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
            ),
            ("META-INF/manifest.xml", manifest.as_bytes().to_vec()),
            ("content.xml", content.into_bytes()),
        ],
    );
}

/// One filled cell repeated across 16,384 columns, its row repeated a million times.
fn repeated_ods(path: &Path) {
    ods(
        path,
        r#"<table:table table:name="基本情報"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>部</text:p></table:table-cell></table:table-row></table:table>"#,
    );
}

#[test]
fn repeated_ods_rows_and_cells_are_refused_before_they_are_expanded() {
    let dir = tempfile::tempdir().unwrap();
    // Two at once: the parallel reader must stay bounded too.
    repeated_ods(&dir.path().join("a.ods"));
    repeated_ods(&dir.path().join("b.ods"));
    assert!(std::fs::metadata(dir.path().join("a.ods")).unwrap().len() < 4096);
    let run = measured_check(dir.path());
    assert_bounded(&run, "a.ods", Some("基本情報"), "E007");
    assert_bounded(&run, "b.ods", Some("基本情報"), "E007");
    let p = run.problems.iter().find(|p| p.code == "E007").unwrap();
    assert!(p.message.contains("max_expanded_mib"), "{}", p.message);
}

#[test]
fn libreoffice_trailing_empty_rows_still_read() {
    // LibreOffice writes the rest of the sheet as a million repeated empty rows.
    let dir = tempfile::tempdir().unwrap();
    ods(
        &dir.path().join("a.ods"),
        r#"<table:table table:name="基本情報"><table:table-row><table:table-cell office:value-type="string"><text:p>項目</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#,
    );
    let run = measured_check(dir.path());
    assert!(run.code == 1, "{}", run.code);
    assert!(
        run.problems.iter().all(|p| p.code != "E007"),
        "{:#?}",
        run.problems
    );
}

/// A minimal .xlsx: one sheet `sheet` with `sheet_data` (the `<sheetData>` body and
/// what follows it), shared strings and styles as given.
fn xlsx(path: &Path, sheet: &str, sheet_xml: &str, shared: &[String], styles: &str) {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let wb_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    let mut sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">"#,
        shared.len()
    );
    for s in shared {
        sst.push_str(&format!("<si><t>{s}</t></si>"));
    }
    sst.push_str("</sst>");
    let ws = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{sheet_xml}</worksheet>"#
    );
    zip_file(
        path,
        &[
            ("[Content_Types].xml", content_types.as_bytes().to_vec()),
            ("_rels/.rels", rels.as_bytes().to_vec()),
            ("xl/workbook.xml", workbook.into_bytes()),
            ("xl/_rels/workbook.xml.rels", wb_rels.as_bytes().to_vec()),
            ("xl/sharedStrings.xml", sst.into_bytes()),
            ("xl/styles.xml", styles.as_bytes().to_vec()),
            ("xl/worksheets/sheet1.xml", ws.into_bytes()),
        ],
    );
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

#[test]
fn one_long_shared_string_referenced_thousands_of_times_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let long = "あ".repeat(350_000); // ~1 MB of UTF-8
    let mut rows = String::from("<sheetData>");
    for r in 1..=4000 {
        rows.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#
        ));
    }
    rows.push_str("</sheetData>");
    xlsx(
        &dir.path().join("s.xlsx"),
        "基本情報",
        &rows,
        &[long],
        STYLES,
    );
    let run = measured_check(dir.path());
    assert_bounded(&run, "s.xlsx", Some("基本情報"), "E007");
}

#[test]
fn a_percent_style_on_an_empty_cell_at_xfd1048576_costs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let rows = r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>番号</t></is></c></row><row r="2"><c r="A2" s="1"><v>0.8</v></c></row><row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>"#;
    xlsx(&dir.path().join("p.xlsx"), "目標指標", rows, &[], STYLES);
    assert!(std::fs::metadata(dir.path().join("p.xlsx")).unwrap().len() < 8192);
    let run = measured_check(dir.path());
    // Not refused (the cell is empty): read, and the missing sheets named.
    assert_bounded(&run, "p.xlsx", None, "E101");
}

#[test]
fn a_hundred_thousand_overlapping_merges_take_no_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut xml = String::from(
        r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>項目</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>年度</t></is></c></row><row r="19999"><c r="A19999" t="inlineStr"><is><t>x</t></is></c><c r="B19999" t="inlineStr"><is><t>x</t></is></c></row></sheetData><mergeCells count="100000">"#,
    );
    for i in 0..100_000 {
        xml.push_str(&format!(r#"<mergeCell ref="A{}:A19999"/>"#, 2 + i % 10));
    }
    xml.push_str("</mergeCells>");
    xlsx(&dir.path().join("m.xlsx"), "基本情報", &xml, &[], STYLES);
    let run = measured_check(dir.path());
    assert_bounded(&run, "m.xlsx", Some("基本情報"), "W106");
}

/// An .xls (BIFF8 in a compound file) with one sheet `name` and a number at each of
/// `cells`.
fn xls(path: &Path, name: &str, cells: &[(u16, u16)]) {
    fn rec(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
        out.extend(typ.to_le_bytes());
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
    }
    let bof = |dt: u16| {
        let mut d = vec![0x00, 0x06];
        d.extend(dt.to_le_bytes());
        d.extend([0u8; 12]);
        d
    };
    let units: Vec<u16> = name.encode_utf16().collect();
    let boundsheet_len = 4 + 8 + units.len() * 2;
    let mut globals = Vec::new();
    rec(&mut globals, 0x0809, &bof(0x0005));
    rec(&mut globals, 0x0042, &1200u16.to_le_bytes()); // CODEPAGE: UTF-16
    let sheet_at = globals.len() + boundsheet_len + 4;
    let mut bs = (sheet_at as u32).to_le_bytes().to_vec();
    bs.extend([0, 0, units.len() as u8, 1]);
    for u in &units {
        bs.extend(u.to_le_bytes());
    }
    rec(&mut globals, 0x0085, &bs);
    rec(&mut globals, 0x000A, &[]);
    assert_eq!(globals.len(), sheet_at);
    let mut sheet = Vec::new();
    rec(&mut sheet, 0x0809, &bof(0x0010));
    for &(r, c) in cells {
        let mut d = r.to_le_bytes().to_vec();
        d.extend(c.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend(1.0f64.to_le_bytes());
        rec(&mut sheet, 0x0203, &d);
    }
    rec(&mut sheet, 0x000A, &[]);
    globals.extend(sheet);
    let mut file = cfb::CompoundFile::create_with_version(
        cfb::Version::V3,
        std::fs::File::create(path).unwrap(),
    )
    .unwrap();
    file.create_stream("/Workbook")
        .unwrap()
        .write_all(&globals)
        .unwrap();
    file.flush().unwrap();
}

#[test]
fn an_xls_cell_at_iv65536_is_refused_before_calamine_builds_the_grid() {
    let dir = tempfile::tempdir().unwrap();
    xls(
        &dir.path().join("x.xls"),
        "基本情報",
        &[(0, 0), (65535, 255)],
    );
    assert!(std::fs::metadata(dir.path().join("x.xls")).unwrap().len() < 16384);
    let run = measured_check(dir.path());
    assert_bounded(&run, "x.xls", Some("基本情報"), "E007");
}

#[test]
fn a_small_xls_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    xls(&dir.path().join("x.xls"), "基本情報", &[(0, 0), (3, 1)]);
    let run = measured_check(dir.path());
    assert!(
        run.problems.iter().all(|p| p.code != "E007"),
        "{:#?}",
        run.problems
    );
    assert_bounded(&run, "x.xls", Some("基本情報"), "E105");
}

/// A 基本情報 sheet by hand, with `b4` as 使命・目標（要約） and `b5` as 掲載順 (raw
/// `<c>` bodies), so that values no writer library accepts can be written.
fn basic_xlsx(path: &Path, b4: &str, b5: &str) {
    let t = |r: &str, s: &str| format!(r#"<c r="{r}" t="inlineStr"><is><t>{s}</t></is></c>"#);
    let rows = format!(
        r#"<sheetData><row r="1">{}{}</row><row r="2">{}{}</row><row r="3">{}{}</row><row r="4">{}<c r="B4" {b4}</c></row><row r="5">{}<c r="B5" {b5}</c></row></sheetData>"#,
        t("A1", "項目"),
        t("B1", "内容"),
        t("A2", "年度"),
        t("B2", "令和7年度"),
        t("A3", "部名"),
        t("B3", "企画部"),
        t("A4", "使命・目標（要約）"),
        t("A5", "掲載順"),
    );
    xlsx(path, "基本情報", &rows, &[], STYLES);
}

#[test]
fn nan_inf_and_huge_numbers_are_caught_at_their_cell() {
    let dir = tempfile::tempdir().unwrap();
    let ok = r#"t="inlineStr"><is><t>要約</t></is>"#;
    basic_xlsx(&dir.path().join("nan.xlsx"), ok, "><v>NaN</v>");
    basic_xlsx(&dir.path().join("inf.xlsx"), ok, "><v>INF</v>");
    basic_xlsx(&dir.path().join("huge.xlsx"), ok, "><v>1e300</v>");
    let run = measured_check(dir.path());
    for (file, code) in [
        ("nan.xlsx", "E201"),
        ("inf.xlsx", "E201"),
        ("huge.xlsx", "E230"),
    ] {
        assert_bounded(&run, file, Some("基本情報"), code);
        let p = run
            .problems
            .iter()
            .find(|p| p.file == file && p.code == code)
            .unwrap();
        assert_eq!(p.cell.as_deref(), Some("B5"), "{p:?}");
        assert!(
            !p.message.contains("inf") && !p.message.contains("NaN"),
            "{p:?}"
        );
    }
}

#[test]
fn a_text_longer_than_an_excel_cell_is_caught_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!(r#"t="inlineStr"><is><t>{}</t></is>"#, "あ".repeat(40_000));
    basic_xlsx(&dir.path().join("long.xlsx"), &long, "><v>1</v>");
    let run = measured_check(dir.path());
    assert_bounded(&run, "long.xlsx", Some("基本情報"), "E231");
    let p = run.problems.iter().find(|p| p.code == "E231").unwrap();
    assert_eq!(p.cell.as_deref(), Some("B4"));
    assert!(p.message.contains("32767"), "{}", p.message);
}

#[test]
fn a_symlinked_workbook_is_read_and_a_broken_link_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (input, elsewhere) = (dir.path().join("in"), dir.path().join("elsewhere"));
    std::fs::create_dir_all(&input).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    Book::department("企画部", 1, "令和7年度").write(&input.join("企画部.xlsx"));
    Book::department("総務部", 2, "令和7年度").write(&elsewhere.join("総務部.xlsx"));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(elsewhere.join("総務部.xlsx"), input.join("総務部.xlsx"))
            .unwrap();
        let text = hoshin().arg("check").arg(&input).output().unwrap();
        let stdout = String::from_utf8_lossy(&text.stdout);
        assert_eq!(text.status.code(), Some(0), "{stdout}");
        assert!(stdout.contains("総務部.xlsx — 総務部"), "{stdout}");
        assert!(stdout.contains("2 部"), "{stdout}");
        std::os::unix::fs::symlink(elsewhere.join("gone.xlsx"), input.join("市民部.xlsx")).unwrap();
        let (code, problems) = check_json(&input);
        assert_eq!(code, 1);
        assert!(
            problems
                .iter()
                .any(|p| p.file == "市民部.xlsx" && p.code == "E001"),
            "{problems:#?}"
        );
    }
}

#[test]
fn a_decomposed_department_name_is_normalized_and_caught_as_a_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    Book::department("ガス部", 1, "令和7年度").write(&dir.path().join("a.xlsx"));
    // カ + combining voiced mark, as pasted from a Mac.
    Book::department("カ\u{3099}ス部", 2, "令和7年度").write(&dir.path().join("b.xlsx"));
    let (code, problems) = check_json(dir.path());
    assert_eq!(code, 1);
    let dup = problems.iter().find(|p| p.code == "E302").expect("E302");
    assert!(!dup.message.contains('\u{3099}'), "{}", dup.message);
    assert!(dup.message.contains("ガス部"), "{}", dup.message);
}

#[test]
fn a_second_sheet_equal_once_normalized_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = Book::valid();
    let copy = book.sheets[0].clone();
    book.sheets.push(("基本情報\u{3000}".to_string(), copy.1));
    book.write(&dir.path().join("企画部.xlsx"));
    let (code, problems) = check_json(dir.path());
    assert_eq!(code, 1);
    let p = problems.iter().find(|p| p.code == "E109").expect("E109");
    assert_eq!(p.sheet.as_deref(), Some("基本情報\u{3000}"));
}

#[test]
fn escape_characters_from_names_and_cells_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let book = Book::valid().set("使命・目標", "B2", S("a\u{1B}]0;owned\u{7}b".into()));
    book.write(&dir.path().join("企画\u{1B}[2K部.xlsx"));
    let out = hoshin().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !stdout.contains('\u{1B}') && !stdout.contains('\u{7}'),
        "{stdout:?}"
    );
    assert!(stdout.contains("企画\\x1B[2K部.xlsx"), "{stdout}");
}

#[test]
fn report_sheet_names_excel_refuses_are_made_valid() {
    let dir = tempfile::tempdir().unwrap();
    // Twelve files that are not workbooks: each has its own report sheet, named after
    // the file: apostrophes, emoji (two UTF-16 units each), a (10) suffix, an escape.
    for i in 0..12 {
        let name = format!(
            "'😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀{}\u{1B}.xlsx",
            "部".repeat(i % 2)
        );
        let name = if i < 2 {
            name
        } else {
            format!("{name}{i}.xlsx")
        };
        std::fs::write(dir.path().join(name), b"not a workbook").unwrap();
    }
    let report = dir.path().join("report.xlsx");
    let out = hoshin()
        .arg("check")
        .arg(dir.path())
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    use calamine::Reader;
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&report).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len(), 13, "{names:?}");
    for n in &names {
        assert!(
            n.encode_utf16().count() <= 31 && !n.starts_with('\''),
            "{n}"
        );
    }
}

#[test]
fn invisible_characters_are_named_and_do_not_hide_a_header() {
    let dir = tempfile::tempdir().unwrap();
    Book::valid()
        .set("使命・目標", "A1", T("番\u{200B}号"))
        .set(
            "使命・目標",
            "B2",
            S("市民の\u{202E}ニーズ\u{200B}に応えます。".into()),
        )
        .write(&dir.path().join("企画部.xlsx"));
    let (code, problems) = check_json(dir.path());
    assert_eq!(code, 0, "{problems:#?}");
    let p = problems.iter().find(|p| p.code == "W230").expect("W230");
    assert_eq!(p.cell.as_deref(), Some("B2"));
    assert!(
        p.message.contains("U+202E") && p.message.contains("ゼロ幅スペース U+200B"),
        "{}",
        p.message
    );
    assert_eq!(problems.len(), 1, "{problems:#?}");
}

#[test]
fn a_lone_voicing_mark_is_named() {
    let dir = tempfile::tempdir().unwrap();
    Book::valid()
        .set(
            "使命・目標",
            "B2",
            S("あ\u{3099}いさつを大切にします。".into()),
        )
        .write(&dir.path().join("企画部.xlsx"));
    let (code, problems) = check_json(dir.path());
    assert_eq!(code, 0, "{problems:#?}");
    let p = problems.iter().find(|p| p.code == "W231").expect("W231");
    assert_eq!(p.cell.as_deref(), Some("B2"));
    assert!(p.message.contains("U+3099"), "{}", p.message);
}
