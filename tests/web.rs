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
        .env("SOURCE_DATE_EPOCH", "1049155200")
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
        8 + 3,
        "{:?}",
        pages.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    assert!(web.join("style.css").is_file());
    for e in std::fs::read_dir(&web).unwrap() {
        let name = e.unwrap().file_name();
        let name = name.to_str().unwrap();
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(&b)),
            "{name}: not an ASCII name"
        );
    }
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
                && html.contains("<main id=\"main\""),
            "{name}: skip link"
        );
        // No external resources: the only address outside is the city's home (a link).
        assert_eq!(
            html.matches("https://").count(),
            html.matches("<a href=\"https://www.city.mitaka.lg.jp/\">")
                .count(),
            "{name}: no external resources"
        );
        assert!(!html.contains("http://"), "{name}");
        // Every page: its date, the contact box, breadcrumbs from the city's home
        // ending in the page itself; no 「－」 read as 「マイナス」.
        assert!(
            html.contains(
                "<p class=\"dates\">掲載日：<time datetime=\"2003-04-01\">2003年4月1日</time>"
            ),
            "{name}: 掲載日"
        );
        assert!(
            html.contains("<h2 id=\"contact-heading\">このページに関するお問い合わせ</h2>")
                && html.contains("<a href=\"tel:0422451151\">0422-45-1151</a>")
                && html.contains("〒181-8555"),
            "{name}: contact box"
        );
        let crumbs = &html[html.find("<nav class=\"crumbs").expect("breadcrumbs")..];
        let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
        assert!(
            crumbs.contains("<li><a href=\"https://www.city.mitaka.lg.jp/\">三鷹市トップ</a></li>")
                && crumbs.contains(&format!("<a href=\"{name}\" aria-current=\"page\">")),
            "{name}: {crumbs}"
        );
        assert!(!html.contains('－'), "{name}: 「－」");
        assert!(
            html.contains("name=\"viewport\""),
            "{name}: readable on a phone"
        );
        // Every local link resolves, to a file and to an id in it.
        for (i, _) in html.match_indices("href=\"") {
            let target = &html[i + 6..i + 6 + html[i + 6..].find('"').unwrap()];
            if target.starts_with("https://") || target.starts_with("tel:") {
                continue;
            }
            let (file, id) = target.split_once('#').unwrap_or((target, ""));
            let file = file.split('?').next().unwrap();
            let page = if file.is_empty() { name.as_str() } else { file };
            assert!(web.join(page).is_file(), "{name}: link to missing {target}");
            if !id.is_empty() && id != "top" {
                let text = std::fs::read_to_string(web.join(page)).unwrap();
                assert!(
                    text.contains(&format!("id=\"{id}\"")),
                    "{name}: no #{id} in {page}"
                );
            }
        }
    }
    let css = std::fs::read_to_string(web.join("style.css")).unwrap();
    assert!(css.contains("@media print") && css.contains("@page { size: A4;"));
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
        let link = format!("\">{}</a></h3>", escape(&d.name));
        let at = index.find(&link).expect("department on the index");
        let file = &index[index[..at].rfind('"').unwrap() + 1..at];
        let html = std::fs::read_to_string(web.join(file)).unwrap();
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
    let html = std::fs::read_to_string(out.join("web/dept-01.html")).unwrap();
    assert!(
        !html.contains("<script>alert"),
        "markup must not reach the page"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;市民&quot;"),
        "escaped text shown"
    );
    // File names come from 掲載順, whatever the 部名.
    let names: Vec<String> = pages(&out.join("web")).into_iter().map(|p| p.0).collect();
    assert_eq!(
        names,
        [
            "accessibility.html",
            "dept-01.html",
            "dept-02.html",
            "index.html",
            "indicators.html"
        ]
    );
    let two = std::fs::read_to_string(out.join("web/dept-02.html")).unwrap();
    assert!(two.contains("<h1>../総務/部の「"), "{two}");
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

/// `398KB` as the index writes a size.
fn kb(path: &Path) -> String {
    let n = std::fs::metadata(path).unwrap().len();
    assert!(n < 1024 * 1024);
    format!("{}KB", n.div_ceil(1024))
}

#[test]
fn index_links_the_pdfs_and_the_newsletter_with_their_sizes_after_they_are_made() {
    let dir = build_samples("booklet,newsletter,web");
    let out = dir.path();
    let index = std::fs::read_to_string(out.join("web/index.html")).unwrap();
    let expected = [
        ("booklet.pdf", "冊子「各部の運営方針と目標」全文", "PDF形式"),
        ("newsletter.pdf", "広報掲載記事", "PDF形式"),
        (
            "newsletter.html",
            "広報掲載記事（ウェブページ）",
            "HTML形式",
        ),
        ("newsletter.txt", "広報掲載記事（テキスト）", "テキスト形式"),
    ];
    let mut at = 0;
    for (file, label, kind) in expected {
        let link = format!(
            "<li><a href=\"../{file}\">{label}（{kind}、{}）</a></li>",
            kb(&out.join(file))
        );
        let i = index
            .find(&link)
            .unwrap_or_else(|| panic!("{link}\n{index}"));
        assert!(i > at, "{file} in order");
        at = i;
    }
    // A later build of the site alone still links them: they are in the folder.
    let o = build(&samples(), out);
    assert!(o.status.success());
    let again = std::fs::read_to_string(out.join("web/index.html")).unwrap();
    assert_eq!(again, index);
    assert!(build(&samples(), out).status.success());
    assert_eq!(
        std::fs::read_to_string(out.join("web/index.html")).unwrap(),
        index
    );
    // … but not a file that is gone.
    std::fs::remove_file(out.join("booklet.pdf")).unwrap();
    assert!(build(&samples(), out).status.success());
    let without = std::fs::read_to_string(out.join("web/index.html")).unwrap();
    assert!(!without.contains("booklet.pdf") && without.contains("../newsletter.pdf"));
    // The open data, when the folder has it (`OutputKind::OpenData` writes it there),
    // under its own heading: the workbook, the description, the tables in their order.
    std::fs::create_dir(out.join("opendata")).unwrap();
    for (f, n) in [
        ("indicators.csv", 3000),
        ("datapackage.json", 100),
        ("departments.csv", 1500),
        ("opendata.xlsx", 40_000),
    ] {
        std::fs::write(out.join("opendata").join(f), vec![b'x'; n]).unwrap();
    }
    assert!(build(&samples(), out).status.success());
    let open = std::fs::read_to_string(out.join("web/index.html")).unwrap();
    let list = &open[open
        .find("<h2 id=\"opendata\">オープンデータ</h2>")
        .expect("open data")..];
    let links: Vec<&str> = list
        .match_indices("<li><a href=\"")
        .map(|(i, _)| {
            let rest = &list[i + 13..];
            &rest[..rest.find("</a>").unwrap()]
        })
        .collect();
    assert_eq!(
        links,
        [
            "../opendata/opendata.xlsx\">オープンデータ（全表）（Excel形式、40KB）",
            "../opendata/datapackage.json\">オープンデータの説明（Data Package）（JSON形式、1KB）",
            "../opendata/departments.csv\">オープンデータ：部（CSV形式、2KB）",
            "../opendata/indicators.csv\">オープンデータ：目標指標（CSV形式、3KB）",
        ]
    );
    // The site alone, into an empty folder: no downloads section at all.
    let fresh = tempfile::tempdir().unwrap();
    assert!(build(&samples(), fresh.path()).status.success());
    let bare = std::fs::read_to_string(fresh.path().join("web/index.html")).unwrap();
    assert!(
        !bare.contains("<ul class=\"downloads\">") && !bare.contains("opendata"),
        "{bare}"
    );
}

#[test]
fn web_settings_year_folder_dates_contact_and_slugs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    copy_dir(&samples(), &input);
    let base = std::fs::read_to_string(input.join("hoshin.toml")).unwrap();
    let extra = "year_folder = true\npublished = \"2003-03-20\"\nhome_name = \"三鷹市ホーム\"\n";
    let contact = "email = \"kikaku@city.example.jp\"\nform_url = \"https://www.city.example.jp/form?id=1&x=2\"\n";
    let cfg = base
        .replace("[web]\n", &format!("[web]\n{extra}"))
        .replace("[web.contact]\n", &format!("[web.contact]\n{contact}"));
    std::fs::write(input.join("hoshin.toml"), &cfg).unwrap();
    let out = dir.path().join("out");
    let o = build(&input, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let web = out.join("web/2003");
    assert!(web.join("dept-04-seikatsu-kankyo.html").is_file());
    assert!(!out.join("web/index.html").exists());
    for (name, html) in pages(&web) {
        assert!(
            html.contains("掲載日：<time datetime=\"2003-03-20\">2003年3月20日</time>")
                && html.contains("更新日：<time datetime=\"2003-04-01\">2003年4月1日</time>"),
            "{name}"
        );
        assert!(
            html.contains("<a href=\"mailto:kikaku@city.example.jp\">")
                && html.contains(
                    "<a href=\"https://www.city.example.jp/form?id&#x3D;1&amp;x&#x3D;2\">"
                ),
            "{name}"
        );
        assert!(html.contains(">三鷹市ホーム</a></li>"), "{name}");
    }
    // A department page's contact box names the department and its own 問い合わせ先.
    let p = std::fs::read_to_string(web.join("dept-01-kikaku.html")).unwrap();
    assert!(p.contains("<p class=\"office\">企画部（企画経営室 内線2101）</p>"));

    for (bad, says) in [
        (
            "[web.slugs]\n\"企画部\" = \"Kikaku\"\n",
            "[web.slugs] の「企画部」",
        ),
        (
            "[web.slugs]\n\"企画課\" = \"kikaku\"\n",
            "「企画課」という部はありません",
        ),
        ("published = \"2003/4/1\"\n", "published"),
        ("home_url = \"www.city.example.jp\"\n", "home_url"),
    ] {
        let cfg = if bad.starts_with('[') {
            base.replace("slugs = {", "# slugs = {") + bad
        } else {
            base.replace("home_url = ", "# home_url = ")
                .replace("[web]\n", &format!("[web]\n{bad}"))
        };
        std::fs::write(input.join("hoshin.toml"), cfg).unwrap();
        let o = build(&input, &dir.path().join("bad"));
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(says), "{bad}: {err}");
    }
}

#[test]
fn the_site_is_the_same_for_the_same_input() {
    let (a, b) = (build_samples("web"), build_samples("web"));
    for (name, html) in pages(&a.path().join("web")) {
        let other = std::fs::read_to_string(b.path().join("web").join(&name)).unwrap();
        assert!(other == html, "{name} differs between two builds");
    }
}

#[test]
fn the_accessibility_statement_names_the_checkers_the_browser_test_runs() {
    let dir = build_samples("web");
    let page = std::fs::read_to_string(dir.path().join("web/accessibility.html")).unwrap();
    let pins: serde_json::Value = serde_json::from_str(include_str!("web/package.json")).unwrap();
    let pins = &pins["devDependencies"];
    for (package, shown) in [("axe-core", "axe-core "), ("vnu-jar", "vnu ")] {
        let version = pins[package].as_str().unwrap();
        assert!(
            page.contains(&format!("{shown}{version}")),
            "{package} {version} on the statement"
        );
    }
    assert!(page.contains("390ピクセル") && page.contains("1280ピクセル"));
}
