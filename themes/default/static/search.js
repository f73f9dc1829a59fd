/* The search page. The language's index is in parts (generator/search.h),
 * each a plain script that stores an object in window.OCOP_SEARCH: the
 * head arrived with the page; the term shards a query needs and the chunks
 * of products its results show are loaded as <script> elements when asked
 * for, so that a visitor downloads a few small files rather than the whole
 * index, and nothing is fetched, which works from file:// as well as from
 * any host. The query is folded as the index was (text_fold in
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
	 * whole. at lists a term's places in the query, counted as the index
	 * counts the words of a name: a word, or a CJK character, is one place;
	 * a bigram is at its first character. */
	function terms(folded) {
		var out = [], seen = new Map(), word = '', run = [], place = 0;
		function push(t, prefix, at) {
			var key = (prefix ? '+' : '=') + t;
			if (seen.has(key))
				return seen.get(key).at.push(at);
			seen.set(key, { term: t, prefix: prefix, at: [at] });
			out.push(seen.get(key));
		}
		function endWord() {
			if (word)
				push(word, true, place++);
			word = '';
		}
		function endRun() {
			var start = place - run.length;
			if (run.length === 1)
				push(run[0], false, start);
			for (var i = 1; i < run.length; i++)
				push(run[i - 1] + run[i], false, start + i - 1);
			run = [];
		}
		for (var ch of folded) {
			if (isCJK(ch.codePointAt(0))) {
				endWord();
				run.push(ch);
				place++;
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

	/* The number of strings of a sorted list at or below t. */
	function upperBound(list, t) {
		var lo = 0, hi = list.length;
		while (lo < hi) {
			var mid = (lo + hi) >>> 1;
			if (list[mid] <= t)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo;
	}

	/* A term shard as written (search.h): each term's postings added up
	 * from their differences, as post (product * 4 + field), beside the
	 * places of the term in the product's name (places). */
	function decodeShard(shard) {
		var lists = [];
		for (var i = 0; i < shard.postings.length; i++) {
			var raw = shard.postings[i], post = [], places = [], v = 0;
			for (var j = 0; j < raw.length; j++) {
				v += raw[j];
				post.push(v);
				places.push(v % 4 === 0 ? raw[++j] | 0 : 0);
			}
			lists.push({ post: post, places: places });
		}
		return { terms: shard.terms, lists: lists };
	}

	/* The index of one language: its head (search.h) and load(name), which
	 * gives the part of that name ("t3", "d0"), or a promise of it, or of
	 * null when it cannot be had. Parts are asked for once, and a term
	 * shard is decoded once. */
	function Index(head, load) {
		this.head = head;
		this.lang = head.lang;
		this.load = load;
		this.parts = {};
	}

	Index.prototype.part = function (name) {
		var parts = this.parts;
		if (!parts[name])
			parts[name] = Promise.resolve(this.load(name)).then(function (part) {
				if (part)
					return name[0] === 't' ? decodeShard(part) : part;
				delete parts[name]; /* asked again next time */
				throw new Error('search: the index part ' + name + ' cannot be loaded');
			});
		return parts[name];
	};

	Index.prototype.shard = function (k) {
		return this.part('t' + k);
	};

	/* The terms that query term q stands for, each as {exact, list}: the
	 * term itself, or when q is a prefix, up to MAX_PREFIX_TERMS terms
	 * starting with it, which may run on into the next shards. */
	Index.prototype.matching = function (q) {
		var self = this, firsts = this.head.shards, found = [];
		function from(k, start) {
			return self.shard(k).then(function (shard) {
				var i = start < 0 ? lowerBound(shard.terms, q.term) : start;
				for (; i < shard.terms.length && found.length < MAX_PREFIX_TERMS; i++) {
					var t = shard.terms[i];
					var exact = t === q.term;
					if (!exact && !(q.prefix && t.startsWith(q.term)))
						return found;
					found.push({ exact: exact, list: shard.lists[i] });
					if (!q.prefix)
						return found;
				}
				if (found.length < MAX_PREFIX_TERMS && q.prefix && k < firsts.length &&
					firsts[k].startsWith(q.term))
					return from(k + 1, 0);
				return found;
			});
		}
		return from(upperBound(firsts, q.term), -1);
	};

	/* The places of a term (bits), moved back by each of its places in
	 * the query: what is left set is where the query's phrase could
	 * start. */
	function placesFrom(places, at) {
		var from = ~0;
		for (var i = 0; i < at.length; i++)
			from &= at[i] < 31 ? places >>> at[i] : 0;
		return from;
	}

	/* The products found by the query's terms q, whose matches are
	 * found[t] for each, ranked. */
	function rank(q, found) {
		var total = null;
		for (var t = 0; t < q.length; t++) {
			/* doc -> {score, strong, places} of this term's best place */
			var best = new Map();
			for (var m = 0; m < found[t].length; m++) {
				var exact = found[t][m].exact, list = found[t][m].list;
				for (var j = 0; j < list.post.length; j++) {
					var doc = Math.floor(list.post[j] / 4);
					var field = list.post[j] % 4;
					var score = WEIGHTS[field] * (exact ? 2 : 1);
					var had = best.get(doc);
					if (!had) {
						had = { score: 0, strong: false, places: 0 };
						best.set(doc, had);
					}
					had.score = Math.max(had.score, score);
					had.strong = had.strong || field !== WEAK_FIELD;
					had.places |= list.places[j];
				}
			}
			var both = new Map();
			var at = q[t].at;
			if (total === null) {
				best.forEach(function (b, d) {
					both.set(d, { score: b.score, strong: b.strong, phrase: placesFrom(b.places, at) });
				});
			} else {
				total.forEach(function (s, d) {
					var b = best.get(d);
					if (b)
						both.set(d, {
							score: s.score + b.score, strong: s.strong && b.strong,
							phrase: s.phrase & placesFrom(b.places, at),
						});
				});
			}
			total = both;
			if (!total.size)
				return [];
		}
		/* The query as one phrase of the name: its words in their order,
		 * next to each other, the last one perhaps unfinished. */
		var results = [];
		total.forEach(function (s, d) {
			var phrase = q.length > 1 && s.strong && s.phrase !== 0;
			results.push({ doc: d, score: s.score + (phrase ? PHRASE : 0), strong: s.strong });
		});
		/* Products are numbered by stars, most first (search.h). */
		results.sort(function (a, b) {
			return (b.strong - a.strong) || b.score - a.score || a.doc - b.doc;
		});
		return results;
	}

	/* A promise of the products that hold every term of the query, as
	 * {doc, score, strong}: doc is a product's number; the strong matches
	 * first, best first, then those that only mention a word (strong
	 * false). */
	Index.prototype.search = function (query) {
		var self = this;
		var q = terms(fold(String(query).slice(0, MAX_QUERY)));
		if (!q.length)
			return Promise.resolve([]);
		return Promise.all(q.map(function (t) {
			return self.matching(t);
		})).then(function (found) {
			return rank(q, found);
		});
	};

	/* A promise of the products numbered docs, each as [name, site path,
	 * thumbnail, stars, producer, district] (search.h). */
	Index.prototype.docs = function (docs) {
		var self = this, chunk = this.head.chunk;
		return Promise.all(docs.map(function (d) {
			return self.part('d' + Math.floor(d / chunk)).then(function (part) {
				return part.docs[d % chunk];
			});
		}));
	};

	function open(head, load) {
		return new Index(head, load);
	}

	var api = { fold: fold, terms: terms, open: open };
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
	/* The heads and parts loaded so far, by name ("vi", "vi/t3"). */
	function registry() {
		return global.OCOP_SEARCH || {};
	}
	var head = registry()[form.getAttribute('data-lang')];
	if (!head || !Array.isArray(head.shards) || typeof head.chunk !== 'number') {
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

	/* Runs the plain script at site path file, which stores key in the
	 * registry, and gives a promise of what it stored, or of null. */
	function loadScript(file, key) {
		var have = registry()[key];
		if (have)
			return Promise.resolve(have);
		return new Promise(function (done) {
			var s = document.createElement('script');
			s.src = new URL(file, root).href;
			s.onload = function () {
				var got = registry()[key] || null;
				if (got && key.indexOf('/') >= 0)
					delete registry()[key]; /* the index keeps it */
				s.remove();
				done(got);
			};
			s.onerror = function () {
				s.remove();
				done(null);
			};
			document.head.appendChild(s);
		});
	}

	/* The index of the language whose head is h. */
	function openIndex(h) {
		return open(h, function (name) {
			return loadScript(h.lang + '/search-index/' + name + '.js?v=' + encodeURIComponent(h.v),
				h.lang + '/' + name);
		});
	}
	var index = openIndex(head);

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
		body.appendChild(el('span', 'search-result__meta', [d[4], d[5]].filter(Boolean).join(' · ')));
		a.appendChild(body);
		li.appendChild(a);
		return li;
	}

	/* Shows the products docs (entries of Index.docs) in target. */
	function fill(target, docs) {
		while (target.firstChild)
			target.removeChild(target.firstChild);
		for (var i = 0; i < docs.length; i++)
			if (Array.isArray(docs[i]))
				target.appendChild(item(docs[i]));
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

	/* Another language's index, from its head, loaded as a plain script
	 * like this page's own (so from file:// too). */
	var others = {};
	function otherIndex(code) {
		if (!others[code])
			others[code] = loadScript(code + '/search-index.js', code).then(function (h) {
				return h && h.lang === code && Array.isArray(h.shards) ? openIndex(h) : null;
			});
		return others[code];
	}

	/* The query being answered: an answer that comes after a newer query
	 * is dropped. */
	var asked = 0;

	/* When this language finds no product by name: the first other
	 * language that does, with a link to its search for the same query. */
	function lookElsewhere(query, ask) {
		var langs = otherLanguages();
		(function next(i) {
			if (ask !== asked || i >= langs.length)
				return;
			otherIndex(langs[i].code).then(function (other) {
				return other ? other.search(query) : [];
			}).then(function (results) {
				if (ask !== asked)
					return;
				var n = results.filter(function (r) {
					return r.strong;
				}).length;
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
			}, function () {
				next(i + 1);
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

	function clear() {
		fill(list, []);
		fill(mentionsList, []);
		mentions.hidden = true;
		elsewhere.hidden = true;
	}

	/* Answers a query: the parts it needs are loaded, the results shown
	 * when they and their products have come. Until then the last
	 * results stay. */
	function show(query) {
		var ask = ++asked;
		keepQuery(query.trim() ? query : '');
		if (!query.trim()) {
			clear();
			status.textContent = '';
			list.removeAttribute('aria-busy');
			return;
		}
		list.setAttribute('aria-busy', 'true');
		index.search(query).then(function (results) {
			var strong = results.filter(function (r) {
				return r.strong;
			});
			var weak = results.filter(function (r) {
				return !r.strong;
			});
			var shown = strong.slice(0, MAX_SHOWN).concat(weak.slice(0, MAX_MENTIONS));
			return index.docs(shown.map(function (r) {
				return r.doc;
			})).then(function (docs) {
				if (ask !== asked)
					return;
				clear();
				if (strong.length)
					status.textContent = words(strong.length > MAX_SHOWN ? 'data-more' : 'data-count',
						strong.length);
				else if (weak.length)
					status.textContent = words('data-mentions-only', weak.length);
				else
					status.textContent = words('data-none', 0);
				var n = Math.min(strong.length, MAX_SHOWN);
				fill(list, docs.slice(0, n));
				if (weak.length) {
					fill(mentionsList, docs.slice(n));
					mentions.hidden = false;
				}
				if (!strong.length)
					lookElsewhere(query, ask);
			});
		}).catch(function () {
			if (ask !== asked)
				return;
			clear();
			status.textContent = status.getAttribute('data-unavailable') || '';
		}).then(function () {
			if (ask === asked)
				list.removeAttribute('aria-busy');
		});
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
