// tests/search.mjs: the search page's script (themes/default/static/
// search.js) in Node, without a browser, on the indexes ocopgen wrote.
//
// - its fold gives exactly the outputs of tests/fold-cases.json, the cases
//   that text_fold in C must give too (tests/unit/test_text.c);
// - hostile queries neither throw nor find anything by accident;
// - ranking: name before story, whole word before prefix;
// - the bundled site's index of each language, loaded as the page loads it
//   (a plain script assigning window.OCOP_SEARCH), finds the products
//   buyers ask for in Vietnamese with and without accents, in NFD, in
//   English and in Chinese (bigrams in the middle of a name), and every
//   product by its own name;
// - the index file cannot break out of its script: no '<', no U+2028.
//
// The site is $OCOPGEN_SITE when set (tests/run builds it once); otherwise it
// is built here with build/test/ocopgen. Prints "ok - ..." / "not ok - ...".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { bundledSite, notOk, ok, root, run } from './lib/harness.mjs';

// Runs fn, which returns why it fails (its first line the reason, the rest
// details), or nothing.
function check(name, fn) {
  try {
    const why = fn();
    if (why) throw new Error(why);
    ok(name);
  } catch (e) {
    notOk(name, e.message, String(e.message).split('\n').slice(1, 20));
  }
}

// The script as a page runs it, in a context with no document: it then only
// publishes its functions as ocopSearch.
function loadScript() {
  const context = vm.createContext({ URL, URLSearchParams });
  vm.runInContext(readFileSync(join(root, 'themes/default/static/search.js'), 'utf8'), context, {
    filename: 'search.js',
  });
  return context.ocopSearch;
}

function loadIndex(file) {
  const context = vm.createContext({});
  context.window = context;
  vm.runInContext(readFileSync(file, 'utf8'), context, { filename: file });
  return context.OCOP_SEARCH;
}

const api = loadScript();
const show = (s) => JSON.stringify(s);

// ---------------------------------------------------------------- folding
const cases = JSON.parse(readFileSync(join(root, 'tests/fold-cases.json'), 'utf8'));
check(`search: fold gives the ${cases.length} outputs of tests/fold-cases.json`, () => {
  const bad = cases.filter(([input, want]) => api.fold(input) !== want);
  if (bad.length) return `${bad.length} differ\n` + bad.map(([i, w]) => `fold(${show(i)}) is ${show(api.fold(i))}, not ${show(w)}`).join('\n');
});
check('search: NFC and NFD Vietnamese fold alike', () => {
  const s = 'Rượu men lá Bằng Phúc, Đặc sản Bắc Kạn, Miến dong';
  if (api.fold(s.normalize('NFD')) !== api.fold(s)) return 'they differ';
});

// ---------------------------------------------------------------- hostile
const hostile = ['(', '((', ')', '*', '\\', '[', '?', '+', '.*', '^$', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
  'x'.repeat(2000), 'mien '.repeat(400), '\ud800', '\udc00', 'a\ud800b', '\udfff\ud800', '粉\ud83d', '\u0000', '\u2028\u2029',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', '粉'.repeat(2000), '\u0301'.repeat(50), ''];
const tiny = {
  lang: 'vi', producers: ['P'], districts: ['D'],
  docs: [['Trang', 'vi/products/a/', '', 3, 0, 0], ['Trà', 'vi/products/b/', '', 4, 0, -1], ['Khác', 'vi/products/c/', '', 5, 0, 0]],
  terms: ['khac', 'prot', 'tra', 'trang'],
  postings: [[8], [3], [4, 7], [0]], // as differences: [4, 11]
};
check('search: hostile queries neither throw nor match by accident', () => {
  const problems = [];
  for (const q of hostile) {
    try {
      api.fold(q);
      api.terms(api.fold(q));
      const r = api.search(tiny, q);
      if (r.length && !/^(mien )+$/.test(q)) problems.push(`${show(q.slice(0, 30))} found ${r.length}`);
    } catch (e) {
      problems.push(`${show(q.slice(0, 30))} threw ${e.message}`);
    }
  }
  if (problems.length) return problems.join('\n');
});

// ---------------------------------------------------------------- ranking
check('search: a whole word ranks before a prefix; a name before a story', () => {
  const r = api.search(tiny, 'tra').map((x) => x.doc);
  // "tra": doc 1 has it in its name, doc 2 in its story, doc 0 has "trang".
  if (show(r) !== show([1, 0, 2])) return `order ${show(r)}, want [1,0,2]`;
});
check('search: only the last word, being typed, may be the start of a longer one', () => {
  const t = api.terms(api.fold('mien do')).map((x) => x.term + (x.prefix ? '*' : ''));
  if (show(t) !== show(['mien', 'do*'])) return show(t);
  // "tran" is no whole word of the tiny index: it is only a prefix when last.
  if (show(api.search(tiny, 'tran').map((x) => x.doc)) !== show([0])) return '"tran" should find "trang" as a prefix';
  if (api.search(tiny, 'tran khac').length !== 0) return '"tran" is not last in "tran khac": it must be whole';
});
check('search: a match in the name, producer or place is strong; one in a story only mentions', () => {
  const r = api.search(tiny, 'tra');
  const strong = r.filter((x) => x.strong).map((x) => x.doc);
  const weak = r.filter((x) => !x.strong).map((x) => x.doc);
  if (show(strong) !== show([1, 0]) || show(weak) !== show([2])) return `strong ${show(strong)}, weak ${show(weak)}`;
});
check('search: every word of a query must be found', () => {
  if (api.search(tiny, 'tra khac').map((x) => x.doc).join() !== '2') return 'tra khac should find only doc 2';
});
check('search: Chinese terms are characters and bigrams', () => {
  const t = api.terms(api.fold('Tài Hoan蕉芋粉丝')).map((x) => x.term + (x.prefix ? '*' : ''));
  if (show(t) !== show(['tai', 'hoan', '蕉芋', '芋粉', '粉丝'])) return show(t);
  const one = api.terms('茶').map((x) => x.term);
  if (show(one) !== show(['茶'])) return show(one);
});

// ---------------------------------------------------------------- the site
const langs = ['vi', 'en', 'zh'];
const indexes = {};

function slugs(lang, q) {
  return api.search(indexes[lang], q).map((r) => indexes[lang].docs[r.doc][1].split('/')[2]);
}

// [language, query, product, at most this rank]
const expectFirst = [
  ['vi', 'mien dong', 'mien-dong-tai-hoan'],
  ['vi', 'MIẾN DONG', 'mien-dong-tai-hoan'],
  ['vi', 'miến', 'mien-dong-tai-hoan'],
  ['vi', 'Miến dong Tài Hoan'.normalize('NFD'), 'mien-dong-tai-hoan'],
  ['vi', 'MIE\u0302\u0301N DO', 'mien-dong-tai-hoan'],
  ['vi', 'mi', 'mien-dong-tai-hoan'],
  ['vi', 'ruou men la', 'ruou-men-la-bang-phuc'],
  ['vi', 'mat ong', 'vicumax-mat-ong-nano-curcumin', 3],
  ['vi', 'MẬT ONG', 'vicumax-mat-ong-nano-curcumin', 3],
  ['vi', 'ĐẠI THẮNG', 'bot-cu-mai-nui', 3],
  ['en', 'vermicelli', 'mien-dong-tai-hoan'],
  ['en', 'arrowroot verm', 'mien-dong-tai-hoan'],
  ['en', 'mien dong', 'mien-dong-tai-hoan'],
  ['en', 'honey', 'vicumax-mat-ong-nano-curcumin', 3],
  ['zh', '粉丝', 'mien-dong-tai-hoan'],
  ['zh', '芋粉', 'mien-dong-tai-hoan'],
  ['zh', '蜂蜜', 'vicumax-mat-ong-nano-curcumin', 3],
  ['zh', 'mien dong', 'mien-dong-tai-hoan'],
  ['zh', '金花茶', 'tra-hoa-vang-bac-kan'],
];
await run('search', () => {
  const site = bundledSite('search: build the bundled site');
  if (!site) return;
  for (const lang of langs) {
    const file = join(site, lang, 'search-index.js');
    check(`search: ${lang}/search-index.js loads as a plain script`, () => {
      const text = readFileSync(file, 'utf8');
      if (!text.startsWith('window.OCOP_SEARCH=')) return 'does not assign window.OCOP_SEARCH';
      if (/[<>\u2028\u2029]/.test(text)) return 'holds "<", ">", U+2028 or U+2029';
      indexes[lang] = loadIndex(file);
      const ix = indexes[lang];
      if (ix.lang !== lang || !ix.docs.length || ix.terms.length !== ix.postings.length) return 'malformed';
      for (let i = 1; i < ix.terms.length; i++) if (!(ix.terms[i - 1] < ix.terms[i])) return `terms not sorted at ${i}: ${ix.terms[i - 1]} ${ix.terms[i]}`;
    });
  }
  for (const [lang, q, slug, rank = 1] of expectFirst) {
    check(`search: ${lang} ${show(q)} finds ${slug} ${rank === 1 ? 'first' : `in the first ${rank}`}`, () => {
      if (!indexes[lang]) return 'no index';
      const got = slugs(lang, q);
      const at = got.indexOf(slug);
      if (at < 0 || at >= rank) return `got ${show(got.slice(0, 5))}`;
    });
  }
  check('search: zh "茶" (one character) finds the teas', () => {
    const got = slugs('zh', '茶');
    if (!got.includes('tra-hoa-vang-bac-kan') || !got.includes('tra-shan-tuyet-khau-bjooc')) return show(got);
  });
  check('search: a query found nowhere gives nothing', () => {
    for (const lang of langs) if (slugs(lang, 'zzqx').length) return lang;
  });
  check('search: every product is found by its name, in each language', () => {
    const bad = [];
    for (const lang of langs) {
      const ix = indexes[lang];
      ix.docs.forEach((d, i) => {
        for (const q of [d[0], d[0].toUpperCase(), d[0].normalize('NFD')]) {
          const r = api.search(ix, q).map((x) => x.doc);
          if (!r.includes(i)) bad.push(`${lang}: ${show(q)}`);
        }
      });
    }
    if (bad.length) return `${bad.length} not found\n${bad.slice(0, 10).join('\n')}`;
  });
});
