// tests/layout.mjs: the buyer's path, measured in Chromium on a 390×844
// phone, a 360 px one and a 1366×900 desktop, over HTTP like any web host.
//
// - The header is at most 64 px tall on a phone; its menu opens without
//   JavaScript; its search field sends ?q= to the search page (also from
//   file://, in the kiosk copy).
// - Every product page shows its producer and the call button in the first
//   screen of a phone, and the call button stays on screen as the buyer
//   scrolls; on a desktop the producer's box stands beside the pictures.
// - A listing shows five products or more in the first screen of a phone,
//   highest stars first; it sorts by name and by newest certificate, and
//   after a filter the count and the first result are in view.
// - The home page shows the search field and a featured product in the
//   first screen of a phone, and loads those pictures eagerly.
// - Gallery pictures are whole (never cut by their box) and link to the
//   largest published size.
// - The icons, drawn by the stylesheet, show as shapes in the colour of
//   their text, in forced colours too.
// - No page is wider than a 360 px screen.
// - 404.html is styled and its links work when a host serves it for a
//   missing address at any depth, at the root and under a subpath.
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, bundledKioskSite, bundledSite, notOk, ok, pageTest, root, run, serve, tempPath, withChromium } from './lib/harness.mjs';

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const narrow = { viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true };
const desktop = { viewport: { width: 1366, height: 900 } };

async function open(page, url) {
  const r = await page.goto(url, { waitUntil: 'load' });
  if (r && r.status() >= 400) throw new Error(`HTTP ${r.status()} for ${url}`);
}

function box(page, selector) {
  return page.locator(selector).first().boundingBox();
}

function pagesOf(site, dir = site, out = []) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) pagesOf(site, p, out);
    else if (e === 'index.html' || e === '404.html') out.push(relative(site, p).replace(/index\.html$/, ''));
  }
  return out.sort();
}

const products = (site, lang) => JSON.parse(readFileSync(join(site, lang, 'products.json'), 'utf8')).products.map((p) => p.slug);

async function header(browser, origin) {
  const paths = ['vi/', 'en/', 'zh/', 'vi/products/', 'vi/products/mien-dong-tai-hoan/', 'vi/producers/', 'vi/search/', 'vi/stories/'];
  await pageTest(browser, 'layout/phone: the header is at most 64 px tall', phone, async (page) => {
    const tall = [];
    let most = 0;
    for (const p of paths) {
      await open(page, `${origin}/${p}`);
      const h = (await box(page, '.site-header')).height;
      most = Math.max(most, h);
      if (h > 64) tall.push(`${p}: ${h} px`);
    }
    if (tall.length) throw new Error(tall.join(', '));
    return `at most ${most} px on ${paths.length} pages`;
  });
  await pageTest(browser, 'layout/phone: the menu opens without JavaScript and leads to the products', { ...phone, javaScriptEnabled: false }, async (page) => {
    await open(page, `${origin}/vi/`);
    const link = page.locator('.menu__panel a', { hasText: 'Sản phẩm' }).first();
    if (await link.isVisible()) throw new Error('the menu is open before it is touched');
    await page.locator('.menu__button').click();
    if (!(await link.isVisible())) throw new Error('the menu does not open');
    const langs = await page.locator('.menu__panel .langs__link').count();
    if (langs < 3) throw new Error(`${langs} languages in the menu`);
    await Promise.all([page.waitForURL(/\/vi\/products\/$/), link.click()]);
  });
  await pageTest(browser, 'layout/phone: the header search sends ?q= to the search page, which answers', phone, async (page) => {
    await open(page, `${origin}/vi/products/mien-dong-tai-hoan/`);
    await page.fill('#site-q', 'mien dong');
    await Promise.all([page.waitForURL(/\/vi\/search\/\?q=mien\+dong$/), page.press('#site-q', 'Enter')]);
    await page.locator('#search-results a').first().waitFor();
    const first = await page.locator('#search-results a').first().innerText();
    if (!/Miến dong/.test(first)) throw new Error(`first result: ${first}`);
  });
}

async function productPages(browser, origin, site) {
  const slugs = products(site, 'vi');
  await pageTest(browser, 'layout/phone: every product page shows its producer and the call button in the first screen', phone, async (page) => {
    const late = [];
    for (const slug of slugs) {
      await open(page, `${origin}/vi/products/${slug}/`);
      const call = await box(page, '.product__actions .action--call');
      const producer = await box(page, '.product__producer-line a');
      if (!call) late.push(`${slug}: no call button`);
      else if (call.y < 0 || call.y + call.height > 844) late.push(`${slug}: call button at y=${Math.round(call.y)}`);
      if (!producer || producer.y + producer.height > 844) late.push(`${slug}: producer at y=${Math.round(producer?.y)}`);
    }
    if (late.length) throw new Error(late.join('; '));
    return `${slugs.length} products`;
  });
  await pageTest(browser, 'layout/phone: the call button stays on screen as the buyer scrolls the product page', phone, async (page) => {
    await open(page, `${origin}/vi/products/mien-dong-tai-hoan/`);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (const y of [800, 2000, height - 1500]) {
      await page.evaluate((to) => window.scrollTo(0, to), y);
      await page.waitForTimeout(50);
      const call = await box(page, '.product__actions .action--call');
      if (!call || call.y < 0 || call.y + call.height > 844) throw new Error(`scrolled to ${y}: call button at y=${Math.round(call?.y)}`);
    }
  });
  await pageTest(browser, 'layout/desktop: the producer\'s box stands beside the pictures, in the first screen', desktop, async (page) => {
    await open(page, `${origin}/vi/products/mien-dong-tai-hoan/`);
    const gallery = await box(page, '.gallery');
    const producer = await box(page, '.producer-box');
    if (producer.x < gallery.x + gallery.width) throw new Error(`the producer's box is at x=${producer.x}, the pictures end at ${gallery.x + gallery.width}`);
    if (producer.y > 900) throw new Error(`the producer's box starts at y=${producer.y}`);
    const tel = await box(page, '.producer-box .contact--tel');
    if (!tel || tel.y + tel.height > 900) throw new Error('the phone number is below the first screen');
  });
  await pageTest(browser, 'layout: gallery pictures are whole and link to the largest size', desktop, async (page) => {
    const problems = [];
    for (const slug of slugs.slice(0, 12)) {
      await open(page, `${origin}/vi/products/${slug}/`);
      const items = await page.locator('.gallery__item').evaluateAll((els) =>
        els.map((li) => {
          const img = li.querySelector('img');
          const a = li.querySelector('a');
          const s = getComputedStyle(img);
          const widths = img.srcset.split(',').map((c) => [c.trim().split(/\s+/)[0], parseInt(c.trim().split(/\s+/)[1], 10)]);
          const widest = widths.sort((x, y) => y[1] - x[1])[0][0];
          return { fit: s.objectFit, href: a && a.getAttribute('href'), widest: new URL(widest, location.href).href, link: a && a.href };
        }),
      );
      for (const it of items) {
        if (it.fit !== 'contain') problems.push(`${slug}: object-fit ${it.fit}`);
        if (!it.href) problems.push(`${slug}: a picture without a link`);
        else if (it.link !== it.widest) problems.push(`${slug}: links ${it.link}, the widest is ${it.widest}`);
        else {
          const r = await page.request.get(it.link);
          if (!r.ok() || !/image\/webp/.test(r.headers()['content-type'] || '')) problems.push(`${slug}: ${it.link} gives ${r.status()}`);
        }
      }
    }
    expectNoneThrow(problems);
  });
  await pageTest(browser, 'layout: card pictures are whole (contain), never cut', phone, async (page) => {
    await open(page, `${origin}/vi/products/`);
    const fits = await page.locator('.card__media img').evaluateAll((els) => [...new Set(els.map((i) => getComputedStyle(i).objectFit))]);
    if (fits.some((f) => f !== 'contain')) throw new Error(`object-fit: ${fits.join(', ')}`);
  });
}

function expectNoneThrow(list) {
  if (list.length) throw new Error(`${list.length}: ${[...new Set(list)].slice(0, 8).join('; ')}`);
}

async function listings(browser, origin) {
  for (const path of ['vi/products/', 'en/groups/food/', 'zh/stars/4/']) {
    await pageTest(browser, `layout/phone: ${path} shows five products or more in the first screen, highest stars first`, phone, async (page) => {
      await open(page, `${origin}/${path}`);
      const cards = await page.locator('.cards > li').evaluateAll((els) =>
        els.map((li) => ({ r: li.getBoundingClientRect(), stars: +li.querySelector('[data-stars]').dataset.stars })),
      );
      const whole = cards.filter((c) => c.r.top >= 0 && c.r.bottom <= 844 && c.r.height > 0).length;
      for (let i = 1; i < cards.length; i++)
        if (cards[i].stars > cards[i - 1].stars) throw new Error(`card ${i + 1} has more stars than card ${i}`);
      if (whole < 5 && whole < cards.length) throw new Error(`${whole} whole products in the first screen`);
      return `${whole} of ${cards.length}`;
    });
  }
  await pageTest(browser, 'layout: a listing sorts by name and by newest certificate, kept in the address', desktop, async (page) => {
    await open(page, `${origin}/vi/products/`);
    await page.selectOption('select[name=sort]', 'name');
    const names = await page.locator('.cards > li:not([hidden]) .card__title').allInnerTexts();
    const sorted = [...names].sort((a, b) => a.localeCompare(b, 'vi'));
    if (names.join('|') !== sorted.join('|')) throw new Error(`not by name: ${names.slice(0, 4).join(', ')}`);
    if (!/[?&]sort=name/.test(page.url())) throw new Error(`the address is ${page.url()}`);
    await page.selectOption('select[name=sort]', 'newest');
    const dates = await page.locator('.cards > li .card').evaluateAll((els) => els.map((e) => e.dataset.issued || ''));
    for (let i = 1; i < dates.length; i++)
      if (dates[i] > dates[i - 1]) throw new Error(`${dates[i]} after ${dates[i - 1]}`);
    await page.reload({ waitUntil: 'load' });
    if ((await page.inputValue('select[name=sort]')) !== 'newest') throw new Error('the order is lost on reload');
  });
  await pageTest(browser, 'layout/phone: after a filter the count and the first result are in view', phone, async (page) => {
    await open(page, `${origin}/vi/products/`);
    await page.locator('.filters__toggle').click();
    await page.selectOption('select[name=stars]', '5');
    const status = await box(page, '.filters__status');
    const first = await box(page, '.cards > li:not([hidden])');
    const text = await page.locator('.filters__status').innerText();
    if (!text.trim()) throw new Error('no count');
    if (!status || status.y < 0 || status.y + status.height > 844) throw new Error(`the count is at y=${status?.y}`);
    if (!first || first.y < 0 || first.y > 844 - 60) throw new Error(`the first result is at y=${first?.y}`);
    return text.trim();
  });
}

async function home(browser, origin) {
  await pageTest(browser, 'layout/phone: the home page shows the search field and a featured product in the first screen', phone, async (page) => {
    await open(page, `${origin}/vi/`);
    const search = await box(page, '#site-q');
    if (!search || search.y + search.height > 844) throw new Error('no search field in the first screen');
    const title = await box(page, '.cards .card__title');
    if (!title || title.y + title.height > 844) throw new Error(`the first featured product is at y=${title?.y}`);
    const lazy = await page.locator('.cards img').evaluateAll((imgs) =>
      imgs.filter((i) => i.getBoundingClientRect().top < innerHeight && i.loading === 'lazy').length,
    );
    if (lazy) throw new Error(`${lazy} pictures of the first screen load lazily`);
  });
  await pageTest(browser, 'layout/desktop: no picture of the home page\'s first screen loads lazily', desktop, async (page) => {
    await open(page, `${origin}/vi/`);
    const lazy = await page.locator('img').evaluateAll((imgs) =>
      imgs.filter((i) => i.getBoundingClientRect().top < innerHeight && i.loading === 'lazy').length,
    );
    if (lazy) throw new Error(`${lazy} pictures`);
  });
}

async function overflow(browser, origin, site) {
  const pages = pagesOf(site);
  await pageTest(browser, 'layout/360 px: no page is wider than the screen', narrow, async (page) => {
    const wide = [];
    for (const p of pages) {
      await open(page, `${origin}/${p}`);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > 360) wide.push(`${p || 'index.html'}: ${w} px`);
    }
    expectNoneThrow(wide);
    return `${pages.length} pages`;
  });
}

async function notFound(browser, site, prefix) {
  const { server, origin } = await serve(site, prefix);
  try {
    await pageTest(browser, `layout: 404.html is styled and its links work at any depth under ${prefix}`, phone, async (page) => {
      const failed = [];
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().includes('/no/such/')) failed.push(`${r.url()}: ${r.status()}`);
      });
      await page.goto(`${origin}${prefix}no/such/page/here/`, { waitUntil: 'load' });
      const rules = await page.evaluate(() => [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0));
      if (!rules) throw new Error('no stylesheet was applied');
      const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
      if (bg === 'rgba(0, 0, 0, 0)') throw new Error('the header has no style');
      const hrefs = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      const outside = hrefs.filter((h) => !h.startsWith(prefix));
      if (outside.length) throw new Error(`links outside ${prefix}: ${outside.slice(0, 3).join(', ')}`);
      if (await page.locator('a[href^="http"]').count()) throw new Error('links that name a domain');
      await Promise.all([page.waitForURL(new RegExp(`${prefix}vi/$`)), page.locator('main a.button').first().click()]);
      const title = await page.title();
      expectNoneThrow(failed);
      return title;
    });
  } finally {
    server.close();
  }
}

async function kioskSearch(browser, kiosk) {
  await pageTest(browser, 'layout/file: the kiosk copy\'s header search sends ?q= to its search page from file://', desktop, async (page) => {
    await page.goto(pathToFileURL(join(kiosk, 'vi/products/index.html')).href, { waitUntil: 'load' });
    await page.fill('#site-q', 'mat ong');
    await Promise.all([page.waitForURL(/\/vi\/search\/index\.html\?q=mat\+ong$/), page.press('#site-q', 'Enter')]);
    await page.locator('#search-results a').first().waitFor();
  });
}

// A demonstration catalogue says its contacts are placeholders beside
// "Save to contacts" and in the card itself.
function placeholders(site) {
  const name = 'layout: placeholder contacts are said so beside the contact card and in it';
  try {
    const note = JSON.parse(readFileSync(join(root, 'content/site.json'), 'utf8')).placeholder_contacts;
    if (!note) throw new Error('content/site.json has no placeholder_contacts');
    for (const lang of ['vi', 'en', 'zh']) {
      const html = readFileSync(join(site, lang, 'producers/htx-tai-hoan/index.html'), 'utf8');
      const text = note[lang].replace(/'/g, '&#39;');
      if (!html.includes(`class="contacts__note">${text}<`)) throw new Error(`${lang}: no note beside the contacts`);
      const vcf = readFileSync(join(site, lang, 'producers/htx-tai-hoan/contact.vcf'), 'utf8');
      if (!/\r\nNOTE:[^\r]+\r\n/.test(vcf)) throw new Error(`${lang}: contact.vcf has no NOTE`);
    }
    ok(name);
  } catch (e) {
    notOk(name, e.message);
  }
}

// The share of an icon's pixels, as Chromium draws it, that are of the
// colour it is drawn in (within a little for antialiasing): none when it is
// blank, all when it is a square or drawn in the colour behind it.
async function inkShare(page, selector) {
  const el = page.locator(selector).first();
  const png = await el.screenshot();
  const color = await el.evaluate((e) => getComputedStyle(e).backgroundColor);
  return page.evaluate(async ({ b64, color }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const g = c.getContext('2d');
    g.drawImage(bmp, 0, 0);
    const px = g.getImageData(0, 0, bmp.width, bmp.height).data;
    const [r, gr, b] = color.match(/\d+/g).map(Number);
    let n = 0;
    for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - r) + Math.abs(px[i + 1] - gr) + Math.abs(px[i + 2] - b) < 60) n++;
    return n / (px.length / 4);
  }, { b64: png.toString('base64'), color });
}

// Icons come from the stylesheet (masks over the text colour): each is drawn
// as a shape, neither blank nor a full square nor invisible on what is
// behind it, in the colour of its text, in normal and forced colours.
async function icons(browser, origin) {
  for (const forced of ['none', 'active']) {
    await pageTest(browser, `layout/phone: the icons are drawn, in the colour of their text (forced colours: ${forced})`, phone, async (page) => {
      await page.emulateMedia({ forcedColors: forced });
      await open(page, `${origin}/vi/products/mien-dong-tai-hoan/`);
      const names = await page.locator('.icon').evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().width > 0).map((e) => [...e.classList].find((c) => c.startsWith('icon--'))));
      const want = ['icon--search', 'icon--menu', 'icon--call', 'icon--zalo', 'icon--email', 'icon--vcard', 'icon--zoom'];
      const missing = want.filter((n) => !names.includes(n));
      if (missing.length) throw new Error(`not on the page: ${missing.join(', ')}`);
      const bad = [];
      if (forced === 'none') {
        const off = await page.locator('.icon').evaluateAll((els) => els.filter((e) => getComputedStyle(e).backgroundColor !== getComputedStyle(e).color).length);
        if (off) bad.push(`${off} icons not in the colour of their text`);
      }
      for (const n of want) {
        const share = await inkShare(page, `.${n}`);
        if (share < 0.08 || share > 0.85) bad.push(`${n}: ${(share * 100).toFixed(0)}% of its pixels in its colour`);
      }
      if (bad.length) throw new Error(bad.join('; '));
      return `${want.length} icons`;
    });
  }
}

async function main() {
  const site = bundledSite('layout: build');
  if (site) placeholders(site);
  const kiosk = bundledKioskSite('layout: build --kiosk');
  // The same content published under a subpath.
  const sub = build('layout: build under a subpath', { dir: subpathSite(), out: 'subpath' });
  await withChromium(async (browser) => {
    if (site) {
      const { server, origin } = await serve(site);
      try {
        await header(browser, origin);
        await productPages(browser, origin, site);
        await icons(browser, origin);
        await listings(browser, origin);
        await home(browser, origin);
        await overflow(browser, origin, site);
      } finally {
        server.close();
      }
      await notFound(browser, site, '/');
    }
    if (sub) await notFound(browser, sub, '/langson/');
    if (kiosk) await kioskSearch(browser, kiosk);
  });
}

// A copy of the bundled site's folder whose base_url has a subpath.
function subpathSite() {
  const dir = tempPath('subpath-src');
  cpSync(join(root, 'content'), join(dir, 'content'), { recursive: true });
  if (existsSync(join(root, '.ocopgen-cache'))) cpSync(join(root, '.ocopgen-cache'), join(dir, '.ocopgen-cache'), { recursive: true });
  const sitePath = join(dir, 'content/site.json');
  const s = JSON.parse(readFileSync(sitePath, 'utf8'));
  s.base_url = 'https://portal.example.org/langson/';
  writeFileSync(sitePath, JSON.stringify(s, null, 2));
  return dir;
}

await run('layout', main);
