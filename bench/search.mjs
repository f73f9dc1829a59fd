// bench/search.mjs SITE [BUNDLED]: the search page measured, beside Pagefind
// on the same built site. bench/run calls it with the synthetic catalogue's
// site and the bundled one; it measures and never judges.
//
// - the index per language, for SITE and BUNDLED: its head
//   (<lang>/search-index.js), its parts (<lang>/search-index/), the largest
//   part, and assets/search.js, raw and gzipped;
// - time to first result in headless Chromium (Debian's /usr/bin/chromium):
//   from the start of the navigation to vi/search/?q=... until the results
//   are in the page, over file:// and over HTTP from 127.0.0.1, the bytes
//   of the index and search.js the browser downloaded for them (over HTTP:
//   the page shows its results when the parts for all of them have come, so
//   this is also what the first result costs), and the time of one query
//   once its parts are loaded;
// - Pagefind (bench/node_modules, `npm install` in bench/) indexes SITE; over
//   HTTP (it cannot run from file://, where fetch and WebAssembly are
//   blocked) the same query from navigation start to the first result's
//   data, and the bytes of Pagefind's files the browser downloaded for it;
// - each keystroke with the CPU throttled 4× (a phone): over HTTP, in a
//   fresh context per query, /vi/search/ with Emulation.setCPUThrottlingRate
//   4, its first load settled; then the query typed into #search-q one
//   character at a time (page.keyboard.type), and for each keystroke the
//   time, in the page (performance.now()), from its input event (a capture
//   listener on window, ahead of the page's own) until #search-results'
//   data-query (set by the page when the results of a query are in it) is
//   exactly the input's value. The next key is typed when the last one's
//   results are in. A first pass (the index parts not loaded yet), then the
//   same query again in the same page (the input emptied first; the parts
//   cached); the median and maximum over the keystrokes, per query and over
//   all. A keystroke without its results in 5 s counts as n/a; a page that
//   never sets data-query (an older build) gives n/a for the whole measure.
//
// VERBOSE=1 prints each keystroke's time as well.
//
// Each timing but the keystrokes' is the median of RUNS (5) fresh browser
// contexts, so nothing is cached between runs.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.RUNS || 5);
const QUERY = process.env.QUERY || 'mien dong';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
// Typed one key at a time with the CPU throttled; "curcumim" is a typo, its
// last keystrokes go through the correction.
const TYPED = ['mien dong tai hoan', 'mat ong rung', 'tra shan tuyet', '5 sao', 'curcumim'];
const THROTTLE = 4;
const KEY_TIMEOUT = 5000; // ms for one keystroke's results

const [site, bundled] = process.argv.slice(2).map((p) => p && resolve(p));
if (!site || !existsSync(join(site, 'vi/search-index.js'))) {
  console.error('usage: bench/search.mjs SITE [BUNDLED]  (SITE built by ocopgen, with vi/search-index.js)');
  process.exit(2);
}

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  console.log('search: playwright-core is missing (npm install in bench/); sizes only');
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');

function sizes(dir, label) {
  const script = readFileSync(join(dir, 'assets/search.js'));
  const gz = (b) => gzipSync(b, { level: 9 }).length;
  console.log(`search index, ${label} (raw / gzip; plus assets/search.js ${kb(script.length)} / ${kb(gz(script))}):`);
  for (const lang of ['vi', 'en', 'zh']) {
    const f = join(dir, lang, 'search-index.js');
    if (!existsSync(f)) continue;
    const head = readFileSync(f);
    const parts = readdirSync(join(dir, lang, 'search-index')).map((p) => readFileSync(join(dir, lang, 'search-index', p)));
    const sum = (xs) => xs.reduce((a, b) => a + b, 0);
    const largest = parts.reduce((a, b) => (b.length > a.length ? b : a), Buffer.alloc(0));
    console.log(`  ${lang}: head ${kb(head.length)}; ${parts.length} parts, ${kb(sum(parts.map((p) => p.length)))} / ${kb(sum(parts.map(gz)))} in all; the largest ${kb(largest.length)} / ${kb(gz(largest))}`);
  }
}

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.webp': 'image/webp', '.svg': 'image/svg+xml' };
// A static server; /pagefind/ comes from pf when given.
function serve(dir, pf) {
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const base = pf && path.startsWith('/pagefind/') ? pf : dir;
    const rel = pf && path.startsWith('/pagefind/') ? path.slice('/pagefind'.length) : path;
    let file = normalize(join(base, rel));
    if (!file.startsWith(base + sep) && file !== base) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

// Ours: navigation start to the results in the page, and the bytes of the
// index and search.js downloaded on the way (counted over HTTP only: the
// browser reports no sizes for file://).
async function ours(browser, url) {
  const times = [];
  const bytes = [];
  let query = NaN;
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    let n = 0;
    page.on('response', async (r) => {
      if (!/\/search-index(\.js|\/)|\/assets\/search\.js/.test(r.url())) return;
      try {
        n += (await r.body()).length;
      } catch {
        /* file:// */
      }
    });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForSelector('#search-results li', { timeout: 30000 });
    times.push(await page.evaluate(() => performance.now()));
    await page.waitForLoadState('networkidle');
    bytes.push(n);
    if (i === 0) {
      query = await page.evaluate(async (q) => {
        const input = document.getElementById('search-q');
        const list = document.getElementById('search-results');
        const t0 = performance.now();
        for (let k = 0; k < 20; k++) {
          input.value = k % 2 ? q : q + ' ';
          input.dispatchEvent(new Event('input'));
          await new Promise((done) => {
            const wait = () => (list.hasAttribute('aria-busy') ? setTimeout(wait, 0) : done());
            wait();
          });
        }
        return (performance.now() - t0) / 20;
      }, QUERY);
    }
    await ctx.close();
  }
  return { first: median(times), query, bytes: median(bytes) };
}

// Pagefind: navigation start to the first result's data, and the bytes of
// its files downloaded on the way.
async function pagefind(browser, origin) {
  const times = [];
  const bytes = [];
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    let n = 0;
    page.on('response', async (r) => {
      if (!r.url().includes('/pagefind/')) return;
      try {
        n += (await r.body()).length;
      } catch {
        /* a response without a body */
      }
    });
    await page.goto(`${origin}/vi/search/`, { waitUntil: 'commit' });
    const t = await page.evaluate(async (q) => {
      const pf = await import('/pagefind/pagefind.js');
      await pf.init();
      const r = await pf.search(q);
      if (r.results.length) await r.results[0].data();
      return performance.now();
    }, QUERY);
    await page.waitForLoadState('networkidle');
    times.push(t);
    bytes.push(n);
    await ctx.close();
  }
  return { first: median(times), bytes: median(bytes) };
}

// Arms the measure of one keystroke in the page: window.__keystroke
// resolves to [first, all], the ms from the next input event on the page
// until #search-results' data-query is want (the first screen of results
// is in), and until it is want with no aria-busy (every result is in), or
// to null after KEY_TIMEOUT.
function armKeystroke([want, timeout]) {
  const list = document.getElementById('search-results');
  window.__keystroke = new Promise((done) => {
    let t0 = null;
    let first = null;
    let timer = null;
    const end = (v) => {
      mo.disconnect();
      window.removeEventListener('input', onInput, true);
      clearTimeout(timer);
      clearTimeout(guard);
      done(v);
    };
    const onInput = () => {
      if (t0 !== null) return;
      t0 = performance.now();
      timer = setTimeout(() => end(null), timeout);
    };
    const mo = new MutationObserver(() => {
      if (t0 === null || list.getAttribute('data-query') !== want) return;
      if (first === null) first = performance.now() - t0;
      if (!list.hasAttribute('aria-busy')) end([first, performance.now() - t0]);
    });
    mo.observe(list, { attributes: true, attributeFilter: ['data-query', 'aria-busy'] });
    window.addEventListener('input', onInput, true);
    const guard = setTimeout(() => end(null), 2 * timeout); // no input event came
  });
}

// Each keystroke of each TYPED query with the CPU throttled: for pass 0
// (parts loading) and pass 1 (the same query again, parts cached), a list
// of { q, first, all }: per keystroke, ms until the first screen of results
// and until all of them (NaN for a keystroke that timed out). null when the
// page never sets data-query.
async function keystrokes(browser, origin) {
  const passes = [[], []];
  for (const q of TYPED) {
    const ctx = await browser.newContext();
    try {
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
      await page.goto(`${origin}/vi/search/`, { waitUntil: 'load' });
      await page.waitForLoadState('networkidle');
      await page.focus('#search-q');
      for (let pass = 0; pass < 2; pass++) {
        if (pass) {
          await page.evaluate(() => {
            const input = document.getElementById('search-q');
            input.value = '';
            input.dispatchEvent(new Event('input', { bubbles: true }));
          });
          await page.waitForTimeout(100);
        }
        const first = [];
        const all = [];
        for (let k = 1; k <= q.length; k++) {
          await page.evaluate(armKeystroke, [q.slice(0, k), KEY_TIMEOUT]);
          await page.keyboard.type(q[k - 1]);
          const t = await page.evaluate(() => window.__keystroke);
          if (t === null && !(await page.evaluate(() => document.getElementById('search-results').hasAttribute('data-query')))) return null;
          first.push(t === null ? NaN : t[0]);
          all.push(t === null ? NaN : t[1]);
        }
        passes[pass].push({ q, first, all });
      }
    } finally {
      await ctx.close();
    }
  }
  return passes;
}

// "median / max" of keystroke times, n/a for those that timed out.
function spread(xs) {
  const ok = xs.filter(Number.isFinite);
  const max = ok.length < xs.length ? `n/a (${xs.length - ok.length} over ${KEY_TIMEOUT / 1000} s)` : ms(Math.max(...ok));
  return `${ms(median(ok))} / ${max}`;
}

function printKeystrokes(passes) {
  console.log(`each keystroke on vi/search/, http, CPU throttled ${THROTTLE}× (a phone): input event to its results in the page, median / max over the keystrokes:`);
  if (!passes) {
    console.log(`  n/a: the page never set data-query on #search-results within ${KEY_TIMEOUT / 1000} s (an older build)`);
    return;
  }
  const width = Math.max(...TYPED.map((q) => q.length)) + 8;
  for (const [key, what] of [['first', 'the first screen of results (8)'], ['all', 'every result']]) {
    console.log(`  until ${what} is in:`);
    console.log(`  ${'query (keys)'.padEnd(width)}  ${'first pass, parts loading'.padEnd(30)}  second pass, parts cached`);
    const row = (label, a, b) => console.log(`  ${label.padEnd(width)}  ${spread(a).padEnd(30)}  ${spread(b)}`);
    passes[0].forEach((r, i) => row(`"${r.q}" (${r.q.length})`, r[key], passes[1][i][key]));
    if (process.env.VERBOSE)
      passes.forEach((p, k) => p.forEach((r) => console.log(`    pass ${k + 1}, "${r.q}": ${r[key].map((t) => t.toFixed(0)).join(' ')}`)));
    const every = (p) => p.flatMap((r) => r[key]);
    row(`all (${every(passes[0]).length})`, every(passes[0]), every(passes[1]));
  }
}

sizes(site, `${site}`);
if (bundled && existsSync(join(bundled, 'vi/search-index.js'))) sizes(bundled, 'bundled site');

if (chromium && existsSync(chromiumPath)) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const tmp = mkdtempSync(join(tmpdir(), 'ocopgen-search-bench.'));
  try {
    const q = encodeURIComponent(QUERY);
    const file = await ours(browser, `${pathToFileURL(site).href}/vi/search/index.html?q=${q}`);
    const server = await serve(site);
    const origin = `http://127.0.0.1:${server.address().port}`;
    const web = await ours(browser, `${origin}/vi/search/?q=${q}`);
    const keys = await keystrokes(browser, origin);
    server.close();
    console.log(`query "${QUERY}" on vi/search/ (median of ${RUNS}, navigation start to the results):`);
    console.log(`  ocopgen, file://:  ${ms(file.first)}; one query with its parts loaded ${ms(file.query)}`);
    console.log(`  ocopgen, http:     ${ms(web.first)}; downloads ${kb(web.bytes)} of the index and search.js for the results (uncompressed)`);

    const bin = join(here, 'node_modules/.bin/pagefind');
    if (!existsSync(bin)) {
      console.log('  pagefind: not installed (npm install in bench/)');
    } else {
      const out = join(tmp, 'pagefind');
      const t0 = Date.now();
      const r = spawnSync(bin, ['--site', site, '--output-path', out], { encoding: 'utf8' });
      if (r.status !== 0) {
        console.log(`  pagefind: indexing failed (exit ${r.status}): ${(r.stderr || r.stdout || '').split('\n').slice(-3).join(' ')}`);
      } else {
        const pserver = await serve(site, out);
        const porigin = `http://127.0.0.1:${pserver.address().port}`;
        const p = await pagefind(browser, porigin);
        pserver.close();
        console.log(`  pagefind, http:    ${ms(p.first)}; downloads ${kb(p.bytes)} of its files for the query (indexing the site took ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        console.log('  pagefind, file://: does not run (fetch and WebAssembly are blocked there)');
      }
    }
    printKeystrokes(keys);
  } finally {
    await browser.close();
    rmSync(tmp, { recursive: true, force: true });
  }
} else {
  console.log('search: no Chromium; timings skipped');
}
