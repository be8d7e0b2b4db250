// The search page as a resident uses it, timed: serves a built site on
// 127.0.0.1, opens /search/ in headless Chromium with an empty cache, and
// types each query a letter at a time, waiting for the results after each.
// Prints one line of JSON per query and speed:
//
//   {"query", "cpu", "all", "bytes", "files", "shown", "keystrokes": [ms, …],
//    "work": [ms, …], "fetched": [files, …]}
//
// all: every byte the visit downloaded, the search page, its styles and
// scripts included; bytes and files: what the search fetched
// (search-index/…). All as sent, without compression. keystrokes: from each key's input event to its
// results on screen, the pause before fetching included. work: the part
// spent searching and showing, fetches included, from search.js's own
// `lamplight-search` measure. fetched: the files each keystroke fetched. cpu 4 runs Chromium's CPU four times slower,
// as DevTools does for a mid-range phone.
//
//   node benches/site/search.mjs <built site> <query> [<query> …]
//
// Run by `cargo bench --bench site` (after `npm ci --prefix tests/browser`);
// CHROMIUM names the browser (default: /usr/bin/chromium).

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../tests/browser/package.json"));
const { chromium } = require("playwright-core");

const [site, ...queries] = process.argv.slice(2);
if (!site || queries.length === 0) {
  console.error("usage: node search.mjs <built site> <query> [<query> …]");
  process.exit(2);
}
const root = path.resolve(site);

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };
const server = http.createServer((request, response) => {
  const decoded = decodeURIComponent(request.url.split("?")[0]);
  let file = path.normalize(path.join(root, decoded));
  if (file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    file = path.join(file, "index.html");
  }
  if (!file.startsWith(root) || !fs.existsSync(file)) {
    response.writeHead(404);
    response.end();
    return;
  }
  response.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
  response.end(fs.readFileSync(file));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});

async function typeQuery(query, cpu) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (cpu > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  }
  let bytes = 0;
  let files = 0;
  let all = 0;
  const isIndex = (url) => new URL(url).pathname.includes("/search-index/");
  page.on("request", (request) => { if (isIndex(request.url())) files += 1; });
  page.on("response", async (response) => {
    const length = (await response.body()).length;
    all += length;
    if (isIndex(response.url())) bytes += length;
  });
  await page.goto(origin + "/search/");
  await page.evaluate(() => {
    window.benchKeys = [];
    document.querySelector("#search-input").addEventListener("input", (e) => window.benchKeys.push(e.timeStamp));
  });
  // Focusing the box fetches meta.json; a resident takes longer than
  // that to start typing.
  await page.focus("#search-input");
  await page.waitForFunction(() =>
    performance.getEntriesByType("resource").some((e) => e.name.includes("meta.json") && e.responseEnd > 0));
  const keystrokes = [];
  const work = [];
  const fetched = [];
  for (const letter of query) {
    const before = files;
    const seen = await page.evaluate(() => performance.getEntriesByName("lamplight-search").length);
    await page.keyboard.type(letter);
    await page.waitForFunction(
      (n) => performance.getEntriesByName("lamplight-search").length > n,
      seen,
      { polling: 5, timeout: 30_000 },
    );
    const [key, entry] = await page.evaluate(() => {
      const entries = performance.getEntriesByName("lamplight-search");
      const last = entries[entries.length - 1];
      return [window.benchKeys[window.benchKeys.length - 1], { start: last.startTime, duration: last.duration }];
    });
    keystrokes.push(Math.round(10 * (entry.start + entry.duration - key)) / 10);
    work.push(Math.round(10 * entry.duration) / 10);
    fetched.push(files - before);
  }
  // Let the last responses' bodies be counted.
  await page.waitForTimeout(100);
  const shown = await page.locator("[data-search-results] a").count();
  await context.close();
  return { query, cpu, all, bytes, files, shown, keystrokes, work, fetched };
}

for (const cpu of [1, 4]) {
  for (const query of queries) {
    console.log(JSON.stringify(await typeQuery(query, cpu)));
  }
}
await browser.close();
server.close();
