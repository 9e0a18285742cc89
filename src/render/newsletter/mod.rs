//! The newsletter page (広報ページ): one page of the city newsletter announcing the
//! year's 「運営方針と目標」, as the seed page was — as PDF, HTML and plain text.
//!
//! Its wording and order are a handlebars template (`templates/newsletter/page.hbs`)
//! that writes a small line markup ([`markup`]); the markup becomes a [`markup::Page`],
//! which [`layout`] sets on one page with `typeset` and which `page.html.hbs` and
//! `page.txt.hbs` turn into the web page and the text. The office replaces any of the
//! three files through `[templates] dir`.

pub mod layout;
pub mod markup;
pub mod vertical;

use handlebars::Handlebars;
use serde_json::{json, Value};
use std::path::Path;

use crate::fonts::FontSet;
use crate::model::{Department, Project, Publication};
use crate::pdf::vertical::VerticalFont;
use crate::pdf::{PdfMeta, PdfWriter};

/// The built-in templates: the page's structure and wording, the web page, the text.
pub const PAGE_HBS: &str = include_str!("../../../templates/newsletter/page.hbs");
pub const HTML_HBS: &str = include_str!("../../../templates/newsletter/page.html.hbs");
pub(crate) const TXT_HBS: &str = include_str!("../../../templates/newsletter/page.txt.hbs");

pub use crate::config::newsletter::{Pages, Paper, Writing};

/// Why the newsletter could not be made.
#[derive(Debug, thiserror::Error)]
pub(crate) enum NewsletterError {
    /// A template or a setting is wrong (the message names the file and line, or key).
    #[error("{0}")]
    Usage(String),
    /// The content does not fit in the pages `[newsletter] pages` allows: a problem of
    /// the input (exit 1), naming the file and field to shorten.
    #[error("{0}")]
    Content(String),
    /// The PDF could not be made.
    #[error("{0}")]
    Output(String),
}

/// The three templates, compiled.
pub(crate) struct Templates {
    page: Handlebars<'static>,
    html: Handlebars<'static>,
    txt: Handlebars<'static>,
    /// File each template came from, for messages.
    names: [String; 3],
    /// Text of `page.hbs`, to find the line a markup error comes from.
    page_source: String,
}

const KEYS: [(&str, &str); 3] = [
    ("page", "page.hbs"),
    ("html", "page.html.hbs"),
    ("txt", "page.txt.hbs"),
];

/// Loads the templates: built in, or `dir/newsletter/<file>` for each file present.
pub(crate) fn templates(dir: Option<&Path>) -> Result<Templates, NewsletterError> {
    let builtin = [PAGE_HBS, HTML_HBS, TXT_HBS];
    let mut names: [String; 3] = Default::default();
    let mut hbs: Vec<Handlebars<'static>> = Vec::new();
    let mut page_source = String::new();
    for (i, (key, file)) in KEYS.iter().enumerate() {
        let over = dir
            .map(|d| d.join("newsletter").join(file))
            .filter(|p| p.is_file());
        let (name, text) = match over {
            Some(p) => {
                let text = std::fs::read_to_string(&p).map_err(|e| {
                    NewsletterError::Usage(format!(
                        "テンプレート {} を読めません: {e}",
                        p.display()
                    ))
                })?;
                (p.display().to_string(), text)
            }
            None => (
                format!("templates/newsletter/{file}"),
                builtin[i].to_string(),
            ),
        };
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        match *key {
            // The page markup: data may not start a directive or a line.
            "page" => hb.register_escape_fn(markup::escape),
            // HTML keeps handlebars' own escaping; `unmarked` drops the print's ■/◆/↓;
            // `{{{tcy text}}}` escapes too, and on a vertical page sets short numbers 縦中横.
            "html" => {
                crate::render::web::register_unmarked(&mut hb);
                hb.register_helper("tcy", Box::new(tcy_helper));
            }
            _ => hb.register_escape_fn(handlebars::no_escape),
        }
        hb.register_template_string(key, &text).map_err(|e| {
            let line = e
                .pos()
                .map(|(l, _)| format!(" {l}行目"))
                .unwrap_or_default();
            // An unclosed block is noticed only at the end of the file.
            let at_end = e.pos().is_some_and(|(l, _)| l + 1 >= text.lines().count());
            let hint = if at_end {
                "。ファイルの終わりで気づきました: {{#each}} や {{#if}} に対応する {{/each}}・{{/if}} があるか確かめてください"
            } else {
                ""
            };
            NewsletterError::Usage(format!(
                "{name}{line}: テンプレートの書き方が正しくありません（{}）{hint}",
                e.reason()
            ))
        })?;
        names[i] = name;
        if i == 0 {
            page_source = text;
        }
        hbs.push(hb);
    }
    let txt = hbs.pop().unwrap();
    let html = hbs.pop().unwrap();
    let page = hbs.pop().unwrap();
    Ok(Templates {
        page,
        html,
        txt,
        names,
        page_source,
    })
}

impl Templates {
    fn render(&self, i: usize, data: &Value) -> Result<String, NewsletterError> {
        let (hb, key) = match i {
            0 => (&self.page, "page"),
            1 => (&self.html, "html"),
            _ => (&self.txt, "txt"),
        };
        hb.render(key, data).map_err(|e| {
            let line = e.line_no.map(|l| format!(" {l}行目")).unwrap_or_default();
            NewsletterError::Usage(format!(
                "{}{line}: テンプレートを使えません（{}）",
                self.names[i],
                e.reason()
            ))
        })
    }
}

impl Templates {
    /// A markup error, at the line of `page.hbs` that wrote it where that can be found
    /// (the directive as written), else at the line of the markup it made.
    fn markup_error(&self, e: &markup::ParseError) -> NewsletterError {
        let word = e.text.split([' ', '\t']).next().unwrap_or("");
        let at = self
            .page_source
            .lines()
            .position(|l| {
                let l = l.trim_start();
                l == e.text || (word.starts_with('@') && l.split([' ', '\t']).next() == Some(word))
            })
            .map(|i| format!(" {}行目", i + 1))
            .unwrap_or_else(|| format!("（テンプレートが書き出した {} 行目）", e.line));
        NewsletterError::Usage(format!("{}{at}「{}」: {}", self.names[0], e.text, e.what))
    }
}

/// What the newsletter needs besides the publication.
pub(crate) struct NewsletterOptions<'a> {
    pub paper: Paper,
    /// How many pages it may take.
    pub pages: Pages,
    /// 横組み or 縦組み.
    pub writing: Writing,
    /// Projects shown in the イメージ図 box, as `部名:番号`; empty = the first project of
    /// the first department.
    pub featured: &'a [String],
    /// The contact line; `None` = 発行 and 問い合わせ先.
    pub contact: Option<&'a str>,
    pub templates: &'a Templates,
    /// Seconds since 1970: the PDF's dates.
    pub time: i64,
    /// A tagged PDF/UA-1 and PDF/A-2a (`[pdf] tagged`, the default).
    pub tagged: bool,
}

/// A finished newsletter.
pub(crate) struct Newsletter {
    pub pdf: Vec<u8>,
    /// Pages of the PDF.
    pub pages: usize,
    /// What the office should know (e.g. that the page ran over several), in Japanese.
    pub warnings: Vec<String>,
    pub html: String,
    pub txt: String,
    pub layout_secs: f64,
    pub write_secs: f64,
}

/// Makes the three outputs, or says why the page cannot be made (nothing is written).
pub(crate) fn render(
    publication: &Publication,
    fonts: &FontSet,
    opts: &NewsletterOptions,
) -> Result<Newsletter, NewsletterError> {
    let featured = featured(publication, opts.featured)?;
    let data = context(publication, &featured, opts.contact);
    let marked = opts.templates.render(0, &data)?;
    let page = markup::parse(&marked).map_err(|e| opts.templates.markup_error(&e))?;
    let mut view = serde_json::to_value(&page).expect("page serializes");
    view["vertical"] = Value::Bool(opts.writing == Writing::Vertical);
    let html = opts.templates.render(1, &view)?;
    let txt = tidy_text(&opts.templates.render(2, &view)?);

    let t0 = std::time::Instant::now();
    let names: Vec<&str> = publication
        .departments
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    let sources: Vec<&str> = publication
        .departments
        .iter()
        .map(|d| d.source.as_str())
        .collect();
    let names = layout::Names {
        page: &page,
        names: &names,
        sources: &sources,
    };
    let (layout, vruns, vfonts) = match opts.writing {
        Writing::Horizontal => (
            layout::lay_out(&page, &names, fonts, opts.paper, opts.pages)
                .map_err(NewsletterError::Content)?,
            Vec::new(),
            None,
        ),
        Writing::Vertical => {
            let vf = [
                VerticalFont::new(&fonts.body.bytes),
                VerticalFont::new(&fonts.heading.bytes),
            ];
            let [Ok(body), Ok(heading)] = vf else {
                return Err(NewsletterError::Output(
                    "縦組みのためにフォントを読めません".into(),
                ));
            };
            let (l, v) = vertical::lay_out(
                &page,
                &names,
                fonts,
                opts.paper,
                opts.pages,
                [&body, &heading],
            )
            .map_err(NewsletterError::Content)?;
            (l, v, Some([body, heading]))
        }
    };
    let pages = layout.pages.len();
    let mut warnings = Vec::new();
    if pages > 1 {
        warnings.push(format!(
            "広報ページ: 各部の使命・目標が 1 ページに収まらないため、{} 部を {pages} ページに続けました（2 ページ目からは題字と「（続き）」）。1 ページにするには使命・目標を短くするか、[newsletter] paper で大きな紙にしてください。ページ数を決めるには [newsletter] pages = 1 などとします",
            publication.departments.len()
        ));
    }
    let layout_secs = t0.elapsed().as_secs_f64();
    let t1 = std::time::Instant::now();
    let meta = PdfMeta {
        title: page.title.clone(),
        author: publication.city.clone(),
        subject: publication.title.clone(),
        time: opts.time,
        show_outline: false,
        tagged: opts.tagged,
        ..PdfMeta::default()
    };
    let writer = PdfWriter::new(fonts).map_err(NewsletterError::Output)?;
    let pdf = match &vfonts {
        Some([b, h]) => writer.write_vertical(&layout, &vruns, [b, h], &meta),
        None => writer.write(&layout, &meta),
    }
    .map_err(NewsletterError::Output)?;
    Ok(Newsletter {
        pdf,
        pages,
        warnings,
        html,
        txt,
        layout_secs,
        write_secs: t1.elapsed().as_secs_f64(),
    })
}

/// The featured projects: `部名:番号` entries, or the first project of the first
/// department.
fn featured<'p>(
    p: &'p Publication,
    wanted: &[String],
) -> Result<Vec<(&'p Department, &'p Project)>, NewsletterError> {
    if wanted.is_empty() {
        return Ok(p
            .departments
            .first()
            .and_then(|d| d.projects.first().map(|pr| (d, pr)))
            .into_iter()
            .collect());
    }
    wanted
        .iter()
        .map(|w| {
            let bad = |why: String| {
                NewsletterError::Usage(format!(
                    "hoshin.toml [newsletter] featured の「{w}」: {why}"
                ))
            };
            let (name, no) = w
                .rsplit_once([':', '：'])
                .ok_or_else(|| bad("「部名:番号」（例: 企画部:7）の形で書いてください".into()))?;
            let no: u32 = no
                .trim()
                .parse()
                .map_err(|_| bad(format!("番号「{no}」が数字ではありません")))?;
            let d = p
                .departments
                .iter()
                .find(|d| d.name == name.trim())
                .ok_or_else(|| {
                    bad(format!(
                        "部「{name}」がありません（あるのは {}）",
                        p.departments
                            .iter()
                            .map(|d| d.name.as_str())
                            .collect::<Vec<_>>()
                            .join("、")
                    ))
                })?;
            let pr = d
                .projects
                .iter()
                .find(|pr| pr.no == no)
                .ok_or_else(|| bad(format!("{name}に番号 {no} の個別事業がありません")))?;
            Ok((d, pr))
        })
        .collect()
}

/// The data `page.hbs` sees.
fn context(p: &Publication, featured: &[(&Department, &Project)], contact: Option<&str>) -> Value {
    let contact = match contact {
        Some(c) => c.to_string(),
        None => [p.issuer.as_str(), p.contact.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
    };
    json!({
        "市": p.city,
        "題名": p.title,
        "発行": p.issuer,
        "問い合わせ先": p.contact,
        "連絡先": contact,
        "年度": p.year.wareki(),
        "和暦年度": p.year.wareki(),
        "西暦年度": format!("{}年度", p.year.western()),
        "部数": p.departments.len(),
        "事業数": p.project_count(),
        "指標数": p.indicator_count(),
        "各部": p.departments.iter().map(|d| json!({
            "部名": d.name,
            "要約": d.headline,
            "部長": d.head.clone().unwrap_or_default(),
            "部の問い合わせ先": d.contact.clone().unwrap_or_default(),
            "使命": d.mission.iter().map(|m| m.text.clone()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "注目事業": featured.iter().map(|(d, pr)| json!({
            "部名": d.name,
            "番号": pr.no,
            "事業名": pr.name,
            "担当課": pr.section,
            "事業内容": pr.description,
            "目標指標": pr.indicator_sentence(),
        })).collect::<Vec<_>>(),
    })
}

/// `{{{tcy text}}}`: `text` HTML-escaped; on a vertical page (`vertical` in the data)
/// each number of one or two ASCII digits standing alone wrapped in
/// `<span class="tcy">` (縦中横 by CSS `text-combine-upright`).
fn tcy_helper(
    h: &handlebars::Helper,
    _: &Handlebars,
    ctx: &handlebars::Context,
    _: &mut handlebars::RenderContext,
    out: &mut dyn handlebars::Output,
) -> handlebars::HelperResult {
    let text = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("");
    let vertical = ctx.data().get("vertical").and_then(Value::as_bool) == Some(true);
    out.write(&tcy_html(text, vertical))?;
    Ok(())
}

fn tcy_html(text: &str, vertical: bool) -> String {
    if !vertical {
        return handlebars::html_escape(text);
    }
    let cs: Vec<char> = text.chars().collect();
    let latin =
        |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || ".,".contains(*c));
    let mut out = String::new();
    let mut i = 0;
    while i < cs.len() {
        if cs[i].is_ascii_digit() {
            let j = (i..cs.len())
                .find(|&j| !cs[j].is_ascii_digit())
                .unwrap_or(cs.len());
            let run: String = cs[i..j].iter().collect();
            if j - i <= 2 && !latin(i.checked_sub(1).and_then(|k| cs.get(k))) && !latin(cs.get(j)) {
                out.push_str(&format!("<span class=\"tcy\">{run}</span>"));
            } else {
                out.push_str(&run);
            }
            i = j;
        } else {
            out.push_str(&handlebars::html_escape(&cs[i].to_string()));
            i += 1;
        }
    }
    out
}

/// Plain text as the print shop wants it: no trailing spaces, no runs of blank lines,
/// one newline at the end.
fn tidy_text(s: &str) -> String {
    let mut out = String::new();
    let mut blank = true;
    for line in s.lines().map(str::trim_end) {
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
