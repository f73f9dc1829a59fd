// tests/browser.mjs: the bundled site in a real browser (Debian's Chromium,
// driven by playwright-core), served over HTTP from 127.0.0.1 and opened
// from file:// (the web copy, whose links to folders file-links.js mends,
// and the kiosk build, whose links name index.html).
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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundledKioskSite, bundledSite, notOk, ok, reportWatched, run, runSteps, serve, watchedPage, withChromium } from './lib/harness.mjs';

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
  const watched = await watchedPage(browser, { allowed });
  const { page } = watched;

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
  await runSteps(name, page, steps);
  await reportWatched(name, watched);
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

// The web copy from file://: the header's search, sent from the home page,
// opens the search page (not a folder's listing) with its results, and a
// result opens its product page.
async function webSearchFromFile(browser, site) {
  const name = 'browser/web-file: the header\'s search and a result open pages, never a folder listing';
  const watched = await watchedPage(browser, { allowed: (u) => /^(file|data|blob|about):/.test(u) });
  const { page } = watched;
  try {
    await page.goto(pathToFileURL(join(site, 'vi/index.html')).href, { waitUntil: 'load' });
    const input = page.locator('form.header-search input[name="q"]');
    await input.fill('mật ong');
    await Promise.all([page.waitForURL(/\/vi\/search\/index\.html\?q=/, { timeout: 15000 }), input.press('Enter')]);
    await page.waitForFunction(() => document.querySelectorAll('#search-results > li a').length > 0, null, { timeout: 15000 });
    const result = page.locator('#search-results > li a').first();
    await clickTo(page, /\/vi\/products\/[a-z0-9-]+\/index\.html$/, result);
    if (!(await page.locator('h1').first().innerText()).trim()) throw new Error('the product page has no heading');
    ok(name);
  } catch (e) {
    notOk(name, e.message);
  }
  await reportWatched((s) => `browser/web-file search: ${s}`, watched);
}

async function main() {
  const site = bundledSite('browser: build');
  const kiosk = bundledKioskSite('browser: build --kiosk');
  await withChromium(async (browser) => {
    if (site) {
      const { server, origin } = await serve(site);
      try {
        await runMode(browser, 'http', `${origin}/`, (u) => u.startsWith(origin + '/') || /^(data|blob|about):/.test(u));
        await printCatalogue(browser, origin, site);
      } finally {
        server.close();
      }
    }
    if (site) {
      // The web copy too, opened from a disk or a USB stick: its links are
      // to folders, which file-links.js makes links to their index.html.
      const start = pathToFileURL(join(site, 'index.html')).href;
      await runMode(browser, 'web-file', start, (u) => /^(file|data|blob|about):/.test(u));
      await webSearchFromFile(browser, site);
    }
    if (kiosk) {
      const start = pathToFileURL(join(kiosk, 'index.html')).href;
      await runMode(browser, 'file', start, (u) => /^(file|data|blob|about):/.test(u));
    } else {
      notOk('browser/file', 'no kiosk build to open');
    }
  });
}

await run('browser', main);
