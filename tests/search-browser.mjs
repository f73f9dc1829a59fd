// tests/search-browser.mjs: search and listing filters in Debian's Chromium
// (playwright-core), over HTTP from 127.0.0.1 (the web build) and from
// file:// (the kiosk build, whose links name index.html).
//
// In each: queries in Vietnamese (typed key by key, without accents, upper
// case, NFD), English and Chinese; a result list opened from its address
// (?q=), loading only the parts of the index the query needs; the back
// button from a result to its list; hostile queries that
// must neither throw nor add markup; the listing filters (group, area,
// star level) combined, kept in the address, cleared; the area's filter
// named after the site's areas, and the old ?district= links; the listing without
// JavaScript shows every product. No console error, no failed request, no
// request to another host.
//
// The sites are $OCOPGEN_SITE and $OCOPGEN_KIOSK_SITE when set (tests/run
// builds them once); otherwise they are built here with build/test/ocopgen.
// Prints "ok - ..." / "not ok - ..." lines; exit status 1 on any failure.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, bundledKioskSite, bundledSite, notOk, ok, reportWatched, root, run, runSteps, serve, tempPath, watchedPage, withChromium } from './lib/harness.mjs';

// The query of the listings' area filter: the id of the site's areas.
const areas = JSON.parse(readFileSync(join(root, 'content/site.json'), 'utf8')).areas.id;

// The results as the page shows them: name, link, and whether each has a
// star badge, a thumbnail and a producer line.
function results(page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('#search-results > li')).map((li) => ({
      name: li.querySelector('.search-result__name')?.textContent ?? '',
      href: li.querySelector('a')?.href ?? '',
      badge: !!li.querySelector('.badge[data-stars]'),
      thumb: !!li.querySelector('.search-result__thumb'),
      meta: li.querySelector('.search-result__meta')?.textContent ?? '',
    })),
  );
}

async function firstResult(page, want) {
  await page.waitForFunction(
    (w) => {
      const n = document.querySelector('#search-results > li .search-result__name');
      return n && n.textContent.includes(w);
    },
    want,
    { timeout: 5000 },
  ).catch(() => {});
  const r = await results(page);
  if (!r.length) throw new Error('no result');
  if (!r[0].name.includes(want)) throw new Error(`first result is "${r[0].name}", not "${want}"`);
  if (!r[0].badge || !r[0].thumb || !r[0].meta) throw new Error('the result lacks its badge, thumbnail or producer');
  return r;
}

// Sets the query as if typed at once (fill cannot type lone surrogates).
async function setQuery(page, q) {
  await page.evaluate((v) => {
    const input = document.getElementById('search-q');
    input.value = v;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, q);
}

// dir is the built site that base shows.
async function runMode(browser, mode, base, allowed, kiosk, dir) {
  const name = (s) => `search-browser/${mode}: ${s}`;
  // Leaving a page cancels its pending thumbnails (ERR_ABORTED); a missing
  // file is ERR_FILE_NOT_FOUND or an HTTP status.
  const watched = await watchedPage(browser, { allowed, ignoreAborted: true });
  const { page } = watched;

  // A folder of the site as this mode links to it.
  const url = (path, query = '') => `${base}${path}${kiosk ? 'index.html' : ''}${query}`;
  const productRe = (lang, slug) => new RegExp(`/${lang}/products/${slug}/${kiosk ? 'index\\.html' : ''}$`);

  const steps = [
    ['the header links to the search page', async () => {
      await page.goto(url('vi/'), { waitUntil: 'load' });
      const link = page.locator('header a[href*="search/"]:visible');
      if ((await link.count()) === 0) throw new Error('no link to search/ in the header');
      await Promise.all([page.waitForURL(/\/vi\/search\/(index\.html)?$/), link.first().click()]);
    }],
    ['vi: "mien dong" typed key by key finds Miến dong Tài Hoan', async () => {
      await page.locator('#search-q').pressSequentially('mien dong', { delay: 20 });
      const r = await firstResult(page, 'Miến dong Tài Hoan');
      if (!productRe('vi', 'mien-dong-tai-hoan').test(r[0].href)) throw new Error(`the result links to ${r[0].href}`);
      const q = new URL(page.url()).searchParams.get('q');
      if (q !== 'mien dong') throw new Error(`the address keeps q=${q}`);
    }],
    ['vi: "MIẾN DONG", "miến" and NFD Vietnamese', async () => {
      for (const q of ['MIẾN DONG', 'miến', 'Miến dong Tài Hoan'.normalize('NFD'), 'MIE\u0302\u0301N']) {
        await setQuery(page, q);
        await firstResult(page, 'Miến dong Tài Hoan');
      }
    }],
    ['vi: a result list opened from its address', async () => {
      await page.goto(url('vi/search/', '?q=m%E1%BA%ADt+ong'), { waitUntil: 'load' });
      await firstResult(page, 'Mật ong');
      const v = await page.inputValue('#search-q');
      if (v !== 'mật ong') throw new Error(`the field holds "${v}"`);
    }],
    ['en: "vermicelli" and "mien dong"', async () => {
      await page.goto(url('en/search/'), { waitUntil: 'load' });
      await setQuery(page, 'vermicelli');
      const r = await firstResult(page, 'arrowroot vermicelli');
      if (!productRe('en', 'mien-dong-tai-hoan').test(r[0].href)) throw new Error(`the result links to ${r[0].href}`);
      await setQuery(page, 'mien dong');
      await firstResult(page, 'arrowroot vermicelli');
    }],
    ['zh: "粉丝" and "蜂蜜", each loading only the parts of the index it needs', async () => {
      const parts = [];
      const seen = (r) => {
        const m = /\/zh\/search-index\/([td]\d+)\.js(\?v=[0-9a-f]+)?$/.exec(r.url());
        if (m) parts.push(m[1] + (m[2] ? '' : ' (no version)'));
      };
      page.on('request', seen);
      await page.goto(url('zh/search/'), { waitUntil: 'load' });
      if (parts.length) throw new Error(`the page loaded ${parts.join(' ')} before any query`);
      await page.locator('#search-q').fill('粉丝');
      await firstResult(page, '蕉芋粉丝');
      page.off('request', seen);
      const all = readdirSync(join(dir, 'zh/search-index')).filter((f) => f.startsWith('t')).length;
      const shards = parts.filter((p) => p.startsWith('t'));
      if (parts.some((p) => p.includes('no version'))) throw new Error(`a part loaded without its version: ${parts.join(' ')}`);
      if (shards.length !== 1) throw new Error(`"粉丝" (one bigram) loaded ${shards.length} term shards of ${all}: ${parts.join(' ')}`);
      if (!parts.some((p) => p.startsWith('d'))) throw new Error(`no chunk of products was loaded: ${parts.join(' ')}`);
      await page.locator('#search-q').fill('蜂蜜');
      await firstResult(page, '蜂蜜');
    }],
    ['zh: the back button from a result returns to its list', async () => {
      await page.locator('#search-q').press('Enter');
      const list = page.url();
      await Promise.all([page.waitForURL(productRe('zh', '[a-z0-9-]+')), page.locator('#search-results a').first().click()]);
      await page.goBack({ waitUntil: 'load' });
      if (page.url() !== list) throw new Error(`back at ${page.url()}, not ${list}`);
      await firstResult(page, '蜂蜜');
      const v = await page.inputValue('#search-q');
      if (v !== '蜂蜜') throw new Error(`the field holds "${v}"`);
    }],
    ['hostile queries neither throw nor add markup', async () => {
      const hostile = ['(', '*', '\\', '<script>window.pwned=1</script>', '"><img src=x onerror="window.pwned=1">', 'x'.repeat(2000),
        '\ud800', 'a\udc00b', '粉\ud83d', '__proto__', '.*+?[](){}|^$'];
      for (const q of hostile) {
        await setQuery(page, q);
        await page.locator('#search-q').press('Enter');
      }
      const bad = await page.evaluate(() => ({
        pwned: window.pwned === 1,
        markup: document.querySelectorAll('#search-results script, #search-results [onerror], #search-status *').length,
        items: document.querySelectorAll('#search-results > li').length,
      }));
      if (bad.pwned || bad.markup) throw new Error(`markup got in: ${JSON.stringify(bad)}`);
    }],
    ['filters: group and star level combined, kept in the address', async () => {
      await page.goto(url('vi/products/'), { waitUntil: 'load' });
      const form = page.locator('form.filters');
      if (!(await form.isVisible())) throw new Error('the filters are not shown');
      const total = await page.locator('.cards > li').count();
      await page.selectOption('form.filters select[name=group]', 'food');
      const food = await page.locator('.cards > li:visible').count();
      await page.selectOption('form.filters select[name=stars]', '5');
      const visible = await page.evaluate(() =>
        Array.from(document.querySelectorAll('.cards > li')).filter((li) => !li.hidden).map((li) => {
          const c = li.querySelector('[data-group]');
          return [c.dataset.group, c.dataset.stars];
        }));
      if (!visible.length || visible.some(([g, s]) => g !== 'food' || s !== '5')) throw new Error(`shown: ${JSON.stringify(visible)}`);
      if (!(food < total && visible.length <= food)) throw new Error(`${total} products, ${food} food, ${visible.length} food 5-star`);
      const u = new URL(page.url());
      if (u.searchParams.get('group') !== 'food' || u.searchParams.get('stars') !== '5') throw new Error(`address ${page.url()}`);
      await page.reload({ waitUntil: 'load' });
      const again = await page.locator('.cards > li:visible').count();
      if (again !== visible.length) throw new Error(`after reload ${again} shown, not ${visible.length}`);
      await page.locator('form.filters button[type=reset]').click();
      await page.waitForFunction((n) => document.querySelectorAll('.cards > li:not([hidden])').length === n, total);
      if (new URL(page.url()).search) throw new Error(`the address keeps ${new URL(page.url()).search}`);
    }],
    ['filters: area, by the query the site names its areas with', async () => {
      // Products of other places than the one chosen, shown.
      const others = (p) => page.evaluate((d) =>
        Array.from(document.querySelectorAll('.cards > li')).filter((li) => !li.hidden && li.querySelector('[data-group]').dataset.area !== d).length, p);
      const select = `form.filters select[name=${areas}][data-filter=area]`;
      const place = await page.locator(`${select} option`).nth(1).getAttribute('value');
      await page.selectOption(select, place);
      if (await others(place)) throw new Error('products of other areas shown');
      if (new URL(page.url()).searchParams.get(areas) !== place) throw new Error(`address ${page.url()}`);
      // An address with the query, and one with the old name.
      const shown = await page.locator('.cards > li:visible').count();
      for (const query of [`?${areas}=${place}`, `?district=${place}`]) {
        await page.goto(url('vi/products/', query), { waitUntil: 'load' });
        if (await page.inputValue(select) !== place || await others(place)) throw new Error(`${query} does not choose ${place}`);
        const n = await page.locator('.cards > li:visible').count();
        if (n !== shown) throw new Error(`${query}: ${n} shown, not ${shown}`);
      }
      const u = new URL(page.url());
      if (u.searchParams.has('district') || u.searchParams.get(areas) !== place) throw new Error(`the old link became ${page.url()}`);
    }],
  ];
  // Only the back button needs the steps before it.
  await runSteps(name, page, steps, (what) => what.startsWith('zh: the back'));
  await reportWatched(name, watched);

  // Without JavaScript, a listing shows every product and no filter.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await nojs.newPage();
  try {
    await p2.goto(url('vi/products/', '?group=food'), { waitUntil: 'load' });
    const shown = await p2.locator('.cards > li:visible').count();
    const all = await p2.locator('.cards > li').count();
    const form = await p2.locator('form.filters').isVisible();
    if (!all || shown !== all || form) notOk(name('without JavaScript a listing shows every product'), `${shown} of ${all} shown, filters ${form ? 'shown' : 'hidden'}`);
    else ok(name('without JavaScript a listing shows every product'));
    await p2.goto(url('vi/search/'), { waitUntil: 'load' });
    const text = await p2.locator('main').innerText();
    if (!/JavaScript/.test(text)) notOk(name('without JavaScript the search page says so'), 'no message');
    else ok(name('without JavaScript the search page says so'));
  } finally {
    await nojs.close();
  }
}

// On a catalogue of 400 products (bench/gen-catalogue; chunks of 64
// products): "3 sao" lists products 114 to 163 in their order, whose first
// screen is in chunk d1 and the rest in d2 as well. With d2 held back, the
// first screen is shown, the list aria-busy, before the rest; then all 50.
// Typing on ("3 sao " finds the same) shows the same elements again.
async function firstScreen(browser) {
  const name = (s) => `search-browser/large: ${s}`;
  const dir = tempPath('large');
  const gen = spawnSync(join(root, 'bench/gen-catalogue'), ['-n', '400', dir], { encoding: 'utf8' });
  if (gen.status !== 0) return notOk(name('a catalogue of 400 products'), 'bench/gen-catalogue failed', (gen.stderr || '').split('\n'));
  const site = build(name('build'), { dir, out: 'large-site' });
  if (!site) return;
  const { server, origin } = await serve(site);
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    let release;
    const held = new Promise((r) => (release = r));
    await page.route(/\/vi\/search-index\/d2\.js/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${origin}/vi/search/`, { waitUntil: 'load' });
    await page.evaluate(() => {
      const input = document.getElementById('search-q');
      input.value = '3 sao';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const state = () => page.evaluate(() => {
      const list = document.getElementById('search-results');
      return { n: list.children.length, busy: list.getAttribute('aria-busy'), q: list.getAttribute('data-query') };
    });
    await page.waitForFunction(() => document.getElementById('search-results').getAttribute('data-query') === '3 sao', null, { timeout: 5000 }).catch(() => {});
    const early = await state();
    if (early.q !== '3 sao' || early.n !== 8 || early.busy !== 'true')
      notOk(name('the first screen of results shows before the rest have come'), `with chunk d2 held back: ${JSON.stringify(early)}, want 8 results, aria-busy`);
    else ok(name('the first screen of results shows before the rest have come'));
    release();
    await page.waitForFunction(() => !document.getElementById('search-results').hasAttribute('aria-busy'), null, { timeout: 5000 }).catch(() => {});
    const late = await state();
    if (late.n !== 50 || late.busy !== null) notOk(name('then every result, and the list is no longer busy'), JSON.stringify(late));
    else ok(name('then every result, and the list is no longer busy'));
    await page.evaluate(() => {
      document.querySelectorAll('#search-results > li').forEach((li, i) => (li.dataset.mark = String(i)));
      const input = document.getElementById('search-q');
      input.value = '3 sao ';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForFunction(() => document.getElementById('search-results').getAttribute('data-query') === '3 sao ', null, { timeout: 5000 }).catch(() => {});
    const marks = await page.evaluate(() => Array.from(document.querySelectorAll('#search-results > li'), (li) => li.dataset.mark ?? '-').join(','));
    const want = Array.from({ length: 50 }, (_, i) => String(i)).join(',');
    if (marks !== want) notOk(name('typing on keeps the elements of the same results'), `marks ${marks.slice(0, 60)}...`);
    else ok(name('typing on keeps the elements of the same results'));
  } finally {
    await ctx.close();
    server.close();
  }
}

async function main() {
  const site = bundledSite('search-browser: build');
  const kiosk = bundledKioskSite('search-browser: build --kiosk');
  await withChromium(async (browser) => {
    if (site) {
      const { server, origin } = await serve(site);
      try {
        await runMode(browser, 'http', `${origin}/`, (u) => u.startsWith(origin + '/') || /^(data|blob|about):/.test(u), false, site);
      } finally {
        server.close();
      }
    }
    await firstScreen(browser);
    if (kiosk) {
      const base = pathToFileURL(kiosk).href + '/';
      await runMode(browser, 'file', base, (u) => /^(file|data|blob|about):/.test(u), true, kiosk);
    } else {
      notOk('search-browser/file', 'no kiosk build to open');
    }
  });
}

await run('search-browser', main);
