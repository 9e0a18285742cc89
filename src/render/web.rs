//! The web edition: the full text as a static site (`web/`, or `web/<西暦>/`): an index
//! that also links the PDFs and the open data, one page per department in the
//! booklet's structure, every indicator on one page with a filter that works without
//! JavaScript too, and an accessibility statement. Handlebars templates in
//! `templates/web/`, replaceable through `[templates] dir`; every data string is
//! HTML-escaped by handlebars. File names are ASCII (`dept-01-kikaku.html`).

use handlebars::Handlebars;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

use crate::model::{format_number, Date, Department, Indicator, Project, Publication, Status};

/// The built-in templates: (file name, text).
const TEMPLATES: &[(&str, &str)] = &[
    ("header", include_str!("../../templates/web/header.hbs")),
    ("footer", include_str!("../../templates/web/footer.hbs")),
    ("dates", include_str!("../../templates/web/dates.hbs")),
    ("none", include_str!("../../templates/web/none.hbs")),
    ("index", include_str!("../../templates/web/index.hbs")),
    (
        "department",
        include_str!("../../templates/web/department.hbs"),
    ),
    (
        "indicators",
        include_str!("../../templates/web/indicators.hbs"),
    ),
    (
        "accessibility",
        include_str!("../../templates/web/accessibility.hbs"),
    ),
];
const STYLE: &str = include_str!("../../templates/web/style.css");

pub use crate::config::web::{ContactConfig, WebConfig};

/// What the site is made from besides the publication.
pub(crate) struct WebOptions<'a> {
    pub templates_dir: Option<&'a Path>,
    pub config: &'a WebConfig,
    /// The build's time (`SOURCE_DATE_EPOCH`, else 1 April of the fiscal year): 更新日.
    pub time: i64,
}

/// A file the build published beside the site, for the index's downloads.
pub(crate) struct Published {
    /// Relative to the output folder, with `/`.
    pub path: String,
    pub bytes: usize,
}

/// A file of the site, relative to the output folder (`web/…`).
pub(crate) struct SiteFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Why the site was not made: its templates or `[web]` settings (a message for the
/// user, in Japanese), or the error of the `put` that took its files.
#[derive(Debug)]
pub(crate) enum Error<E> {
    Template(String),
    Put(E),
}

impl<E> From<String> for Error<E> {
    fn from(message: String) -> Self {
        Error::Template(message)
    }
}

/// Compiles the templates: built in, or `dir/web/NAME.hbs` where present. An error
/// names the template file and its line.
fn templates(dir: Option<&Path>) -> Result<Handlebars<'static>, String> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    for (name, builtin) in TEMPLATES {
        let file = dir
            .map(|d| d.join("web").join(format!("{name}.hbs")))
            .filter(|p| p.is_file());
        let (text, source) = match &file {
            Some(p) => (
                std::fs::read_to_string(p)
                    .map_err(|e| format!("テンプレート {} を読めません: {e}", p.display()))?,
                p.display().to_string(),
            ),
            None => (builtin.to_string(), format!("templates/web/{name}.hbs")),
        };
        hb.register_template_string(name, text).map_err(|e| {
            let line = e
                .pos()
                .map(|(l, c)| format!("{l}行目{c}文字目: "))
                .unwrap_or_default();
            format!(
                "{source}: {line}テンプレートが正しくありません（{}）",
                e.reason()
            )
        })?;
    }
    Ok(hb)
}

fn stylesheet(dir: Option<&Path>) -> Result<String, String> {
    match dir
        .map(|d| d.join("web").join("style.css"))
        .filter(|p| p.is_file())
    {
        Some(p) => {
            std::fs::read_to_string(&p).map_err(|e| format!("{} を読めません: {e}", p.display()))
        }
        None => Ok(STYLE.to_string()),
    }
}

/// What every page of a run shares.
struct Site {
    hb: Handlebars<'static>,
    /// `web` or `web/2003`.
    folder: PathBuf,
    /// Per department, in publication order: the file stem (`dept-01-kikaku`).
    keys: Vec<String>,
    context: Value,
}

impl Site {
    fn new(p: &Publication, opts: &WebOptions) -> Result<Site, String> {
        let c = opts.config;
        let keys = file_keys(p, c)?;
        let folder = if c.year_folder {
            Path::new("web").join(p.year.western().to_string())
        } else {
            PathBuf::from("web")
        };
        let mut context = site_context(p);
        context["dates"] = dates(opts)?;
        context["home"] = match &c.home_url {
            Some(url) => {
                check_url(url, "home_url")?;
                json!({"url": url, "name": c.home_name.clone().unwrap_or_else(|| format!("{}トップ", p.city))})
            }
            None => Value::Null,
        };
        context["contact_box"] = contact_box(p, &c.contact)?;
        Ok(Site {
            hb: templates(opts.templates_dir)?,
            folder,
            keys,
            context,
        })
    }

    /// Renders template `name` with the site's values under the page's own.
    fn page(&self, name: &str, file: &str, mut data: Value) -> Result<SiteFile, String> {
        for (k, v) in self.context.as_object().into_iter().flatten() {
            if data.get(k).is_none() {
                data[k] = v.clone();
            }
        }
        Ok(SiteFile {
            path: self.folder.join(file),
            bytes: self
                .hb
                .render(name, &data)
                .map_err(|e| format!("templates/web/{name}.hbs: {e}"))?
                .into_bytes(),
        })
    }
}

/// Renders the site but its index, handing each file to `put` as soon as it is made
/// (from any thread); an error of `put` stops the site and is returned. The index
/// ([`render_index`]) lists the other outputs' files with their sizes, so it is made
/// when they are.
pub(crate) fn render<E: Send>(
    p: &Publication,
    opts: &WebOptions,
    put: &(dyn Fn(SiteFile) -> Result<(), E> + Sync),
) -> Result<(), Error<E>> {
    let site = Site::new(p, opts)?;
    let home = crumb("index.html", &format!("{} {}", p.year.wareki(), p.title));
    let department_page = |(d, key): (&Department, &String)| -> Result<SiteFile, String> {
        let mut data = department_context(d);
        data["name"] = json!(d.name);
        data["key"] = json!(key);
        data["page_title"] = json!(d.name);
        data["crumbs"] = json!([home, crumb(&format!("{key}.html"), &d.name)]);
        site.page("department", &format!("{key}.html"), data)
    };
    let indicators_page = || -> Result<SiteFile, String> {
        let departments: Vec<Value> = p
            .departments
            .iter()
            .zip(&site.keys)
            .map(|(d, key)| {
                json!({
                    "name": d.name,
                    "key": key,
                    "indicators": d.indicators().map(|(pr, i)| {
                        let mut row = indicator_context(i);
                        row["project"] = json!(format!("{} {}", pr.no, pr.name));
                        row["project_no"] = json!(pr.no);
                        row["status_key"] = json!(i.status.map_or(UNFILLED, Status::label));
                        row
                    }).collect::<Vec<_>>(),
                })
            })
            .collect();
        let data = json!({
            "page_title": "目標指標の一覧",
            "wide": true,
            "crumbs": [home, crumb("indicators.html", "目標指標の一覧")],
            "departments": departments,
            "statuses": ["達成", "概ね達成", "未達成", "未着手", UNFILLED],
        });
        site.page("indicators", "indicators.html", data)
    };
    let statement = || -> Result<SiteFile, String> {
        let data = json!({
            "page_title": "ウェブアクセシビリティについて",
            "crumbs": [home, crumb("accessibility.html", "ウェブアクセシビリティについて")],
            "axe": AXE_VERSION,
            "vnu": VNU_VERSION,
        });
        site.page("accessibility", "accessibility.html", data)
    };
    // The pages are independent: the departments' in parallel beside the long list.
    let (departments, rest) = rayon::join(
        || {
            p.departments
                .par_iter()
                .zip(&site.keys)
                .try_for_each(|page| put(department_page(page)?).map_err(Error::Put))
        },
        || -> Result<(), Error<E>> {
            put(indicators_page()?).map_err(Error::Put)?;
            put(statement()?).map_err(Error::Put)?;
            let css = stylesheet(opts.templates_dir)?;
            put(SiteFile {
                path: site.folder.join("style.css"),
                bytes: css.into_bytes(),
            })
            .map_err(Error::Put)
        },
    );
    departments?;
    rest
}

/// Renders the index: every department with its headline, and `published` (the
/// other outputs' files, as the build wrote them) that a citizen may download.
pub(crate) fn render_index<E>(
    p: &Publication,
    opts: &WebOptions,
    published: &[Published],
    put: &dyn Fn(SiteFile) -> Result<(), E>,
) -> Result<(), Error<E>> {
    let site = Site::new(p, opts)?;
    let up = "../".repeat(site.folder.components().count());
    let mut data = json!({
        "page_title": "各部の一覧",
        "crumbs": [crumb("index.html", &format!("{} {}", p.year.wareki(), p.title))],
        "departments": p.departments.iter().zip(&site.keys)
            .map(|(d, key)| json!({"name": d.name, "headline": d.headline, "file": format!("{key}.html")}))
            .collect::<Vec<_>>(),
    });
    // The documents, then the open data under its own heading.
    let (open, documents): (Vec<Value>, Vec<Value>) = downloads(p, published, &up)
        .into_iter()
        .partition(|d| d["opendata"] == json!(true));
    data["downloads"] = json!(documents);
    data["opendata"] = json!(open);
    put(site.page("index", "index.html", data)?).map_err(Error::Put)
}

/// The versions of the checkers the browser test pins (tests/web/package.json), named
/// on the accessibility statement.
const AXE_VERSION: &str = "4.14.1";
const VNU_VERSION: &str = "26.9.27";

/// 達成状況 of an indicator without one, the same in the table, the cards and the filter.
const UNFILLED: &str = "未記入";

fn crumb(href: &str, name: &str) -> Value {
    json!({"href": href, "name": name})
}

/// The departments' file stems: `dept-` and the 掲載順 (else the place in the list),
/// then the configured slug: `dept-01-kikaku`. ASCII, so a URL never changes with its
/// encoding, and stable while 掲載順 is.
fn file_keys(p: &Publication, c: &WebConfig) -> Result<Vec<String>, String> {
    for (name, slug) in &c.slugs {
        if !p.departments.iter().any(|d| &d.name == name) {
            return Err(format!(
                "hoshin.toml の [web.slugs] の「{name}」という部はありません。部名を確かめるか、その行を削除してください"
            ));
        }
        let ok = !slug.is_empty()
            && slug.len() <= 40
            && slug.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !ok {
            return Err(format!(
                "hoshin.toml の [web.slugs] の「{name}」= \"{slug}\": 英小文字・数字とハイフン（例: \"kikaku\", \"toshi-seibi\"）の40文字以内で書いてください"
            ));
        }
    }
    let numbers: Vec<u32> = p
        .departments
        .iter()
        .enumerate()
        .map(|(i, d)| d.order.unwrap_or(i as u32 + 1))
        .collect();
    let width = numbers
        .iter()
        .max()
        .map_or(2, |n| n.to_string().len().max(2));
    let stems: Vec<String> = p
        .departments
        .iter()
        .zip(numbers)
        .map(|(d, n)| match c.slugs.get(&d.name) {
            Some(slug) => format!("dept-{n:0width$}-{slug}"),
            None => format!("dept-{n:0width$}"),
        })
        .collect();
    // Two departments with the same 掲載順 get `_2`.
    Ok(
        crate::template::unique_file_names(stems.iter().map(String::as_str), "html")
            .into_iter()
            .map(|f| f.trim_end_matches(".html").to_string())
            .collect(),
    )
}

fn check_url(url: &str, key: &str) -> Result<(), String> {
    if (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace)
    {
        Ok(())
    } else {
        Err(format!(
            "hoshin.toml の [web] の {key} = \"{url}\": https:// で始まるアドレスを書いてください"
        ))
    }
}

/// A date for people (`2003年4月1日`) and for machines (`2003-04-01`).
fn date_value(d: Date) -> Value {
    json!({
        "text": format!("{}年{}月{}日", d.year, d.month, d.day),
        "iso": format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
    })
}

/// 掲載日 (configured, else the build's date) and 更新日 (the build's date, shown when
/// later): never the clock.
fn dates(opts: &WebOptions) -> Result<Value, String> {
    // The build's day in Japan: days since 1970 as an Excel serial (25569 = 1970-01-01).
    let days = (opts.time + 9 * 3600).div_euclid(86_400);
    let updated = Date::from_excel_serial((days + 25_569) as f64)
        .ok_or_else(|| format!("SOURCE_DATE_EPOCH={} は日付になりません", opts.time))?;
    let published = match &opts.config.published {
        Some(s) => {
            let parts: Vec<Option<u32>> = s.split('-').map(|x| x.parse().ok()).collect();
            match parts[..] {
                [Some(y), Some(m), Some(d)] => Date::new(y as i32, m, d),
                _ => None,
            }
            .ok_or_else(|| {
                format!(
                    "hoshin.toml の [web] の published = \"{s}\": 掲載日を 2003-04-01 のように書いてください"
                )
            })?
        }
        None => updated,
    };
    Ok(json!({
        "published": date_value(published),
        "updated": (updated > published).then(|| date_value(updated)),
    }))
}

fn contact_box(p: &Publication, c: &ContactConfig) -> Result<Value, String> {
    if let Some(url) = &c.form_url {
        check_url(url, "contact.form_url")?;
    }
    if let Some(e) = &c.email {
        if !e.contains('@') || e.contains(char::is_whitespace) {
            return Err(format!(
                "hoshin.toml の [web.contact] の email = \"{e}\": メールアドレスを書いてください"
            ));
        }
    }
    let office = c.office.clone().unwrap_or_else(|| p.issuer.clone());
    Ok(json!({
        "office": office,
        "line": p.contact,
        "phone": c.phone,
        // tel: takes the digits only.
        "tel": c.phone.as_ref().map(|t| t.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>()),
        "address": c.address,
        "hours": c.hours,
        "email": c.email,
        "form_url": c.form_url,
    }))
}

/// The index's downloads: the files of `published` a citizen reads, in a fixed order,
/// each with its kind and size; `up` leads from the site's folder to the output folder.
fn downloads(p: &Publication, published: &[Published], up: &str) -> Vec<Value> {
    const TABLES: [(&str, &str); 8] = [
        ("departments", "部"),
        ("missions", "部の使命・目標"),
        ("sections", "各課の役割"),
        ("staff", "職員数"),
        ("budget", "予算規模"),
        ("policies", "実施方針"),
        ("projects", "個別事業"),
        ("indicators", "目標指標"),
    ];
    let describe = |path: &str| -> Option<(usize, String, &'static str)> {
        Some(match path {
            "booklet.pdf" => (0, format!("冊子「{}」全文", p.title), "PDF形式"),
            "newsletter.pdf" => (1, "広報掲載記事".into(), "PDF形式"),
            "newsletter.html" => (2, "広報掲載記事（ウェブページ）".into(), "HTML形式"),
            "newsletter.txt" => (3, "広報掲載記事（テキスト）".into(), "テキスト形式"),
            "opendata/opendata.xlsx" => (10, "オープンデータ（全表）".into(), "Excel形式"),
            "opendata/datapackage.json" => (
                11,
                "オープンデータの説明（Data Package）".into(),
                "JSON形式",
            ),
            _ => {
                let table = path.strip_prefix("opendata/")?.strip_suffix(".csv")?;
                let (i, label) = TABLES
                    .iter()
                    .enumerate()
                    .find(|(_, t)| t.0 == table)
                    .map_or((TABLES.len(), table), |(i, t)| (i, t.1));
                (20 + i, format!("オープンデータ：{label}"), "CSV形式")
            }
        })
    };
    let mut v: Vec<(usize, &str, Value)> = published
        .iter()
        .filter_map(|f| {
            let (rank, label, kind) = describe(&f.path)?;
            Some((
                rank,
                f.path.as_str(),
                json!({
                    "label": label,
                    "href": format!("{up}{}", f.path),
                    "kind": kind,
                    "size": file_size(f.bytes),
                    "opendata": f.path.starts_with("opendata/"),
                }),
            ))
        })
        .collect();
    v.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    v.into_iter().map(|x| x.2).collect()
}

/// `398KB`, `1.2MB`: the way Japanese city sites give a download's size.
fn file_size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1}MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{}KB", bytes.div_ceil(1024).max(1))
    }
}

fn site_context(p: &Publication) -> Value {
    json!({
        "city": p.city,
        "title": p.title,
        "year": p.year.wareki(),
        "issuer": p.issuer,
        "contact": p.contact,
        "department_count": p.departments.len(),
        "project_count": p.project_count(),
        "indicator_count": p.indicator_count(),
        // A page's own values, absent on the others (strict templates).
        "wide": false,
        "dept_contact": null,
    })
}

fn department_context(d: &Department) -> Value {
    let lines = |ls: &[crate::model::Line]| {
        ls.iter()
            .map(|l| json!({"label": l.label, "value": format_number(l.value)}))
            .collect::<Vec<_>>()
    };
    json!({
        "headline": d.headline,
        "head": d.head,
        "dept_contact": d.contact,
        "mission": d.mission.iter().map(|m| &m.text).collect::<Vec<_>>(),
        "sections": d.sections.iter().map(|s| json!({"name": s.name, "role": s.role})).collect::<Vec<_>>(),
        "staff": lines(&d.staff),
        "staff_total": format_number(d.staff_total()),
        "budget": lines(&d.budget),
        "budget_total": format_number(d.budget_total()),
        "policies": d.policies.iter().map(|p| &p.text).collect::<Vec<_>>(),
        "projects": d.projects.iter().map(project_context).collect::<Vec<_>>(),
        "indicator_count": d.indicator_count(),
    })
}

fn project_context(p: &Project) -> Value {
    json!({
        "no": p.no,
        "name": p.name,
        "section": p.section,
        "description": p.description,
        "sentence": p.indicator_sentence(),
        "results": p.indicators.iter().any(|i| i.actual.is_some() || i.status.is_some()),
        "indicators": p.indicators.iter().map(indicator_context).collect::<Vec<_>>(),
    })
}

/// An indicator's cells. An absent value is empty here (the templates show 「なし」 for
/// it, never 「－」, which a screen reader reads as 「マイナス」); an absent 達成状況 is
/// 「未記入」, as in the filter.
fn indicator_context(i: &Indicator) -> Value {
    let printed = i.printed();
    let cell = |s: String| if absent(&s) { String::new() } else { s };
    json!({
        "name": i.name,
        "baseline": cell(printed.baseline),
        "target": cell(printed.target),
        "deadline": cell(printed.deadline),
        "actual": cell(printed.actual),
        "rate": cell(printed.rate),
        "status": i.status.map_or(UNFILLED, Status::label),
    })
}

/// The printed form of an absent value ([`Indicator::printed`]).
fn absent(s: &str) -> bool {
    s == "－" || s.is_empty()
}

/// Removes a leading print marker (■, ◆, ↓, ●) that a screen reader would read aloud
/// inside a heading: `{{unmarked heading}}` in newsletter.html.
pub(crate) fn unmarked(s: &str) -> String {
    s.trim_start_matches(['■', '◆', '↓', '●', '▼', '□', '◇'])
        .trim_start()
        .to_string()
}

handlebars::handlebars_helper!(unmarked_helper: |s: str| unmarked(s));

/// Registers `unmarked` on a handlebars registry (the newsletter's HTML).
pub(crate) fn register_unmarked(hb: &mut Handlebars) {
    hb.register_helper("unmarked", Box::new(unmarked_helper));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_are_the_files_a_citizen_reads_in_a_fixed_order_with_sizes() {
        let p = Publication {
            city: "〇〇市".into(),
            title: "各部の運営方針と目標".into(),
            issuer: String::new(),
            contact: String::new(),
            year: crate::model::FiscalYear::parse("令和7年度").unwrap(),
            departments: Vec::new(),
        };
        let files = [
            ("summary.xlsx", 10),
            ("opendata/indicators.csv", 2048),
            ("opendata/departments.csv", 1),
            ("opendata/datapackage.json", 5000),
            ("web/index.html", 1),
            ("newsletter.pdf", 3 * 1024 * 1024 / 2),
            ("booklet.pdf", 407_000),
            ("opendata/opendata.xlsx", 30_000),
        ]
        .map(|(path, bytes)| Published {
            path: path.into(),
            bytes,
        });
        let d = downloads(&p, &files, "../../");
        let shown: Vec<String> = d
            .iter()
            .map(|v| {
                format!("{} {} {} {}", v["href"], v["label"], v["kind"], v["size"]).replace('"', "")
            })
            .collect();
        assert_eq!(
            shown,
            [
                "../../booklet.pdf 冊子「各部の運営方針と目標」全文 PDF形式 398KB",
                "../../newsletter.pdf 広報掲載記事 PDF形式 1.5MB",
                "../../opendata/opendata.xlsx オープンデータ（全表） Excel形式 30KB",
                "../../opendata/datapackage.json オープンデータの説明（Data Package） JSON形式 5KB",
                "../../opendata/departments.csv オープンデータ：部 CSV形式 1KB",
                "../../opendata/indicators.csv オープンデータ：目標指標 CSV形式 2KB",
            ]
        );
    }

    #[test]
    fn print_markers_are_dropped_from_headings() {
        assert_eq!(unmarked("■各部が"), "各部が");
        assert_eq!(unmarked("◆企画部"), "企画部");
        assert_eq!(unmarked("↓企画経営室"), "企画経営室");
        assert_eq!(unmarked("企画■部"), "企画■部");
    }
}
