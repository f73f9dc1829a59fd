// tests/fonts.mjs: each Chinese, Japanese and Korean text is drawn with a
// font of its own language, measured in Chromium with fonts-noto-cjk (the
// font the browser really used, through the DevTools protocol), not read
// from the stylesheet.
//
// - A Japanese product page of the second catalogue (tests/golden/province)
//   and a Chinese one of tests/golden/basic use the Japanese and the
//   Simplified Chinese fonts.
// - Text marked ja, ko, zh, zh-Hans, zh-Hant, zh-TW and zh-HK on a page with
//   the theme's stylesheet uses the Japanese, Korean, Simplified,
//   Traditional and Hong Kong fonts; English inside a Japanese page keeps
//   a Latin font.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, notOk, ok, root, run, serve, withChromium } from './lib/harness.mjs';

// The same characters, drawn differently in each language.
const sample = '直骨角Ⅰ 遍 誤';

async function fontsOf(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root: doc } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: doc.nodeId, selector });
  if (!nodeId) throw new Error(`no ${selector}`);
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts.filter((f) => f.glyphCount > 0).map((f) => f.familyName);
}

async function expectFont(browser, name, url, selector, want) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const got = await fontsOf(page, selector);
    if (got.length && got.every((f) => f === want)) ok(`${name}: ${want}`);
    else notOk(name, `drawn with ${got.join(', ') || 'nothing'}, not ${want}`);
  } catch (e) {
    notOk(name, e.message);
  } finally {
    await context.close();
  }
}

await run('fonts', async () => {
  const province = build('fonts: build the second catalogue', { dir: join(root, 'tests/golden/province'), out: 'province' });
  const basic = build('fonts: build tests/golden/basic', { dir: join(root, 'tests/golden/basic'), out: 'basic' });
  if (!province || !basic) return;
  const langs = [
    ['ja', 'Noto Sans CJK JP'],
    ['ko', 'Noto Sans CJK KR'],
    ['zh', 'Noto Sans CJK SC'],
    ['zh-Hans', 'Noto Sans CJK SC'],
    ['zh-Hant', 'Noto Sans CJK TC'],
    ['zh-TW', 'Noto Sans CJK TC'],
    ['zh-HK', 'Noto Sans CJK HK'],
  ];
  // A page of the site's own stylesheet, in each language; an English
  // word inside the Japanese one.
  writeFileSync(
    join(province, 'fonts.html'),
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>fonts</title>` +
      `<link rel="stylesheet" href="/assets/style.css"></head><body>` +
      langs.map(([l], i) => `<p id="t${i}" lang="${l}" style="font-size:48px">${sample}</p>`).join('') +
      `<p lang="ja" style="font-size:48px">${sample} <span id="latin" lang="en">Lang Biang</span></p>` +
      `</body></html>`,
  );
  const a = await serve(province);
  const b = await serve(basic);
  try {
    await withChromium(async (browser) => {
      await expectFont(browser, 'fonts: a Japanese product page', `${a.origin}/ja/products/arabica-coffee/`, 'h1', 'Noto Sans CJK JP');
      await expectFont(browser, 'fonts: a Chinese product page', `${b.origin}/zh/products/mien-dong/`, 'h1', 'Noto Sans CJK SC');
      for (const [i, [l, want]] of langs.entries())
        await expectFont(browser, `fonts: text marked ${l}`, `${a.origin}/fonts.html`, `#t${i}`, want);
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${a.origin}/fonts.html`);
      const latin = await fontsOf(page, '#latin');
      if (latin.length && !latin.some((f) => /CJK/.test(f))) ok(`fonts: English inside Japanese keeps a Latin font (${latin.join(', ')})`);
      else notOk('fonts: English inside Japanese keeps a Latin font', `drawn with ${latin.join(', ')}`);
      if (process.env.OCOPGEN_FONTS_SHOT) await page.screenshot({ path: process.env.OCOPGEN_FONTS_SHOT, fullPage: true });
      await context.close();
    });
  } finally {
    a.server.close();
    b.server.close();
  }
});
