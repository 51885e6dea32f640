// Drives Debian's Chromium through the built book and writes what a reader
// would meet on each page as JSON: console errors, diagrams, code blocks and
// their buttons, captions, the contrast of the course's own elements in a
// light and a dark theme, and search results. It judges nothing: the checks
// live in ci/src/browser.rs, beside the rules they enforce.
//
//   node browser/inspect.mjs <book/html> <out-dir> <config.json> [page.html ...]
//
// <config.json> holds {"playground_crates": [...], "searches": [...],
// "screenshots": [...]}: the crates the Playground answers with (the one
// request that would leave the machine is answered from this list, so
// book.js decides its Run buttons as it would online), the words to search
// for, and the pages to photograph in a light and a dark theme.

import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { readFile, readdir, writeFile, mkdir } from "node:fs/promises";
import { extname, join, normalize, relative, sep } from "node:path";

const [root, outDir, configFile, ...only] = process.argv.slice(2);
if (!root || !outDir || !configFile) {
  console.error("usage: node inspect.mjs <book/html> <out-dir> <config.json> [page.html ...]");
  process.exit(2);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".json": "application/json",
  ".ico": "image/x-icon",
};

/** A static server for the book, as `mdbook serve` or GitHub Pages would be. */
function serve(dir) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://book").pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(normalize(dir))) {
      response.writeHead(403).end();
      return;
    }
    if (path.endsWith("/")) file = join(file, "index.html");
    try {
      const body = await readFile(file);
      response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Every chapter page: what mdBook writes, minus its print, table of contents and 404 pages. */
async function chapterPages(dir) {
  const pages = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const path = relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/");
    if (!["print.html", "toc.html", "404.html"].includes(path)) pages.push(path);
  }
  return pages.sort();
}

/** What the page shows, read inside it once scripts and diagrams have run. */
function readPage() {
  // Computed colours come as rgb()/rgba(), or as color(srgb …) with 0–1
  // channels when the stylesheet mixes them (color-mix).
  const parse = (color) => {
    const rgb = color.match(/rgba?\(([^)]+)\)/);
    if (rgb) {
      const [r, g, b, a = 1] = rgb[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    }
    const srgb = color.match(/color\(srgb ([^)]+)\)/);
    if (srgb) {
      const [r, g, b, a = 1] = srgb[1].split(/[ /]+/).filter(Boolean).map(Number);
      return { r: r * 255, g: g * 255, b: b * 255, a };
    }
    throw new Error(`a colour this check cannot read: ${color}`);
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  // The colour behind an element: its own background and its ancestors',
  // composed from the page's down.
  const background = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) layers.push(c);
      if (c && c.a >= 1) break;
    }
    return layers.reduceRight((below, layer) => over(layer, below), { r: 255, g: 255, b: 255, a: 1 });
  };
  const luminance = ({ r, g, b }) => {
    const channel = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (fg, bg) => {
    const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  };
  const readable = (selector, pseudo) =>
    [...document.querySelectorAll(selector)].slice(0, 5).map((element) => {
      const style = getComputedStyle(element, pseudo);
      const bg = background(element);
      const fg = over(parse(style.color), bg);
      return { selector: selector + (pseudo ?? ""), ratio: contrast(fg, bg), color: style.color };
    });
  const contrasts = () => [
    ...readable(".listing-caption .listing-path"),
    ...readable(".listing-caption .listing-command"),
    ...readable(".listing-caption .listing-label"),
    ...readable(".coming-from"),
    ...readable(".coming-from", "::before"),
    ...readable("blockquote.blockquote-tag"),
    ...readable(".blockquote-tag-title"),
    ...readable("details.answer > summary"),
  ];
  const html = document.documentElement;
  const light = contrasts();
  const themes = ["light", "rust", "coal", "navy", "ayu"];
  html.classList.remove(...themes);
  html.classList.add("navy");
  const dark = contrasts();
  html.classList.remove("navy");
  html.classList.add("light");

  const blocks = [...document.querySelectorAll("pre > code")].map((code) => {
    const pre = code.parentElement;
    let next = pre.nextElementSibling;
    const link = next && next.matches("p.playground-link") ? next.querySelector("a").href : null;
    return {
      classes: code.className,
      text: code.textContent,
      run: (() => {
        const button = pre.querySelector(".play-button");
        return button !== null && !button.hidden && !button.classList.contains("hidden");
      })(),
      link,
    };
  });
  const diagrams = [...document.querySelectorAll("pre.mermaid, div.mermaid")].map((d) => ({
    svg: d.querySelector("svg") !== null,
    error:
      d.querySelector('svg[aria-roledescription="error"]') !== null ||
      /Syntax error/i.test(d.textContent),
  }));
  const captions = [...document.querySelectorAll(".listing-caption .listing-path")].map((e) => e.textContent);
  return { blocks, diagrams, captions, contrast: { light, dark } };
}

async function search(page, query) {
  if (!(await page.isVisible("#mdbook-searchbar"))) await page.click("#mdbook-search-toggle");
  // The searcher listens for key presses, so type the query as a reader would.
  await page.fill("#mdbook-searchbar", "");
  await page.locator("#mdbook-searchbar").pressSequentially(query);
  // The header names the query once its results are in.
  await page
    .waitForFunction(
      (q) => document.querySelector("#mdbook-searchresults-header")?.textContent.includes(q),
      query,
      { timeout: 10_000 },
    )
    .catch(() => {});
  return page.$$eval("#mdbook-searchresults a", (links) =>
    links.map((a) => new URL(a.href).pathname.replace(/^\//, "")),
  );
}

const config = JSON.parse(await readFile(configFile, "utf8"));
const server = await serve(root);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
await mkdir(outDir, { recursive: true });
const report = { pages: [], searches: [], screenshots: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route("https://play.rust-lang.org/meta/crates", (route) =>
    route.fulfill({
      contentType: "application/json",
      headers: { "access-control-allow-origin": "*" },
      body: JSON.stringify({
        crates: config.playground_crates.map((id) => ({ id, name: id, version: "0.0.0" })),
      }),
    }),
  );
  const darkContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await darkContext.addInitScript(() => localStorage.setItem("mdbook-theme", "navy"));
  const pages = only.length > 0 ? only : await chapterPages(root);
  const shoot = new Set(config.screenshots.filter((p) => pages.includes(p)));
  /** Reads one page, photographing it if asked. */
  const inspect = async (path) => {
    const page = await context.newPage();
    const errors = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(String(error)));
    page.on("requestfailed", (request) => {
      if (request.url().startsWith(base)) errors.push(`failed to load ${request.url()}`);
    });
    await page.goto(base + path, { waitUntil: "load" });
    // mermaid renders after load; wait until every diagram has an SVG (or give up).
    await page
      .waitForFunction(
        () => [...document.querySelectorAll("pre.mermaid")].every((d) => d.querySelector("svg")),
        null,
        { timeout: 15_000 },
      )
      .catch(() => {});
    // book.js shows or hides each Run button when the crate list arrives.
    await page.waitForLoadState("networkidle");
    const facts = await page.evaluate(readPage);
    if (shoot.has(path)) {
      const name = path.replace(/[/.]/g, "_");
      const light = join(outDir, `${name}-light.png`);
      await page.screenshot({ path: light });
      // The dark one the way a reader gets it: mdBook reads the theme from
      // localStorage at load and swaps its highlighting stylesheet too.
      const dark = await darkContext.newPage();
      await dark.goto(base + path, { waitUntil: "networkidle" });
      const navy = join(outDir, `${name}-navy.png`);
      await dark.screenshot({ path: navy });
      await dark.close();
      report.screenshots.push(light, navy);
    }
    await page.close();
    return { path, errors, ...facts };
  };
  // Two pages at a time: most of a page's time is waiting (for mermaid, for
  // the network to go quiet), which the other page's work fills.
  const queue = [...pages];
  const read = new Map();
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        read.set(path, await inspect(path));
      }
    }),
  );
  report.pages = pages.map((path) => read.get(path));
  report.screenshots.sort();
  const page = await context.newPage();
  await page.goto(base + "index.html", { waitUntil: "load" });
  for (const query of config.searches) {
    report.searches.push({ query, results: [...new Set(await search(page, query))] });
  }
} finally {
  await browser.close();
  server.close();
}
await writeFile(join(outDir, "report.json"), JSON.stringify(report, null, 1));
console.log(`inspected ${report.pages.length} page(s) in Chromium; report in ${join(outDir, "report.json")}`);
