// bench/relevance.mjs: how well a search engine answers judged queries, for
// ocopgen's search page and for Pagefind on the same product pages. It
// measures and never judges: it prints tables and exits 0 whatever the
// figures.
//
//   node bench/relevance.mjs [--site DIR] [--json OUT.json] [--verbose]
//                            [--no-pagefind] QUERIES.json...
//
// DIR is a site built by ocopgen (default: public/ of the checkout, made by
// `make`), used read-only. Each QUERIES.json is an array of
//   {"lang": "vi", "q": "mat ong 3 sao", "buyer": "...", "kinds": [...],
//    "relevant": ["slug", ...], "acceptable": ["slug", ...], "why": "..."}
// where a slug is a product folder (<lang>/products/<slug>/index.html).
//
// The engines, each giving a ranked list of product slugs per query:
// - ocopgen: DIR served over HTTP from 127.0.0.1, /<lang>/search/?q=... in
//   headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM), until
//   #search-results has no aria-busy and #search-status has text (10 s at
//   most; a time-out counts as no result). The list is every
//   a.search-result__link of the page in document order (the main results,
//   then the secondary lists such as "also mentioned"), first occurrence
//   of a slug wins.
// - Pagefind (bench/node_modules, `npm install` in bench/): a copy of DIR in
//   a temporary folder, its product pages of every language indexed (one
//   index per <html lang>), queried from /<lang>/search/ of the copy so that
//   Pagefind picks that language's index; the list is the URLs of all its
//   results in its order, product pages of that language only. Before
//   indexing, the <main> element of every product page of the copy (never
//   of DIR) gets the attribute data-pagefind-body, so that Pagefind indexes
//   each page's main content only, not the header, footer and navigation
//   that every page shares, as Pagefind's documentation recommends.
//
// Per query, over the list L and the judged sets R (relevant) and A
// (acceptable):
//   precision@5  of the first k = min(5, |L|): those in R or A / k (0 if L
//                is empty)
//   recall       |R in L| / |R|, over the whole list
//   first right  L[0] is in R or A
//   no result    L is empty
// and the means of these over all queries, per language and per kind (a
// query counts under each of its kinds).
//
// Exit status: 0 measured, 2 wrong usage (options, query files), 1 the site
// is missing or a tool (Chromium, playwright-core, Pagefind) is unusable.
import { cpSync, createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { judge } from '../tests/lib/judge.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 10000; // per query, in ms
const USAGE = 'usage: node bench/relevance.mjs [--site DIR] [--json OUT.json] [--verbose] [--no-pagefind] QUERIES.json...';

function usage(message) {
  if (message) console.error(`relevance: ${message}`);
  console.error(USAGE);
  process.exit(2);
}
function fail(message) {
  console.error(`relevance: ${message}`);
  process.exit(1);
}

// ---- arguments -------------------------------------------------------------

const opts = { site: resolve(here, '..', 'public'), json: null, verbose: false, pagefind: true, files: [] };
{
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      if (i + 1 >= args.length) usage(`${a} needs a value`);
      return args[++i];
    };
    if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a === '--site' || a.startsWith('--site=')) opts.site = resolve(value());
    else if (a === '--json' || a.startsWith('--json=')) opts.json = resolve(value());
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--no-pagefind') opts.pagefind = false;
    else if (a === '--') opts.files.push(...args.slice(i + 1)), (i = args.length);
    else if (a.startsWith('-') && a !== '-') usage(`unknown option ${a}`);
    else opts.files.push(a);
  }
  if (!opts.files.length) usage('no query file given');
}

// ---- the judged queries ----------------------------------------------------

const isStrings = (x) => Array.isArray(x) && x.every((s) => typeof s === 'string');
const queries = [];
for (const file of opts.files) {
  let list;
  try {
    list = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    usage(`${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  if (!Array.isArray(list)) usage(`${file}: not a JSON array of queries`);
  list.forEach((e, i) => {
    const where = `${file}: query ${i + 1}`;
    if (!e || typeof e !== 'object') usage(`${where}: not an object`);
    if (typeof e.lang !== 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$/.test(e.lang)) usage(`${where}: "lang" must be a language code`);
    if (typeof e.q !== 'string' || !e.q.trim()) usage(`${where}: "q" must be a non-empty string`);
    if (!isStrings(e.relevant)) usage(`${where} (${e.lang} "${e.q}"): "relevant" must be an array of slugs`);
    if (e.acceptable !== undefined && !isStrings(e.acceptable)) usage(`${where}: "acceptable" must be an array of slugs`);
    if (e.kinds !== undefined && !isStrings(e.kinds)) usage(`${where}: "kinds" must be an array of strings`);
    queries.push({
      file, n: i + 1, lang: e.lang, q: e.q, kinds: e.kinds && e.kinds.length ? [...new Set(e.kinds)] : ['(none)'],
      relevant: [...new Set(e.relevant)], acceptable: [...new Set(e.acceptable || [])],
    });
  });
}
if (!queries.length) usage('the query files hold no query');

// ---- the site ----------------------------------------------------------------

const site = opts.site;
if (!existsSync(site) || !statSync(site).isDirectory()) fail(`no site at ${site} (run make, or give --site DIR)`);
const siteLangs = readdirSync(site).filter((d) => existsSync(join(site, d, 'search', 'index.html')) && existsSync(join(site, d, 'products')));
if (!siteLangs.length) fail(`${site} is not a site built by ocopgen (no <lang>/search/index.html)`);
for (const lang of new Set(queries.map((q) => q.lang)))
  if (!siteLangs.includes(lang)) fail(`${site} has no language "${lang}" (it has ${siteLangs.join(', ')})`);
const products = {}; // lang -> Set of slugs with a product page
for (const lang of siteLangs)
  products[lang] = new Set(readdirSync(join(site, lang, 'products')).filter((s) => existsSync(join(site, lang, 'products', s, 'index.html'))));
{
  const unknown = new Map();
  for (const q of queries)
    for (const s of [...q.relevant, ...q.acceptable])
      if (!products[q.lang].has(s)) unknown.set(`${q.lang}/${s}`, `${q.lang} "${q.q}"`);
  for (const [s, q] of unknown) console.error(`relevance: warning: ${s} is no product page of the site (judged for ${q})`);
  const noRelevant = queries.filter((q) => !q.relevant.length);
  if (noRelevant.length) console.error(`relevance: warning: ${noRelevant.length} queries judge no product relevant; their recall is left out of the means`);
}

// ---- tools -------------------------------------------------------------------

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  fail('playwright-core is missing (npm install in bench/)');
}
if (!existsSync(chromiumPath)) fail(`no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM)`);
let pagefindApi;
if (opts.pagefind) {
  try {
    pagefindApi = await import('pagefind');
  } catch {
    fail('Pagefind is missing (npm install in bench/, or --no-pagefind)');
  }
}

// ---- a static server ---------------------------------------------------------

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.webp': 'image/webp',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon',
  '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.csv': 'text/csv; charset=utf-8',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.vcf': 'text/vcard; charset=utf-8',
};
function serve(dir) {
  const server = http.createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return res.writeHead(400).end();
    }
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir + sep) && file !== dir) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}

// The language folder and slug of a product page's URL, or null.
function productOf(href) {
  let path;
  try {
    path = decodeURIComponent(new URL(href, 'http://x/').pathname);
  } catch {
    return null;
  }
  const m = /(?:^|\/)([^/]+)\/products\/([^/]+)\/(?:index\.html)?$/.exec(path);
  return m ? { lang: m[1], slug: m[2] } : null;
}

// The slugs of lang's product pages among urls, in order, each once; and
// the number of other URLs (not product pages, or another language's).
function slugsOf(urls, lang) {
  const list = [];
  let other = 0, foreign = 0;
  for (const u of urls) {
    const p = productOf(u);
    if (!p) other++;
    else if (p.lang !== lang) foreign++;
    else if (!list.includes(p.slug)) list.push(p.slug);
  }
  return { list, other, foreign };
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, no) => (timer = setTimeout(() => no(new Error(`timed out after ${ms / 1000} s`)), ms))),
  ]);
}

const LAUNCH = { executablePath: chromiumPath, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] };

// ---- ocopgen's search page ---------------------------------------------------

async function runOcopgen(browser) {
  const { server, origin } = await serve(site);
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const out = [];
  const t0 = performance.now();
  try {
    for (const q of queries) {
      const start = performance.now();
      const deadline = start + TIMEOUT;
      let urls = [], error = null;
      try {
        await page.goto(`${origin}/${q.lang}/search/?q=${encodeURIComponent(q.q)}`, { waitUntil: 'domcontentloaded', timeout: TIMEOUT });
        await page.waitForFunction(() => {
          const list = document.getElementById('search-results');
          const status = document.getElementById('search-status');
          return !!list && !!status && !list.hasAttribute('aria-busy') && status.textContent.trim() !== '';
        }, null, { polling: 20, timeout: Math.max(1, deadline - performance.now()) });
        urls = await page.locator('a.search-result__link').evaluateAll((as) => as.map((a) => a.href));
      } catch (e) {
        error = /timeout|timed out/i.test(e.message) ? 'timed out' : e.message.split('\n')[0];
      }
      const got = slugsOf(urls, q.lang);
      out.push({ ...got, ms: performance.now() - start, error });
    }
  } finally {
    await context.close();
    server.close();
  }
  return { results: out, ms: performance.now() - t0 };
}

// ---- Pagefind ----------------------------------------------------------------

// Adds data-pagefind-body to the <main> element of every product page of
// the copy: Pagefind then indexes the main content only. Returns the number
// of pages marked and the pages without a <main>.
function markMain(copy) {
  let marked = 0;
  const without = [];
  for (const lang of siteLangs)
    for (const slug of products[lang]) {
      const file = join(copy, lang, 'products', slug, 'index.html');
      if (statSync(file).ino === statSync(join(site, lang, 'products', slug, 'index.html')).ino)
        throw new Error(`${file} is the site's own file (a hard link), not a copy`);
      const html = readFileSync(file, 'utf8');
      const out = html.replace(/<main(?=[\s>])/i, '<main data-pagefind-body');
      if (out === html) without.push(`${lang}/products/${slug}`);
      else writeFileSync(file, out), marked++;
    }
  return { marked, without };
}

async function indexPagefind(copy) {
  const glob = siteLangs.length > 1 ? `{${siteLangs.join(',')}}/products/*/index.html` : `${siteLangs[0]}/products/*/index.html`;
  const { index, errors } = await pagefindApi.createIndex({ verbose: false });
  if (!index) throw new Error(`createIndex: ${(errors || []).join('; ')}`);
  try {
    const added = await index.addDirectory({ path: copy, glob });
    if (added.errors && added.errors.length) throw new Error(`addDirectory: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(copy, 'pagefind') });
    if (written.errors && written.errors.length) throw new Error(`writeFiles: ${written.errors.join('; ')}`);
    return { pages: added.page_count, glob };
  } finally {
    await pagefindApi.close();
  }
}

// The languages Pagefind wrote an index for, from pagefind-entry.json.
function pagefindLanguages(copy) {
  try {
    const entry = JSON.parse(readFileSync(join(copy, 'pagefind', 'pagefind-entry.json'), 'utf8'));
    return Object.entries(entry.languages || {}).map(([lang, v]) => `${lang} (${v.page_count} pages)`);
  } catch {
    return [];
  }
}

async function runPagefind(browser, copy) {
  const { server, origin } = await serve(copy);
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  // ocopgen's own search script is not needed on the page Pagefind runs in.
  await page.route(/\/assets\/search\.js/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
  const out = [];
  let onLang = null; // the language of the search page now open
  const t0 = performance.now();
  try {
    for (const q of queries) {
      const start = performance.now();
      let urls = [], error = null, docLang = null;
      try {
        if (onLang !== q.lang) {
          onLang = null;
          await page.goto(`${origin}/${q.lang}/search/`, { waitUntil: 'domcontentloaded', timeout: TIMEOUT });
          onLang = q.lang;
        }
        ({ urls, docLang } = await withTimeout(page.evaluate(async (query) => {
          if (!window.__pagefind) {
            window.__pagefind = await import('/pagefind/pagefind.js');
            if (typeof window.__pagefind.init === 'function') await window.__pagefind.init();
          }
          const s = await window.__pagefind.search(query);
          const data = await Promise.all((s ? s.results : []).map((r) => r.data()));
          return { urls: data.map((d) => d.url), docLang: document.documentElement.lang };
        }, q.q), Math.max(1, start + TIMEOUT - performance.now())));
      } catch (e) {
        error = /timeout|timed out/i.test(e.message) ? 'timed out' : e.message.split('\n')[0];
        onLang = null; // open the page afresh for the next query
      }
      const got = slugsOf(urls, q.lang);
      out.push({ ...got, ms: performance.now() - start, error, docLang, firstUrl: urls[0] || null });
    }
  } finally {
    await context.close();
    server.close();
  }
  return { results: out, ms: performance.now() - t0 };
}

// ---- measures ----------------------------------------------------------------

function measure(q, list) {
  const m = judge(list, q.relevant, q.acceptable);
  const relevantExists = q.relevant.some((s) => products[q.lang].has(s));
  return { ...m, emptyButRelevant: m.none && relevantExists };
}

function summarize(rows) {
  const n = rows.length;
  const withR = rows.filter((r) => r.recall !== null);
  const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  return {
    queries: n,
    precision5: mean(rows.map((r) => r.p5)),
    recall: mean(withR.map((r) => r.recall)),
    first_right: mean(rows.map((r) => r.first)),
    first_right_count: rows.filter((r) => r.first).length,
    no_result: rows.filter((r) => r.none).length,
    empty_but_relevant: rows.filter((r) => r.emptyButRelevant).length,
    timed_out: rows.filter((r) => r.error === 'timed out').length,
    errors: rows.filter((r) => r.error && r.error !== 'timed out').length,
  };
}

// Means overall, per language and per kind, of one engine's rows (in the
// order of the queries).
function aggregate(rows) {
  const by = (keyOf) => {
    const groups = new Map();
    rows.forEach((r, i) => {
      for (const key of keyOf(queries[i])) {
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(r);
      }
    });
    return Object.fromEntries([...groups].map(([k, rs]) => [k, summarize(rs)]));
  };
  return { all: summarize(rows), byLang: by((q) => [q.lang]), byKind: by((q) => q.kinds) };
}

// ---- printing ----------------------------------------------------------------

const f3 = (x) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (i ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

function printTables(engines) {
  const names = engines.map((e) => e.name);
  const S = engines.map((e) => e.agg.all);
  console.log('\n## All queries\n');
  console.log(table(['measure', ...names], [
    ['queries', ...S.map((s) => s.queries)],
    ['mean precision@5', ...S.map((s) => f3(s.precision5))],
    ['mean recall', ...S.map((s) => f3(s.recall))],
    ['first result right', ...S.map((s) => `${f3(s.first_right)} (${s.first_right_count}/${s.queries})`)],
    ['no result', ...S.map((s) => s.no_result)],
    ['empty where a relevant product exists', ...S.map((s) => s.empty_but_relevant)],
    ['timed out', ...S.map((s) => s.timed_out)],
    ...(S.some((s) => s.errors) ? [['failed (other errors)', ...S.map((s) => s.errors)]] : []),
    ['time, in all', ...engines.map((e) => e.time)],
  ]));
  const split = (title, field, keys) => {
    console.log(`\n## By ${title}\n`);
    const head = [title, 'queries'];
    for (const m of ['P@5', 'recall', 'first right', 'no result']) for (const n of names) head.push(names.length > 1 ? `${m} ${n}` : m);
    const rows = keys.map((k) => {
      const ss = engines.map((e) => e.agg[field][k]);
      const row = [k, ss[0].queries];
      row.push(...ss.map((s) => f3(s.precision5)), ...ss.map((s) => f3(s.recall)), ...ss.map((s) => f3(s.first_right)), ...ss.map((s) => s.no_result));
      return row;
    });
    console.log(table(head, rows));
  };
  split('language', 'byLang', [...new Set(queries.map((q) => q.lang))]);
  split('kind', 'byKind', [...new Set(queries.flatMap((q) => q.kinds))]);
}

function printVerbose(engines) {
  console.log('\n## Each query\n');
  console.log('(+ relevant, ~ acceptable, - neither; "missed": relevant products not in the list at all)');
  queries.forEach((q, i) => {
    const kinds = q.kinds[0] === '(none)' ? '' : ` [${q.kinds.join(', ')}]`;
    console.log(`\n${q.lang} "${q.q}"${kinds}`);
    const width = Math.max(...engines.map((e) => e.name.length));
    for (const e of engines) {
      const r = e.rows[i];
      const mark = (s) => (q.relevant.includes(s) ? '+' : q.acceptable.includes(s) ? '~' : '-') + s;
      const top = r.list.slice(0, 5).map(mark).join(' ') || '(no result)';
      const more = r.list.length > 5 ? ` …(${r.list.length})` : '';
      const missed = q.relevant.filter((s) => !r.list.includes(s));
      const flags = [
        r.error ? `!! ${r.error}` : '',
        missed.length ? `missed: ${missed.join(', ')}` : '',
        r.foreign ? `!! ${r.foreign} results of another language` : '',
      ].filter(Boolean).join('; ');
      const recall = r.recall === null ? 'n/a' : r.recall.toFixed(2);
      console.log(`  ${e.name.padEnd(width)}  P@5 ${r.p5.toFixed(2)}  R ${recall}  first ${r.first ? 'right' : 'WRONG'}  ${top}${more}${flags ? `  ${flags}` : ''}`);
    }
  });
}

// ---- main --------------------------------------------------------------------

let tmp = null;
const cleanup = () => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = null;
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (cleanup(), process.exit(130)));

let browser;
try {
  browser = await chromium.launch(LAUNCH);
} catch (e) {
  fail(`Chromium does not start: ${e.message.split('\n')[0]}`);
}

const engines = [];
let status = 0;
console.log(`relevance: ${queries.length} judged queries from ${opts.files.join(', ')}; site ${site}`);
try {
  const ours = await runOcopgen(browser);
  const rows = queries.map((q, i) => ({ ...ours.results[i], ...measure(q, ours.results[i].list) }));
  engines.push({ name: 'ocopgen', rows, agg: aggregate(rows), ms: ours.ms, time: secs(ours.ms) });
  console.log(`ocopgen: ${queries.length} queries in ${secs(ours.ms)} (${(ours.ms / queries.length).toFixed(0)} ms each on average, page load included)`);

  if (opts.pagefind) {
    try {
      tmp = mkdtempSync(join(tmpdir(), 'ocopgen-relevance.'));
      const copy = join(tmp, 'site');
      let t = performance.now();
      cpSync(site, copy, { recursive: true });
      const copyMs = performance.now() - t;
      const { marked, without } = markMain(copy);
      console.log(`pagefind: data-pagefind-body added to <main> of ${marked} product pages of the copy${without.length ? `; !! no <main> in ${without.length} (${without.slice(0, 3).join(', ')}${without.length > 3 ? ', …' : ''}), not indexed` : ''}`);
      t = performance.now();
      const { pages, glob } = await indexPagefind(copy);
      const indexMs = performance.now() - t;
      const expected = Object.values(products).reduce((a, s) => a + s.size, 0);
      console.log(`pagefind: indexed ${pages} pages (${glob}; the site has ${expected} product pages) in ${secs(indexMs)}; copying the site took ${secs(copyMs)}`);
      console.log(`pagefind: indexes by language: ${pagefindLanguages(copy).join(', ') || '(none found)'}`);
      if (pages !== expected) console.log(`pagefind: !! ${pages} pages indexed, not ${expected}`);
      const theirs = await runPagefind(browser, copy);
      const prow = queries.map((q, i) => ({ ...theirs.results[i], ...measure(q, theirs.results[i].list) }));
      engines.push({ name: 'Pagefind', rows: prow, agg: aggregate(prow), ms: theirs.ms, indexMs, time: `${secs(theirs.ms)} (+ ${secs(indexMs)} indexing)` });
      console.log(`pagefind: ${queries.length} queries in ${secs(theirs.ms)} (${(theirs.ms / queries.length).toFixed(0)} ms each on average)`);
      // The language Pagefind searched: for one query per language, the
      // language folder of its first result, and the page's <html lang>.
      const seen = new Set();
      queries.forEach((q, i) => {
        const r = prow[i];
        if (seen.has(q.lang) || !r.firstUrl) return;
        seen.add(q.lang);
        const folder = (productOf(r.firstUrl) || { lang: '(not a product page)' }).lang;
        const okLang = folder === q.lang ? 'the right index' : '!! ANOTHER LANGUAGE';
        console.log(`pagefind: ${q.lang} "${q.q}": page lang "${r.docLang}", first result ${r.firstUrl}: folder ${folder}, ${okLang}`);
      });
      for (const lang of new Set(queries.map((q) => q.lang)))
        if (!seen.has(lang)) console.log(`pagefind: ${lang}: no query found anything; its index is unchecked`);
      const foreign = prow.reduce((a, r) => a + r.foreign, 0);
      if (foreign) console.log(`pagefind: !! ${foreign} results in all were product pages of another language (left out of the lists)`);
    } catch (e) {
      console.error(`relevance: Pagefind is unusable: ${e.message.split('\n')[0]}`);
      status = 1;
    }
  }
} finally {
  await browser.close();
  cleanup();
}

for (const e of engines) {
  const bad = e.rows.map((r, i) => (r.error ? `${queries[i].lang} "${queries[i].q}" (${r.error})` : null)).filter(Boolean);
  if (bad.length) console.log(`${e.name}: !! no answer, counted as no result, for ${bad.join(', ')}`);
}
if (opts.verbose) printVerbose(engines);
printTables(engines);

if (opts.json) {
  const round = (x) => (typeof x === 'number' && !Number.isInteger(x) ? Math.round(x * 10000) / 10000 : x);
  const clean = (o) => JSON.parse(JSON.stringify(o, (k, v) => round(v)));
  const doc = {
    site, files: opts.files, timeout_ms: TIMEOUT,
    engines: Object.fromEntries(engines.map((e) => [e.name.toLowerCase(), clean({
      ms: e.ms, index_ms: e.indexMs, all: e.agg.all, by_lang: e.agg.byLang, by_kind: e.agg.byKind,
    })])),
    queries: queries.map((q, i) => ({
      file: q.file, n: q.n, lang: q.lang, q: q.q, kinds: q.kinds, relevant: q.relevant, acceptable: q.acceptable,
      ...Object.fromEntries(engines.map((e) => {
        const r = e.rows[i];
        return [e.name.toLowerCase(), clean({
          list: r.list, precision5: r.p5, recall: r.recall, first_right: r.first, no_result: r.none,
          empty_but_relevant: r.emptyButRelevant, missed: q.relevant.filter((s) => !r.list.includes(s)),
          not_product_pages: r.other, other_language: r.foreign, ms: r.ms, error: r.error,
        })];
      })),
    })),
  };
  writeFileSync(opts.json, JSON.stringify(doc, null, 1) + '\n');
  console.log(`\nwrote ${opts.json}`);
}
process.exit(status);
