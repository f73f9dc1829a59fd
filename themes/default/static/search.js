/* The search page. The language's index arrived before this script as a
 * plain script (search-index.js, written by ocopgen's search.c) that left
 * window.OCOP_SEARCH: nothing is fetched, so search works from file:// as
 * well as from any host. The query is folded as the index was (text_fold in
 * generator/text.c: tests/fold-cases.json holds both to the same results),
 * split into the same terms, and the products are found and ranked:
 *
 * - every word of the query must be found; only the last, being typed, may
 *   be the start of a longer word;
 * - a product whose name, producer, group or district holds every word is a
 *   strong match, ranked by where the words are (name before producer
 *   before place, whole word before prefix), the query as one phrase of
 *   its name above words scattered, then by stars; one that only
 *   mentions a word in its summary or story is listed apart, below, as
 *   "also mentioned";
 * - a query that finds nothing here but finds products in another language
 *   of the site says so, with a link to that language's search.
 *
 * Results are built from DOM text, never from markup. */
(function (global) {
	'use strict';

	var MAX_QUERY = 200; /* characters of a query that are looked at */
	var MAX_SHOWN = 50;
	var MAX_PREFIX_TERMS = 400; /* terms one prefix may stand for */
	var MAX_MENTIONS = 10; /* "also mentioned" results shown */
	/* Per field of a posting: name, producer, group or district (the
	 * strong fields), summary or story. A whole word counts twice a
	 * prefix; the whole query as a phrase of the name adds PHRASE. */
	var WEIGHTS = [16, 6, 4, 1];
	var WEAK_FIELD = 3;
	var PHRASE = 40;
	var MARKS = /\p{M}/gu;
	var WORD = /^[\p{L}\p{N}]$/u;

	/* NFKC, case-folded, without combining marks, đ as d. Case folding is
	 * done one character at a time, so that no context (a final sigma)
	 * changes it; lower-upper-lower gives the full folding for Latin,
	 * Greek and Cyrillic ("ß" and "ẞ" to "ss"). */
	function fold(s) {
		var d = String(s).normalize('NFKD');
		var out = '';
		for (var ch of d)
			out += ch.toLowerCase().toUpperCase().toLowerCase();
		return out.normalize('NFKD').replace(MARKS, '')
			.replace(/[\u0110\u0111]/g, 'd').normalize('NFC');
	}

	/* Han, hiragana, katakana: written without spaces (as in search.c). */
	function isCJK(c) {
		return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
			(c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
			(c >= 0x20000 && c <= 0x3FFFF);
	}

	/* The terms of a folded query: each word, the last of which may be the
	 * start of a longer one (it is being typed); a run of CJK characters
	 * gives its one character, or its bigrams, each of which must be found
	 * whole. */
	function terms(folded) {
		var out = [], seen = {}, word = '', run = [];
		function push(t, prefix) {
			var key = (prefix ? '+' : '=') + t;
			if (seen[key])
				return;
			seen[key] = true;
			out.push({ term: t, prefix: prefix });
		}
		function endWord() {
			if (word)
				push(word, true);
			word = '';
		}
		function endRun() {
			if (run.length === 1)
				push(run[0], false);
			for (var i = 1; i < run.length; i++)
				push(run[i - 1] + run[i], false);
			run = [];
		}
		for (var ch of folded) {
			if (isCJK(ch.codePointAt(0))) {
				endWord();
				run.push(ch);
			} else if (WORD.test(ch)) {
				endRun();
				word += ch;
			} else {
				endWord();
				endRun();
			}
		}
		endWord();
		endRun();
		/* Only the last word may be unfinished. */
		for (var i = 0; i < out.length - 1; i++)
			out[i].prefix = false;
		return out;
	}

	function lowerBound(list, t) {
		var lo = 0, hi = list.length;
		while (lo < hi) {
			var mid = (lo + hi) >>> 1;
			if (list[mid] < t)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo;
	}

	/* The index's postings are written as differences (search.h): add
	 * them up once. */
	function prepare(index) {
		if (index.ready)
			return;
		for (var i = 0; i < index.postings.length; i++) {
			var p = index.postings[i];
			for (var j = 1; j < p.length; j++)
				p[j] += p[j - 1];
		}
		index.ready = true;
	}

	/* The products that hold every term of the query, as {doc, score,
	 * strong}: doc is a number into index.docs; the strong matches first,
	 * best first, then those that only mention a word (strong false). */
	function search(index, query) {
		prepare(index);
		var folded = fold(String(query).slice(0, MAX_QUERY));
		var q = terms(folded);
		if (!q.length)
			return [];
		var total = null;
		for (var t = 0; t < q.length; t++) {
			/* doc -> {score, strong} of this term's best place */
			var best = new Map();
			var term = q[t].term;
			var k = lowerBound(index.terms, term);
			for (var n = 0; k < index.terms.length && n < MAX_PREFIX_TERMS; k++, n++) {
				var exact = index.terms[k] === term;
				if (!exact && !(q[t].prefix && index.terms[k].startsWith(term)))
					break;
				var posts = index.postings[k];
				for (var j = 0; j < posts.length; j++) {
					var doc = Math.floor(posts[j] / 4);
					var field = posts[j] % 4;
					var score = WEIGHTS[field] * (exact ? 2 : 1);
					var had = best.get(doc) || { score: 0, strong: false };
					had.score = Math.max(had.score, score);
					had.strong = had.strong || field !== WEAK_FIELD;
					best.set(doc, had);
				}
				if (!q[t].prefix)
					break;
			}
			if (total === null) {
				total = best;
			} else {
				var both = new Map();
				total.forEach(function (s, d) {
					var b = best.get(d);
					if (b)
						both.set(d, { score: s.score + b.score, strong: s.strong && b.strong });
				});
				total = both;
			}
			if (!total.size)
				return [];
		}
		/* The query as one phrase of the name: its words in their order,
		 * the last one perhaps unfinished; Han and kana anywhere in it,
		 * since they are written without spaces. */
		var phrase = q.length > 1 ? folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim() : '';
		var spaced = !Array.from(phrase).some(function (ch) {
			return isCJK(ch.codePointAt(0));
		});
		var results = [];
		total.forEach(function (s, d) {
			var score = s.score;
			if (phrase && s.strong) {
				var name = ' ' + fold(index.docs[d][0]).replace(/[^\p{L}\p{N}]+/gu, ' ') + ' ';
				if (name.indexOf(spaced ? ' ' + phrase : phrase) >= 0)
					score += PHRASE;
			}
			results.push({ doc: d, score: score, strong: s.strong });
		});
		results.sort(function (a, b) {
			return (b.strong - a.strong) || b.score - a.score ||
				index.docs[b.doc][3] - index.docs[a.doc][3] || a.doc - b.doc;
		});
		return results;
	}

	var api = { fold: fold, terms: terms, search: search };
	global.ocopSearch = api;
	var document = global.document;
	if (!document)
		return; /* loaded by a test, outside a page */

	var form = document.getElementById('search-form');
	var input = document.getElementById('search-q');
	var status = document.getElementById('search-status');
	var list = document.getElementById('search-results');
	var mentions = document.getElementById('search-mentions');
	var mentionsList = document.getElementById('search-mentions-list');
	var elsewhere = document.getElementById('search-elsewhere');
	if (!form || !input || !status || !list || !mentions || !mentionsList || !elsewhere)
		return;
	var index = global.OCOP_SEARCH;
	if (!index || !Array.isArray(index.terms) || !Array.isArray(index.docs)) {
		status.textContent = status.getAttribute('data-unavailable') || '';
		return;
	}
	/* Site paths in the index are from the site's root, which is the
	 * folder above this script's assets/. */
	var script = document.currentScript;
	var root = new URL('../', script ? script.src : global.location.href);
	/* A page opened as .../index.html (the kiosk build, file://) links to
	 * index.html files, because file:// does not resolve a folder. */
	var namesIndex = /\/index\.html$/.test(global.location.pathname);

	function link(sitePath) {
		var u = new URL(sitePath, root).href;
		return namesIndex && /\/$/.test(sitePath) ? u + 'index.html' : u;
	}

	function el(name, className, text) {
		var e = document.createElement(name);
		if (className)
			e.className = className;
		if (text !== undefined)
			e.textContent = text;
		return e;
	}

	function words(key, n) {
		return (status.getAttribute(key) || '').replace('{n}', String(n))
			.replace('{shown}', String(MAX_SHOWN));
	}

	function item(d) {
		var li = el('li', 'search-result');
		var a = el('a', 'search-result__link');
		a.href = link(d[1]);
		if (d[2]) {
			var img = el('img', 'search-result__thumb');
			img.src = new URL(d[2], root).href;
			img.alt = '';
			img.loading = 'lazy';
			img.width = 96;
			img.height = 72;
			a.appendChild(img);
		} else {
			a.appendChild(el('span', 'search-result__thumb search-result__noimg', 'OCOP'));
		}
		var body = el('span', 'search-result__body');
		body.appendChild(el('span', 'search-result__name', d[0]));
		var badge = el('span', 'badge search-result__stars' + (d[3] === 5 ? ' badge--national' : ''),
			list.getAttribute('data-stars-' + d[3]) || String(d[3]));
		badge.setAttribute('data-stars', String(d[3]));
		body.appendChild(badge);
		var meta = [index.producers[d[4]], d[5] >= 0 ? index.districts[d[5]] : '']
			.filter(Boolean).join(' · ');
		body.appendChild(el('span', 'search-result__meta', meta));
		a.appendChild(body);
		li.appendChild(a);
		return li;
	}

	function fill(target, results, max) {
		while (target.firstChild)
			target.removeChild(target.firstChild);
		var shown = results.slice(0, max);
		for (var i = 0; i < shown.length; i++)
			target.appendChild(item(index.docs[shown[i].doc]));
	}

	/* The other languages of the site, from the language switcher:
	 * {code, href} with href this search page in that language. */
	function otherLanguages() {
		var out = [], seen = {};
		var links = document.querySelectorAll('.langs__link[hreflang]');
		for (var i = 0; i < links.length; i++) {
			var code = links[i].getAttribute('hreflang');
			if (code === index.lang || seen[code])
				continue;
			seen[code] = true;
			out.push({ code: code, href: links[i].href, name: links[i].textContent });
		}
		return out;
	}

	/* Another language's index, loaded as a plain script like this
	 * page's own (so from file:// too); it leaves window.OCOP_SEARCH,
	 * which is given back to this page's index at once. */
	var loaded = {};
	function loadIndex(code, done) {
		if (loaded[code] !== undefined)
			return done(loaded[code]);
		var s = document.createElement('script');
		s.src = new URL(code + '/search-index.js', root).href;
		s.onload = function () {
			var other = global.OCOP_SEARCH;
			global.OCOP_SEARCH = index;
			loaded[code] = other && other !== index && other.lang === code ? other : null;
			done(loaded[code]);
		};
		s.onerror = function () {
			loaded[code] = null;
			done(null);
		};
		document.head.appendChild(s);
	}

	/* When this language finds no product by name: the first other
	 * language that does, with a link to its search for the same query. */
	var asked = 0;
	function lookElsewhere(query) {
		var ask = ++asked;
		elsewhere.hidden = true;
		var langs = otherLanguages();
		(function next(i) {
			if (ask !== asked || i >= langs.length)
				return;
			loadIndex(langs[i].code, function (other) {
				if (ask !== asked)
					return;
				var n = other ? search(other, query).filter(function (r) {
					return r.strong;
				}).length : 0;
				if (!n)
					return next(i + 1);
				while (elsewhere.firstChild)
					elsewhere.removeChild(elsewhere.firstChild);
				elsewhere.appendChild(document.createTextNode(
					(elsewhere.getAttribute('data-text') || '{n}').replace('{n}', String(n)) + ' '));
				var u = new URL(langs[i].href);
				u.searchParams.set('q', query);
				var a = el('a', 'search-elsewhere__link', langs[i].name);
				a.href = u.href;
				a.hreflang = langs[i].code;
				a.lang = langs[i].code;
				elsewhere.appendChild(a);
				elsewhere.hidden = false;
			});
		})(0);
	}

	/* The language switcher opens the same search in another language. */
	function keepQuery(query) {
		var links = document.querySelectorAll('.langs__link[hreflang]');
		for (var i = 0; i < links.length; i++) {
			var u = new URL(links[i].href);
			if (query)
				u.searchParams.set('q', query);
			else
				u.searchParams.delete('q');
			links[i].href = u.href;
		}
	}

	function show(query) {
		fill(list, [], 0);
		fill(mentionsList, [], 0);
		mentions.hidden = true;
		elsewhere.hidden = true;
		asked++;
		keepQuery(query.trim() ? query : '');
		if (!query.trim()) {
			status.textContent = '';
			return;
		}
		var results = search(index, query);
		var strong = results.filter(function (r) {
			return r.strong;
		});
		var weak = results.filter(function (r) {
			return !r.strong;
		});
		if (strong.length)
			status.textContent = words(strong.length > MAX_SHOWN ? 'data-more' : 'data-count',
				strong.length);
		else if (weak.length)
			status.textContent = words('data-mentions-only', weak.length);
		else
			status.textContent = words('data-none', 0);
		fill(list, strong, MAX_SHOWN);
		if (weak.length) {
			fill(mentionsList, weak, MAX_MENTIONS);
			mentions.hidden = false;
		}
		if (!strong.length)
			lookElsewhere(query);
	}

	function queryOfURL() {
		return new URLSearchParams(global.location.search).get('q') || '';
	}

	/* Keeps the query in the address, so that a list of results can be
	 * linked and comes back with the back button: typing replaces the
	 * entry, a submitted search adds one. */
	function remember(query, push) {
		var u = new URL(global.location.href);
		if (query)
			u.searchParams.set('q', query);
		else
			u.searchParams.delete('q');
		if (u.href === global.location.href)
			return;
		try {
			if (push)
				global.history.pushState(null, '', u.href);
			else
				global.history.replaceState(null, '', u.href);
		} catch (e) {
			/* A browser that refuses it for file://: the results
			 * still show, only the address does not follow. */
		}
	}

	input.addEventListener('input', function () {
		show(input.value);
		remember(input.value, false);
	});
	form.addEventListener('submit', function (e) {
		e.preventDefault();
		show(input.value);
		remember(input.value, true);
	});
	global.addEventListener('popstate', function () {
		input.value = queryOfURL();
		show(input.value);
	});
	input.value = queryOfURL();
	show(input.value);
})(this);
