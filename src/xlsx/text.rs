//! Excel's limits on texts.

/// At most `max` UTF-16 units (Excel's limits on validation texts).
pub fn clip(s: &str, max: usize) -> String {
    let mut n = 0;
    s.chars()
        .take_while(|c| {
            n += c.len_utf16();
            n <= max
        })
        .collect()
}

/// `&` is a control character in Excel headers and footers, which hold at most 255
/// characters (codes included): the text is cut at 120.
pub fn header_text(s: &str) -> String {
    s.chars().take(120).collect::<String>().replace('&', "&&")
}

/// A formula's cached result as Excel writes it: `69979027`, `1.5`.
pub fn formula_result(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Excel sheet names: at most 31 UTF-16 units (an emoji takes two) with any `(n)`
/// suffix, none of `[]:*?/\` nor a control character, not starting or ending with
/// `'`, not `History`, unique ignoring case.
pub fn unique_sheet_name(name: &str, used: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim_matches(|c: char| c == '\'' || c.is_whitespace());
    let clean = if clean.is_empty() || clean.eq_ignore_ascii_case("history") {
        "部"
    } else {
        clean
    };
    // The longest prefix of `clean` that leaves room for `suffix`, not ending in `'`.
    let fit = |suffix: &str| -> String {
        let room = 31 - suffix.encode_utf16().count();
        let mut units = 0;
        let mut out: String = clean
            .chars()
            .take_while(|c| {
                units += c.len_utf16();
                units <= room
            })
            .collect();
        while out.ends_with(['\'', ' ']) {
            out.pop();
        }
        out + suffix
    };
    let taken = |c: &str| used.iter().any(|u| u.to_lowercase() == c.to_lowercase());
    let mut candidate = fit("");
    let mut n = 2;
    while taken(&candidate) {
        candidate = fit(&format!("({n})"));
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_results() {
        assert_eq!(formula_result(69_979_027.0), "69979027");
        assert_eq!(formula_result(1.5), "1.5");
        assert_eq!(formula_result(0.0), "0");
    }

    #[test]
    fn footer_ampersands_are_escaped() {
        assert_eq!(header_text("A&B 市"), "A&&B 市");
        assert_eq!(header_text(&"あ".repeat(300)).chars().count(), 120);
    }

    #[test]
    fn clip_counts_utf16() {
        assert_eq!(clip("あいうえお", 3), "あいう");
        assert_eq!(clip("abc", 10), "abc");
    }

    #[test]
    fn names_excel_accepts() {
        let used = vec!["一覧".to_string()];
        assert_eq!(unique_sheet_name("'企画部'", &used), "企画部");
        let emoji = "😀".repeat(20);
        let n = unique_sheet_name(&emoji, &used);
        assert!(n.encode_utf16().count() <= 31, "{n}");
        let long = "あ".repeat(40);
        let mut used = used;
        for _ in 0..12 {
            let n = unique_sheet_name(&long, &used);
            assert!(n.encode_utf16().count() <= 31, "{n}");
            used.push(n);
        }
        assert!(used.last().unwrap().ends_with("(12)"));
        assert_eq!(unique_sheet_name("a\u{1B}b", &[]), "a_b");
        assert_eq!(unique_sheet_name("History", &[]), "部");
        // Every name is one rust_xlsxwriter takes.
        let mut wb = rust_xlsxwriter::Workbook::new();
        for n in &used {
            wb.add_worksheet().set_name(n).unwrap();
        }
    }
}
