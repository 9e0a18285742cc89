//! The web edition: the full text as a static site (`web/`): an index, one page per
//! department in the booklet's structure, and every indicator on one page with a
//! filter that works without JavaScript too. Handlebars templates in `templates/web/`,
//! replaceable through `[templates] dir`; every data string is HTML-escaped by
//! handlebars.

use handlebars::Handlebars;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

use crate::model::{format_number, Department, Indicator, Project, Publication, Status};

/// The built-in templates: (file name, text).
const TEMPLATES: &[(&str, &str)] = &[
    ("header", include_str!("../../templates/web/header.hbs")),
    ("footer", include_str!("../../templates/web/footer.hbs")),
    ("index", include_str!("../../templates/web/index.hbs")),
    (
        "department",
        include_str!("../../templates/web/department.hbs"),
    ),
    (
        "indicators",
        include_str!("../../templates/web/indicators.hbs"),
    ),
];
const STYLE: &str = include_str!("../../templates/web/style.css");

/// A file of the site, relative to the output folder (`web/…`).
pub struct SiteFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Why the site was not made: its templates (a message for the user, in Japanese),
/// or the error of the `put` that took its files.
#[derive(Debug)]
pub enum Error<E> {
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

/// Renders the site, handing each file to `put` as soon as it is made (from any
/// thread); an error of `put` stops the site and is returned.
pub fn render<E: Send>(
    p: &Publication,
    templates_dir: Option<&Path>,
    put: &(dyn Fn(SiteFile) -> Result<(), E> + Sync),
) -> Result<(), Error<E>> {
    let hb = templates(templates_dir)?;
    // A 部名 `index` or `indicators` must not take the site's own pages.
    let files = crate::template::unique_file_names_reserving(
        p.departments.iter().map(|d| d.name.as_str()),
        "html",
        &["index", "indicators"],
    );
    let site = site_context(p);
    let page = |name: &str, data: &Value| {
        hb.render(name, data)
            .map_err(|e| format!("templates/web/{name}.hbs: {e}"))
    };
    let mut index = site.clone();
    index["departments"] = p
        .departments
        .iter()
        .zip(&files)
        .map(|(d, f)| json!({"name": d.name, "headline": d.headline, "file": f}))
        .collect();
    let department_page = |(d, file): (&Department, &String)| -> Result<SiteFile, String> {
        let mut data = department_context(d);
        for (k, v) in site.as_object().into_iter().flatten() {
            data[k] = v.clone();
        }
        data["name"] = json!(d.name);
        Ok(SiteFile {
            path: Path::new("web").join(file),
            bytes: page("department", &data)?.into_bytes(),
        })
    };
    let indicators_page = || -> Result<SiteFile, String> {
        let mut all = site.clone();
        all["departments"] = p
            .departments
            .iter()
            .map(|d| json!({"name": d.name}))
            .collect();
        all["statuses"] = json!(["達成", "概ね達成", "未達成", "未着手", "未記入"]);
        all["indicators"] = p
            .departments
            .iter()
            .zip(&files)
            .flat_map(|(d, f)| {
                d.indicators().map(move |(pr, i)| {
                    let mut row = indicator_context(i);
                    row["department"] = json!(d.name);
                    row["file"] = json!(f);
                    row["project"] = json!(format!("{} {}", pr.no, pr.name));
                    row["status_key"] = json!(i.status.map_or("未記入", Status::label));
                    row
                })
            })
            .collect();
        Ok(SiteFile {
            path: "web/indicators.html".into(),
            bytes: page("indicators", &all)?.into_bytes(),
        })
    };
    // The pages are independent: the departments' in parallel beside the long list.
    let (departments, indicators) = rayon::join(
        || {
            p.departments
                .par_iter()
                .zip(&files)
                .try_for_each(|page| put(department_page(page)?).map_err(Error::Put))
        },
        || put(indicators_page()?).map_err(Error::Put),
    );
    departments?;
    indicators?;
    put(SiteFile {
        path: "web/index.html".into(),
        bytes: page("index", &index)?.into_bytes(),
    })
    .map_err(Error::Put)?;
    put(SiteFile {
        path: "web/style.css".into(),
        bytes: stylesheet(templates_dir)?.into_bytes(),
    })
    .map_err(Error::Put)
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

fn indicator_context(i: &Indicator) -> Value {
    let mut row = serde_json::to_value(i.printed()).unwrap_or_default();
    row["name"] = json!(i.name);
    row
}
