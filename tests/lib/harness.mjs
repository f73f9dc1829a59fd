// tests/lib/harness.mjs: what the Node suites of tests/run share.
//
// - Reporting: ok() and notOk() print the "ok - NAME" / "not ok - NAME: WHY"
//   lines that tests/run counts (details follow as "# " lines); run() runs a
//   suite's main, reports what it throws, and sets the exit status: 1 when
//   any test failed or none ran.
// - Sites: build() runs build/test/ocopgen ($OCOPGEN) into a temporary
//   folder that run() removes; bundledSite() and bundledKioskSite() take
//   $OCOPGEN_SITE and $OCOPGEN_KIOSK_SITE when tests/run built them.
// - serve(): a static HTTP server on 127.0.0.1, like any web host.
// - Chromium: Debian's ($CHROMIUM, else /usr/bin/chromium) through
//   playwright-core, and pages watched for console errors, failed requests
//   and requests to where the site must not go.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ocopgen = process.env.OCOPGEN || join(root, 'build/test/ocopgen');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

// ---------------------------------------------------------------- reporting

let suite = 'tests';
let passed = 0;
let failed = 0;

export function ok(name) {
  passed++;
  console.log(`ok - ${name}`);
}

// Only the first line of why goes on the "not ok" line.
export function notOk(name, why, details = []) {
  failed++;
  console.log(`not ok - ${name}: ${String(why).split('\n')[0]}`);
  for (const d of details) console.log(`# ${d}`);
}

// One test of a list that must be empty: each different entry, up to 20, is
// a detail of the failure. note, when given, goes after the name of a pass.
export function expectNone(name, list, note = '') {
  if (list.length) notOk(name, `${list.length}`, [...new Set(list)].slice(0, 20));
  else ok(note ? `${name} (${note})` : name);
}

let tmp = null;

// Runs the suite NAME: main, then the end of the run. What main throws is a
// failure of the suite; a suite that reports no test fails too.
export async function run(name, main) {
  suite = name;
  try {
    await main();
  } catch (e) {
    notOk(suite, e.message, String(e.stack).split('\n').slice(1, 10));
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
  if (passed + failed === 0) notOk(suite, 'ran no test');
  process.exitCode = failed ? 1 : 0;
}

// ---------------------------------------------------------------- sites

function tempDir() {
  tmp ??= mkdtempSync(join(tmpdir(), `ocopgen-${suite}.`));
  return tmp;
}

// A path in the suite's temporary folder, which run() removes.
export function tempPath(name) {
  return join(tempDir(), name);
}

// Builds the site of dir (the project unless told) into the folder out of
// the suite's temporary folder, with --kiosk when kiosk is true. Returns its
// path; a build that fails or prints a sanitizer report is the failed test
// name, and gives null.
export function build(name, { dir = root, out, kiosk = false }) {
  const path = join(tempDir(), out);
  const args = ['build', '-C', dir, '-o', path, '-q'];
  if (kiosk) args.push('--kiosk');
  const r = spawnSync(ocopgen, args, { encoding: 'utf8' });
  if (r.status !== 0 || /Sanitizer|runtime error/.test(r.stderr)) {
    notOk(name, `exit status ${r.status}`, (r.stderr || String(r.error)).split('\n').slice(0, 20));
    return null;
  }
  return path;
}

// The bundled site: $OCOPGEN_SITE when set (tests/run builds it once), else
// built here, a failure reported as name.
export function bundledSite(name) {
  const env = process.env.OCOPGEN_SITE;
  return env ? resolve(env) : build(name, { out: 'site' });
}

// The bundled site's kiosk copy: $OCOPGEN_KIOSK_SITE, or built here.
export function bundledKioskSite(name) {
  const env = process.env.OCOPGEN_KIOSK_SITE;
  return env ? resolve(env) : build(name, { out: 'kiosk', kiosk: true });
}

// ---------------------------------------------------------------- server

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

// Serves dir on a free port of 127.0.0.1 like any web host, at prefix (a
// subpath such as "/ocop/"; "/" by default): a folder is its index.html (a
// folder's address without its slash is redirected), a missing file, or an
// address outside prefix, is 404.html with status 404. Resolves to the
// server and its origin; close the server when done.
export function serve(dir, prefix = '/') {
  const server = http.createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    // An address outside the prefix names no file: 404.html.
    let file = path.startsWith(prefix) ? normalize(join(dir, path.slice(prefix.length - 1))) : null;
    if (file && file !== dir && !file.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (file && existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { Location: path + '/' }).end();
        return;
      }
      file = join(file, 'index.html');
    }
    let status = 200;
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
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
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => done({ server, origin: `http://127.0.0.1:${server.address().port}` })),
  );
}

// ---------------------------------------------------------------- Chromium

// Runs fn with a headless Chromium, closed after. Without Chromium, or when
// it does not start, that is the failed test, and fn does not run.
export async function withChromium(fn) {
  if (!existsSync(chromiumPath)) {
    notOk(`${suite}: chromium`, `${chromiumPath} is missing (scripts/deps test)`);
    return;
  }
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  } catch (e) {
    notOk(`${suite}: launch chromium`, e.message, String(e.stack).split('\n').slice(1, 10));
    return;
  }
  try {
    await fn(browser);
  } finally {
    await browser.close();
  }
}

// A new context (service workers blocked, and contextOptions) with one page
// whose problems are collected:
//   console: console errors and uncaught exceptions, with the page's URL;
//   foreign: requests to URLs that allowed(url) refuses, which are aborted;
//   failedRequests: other requests that failed, and responses of 400 and
//     above. With ignoreAborted, requests cut short by leaving a page
//     (net::ERR_ABORTED) are not counted.
// The page waits 15 s at most for anything.
export async function watchedPage(browser, { allowed, ignoreAborted = false, contextOptions = {} }) {
  const problems = { console: [], failedRequests: [], foreign: [] };
  const context = await browser.newContext({ serviceWorkers: 'block', ...contextOptions });
  await context.route('**', (route) => {
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
    const why = r.failure()?.errorText;
    if (ignoreAborted && why === 'net::ERR_ABORTED') return;
    if (!problems.foreign.includes(r.url())) problems.failedRequests.push(`${r.url()}: ${why}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.failedRequests.push(`${r.url()}: HTTP ${r.status()}`);
  });
  return { context, page, problems };
}

// One test in its own context (contextOptions; with allowed, requests to
// URLs that allowed(url) refuses are aborted): fn(page) runs, what it
// returns is a note to the name, what it throws fails the test; the context
// is closed after.
export async function pageTest(browser, name, { allowed, ...contextOptions } = {}, fn) {
  const context = await browser.newContext({ serviceWorkers: 'block', ...contextOptions });
  if (allowed) await context.route('**', (route) => (allowed(route.request().url()) ? route.continue() : route.abort()));
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  try {
    const note = await fn(page);
    ok(note ? `${name} (${note})` : name);
  } catch (e) {
    notOk(name, e.message, [`at ${page.url()}`, ...(e.details || [])]);
  } finally {
    await context.close();
  }
}

// Once the late requests (images, scripts) are done, the three tests of a
// watched page, each named name(what); then closes its context.
export async function reportWatched(name, { context, page, problems }) {
  await page.waitForLoadState('networkidle').catch(() => {});
  expectNone(name('no console error'), problems.console);
  expectNone(name('no failed request'), problems.failedRequests);
  expectNone(name('no request to another host'), problems.foreign);
  await context.close();
}

// Runs steps, [what, async fn] pairs, in order on page; each is the test
// name(what), failed by what fn throws. A step for which needsEarlier(what)
// holds is not tried, and fails, once an earlier one has failed.
export async function runSteps(name, page, steps, needsEarlier = () => true) {
  let broken = null;
  for (const [what, fn] of steps) {
    if (broken && needsEarlier(what)) {
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
}
