//! The input contract (`department-workbook.md`) as data: sheet names and columns.
//!
//! `check` reads by it and `template` writes by it, so the two cannot drift apart.

/// The key/value sheet.
pub const BASIC_SHEET: &str = "基本情報";

/// A key of 基本情報.
pub struct BasicKey {
    pub key: &'static str,
    pub required: bool,
    /// What to write, for the 記入方法 sheet and for messages.
    pub help: &'static str,
    pub example: &'static str,
}

pub const BASIC_KEYS: &[BasicKey] = &[
    BasicKey {
        key: "年度",
        required: true,
        help: "計画の年度（和暦または西暦）。全部署で同じ年度にします。",
        example: "令和8年度",
    },
    BasicKey {
        key: "部名",
        required: true,
        help: "部の名称。ほかの部と重ならない名前にします。",
        example: "企画部",
    },
    BasicKey {
        key: "使命・目標（要約）",
        required: true,
        help: "部の使命・目標を一行で（40字以内）。広報の見出しになります。",
        example: "効率的な市政運営と健全な財政運営、地域情報化の推進",
    },
    BasicKey {
        key: "掲載順",
        required: false,
        help: "冊子・広報での掲載順（正の整数）。空欄なら設定ファイルの順。",
        example: "1",
    },
    BasicKey {
        key: "部長",
        required: false,
        help: "部長の氏名（任意）。",
        example: "三鷹 太郎",
    },
    BasicKey {
        key: "問い合わせ先",
        required: false,
        help: "問い合わせ先（任意）。",
        example: "企画経営室 内線2150",
    },
];

/// A column of a table sheet.
pub struct Column {
    pub header: &'static str,
    pub required: bool,
    pub help: &'static str,
    pub example: &'static str,
    /// Display width in Excel character units the template gives the column.
    pub width: f64,
}

/// A table sheet: a header row, then one row per item.
pub struct Table {
    pub sheet: &'static str,
    pub columns: &'static [Column],
    /// What one row is, for messages (e.g. 「使命・目標を1行以上」).
    pub row_noun: &'static str,
}

impl Table {
    pub fn required_headers(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.columns.iter().filter(|c| c.required).map(|c| c.header)
    }
}

macro_rules! col {
    ($h:expr, $req:expr, $w:expr, $help:expr, $ex:expr) => {
        Column {
            header: $h,
            required: $req,
            help: $help,
            example: $ex,
            width: $w,
        }
    };
}

pub const MISSION: Table = Table {
    sheet: "使命・目標",
    row_noun: "使命・目標",
    columns: &[
        col!("番号", true, 6.0, "1から始まる番号（重複不可）。", "1"),
        col!(
            "内容",
            true,
            80.0,
            "部の使命・目標の文。広報では●の箇条書きになります。",
            "効率的な市政運営と健全な財政運営を目指した自治体経営の確立を図ります。"
        ),
    ],
};

pub const SECTIONS: Table = Table {
    sheet: "各課の役割",
    row_noun: "課",
    columns: &[
        col!(
            "課名",
            true,
            18.0,
            "課の名称（部内で重複不可）。個別事業の担当課はここから選びます。",
            "広報課"
        ),
        col!(
            "役割",
            true,
            80.0,
            "課の役割。",
            "市政情報を市民に分かりやすく伝えます。"
        ),
    ],
};

pub const STAFF: Table = Table {
    sheet: "職員数",
    row_noun: "職員区分",
    columns: &[
        col!("区分", true, 18.0, "職員の区分。「合計」の行は書かなくてかまいません（書いた場合は各行の和と照合します）。", "正規職員"),
        col!("人数", true, 10.0, "0以上の整数。", "52"),
    ],
};

pub const BUDGET: Table = Table {
    sheet: "予算",
    row_noun: "会計",
    columns: &[
        col!(
            "会計",
            true,
            30.0,
            "会計の名称。「合計」の行は書かなくてかまいません。",
            "一般会計"
        ),
        col!(
            "金額（千円）",
            true,
            16.0,
            "0以上の数値（千円単位）。円で書かず千円単位にします（3,184,562円 → 3,185）。",
            "1,234,567"
        ),
    ],
};

pub const POLICIES: Table = Table {
    sheet: "実施方針",
    row_noun: "実施方針",
    columns: &[
        col!("番号", true, 6.0, "1から始まる番号（重複不可）。", "1"),
        col!(
            "方針",
            true,
            80.0,
            "今年度の実施方針。",
            "市民満足度の向上を目指し、窓口サービスを改善します。"
        ),
    ],
};

pub const PROJECTS: Table = Table {
    sheet: "個別事業",
    row_noun: "個別事業",
    columns: &[
        col!("番号", true, 6.0, "事業番号（部内で重複不可）。", "7"),
        col!(
            "事業名",
            true,
            36.0,
            "事業の名称。",
            "三鷹市ホームページリニューアル事業"
        ),
        col!(
            "担当課",
            true,
            16.0,
            "「各課の役割」にある課名（一覧から選べます）。",
            "広報課"
        ),
        col!(
            "事業内容",
            true,
            70.0,
            "事業の内容。セル内の改行は段落の区切りになります。",
            "新ホームページの検証とさらなる改善を図ります。"
        ),
        col!(
            "目標指標（文章）",
            false,
            60.0,
            "「目標指標：」に続けて印刷する文。空欄なら目標指標の行から作ります。",
            "平成15年度末にアクセス件数330,000件を目指します。"
        ),
    ],
};

pub const INDICATORS: Table = Table {
    sheet: "目標指標",
    row_noun: "目標指標",
    columns: &[
        col!("事業番号", true, 8.0, "「個別事業」の番号。", "7"),
        col!(
            "指標名",
            true,
            34.0,
            "指標の名称。",
            "ホームページのアクセス件数"
        ),
        col!(
            "基準値",
            false,
            12.0,
            "基準となる値（数値または文）。",
            "250,000"
        ),
        col!(
            "目標値",
            true,
            14.0,
            "目標の数値（330,000、80%、33万 など。約50・100%以上は数値として読み、約・以上を添えて印刷）または到達点の文。",
            "330,000"
        ),
        col!(
            "単位",
            false,
            8.0,
            "件、%、千円、人 など。目標値に 80% と書けば % になります。",
            "件"
        ),
        col!(
            "方向",
            false,
            8.0,
            "上昇（高いほどよい、既定）または低下（低いほどよい）。",
            "上昇"
        ),
        col!(
            "期限",
            false,
            16.0,
            "令和8年度末、令和8年度、令和8年9月末、令和8年度中、上半期、日付など。読めない書き方はそのまま印刷します。",
            "令和8年度末"
        ),
        col!(
            "実績値",
            false,
            12.0,
            "年度末に記入する実績（数値または文）。",
            "342,000"
        ),
        col!(
            "達成状況",
            false,
            12.0,
            "達成、概ね達成、未達成、未着手 のいずれか。",
            "達成"
        ),
    ],
};

/// Every table sheet, in the order the template writes them.
pub const TABLES: &[&Table] = &[
    &MISSION,
    &SECTIONS,
    &STAFF,
    &BUDGET,
    &POLICIES,
    &PROJECTS,
    &INDICATORS,
];

/// The values allowed in 方向.
pub const DIRECTIONS: &[&str] = &["上昇", "低下"];
/// The values allowed in 達成状況.
pub const STATUSES: &[&str] = &["達成", "概ね達成", "未達成", "未着手"];
/// The sheet of instructions the template writes; ignored when reading.
pub const HELP_SHEET: &str = "記入方法";
