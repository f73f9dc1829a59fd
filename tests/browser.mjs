// tests/browser.mjs: the bundled site in a real browser (Debian's Chromium,
// driven by playwright-core), served over HTTP from 127.0.0.1 and opened
// from file:// (the kiosk build, whose links name index.html).
//
// In each: open the root, go to the Vietnamese home, switch to English with
// the language switcher, open a product by its card, and check that the
// product page has a heading and a star badge; all with no console error,
// no failed request and no request to another host. Then print the
// Vietnamese catalogue page to PDF, as `make catalogue-pdf` does: at least
// one sheet per product.
//
// The sites are $OCOPGEN_SITE and $OCOPGEN_KIOSK_SITE when set (tests/run
// builds them once); otherwise they are built here with build/test/ocopgen.
// Prints "ok - ..." / "not ok - ..." lines; exit status 1 on any failure.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ocopgen = process.env.OCOPGEN || join(root, 'build/test/ocopgen');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
let passed = 0;
let failed = 0;

function ok(name) {
  passed++;
  console.log(`ok - ${name}`);
}

function notOk(name, why, details = []) {
  failed++;
  console.log(`not ok - ${name}: ${String(why).split('\n')[0]}`);
  for (const d of details) console.log(`# ${d}`);
}

let tmp = null;
function build(kiosk) {
  tmp ??= mkdtempSync(join(tmpdir(), 'ocopgen-browser.'));
  const out = join(tmp, kiosk ? 'kiosk' : 'site');
  const args = ['build', '-C', root, '-o', out, '-q'];
  if (kiosk) args.push('--kiosk');
  const r = spawnSync(ocopgen, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    notOk(`browser: build${kiosk ? ' --kiosk' : ''}`, `exit status ${r.status}`, (r.stderr || String(r.error)).split('\n').slice(0, 20));
    return null;
  }
  return out;
}

const types = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.vcf': 'text/vcard; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

// A static server like any web host: a folder is its index.html, a missing
// file is 404.html with status 404.
function serve(dir) {
  const server = http.createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = normalize(join(dir, path));
    if (file !== dir && !file.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { Location: path + '/' }).end();
        return;
      }
      file = join(file, 'index.html');
    }
    let status = 200;
    if (!existsSync(file) || !statSync(file).isFile()) {
      status = 404;
      file = join(dir, '404.html');
      if (!existsSync(file)) {
        res.writeHead(404).end('not found');
        return;
      }
    }
    res.writeHead(status, { 'Content-Type': types[extname(file).toLowerCase()] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

// Resolves a locator's first match, or null.
async function first(page, selectors) {
  for (const s of selectors) {
    const l = page.locator(s);
    if ((await l.count()) > 0) return l.first();
  }
  return null;
}

async function clickTo(page, urlPattern, link) {
  await Promise.all([page.waitForURL(urlPattern, { timeout: 15000 }), link.click()]);
  await page.waitForLoadState('load');
}

async function htmlLang(page) {
  return page.evaluate(() => document.documentElement.getAttribute('lang'));
}

// The first link on the page to a product page of language lang, preferring
// the links of product cards.
async function productLink(page, lang) {
  const re = new RegExp(`/${lang}/products/[a-z0-9-]+/(index\\.html)?$`);
  for (const sel of ['.card a[href]', 'article a[href]', 'main a[href]', 'a[href]']) {
    const links = page.locator(sel);
    const n = await links.count();
    for (let i = 0; i < n; i++) {
      const href = await links.nth(i).evaluate((a) => a.href);
      if (re.test(href) && (await links.nth(i).isVisible())) return links.nth(i);
    }
  }
  return null;
}

async function runMode(browser, mode, start, allowed) {
  const name = (s) => `browser/${mode}: ${s}`;
  const problems = { console: [], failedRequests: [], foreign: [] };
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    problems.foreign.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('console', (m) => {
    if (m.type() === 'error') problems.console.push(`${m.text()} (${page.url()})`);
  });
  page.on('pageerror', (e) => problems.console.push(`${e.message} (${page.url()})`));
  page.on('requestfailed', (r) => {
    if (!problems.foreign.includes(r.url())) problems.failedRequests.push(`${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.failedRequests.push(`${r.url()}: HTTP ${r.status()}`);
  });

  const steps = [
    ['open the root page', async () => {
      const r = await page.goto(start, { waitUntil: 'load' });
      if (r && !r.ok()) throw new Error(`HTTP ${r.status()}`);
      const links = await page.locator('a[href]').count();
      if (links === 0) throw new Error('the root page has no link');
    }],
    ['go to the Vietnamese home', async () => {
      const link = await first(page, ['a[hreflang="vi"]', 'a[href^="vi/"]', 'a[href*="/vi/"]']);
      if (!link) throw new Error('no link to vi/ on the root page');
      await clickTo(page, /\/vi\/(index\.html)?$/, link);
    }],
    ['switch to English with the language switcher', async () => {
      const lang = await htmlLang(page);
      if (lang !== 'vi') throw new Error(`the Vietnamese home has lang="${lang}"`);
      const link = await first(page, ['header a[hreflang="en"]', 'nav a[hreflang="en"]', 'a[hreflang="en"]']);
      if (!link) throw new Error('no a[hreflang="en"] in the header');
      await clickTo(page, /\/en\/(index\.html)?$/, link);
      const now = await htmlLang(page);
      if (now !== 'en') throw new Error(`the English home has lang="${now}"`);
    }],
    ['open a product by its card', async () => {
      let link = await productLink(page, 'en');
      if (!link) {
        // No card on the home page: go through the product list.
        const list = await first(page, ['header a[href$="products/"]', 'a[href$="products/"]', 'a[href$="products/index.html"]']);
        if (!list) throw new Error('no product card and no link to the product list');
        await clickTo(page, /\/en\/products\/(index\.html)?$/, list);
        link = await productLink(page, 'en');
      }
      if (!link) throw new Error('no product card links to a product page');
      await clickTo(page, /\/en\/products\/[a-z0-9-]+\/(index\.html)?$/, link);
    }],
    ['the product page has a heading and a star badge', async () => {
      const h1 = page.locator('h1');
      if ((await h1.count()) === 0) throw new Error('no h1');
      const text = (await h1.first().innerText()).trim();
      if (!text) throw new Error('the h1 is empty');
      const badges = await page.locator('[data-stars], .badge, [class*="star"]').count();
      const body = await page.locator('body').innerText();
      if (badges === 0 && !/OCOP [3-5]-star/.test(body)) throw new Error('no star badge');
    }],
  ];
  let broken = null;
  for (const [what, fn] of steps) {
    if (broken) {
      notOk(name(what), `not tried: "${broken}" failed`);
      continue;
    }
    try {
      await fn();
      ok(name(what));
    } catch (e) {
      broken = what;
      notOk(name(what), e.message, [`at ${page.url()}`]);
    }
  }
  // Let late requests (images, scripts) finish before judging them.
  await page.waitForLoadState('networkidle').catch(() => {});
  const report = (what, list) => (list.length ? notOk(name(what), `${list.length}`, [...new Set(list)].slice(0, 20)) : ok(name(what)));
  report('no console error', problems.console);
  report('no failed request', problems.failedRequests);
  report('no request to another host', problems.foreign);
  await context.close();
}

// The printable catalogue, printed: a PDF with a sheet per product at least.
async function printCatalogue(browser, origin, site) {
  const name = 'browser/print: the Vietnamese catalogue prints to PDF, one sheet per product';
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const r = await page.goto(`${origin}/vi/catalogue/`, { waitUntil: 'load' });
    if (!r || !r.ok()) throw new Error(`HTTP ${r?.status()}`);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const products = JSON.parse(readFileSync(join(site, 'vi/products.json'), 'utf8')).products.length;
    const sheets = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
    const hidden = await page.evaluate(() => getComputedStyle(document.querySelector('.main-nav')).display);
    const qrs = await page.locator('.catalogue__qr svg').count();
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('the output is not a PDF');
    if (sheets < products) throw new Error(`${sheets} sheets for ${products} products`);
    if (hidden !== 'none') throw new Error('the navigation is printed');
    if (qrs !== products) throw new Error(`${qrs} QR codes for ${products} products`);
    ok(`${name} (${sheets} sheets, ${products} products)`);
  } catch (e) {
    notOk(name, e.message);
  } finally {
    await context.close();
  }
}

async function main() {
  const site = process.env.OCOPGEN_SITE || build(false);
  const kiosk = process.env.OCOPGEN_KIOSK_SITE || build(true);
  if (!existsSync(chromiumPath)) {
    notOk('browser: chromium', `${chromiumPath} is missing (scripts/deps test)`);
    return;
  }
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  } catch (e) {
    notOk('browser: launch chromium', e.message, String(e.stack).split('\n').slice(1, 10));
    return;
  }
  try {
    if (site) {
      const server = await serve(resolve(site));
      const port = server.address().port;
      const origin = `http://127.0.0.1:${port}`;
      try {
        await runMode(browser, 'http', `${origin}/`, (u) => u.startsWith(origin + '/') || /^(data|blob|about):/.test(u));
        await printCatalogue(browser, origin, resolve(site));
      } finally {
        server.close();
      }
    }
    if (kiosk) {
      const start = pathToFileURL(join(resolve(kiosk), 'index.html')).href;
      await runMode(browser, 'file', start, (u) => /^(file|data|blob|about):/.test(u));
    } else {
      notOk('browser/file', 'no kiosk build to open');
    }
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (e) {
  notOk('browser', e.message, String(e.stack).split('\n').slice(1, 10));
} finally {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
if (passed + failed === 0) notOk('browser', 'ran no test');
process.exitCode = failed ? 1 : 0;
