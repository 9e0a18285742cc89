//! The input contract (`department-workbook.md`) as data: each sheet with its note,
//! each column with its kind, required-ness, what the model makes of it, help text,
//! example and width.
//!
//! `check` reads by it, `template` writes by it (the sheets, their 記入方法, formats and
//! validations), `sample` writes through the template and the README's table is
//! [`Schema::markdown_table`]: the contract is written here once. A column added to a
//! [`Schema`] is templated and checked (by its kind) with no other change; a column
//! the model should hold also needs its [`Field`] read in `check` and written in
//! `template::table_rows`.

/// The key/value sheet.
pub const BASIC_SHEET: &str = "基本情報";

/// What 基本情報 says to the sheet's readers (記入方法).
pub(crate) const BASIC_NOTE: &str =
    "部の基本情報です。A列の項目はそのままにして、B列に内容を書きます。";

/// The contract's limit for 使命・目標（要約） (more is a warning in the template).
pub(crate) const HEADLINE_MAX: u32 = 40;

/// What the model makes of a key of 基本情報.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BasicField {
    Year,
    Name,
    /// 使命・目標（要約）: at most [`HEADLINE_MAX`] characters.
    Headline,
    /// 掲載順: a whole number ≥ 1.
    Order,
    Head,
    Contact,
}

/// A key of 基本情報.
#[derive(Debug, Clone, Copy)]
pub struct BasicKey {
    pub key: &'static str,
    pub field: BasicField,
    pub required: bool,
    /// What to write, for the 記入方法 sheet and for messages.
    pub help: &'static str,
    pub example: &'static str,
}

pub const BASIC_KEYS: &[BasicKey] = &[
    BasicKey {
        key: "年度",
        field: BasicField::Year,
        required: true,
        help: "計画の年度（和暦または西暦）。全部署で同じ年度にします。",
        example: "令和8年度",
    },
    BasicKey {
        key: "部名",
        field: BasicField::Name,
        required: true,
        help: "部の名称。ほかの部と重ならない名前にします。",
        example: "企画部",
    },
    BasicKey {
        key: "使命・目標（要約）",
        field: BasicField::Headline,
        required: true,
        help: "部の使命・目標を一行で（40字以内）。広報の見出しになります。",
        example: "効率的な市政運営と健全な財政運営、地域情報化の推進",
    },
    BasicKey {
        key: "掲載順",
        field: BasicField::Order,
        required: false,
        help: "冊子・広報での掲載順（正の整数）。空欄なら設定ファイルの順。",
        example: "1",
    },
    BasicKey {
        key: "部長",
        field: BasicField::Head,
        required: false,
        help: "部長の氏名（任意）。",
        example: "三鷹 太郎",
    },
    BasicKey {
        key: "問い合わせ先",
        field: BasicField::Contact,
        required: false,
        help: "問い合わせ先（任意）。",
        example: "企画経営室 内線2150",
    },
];

/// What a column holds: how `check` reads it and how the template formats and
/// validates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text (stored as text: Excel must not turn `1-2` into a date).
    Text,
    /// 番号 / 事業番号: whole number ≥ 1.
    Serial,
    /// 人数: whole number ≥ 0.
    Count,
    /// 金額（千円）: number ≥ 0 shown as `#,##0`.
    Amount,
    /// 担当課: a 課名 of the [`Part::Sections`] sheet.
    Section,
    /// 方向: one of [`DIRECTIONS`].
    Direction,
    /// 達成状況: one of [`STATUSES`].
    Status,
    /// 基準値 / 目標値 / 期限 / 実績値: a number, a date or a text.
    Mixed,
}

/// What the checked model makes of a column. A column without one is checked by its
/// [`Kind`] and written blank by the template, but not read into the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// 番号 of a numbered list, a project's 番号, an indicator's 事業番号.
    No,
    /// The text of a numbered list (内容, 方針).
    Text,
    /// 課名, 事業名, 指標名.
    Name,
    /// A 課's 役割.
    Role,
    /// 区分, 会計: a line's label.
    Label,
    /// 人数, 金額（千円）: a line's value.
    Value,
    /// 担当課.
    Section,
    /// 事業内容.
    Description,
    /// 目標指標（文章）.
    IndicatorText,
    Baseline,
    Target,
    Unit,
    Direction,
    Deadline,
    Actual,
    Status,
}

/// Which part of a department a table sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Mission,
    Sections,
    Staff,
    Budget,
    Policies,
    Projects,
    Indicators,
}

/// A column of a table sheet.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub required: bool,
    pub kind: Kind,
    pub field: Option<Field>,
    pub help: &'static str,
    pub example: &'static str,
    /// Display width in Excel character units the template gives the column.
    pub width: f64,
}

/// A table sheet: a header row, then one row per item.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub sheet: &'static str,
    pub part: Part,
    pub columns: &'static [Column],
    /// What one row is, for messages (e.g. 「使命・目標を1行以上」).
    pub row_noun: &'static str,
    /// What the sheet is for (記入方法).
    pub note: &'static str,
}

impl Table {
    pub(crate) fn required_headers(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.columns.iter().filter(|c| c.required).map(|c| c.header)
    }

    /// The column the model reads `field` from, with its index.
    pub(crate) fn field(&self, field: Field) -> Option<(usize, &'static Column)> {
        let columns: &'static [Column] = self.columns;
        columns
            .iter()
            .enumerate()
            .find(|(_, c)| c.field == Some(field))
    }
}

macro_rules! col {
    ($h:expr, $req:expr, $kind:ident, $field:ident, $w:expr, $help:expr, $ex:expr) => {
        Column {
            header: $h,
            required: $req,
            kind: Kind::$kind,
            field: Some(Field::$field),
            help: $help,
            example: $ex,
            width: $w,
        }
    };
}

pub const MISSION: Table = Table {
    sheet: "使命・目標",
    part: Part::Mission,
    note: "部の使命・目標に関する認識です。1行に1項目を書きます。",
    row_noun: "使命・目標",
    columns: &[
        col!(
            "番号",
            true,
            Serial,
            No,
            6.0,
            "1から始まる番号（重複不可）。",
            "1"
        ),
        col!(
            "内容",
            true,
            Text,
            Text,
            80.0,
            "部の使命・目標の文。広報では●の箇条書きになります。",
            "効率的な市政運営と健全な財政運営を目指した自治体経営の確立を図ります。"
        ),
    ],
};

pub const SECTIONS: Table = Table {
    sheet: "各課の役割",
    part: Part::Sections,
    note: "部内の各課とその役割です。「個別事業」の担当課はここに書いた課名から選びます。",
    row_noun: "課",
    columns: &[
        col!(
            "課名",
            true,
            Text,
            Name,
            18.0,
            "課の名称（部内で重複不可）。個別事業の担当課はここから選びます。",
            "広報課"
        ),
        col!(
            "役割",
            true,
            Text,
            Role,
            80.0,
            "課の役割。",
            "市政情報を市民に分かりやすく伝えます。"
        ),
    ],
};

pub const STAFF: Table = Table {
    sheet: "職員数",
    part: Part::Staff,
    note: "部の経営資源（職員数）です。区分ごとに1行で、合計は0人より多くします。",
    row_noun: "職員区分",
    columns: &[
        col!("区分", true, Text, Label, 18.0, "職員の区分。「合計」の行は書かなくてかまいません（書いた場合は各行の和と照合します）。", "正規職員"),
        col!("人数", true, Count, Value, 10.0, "0以上の整数。", "52"),
    ],
};

pub const BUDGET: Table = Table {
    sheet: "予算",
    part: Part::Budget,
    note: "部の経営資源（予算規模）です。会計ごとに1行、金額は千円単位です。",
    row_noun: "会計",
    columns: &[
        col!(
            "会計",
            true,
            Text,
            Label,
            30.0,
            "会計の名称。「合計」の行は書かなくてかまいません。",
            "一般会計"
        ),
        col!(
            "金額（千円）",
            true,
            Amount,
            Value,
            16.0,
            "0以上の数値（千円単位）。円で書かず千円単位にします（3,184,562円 → 3,185）。",
            "1,234,567"
        ),
    ],
};

pub const POLICIES: Table = Table {
    sheet: "実施方針",
    part: Part::Policies,
    note: "今年度の部の実施方針です。1行に1項目を書きます。",
    row_noun: "実施方針",
    columns: &[
        col!(
            "番号",
            true,
            Serial,
            No,
            6.0,
            "1から始まる番号（重複不可）。",
            "1"
        ),
        col!(
            "方針",
            true,
            Text,
            Text,
            80.0,
            "今年度の実施方針。",
            "市民満足度の向上を目指し、窓口サービスを改善します。"
        ),
    ],
};

pub const PROJECTS: Table = Table {
    sheet: "個別事業",
    part: Part::Projects,
    note: "個別事業です。1事業を1行に書きます。",
    row_noun: "個別事業",
    columns: &[
        col!(
            "番号",
            true,
            Serial,
            No,
            6.0,
            "事業番号（部内で重複不可）。",
            "7"
        ),
        col!(
            "事業名",
            true,
            Text,
            Name,
            36.0,
            "事業の名称。",
            "三鷹市ホームページリニューアル事業"
        ),
        col!(
            "担当課",
            true,
            Section,
            Section,
            16.0,
            "「各課の役割」にある課名（一覧から選べます）。",
            "広報課"
        ),
        col!(
            "事業内容",
            true,
            Text,
            Description,
            70.0,
            "事業の内容。セル内の改行は段落の区切りになります。",
            "新ホームページの検証とさらなる改善を図ります。"
        ),
        col!(
            "目標指標（文章）",
            false,
            Text,
            IndicatorText,
            60.0,
            "「目標指標：」に続けて印刷する文。空欄なら目標指標の行から作ります。",
            "平成15年度末にアクセス件数330,000件を目指します。"
        ),
    ],
};

pub const INDICATORS: Table = Table {
    sheet: "目標指標",
    part: Part::Indicators,
    note: "個別事業の目標指標です。1指標を1行に書き、「個別事業」のすべての事業に1行以上必要です。実績値と達成状況は年度末に記入します。",
    row_noun: "目標指標",
    columns: &[
        col!("事業番号", true, Serial, No, 8.0, "「個別事業」の番号。", "7"),
        col!(
            "指標名",
            true, Text, Name,
            34.0,
            "指標の名称。",
            "ホームページのアクセス件数"
        ),
        col!(
            "基準値",
            false, Mixed, Baseline,
            12.0,
            "基準となる値（数値または文）。",
            "250,000"
        ),
        col!(
            "目標値",
            true, Mixed, Target,
            14.0,
            "目標の数値（330,000、80%、33万 など。約50・100%以上は数値として読み、約・以上を添えて印刷）または到達点の文。",
            "330,000"
        ),
        col!(
            "単位",
            false, Text, Unit,
            8.0,
            "件、%、千円、人 など。目標値に 80% と書けば % になります。",
            "件"
        ),
        col!(
            "方向",
            false, Direction, Direction,
            8.0,
            "上昇（高いほどよい、既定）または低下（低いほどよい）。",
            "上昇"
        ),
        col!(
            "期限",
            false, Mixed, Deadline,
            16.0,
            "令和8年度末、令和8年度、令和8年9月末、令和8年度中、上半期、日付など。読めない書き方はそのまま印刷します。",
            "令和8年度末"
        ),
        col!(
            "実績値",
            false, Mixed, Actual,
            12.0,
            "年度末に記入する実績（数値または文）。",
            "342,000"
        ),
        col!(
            "達成状況",
            false, Status, Status,
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

/// The contract: 基本情報 and the table sheets. [`Schema::builtin`] is hoshin's; a
/// changed copy is templated and checked as it says (`template`, `check` take it).
#[derive(Debug, Clone)]
pub(crate) struct Schema {
    pub basic_keys: &'static [BasicKey],
    pub tables: Vec<Table>,
}

impl Schema {
    /// The contract of `department-workbook.md`.
    pub(crate) fn builtin() -> Schema {
        Schema {
            basic_keys: BASIC_KEYS,
            tables: TABLES.iter().map(|t| **t).collect(),
        }
    }

    /// The table sheet holding `part`. Every schema has one of each.
    pub(crate) fn table(&self, part: Part) -> &Table {
        self.tables
            .iter()
            .find(|t| t.part == part)
            .expect("a schema has a table for every part")
    }

    /// Every sheet a department workbook has, 基本情報 first.
    pub(crate) fn sheets(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(BASIC_SHEET).chain(self.tables.iter().map(|t| t.sheet))
    }

    /// The README's table of sheets and columns (required ones in bold); a test keeps
    /// the README's copy equal.
    #[cfg(test)]
    pub(crate) fn markdown_table(&self) -> String {
        let bold = |h: &str, required: bool| {
            if required {
                format!("**{h}**")
            } else {
                h.to_string()
            }
        };
        let mut out = String::from("| sheet | columns (required in bold) |\n|---|---|\n");
        let keys: Vec<String> = self
            .basic_keys
            .iter()
            .map(|k| match k.field {
                BasicField::Headline => {
                    format!("{} (≤ {HEADLINE_MAX} 字)", bold(k.key, k.required))
                }
                _ => bold(k.key, k.required),
            })
            .collect();
        out.push_str(&format!(
            "| {BASIC_SHEET} | A 項目, B 内容: {} |\n",
            keys.join(", ")
        ));
        for t in &self.tables {
            let cols: Vec<String> = t
                .columns
                .iter()
                .map(|c| {
                    let h = bold(c.header, c.required);
                    match c.kind {
                        Kind::Section => format!("{h} (a 課名)"),
                        Kind::Direction => format!("{h} ({})", DIRECTIONS.join("/")),
                        Kind::Status => format!("{h} ({})", STATUSES.join("/")),
                        _ => h,
                    }
                })
                .collect();
            out.push_str(&format!("| {} | {} |\n", t.sheet, cols.join(", ")));
        }
        out
    }
}

impl Default for Schema {
    fn default() -> Self {
        Schema::builtin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_has_one_table() {
        let s = Schema::builtin();
        for part in [
            Part::Mission,
            Part::Sections,
            Part::Staff,
            Part::Budget,
            Part::Policies,
            Part::Projects,
            Part::Indicators,
        ] {
            assert_eq!(s.tables.iter().filter(|t| t.part == part).count(), 1);
        }
    }

    #[test]
    fn readme_shows_the_contract() {
        let readme = include_str!("../README.md");
        let table = Schema::builtin().markdown_table();
        assert!(
            readme.contains(&table),
            "README.md's table of sheets differs from the schema; it should read:\n{table}"
        );
    }
}
