//! A department's workbook content as cell values: what `template` writes, what
//! `sample` generates and what `template --from` pre-fills from this year's model.
//!
//! Unlike [`crate::model`] nothing here is checked: a draft is what a person would type.

use serde::{Deserialize, Serialize};

/// A cell that holds a number or a text (基準値, 目標値, 実績値).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DraftValue {
    Number(f64),
    Text(String),
}

impl Default for DraftValue {
    fn default() -> Self {
        DraftValue::Text(String::new())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// 年度 as typed, e.g. `平成15年度`.
    pub year: String,
    /// 部名.
    pub name: String,
    /// 使命・目標（要約）.
    pub headline: String,
    #[serde(default)]
    pub order: Option<u32>,
    #[serde(default)]
    pub head: String,
    #[serde(default)]
    pub contact: String,
    /// 使命・目標, numbered from 1.
    pub mission: Vec<String>,
    pub sections: Vec<SectionDraft>,
    pub staff: Vec<StaffDraft>,
    pub budget: Vec<BudgetDraft>,
    /// 実施方針, numbered from 1.
    pub policies: Vec<String>,
    pub projects: Vec<ProjectDraft>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDraft {
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffDraft {
    pub category: String,
    pub count: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetDraft {
    pub account: String,
    /// 千円.
    pub amount: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectDraft {
    pub no: u32,
    pub name: String,
    /// 担当課: a section name.
    pub section: String,
    /// 事業内容; `\n` separates paragraphs.
    pub description: String,
    /// 目標指標（文章）; may be empty.
    #[serde(default)]
    pub indicator_text: String,
    pub indicators: Vec<IndicatorDraft>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDraft {
    pub name: String,
    #[serde(default)]
    pub baseline: Option<DraftValue>,
    pub target: DraftValue,
    #[serde(default)]
    pub unit: String,
    /// 上昇 / 低下 / empty.
    #[serde(default)]
    pub direction: String,
    /// 期限 as typed, e.g. `平成15年度末`.
    #[serde(default)]
    pub deadline: String,
    #[serde(default)]
    pub actual: Option<DraftValue>,
    /// 達成状況 / empty.
    #[serde(default)]
    pub status: String,
}

/// A file of drafts (`[[department]]` tables), as in `docs/samples-source.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftFile {
    pub department: Vec<Draft>,
}
