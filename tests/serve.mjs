// tests/serve.mjs: `ocopgen serve` as an editor meets it. On a copy of the
// golden site: a page is served, with the live script; an edit is rebuilt
// and seen within 2 s, by HTTP and by a page open in Chromium, which
// reloads by itself; a broken edit keeps the last good site and shows every
// error with its line quoted, in the page and on the terminal; paths that
// leave the site, hidden files and folders without a page are refused; other
// methods than GET and HEAD too; SIGINT stops it, exit 0, with its temporary
// folder gone. Also: the address warning and the usage errors.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { notOk, ok, root, run, tempPath, withChromium } from './lib/harness.mjs';

const ocopgen = process.env.OCOPGEN || join(root, 'build/test/ocopgen');

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// Starts `ocopgen serve ARGS` in site with TMPDIR tmp; resolves with the
// process, its port and its stderr so far (a getter) once it serves.
function start(site, tmp, args = []) {
  const child = spawn(ocopgen, ['serve', '-C', site, '--port', '0', ...args], {
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not serving after 20 s: ${err}`)), 20000);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${err}`)));
    const look = setInterval(() => {
      const m = /serving http:\/\/[^ ]*:(\d+)(\/[^ ]*)/.exec(err);
      if (!m) return;
      clearInterval(look);
      clearTimeout(timer);
      resolve({ child, port: Number(m[1]), base: m[2].replace(/\/$/, ''), stderr: () => err });
    }, 20);
  });
}

// A raw request, as a client that does not clean its path sends it.
function raw(port, request) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.end(request));
    let data = '';
    s.on('data', (d) => { data += d; });
    s.on('end', () => resolve(data));
    s.on('error', reject);
  });
}

function status(response) {
  return Number(/^HTTP\/1\.[01] (\d+)/.exec(response)?.[1]);
}

async function get(port, path) {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual' });
  return { status: r.status, type: r.headers.get('content-type'), location: r.headers.get('location'), text: await r.text() };
}

async function live(port) {
  return JSON.parse((await get(port, '/__ocopgen/live')).text);
}

// Waits until the build number passes from; returns the state and the time.
async function nextBuild(port, from, limit = 2000) {
  const t0 = Date.now();
  for (;;) {
    const s = await live(port);
    if (s.build > from) return { state: s, ms: Date.now() - t0 };
    if (Date.now() - t0 > limit) throw new Error(`no build within ${limit} ms (still build ${s.build})`);
    await sleep(25);
  }
}

async function check(name, fn) {
  try {
    const note = await fn();
    ok(note ? `${name} (${note})` : name);
  } catch (e) {
    notOk(name, e.message);
  }
}

run('serve', async () => {
  const tmp = tempPath('tmp');
  const site = tempPath('site');
  mkdirSync(tmp, { recursive: true });
  cpSync(join(root, 'tests/golden/basic/content'), join(site, 'content'), { recursive: true });
  cpSync(join(root, 'themes/default'), join(site, 'themes/default'), { recursive: true });
  const product = join(site, 'content/products/mat-ong');
  const record = join(product, 'product.json');

  let s;
  try {
    s = await start(site, tmp);
    ok('serve: starts and prints its address');
  } catch (e) {
    notOk('serve: starts and prints its address', e.message);
    return;
  }
  const { port, base } = s;

  await check('serve: a page, with the live script', async () => {
    const r = await get(port, `${base}/vi/products/mat-ong/`);
    if (r.status !== 200 || !/text\/html/.test(r.type)) throw new Error(`HTTP ${r.status} ${r.type}`);
    if (!r.text.includes('<script src="/__ocopgen/live.js"></script></body>')) throw new Error('no live script before </body>');
    const built = readdirSync(tmp).filter((n) => n.startsWith('ocopgen-serve.'));
    if (built.length !== 1) throw new Error(`temporary folders: ${built.join(', ')}`);
    const file = readFileSync(join(tmp, built[0], 'site/vi/products/mat-ong/index.html'), 'utf8');
    if (file.includes('__ocopgen')) throw new Error('the built file holds the live script');
  });
  await check('serve: a folder without its slash is sent to it', async () => {
    const r = await get(port, `${base}/vi/products`);
    if (r.status !== 301 || r.location !== `${base}/vi/products/`) throw new Error(`HTTP ${r.status} to ${r.location}`);
  });
  await check('serve: a missing page gets the site\'s 404 page', async () => {
    const r = await get(port, `${base}/vi/nothing-here/`);
    if (r.status !== 404 || !/text\/html/.test(r.type)) throw new Error(`HTTP ${r.status} ${r.type}`);
  });
  await check('serve: the site is served where base_url puts it, / leads there', async () => {
    if (base !== '/ocop') throw new Error(`served at ${base}/, not /ocop/`);
    const r = await get(port, '/');
    if (r.status !== 302 || r.location !== `${base}/`) throw new Error(`HTTP ${r.status} to ${r.location}`);
    if ((await get(port, '/vi/')).status !== 404) throw new Error('served outside its path too');
  });
  await check('serve: the links of the 404 page lead somewhere', async () => {
    const r = await get(port, `${base}/nowhere/at/all/`);
    const css = /href="([^"]*style\.css)"/.exec(r.text)?.[1];
    if (!css || (await get(port, css)).status !== 200) throw new Error(`its stylesheet ${css} is not served`);
  });
  await check('serve: a stylesheet as it is', async () => {
    const r = await get(port, `${base}/assets/style.css`);
    if (r.status !== 200 || !/text\/css/.test(r.type) || r.text.includes('__ocopgen')) throw new Error(`HTTP ${r.status} ${r.type}`);
  });

  for (const [what, path] of [
    ['..', `${'/..'.repeat(16)}/etc/passwd`],
    ['.. escaped', `/vi${'/%2e%2e'.repeat(16)}/etc/passwd`],
    ['a backslash', `/vi${'\\..'.repeat(16)}\\etc\\passwd`],
    ['the marker file', '/.ocopgen'],
    ['the spare folder', '/../site.ocopgen-spare/index.html'],
  ]) {
    await check(`serve: refuses a path with ${what}`, async () => {
      const r = await raw(port, `GET ${base}${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      const st = status(r);
      if (st !== 403 && st !== 404 && st !== 400) throw new Error(`HTTP ${st}`);
      if (/root:|\.ocopgen|ocopgen-spare/.test(r.split('\r\n\r\n')[1] || '')) throw new Error('sent what it refused');
      return `HTTP ${st}`;
    });
  }
  // DNS rebinding: a page of another site whose name resolves to
  // 127.0.0.1 sends its own name as Host.
  for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `127.0.0.1:${port + 1}`, '']) {
    await check(`serve: a request for the host "${host}" is refused`, async () => {
      for (const path of [`${base}/vi/`, '/__ocopgen/live', `${base}/vi/products.csv`]) {
        const r = await raw(port, `GET ${path} HTTP/1.1\r\n${host ? `Host: ${host}\r\n` : ''}Connection: close\r\n\r\n`);
        const st = status(r);
        if (st !== 421 && !(host === '' && st === 400)) throw new Error(`${path}: HTTP ${st}`);
        if (/"build"|<html|slug,/.test(r.split('\r\n\r\n')[1] || '')) throw new Error(`${path}: sent the content`);
      }
    });
  }
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST:${port}`]) {
    await check(`serve: a request for the host "${host}" is answered`, async () => {
      const r = await raw(port, `GET /__ocopgen/live HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      if (status(r) !== 200) throw new Error(`HTTP ${status(r)}`);
    });
  }
  await check('serve: no listing of a folder without a page', async () => {
    const r = await get(port, `${base}/media/`);
    if (r.status !== 404) throw new Error(`HTTP ${r.status}`);
    if (/products\/?</.test(r.text)) throw new Error('lists the folder');
  });
  await check('serve: other methods than GET and HEAD are refused', async () => {
    const r = await raw(port, `POST ${base}/vi/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    if (status(r) !== 405) throw new Error(`HTTP ${status(r)}`);
  });

  await check('serve: an edit is rebuilt and served within 2 s', async () => {
    const before = await live(port);
    const doc = JSON.parse(readFileSync(record, 'utf8'));
    doc.name.vi = 'Mật ong bạc hà sửa lúc hội chợ';
    writeFileSync(record, JSON.stringify(doc, null, 2));
    const { state, ms } = await nextBuild(port, before.build);
    if (state.failed) throw new Error('the build failed');
    const r = await get(port, `${base}/vi/products/mat-ong/`);
    if (!r.text.includes('sửa lúc hội chợ')) throw new Error('the page is the old one');
    return `${ms} ms`;
  });
  await check('serve: several saves close together are one build', async () => {
    const before = await live(port);
    for (let i = 0; i < 5; i++) {
      appendFileSync(join(product, 'vi.md'), `\nDòng ${i}.\n`);
      await sleep(20);
    }
    await nextBuild(port, before.build);
    await sleep(600);
    const after = await live(port);
    if (after.build !== before.build + 1) throw new Error(`${after.build - before.build} builds`);
  });

  await withChromium(async (browser) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    await check('serve: an open page reloads by itself after a build', async () => {
      await page.goto(`http://127.0.0.1:${port}${base}/vi/products/mat-ong/`);
      await page.waitForTimeout(700); // the script has its build number
      const doc = JSON.parse(readFileSync(record, 'utf8'));
      doc.name.vi = 'Mật ong tải lại';
      writeFileSync(record, JSON.stringify(doc, null, 2));
      await page.waitForFunction(() => document.querySelector('h1')?.textContent.includes('tải lại'), null, { timeout: 3000 });
    });
    await check('serve: a broken edit shows its errors over the page, lines quoted', async () => {
      const before = await live(port);
      const text = readFileSync(record, 'utf8').replace(/"stars": \d/, '"stars": 9');
      writeFileSync(record, text);
      const { state } = await nextBuild(port, before.build);
      if (!state.failed) throw new Error('the build did not fail');
      const box = page.locator('#ocopgen-errors[role="alert"]');
      await box.waitFor({ timeout: 3000 });
      const shown = await box.innerText();
      const line = text.split('\n').findIndex((l) => l.includes('"stars": 9')) + 1;
      if (!shown.includes(`content/products/mat-ong/product.json:${line}:`)) throw new Error(`no file:line:col in: ${shown.slice(0, 200)}`);
      if (!(await box.locator('pre mark').innerText()).includes('9')) throw new Error('the line is not quoted with its column marked');
      for (const [w, h] of [[390, 844], [1366, 900]]) {
        await page.setViewportSize({ width: w, height: h });
        if (process.env.OCOPGEN_SHOTS) await page.screenshot({ path: join(process.env.OCOPGEN_SHOTS, `serve-errors-${w}.png`) });
      }
    });
    await check('serve: on a 390 px phone, the mark of a long line is in sight without scrolling sideways', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      const before = await live(port);
      // The same mistake at the end of a line of 200 characters.
      const text = readFileSync(record, 'utf8').replace(/\n\s*"stars": 9/, `\n${' '.repeat(190)}"stars": 9`);
      writeFileSync(record, text);
      await nextBuild(port, before.build);
      const mark = page.locator('#ocopgen-errors pre mark').first();
      await page.waitForFunction(() => {
        const m = document.querySelector('#ocopgen-errors pre mark');
        return m && m.closest('pre').textContent.length > 190;
      }, null, { timeout: 3000 });
      const box = await mark.boundingBox();
      const pre = await mark.evaluate((m) => { const p = m.closest('pre'); return { sw: p.scrollWidth, cw: p.clientWidth }; });
      if (!box || box.x < 0 || box.x + box.width > 390) throw new Error(`the mark is at x ${box && box.x}, out of the 390 px screen`);
      if (pre.sw > pre.cw + 1) throw new Error(`the quoted line scrolls sideways (${pre.sw} > ${pre.cw} px)`);
      if (process.env.OCOPGEN_SHOTS) await page.screenshot({ path: join(process.env.OCOPGEN_SHOTS, 'serve-errors-long-390.png') });
    });
    await check('serve: the last good site stays served', async () => {
      const r = await get(port, `${base}/vi/products/mat-ong/`);
      if (r.status !== 200 || !r.text.includes('tải lại')) throw new Error(`HTTP ${r.status}, or not the last good page`);
    });
    await check('serve: the terminal shows the error with its line', async () => {
      if (!/product\.json:\d+:\d+: error: .*\n +"stars": 9,\n +\^/.test(s.stderr())) throw new Error('no quoted line on stderr');
    });
    await check('serve: a correction clears the errors', async () => {
      writeFileSync(record, readFileSync(record, 'utf8').replace('"stars": 9', '"stars": 4'));
      await page.waitForFunction(() => !document.getElementById('ocopgen-errors') && document.querySelector('h1'), null, { timeout: 3000 });
      if ((await live(port)).failed) throw new Error('still failed');
    });
    await context.close();
  });

  await check('serve: SIGINT stops it, exit 0, its temporary folder gone', async () => {
    const code = await new Promise((resolve) => {
      s.child.removeAllListeners('exit');
      s.child.on('exit', (c) => resolve(c));
      s.child.kill('SIGINT');
      setTimeout(() => resolve('still running after 5 s'), 5000);
    });
    if (code !== 0) throw new Error(`exit ${code}`);
    const left = readdirSync(tmp);
    if (left.length) throw new Error(`left ${left.join(', ')}`);
    if (/Sanitizer|runtime error/.test(s.stderr())) throw new Error('sanitizer report');
  });

  await check('serve: another address than loopback is warned of; its address literals are answered, names not', async () => {
    const t = await start(site, tmp, ['--bind', '0.0.0.0', '-q']);
    t.child.removeAllListeners('exit');
    const done = new Promise((resolve) => t.child.on('exit', resolve));
    const ask = async (host) => status(await raw(t.port, `GET /__ocopgen/live HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    const lan = await ask(`192.168.1.20:${t.port}`), name = await ask(`evil.example:${t.port}`);
    t.child.kill('SIGTERM');
    await done;
    if (!/warning: listening on 0\.0\.0\.0/.test(t.stderr())) throw new Error('no warning');
    if (lan !== 200 || name !== 421) throw new Error(`a LAN address: HTTP ${lan}; a name: HTTP ${name}`);
  });
  // A site served at the root: "//vi" is a folder of it, whose address
  // with a slash must not read as the host "vi".
  await check('serve: at the root, "//vi" redirects to "/vi/", not to the host "vi"', async () => {
    const top = join(tmp, 'root-site');
    cpSync(join(site, 'content'), join(top, 'content'), { recursive: true });
    const sj = join(top, 'content/site.json');
    writeFileSync(sj, readFileSync(sj, 'utf8').replace(/"base_url": "[^"]*"/, '"base_url": "https://example.org/"'));
    mkdirSync(join(tmp, 'root-tmp'), { recursive: true });
    const t = await start(top, join(tmp, 'root-tmp'), ['-q']);
    t.child.removeAllListeners('exit');
    const done = new Promise((resolve) => t.child.on('exit', resolve));
    const got = [];
    for (const path of ['//vi', '///vi', '//vi/products']) {
      const r = await raw(t.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${t.port}\r\nConnection: close\r\n\r\n`);
      got.push([path, status(r), /\r\nLocation: ([^\r]*)/i.exec(r)?.[1]]);
    }
    t.child.kill('SIGTERM');
    await done;
    for (const [path, st, loc] of got)
      if (st !== 301 || !loc || loc.startsWith('//') || !loc.startsWith('/')) throw new Error(`${path}: HTTP ${st}, Location ${loc}`);
  });
  for (const args of [['serve', '-o', 'x'], ['build', '--port', '8000'], ['serve', '--port', '70000'], ['serve', '--bind', 'localhost', '--port', '0']]) {
    await check(`serve: "ocopgen ${args.join(' ')}" is a usage error`, async () => {
      const r = spawnSync(ocopgen, [...args, '-C', site], { encoding: 'utf8', env: { ...process.env, TMPDIR: tmp }, timeout: 10000 });
      if (r.status !== 2) throw new Error(`exit ${r.status}: ${r.stderr}`);
    });
  }
});
