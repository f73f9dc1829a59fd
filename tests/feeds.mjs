// tests/feeds.mjs: what the site tells machines, checked as machines read it.
//
//   - sitemap.xml validates against the sitemap protocol's XSD with the
//     xhtml:link alternates (tests/schemas/sitemap-hreflang.xsd), lists
//     every page but 404 and the root, each with every language and
//     x-default; robots.txt names it.
//   - each <lang>/feed.xml validates against RFC 4287's RELAX NG schema
//     (tests/schemas/atom.rng), and pages link to it.
//   - every page has a canonical link and Open Graph tags whose absolute
//     URLs lead to files of the site.
//   - every JSON-LD block of product and producer pages parses and has the
//     properties search engines require.
//   - each <lang>/products.csv parses with a CSV parser, row by row equal
//     to products.json, with no cell a spreadsheet would run as a formula.
//   - a hostile catalogue (tests/golden/escaping) keeps all of that safe.
//
// The bundled site is $OCOPGEN_SITE (tests/run builds it once) or built
// here; the hostile one is always built here. Prints "ok - ..." /
// "not ok - ..." lines; exit status 1 on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { build, bundledSite, notOk, ok, root, run } from './lib/harness.mjs';

const schemas = join(root, 'tests/schemas');

// Runs fn, which returns a list of problems (or throws one).
function check(name, fn) {
  try {
    const problems = fn() || [];
    if (problems.length) notOk(name, `${problems.length} problem(s)`, problems.slice(0, 20));
    else ok(name);
  } catch (e) {
    notOk(name, e.message, String(e.stack).split('\n').slice(1, 6));
  }
}

function walk(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function xmllint(args) {
  const r = spawnSync('xmllint', ['--noout', ...args], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint: ${r.error.message} (apt-get install libxml2-utils)`);
  return r.status === 0 ? [] : (r.stderr || '').split('\n').filter(Boolean);
}

// The site's own file for an absolute URL, or null when it lies outside.
function fileOf(site, base, url) {
  if (!url.startsWith(base)) return null;
  let path = url.slice(base.length).split('#')[0];
  if (path === '' || path.endsWith('/')) path += 'index.html';
  return join(site, path);
}

const attr = (html, re) => (html.match(re) || [])[1];
const unescape = (s) => s?.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
function meta(html, key) {
  const re = new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`);
  return unescape(attr(html, re));
}
function jsonLd(html) {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
}

// YYYY-MM-DD plus n months, the day kept within the month, as ocopgen
// counts a certificate's 36 months.
function plusMonths(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12), nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function checkSite(label, site, contentDir) {
  const siteJson = JSON.parse(readFileSync(join(contentDir, 'content/site.json'), 'utf8'));
  // The day certificates are judged against, as ocopgen takes it.
  const today = siteJson.as_of ?? new Date((Number(process.env.SOURCE_DATE_EPOCH) || Date.now() / 1000) * 1000).toISOString().slice(0, 10);
  const base = siteJson.base_url;
  const langs = siteJson.languages;
  const pages = walk(site).filter((f) => f.endsWith('.html')).map((f) => relative(site, f));
  const name = (s) => `feeds/${label}: ${s}`;

  // ------------------------------------------------------------ sitemap
  check(name('sitemap.xml validates against the sitemap XSD with hreflang links'), () =>
    xmllint(['--schema', join(schemas, 'sitemap-hreflang.xsd'), join(site, 'sitemap.xml')]));
  check(name('sitemap.xml lists every page with each language and x-default'), () => {
    const xml = readFileSync(join(site, 'sitemap.xml'), 'utf8');
    const urls = [...xml.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((m) => m[1]);
    const problems = [];
    const locs = new Set();
    for (const u of urls) {
      const loc = attr(u, /<loc>([^<]*)<\/loc>/);
      locs.add(loc);
      const file = fileOf(site, base, loc);
      if (!file || !existsSync(file)) problems.push(`${loc} is no page of the site`);
      const alts = [...u.matchAll(/<xhtml:link rel="alternate" hreflang="([^"]*)" href="([^"]*)"\/>/g)];
      const got = alts.map((a) => a[1]).sort();
      const want = [...langs, 'x-default'].sort();
      if (got.join() !== want.join()) problems.push(`${loc}: hreflang ${got.join()}, not ${want.join()}`);
      for (const a of alts) {
        const f = fileOf(site, base, a[2]);
        if (!f || !existsSync(f)) problems.push(`${loc}: alternate ${a[2]} is no page of the site`);
      }
      if (!alts.some((a) => a[2] === loc)) problems.push(`${loc} is not among its own alternates`);
    }
    for (const p of pages) {
      if (p === 'index.html' || p === '404.html') continue;
      const url = base + p.replace(/index\.html$/, '');
      if (!locs.has(url)) problems.push(`${p} is missing (${url})`);
    }
    if (locs.has(base) || locs.has(base + '404.html')) problems.push('the root chooser or 404 is listed');
    return problems;
  });
  check(name('robots.txt names the sitemap by its absolute URL'), () => {
    const robots = readFileSync(join(site, 'robots.txt'), 'utf8');
    return robots.split('\n').includes(`Sitemap: ${base}sitemap.xml`) ? [] : ['no "Sitemap:" line'];
  });

  // --------------------------------------------------------------- Atom
  for (const lang of langs) {
    const feed = join(site, lang, 'feed.xml');
    check(name(`${lang}/feed.xml validates against the Atom RELAX NG schema`), () =>
      xmllint(['--relaxng', join(schemas, 'atom.rng'), feed]));
    check(name(`${lang}/feed.xml: author, ids and dates (the rules the schema leaves out)`), () => {
      const xml = readFileSync(feed, 'utf8');
      const problems = [];
      const head = xml.split('<entry>')[0];
      if (!/<author>\s*<name>[^<]+<\/name>/.test(head)) problems.push('the feed has no author');
      if (!head.includes(`<link rel="self" type="application/atom+xml" href="${base}${lang}/feed.xml"/>`)) problems.push('no self link');
      if (attr(head, /xml:lang="([^"]*)"/) !== lang) problems.push('xml:lang is not the language');
      const updated = attr(head, /<updated>([^<]*)<\/updated>/);
      const entries = xml.split('<entry>').slice(1);
      const dates = entries.map((e) => attr(e, /<updated>([^<]*)<\/updated>/));
      const newest = [...dates].sort().pop();
      if (entries.length && updated !== newest) problems.push(`feed updated ${updated}, newest entry ${newest}`);
      const ids = new Set();
      for (const e of entries) {
        const id = attr(e, /<id>([^<]*)<\/id>/);
        if (!id?.startsWith(base)) problems.push(`entry id ${id} is not an absolute URL of the site`);
        if (ids.has(id)) problems.push(`entry id ${id} twice`);
        ids.add(id);
        const link = attr(e, /<link rel="alternate" type="text\/html" hreflang="[^"]*" href="([^"]*)"/);
        const f = link && fileOf(site, base, link);
        if (!f || !existsSync(f)) problems.push(`entry ${id}: alternate link ${link} is no page`);
      }
      return problems;
    });
  }

  // ------------------------------------------------ sharing and JSON-LD
  check(name('every page has a canonical URL and Open Graph and Twitter tags that lead to files of the site'), () => {
    const problems = [];
    for (const p of pages) {
      if (p === '404.html') continue;
      const html = readFileSync(join(site, p), 'utf8');
      const url = base + p.replace(/index\.html$/, '');
      const canonical = unescape(attr(html, /<link rel="canonical" href="([^"]*)">/));
      if (canonical !== url) problems.push(`${p}: canonical ${canonical}, not ${url}`);
      if (meta(html, 'og:url') !== url) problems.push(`${p}: og:url ${meta(html, 'og:url')}`);
      for (const k of ['og:title', 'og:site_name', 'og:locale', 'og:type', 'twitter:card', 'twitter:title'])
        if (!meta(html, k)) problems.push(`${p}: no ${k}`);
      const image = meta(html, 'og:image');
      if (image) {
        const f = fileOf(site, base, image);
        if (!f || !existsSync(f)) problems.push(`${p}: og:image ${image} is no file of the site`);
        else if (!/\.jpe?g$/.test(f) || readFileSync(f).subarray(0, 3).toString('hex') !== 'ffd8ff') problems.push(`${p}: og:image ${image} is not a JPEG`);
        if (meta(html, 'twitter:image') !== image) problems.push(`${p}: twitter:image differs from og:image`);
        if (meta(html, 'twitter:card') !== 'summary_large_image') problems.push(`${p}: twitter:card is not summary_large_image`);
      }
      if (/\/products\/[^/]+\/index\.html$/.test(p) && !image && label === 'bundled') problems.push(`${p}: a product page without og:image`);
      const feed = attr(html, /<link rel="alternate" type="application\/atom\+xml" title="[^"]*" href="([^"]*)">/);
      const langFeed = join(site, p.split('/')[0], 'feed.xml');
      const hasStories = existsSync(langFeed) && readFileSync(langFeed, 'utf8').includes('<entry>');
      if (p !== 'index.html' && hasStories && !feed) problems.push(`${p}: no link to the Atom feed`);
      if (feed && !existsSync(join(site, dirname(p), feed))) problems.push(`${p}: the feed link ${feed} leads nowhere`);
    }
    return problems;
  });

  const exportsByLang = {};
  for (const lang of langs) exportsByLang[lang] = JSON.parse(readFileSync(join(site, lang, 'products.json'), 'utf8'));

  check(name('products.json gives each product the sources its record cites'), () => {
    const problems = [];
    for (const lang of langs)
      for (const prod of exportsByLang[lang].products) {
        const rec = JSON.parse(readFileSync(join(contentDir, 'content/products', prod.slug, 'product.json'), 'utf8'));
        const want = (rec.sources || []).map((s) => ({ url: s.url, title: s.title, publisher: s.publisher, date: s.date ?? null, checked: s.checked ?? null, supports: s.supports }));
        if (JSON.stringify(prod.sources) !== JSON.stringify(want)) problems.push(`${lang} ${prod.slug}: ${JSON.stringify(prod.sources)}`);
      }
    return problems;
  });

  check(name('JSON-LD of every product page parses and has the required properties'), () => {
    const problems = [];
    for (const lang of langs) {
      for (const prod of exportsByLang[lang].products) {
        const p = `${lang}/products/${prod.slug}/index.html`;
        const blocks = jsonLd(readFileSync(join(site, p), 'utf8'));
        const ld = blocks.find((b) => b['@type'] === 'Product');
        if (!ld) {
          problems.push(`${p}: no Product`);
          continue;
        }
        const need = (cond, what) => cond || problems.push(`${p}: ${what}`);
        need(ld['@context'] === 'https://schema.org', '@context');
        need(ld.name === prod.name, `name ${JSON.stringify(ld.name)}, not ${JSON.stringify(prod.name)}`);
        need(typeof ld.description === 'string' && ld.description.length > 0, 'no description');
        need(ld.url === prod.url, 'url');
        need(!prod.image || ld.image === prod.image, 'image');
        const org = ld.manufacturer;
        need(org?.['@type'] === 'Organization' && org.name === prod.producer, 'manufacturer is not the producer as an Organization');
        need(typeof ld.award === 'string' && ld.award.length > 0, 'no award');
        // OCOP's certificate, first of the list when there are others.
        const cert = [ld.hasCertification].flat()[0];
        need(cert?.['@type'] === 'Certification' && cert.certificationRating?.ratingValue === prod.stars, 'certification rating is not the star level');
        // An estimated day of issue is stated nowhere as a fact. It is
        // the latest day the sources allow: when 36 months from it have
        // passed, the certificate has lapsed, and the page says so plainly.
        const estimated = prod.indicative.includes('certificate.issued') || !prod.certificate_issued;
        const lapsed = estimated && !!prod.certificate_issued && plusMonths(prod.certificate_issued, 36) < today;
        need(prod.certificate_status === (lapsed ? 'lapsed' : estimated ? 'estimated' : prod.certificate_status === 'expired' ? 'expired' : 'confirmed'), `certificate_status ${prod.certificate_status}`);
        if (estimated) {
          need(cert?.validFrom === undefined && cert?.expires === undefined, 'an estimated certificate with validFrom or expires');
          need(prod.certificate_expires === null, 'an estimated certificate with certificate_expires');
          const html = readFileSync(join(site, p), 'utf8');
          if (lapsed) {
            const said = /<p class="product__validity product__validity--lapsed">([^<]*)<\/p>/.exec(html)?.[1] ?? '';
            const rec = JSON.parse(readFileSync(join(contentDir, 'content/products', prod.slug, 'product.json'), 'utf8'));
            const year = rec.certificate?.year ? String(rec.certificate.year) : null;
            need(!html.includes('product__validity--unconfirmed') && said && (year ? said.includes(year) : true), `the page of a lapsed certificate does not say so with its year: ${JSON.stringify(said)}`);
          } else need(html.includes('product__validity--unconfirmed') && !html.includes('<p class="product__validity"'), 'the page of an estimated certificate does not say its validity is unconfirmed, or gives a day');
        } else need(cert?.validFrom === prod.certificate_issued, 'certification validFrom is not the issue date');
        const year = /\((\d{4})\)$/.exec(ld.award)?.[1];
        need(year && cert?.name === ld.award, 'award has no year');
        // An Offer only from the structured price; "price_range" text gives none.
        if (prod.price) {
          const o = ld.offers;
          const range = prod.price.max > prod.price.min;
          need(o?.['@type'] === (range ? 'AggregateOffer' : 'Offer'), 'no Offer for the price');
          need(range ? o?.lowPrice === prod.price.min && o?.highPrice === prod.price.max : o?.price === prod.price.min, 'the Offer is not the price');
          need(o?.priceCurrency === prod.price.currency, 'priceCurrency');
          const spec = o?.priceSpecification;
          need(spec?.['@type'] === 'UnitPriceSpecification' && (spec.unitCode ?? null) === prod.price.unit_code, 'no unitCode of the price\'s unit');
        } else need(ld.offers === undefined, 'an Offer without a structured price');
      }
    }
    return problems;
  });

  check(name('JSON-LD of every producer page parses: an Organization with an address and a ContactPoint'), () => {
    const problems = [];
    let n = 0;
    for (const p of pages.filter((f) => /\/producers\/[^/]+\/index\.html$/.test(f))) {
      n++;
      const ld = jsonLd(readFileSync(join(site, p), 'utf8')).find((b) => b['@type'] === 'Organization');
      if (!ld) {
        problems.push(`${p}: no Organization`);
        continue;
      }
      const need = (cond, what) => cond || problems.push(`${p}: ${what}`);
      need(ld['@context'] === 'https://schema.org', '@context');
      need(typeof ld.name === 'string' && ld.name.length > 0, 'no name');
      need(ld.url === base + p.replace(/index\.html$/, ''), 'url is not the page');
      need(ld.address?.['@type'] === 'PostalAddress' && ld.address.streetAddress && ld.address.addressCountry === 'VN', 'no PostalAddress');
      const cps = ld.contactPoint || [];
      need(cps.length > 0 && cps.every((c) => c['@type'] === 'ContactPoint' && c.contactType), 'no ContactPoint');
    }
    if (n === 0) problems.push('no producer page');
    return problems;
  });

  // --------------------------------------------------------------- CSV
  const columns = ['slug', 'name', 'stars', 'group', 'area', 'producer', 'producer_type', 'address', 'phone', 'zalo', 'email', 'website',
    'certificate_decision', 'certificate_issued', 'certificate_expires', 'certificate_status', 'indicative', 'summary', 'packaging', 'net_weight',
    'volume', 'shelf_life', 'price_min', 'price_max', 'price_currency', 'price_unit', 'price_note', 'price_range', 'min_order',
    'lead_time', 'capacity', 'certifications', 'hs_code', 'export_markets', 'url', 'image'];
  const quantities = ['net_weight', 'volume', 'shelf_life', 'min_order', 'lead_time', 'capacity'];
  // A certification as the CSV writes it: "VietGAP (no. X, by Y, issued D, expires D)".
  const certification = (c) => {
    const details = [['no. ', c.number], ['by ', c.issuer], ['issued ', c.issued], ['expires ', c.expires]]
      .filter(([, v]) => v).map(([w, v]) => w + v);
    return details.length ? `${c.name} (${details.join(', ')})` : c.name;
  };
  // The CSV's value of column c, from the JSON export's product.
  const flat = (prod, c) => {
    if (quantities.includes(c)) return prod[c] && `${prod[c].value} ${prod[c].unit}`;
    if (c.startsWith('price_') && c !== 'price_range') {
      const p = prod.price;
      if (!p) return null;
      return { price_min: p.min, price_max: p.max > p.min ? p.max : null, price_currency: p.currency, price_unit: p.unit, price_note: p.note }[c];
    }
    if (c === 'certifications') return prod.certifications.map(certification);
    if (c === 'hs_code') return prod.hs_code && prod.hs_code.replaceAll('.', '');
    return prod[c];
  };
  // What a spreadsheet cell shows for a value, as the exports write it.
  const cell = (v) => {
    const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join('; ') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
    return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  };
  for (const lang of langs) {
    check(name(`${lang}/products.csv: a byte-order mark, then one row per product equal to products.json`), () => {
      const bytes = readFileSync(join(site, lang, 'products.csv'));
      const problems = [];
      if (bytes.subarray(0, 3).toString('hex') !== 'efbbbf') problems.push('no UTF-8 byte-order mark');
      const rows = parse(bytes, { bom: true, relax_column_count: false });
      const [header, ...body] = rows;
      if (header.join() !== columns.join()) problems.push(`header ${header.join()}`);
      const products = exportsByLang[lang].products;
      if (body.length !== products.length) problems.push(`${body.length} rows for ${products.length} products`);
      body.forEach((row, i) => {
        const prod = products[i];
        columns.forEach((c, k) => {
          const want = cell(flat(prod, c));
          if (row[k] !== want) problems.push(`row ${i + 1} (${prod.slug}) ${c}: ${JSON.stringify(row[k])}, not ${JSON.stringify(want)}`);
        });
        for (const v of row) if (/^[=+\-@\t\r]/.test(v)) problems.push(`row ${i + 1}: a cell a spreadsheet would run: ${JSON.stringify(v)}`);
      });
      if (!bytes.toString('utf8').includes('\r\n')) problems.push('lines do not end in CRLF');
      return problems;
    });
  }
  check(name('the all-products page links the CSV and JSON exports of its language'), () => {
    const problems = [];
    for (const lang of langs) {
      const html = readFileSync(join(site, lang, 'products/index.html'), 'utf8');
      const links = [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => join(site, lang, 'products', m[1]));
      for (const f of ['products.csv', 'products.json'])
        if (!links.includes(join(site, lang, f))) problems.push(`${lang}: no link to ${lang}/${f}`);
    }
    return problems;
  });
  return exportsByLang;
}

function main() {
  const site = bundledSite('feeds: build site');
  if (site) checkSite('bundled', site, root);
  const hostileDir = join(root, 'tests/golden/escaping');
  const hostile = build('feeds: build escaping', { dir: hostileDir, out: 'escaping' });
  if (!hostile) return;
  const byLang = checkSite('hostile', hostile, hostileDir);
  check('feeds/hostile: a formula in a product name comes out as text in the CSV', () => {
    const rows = parse(readFileSync(join(hostile, 'vi/products.csv')), { bom: true, columns: true });
    const row = rows.find((r) => r.slug === 'formula');
    const problems = [];
    if (!row) return ['no row for the product "formula"'];
    const want = {
      name: `'=HYPERLINK("https://evil.example/","Click, for a prize")`,
      summary: `'@SUM(1+1) and a "quoted" word, on two\nlines`,
      packaging: "'+1 bag",
      price_note: "'-5% from 100 kg",
    };
    for (const [k, v] of Object.entries(want)) if (row[k] !== v) problems.push(`${k}: ${JSON.stringify(row[k])}, not ${JSON.stringify(v)}`);
    if (byLang.vi.products.find((p) => p.slug === 'formula')?.name !== '=HYPERLINK("https://evil.example/","Click, for a prize")')
      problems.push('products.json does not keep the name as it is');
    return problems;
  });
  check('feeds/hostile: markup in a product name cannot end the JSON-LD script', () => {
    const html = readFileSync(join(hostile, 'vi/products/xss/index.html'), 'utf8');
    const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    const problems = [];
    if (blocks.length !== 1) problems.push(`${blocks.length} JSON-LD blocks`);
    for (const b of blocks) {
      if (/[<>&]/.test(b)) problems.push('a raw <, > or & in the block');
      if (JSON.parse(b).name !== '<script>alert(1)</script>') problems.push('the name does not parse back');
    }
    return problems;
  });
}

await run('feeds', main);
