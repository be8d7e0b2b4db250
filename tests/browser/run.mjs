// The residents' browser suite: builds the example site, serves it on
// 127.0.0.1, and opens every page in headless Chromium.
//
// Every page must pass axe-core at WCAG 2.2 AA at 1280 and 320 px, fit a
// 320 px screen without sideways scrolling, and make no request to any
// other host. Then the
// features residents rely on are tried the way a resident would.
//
//   node run.mjs            (after `cargo build --release` and `npm ci`)
//
// ONLY=text limits the page sweep to paths containing text.
// LAMPLIGHT names the binary (default: ../../target/release/lamplight);
// CHROMIUM names the browser (default: /usr/bin/chromium).

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const failures = [];
const fail = (where, what) => failures.push(`${where}: ${what}`);

// --- Build the example site for this address -------------------------------

const server = http.createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const out = fs.mkdtempSync(path.join(os.tmpdir(), "lamplight-browser-"));
const binary = process.env.LAMPLIGHT ?? path.join(repo, "target/release/lamplight");
// SITE=dir sweeps another site (the starter `new site` writes, in CI) with
// the page checks only: the residents' checks below are about the example.
const site = process.env.SITE ?? repo;
execFileSync(
  binary,
  ["build", "--root", site, "--output-dir", path.join(out, "public"), "--base-url", `${origin}/`],
  { stdio: "inherit" },
);
const publicDir = path.join(out, "public");

// --- Serve it as a static host would ---------------------------------------

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ics": "text/calendar; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

function fileFor(urlPath) {
  const decoded = decodeURIComponent(urlPath.split("?")[0]);
  const candidate = path.normalize(path.join(publicDir, decoded));
  if (!candidate.startsWith(publicDir)) return null;
  for (const file of [candidate, path.join(candidate, "index.html")]) {
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  }
  return null;
}

/// The headers `_headers` gives every path, as Netlify or Cloudflare Pages
/// would send them, so the policy is tried as a header as well as a meta tag.
function hostHeaders() {
  const headers = {};
  const file = path.join(publicDir, "_headers");
  if (!fs.existsSync(file)) return headers;
  let applies = false;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.startsWith(" ")) applies = line.trim() === "/*";
    else if (applies && line.includes(":")) {
      const at = line.indexOf(":");
      headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  return headers;
}
const sent = hostHeaders();
if (!sent["Content-Security-Policy"]) fail("_headers", "no Content-Security-Policy");

server.on("request", (request, response) => {
  const file = fileFor(request.url);
  const status = file ? 200 : 404;
  const body = fs.readFileSync(file ?? path.join(publicDir, "404.html"));
  const type = TYPES[path.extname(file ?? ".html")] ?? "application/octet-stream";
  response.writeHead(status, { ...sent, "Content-Type": type });
  response.end(body);
});

// --- Every page the theme rendered -----------------------------------------

function pages() {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".html")) {
        const html = fs.readFileSync(full, "utf8");
        // Alias pages only redirect; the page they point to is checked.
        if (/http-equiv="refresh"/.test(html)) continue;
        const relative = path.relative(publicDir, full).split(path.sep).join("/");
        found.push("/" + relative.replace(/(^|\/)index\.html$/, "$1"));
      }
    }
  };
  walk(publicDir);
  return found.sort();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

/// A browser context that records any request leaving 127.0.0.1.
async function context(options = {}) {
  const ctx = await browser.newContext(options);
  ctx.on("request", (request) => {
    const url = new URL(request.url());
    if (!["http:", "https:"].includes(url.protocol)) return;
    if (url.origin !== origin) fail(request.frame()?.url() ?? "?", `request to ${request.url()}`);
  });
  return ctx;
}

/// Notes Content-Security-Policy violations: inline code the policy blocks
/// means a feature silently does not work.
function watchConsole(page, where) {
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) {
      fail(where, `blocked by the Content-Security-Policy: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => fail(where, `script error: ${error.message}`));
}

const started = Date.now();
// ONLY=schemes checks just the pages whose path contains "schemes".
const all = pages().filter((p) => p.includes(process.env.ONLY ?? ""));
const desktop = await context({ viewport: { width: 1280, height: 900 } });
const phone = await context({ viewport: { width: 320, height: 640 } });

/// Runs axe-core on the page as it is now, failing `where` for each violation.
async function axeCheck(where, page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) => globalThis.axe.run(document, { runOnly: { type: "tag", values: tags } }),
    AXE_TAGS,
  );
  for (const violation of result.violations) {
    const targets = violation.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ");
    fail(where, `axe ${violation.id} (${violation.impact}): ${violation.help} — ${targets}`);
  }
}

/// How far the page scrolls sideways, in CSS pixels.
function sidewaysScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/// Runs axe-core at desktop width and at 320 px (400% zoom), and measures
/// sideways scroll at 320 px.
async function sweep(pagePath, wide, narrow) {
  const url = origin + pagePath;
  await wide.goto(url);
  await axeCheck(pagePath, wide);
  await narrow.goto(url);
  await axeCheck(`${pagePath} at 320 px`, narrow);
  const overflow = await sidewaysScroll(narrow);
  if (overflow > 0) fail(pagePath, `scrolls sideways by ${overflow} px at 320 px wide`);
}

// A few tabs at once: page loads wait on the network and the renderer,
// not only on this process.
const queue = [...all];
await Promise.all(
  Array.from({ length: 4 }, async () => {
    const wide = await desktop.newPage();
    const narrow = await phone.newPage();
    watchConsole(wide, "desktop");
    watchConsole(narrow, "320 px");
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      await sweep(next, wide, narrow);
    }
    await wide.close();
    await narrow.close();
  }),
);
console.log(`axe-core (${AXE_TAGS.join(", ")}) at 1280 and 320 px, and 320 px width: ${all.length} pages`);

// --- What residents do ------------------------------------------------------

async function check(name, body) {
  if (process.env.SITE) return;
  const page = await desktop.newPage();
  watchConsole(page, name);
  try {
    await body(page);
    console.log(`ok: ${name}`);
  } catch (error) {
    fail(name, error.message);
  } finally {
    await page.close();
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

await check("Tab reaches the skip link first", async (page) => {
  await page.goto(origin + "/");
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => ({
    text: document.activeElement.textContent.trim(),
    first: document.body.firstElementChild === document.activeElement,
  }));
  expect(focused.text === "Skip to main content", `Tab focused "${focused.text}"`);
  expect(focused.first, "the skip link is not the first element of <body>");
  await page.keyboard.press("Enter");
  const target = await page.evaluate(() => document.activeElement.id);
  expect(target === "main", `Enter on the skip link focused #${target}, not #main`);
});

await check("after the skip link, the page is not lit up as focused", async (page) => {
  await page.goto(origin + "/");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const background = await page.evaluate(() => getComputedStyle(document.activeElement).backgroundColor);
  expect(/rgba\(0, 0, 0, 0\)|transparent/.test(background), `main's background is ${background} once focused`);
});

/// Every stop that Tab (or Shift+Tab) makes on `pagePath` in `ctx`, with
/// whether the exit bar hides it entirely (WCAG 2.2 SC 2.4.11).
async function focusStops(ctx, pagePath, backwards) {
  const page = await ctx.newPage();
  await page.goto(origin + pagePath);
  if (backwards) await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const hidden = [];
  let stops = 0;
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const bar = document.querySelector(".quick-exit");
      if (!bar || bar.contains(el)) return { what: el.outerHTML.slice(0, 60), hidden: false, first: el.classList.contains("skip-link") };
      const a = el.getBoundingClientRect();
      const points = [[a.left + a.width / 2, a.top + a.height / 2], [a.left + 1, a.top + 1], [a.right - 1, a.bottom - 1]];
      const covered = points.every(([x, y]) => {
        const top = document.elementFromPoint(x, Math.min(Math.max(y, 0), innerHeight - 1));
        return top !== null && bar.contains(top);
      });
      return { what: el.outerHTML.slice(0, 60), hidden: a.height > 0 && covered, first: el.classList.contains("skip-link") };
    });
    if (stop === null) continue;
    stops += 1;
    if (stop.hidden) hidden.push(stop.what);
    if (i > 3 && stop.first) break;
  }
  await page.close();
  return { stops, hidden };
}

await check("nothing focused is hidden under the exit bar, tabbing either way, on a phone and a desktop", async () => {
  for (const [width, height] of [[1280, 900], [360, 640], [320, 225]]) {
    const ctx = await context({ viewport: { width, height } });
    for (const pagePath of ["/schemes/j9/", "/priorities/safeguarding-vulnerable-people/"]) {
      for (const backwards of [false, true]) {
        const { stops, hidden } = await focusStops(ctx, pagePath, backwards);
        expect(stops > 20, `${pagePath} at ${width} px: only ${stops} focus stops`);
        expect(hidden.length === 0, `${pagePath} at ${width}x${height}, ${backwards ? "Shift+Tab" : "Tab"}: ${hidden.length} of ${stops} stops under the exit bar: ${hidden.slice(0, 3).join("; ")}`);
      }
    }
    // The bar keeps to a short row, and a link within the page does not
    // put its heading under it.
    const page = await ctx.newPage();
    await page.goto(origin + "/schemes/j9/");
    const bar = await page.evaluate(() => document.querySelector(".quick-exit").getBoundingClientRect().height);
    expect(bar <= Math.max(64, height * 0.25), `the exit bar is ${bar} px tall at ${width}x${height}`);
    const link = page.locator(".toc a").last();
    const target = decodeURIComponent((await link.getAttribute("href")).split("#")[1]);
    await link.click();
    const top = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, target);
    expect(top >= bar, `"On this page" put #${target} at ${top} px, under the ${bar} px bar, at ${width}x${height}`);
    await ctx.close();
  }
});

await check("charts' text is 12 px or more at 320, 360 and 1280 px, and tables scroll in named regions", async () => {
  for (const width of [320, 360, 1280]) {
    const ctx = await context({ viewport: { width, height: 800 } });
    const page = await ctx.newPage();
    // The funding page has a table and no chart: its years are not alike.
    for (const [pagePath, charted] of [["/plans/2017-18/", true], ["/priorities/anti-social-behaviour/", true], ["/about/funding/", false]]) {
      await page.goto(origin + pagePath);
      const sizes = await page.evaluate(() =>
        [...document.querySelectorAll("svg.chart")]
          .filter((svg) => svg.getBoundingClientRect().width > 0)
          .flatMap((svg) => [...svg.querySelectorAll("text")].map((t) => t.getBoundingClientRect().height)),
      );
      if (charted) {
        expect(sizes.length > 0, `no chart shown on ${pagePath} at ${width} px`);
        const smallest = Math.min(...sizes);
        // A glyph box is taller than the type's size: 12 px type is about 14 px.
        expect(smallest >= 13.5, `chart text ${smallest.toFixed(1)} px high on ${pagePath} at ${width} px`);
      }
      const regions = await page.evaluate(() =>
        [...document.querySelectorAll(".table-wrap")].map((r) => ({
          focusable: r.tabIndex === 0,
          named: r.getAttribute("role") === "region" && (r.getAttribute("aria-label") || document.getElementById(r.getAttribute("aria-labelledby") ?? "")?.textContent || "").trim() !== "",
        })),
      );
      expect(regions.length > 0 && regions.every((r) => r.focusable && r.named), `tables on ${pagePath} are not all named, focusable regions`);
    }
    await ctx.close();
  }
});

await check("the breadcrumb's separators are not read aloud", async (page) => {
  await page.goto(origin + "/schemes/j9/");
  const content = await page.evaluate(() =>
    getComputedStyle(document.querySelector(".breadcrumbs li + li"), "::before").content,
  );
  expect(/\/\s*""$/.test(content), `the separator is ${content}, with words for a screen reader`);
});

await check("the J9 sign is shown at the size of a sign, not across the column", async (page) => {
  await page.goto(origin + "/schemes/j9/");
  const width = await page.evaluate(() => document.querySelector('main img[src$="j9-sign.svg"]').getBoundingClientRect().width);
  expect(width > 100 && width <= 224, `the sign is ${width} px wide at 1280 px`);
});

await check("on a desktop the header is the name and search on one row and the whole menu on the next; the officers' guide is in the footer", async (page) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(origin + "/");
  const header = await page.evaluate(() => {
    const box = (e) => e.getBoundingClientRect();
    const name = box(document.querySelector(".site-name"));
    const search = box(document.querySelector(".site-search"));
    const links = [...document.querySelectorAll(".site-nav a")].map((a) => ({ text: a.textContent, top: Math.round(box(a).top), shown: a.checkVisibility() }));
    return {
      searchBesideName: search.top < name.bottom && search.bottom > name.top,
      button: document.querySelector(".site-menu > summary").checkVisibility(),
      links,
      footer: [...document.querySelectorAll(".site-footer a")].map((a) => a.textContent),
    };
  });
  expect(header.searchBesideName, "the search box is not on the row of the site's name");
  expect(!header.button, "the phone's Menu button shows on a desktop");
  expect(header.links.length > 3 && header.links.every((l) => l.shown), `menu links hidden on a desktop: ${JSON.stringify(header.links)}`);
  expect(new Set(header.links.map((l) => l.top)).size === 1, `the menu wraps onto more than one row: ${JSON.stringify(header.links)}`);
  expect(!header.links.some((l) => /officers/i.test(l.text)), "the officers' guide is in the residents' menu");
  expect(header.footer.some((text) => /officers/i.test(text)), "the officers' guide is not in the footer");
});

await check("on a phone the menu folds behind a button beside the name, which opens it without JavaScript", async () => {
  const off = await context({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const page = await off.newPage();
  await page.goto(origin + "/priorities/");
  const firstLink = page.locator(".site-nav a").first();
  expect(await firstLink.isHidden(), "the menu is open before it is asked for");
  const button = page.locator(".site-menu > summary");
  const [buttonBox, nameBox] = [await button.boundingBox(), await page.locator(".site-name span").boundingBox()];
  expect(buttonBox.width >= 44 && buttonBox.height >= 44, `the Menu button is ${buttonBox.width}x${buttonBox.height} px, under 44x44`);
  expect(buttonBox.y < nameBox.y + nameBox.height && buttonBox.x >= nameBox.x + nameBox.width - 1, "the Menu button is not beside the site's name");
  await button.focus();
  await page.keyboard.press("Enter");
  expect(await firstLink.isVisible(), "Enter on the Menu button does not show the menu");
  const current = await page.locator('.site-nav a[aria-current]').textContent();
  expect(/priorities/i.test(current), `the open menu marks "${current}" as where the reader is`);
  await button.click();
  expect(await firstLink.isHidden(), "a second press does not fold the menu away");
  await off.close();
});

await check("on a 360 px phone each page's title starts in the first screen, and help numbers are large targets", async () => {
  const phone = await context({ viewport: { width: 360, height: 740 } });
  const page = await phone.newPage();
  const late = [];
  for (const pagePath of ["/", "/priorities/anti-social-behaviour/", "/schemes/j9/", "/plans/2017-18/", "/search/"]) {
    await page.goto(origin + pagePath);
    const top = await page.evaluate(() => document.querySelector("main h1").getBoundingClientRect().top);
    if (top > 740 - 48) late.push(`${pagePath}: the title starts at ${Math.round(top)} px`);
    for (const box of await page.locator(".help-numbers a").evaluateAll((links) => links.map((a) => a.getBoundingClientRect()))) {
      if (box.width < 44 || box.height < 28) late.push(`${pagePath}: a help number is a ${Math.round(box.width)}x${Math.round(box.height)} px target`);
    }
  }
  expect(late.length === 0, late.join("; "));
  await phone.close();
});

await check("pages work with JavaScript off", async () => {
  const off = await context({ javaScriptEnabled: false });
  const page = await off.newPage();
  await page.goto(origin + "/schemes/");
  const links = await page.locator("main a").count();
  expect(links > 5, `the schemes list shows ${links} links without JavaScript`);
  await off.close();
});

await check("search finds J9 for \"domestic abuse\" and says how many pages match", async (page) => {
  await page.goto(origin + "/search/");
  await page.fill("#search-input", "domestic abuse");
  const status = page.locator("[data-search-status]");
  await page.waitForFunction(() => document.querySelector("[data-search-status]").textContent !== "");
  expect((await status.getAttribute("role")) === "status", "results are not announced");
  const said = await status.textContent();
  expect(/^\d+ pages? match/.test(said), `the status said "${said}"`);
  const found = await page.locator("[data-search-results] a").evaluateAll((links) =>
    links.map((a) => new URL(a.href).pathname),
  );
  expect(found.includes("/schemes/j9/"), `J9 is not among ${found.join(", ")}`);
});

await check("stem.js stems every word of stems.txt as the index does", async () => {
  const context = {};
  vm.runInNewContext(fs.readFileSync(path.join(repo, "themes/default/static/js/stem.js"), "utf8"), context);
  const lines = fs.readFileSync(path.join(here, "stems.txt"), "utf8").split("\n").filter(Boolean);
  const wrong = lines.map((line) => line.split(" "))
    .filter(([word, stem]) => context.lamplightStem(word) !== stem)
    .map(([word, stem]) => `${word}: ${context.lamplightStem(word)}, not ${stem}`);
  expect(lines.length > 3000, `stems.txt has ${lines.length} words`);
  expect(wrong.length === 0, `${wrong.length} words differ: ${wrong.slice(0, 5).join("; ")}`);
});

// Residents' words (queries.json): abbreviations, words run together, US
// spellings, typos, other forms of a word, other words for the same thing.
await check("residents' searches find the pages they need in the top three", async (page) => {
  const queries = JSON.parse(fs.readFileSync(path.join(here, "queries.json"), "utf8"));
  const missed = [];
  for (const { q, any, instead } of queries) {
    await page.goto(origin + "/search/?q=" + encodeURIComponent(q));
    await page.waitForFunction(() => document.querySelector("[data-search-status]").textContent !== "");
    const said = await page.locator("[data-search-status]").textContent();
    const found = await page.locator("[data-search-results] a").evaluateAll((links) =>
      links.map((a) => new URL(a.href).pathname),
    );
    const top = found.slice(0, 3);
    if (!any.some((want) => top.includes(want))) missed.push(`"${q}" gave ${top.join(", ") || "nothing"}`);
    if (instead && !said.includes(`\u201c${instead}\u201d`)) missed.push(`"${q}" said "${said}", not that it searched for "${instead}"`);
    const firstGuide = found.findIndex((url) => url.startsWith("/guide/"));
    if (firstGuide >= 0 && found.slice(firstGuide).some((url) => !url.startsWith("/guide/"))) {
      missed.push(`"${q}" lists an officers' guide page above residents' pages: ${found.join(", ")}`);
    }
  }
  expect(missed.length === 0, missed.join("; "));
});

await check("Welsh search finds Welsh pages typed without accents, and says so in Welsh", async (page) => {
  await page.goto(origin + "/cy/search/");
  expect((await page.locator("html").getAttribute("lang")) === "cy", "the Welsh search page is not marked as Welsh");
  await page.fill("#search-input", "cuddio ffon");
  const status = page.locator("[data-search-status]");
  await page.waitForFunction(() => document.querySelector("[data-search-status]").textContent !== "");
  const said = await status.textContent();
  expect(/^Mae \d+ (dudalen|tudalen) yn cyfateb i “cuddio ffon”\.$/.test(said), `the status said "${said}"`);
  const found = await page.locator("[data-search-results] a").evaluateAll((links) =>
    links.map((a) => new URL(a.href).pathname),
  );
  expect(found.includes("/cy/cover-your-tracks/"), `the Welsh advice is not among ${found.join(", ")}`);
  expect(found.every((path) => path.startsWith("/cy/")), `English pages in Welsh results: ${found.join(", ")}`);
});

await check("a search fetches the index's meta and only the shards of its words", async (page) => {
  const fetched = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/search-index/")) fetched.push(url.pathname);
  });
  await page.goto(origin + "/search/");
  await page.fill("#search-input", "domestic abuse");
  await page.waitForFunction(() => document.querySelectorAll("[data-search-results] a").length > 0);
  const meta = JSON.parse(fs.readFileSync(path.join(publicDir, "search-index/meta.json"), "utf8"));
  const shards = fetched.filter((p) => p.includes("/words-"));
  expect(fetched.includes("/search-index/meta.json"), `meta.json was not fetched: ${fetched.join(", ")}`);
  expect(shards.length >= 1 && shards.length <= 4, `${shards.length} of ${meta.shards.length} shards fetched: ${shards.join(", ")}`);
  expect(!fetched.includes("/search-index.json"), "the whole index was fetched");
});

await check("search shows ten results at a time, and the next ten on request", async (page) => {
  await page.goto(origin + "/search/?q=crime");
  await page.waitForFunction(() => document.querySelectorAll("[data-search-results] a").length > 0);
  const said = await page.locator("[data-search-status]").textContent();
  const total = Number(/^(\d+)/.exec(said)?.[1]);
  expect(total > 10, `"crime" matched ${total} pages; the check needs more than ten`);
  const links = page.locator("[data-search-results] a");
  expect((await links.count()) === 10, `${await links.count()} results shown at first`);
  const more = page.locator("[data-search-more]");
  await more.click();
  await page.waitForFunction(() => document.querySelectorAll("[data-search-results] a").length > 10);
  const shown = await links.count();
  expect(shown === Math.min(20, total), `${shown} results after "Show more results"`);
  const focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
  const eleventh = await links.nth(10).textContent();
  expect(focused === eleventh, `focus went to "${focused}", not the first new result "${eleventh}"`);
  expect((await more.isHidden()) === (shown >= total), "the button does not match what is left to show");
  // The results, and the button, pass axe and fit a phone as the page does.
  await axeCheck("/search/?q=crime with results", page);
  const narrow = await phone.newPage();
  await narrow.goto(origin + "/search/?q=crime");
  await narrow.waitForFunction(() => document.querySelectorAll("[data-search-results] a").length > 0);
  const overflow = await sidewaysScroll(narrow);
  expect(overflow <= 0, `the results scroll sideways by ${overflow} px at 320 px wide`);
  await narrow.close();
});

await check("a word begun after a whole one keeps the whole one's results until it is three letters", async (page) => {
  await page.goto(origin + "/search/");
  await page.fill("#search-input", "crucial");
  await page.waitForFunction(() => /match/.test(document.querySelector("[data-search-status]").textContent));
  const whole = await page.locator("[data-search-results] a").allTextContents();
  await page.fill("#search-input", "crucial c");
  await page.waitForFunction(() => /\u201ccrucial c\u201d/.test(document.querySelector("[data-search-status]").textContent));
  const begun = await page.locator("[data-search-results] a").allTextContents();
  expect(whole.length > 0 && begun.join("|") === whole.join("|"), `"crucial c" showed ${begun.join(", ")}; "crucial" ${whole.join(", ")}`);
  await page.fill("#search-input", "crucial cre");
  await page.waitForFunction(() => /\u201ccrucial cre\u201d/.test(document.querySelector("[data-search-status]").textContent));
  const first = await page.locator("[data-search-results] a").first().textContent();
  expect(/Crucial Crew/.test(first), `"crucial cre" led with "${first}"`);
});

await check("search takes any word, even the names of JavaScript's own properties", async (page) => {
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(origin + "/search/");
  for (const word of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
    await page.fill("#search-input", "");
    await page.fill("#search-input", word + " ");
    await page.waitForFunction(() => document.querySelector("[data-search-status]").textContent !== "");
    const said = await page.locator("[data-search-status]").textContent();
    expect(/match/.test(said), `"${word}" left the status saying "${said}"`);
  }
  expect(errors.length === 0, `search threw: ${errors.join("; ")}`);
});

await check("the search box on every page leads to results", async (page) => {
  await page.goto(origin + "/about/");
  await page.fill("header input[name=q]", "crucial crew");
  await Promise.all([page.waitForURL(/\/search\/\?q=/), page.press("header input[name=q]", "Enter")]);
  await page.waitForFunction(() => document.querySelectorAll("[data-search-results] a").length > 0);
  const first = await page.locator("[data-search-results] a").first().textContent();
  expect(/Crucial Crew/.test(first), `the first result was "${first}"`);
});

await check("without JavaScript the search page lists every page from A to Z", async () => {
  const off = await context({ javaScriptEnabled: false });
  const page = await off.newPage();
  await page.goto(origin + "/search/?q=j9");
  const listed = await page.locator(".az-list a").count();
  expect(listed >= all.length / 2, `the A to Z lists ${listed} pages`);
  const said = await page.locator("noscript + *, .search-status").allTextContents();
  expect(said.some((text) => /needs JavaScript/.test(text)), "the page does not say why the search did nothing");
  await off.close();
});

/// A context where the quick exit's neutral site is answered locally: the
/// exit is meant to leave the site, but the suite never leaves this machine.
async function exitContext() {
  const ctx = await browser.newContext();
  await ctx.route(
    (url) => url.origin !== origin,
    (route) => route.fulfill({ contentType: "text/html", body: "<title>Weather</title><p>Sunny</p>" }),
  );
  return ctx;
}

const SENSITIVE = "/schemes/j9/";

await check("the quick exit button leaves no history entry for the page", async () => {
  const ctx = await exitContext();
  const page = await ctx.newPage();
  await page.goto(origin + "/");
  await page.goto(origin + SENSITIVE);
  await Promise.all([
    page.waitForURL((url) => url.origin !== origin),
    page.click("#quick-exit"),
  ]);
  expect((await page.title()) === "Weather", `the exit showed "${await page.title()}"`);
  await page.goBack();
  expect(page.url() === origin + "/", `Back went to ${page.url()}, not the page before`);
  await ctx.close();
});

await check("every page about domestic abuse, or reporting on it, has the quick exit; others do not", async () => {
  const off = await browser.newContext({ javaScriptEnabled: false });
  const page = await off.newPage();
  const about = [
    "/plans/2017-18/safeguarding-vulnerable-people/",
    "/plans/2016-17/safeguarding-vulnerable-people/",
    "/plans/2008-09/domestic-abuse/",
    "/plans/2017-18/",
    "/partners/safer-places/",
    "/partners/changing-pathways/",
    "/updates/2017-18-q1/",
    "/search/",
    "/cy/search/",
  ];
  for (const pagePath of about) {
    await page.goto(origin + pagePath);
    expect((await page.locator("#quick-exit").count()) === 1, `${pagePath} has no quick exit`);
  }
  for (const pagePath of ["/priorities/anti-social-behaviour/", "/about/"]) {
    await page.goto(origin + pagePath);
    expect((await page.locator("#quick-exit").count()) === 0, `${pagePath} has the quick exit`);
  }
  await off.close();
});

await check("reading on from a sensitive page, and searching, leave one history entry, which the exit replaces", async () => {
  const ctx = await exitContext();
  const page = await ctx.newPage();
  await page.goto(origin + "/");
  await page.goto(origin + SENSITIVE);
  await page.locator(".toc a").first().click();
  await Promise.all([page.waitForURL(/cover-your-tracks/), page.locator(".quick-exit-hint a").click()]);
  await page.fill("header input[name=q]", "domestic abuse");
  await Promise.all([page.waitForURL(/\/search\/\?q=/), page.press("header input[name=q]", "Enter")]);
  expect((await page.locator("#quick-exit").count()) === 1, "the search page has no quick exit");
  await Promise.all([
    page.waitForURL((url) => url.origin !== origin),
    page.click("#quick-exit"),
  ]);
  await page.goBack();
  expect(page.url() === origin + "/", `Back went to ${page.url()}, not the page before the first sensitive one`);
  await ctx.close();
});

await check("Shift pressed three times exits, counting aloud", async () => {
  const ctx = await exitContext();
  const page = await ctx.newPage();
  await page.goto(origin + "/");
  await page.goto(origin + SENSITIVE);
  const status = page.locator("[data-quick-exit-status]");
  expect((await status.getAttribute("role")) === "status", "the count is not a status region");
  await page.keyboard.press("Shift");
  const once = await status.textContent();
  expect(/1 time.*2 more/.test(once), `after one press the status said "${once}"`);
  await page.keyboard.press("a");
  expect((await status.textContent()) === "", "another key should start the count again");
  await page.keyboard.press("Shift");
  await page.keyboard.press("Shift");
  await Promise.all([
    page.waitForURL((url) => url.origin !== origin),
    page.keyboard.press("Shift"),
  ]);
  await page.goBack();
  expect(page.url() === origin + "/", `Back went to ${page.url()}, not the page before`);
  await ctx.close();
});

await check("on a Welsh page the quick exit speaks Welsh, and leaves no history entry", async () => {
  const ctx = await exitContext();
  const page = await ctx.newPage();
  await page.goto(origin + "/cy/");
  await page.goto(origin + "/cy" + SENSITIVE);
  expect((await page.locator("html").getAttribute("lang")) === "cy", "the page is not marked as Welsh");
  const exit = page.locator("#quick-exit");
  expect((await exit.textContent()).trim() === "Gadael y dudalen hon", `the button says "${await exit.textContent()}"`);
  const status = page.locator("[data-quick-exit-status]");
  await page.keyboard.press("Shift");
  const once = await status.textContent();
  expect(once === "Shift wedi'i bwyso 1 o 3. Pwyswch 2 eto i adael y dudalen hon.", `after one press the status said "${once}"`);
  await page.keyboard.press("Shift");
  await Promise.all([
    page.waitForURL((url) => url.origin !== origin),
    page.keyboard.press("Shift"),
  ]);
  await page.goBack();
  expect(page.url() === origin + "/cy/", `Back went to ${page.url()}, not the page before`);
  await ctx.close();
});

await check("the language link leads to the page's translation, or says there is none", async () => {
  const off = await browser.newContext({ javaScriptEnabled: false });
  const page = await off.newPage();
  await page.goto(origin + SENSITIVE);
  await page.click(".language-switcher a");
  expect(page.url() === origin + "/cy" + SENSITIVE, `the Welsh link went to ${page.url()}`);
  await page.click(".language-switcher a");
  expect(page.url() === origin + SENSITIVE, `the English link went to ${page.url()}`);
  await page.goto(origin + "/about/");
  const notice = await page.locator(".language-switcher .untranslated").textContent();
  expect(notice === "Nid yw'r dudalen hon yn Gymraeg eto.", `an untranslated page says "${notice}"`);
  await page.click(".language-switcher a");
  expect(page.url() === origin + "/cy/", `the Welsh link of an untranslated page went to ${page.url()}`);
  await off.close();
});

await check("without JavaScript the quick exit is a plain link", async () => {
  const off = await browser.newContext({ javaScriptEnabled: false });
  const page = await off.newPage();
  await page.goto(origin + SENSITIVE);
  const exit = page.locator("#quick-exit");
  expect((await exit.getAttribute("rel")) === "nofollow noreferrer", "rel is not nofollow noreferrer");
  expect(/^https?:/.test(await exit.getAttribute("href")), "the exit is not a link to another site");
  expect(await page.locator("[data-quick-exit-keys]").isHidden(), "the Shift hint shows without JavaScript");
  await off.close();
});

await browser.close();
server.close();
fs.rmSync(out, { recursive: true, force: true });

console.log(`${all.length} pages checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failures.length > 0) {
  console.error(`\n${failures.length} problem(s):`);
  for (const failure of failures) console.error(`- ${failure}`);
  process.exit(1);
}
console.log("No problems found.");
