//! The web edition (`OUT/web/`): pages, structure a screen reader relies on, escaping,
//! links, replaceable templates. Read from the files the binary wrote.

mod common;
use common::*;

use std::path::Path;

use hoshin::check::check_dir;
use hoshin::config::Config;
use hoshin::fonts::FontSet;

fn build(input: &Path, out: &Path) -> std::process::Output {
    hoshin()
        .args(["build", "-q", "--only", "web", "-o"])
        .arg(out)
        .arg(input)
        .output()
        .unwrap()
}

fn pages(web: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(web)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('=', "&#x3D;")
        .replace('`', "&#x60;")
}

#[test]
fn site_pages_have_the_structure_of_an_accessible_japanese_site() {
    let dir = tempfile::tempdir().unwrap();
    assert!(build(&samples(), dir.path()).status.success());
    let web = dir.path().join("web");
    let pages = pages(&web);
    assert_eq!(
        pages.len(),
        8 + 2,
        "{:?}",
        pages.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    assert!(web.join("style.css").is_file());
    for (name, html) in &pages {
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"),
            "{name}"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{name}: one h1");
        // Heading levels never skip on the way down.
        let mut level = 0;
        for (i, _) in html.match_indices("<h") {
            if let Some(d) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) {
                assert!(d <= level + 1, "{name}: h{d} after h{level}");
                level = d;
            }
        }
        assert_eq!(
            html.matches("<table").count(),
            html.matches("<caption>").count(),
            "{name}: every table has a caption"
        );
        let cells = html.matches("<th ").count() + html.matches("<th>").count();
        assert!(cells > 0 || !html.contains("<table"));
        assert_eq!(
            cells,
            html.matches("<th scope=").count(),
            "{name}: every th has a scope"
        );
        assert!(
            html.contains("<a class=\"skip\" href=\"#main\">")
                && html.contains("<main id=\"main\">"),
            "{name}: skip link"
        );
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{name}: no external resources"
        );
        assert!(
            html.contains("name=\"viewport\""),
            "{name}: readable on a phone"
        );
        // Every local link resolves.
        for (i, _) in html.match_indices("href=\"") {
            let target = &html[i + 6..i + 6 + html[i + 6..].find('"').unwrap()];
            if !target.starts_with('#') {
                assert!(
                    web.join(target).is_file(),
                    "{name}: link to missing {target}"
                );
            }
        }
    }
    let css = std::fs::read_to_string(web.join("style.css")).unwrap();
    assert!(css.contains("@media print") && css.contains("@media (max-width"));
}

#[test]
fn every_text_of_the_samples_is_on_its_page_and_every_indicator_listed_once() {
    let dir = tempfile::tempdir().unwrap();
    assert!(build(&samples(), dir.path()).status.success());
    let web = dir.path().join("web");
    let (config, _) = Config::load(None, Some(&samples())).unwrap();
    let p = check_dir(&samples(), &config, &FontSet::default().coverage())
        .unwrap()
        .publication(&config)
        .unwrap();
    let index = std::fs::read_to_string(web.join("index.html")).unwrap();
    let all = std::fs::read_to_string(web.join("indicators.html")).unwrap();
    assert_eq!(all.matches("<tr data-dept=").count(), p.indicator_count());
    for d in &p.departments {
        assert!(
            index.contains(&escape(&d.headline)),
            "{} headline on the index",
            d.name
        );
        let html = std::fs::read_to_string(web.join(format!("{}.html", d.name))).unwrap();
        let mut fields = vec![d.name.clone(), d.headline.clone()];
        fields.extend(d.mission.iter().map(|m| m.text.clone()));
        fields.extend(
            d.sections
                .iter()
                .flat_map(|s| [s.name.clone(), s.role.clone()]),
        );
        fields.extend(d.policies.iter().map(|x| x.text.clone()));
        for pr in &d.projects {
            fields.extend(pr.description.iter().cloned());
            fields.push(pr.indicator_sentence());
            fields.extend(pr.indicators.iter().map(|i| i.name.clone()));
        }
        for f in fields {
            assert!(html.contains(&escape(&f)), "{}: missing {f}", d.name);
        }
        for (_, i) in d.indicators() {
            assert!(
                all.contains(&format!("<th scope=\"row\">{}</th>", escape(&i.name))),
                "{}",
                i.name
            );
        }
    }
}

#[test]
fn department_text_with_markup_is_shown_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    Book::department("企画部", 1, "令和7年度")
        .set(
            "使命・目標",
            "B2",
            T("<script>alert(1)</script> & \"市民\""),
        )
        .write(&input.join("企画部.xlsx"));
    Book::department("../総務/部", 2, "令和7年度").write(&input.join("総務部.xlsx"));
    write_config(&input);
    let out = dir.path().join("out");
    let o = build(&input, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let html = std::fs::read_to_string(out.join("web/企画部.html")).unwrap();
    assert!(
        !html.contains("<script>alert"),
        "markup must not reach the page"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;市民&quot;"),
        "escaped text shown"
    );
    // A 部名 with path separators gets a safe file inside web/.
    let names: Vec<String> = pages(&out.join("web")).into_iter().map(|p| p.0).collect();
    assert!(names.contains(&"_総務_部.html".to_string()), "{names:?}");
}

#[test]
fn templates_are_replaceable_and_errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    copy_dir(&samples(), &input);
    let tdir = dir.path().join("tpl");
    std::fs::create_dir_all(tdir.join("web")).unwrap();
    let builtin = include_str!("../templates/web/index.hbs");
    std::fs::write(
        tdir.join("web/index.hbs"),
        builtin.replace("各部の使命・目標</h2>", "部ごとの目標（差し替え）</h2>"),
    )
    .unwrap();
    let cfg = std::fs::read_to_string(input.join("hoshin.toml")).unwrap()
        + &format!("\n[templates]\ndir = \"{}\"\n", tdir.display());
    std::fs::write(input.join("hoshin.toml"), cfg).unwrap();
    let out = dir.path().join("out");
    assert!(build(&input, &out).status.success());
    assert!(std::fs::read_to_string(out.join("web/index.html"))
        .unwrap()
        .contains("部ごとの目標（差し替え）"));

    std::fs::write(
        tdir.join("web/index.hbs"),
        "<h1>{{title}}</h1>\n<p>{{#each departments}}{{name}}</p>\n",
    )
    .unwrap();
    let o = build(&input, &dir.path().join("out2"));
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("web/index.hbs") && err.contains("行目"),
        "{err}"
    );
}
