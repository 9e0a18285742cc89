// Browser checks of the web edition, run by tests/web_browser.rs:
//   node browser.mjs OUT_DIR SITE_DIR EXPECTED.json
// 1. the Nu HTML validator (vnu.jar) on every page, the stylesheet and newsletter.html;
// 2. axe-core (WCAG 2.0/2.1/2.2 A and AA, and best practice) on every page and on
//    newsletter.html, at a phone's width (390 px) and a desktop's (1280 px); at both,
//    nothing scrolls sideways (at 390 px every table of a department page is checked);
//    at 1280 px no table cell is narrower than its first four characters;
//    every page shows 掲載日, a contact box, breadcrumbs ending in aria-current;
// 3. the keyboard focus outline against its background (≥ 3:1);
// 4. a visitor's path: index → a department page → its indicators (filter in the URL),
//    the filter, 該当なし;
// 5. printing indicators.html to PDF (A4, no blank page, filtered rows left out).
// Prints what it checked; exits 1 on the first failure.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const [out, site, expectedFile] = process.argv.slice(2);
const expected = JSON.parse(fs.readFileSync(expectedFile, "utf8"));
const pages = fs.readdirSync(site).filter((f) => f.endsWith(".html")).sort();
const newsletter = path.join(out, "newsletter.html");
const fail = (msg) => { console.error("FAIL: " + msg); process.exit(1); };
const url = (f) => pathToFileURL(path.isAbsolute(f) ? f : path.join(site, f)).href;

// 1. Nu validator: errors (and warnings) on every file.
const vnu = require.resolve("vnu-jar/build/dist/vnu.jar");
const files = [...pages.map((f) => path.join(site, f)), path.join(site, "style.css"), newsletter];
try {
  execFileSync("java", ["-jar", vnu, "--format", "json", "--also-check-css", ...files], { stdio: "pipe" });
} catch (e) {
  const text = (e.stderr || e.stdout || "").toString();
  let messages = [];
  try { messages = JSON.parse(text).messages; } catch { fail("vnu: " + text); }
  const bad = messages.filter((m) => m.type === "error" || m.subType === "warning");
  if (bad.length) fail("Nu validator:\n" + bad.map((m) => `${m.url} ${m.lastLine}: ${m.message}`).join("\n"));
}
console.log(`Nu validator: ${files.length} files, no errors or warnings`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
try {
  // 2. axe-core and the layout, on every page at both widths.
  const axe = require.resolve("axe-core/axe.min.js");
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
  let tables = 0;
  for (const width of [390, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const f of [...pages, newsletter]) {
      const name = path.basename(f);
      await page.goto(url(f));
      await page.addScriptTag({ path: axe });
      const r = await page.evaluate((tags) => axe.run(document, { runOnly: tags, resultTypes: ["violations"] }), tags);
      if (r.violations.length) {
        fail(`axe at ${width} px on ${name}:\n` + r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`).join("\n"));
      }
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (wide > 0) fail(`${name} at ${width} px scrolls sideways by ${wide} px`);
      if (f === newsletter) continue;
      // Every table of a department page fits the phone: nothing inside scrolls either.
      if (width === 390 && name.startsWith("dept-")) {
        const over = await page.$$eval("table", (ts) => ts.map((t) => ({
          caption: t.caption ? t.caption.innerText : "",
          right: t.getBoundingClientRect().right, scroll: t.scrollWidth - t.clientWidth,
          cells: [...t.querySelectorAll(":scope > tbody > tr > *, :scope > tfoot > tr > *")].filter((c) => c.scrollWidth > c.clientWidth + 1).length,
        })));
        tables += over.length;
        const bad = over.filter((t) => t.right > 390 || t.scroll > 0 || t.cells > 0);
        if (bad.length) fail(`${name} at 390 px: tables wider than the screen: ${JSON.stringify(bad)}`);
      }
      // At desktop width the columns take their width from their content: no cell
      // narrower than its first four characters (the old list had 「企/画/部」).
      if (width === 1280) {
        const narrow = await page.$$eval("table th, table td", (cs) => {
          const ctx = document.createElement("canvas").getContext("2d");
          return cs.filter((c) => {
            const s = getComputedStyle(c);
            const inner = c.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
            const shown = c.cloneNode(true);
            shown.querySelectorAll(".visually-hidden").forEach((h) => h.remove());
            ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
            const first = [...shown.textContent.trim()].slice(0, 4).join("");
            return c.getClientRects().length > 0 && inner + 1 < ctx.measureText(first).width;
          }).map((c) => c.innerText);
        });
        if (narrow.length) fail(`${name} at 1280 px: squeezed cells: ${narrow.slice(0, 5)}`);
      }
      const shown = await page.evaluate(() => {
        const visible = (e) => !!e && e.getClientRects().length > 0;
        const contact = document.querySelector("section.contact");
        const crumbs = [...document.querySelectorAll("nav.crumbs ol > li")];
        const last = crumbs.length ? crumbs[crumbs.length - 1].querySelector("a") : null;
        return {
          date: visible(document.querySelector(".dates time")) && /掲載日：\d{4}年\d{1,2}月\d{1,2}日/.test(document.querySelector(".dates").innerText),
          contact: visible(contact) && contact.querySelector("h2").innerText === "このページに関するお問い合わせ" && /代表電話/.test(contact.innerText),
          crumbs: crumbs.length >= 2 && visible(crumbs[0]) && !!last && last.getAttribute("aria-current") === "page" && last.getAttribute("href") === location.pathname.split("/").pop(),
        };
      });
      for (const [k, ok] of Object.entries(shown)) if (!ok) fail(`${name} at ${width} px: no ${k}`);
    }
    await page.close();
  }
  console.log(`axe-core: ${pages.length} pages and newsletter.html at 390 and 1280 px, no violations; none scrolls sideways (${tables} department tables at 390 px); no squeezed cell at 1280 px; every page shows 掲載日, the contact box and breadcrumbs`);

  // 3. Focus: the outline of a link in the text and of one on the blue header.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url("index.html"));
  const lum = (c) => {
    const [r, g, b] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => v / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  for (const sel of ["ul.departments a", "header.site nav a"]) {
    await page.focus(sel);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    const o = await page.$eval(":focus", (e) => {
      let bg = "rgba(0, 0, 0, 0)";
      for (let p = e; p && /rgba\(.*, 0\)|transparent/.test(bg); p = p.parentElement) bg = getComputedStyle(p).backgroundColor;
      if (/rgba\(.*, 0\)|transparent/.test(bg)) bg = "rgb(255, 255, 255)";
      const s = getComputedStyle(e);
      return { color: s.outlineColor, width: parseFloat(s.outlineWidth), style: s.outlineStyle, bg, tag: e.tagName };
    });
    const c = ratio(o.color, o.bg);
    if (o.style === "none" || o.width < 2 || c < 3) fail(`focus outline of ${sel}: ${JSON.stringify(o)}, contrast ${c.toFixed(2)}`);
    console.log(`focus: ${sel} ${o.width}px ${o.color} on ${o.bg}, ${c.toFixed(1)}:1`);
  }

  // 4. A visitor: the index lists every department with its headline, and the files.
  for (const d of expected.departments) {
    const item = page.locator("ul.departments li", { hasText: d.name });
    if ((await item.count()) !== 1) fail(`index: ${d.name} listed ${await item.count()} times`);
    const text = await item.innerText();
    if (!text.includes(d.headline)) fail(`index: ${d.name} without its headline`);
  }
  const hrefs = await page.$$eval("ul.departments h3 a", (as) => as.map((a) => a.getAttribute("href")));
  expected.departments.forEach((x, i) => { x.key = hrefs[i].replace(/\.html$/, ""); });
  if (!hrefs.every((h) => /^[a-z0-9-]+\.html$/.test(h))) fail("department files not ASCII: " + hrefs);
  const downloads = await page.$$eval("ul.downloads a", (as) => as.map((a) => a.getAttribute("href") + " " + a.innerText));
  for (const f of ["booklet.pdf", "newsletter.pdf", "newsletter.html"]) {
    if (!downloads.some((d) => d.startsWith("../" + f + " ") && /（.+形式、[\d.]+[KM]B）$/.test(d))) fail(`index: no link to ${f} with its size: ${downloads}`);
  }
  // … follows a department's link …
  const d = expected.departments[0];
  await page.getByRole("link", { name: d.name, exact: true }).click();
  const h1 = await page.locator("h1").innerText();
  if (h1 !== `${d.name}の「${expected.title}」`) fail(`department page h1: ${h1}`);
  const projects = await page.locator("section.project h4").count();
  if (projects !== d.projects) fail(`${d.name}: ${projects} projects shown, ${d.projects} expected`);
  const toc = await page.locator("nav.toc ol ol a").count();
  if (toc !== d.projects) fail(`${d.name}: contents list ${toc} projects`);
  // … goes to its indicators: the list opens filtered to the department …
  await page.locator("nav.toc").getByRole("link", { name: `${d.name}の目標指標` }).click();
  const rows = page.locator("table.all tbody tr");
  const visible = async () => (await rows.evaluateAll((rs) => rs.filter((r) => !r.hidden).length));
  if ((await rows.count()) !== expected.indicators) fail(`indicators: ${await rows.count()} rows`);
  if (!(await page.locator("#filter").isVisible())) fail("the filter is not shown with JavaScript");
  if ((await visible()) !== d.indicators) fail(`from ${d.name}'s page: ${await visible()} rows, ${d.indicators} expected`);
  // … and filters by status too; the address keeps the filter.
  await page.selectOption("#filter-status", "達成");
  if ((await visible()) !== d.statuses["達成"]) fail(`filter ${d.name} + 達成: ${await visible()} rows, ${d.statuses["達成"]} expected`);
  const shownRows = await rows.evaluateAll((rs) => rs.filter((r) => !r.hidden).map((r) => r.querySelector("td").innerText + "/" + r.dataset.status));
  if (shownRows.some((s) => s !== `${d.name}/達成`)) fail("filter shows other rows: " + shownRows);
  const status = await page.locator("#filter-count").innerText();
  if (!status.startsWith(String(d.statuses["達成"]))) fail("filter count: " + status);
  const query = new URL(page.url()).searchParams;
  if (query.get("status") !== "達成" || !query.get("dept")) fail("the filter is not in the address: " + page.url());
  // A filter that matches nothing says so.
  const empty = expected.departments.flatMap((x) => Object.entries(x.statuses).filter(([, n]) => n === 0).map(([s]) => [x.name, s]))[0];
  if (empty) {
    await page.selectOption("#filter-dept", { label: empty[0] });
    await page.selectOption("#filter-status", empty[1]);
    if ((await visible()) !== 0 || !(await page.locator("#filter-none").isVisible())) fail(`${empty}: 該当なし not shown`);
  }
  await page.selectOption("#filter-dept", "");
  await page.selectOption("#filter-status", "");
  if ((await visible()) !== expected.indicators) fail("filter reset");
  if (await page.locator("#filter-none").isVisible()) fail("該当なし shown with every row");
  console.log(`visitor: index → ${d.name} (${projects} projects) → its indicators (${d.indicators} of ${expected.indicators}; ${d.statuses["達成"]} 達成; ${empty ? empty.join(" + ") + ": 該当なし" : "no empty combination"})`);

  // Without JavaScript: no filter, every row.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await nojs.newPage();
  await plain.goto(url("indicators.html"));
  const plainRows = await plain.locator("table.all tbody tr:visible").count();
  if (plainRows !== expected.indicators || (await plain.locator("#filter").isVisible())) fail(`without JavaScript: ${plainRows} rows shown`);
  await nojs.close();
  console.log(`without JavaScript: all ${plainRows} rows, no filter`);

  // 5. Print: A4 pages, none blank, the filter's hidden rows left out.
  const print = async (address, file) => {
    await page.goto(address);
    await page.emulateMedia({ media: "print" });
    const pdf = path.join(path.dirname(expectedFile), file);
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    const info = execFileSync("pdfinfo", [pdf]).toString();
    const n = Number(info.match(/Pages:\s+(\d+)/)[1]);
    const size = (info.match(/Page size:.*/) || [""])[0];
    if (!/\(A4\)/.test(size)) fail(`${file}: not A4: ${size}`);
    const texts = [];
    for (let i = 1; i <= n; i++) {
      const t = execFileSync("pdftotext", ["-f", String(i), "-l", String(i), "-layout", pdf, "-"]).toString();
      if (!t.trim()) fail(`${file}: page ${i} of ${n} is blank`);
      texts.push(t);
    }
    return texts;
  };
  const all = await print(url("indicators.html"), "all.pdf");
  if (!all[0].includes("目標指標と達成状況の一覧")) fail("print: the first page lacks the heading");
  const other = expected.departments[1];
  const one = await print(url("indicators.html") + "?dept=" + expected.departments[0].key, "one.pdf");
  const text = one.join("\n");
  if (text.includes(other.name)) fail(`print of ${d.name}'s rows shows ${other.name}'s`);
  if (text.split(d.name).length - 1 < d.indicators) fail(`print of ${d.name}'s rows lacks some of them`);
  if (!all.join("\n").includes(other.name)) fail("print of every row lacks " + other.name);
  console.log(`print: indicators.html ${all.length} A4 pages, none blank; filtered to ${d.name}: ${one.length} pages, only its rows`);
} finally {
  await browser.close();
}
