// tests/kiosk.mjs: the kiosk copy (ocopgen build --kiosk).
//
// - QR codes: the inline SVG of a product page and of every producer card
//   is drawn into pixels and read back with jsQR: a product page's code is
//   base_url and the page's path, a producer card's code is the text of the
//   producer's contact.vcf, which the web build serves for download; one
//   product page's code is also drawn by Chromium and read back from its
//   pixels.
// - vCard: tests/golden/kiosk's producer, whose name holds a comma, a
//   semicolon and a backslash, gives a valid vCard 3.0 (CRLF, lines of 75
//   octets at most, folded without splitting a character) that unfolds and
//   unescapes to the name of its producer.json.
// - Every page of the bundled kiosk copy, opened from file:// in Chromium
//   with every other request aborted: no request leaves the copy, no
//   console error, every link names an existing file of the copy, every
//   image exists, nothing opens a new window, every link and control is 64
//   CSS pixels or more, the language choice stays on screen.
// - Idle reset: with "idle_seconds": 2, touches keep a page; then, left
//   alone, it goes back to the start screen in the default language with the
//   search cleared.
//
// The bundled kiosk copy is $OCOPGEN_KIOSK_SITE when set (tests/run builds it
// once); otherwise it is built here. Prints "ok - ..." / "not ok - ...".
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import jsQR from 'jsqr';
import { build, bundledKioskSite, expectNone, notOk, ok, pageTest, root, run, watchedPage, withChromium } from './lib/harness.mjs';

const golden = join(root, 'tests/golden/kiosk');

function check(name, fn) {
  try {
    const r = fn();
    ok(r ? `${name} (${r})` : name);
  } catch (e) {
    notOk(name, e.message, e.details || []);
  }
}

// ---------------------------------------------------------------- QR codes

// The modules of an SVG made by generator/qr.c: a viewBox of n by n, and one
// path of runs, each a line through the middle of its row: "M<x> <y>.5h<run>"
// for the first of a row, "m<gap> 0h<run>" after the end of the one before.
function svgModules(svg) {
  const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const d = /<path[^>]* d="([^"]*)"/.exec(svg);
  if (!box || !d) throw new Error('not a QR code SVG of ocopgen');
  const n = Number(box[1]);
  const dark = new Uint8Array(n * n);
  const re = /M(\d+) (\d+)\.5h(\d+)|m(\d+) 0h(\d+)/g;
  let m;
  let covered = 0;
  let x = 0;
  let y = 0;
  while ((m = re.exec(d[1]))) {
    if (m.index !== covered) break;
    const run = Number(m[3] ?? m[5]);
    if (m[1] !== undefined) [x, y] = [Number(m[1]), Number(m[2])];
    else x += Number(m[4]);
    for (let i = 0; i < run; i++) dark[y * n + x + i] = 1;
    x += run;
    covered += m[0].length;
  }
  if (covered !== d[1].length) throw new Error('the path holds something other than runs');
  return { n, dark };
}

// Draws the modules at scale pixels each (white quiet zone included, as the
// SVG's rect) and reads the code back; returns its bytes as UTF-8 text.
function decodeSvg(svg, scale = 6) {
  const { n, dark } = svgModules(svg);
  const w = n * scale;
  const px = new Uint8ClampedArray(w * w * 4).fill(255);
  for (let y = 0; y < w; y++)
    for (let x = 0; x < w; x++)
      if (dark[Math.floor(y / scale) * n + Math.floor(x / scale)]) {
        const o = (y * w + x) * 4;
        px[o] = px[o + 1] = px[o + 2] = 0;
      }
  const code = jsQR(px, w, w, { inversionAttempts: 'dontInvert' });
  if (!code) throw new Error('jsQR finds no QR code');
  return Buffer.from(code.binaryData).toString('utf8');
}

function svgsIn(html, cls) {
  const out = [];
  const re = new RegExp(`class="[^"]*${cls}[^"]*"[^>]*>\\s*(?:<[^>]+>\\s*)?(<svg[\\s\\S]*?</svg>)`, 'g');
  let m;
  while ((m = re.exec(html))) out.push(m[1]);
  return out;
}

function qrTests(kiosk, web) {
  const site = JSON.parse(readFileSync(join(golden, 'content/site.json'), 'utf8'));
  check('kiosk/qr: a product page shows the code of its online address', () => {
    const path = 'vi/products/mien-dong/';
    const html = readFileSync(join(kiosk, path, 'index.html'), 'utf8');
    const take = html.slice(html.indexOf('class="take-away"'));
    const svgs = svgsIn(take, 'qr-code__svg');
    if (!svgs.length) throw new Error('no QR code in .take-away');
    const text = decodeSvg(svgs[0]);
    const want = site.base_url + path;
    if (text !== want) throw new Error(`"${text}", not "${want}"`);
    return text;
  });
  check('kiosk/qr: every product page of every language shows its address', () => {
    let n = 0;
    for (const lang of site.languages)
      for (const slug of readdirSync(join(kiosk, lang, 'products'))) {
        const file = join(kiosk, lang, 'products', slug, 'index.html');
        if (!existsSync(file)) continue;
        const html = readFileSync(file, 'utf8');
        const svgs = svgsIn(html.slice(html.indexOf('class="take-away"')), 'qr-code__svg');
        const want = `${site.base_url}${lang}/products/${slug}/`;
        const got = svgs.length ? decodeSvg(svgs[0]) : '(none)';
        if (got !== want) throw new Error(`${lang}/products/${slug}/: "${got}"`);
        n++;
      }
    return `${n} pages`;
  });
  check('kiosk/qr: every producer card shows the vCard that the web build serves', () => {
    let n = 0;
    for (const lang of site.languages) {
      const html = readFileSync(join(kiosk, lang, 'producers/index.html'), 'utf8');
      const cards = html.split('<article class="producer-card">').slice(1);
      if (!cards.length) throw new Error(`no producer card in ${lang}/producers/`);
      for (const card of cards) {
        const id = /producers\/([a-z0-9-]+)\/index\.html/.exec(card)?.[1];
        const svgs = svgsIn(card, 'qr-code--vcard');
        if (!id || !svgs.length) throw new Error(`a card of ${lang}/producers/ without its vCard code`);
        const got = decodeSvg(svgs[0]);
        const file = join(web, lang, 'producers', id, 'contact.vcf');
        const want = readFileSync(file, 'utf8');
        if (got !== want) {
          const e = new Error(`${lang}/producers/${id}: the code differs from contact.vcf`);
          e.details = [JSON.stringify(got), JSON.stringify(want)];
          throw e;
        }
        if (readFileSync(join(kiosk, lang, 'producers', id, 'contact.vcf'), 'utf8') !== want)
          throw new Error(`${lang}/producers/${id}: the kiosk's contact.vcf differs from the web build's`);
        n++;
      }
    }
    return `${n} cards`;
  });
  check('kiosk/qr: the web build shows no code on screen and links the .vcf to download', () => {
    const html = readFileSync(join(web, 'vi/producers/co-so-ha-giang/index.html'), 'utf8');
    if (html.includes('qr-code--vcard')) throw new Error('a vCard code in the web build');
    if (!/<a [^>]*href="[^"]*contact\.vcf" download="co-so-ha-giang\.vcf"/.test(html)) throw new Error('no download link to contact.vcf');
  });
}

// ------------------------------------------------------------------ vCard

const VCARD_PROPERTY = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=[^;:]*)*):(.*)$/;

// Splits a vCard 3.0 into properties, checking its form on the way.
function parseVcard(text) {
  const problems = [];
  if (/\r(?!\n)|(?<!\r)\n/.test(text)) problems.push('a line does not end in CRLF');
  if (!text.endsWith('\r\n')) problems.push('the last line has no CRLF');
  const physical = text.split('\r\n').slice(0, -1);
  for (const l of physical) {
    if (Buffer.byteLength(l, 'utf8') > 75) problems.push(`a line of ${Buffer.byteLength(l)} octets`);
    if (l.includes('\uFFFD')) problems.push('a character split by folding');
  }
  const lines = [];
  for (const l of physical) {
    if (l.startsWith(' ') && lines.length) lines[lines.length - 1] += l.slice(1);
    else lines.push(l);
  }
  const props = [];
  for (const l of lines) {
    const m = VCARD_PROPERTY.exec(l);
    if (!m) problems.push(`not a content line: ${l}`);
    else props.push({ name: m[1].toUpperCase(), params: m[2], value: m[3] });
  }
  const names = props.map((p) => p.name);
  if (names[0] !== 'BEGIN' || props[0].value !== 'VCARD') problems.push('does not begin with BEGIN:VCARD');
  if (names[1] !== 'VERSION' || props[1].value !== '3.0') problems.push('VERSION:3.0 does not follow BEGIN');
  if (names.at(-1) !== 'END' || props.at(-1).value !== 'VCARD') problems.push('does not end with END:VCARD');
  for (const need of ['FN', 'N'])
    if (names.filter((n) => n === need).length !== 1) problems.push(`${need} is not there exactly once`);
  return { props, problems };
}

// The components of a structured value (split at unescaped ';'), each
// unescaped.
function components(value) {
  const out = [''];
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') {
      const e = value[++i];
      out[out.length - 1] += e === 'n' || e === 'N' ? '\n' : e;
    } else if (c === ';') {
      out.push('');
    } else {
      if (c === ',') throw new Error(`an unescaped comma in ${value}`);
      out[out.length - 1] += c;
    }
  }
  return out;
}

function vcardTests(web) {
  const producer = JSON.parse(readFileSync(join(golden, 'content/producers/co-so-ha-giang/producer.json'), 'utf8'));
  for (const lang of ['vi', 'en']) {
    check(`kiosk/vcard: ${lang}: a valid vCard 3.0 whose name unescapes to producer.json's`, () => {
      const text = readFileSync(join(web, lang, 'producers/co-so-ha-giang/contact.vcf'), 'utf8');
      const { props, problems } = parseVcard(text);
      if (problems.length) {
        const e = new Error(problems[0]);
        e.details = problems;
        throw e;
      }
      const get = (n) => props.find((p) => p.name === n);
      const name = producer.name[lang].normalize('NFC');
      const fn = components(get('FN').value);
      if (fn.length !== 1 || fn[0] !== name) throw new Error(`FN is ${JSON.stringify(fn)}, not ${JSON.stringify(name)}`);
      const org = components(get('ORG').value);
      if (org[0] !== name) throw new Error(`ORG is ${JSON.stringify(org)}`);
      const adr = components(get('ADR').value);
      const address = (producer.address[lang] || producer.address.vi).normalize('NFC');
      if (adr.length !== 7 || adr[2] !== address) throw new Error(`ADR is ${JSON.stringify(adr)}`);
      if (get('TEL').value !== '+842093884000') throw new Error(`TEL is ${get('TEL').value}`);
      if (components(get('EMAIL').value)[0] !== producer.email) throw new Error('EMAIL differs');
      if (get('URL').value !== producer.website) throw new Error('URL differs');
      const folded = text.split('\r\n').filter((l) => l.startsWith(' ')).length;
      return `${props.length} properties, ${folded} folded lines`;
    });
  }
}

// ---------------------------------------------------------------- browser

function htmlFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

async function everyPage(browser, kiosk) {
  const base = pathToFileURL(kiosk + sep).href;
  const newWindows = [];
  const small = [];
  const langs = [];
  // Requests cut short by going on to the next page are ERR_ABORTED; the
  // files of every link and image are checked below.
  const { context, page, problems } = await watchedPage(browser, {
    allowed: (url) => url.startsWith(base) || /^(data|blob|about):/.test(url),
    ignoreAborted: true,
    contextOptions: { viewport: { width: 1280, height: 800 }, hasTouch: true },
  });
  const { foreign: outside, console: consoleErrors, failedRequests: broken } = problems;
  context.on('page', (p) => {
    if (p !== page) newWindows.push(p.url());
  });
  const files = htmlFiles(kiosk);
  for (const file of files) {
    const rel = relative(kiosk, file);
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const found = await page.evaluate(() => {
      const visible = (el) => {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
      };
      const targets = [...document.querySelectorAll('a[href], button, input, select, summary')]
        .filter((el) => visible(el) && !el.closest('.visually-hidden'))
        .map((el) => {
          const r = el.getBoundingClientRect();
          return { w: r.width, h: r.height, what: `${el.tagName.toLowerCase()} "${(el.textContent || el.value || '').trim().slice(0, 30)}"` };
        })
        .filter((t) => t.w < 64 || t.h < 64);
      return {
        links: [...document.querySelectorAll('a[href]')].map((a) => ({ href: a.href, raw: a.getAttribute('href'), target: a.getAttribute('target') })),
        images: [...document.querySelectorAll('img')].flatMap((i) => [i.src, ...(i.srcset ? i.srcset.split(',').map((s) => new URL(s.trim().split(/\s+/)[0], document.baseURI).href) : [])]),
        targets: [...document.querySelectorAll('[target], form[target]')].length,
        small: targets,
        hasLangs: !!document.querySelector('.langs a, .lang-choice a, .kiosk-langs a'),
      };
    });
    for (const l of found.links) {
      const u = new URL(l.href);
      if (u.protocol !== 'file:') {
        broken.push(`${rel}: a link leaves the copy: ${l.raw}`);
        continue;
      }
      const p = fileURLToPath(u.origin === 'null' ? `file://${u.pathname}` : u.href.split(/[?#]/)[0]);
      if (!p.startsWith(kiosk + sep)) broken.push(`${rel}: a link outside the copy: ${l.raw}`);
      else if (!existsSync(p) || !statSync(p).isFile()) broken.push(`${rel}: ${l.raw} names no file`);
    }
    for (const src of found.images) {
      const p = fileURLToPath(src.split(/[?#]/)[0]);
      if (!existsSync(p)) broken.push(`${rel}: image ${src} is missing`);
    }
    if (found.targets) newWindows.push(`${rel}: ${found.targets} element(s) with a target`);
    for (const t of found.small) small.push(`${rel}: ${t.what} is ${Math.round(t.w)}x${Math.round(t.h)}`);
    if (/\/(products|producers)\/[^/]+\/index\.html$/.test(file) && files.indexOf(file) % 7 === 0) {
      // Scrolled to the bottom, the language choice is still on screen.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const seen = await page.evaluate(() => {
        const a = document.querySelector('.langs a');
        if (!a) return false;
        const r = a.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });
      if (!seen) langs.push(`${rel}: the language choice scrolled away`);
    } else if (!found.hasLangs && !rel.endsWith('catalogue/index.html')) {
      langs.push(`${rel}: no language choice`);
    }
  }
  await context.close();
  const report = (what, list) => expectNone(`kiosk/file: ${what}`, list, `${files.length} pages`);
  report('no request outside the copy', outside);
  report('no console error', consoleErrors);
  report('every link and image names a file of the copy', broken);
  report('nothing opens a new window', newWindows);
  report('every link and control is at least 64 by 64 pixels', small);
  report('the language choice is always on screen', langs);
}

async function idleReset(browser, kiosk) {
  const context = await browser.newContext({ serviceWorkers: 'block', hasTouch: true });
  await context.route('**', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const start = pathToFileURL(join(kiosk, 'index.html')).href;
  const name = (s) => `kiosk/idle: ${s}`;
  try {
    const search = pathToFileURL(join(kiosk, 'en/search/index.html')).href + '?q=honey';
    await page.goto(search, { waitUntil: 'load' });
    await page.evaluate(() => {
      sessionStorage.setItem('ocop-test', 'x');
      localStorage.setItem('ocop-test', 'x');
    });
    const results = await page.locator('#search-results li').count();
    if (!results) throw new Error('the search for "honey" found nothing to clear');
    // Touches every half second for 3 seconds keep the page.
    for (let i = 0; i < 6; i++) {
      await page.waitForTimeout(500);
      await page.mouse.move(10 + i * 5, 200);
    }
    if (!page.url().includes('/en/search/index.html')) throw new Error(`left the page while touched, for ${page.url()}`);
    ok(name('touches within the pause keep the page'));
    await page.waitForURL(start, { timeout: 5000 });
    const lang = await page.evaluate(() => document.documentElement.lang);
    const stored = await page.evaluate(() => [sessionStorage.length, localStorage.length]);
    if (lang !== 'vi') throw new Error(`the start screen is in "${lang}"`);
    if (new URL(page.url()).search) throw new Error('the query is still in the address');
    if (stored[0] || stored[1]) throw new Error(`storage kept: ${stored}`);
    const slides = await page.locator('.kiosk-slide a').count();
    if (slides < 2) throw new Error(`${slides} featured products on the start screen`);
    ok(name('after 2 s alone, the start screen in Vietnamese, search and storage cleared'));
    // From the start screen, a product in English, then the search page again:
    // its query box is empty.
    await page.goto(pathToFileURL(join(kiosk, 'en/search/index.html')).href, { waitUntil: 'load' });
    const value = await page.inputValue('#search-q');
    if (value) throw new Error(`the search box holds "${value}"`);
    await page.goto(pathToFileURL(join(kiosk, 'zh/products/mien-dong/index.html')).href, { waitUntil: 'load' });
    await page.waitForURL(start, { timeout: 5000 });
    ok(name('a product page in Chinese goes back to the start screen too'));
    // Left alone on the start screen, it stays there, and the slides move.
    const before = await page.evaluate(() => document.querySelector('.kiosk-slides').scrollLeft);
    await page.waitForTimeout(8500);
    const after = await page.evaluate(() => document.querySelector('.kiosk-slides').scrollLeft);
    if (page.url() !== start) throw new Error(`left the start screen for ${page.url()}`);
    if (after === before) throw new Error('the featured products do not move on');
    ok(name('the start screen stays, and cycles through the featured products'));
    if (errors.length) notOk(name('no script error'), errors[0], errors);
    else ok(name('no script error'));
  } catch (e) {
    notOk(name('idle reset'), e.message, [`at ${page.url()}`]);
  } finally {
    await context.close();
  }
}

// The two touchscreens a fair has, from file:// with the network blocked:
// the start screen holds everything without scrolling, and a product
// screen shows what matters and its three codes (300 px, decoded) in the
// first screen, with text and targets sized to be read and touched from a
// metre or two.
const fileOnly = (u) => /^(file|data|blob|about):/.test(u);
const SCREENS = [['landscape', 1920, 1080], ['portrait', 1080, 1920]];

async function screens(browser, kiosk) {
  const site = JSON.parse(readFileSync(join(root, 'content/site.json'), 'utf8'));
  for (const [shape, width, height] of SCREENS) {
    const name = (what) => `kiosk/${shape}: ${what}`;
    const context = await browser.newContext({ viewport: { width, height }, hasTouch: true, serviceWorkers: 'block' });
    await context.route('**', (route) => (fileOnly(route.request().url()) ? route.continue() : route.abort()));
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    try {
      await page.goto(pathToFileURL(join(kiosk, 'index.html')).href, { waitUntil: 'load' });
      const start = await page.evaluate(() => {
        const box = (e) => e && e.getBoundingClientRect();
        const inView = (e) => { const r = box(e); return !!r && r.width > 0 && r.top >= 0 && r.bottom <= innerHeight + 0.5 && r.left >= 0 && r.right <= innerWidth + 0.5; };
        return {
          scroll: document.documentElement.scrollHeight - innerHeight,
          prompts: [...document.querySelectorAll('.kiosk-prompt')].filter(inView).map((p) => [p.closest('[lang]').lang, p.textContent.trim()]),
          langs: [...document.querySelectorAll('.kiosk-lang')].filter(inView).length,
          tiles: [...document.querySelectorAll('.kiosk-tile')].filter(inView).length,
          search: inView(document.querySelector('.kiosk-search-entry')),
          slide: inView(document.querySelector('.kiosk-slide__name')) && inView(document.querySelector('.kiosk-slide .badge')),
          dots: document.querySelectorAll('.kiosk-dot').length,
          slides: document.querySelectorAll('.kiosk-slide').length,
          small: [...document.querySelectorAll('a, button, input')].filter((e) => { const r = box(e); return r.width > 0 && (r.width < 64 || r.height < 64); }).length,
          text: parseFloat(getComputedStyle(document.body).fontSize),
        };
      });
      const why = [];
      if (start.scroll > 0) why.push(`it scrolls by ${start.scroll} px`);
      for (const lang of site.languages)
        if (!start.prompts.some(([l, t]) => l === lang && t)) why.push(`no prompt in ${lang} on screen`);
      if (start.langs < site.languages.length) why.push(`${start.langs} language buttons on screen`);
      if (start.tiles < 4) why.push(`${start.tiles} tiles on screen`);
      if (!start.search) why.push('no search entry on screen');
      if (!start.slide) why.push('the featured product has no name or badge on screen');
      if (start.dots !== start.slides) why.push(`${start.dots} dots for ${start.slides} products`);
      if (start.small) why.push(`${start.small} targets under 64 px`);
      if (start.text < 24) why.push(`body text of ${start.text} px`);
      // A touch pauses the loop, and the current dot says so.
      await page.mouse.move(width / 4, height / 2);
      await page.mouse.move(width / 4 + 30, height / 2 + 10);
      const paused = await page.waitForSelector('.kiosk-dots.is-paused .kiosk-dot.is-current', { timeout: 3000 }).then(() => true, () => false);
      if (!paused) why.push('a touch does not pause the featured products');
      if (why.length) notOk(name('the start screen holds everything without scrolling'), why.join('; '));
      else ok(name(`the start screen holds everything without scrolling (${start.tiles} tiles, prompts in ${site.languages.join(', ')}, text ${start.text} px), and a touch pauses its products`));

      const slugs = readdirSync(join(kiosk, 'vi/products')).filter((d) => existsSync(join(kiosk, 'vi/products', d, 'index.html')));
      const bad = [];
      const sizes = new Set();
      for (const slug of slugs) {
        await page.goto(pathToFileURL(join(kiosk, 'vi/products', slug, 'index.html')).href, { waitUntil: 'load' });
        const screen = await page.evaluate(() => {
          const inView = (sel) => { const e = document.querySelector(sel); if (!e) return false; const r = e.getBoundingClientRect(); return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight + 0.5; };
          return {
            seen: Object.fromEntries(['.gallery__item img', '.product__title', '.product__header .badge', '.product__summary', '.product__validity', '.product__producer-line'].map((s) => [s, inView(s) || !document.querySelector(s)])),
            codes: [...document.querySelectorAll('.take-away .qr-code')].map((li) => {
              const svg = li.querySelector('svg');
              const r = svg.getBoundingClientRect();
              return { svg: svg.outerHTML, w: r.width, h: r.height, inView: r.top >= 0 && r.bottom <= innerHeight + 0.5, caption: li.querySelector('.qr-code__text').textContent.trim() };
            }),
            h1: parseFloat(getComputedStyle(document.querySelector('h1')).fontSize),
          };
        });
        const miss = Object.entries(screen.seen).filter(([, v]) => !v).map(([k]) => k);
        const codes = screen.codes.map((c) => ({ ...c, text: (() => { try { return decodeSvg(c.svg); } catch (e) { return `(${e.message})`; } })() }));
        const want = [['the page', (t) => t === `${site.base_url}vi/products/${slug}/`], ['the vCard', (t) => t.startsWith('BEGIN:VCARD')]];
        if (codes.some((c) => c.text.startsWith('https://zalo.me/')) || screen.codes.length > 2) want.push(['Zalo', (t) => t.startsWith('https://zalo.me/')]);
        if (miss.length) bad.push(`${slug}: not in the first screen: ${miss.join(', ')}`);
        for (const [what, test] of want) {
          const c = codes.find((x) => test(x.text));
          if (!c) bad.push(`${slug}: no code of ${what}`);
          else if (!c.inView || c.w < 280 || c.h < 280) bad.push(`${slug}: the code of ${what} is ${Math.round(c.w)} px${c.inView ? '' : ', below the first screen'}`);
          else if (!c.caption) bad.push(`${slug}: the code of ${what} has no caption`);
          else if (what !== 'the page' && site.placeholder_contacts && !c.caption.includes(site.placeholder_contacts.vi))
            bad.push(`${slug}: the caption of ${what} does not say the contact is a placeholder`);
          if (c) sizes.add(Math.round(c.w));
        }
        if (screen.h1 < 48) bad.push(`${slug}: the heading is ${screen.h1} px`);
      }
      // The last product's page code, as Chromium draws it, reads back.
      const drawn = await page.evaluate(async () => {
        const svg = document.querySelector('.take-away .qr-code svg');
        const img = new Image();
        img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.outerHTML)}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 330;
        const g = canvas.getContext('2d');
        g.drawImage(img, 0, 0, 330, 330);
        return Array.from(g.getImageData(0, 0, 330, 330).data);
      });
      const read = jsQR(new Uint8ClampedArray(drawn), 330, 330, { inversionAttempts: 'dontInvert' });
      const want = `${site.base_url}vi/products/${slugs[slugs.length - 1]}/`;
      if (!read || read.data !== want) bad.push(`the code that Chromium draws reads ${read ? JSON.stringify(read.data) : 'as nothing'}, not ${want}`);
      if (bad.length) notOk(name('every product screen shows what matters and its codes in the first screen'), `${bad.length} problems`, bad.slice(0, 20));
      else ok(name(`every product screen shows what matters and its codes (${[...sizes].join(', ')} px, decoded; one as Chromium draws it) in the first screen (${slugs.length} products)`));
    } catch (e) {
      notOk(name('screens'), e.message);
    } finally {
      await context.close();
    }
  }
}

// The search on a touchscreen without a keyboard: the keys on the screen
// find Miến dong from "mien dong", and the results are large targets.
async function keyboard(browser, kiosk) {
  await pageTest(browser, 'kiosk/keyboard: the on-screen keys find Miến dong from "mien dong"',
    { viewport: { width: 1080, height: 1920 }, hasTouch: true, allowed: fileOnly }, async (page) => {
      await page.goto(pathToFileURL(join(kiosk, 'vi/search/index.html')).href, { waitUntil: 'load' });
      if ((await page.getAttribute('#search-q', 'inputmode')) !== 'none') throw new Error('the system keyboard would open too');
      for (const k of 'mien xdong') await page.locator(`.osk [data-key="${k}"]`).tap();
      // A mistake, cleared.
      await page.locator('.osk [data-key="clear"]').tap();
      for (const k of 'mien dong') await page.locator(`.osk [data-key="${k}"]`).tap();
      if ((await page.inputValue('#search-q')) !== 'mien dong') throw new Error(`the field holds "${await page.inputValue('#search-q')}"`);
      const first = page.locator('#search-results > li a').first();
      await first.waitFor();
      const text = await first.innerText();
      if (!text.includes('Miến dong Tài Hoan')) throw new Error(`the first result is ${text}`);
      const box = await first.boundingBox();
      if (box.height < 64) throw new Error(`a result is ${box.height} px tall`);
      await page.locator('.osk [data-key="backspace"]').tap();
      if ((await page.inputValue('#search-q')) !== 'mien don') throw new Error('the delete key does not delete');
    });
}

async function main() {
  const web = build('kiosk: build tests/golden/kiosk', { dir: golden, out: 'golden-web' });
  const small = build('kiosk: build tests/golden/kiosk --kiosk', { dir: golden, out: 'golden-kiosk', kiosk: true });
  if (web && small) {
    qrTests(small, web);
    vcardTests(web);
  }
  const bundled = bundledKioskSite('kiosk: build . --kiosk');
  await withChromium(async (browser) => {
    if (bundled) await everyPage(browser, bundled);
    if (bundled) await screens(browser, bundled);
    if (bundled) await keyboard(browser, bundled);
    if (small) await idleReset(browser, small);
  });
}

await run('kiosk', main);
