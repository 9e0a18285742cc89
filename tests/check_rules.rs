//! Every rule of the input contract: a workbook that breaks only that rule, checked by
//! the `hoshin` binary, and the code, file, sheet and cell it reports.

mod common;
use common::*;

#[test]
fn valid_workbook_has_no_problems() {
    let (_d, code, problems) = check_book(&Book::valid());
    assert_eq!(code, 0, "{problems:#?}");
    assert!(real(&problems).is_empty(), "{problems:#?}");
}

// --- sheets and columns -------------------------------------------------------------

#[test]
fn missing_sheet() {
    let (_d, code, p) = check_book(&Book::valid().remove_sheet("予算"));
    assert_eq!(code, 1);
    let p = only(&p, "E101", None, None);
    assert!(
        p.message.contains("シート「予算」がありません"),
        "{}",
        p.message
    );
}

#[test]
fn sheet_names_match_after_normalization() {
    // Surrounding (full-width) spaces around a sheet name are ignored.
    let (_d, code, p) = check_book(&Book::valid().rename_sheet("予算", "\u{3000}予算 "));
    assert_eq!(code, 0, "{p:#?}");
}

#[test]
fn missing_required_column() {
    let (_d, code, p) = check_book(&Book::valid().set("予算", "B1", T("金額")));
    assert_eq!(code, 1);
    // 金額 is also reported as an unknown column (a warning); the error names the column.
    let errors: Vec<_> = p.iter().filter(|p| p.severity == "error").collect();
    assert_eq!(errors.len(), 1, "{p:#?}");
    assert_eq!(errors[0].code, "E102");
    assert_eq!(errors[0].sheet.as_deref(), Some("予算"));
    assert_eq!(errors[0].column.as_deref(), Some("金額（千円）"));
}

#[test]
fn unknown_column_is_a_warning() {
    let (_d, code, p) = check_book(&Book::valid().set("各課の役割", "C1", T("備考")));
    assert_eq!(code, 0);
    only(&p, "W103", Some("各課の役割"), Some("C1"));
}

#[test]
fn duplicate_column() {
    let (_d, code, p) = check_book(&Book::valid().set("各課の役割", "C1", T("役割")));
    assert_eq!(code, 1);
    only(&p, "E107", Some("各課の役割"), Some("C1"));
}

#[test]
fn headers_found_below_a_title_with_free_order_and_variant_brackets() {
    let book = Book::valid()
        .insert_rows_above("予算", vec![vec![T("予算規模")], vec![T("単位：千円")]])
        .set("予算", "A3", T("金額\n(千円)"))
        .set("予算", "B3", T("会計"))
        .set("予算", "A4", N(1234567.0))
        .set("予算", "B4", T("一般会計"));
    let (_d, code, p) = check_book(&book);
    assert_eq!(code, 0, "{p:#?}");
}

#[test]
fn table_without_rows() {
    let (_d, code, p) = check_book(&Book::valid().remove_row("実施方針", 2));
    assert_eq!(code, 1);
    only(&p, "E104", Some("実施方針"), None);
}

#[test]
fn blank_rows_are_skipped() {
    let book = Book::valid()
        .push_row("各課の役割", vec![Blank, T("  ")])
        .push_row(
            "各課の役割",
            vec![T("市民協働課"), T("市民との協働を進めます。")],
        );
    let (_d, code, p) = check_book(&book);
    assert_eq!(code, 0, "{p:#?}");
}

#[test]
fn basic_key_missing() {
    let (_d, code, p) = check_book(&Book::valid().remove_row("基本情報", 3));
    assert_eq!(code, 1);
    let p = only(&p, "E105", Some("基本情報"), None);
    assert!(p.message.contains("部名"));
}

#[test]
fn basic_unknown_key_is_a_warning() {
    let (_d, code, p) =
        check_book(&Book::valid().push_row("基本情報", vec![T("担当者"), T("山田")]));
    assert_eq!(code, 0);
    only(&p, "W106", Some("基本情報"), Some("A8"));
}

// --- cell values ----------------------------------------------------------------------

#[test]
fn excel_error_value() {
    let (_d, code, p) = check_book(&Book::valid().set("職員数", "B2", Formula("=1/0", "#DIV/0!")));
    assert_eq!(code, 1);
    let p = only(&p, "E201", Some("職員数"), Some("B2"));
    assert!(p.message.contains("#DIV/0!"), "{}", p.message);
}

#[test]
fn na_error_in_a_text_cell() {
    let (_d, code, p) =
        check_book(&Book::valid().set("各課の役割", "B3", Formula("=NA()", "#N/A")));
    assert_eq!(code, 1);
    only(&p, "E201", Some("各課の役割"), Some("B3"));
}

#[test]
fn formula_cached_value_is_read() {
    let (_d, code, p) = check_book(&Book::valid().set("職員数", "B2", Formula("=38+2", "40")));
    assert_eq!(code, 0, "{p:#?}");
}

#[test]
fn ditto_mark() {
    let (_d, code, p) = check_book(&Book::valid().set("個別事業", "C3", T("〃")));
    assert_eq!(code, 1);
    let p = only(&p, "E202", Some("個別事業"), Some("C3"));
    assert!(p.message.contains("同じ内容をそのまま"), "{}", p.message);
}

#[test]
fn control_character_hidden_as_excel_escape() {
    // rust_xlsxwriter stores U+0007 as `_x0007_`, which calamine leaves as it is.
    let (_d, code, p) = check_book(&Book::valid().set("使命・目標", "B2", T("市民の\u{7}ニーズ")));
    assert_eq!(code, 1);
    let p = only(&p, "E203", Some("使命・目標"), Some("B2"));
    assert!(p.message.contains("U+0007"), "{}", p.message);
}

#[test]
fn carriage_return_escape_is_a_line_break_not_a_problem() {
    let (_d, code, p) =
        check_book(&Book::valid().set("個別事業", "D2", T("第一段落です。\r\n第二段落です。")));
    assert_eq!(code, 0, "{p:#?}");
}

#[test]
fn character_missing_from_fonts() {
    let (_d, code, p) = check_book(&Book::valid().set("基本情報", "B6", T("𠮷田 一郎")));
    assert_eq!(code, 1);
    let p = only(&p, "E204", Some("基本情報"), Some("B6"));
    assert!(p.message.contains("U+20BB7 𠮷"), "{}", p.message);
}

#[test]
fn formula_without_cached_value() {
    // rust_xlsxwriter always writes a result, so this uses openpyxl's file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("openpyxl_nocache.xlsx"),
        dir.path().join("a.xlsx"),
    )
    .unwrap();
    let (code, p) = check_json(dir.path());
    assert_eq!(code, 1);
    let mut cells: Vec<_> = p
        .iter()
        .filter(|p| p.code == "E205")
        .map(|p| (p.sheet.clone().unwrap(), p.cell.clone().unwrap()))
        .collect();
    cells.sort();
    assert_eq!(
        cells,
        vec![
            ("予算".to_string(), "B2".to_string()),
            ("職員数".to_string(), "B2".to_string())
        ]
    );
    assert_eq!(real(&p).len(), 2, "{p:#?}");
}

#[test]
fn required_cell_empty() {
    let (_d, code, p) = check_book(&Book::valid().set("個別事業", "B3", Blank));
    assert_eq!(code, 1);
    only(&p, "E206", Some("個別事業"), Some("B3"));
}

#[test]
fn not_a_number() {
    let (_d, code, p) = check_book(&Book::valid().set("予算", "B2", T("未定")));
    assert_eq!(code, 1);
    only(&p, "E207", Some("予算"), Some("B2"));
}

#[test]
fn kanji_numerals_ask_for_digits() {
    let (_d, code, p) = check_book(&Book::valid().set("職員数", "B3", T("十二")));
    assert_eq!(code, 1);
    let p = only(&p, "E207", Some("職員数"), Some("B3"));
    assert!(p.message.contains("算用数字"), "{}", p.message);
}

#[test]
fn numbers_as_text_full_width_and_triangle() {
    let book = Book::valid()
        .set("職員数", "B2", T("４０"))
        .set("予算", "B2", T("１，２３４，５６７"))
        .set("目標指標", "C3", T("▲20"))
        .set("目標指標", "D2", T("330,000件"));
    let (_d, code, p) = check_book(&book);
    assert_eq!(code, 0, "{p:#?}");
}

#[test]
fn staff_count_not_an_integer() {
    let (_d, code, p) = check_book(&Book::valid().set("職員数", "B2", N(40.5)));
    assert_eq!(code, 1);
    only(&p, "E208", Some("職員数"), Some("B2"));
}

#[test]
fn negative_budget() {
    let (_d, code, p) = check_book(&Book::valid().set("予算", "B2", T("▲100")));
    assert_eq!(code, 1);
    only(&p, "E209", Some("予算"), Some("B2"));
}

#[test]
fn number_must_be_positive() {
    let (_d, code, p) = check_book(&Book::valid().set("使命・目標", "A3", N(0.0)));
    assert_eq!(code, 1);
    only(&p, "E209", Some("使命・目標"), Some("A3"));
}

#[test]
fn order_must_be_a_positive_integer() {
    let (_d, code, p) = check_book(&Book::valid().set("基本情報", "B5", N(-1.0)));
    assert_eq!(code, 1);
    only(&p, "E209", Some("基本情報"), Some("B5"));
}

#[test]
fn duplicate_number() {
    let (_d, code, p) = check_book(&Book::valid().set("使命・目標", "A3", N(1.0)));
    assert_eq!(code, 1);
    only(&p, "E210", Some("使命・目標"), Some("A3"));
}

#[test]
fn duplicate_project_number() {
    let (_d, code, p) = check_book(&Book::valid().set("個別事業", "A3", N(7.0)));
    assert_eq!(code, 1);
    let errors: Vec<_> = p.iter().filter(|p| p.code == "E210").collect();
    assert_eq!(errors.len(), 1, "{p:#?}");
    assert_eq!(
        (errors[0].sheet.as_deref(), errors[0].cell.as_deref()),
        (Some("個別事業"), Some("A3"))
    );
}

#[test]
fn duplicate_section() {
    let (_d, code, p) =
        check_book(&Book::valid().push_row("各課の役割", vec![T("広報課"), T("重複")]));
    assert_eq!(code, 1);
    only(&p, "E211", Some("各課の役割"), Some("A5"));
}

#[test]
fn section_not_in_roles() {
    let (_d, code, p) = check_book(&Book::valid().set("個別事業", "C2", T("広報室")));
    assert_eq!(code, 1);
    let p = only(&p, "E212", Some("個別事業"), Some("C2"));
    assert_eq!(
        p.message,
        "担当課「広報室」は「各課の役割」にありません（企画経営室, 広報課, 情報推進室）。課名を選び直すか、「各課の役割」に追加してください"
    );
}

#[test]
fn indicator_for_unknown_project() {
    let (_d, code, p) = check_book(&Book::valid().set("目標指標", "A4", N(9.0)));
    assert_eq!(code, 1);
    // Project 8 then has no indicator either: both are reported.
    let codes: Vec<_> = real(&p)
        .iter()
        .map(|p| (p.code.as_str(), p.sheet.clone(), p.cell.clone()))
        .collect();
    assert!(
        codes.contains(&("E213", Some("目標指標".into()), Some("A4".into()))),
        "{codes:?}"
    );
}

#[test]
fn project_without_indicator() {
    let (_d, code, p) = check_book(&Book::valid().remove_row("目標指標", 4));
    assert_eq!(code, 1);
    let p = only(&p, "E214", Some("個別事業"), Some("A3"));
    assert!(p.message.contains("事業番号 8"), "{}", p.message);
}

#[test]
fn bad_direction() {
    let (_d, code, p) = check_book(&Book::valid().set("目標指標", "F2", T("増加")));
    assert_eq!(code, 1);
    only(&p, "E215", Some("目標指標"), Some("F2"));
}

#[test]
fn bad_status() {
    let (_d, code, p) = check_book(&Book::valid().set("目標指標", "I2", T("ほぼ達成")));
    assert_eq!(code, 1);
    let p = only(&p, "E216", Some("目標指標"), Some("I2"));
    assert!(
        p.message.contains("達成、概ね達成、未達成、未着手"),
        "{}",
        p.message
    );
}

#[test]
fn unknown_deadline_is_kept_as_written_with_a_warning() {
    let (_d, code, p) = check_book(&Book::valid().set("目標指標", "G3", T("そのうち")));
    assert_eq!(
        code, 0,
        "期限 is only printed: it never stops the publication"
    );
    let p = only(&p, "W225", Some("目標指標"), Some("G3"));
    assert!(p.message.contains("「そのうち」"), "{}", p.message);
}

#[test]
fn deadline_forms() {
    let book = Book::valid()
        .set("目標指標", "G2", N(2026.0))
        .set("目標指標", "G3", N(46112.0))
        .set("目標指標", "G4", T("令和8年3月31日"));
    let (_d, code, p) = check_book(&book);
    assert_eq!(code, 0, "{p:#?}");
}

#[test]
fn bad_year() {
    let (_d, code, p) = check_book(&Book::valid().set("基本情報", "B2", T("来年度")));
    assert_eq!(code, 1);
    only(&p, "E218", Some("基本情報"), Some("B2"));
}

#[test]
fn long_headline_is_a_warning() {
    let long = "市民のニーズや社会の変化に対応した計画などの策定により市のビジョンや運営方針を市民に明らかにすること";
    let (_d, code, p) = check_book(&Book::valid().set("基本情報", "B4", T(long)));
    assert_eq!(code, 0);
    only(&p, "W220", Some("基本情報"), Some("B4"));
}

#[test]
fn total_row_differs_from_sum() {
    let (_d, code, p) = check_book(&Book::valid().push_row("職員数", vec![T("合計"), N(44.0)]));
    assert_eq!(code, 0);
    let p = only(&p, "W221", Some("職員数"), Some("B4"));
    assert!(p.message.contains("43"), "{}", p.message);
}

#[test]
fn total_row_that_agrees_is_fine() {
    let (_d, code, p) = check_book(&Book::valid().push_row("予算", vec![T("計"), N(1234567.0)]));
    assert_eq!(code, 0);
    assert!(real(&p).is_empty(), "{p:#?}");
}

#[test]
fn staff_total_zero() {
    let book = Book::valid()
        .set("職員数", "B2", N(0.0))
        .set("職員数", "B3", N(0.0));
    let (_d, code, p) = check_book(&book);
    assert_eq!(code, 1);
    let p = only(&p, "E222", Some("職員数"), None);
    assert_eq!(p.column.as_deref(), Some("人数"));
}

#[test]
fn unit_mismatch_is_a_warning() {
    let (_d, code, p) = check_book(&Book::valid().set("目標指標", "E3", T("件")));
    assert_eq!(code, 0);
    only(&p, "W223", Some("目標指標"), Some("D3"));
}

#[test]
fn percent_formatted_cell_reads_as_percent() {
    let (_d, code, p) = check_book(&Book::valid().set("目標指標", "D3", F(0.8, "0%")));
    assert_eq!(code, 0, "{p:#?}");
}

#[test]
fn project_without_indicator_is_reported_beside_an_error_in_its_own_row() {
    let book = Book::valid()
        .remove_row("目標指標", 4)
        .set("個別事業", "C3", T("広報室"));
    let (_d, code, p) = check_book(&book);
    assert_eq!(code, 1);
    let mut found: Vec<(String, Option<String>)> = real(&p)
        .iter()
        .map(|p| (p.code.clone(), p.cell.clone()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            ("E212".to_string(), Some("C3".to_string())),
            ("E214".to_string(), Some("A3".to_string())),
        ]
    );
}
