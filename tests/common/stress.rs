//! A stress document dense with what Japanese line composition gets wrong: 。」）ー,
//! small kana, ――, ……, 1,234,567, 80％, ISMS/PDF, long paragraphs, a long table.
#![allow(dead_code)]

use hoshin::typeset::*;

/// Pieces the paragraphs are made of; chosen so that kinsoku and never-split
/// sequences land at line ends often.
const PIECES: &[&str] = &[
    "本市は、",
    "「市民の安心・安全」を最優先とし、",
    "ISMS",
    "の認証を",
    "2024年度に取得しました。",
    "予算額は1,234,567千円（前年度比80％）で、",
    "――とりわけ――",
    "情報セキュリティの水準を高めます……",
    "ショッピングセンターやコミュニティー施設では、",
    "ちょっとしたサービスの改善を",
    "人々の声を聞きながら進めます。」",
    "「「二重の括弧」」のように、",
    "計画書はPDF形式で公開し、",
    "処理件数は3,450件（達成率92.5％）でした。",
    "ウェブサイトでは",
    "チェックリストを使っています。",
    "（詳細は別表）。",
    "また、",
    "ファイルサーバーのキャッシュ",
    "を見直し、",
    "20℃以下に保ちます。",
    "差額は△12,345千円となり、",
    "々",
    "職員一人ひとりが、",
    "「できることから、すぐやる」",
    "という姿勢で取り組みます。",
];

/// A deterministic paragraph of about `n` pieces, seeded by `seed`.
pub fn paragraph(seed: u64, n: usize) -> String {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut s = String::new();
    for _ in 0..n {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let p = PIECES[(x >> 33) as usize % PIECES.len()];
        // No word twice in a row ("ISMSISMS").
        if s.ends_with(p) {
            continue;
        }
        // 々 only after a kanji.
        if p == "々" && !s.ends_with('人') {
            s.push_str("人々");
            continue;
        }
        s.push_str(p);
    }
    // End on a full stop, not on "、。".
    while s.ends_with('、') || s.ends_with('，') {
        s.pop();
    }
    if !s.ends_with('。') && !s.ends_with('」') && !s.ends_with('…') {
        s.push('。');
    }
    s
}

/// What the test knows about the stress document.
pub struct Stress {
    pub doc: Document,
    /// Texts of justified paragraphs and list items, in order.
    pub paragraphs: Vec<String>,
    /// Running heads used.
    pub heads: Vec<String>,
    /// Header cells of the long table.
    pub table_header: Vec<String>,
    /// The first-column ids of the long table's rows.
    pub row_ids: Vec<String>,
}

/// The stress document: two chapters of long paragraphs, lists and a table that spans
/// several pages.
pub fn stress() -> Stress {
    let mut doc = Document::new();
    let mut paragraphs = Vec::new();
    let heads = vec![
        "令和7年度 運営方針 第1章".to_string(),
        "令和7年度 運営方針 第2章".to_string(),
    ];
    let mut seed = 1;
    doc.push(Block::RunningHead(heads[0].clone()));
    doc.push(Block::heading_anchored(1, "第1章 組版の試験", "ch1"));
    for sec in 1..=4 {
        doc.push(Block::heading_anchored(
            2,
            format!("1.{sec} 行頭・行末の禁則"),
            format!("s1-{sec}"),
        ));
        for _ in 0..5 {
            let p = paragraph(seed, 14);
            seed += 1;
            paragraphs.push(p.clone());
            doc.push(Block::para(p));
        }
        doc.push(Block::heading(3, "主な取組"));
        let items: Vec<String> = (0..3)
            .map(|_| {
                seed += 1;
                paragraph(seed, 5)
            })
            .collect();
        paragraphs.extend(items.iter().cloned());
        doc.push(if sec % 2 == 0 {
            Block::numbered(items)
        } else {
            Block::bullets(items)
        });
    }
    doc.push(Block::PageBreak(None));
    doc.push(Block::RunningHead(heads[1].clone()));
    doc.push(Block::heading_anchored(1, "第2章 事業一覧", "ch2"));
    let p = paragraph(seed, 10);
    seed += 1;
    paragraphs.push(p.clone());
    doc.push(Block::para(p));
    let table_header: Vec<String> = ["番号", "事業名", "概要", "予算額（千円）", "達成率"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut rows = vec![table_header
        .iter()
        .map(|h| Cell::text(h.clone()))
        .collect::<Vec<_>>()];
    let mut row_ids = Vec::new();
    for i in 1..=70u64 {
        let id = format!("J-{i:03}");
        row_ids.push(id.clone());
        let long = if i % 9 == 0 {
            paragraph(i, 4)
        } else {
            paragraph(i, 1)
        };
        rows.push(vec![
            Cell::text(id),
            Cell::text(format!("事業{i}のサービス改善")),
            Cell::text(long),
            Cell::text(group(i * 12_345 + 678)).aligned(Align::Right),
            Cell::text(format!("{}％", 50 + i % 50)).aligned(Align::Right),
        ]);
    }
    doc.push(Block::Table(Table {
        columns: vec![1.2, 3.0, 5.0, 2.2, 1.4],
        aligns: vec![
            Align::Left,
            Align::Justify,
            Align::Justify,
            Align::Right,
            Align::Right,
        ],
        header_rows: 1,
        rows,
        size: None,
        middle: true,
        widths: ColumnWidths::Shares,
    }));
    doc.push(Block::heading_anchored(2, "2.1 まとめ", "s2-1"));
    for _ in 0..3 {
        let p = paragraph(seed, 16);
        seed += 1;
        paragraphs.push(p.clone());
        doc.push(Block::para(p));
    }
    Stress {
        doc,
        paragraphs,
        heads,
        table_header,
        row_ids,
    }
}

/// 1234567 → "1,234,567".
pub fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
