//! The line markup `page.hbs` writes, and the page it describes.
//!
//! A line starting with `@` names a part (`@title 文`); other lines are paragraph text,
//! paragraphs separated by blank lines. Data strings come through [`escape`], so a
//! department's text can neither start a directive nor break a line.

use serde::Serialize;

/// Handlebars escape function of the page markup: `\` → `\\`, `@` → `\@`, line break →
/// `\n` (carriage returns dropped).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '@' => out.push_str("\\@"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => out.push('\n'),
                Some(n @ ('\\' | '@')) => out.push(n),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The whole page, in reading order. What `page.html.hbs` and `page.txt.hbs` see.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Page {
    /// The titles joined, for `<title>` and the PDF's title.
    pub title: String,
    pub kicker: String,
    pub titles: Vec<String>,
    pub lead: Vec<String>,
    pub contact: String,
    pub sections: Vec<Section>,
    pub departments: Departments,
    pub figure: Figure,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Departments {
    pub heading: String,
    pub items: Vec<Dept>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Dept {
    pub name: String,
    pub headline: String,
    pub bullets: Vec<Bullet>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Bullet {
    pub marker: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Figure {
    pub heading: String,
    pub diagram: Diagram,
    pub examples: Examples,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Diagram {
    pub title: String,
    pub boxes: Vec<DiagramBox>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DiagramBox {
    pub heading: String,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Examples {
    pub heading: String,
    pub projects: Vec<Example>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Example {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub indicator: Option<Labelled>,
}

/// A label and its text, e.g. 目標指標： and the sentence.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Labelled {
    pub label: String,
    pub text: String,
}

/// Where paragraph text goes.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    None,
    Lead,
    Section,
    Project,
}

const DIRECTIVES: &str = "@kicker @title @lead @contact @section @departments @department @headline @bullet @figure @diagram @box @cell @examples @project @indicator";

/// A line of the markup that cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParseError {
    /// 1-based line of the markup.
    pub line: usize,
    /// The line as written.
    pub text: String,
    /// What is wrong and what to do.
    pub what: String,
}

/// Reads the markup. Errors name the line of the markup and what to do.
pub(crate) fn parse(text: &str) -> Result<Page, ParseError> {
    let mut page = Page::default();
    let mut target = Target::None;
    let mut para = String::new();
    let flush = |page: &mut Page, target: Target, para: &mut String| {
        if para.is_empty() {
            return;
        }
        let p = unescape(&std::mem::take(para));
        match target {
            Target::Lead => page.lead.push(p),
            Target::Section => {
                if let Some(s) = page.sections.last_mut() {
                    s.paragraphs.push(p)
                }
            }
            Target::Project => {
                if let Some(e) = page.figure.examples.projects.last_mut() {
                    e.paragraphs.push(p)
                }
            }
            Target::None => {}
        }
    };
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim_matches([' ', '\t', '\r']);
        let err = |what: &str| ParseError {
            line: n + 1,
            text: line.to_string(),
            what: what.to_string(),
        };
        if line.is_empty() {
            flush(&mut page, target, &mut para);
            continue;
        }
        let Some(d) = line.strip_prefix('@') else {
            if target == Target::None {
                return Err(err(
                    "段落の前に @lead、@section か @project を置いてください",
                ));
            }
            para.push_str(line);
            continue;
        };
        flush(&mut page, target, &mut para);
        let (name, arg) = d.split_once([' ', '\t']).unwrap_or((d, ""));
        let arg = arg.trim_start_matches([' ', '\t']);
        let text = unescape(arg);
        // `@bullet ● 文`, `@indicator 目標指標： 文`: the first word, then the rest.
        let pair = || {
            let (a, b) = arg.split_once([' ', '\t']).unwrap_or(("", arg));
            (unescape(a), unescape(b.trim_start_matches([' ', '\t'])))
        };
        let need_dept = || err("@departments の後、@department の下に置いてください");
        target = Target::None;
        match name {
            "kicker" => page.kicker = text,
            "title" => page.titles.push(text),
            "lead" => target = Target::Lead,
            "contact" => page.contact = text,
            "section" => {
                page.sections.push(Section {
                    heading: text,
                    paragraphs: Vec::new(),
                });
                target = Target::Section;
            }
            "departments" => page.departments.heading = text,
            "department" => page.departments.items.push(Dept {
                name: text,
                ..Dept::default()
            }),
            "headline" => {
                page.departments
                    .items
                    .last_mut()
                    .ok_or_else(need_dept)?
                    .headline = text
            }
            "bullet" => {
                let (marker, text) = pair();
                page.departments
                    .items
                    .last_mut()
                    .ok_or_else(need_dept)?
                    .bullets
                    .push(Bullet { marker, text });
            }
            "figure" => page.figure.heading = text,
            "diagram" => page.figure.diagram.title = text,
            "box" => page.figure.diagram.boxes.push(DiagramBox {
                heading: text,
                cells: Vec::new(),
            }),
            "cell" => page
                .figure
                .diagram
                .boxes
                .last_mut()
                .ok_or_else(|| err("@box の下に置いてください"))?
                .cells
                .push(text),
            "examples" => page.figure.examples.heading = text,
            "project" => {
                page.figure.examples.projects.push(Example {
                    heading: text,
                    ..Example::default()
                });
                target = Target::Project;
            }
            "indicator" => {
                let (label, text) = pair();
                page.figure
                    .examples
                    .projects
                    .last_mut()
                    .ok_or_else(|| err("@project の下に置いてください"))?
                    .indicator = Some(Labelled { label, text });
            }
            other => {
                return Err(err(&format!(
                    "「@{other}」という部品はありません。使えるのは {DIRECTIVES} です"
                )))
            }
        }
    }
    flush(&mut page, target, &mut para);
    page.title = page.titles.join("　");
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_cannot_start_a_directive_or_a_line() {
        let evil = "@title 乗っ取り\n@bullet x y\\n";
        let text = format!(
            "@departments 見出し\n@department 部\n@bullet ● {}\n",
            escape(evil)
        );
        let page = parse(&text).unwrap();
        assert_eq!(page.titles.len(), 0);
        assert_eq!(page.departments.items[0].bullets[0].text, evil);
    }

    #[test]
    fn paragraphs_and_errors() {
        let page = parse("@lead\n一行目\n続き\n\n二段落目\n@contact 連絡\n").unwrap();
        assert_eq!(page.lead, ["一行目続き", "二段落目"]);
        assert_eq!(page.contact, "連絡");
        let e = parse("@lead\n\n@foo 何か\n").unwrap_err();
        assert_eq!((e.line, e.text.as_str()), (3, "@foo 何か"));
        assert!(parse("段落だけ\n").unwrap_err().what.contains("@lead"));
    }
}
