// tests/screenshots.mjs SITE OUT [--kiosk] [NAME=PATH...]: screenshots of a built site in
// headless Chromium, for looking at a change as buyers see it: the first
// screen and the whole page of the home, a product, a producer, a listing
// and a search, on a 390×844 phone and a 1366×900 desktop (--kiosk: the
// start screen and a product of a kiosk copy, on 1920×1080 and 1080×1920
// touchscreens, from file://); NAME=PATH pairs name other pages instead
// (another site's). Writes OUT/<page>-<size>[-full].png. Not a test: it
// asserts nothing.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, withChromium } from './lib/harness.mjs';

const [siteArg, outArg, ...rest] = process.argv.slice(2);
const flag = rest.includes('--kiosk') ? '--kiosk' : null;
const chosen = Object.fromEntries(rest.filter((a) => a.includes('=')).map((a) => a.split(/=(.*)/s).slice(0, 2)));
if (!siteArg || !outArg) {
  console.error('usage: node tests/screenshots.mjs SITE OUT [--kiosk]');
  process.exit(2);
}
const site = resolve(siteArg);
const out = resolve(outArg);
const kiosk = flag === '--kiosk';
mkdirSync(out, { recursive: true });

const web = {
  sizes: { phone: [390, 844], desktop: [1366, 900] },
  pages: {
    home: 'vi/',
    product: 'vi/products/mien-dong-tai-hoan/',
    producer: 'vi/producers/htx-tai-hoan/',
    listing: 'vi/products/',
    search: 'vi/search/?q=mien%20dong',
    'search-zh': 'zh/search/?q=%E8%9C%82%E8%9C%9C',
    catalogue: 'vi/catalogue/',
  },
};
const touch = {
  sizes: { landscape: [1920, 1080], portrait: [1080, 1920] },
  pages: { start: 'index.html', product: 'vi/products/mien-dong-tai-hoan/index.html' },
};
const { sizes } = kiosk ? touch : web;
const pages = Object.keys(chosen).length ? chosen : (kiosk ? touch : web).pages;

let server = null;
let base;
if (kiosk) {
  base = pathToFileURL(site).href + '/';
} else {
  const s = await serve(site);
  server = s.server;
  base = s.origin + '/';
}
await withChromium(async (browser) => {
  for (const [size, [width, height]] of Object.entries(sizes)) {
    const context = await browser.newContext({
      viewport: { width, height },
      deviceScaleFactor: 1,
      hasTouch: size === 'phone' || kiosk,
      isMobile: size === 'phone',
    });
    const page = await context.newPage();
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(base + path, { waitUntil: 'load' });
      await page.waitForTimeout(300);
      const file = join(out, `${name}-${size}`);
      await page.screenshot({ path: `${file}.png` });
      await page.screenshot({ path: `${file}-full.png`, fullPage: true });
      const h = await page.evaluate(() => document.documentElement.scrollHeight);
      console.log(`${file}.png (page ${width}×${h})`);
    }
    await context.close();
  }
});
server?.close();
