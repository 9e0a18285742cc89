// Browser checks of the web edition, run by tests/web_browser.rs:
//   node browser.mjs SITE_DIR EXPECTED.json
// 1. the Nu HTML validator (vnu.jar) on every page and the stylesheet;
// 2. axe-core (WCAG 2.1 A/AA rules) on every page in headless Chromium;
// 3. a visitor's path: index → a department page → indicators.html, with the filter.
// Prints what it checked; exits 1 on the first failure.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const [site, expectedFile] = process.argv.slice(2);
const expected = JSON.parse(fs.readFileSync(expectedFile, "utf8"));
const pages = fs.readdirSync(site).filter((f) => f.endsWith(".html")).sort();
const fail = (msg) => { console.error("FAIL: " + msg); process.exit(1); };
const url = (f) => pathToFileURL(path.join(site, f)).href;

// 1. Nu validator: errors (and warnings) on every file.
const vnu = require.resolve("vnu-jar/build/dist/vnu.jar");
const files = [...pages.map((f) => path.join(site, f)), path.join(site, "style.css")];
try {
  execFileSync("java", ["-jar", vnu, "--format", "json", "--also-check-css", ...files], { stdio: "pipe" });
} catch (e) {
  const out = (e.stderr || e.stdout || "").toString();
  let messages = [];
  try { messages = JSON.parse(out).messages; } catch { fail("vnu: " + out); }
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
  const page = await browser.newPage();
  // 2. axe-core on every page.
  const axe = require.resolve("axe-core/axe.min.js");
  for (const f of pages) {
    await page.goto(url(f));
    await page.addScriptTag({ path: axe });
    const r = await page.evaluate(() => axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] }));
    if (r.violations.length) {
      fail(`axe on ${f}:\n` + r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`).join("\n"));
    }
  }
  console.log(`axe-core: ${pages.length} pages, no violations`);

  // 3. A visitor: the index lists every department with its headline.
  await page.goto(url("index.html"));
  for (const d of expected.departments) {
    const item = page.locator("ul.departments li", { hasText: d.name });
    if ((await item.count()) !== 1) fail(`index: ${d.name} listed ${await item.count()} times`);
    const text = await item.innerText();
    if (!text.includes(d.headline)) fail(`index: ${d.name} without its headline`);
  }
  // … follows a department's link …
  const d = expected.departments[0];
  await page.getByRole("link", { name: d.name, exact: true }).click();
  const h1 = await page.locator("h1").innerText();
  if (h1 !== `${d.name}の「${expected.title}」`) fail(`department page h1: ${h1}`);
  const projects = await page.locator("section.project h4").count();
  if (projects !== d.projects) fail(`${d.name}: ${projects} projects shown, ${d.projects} expected`);
  // … goes to the indicators page …
  await page.getByRole("link", { name: "目標指標の一覧" }).click();
  const rows = page.locator("table.all tbody tr");
  const visible = async () => (await rows.evaluateAll((rs) => rs.filter((r) => !r.hidden).length));
  if ((await rows.count()) !== expected.indicators) fail(`indicators: ${await rows.count()} rows`);
  if (!(await page.locator("#filter").isVisible())) fail("the filter is not shown with JavaScript");
  // … and filters by department, then by status too.
  await page.selectOption("#filter-dept", d.name);
  if ((await visible()) !== d.indicators) fail(`filter by ${d.name}: ${await visible()} rows, ${d.indicators} expected`);
  await page.selectOption("#filter-status", "達成");
  if ((await visible()) !== d.achieved) fail(`filter ${d.name} + 達成: ${await visible()} rows, ${d.achieved} expected`);
  const shown = await rows.evaluateAll((rs) => rs.filter((r) => !r.hidden).map((r) => r.dataset.dept + "/" + r.dataset.status));
  if (shown.some((s) => s !== `${d.name}/達成`)) fail("filter shows other rows: " + shown);
  const status = await page.locator("#filter-count").innerText();
  if (!status.startsWith(String(d.achieved))) fail("filter count: " + status);
  await page.selectOption("#filter-dept", "");
  await page.selectOption("#filter-status", "");
  if ((await visible()) !== expected.indicators) fail("filter reset");
  console.log(`visitor: index → ${d.name} (${projects} projects) → indicators (${expected.indicators}; ${d.indicators} for ${d.name}, ${d.achieved} 達成)`);
} finally {
  await browser.close();
}
