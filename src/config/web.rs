//! `[web]` and `[web.contact]`.

use serde::Deserialize;
use std::collections::BTreeMap;

/// `[web]` in hoshin.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebConfig {
    /// The city's home page, where the breadcrumbs start (`https://…`).
    pub home_url: Option<String>,
    /// Its name in the breadcrumbs; default 「<市>トップ」.
    pub home_name: Option<String>,
    /// Pages in `web/<西暦>/` so that next year's site does not replace this year's.
    pub year_folder: bool,
    /// 掲載日 `YYYY-MM-DD`; default: the build's date, which is always the 更新日.
    pub published: Option<String>,
    /// An ASCII name per 部名 added to its file name: `企画部 = "kikaku"` gives
    /// `dept-01-kikaku.html`.
    pub slugs: BTreeMap<String, String>,
    /// The 「このページに関するお問い合わせ」 box (`[web.contact]`).
    pub contact: ContactConfig,
}

/// `[web.contact]`: how a citizen reaches the city. The top-level `contact` (内線) and
/// each department's 問い合わせ先 are shown with it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ContactConfig {
    /// 担当: default `issuer`.
    pub office: Option<String>,
    /// 代表電話, e.g. `0422-45-1151`.
    pub phone: Option<String>,
    /// 所在地.
    pub address: Option<String>,
    /// 受付時間.
    pub hours: Option<String>,
    pub email: Option<String>,
    /// お問い合わせフォーム (`https://…`).
    pub form_url: Option<String>,
}
