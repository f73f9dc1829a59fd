/* The search page. The language's index is in parts (generator/search.h),
 * each a plain script that stores an object in window.OCOP_SEARCH: the
 * head arrived with the page; the term shards a query needs, the words a
 * typo may be corrected to and the chunks of products its results show
 * are loaded as <script> elements when asked for, so that a visitor
 * downloads a few small files rather than the whole index, and nothing is
 * fetched, which works from file:// as well as from any host.
 *
 * A query is read as a buyer types it (generator/search_words.h gives the
 * words, from the theme, on the form's data-words):
 *
 * - a star level ("5 sao", "4 star", "五星") or a product group ("đồ
 *   uống", "herbal") keeps the products of that level or group; it is not
 *   looked for as text;
 * - a word or phrase of a set of synonyms ("chè", "gift", "绿茶") finds
 *   the products that hold any of the set, a little below those that hold
 *   the word typed;
 * - every other word is folded as the index was (text_fold in
 *   generator/text.c: tests/fold-cases.json holds both to the same
 *   results); only the last, being typed, may be the start of a longer
 *   word; words that tell nothing (the index's most shared, "sản phẩm")
 *   are not required;
 * - products that hold every word come first: a product whose name,
 *   producer, group or place holds them is a strong match, ranked by
 *   where the words are (name before producer before place, whole word
 *   before prefix), the query as one phrase of its name above words
 *   scattered, then by stars; one that only mentions a word in its
 *   summary or story is listed apart, below; when only such products
 *   hold every word, those that hold all but one where they say what
 *   they are come first, as the closest; failing these, when the query
 *   names kinds of goods (synonyms, a star level, a group) beside words
 *   no product holds where it says what it is ("rượu ủ lâu"), those
 *   words are set aside and the products of those kinds come first;
 * - a word typed with marks ("nấm") ranks the products whose word has
 *   those marks above those whose word contradicts them ("Nặm"), which
 *   go below every product that agrees;
 * - when no product holds every word, words typed apart that the index
 *   holds as one are run together ("vicu max"), or else a word of five
 *   letters or more is corrected to one of the index at one edit (two
 *   from eight letters), and the page asks "Did you mean ...?"; a word
 *   found nowhere that is words run together ("tinhbotnghe") is cut
 *   when nothing else would be shown; failing that, the products
 *   that hold the most words, the rarest first, are shown as such (a
 *   Chinese word found nowhere counting as its characters);
 * - a query that finds nothing here but finds products in another language
 *   of the site says so, with a link to that language's search.
 *
 * Results are built from DOM text, never from markup. */
(function (global) {
	'use strict';

	var MAX_QUERY = 200; /* characters of a query that are looked at */
	var MAX_SHOWN = 50;
	var MAX_PREFIX_TERMS = 400; /* terms one prefix may stand for */
	var MAX_PREFETCH = 4; /* shards after the first asked for at once */
	var MAX_MENTIONS = 20; /* results shown apart, below */
	var FIRST_SCREEN = 8; /* results shown before the rest have come */
	var STRONG = 'strong'; /* rank's partial: strong matches only */
	/* Per field of a posting: name, producer, group or district (the
	 * strong fields), summary or story. A whole word counts twice a
	 * prefix; the whole query as a phrase of the name adds PHRASE. A
	 * synonym counts SYNONYM of the word typed, a correction TYPO. */
	var WEIGHTS = [16, 6, 4, 1];
	var PRODUCER_FIELD = 1;
	var WEAK_FIELD = 3;
	var PHRASE = 40;
	/* The places of the producer's address: from ADDRESS_PLACE (search.c)
	 * to 30. */
	var ADDRESS_BITS = 0x7fff0000;
	var SYNONYM = 0.75;
	var TYPO = 0.5;
	var MARKS = /\p{M}/gu;
	var MARK = /^\p{M}$/u;
	var WORD = /^[\p{L}\p{N}]$/u;
	var NUMBER = '\uE000'; /* {n} of a star pattern */
	var UP = '+'; /* a star pattern's level and those above it */
	var PLUS = '\uE001'; /* "+" typed after a digit: "4+ sao" */
	var STAR = '\u2605'; /* ★, and * typed for it */
	var GROUP_TERM = 'g:'; /* SEARCH_GROUP_TERM */
	var FACET_TERM = 'f:'; /* SEARCH_FACET_TERM */

	/* NFKC, case-folded, without combining marks, đ as d. Case folding is
	 * done one character at a time, so that no context (a final sigma)
	 * changes it; lower-upper-lower gives the full folding for Latin,
	 * Greek and Cyrillic ("ß" and "ẞ" to "ss"). */
	function fold(s) {
		return foldMarked(s).normalize('NFKD').replace(MARKS, '')
			.replace(/[\u0110\u0111]/g, 'd').normalize('NFC');
	}

	/* fold with the marks kept (text_fold_marked): "Nấm" is "nấm". */
	function foldMarked(s) {
		var d = String(s).normalize('NFKD');
		var out = '';
		for (var ch of d)
			out += ch.toLowerCase().toUpperCase().toLowerCase();
		return out.normalize('NFC');
	}

	/* The letters of a marked word, each as the marks on it, in order: "đ"
	 * has a stroke, which folding takes off as it does a mark. */
	function letterMarks(word) {
		var out = [];
		for (var ch of word.normalize('NFD')) {
			if (MARK.test(ch)) {
				if (out.length)
					out[out.length - 1].push(ch);
			} else {
				out.push(ch === '\u0111' ? ['stroke'] : []);
			}
		}
		return out;
	}

	/* Whether the marks typed on a word agree with a form of it in the
	 * index: every mark typed on a letter is on that letter there. A word
	 * typed without marks agrees with every form. Typed may be a prefix. */
	function agrees(typed, form) {
		var t = letterMarks(typed), f = letterMarks(form);
		for (var i = 0; i < t.length; i++) {
			if (i >= f.length)
				return true;
			for (var j = 0; j < t[i].length; j++)
				if (f[i].indexOf(t[i][j]) < 0)
					return false;
		}
		return true;
	}

	/* Han, hiragana, katakana: written without spaces (as in search.c). */
	function isCJK(c) {
		return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
			(c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
			(c >= 0x20000 && c <= 0x3FFFF);
	}

	/* The tokens of a text as search splits it: {t: folded, m: with its
	 * marks, cjk, run}: words (letters and digits), each CJK character
	 * (run numbers those written together), a star, {n} and a "+" after
	 * a digit. A digit from 1 to 5 written against a word ("5sao") is a
	 * word of its own. */
	function tokens(text) {
		var s = String(text).slice(0, MAX_QUERY).replace(/[*\u2b50\u2606]/g, STAR)
			.replace(/([0-9\uE000])\s*\+/g, '$1 ' + PLUS)
			.replace(/(^|[^\p{L}\p{N}])([1-5])(?=\p{L})/gu, '$1$2 ');
		var folded = fold(s), marked = foldMarked(s);
		function split(str, withMarks) {
			var out = [], word = '', run = 0, inRun = false;
			function end() {
				if (word)
					out.push({ t: word, cjk: false });
				word = '';
			}
			for (var ch of str) {
				var c = ch.codePointAt(0);
				if (isCJK(c)) {
					end();
					if (!inRun)
						run++;
					inRun = true;
					out.push({ t: ch, cjk: true, run: run });
					continue;
				}
				if (WORD.test(ch) || (withMarks && word && MARK.test(ch))) {
					word += ch;
				} else {
					end();
					if (ch === STAR || ch === NUMBER || ch === PLUS)
						out.push({ t: ch, cjk: false });
				}
				inRun = false;
			}
			end();
			return out;
		}
		var f = split(folded, false), m = split(marked, true);
		var same = f.length === m.length;
		for (var i = 0; i < f.length; i++)
			f[i].m = same && fold(m[i].t) === f[i].t ? m[i].t : f[i].t;
		return f;
	}

	/* The terms of a folded query, as the index has them: each word, the
	 * last of which may be the start of a longer one (it is being typed);
	 * a run of CJK characters gives its one character, or its bigrams,
	 * each of which must be found whole. at lists a term's places in the
	 * query, counted as the index counts the words of a name: a word, or a
	 * CJK character, is one place; a bigram is at its first. */
	function terms(folded) {
		return slotsOf(tokens(folded), {}).map(function (s) {
			return { term: s.alts[0].terms[0].term, prefix: s.alts[0].terms[0].prefix, at: s.at };
		});
	}

	/* The words of a language's search page (search_words.h), read once:
	 * each phrase as its folded tokens. */
	function readWords(w) {
		w = w || {};
		var phrases = [];
		function add(text, kind, value) {
			var all = tokens(String(text).replace(/\{n\}/g, ' ' + NUMBER + ' '));
			var toks = all.map(function (x) {
				return x.t;
			});
			if (toks.length)
				phrases.push({
					toks: toks, kind: kind, value: value, marked: all.map(function (x) {
						return x.m;
					}),
				});
		}
		/* A pattern with {n}, one of a level ("national = 5"), or one of
		 * {n} and every level above it ("{n} sao trở lên = +"). */
		(w.stars || []).forEach(function (p) {
			var level = /^(.*\S)\s*=\s*([0-9+])$/.exec(p);
			if (level)
				add(level[1], 'stars', level[2] === '+' ? UP : Number(level[2]));
			else
				add(p, 'stars');
		});
		(w.groups || []).forEach(function (g) {
			for (var i = 1; i < g.length; i++)
				add(g[i], 'group', g[0]);
		});
		/* A set of synonyms: each of its words or phrases finds the
		 * others. Those after a ">" are only found ("noodles > miến,
		 * bún": "noodles" finds "miến", "miến" only itself); "#ID" is
		 * group ID's products, "@export" those exported. */
		var sets = (w.synonyms || []).map(function (set, k) {
			var alts = [], found = false;
			set.forEach(function (item) {
				String(item).split('>').forEach(function (part, j) {
					if (j)
						found = true;
					part = part.trim();
					if (!part)
						return;
					if (part[0] === '#' || part[0] === '@') {
						alts.push([{ t: (part[0] === '#' ? GROUP_TERM : FACET_TERM) + part.slice(1), m: '' }]);
						return;
					}
					var toks = tokens(part);
					if (!toks.length)
						return;
					alts.push(toks);
					if (!found)
						phrases.push({
							toks: toks.map(function (x) {
								return x.t;
							}), kind: 'synonym', value: k,
						});
				});
			});
			return alts;
		});
		(w.optional || []).forEach(function (p) {
			add(p, 'optional');
		});
		var order = { stars: 0, group: 1, synonym: 2, optional: 3 };
		phrases.sort(function (a, b) {
			return b.toks.length - a.toks.length || order[a.kind] - order[b.kind];
		});
		var numbers = Object.create(null);
		Object.keys(w.numbers || {}).forEach(function (n) {
			numbers[n] = n;
			w.numbers[n].forEach(function (word) {
				tokens(word).forEach(function (x) {
					numbers[x.t] = n;
				});
			});
		});
		return { phrases: phrases, sets: sets, numbers: numbers };
	}

	/* Whether phrase p is at tokens toks[i...]: false, or the numbers of
	 * a star pattern's {n}s, in order ([] for a phrase without). */
	function phraseAt(p, toks, i, words) {
		if (i + p.toks.length > toks.length)
			return false;
		var n = [];
		for (var j = 0; j < p.toks.length; j++) {
			var t = toks[i + j].t;
			if (p.toks[j] === NUMBER) {
				/* A number in words ("ba", "五") only before a word of the
				 * pattern: "ocop ba" is no star level, "ocop ba bể" a place. */
				var v = /^[0-9]$/.test(t) ? t : j + 1 < p.toks.length ? words.numbers[t] : null;
				if (!v)
					return false;
				n.push(Number(v));
			} else if (p.toks[j] !== t && !(t.length > 2 && (p.toks[j] === t + 's' || p.toks[j] + 's' === t))) {
				return false;
			} else if (p.kind === 'optional' && toks[i + j].m !== t && !agrees(toks[i + j].m, p.marked[j])) {
				/* A word typed with marks that are not the optional
				 * word's is another word: "Cư" is not "cũ". */
				return false;
			}
		}
		return n;
	}

	/* The alternative of a slot that is the tokens ts as typed, the last
	 * a prefix when prefixLast. */
	function typedAlt(ts, prefixLast) {
		return {
			terms: ts.map(function (x, j) {
				return { term: x.t, prefix: prefixLast && j === ts.length - 1, marked: x.m };
			}), factor: 1, typed: true,
		};
	}

	/* A query's slots: what a product must hold, each any one of its
	 * alternatives ({terms: [{term, prefix}], factor, typed}); a slot may
	 * be optional. Sets filter.stars and filter.group (with the group's
	 * phrase as filter.groupSlot, should no product of the group hold the
	 * rest). */
	function slotsOf(toks, words, filter) {
		filter = filter || {};
		var slots = [], place = 0, last = toks.length - 1;
		var phrases = words.phrases || [];
		var i = 0;
		while (i < toks.length) {
			var hit = null, n = null;
			for (var k = 0; k < phrases.length && !hit; k++) {
				n = phraseAt(phrases[k], toks, i, words);
				if (n !== false)
					hit = phrases[k];
			}
			if (hit) {
				var ts = toks.slice(i, i + hit.toks.length);
				var levels = n.length ? n : typeof hit.value === 'number' ? [hit.value] : [];
				if (hit.kind === 'stars' && !filter.stars && levels.length) {
					/* "4 sao", "4 sao trở lên", "từ 3 đến 4 sao" */
					filter.stars = Math.min.apply(null, levels);
					filter.starsTop = hit.value === UP ? Infinity : Math.max.apply(null, levels);
				} else if (hit.kind === 'group' && !filter.group) {
					filter.group = hit.value;
					filter.groupSlot = { alts: [typedAlt(ts, false)], at: [place], optional: false, words: ts };
				} else if (hit.kind === 'synonym') {
					var alts = [typedAlt(ts, false)];
					var typed = ts.map(function (x) {
						return x.m;
					}).join(' ');
					words.sets[hit.value].forEach(function (p) {
						if (p.map(function (x) {
							return x.m;
						}).join(' ') !== typed)
							alts.push({
								terms: p.map(function (x) {
									return { term: x.t, prefix: false, marked: x.m };
								}), factor: SYNONYM, typed: false,
							});
					});
					slots.push({ alts: alts, at: [place], optional: false, words: ts, kind: true });
				} else if (hit.kind === 'optional') {
					slots.push({ alts: [typedAlt(ts, false)], at: [place], optional: true, words: ts });
				}
				place += ts.length;
				i += ts.length;
				continue;
			}
			var tok = toks[i];
			if (tok.t === STAR || tok.t === NUMBER || tok.t === PLUS) {
				i++;
				continue;
			}
			if (!tok.cjk) {
				var alts1 = [typedAlt([tok], i === last)];
				/* One "s" more or less: "chestnut", "noodle". */
				var other = /^\p{L}{3,}$/u.test(tok.t) ? (/s$/.test(tok.t) ? tok.t.slice(0, -1) : tok.t + 's') : null;
				if (other && !(i === last && other.startsWith(tok.t)))
					alts1.push({ terms: [{ term: other, prefix: false, marked: '' }], factor: SYNONYM, typed: false });
				slots.push({ alts: alts1, at: [place], optional: false, words: [tok], plain: true });
				place++;
				i++;
				continue;
			}
			/* A run of CJK characters, up to a phrase: its character, or its
			 * bigrams. */
			var run = [];
			while (i < toks.length && toks[i].cjk && toks[i].run === tok.run) {
				var stop = false;
				for (var p = 0; p < phrases.length && run.length && !stop; p++)
					stop = phraseAt(phrases[p], toks, i, words) !== false;
				if (stop)
					break;
				run.push(toks[i++]);
			}
			if (run.length === 1)
				slots.push({ alts: [typedAlt(run, false)], at: [place], optional: false, words: run });
			for (var r = 1; r < run.length; r++)
				slots.push({
					alts: [{ terms: [{ term: run[r - 1].t + run[r].t, prefix: false, marked: '' }], factor: 1, typed: true }],
					at: [place + r - 1], optional: false, words: run.slice(r - 1, r + 1), bigram: true,
				});
			place += run.length;
		}
		/* The same word twice is one slot, at both places. */
		var out = [], seen = new Map();
		slots.forEach(function (s) {
			var key = JSON.stringify(s.alts.map(function (a) {
				return a.terms.map(function (t) {
					return (t.prefix ? '+' : '=') + t.term;
				});
			}));
			if (seen.has(key))
				return seen.get(key).at.push(s.at[0]);
			seen.set(key, s);
			out.push(s);
		});
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

	/* A term shard as written (search.h): its terms, and list(i), the
	 * postings of term i, decoded when first asked for (a query needs a
	 * few of a shard's terms): each added up from their differences, as
	 * post (product * 4 + field), beside the places of the term in the
	 * product's name or its producer's address (places, the address's
	 * from ADDRESS_PLACE) and the bits of its forms with marks that
	 * the product has (marks), with the forms (variants: none when the
	 * term is only met without marks). */
	function Shard(part) {
		this.terms = part.terms;
		this.postings = part.postings;
		this.marks = part.marks || {};
		this.lists = [];
	}

	Shard.prototype.list = function (i) {
		if (this.lists[i])
			return this.lists[i];
		var raw = this.postings[i], post = [], places = [], bits = [], v = 0;
		var variants = Array.isArray(this.marks[i]) ? this.marks[i] : [];
		for (var j = 0; j < raw.length; j++) {
			/* Negative: a posting with places, of another field
			 * than the name (a word of the address). */
			var placed = raw[j] < 0;
			v += placed ? -raw[j] : raw[j];
			post.push(v);
			places.push(placed || v % 4 === 0 ? raw[++j] | 0 : 0);
			bits.push(variants.length > 1 ? raw[++j] | 0 : variants.length ? 1 : 0);
		}
		this.lists[i] = { post: post, places: places, marks: bits, variants: variants };
		return this.lists[i];
	};

	/* The index of one language: its head (search.h) and load(name), which
	 * gives the part of that name ("t3", "d0", "w7"), or a promise of it,
	 * or of null when it cannot be had. Parts are asked for once, and a
	 * term's postings decoded once. */
	function Index(head, load) {
		this.head = head;
		this.lang = head.lang;
		this.load = load;
		this.parts = {};
		this.common = new Set(head.common || []);
		this.held = new Map(); /* holds' answers, by term */
	}

	Index.prototype.part = function (name) {
		var parts = this.parts;
		if (!parts[name])
			parts[name] = Promise.resolve(this.load(name)).then(function (part) {
				if (part)
					return name[0] === 't' ? new Shard(part) : part;
				delete parts[name]; /* asked again next time */
				throw new Error('search: the index part ' + name + ' cannot be loaded');
			});
		return parts[name];
	};

	Index.prototype.shard = function (k) {
		return this.part('t' + k);
	};

	/* The terms that query term q stands for, each as {term, exact,
	 * list}: the term itself, or when q is a prefix, up to
	 * MAX_PREFIX_TERMS terms starting with it, which may run on into the
	 * next shards. */
	Index.prototype.matching = function (q) {
		var self = this, firsts = this.head.shards || [], found = [];
		function from(k, start) {
			return self.shard(k).then(function (shard) {
				var i = start < 0 ? lowerBound(shard.terms, q.term) : start;
				for (; i < shard.terms.length && found.length < MAX_PREFIX_TERMS; i++) {
					var t = shard.terms[i];
					var exact = t === q.term;
					if (!exact && !(q.prefix && t.startsWith(q.term)))
						return found;
					found.push({ term: t, exact: exact, list: shard.list(i) });
					if (!q.prefix)
						return found;
				}
				if (found.length < MAX_PREFIX_TERMS && q.prefix && k < firsts.length &&
					firsts[k].startsWith(q.term))
					return from(k + 1, 0);
				return found;
			});
		}
		var k = upperBound(firsts, q.term);
		/* The next shards a prefix may run on into are asked for at once,
		 * not each when the last has come. */
		for (var j = k; q.prefix && j < firsts.length && j < k + MAX_PREFETCH && firsts[j].startsWith(q.term); j++)
			this.shard(j + 1);
		return from(k, -1);
	};

	/* The edit distance of a and b (arrays of characters), a swap of two
	 * neighbours counting one, or max + 1 when it is over max. */
	function distance(a, b, max) {
		if (Math.abs(a.length - b.length) > max)
			return max + 1;
		var prev2 = null, prev = [], cur;
		for (var j = 0; j <= b.length; j++)
			prev.push(j);
		for (var i = 1; i <= a.length; i++) {
			cur = [i];
			var low = i;
			for (var k = 1; k <= b.length; k++) {
				var d = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + (a[i - 1] === b[k - 1] ? 0 : 1));
				if (prev2 && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1])
					d = Math.min(d, prev2[k - 2] + 1);
				cur.push(d);
				low = Math.min(low, d);
			}
			if (low > max)
				return max + 1;
			prev2 = prev;
			prev = cur;
		}
		return prev[b.length];
	}

	/* The word of the index that word (folded) is most likely a typo of,
	 * or null: at one edit from five letters, two from eight (from six
	 * when wide, the last try before an empty page); the nearest, then
	 * the one most products hold. */
	Index.prototype.correction = function (word, wide) {
		var chars = Array.from(word);
		var max = chars.length >= (wide ? 6 : 8) ? 2 : chars.length >= 5 ? 1 : 0;
		if (!max || /[0-9]/.test(word))
			return Promise.resolve(null);
		var self = this, lens = (this.head.vocab || []).filter(function (n) {
			return n >= chars.length - max && n <= chars.length + max + 1;
		});
		return Promise.all(lens.map(function (n) {
			return self.part('w' + n);
		})).then(function (parts) {
			var best = null;
			parts.forEach(function (part) {
				for (var i = 0; i < part.words.length; i++) {
					var w = part.words[i];
					if (w === word)
						continue;
					var wc = Array.from(w);
					var d = distance(chars, wc, max);
					if (d > 0 && wc.length > 3 && wc[wc.length - 1] === 's')
						d = Math.min(d, distance(chars, wc.slice(0, -1), max));
					var n = part.n[i] | 0;
					if (d <= max && (!best || d < best.d || (d === best.d && (n > best.n || (n === best.n && w < best.word)))))
						best = { word: w, d: d, n: n };
				}
			});
			return best && best.word;
		});
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

	/* Whether the product of posting j of list has a form of term that
	 * contradicts the marks typed (marked, which has marks). Whether each
	 * form agrees is found once per list and query word. */
	function contradicts(list, j, term, marked) {
		if (list.agreeWith !== marked) {
			list.agreeWith = marked;
			list.agree = list.variants.length ? list.variants.map(function (v) {
				return agrees(marked, v);
			}) : [agrees(marked, term)];
		}
		if (!list.variants.length)
			return !list.agree[0];
		var bits = list.marks[j];
		if (!bits)
			return false; /* not known */
		for (var v = 0; v < list.variants.length; v++)
			if ((bits & (1 << v)) && list.agree[v])
				return false;
		return true;
	}

	/* For one slot, each product that holds it: {score, strong, contra,
	 * places}, from found, the matches of each term of each alternative
	 * (found[a][t]). */
	function slotMatches(slot, found) {
		var out = new Map();
		slot.alts.forEach(function (alt, a) {
			var total = null;
			alt.terms.forEach(function (qt, t) {
				var best = new Map();
				var marked = qt.marked && qt.marked !== fold(qt.marked) ? qt.marked : null;
				found[a][t].forEach(function (m) {
					var list = m.list;
					for (var j = 0; j < list.post.length; j++) {
						var doc = Math.floor(list.post[j] / 4);
						var field = list.post[j] % 4;
						var score = WEIGHTS[field] * (m.exact ? 2 : 1);
						var contra = marked !== null && contradicts(list, j, m.term, marked);
						/* A synonym's marks are the theme's: a word that
						 * contradicts them is another word. A synonym
						 * names a kind of goods, which a producer's name
						 * does not say its products are ("Curcumin JSC"
						 * also makes tea). */
						if (!alt.typed && (contra || field === PRODUCER_FIELD))
							continue;
						var had = best.get(doc);
						if (!had) {
							had = { score: 0, strong: false, contra: true, places: 0 };
							best.set(doc, had);
						}
						/* The best of the product's matches, an agreeing one
						 * before any that contradicts. */
						if (had.contra && !contra) {
							had.contra = false;
							had.score = score;
						} else if (had.contra === contra) {
							had.score = Math.max(had.score, score);
						}
						had.strong = had.strong || field !== WEAK_FIELD;
						/* A prefix (the word being typed) makes no
						 * phrase of an address, whose parts share
						 * their places ("chợ đ": not Chợ Mới, Đồng
						 * Tâm). */
						had.places |= m.exact ? list.places[j] : list.places[j] & ~ADDRESS_BITS;
					}
				});
				if (total === null) {
					total = best;
				} else {
					var both = new Map();
					total.forEach(function (s, d) {
						var b = best.get(d);
						if (b)
							both.set(d, {
								score: s.score + b.score, strong: s.strong && b.strong,
								contra: s.contra || b.contra, places: 0,
							});
					});
					total = both;
				}
			});
			(total || new Map()).forEach(function (s, d) {
				var score = s.score * alt.factor;
				var had = out.get(d);
				var mine = {
					score: score, strong: s.strong, contra: s.contra, typed: alt.typed,
					places: alt.typed && alt.terms.length === 1 ? s.places : 0,
				};
				if (!had || (had.contra && !mine.contra) ||
					(had.contra === mine.contra && (mine.strong && !had.strong ||
						(mine.strong === had.strong && mine.score > had.score))))
					out.set(d, mine);
			});
		});
		return out;
	}

	/* Loads the matches of every term of every alternative of slots, and
	 * finds the products each slot holds (slot.matches). */
	Index.prototype.lookUp = function (slots) {
		var self = this;
		return Promise.all(slots.map(function (slot) {
			return Promise.all(slot.alts.map(function (alt) {
				return Promise.all(alt.terms.map(function (t) {
					return self.matching(t);
				}));
			})).then(function (found) {
				slot.matches = slotMatches(slot, found);
			});
		}));
	};

	/* The products a group holds, as a Set, or null for no group. */
	Index.prototype.groupDocs = function (group) {
		if (!group)
			return Promise.resolve(null);
		return this.matching({ term: GROUP_TERM + group, prefix: false }).then(function (found) {
			var docs = new Set();
			found.forEach(function (m) {
				m.list.post.forEach(function (p) {
					docs.add(Math.floor(p / 4));
				});
			});
			return docs;
		});
	};

	/* The slots a product must hold: those not optional. */
	function requiredOf(slots) {
		return slots.filter(function (s) {
			return !s.optional;
		});
	}

	/* The products [first, end) of the star levels from filter.stars to
	 * filter.starsTop; stars is the head's "stars": products are numbered
	 * by stars, most first, so the levels of a range are one run. */
	function starDocs(stars, filter) {
		var run = null;
		for (var level in stars) {
			var r = stars[level];
			if (r[0] >= r[1] || Number(level) < filter.stars || Number(level) > filter.starsTop)
				continue;
			run = run ? [Math.min(run[0], r[0]), Math.max(run[1], r[1])] : r.slice();
		}
		return run || [0, 0];
	}

	/* The products of the query's slots and filters: every product that
	 * holds each required slot, or with partial, the products that hold
	 * the most of them; with partial STRONG, the most of them where they
	 * say what it is (name, producer, group, place), and at least all but
	 * one. Gives [{doc, score, strong, contra, held, rare}]. */
	Index.prototype.rank = function (slots, filter, groupDocs, partial) {
		var stars = filter.stars ? starDocs(this.head.stars || {}, filter) : null;
		var n = this.head.docs || 0;
		function keep(d) {
			return (!stars || (d >= stars[0] && d < stars[1])) && (!groupDocs || groupDocs.has(d));
		}
		var required = requiredOf(slots);
		var byDoc = new Map();
		function entry(d) {
			var e = byDoc.get(d);
			if (!e) {
				e = { doc: d, score: 0, strong: true, contra: 0, held: 0, rare: 0, phrase: ~0, address: ~0 };
				byDoc.set(d, e);
			}
			return e;
		}
		slots.forEach(function (slot) {
			var df = slot.matches.size;
			var rare = df ? Math.log(1 + n / df) : 0;
			slot.matches.forEach(function (m, d) {
				if (!keep(d) || partial === STRONG && (!m.strong || m.contra))
					return;
				var e = entry(d);
				e.score += m.score;
				if (!slot.optional) {
					e.held++;
					e.rare += rare;
					e.strong = e.strong && m.strong;
					e.contra += m.contra ? 1 : 0;
					e.phrase &= placesFrom(m.places & ~ADDRESS_BITS, slot.at);
					e.address &= placesFrom(m.places & ADDRESS_BITS, slot.at);
				}
			});
		});
		var results = [];
		if (!required.length) {
			/* Filters alone, or words that tell nothing ("OCOP
			 * products"): every product they keep, those that hold the
			 * words first. */
			for (var d = 0; d < n; d++)
				if (keep(d))
					results.push(byDoc.get(d) || { doc: d, score: 0, strong: true, contra: 0, held: 0, rare: 0 });
		} else {
			var want = required.length;
			if (partial) {
				want = 0;
				byDoc.forEach(function (e) {
					want = Math.max(want, e.held);
				});
				/* No word held: what a star level or a group the query
				 * names keeps is the nearest ("beverages supplier"). */
				if (!want)
					return stars || groupDocs ? this.rank([], filter, groupDocs, false) : [];
				if (partial === STRONG && want < required.length - 1)
					return [];
			}
			byDoc.forEach(function (e) {
				if (e.held === want) {
					var whole = want > 1 && required.length === want;
					/* The query as a phrase of the address names the
					 * producer's place ("xã Nông Hạ"): a strong match,
					 * as a district is. */
					if (whole && e.address !== 0)
						e.strong = true;
					var phrase = whole && e.strong && (e.phrase !== 0 || e.address !== 0);
					e.score += phrase ? PHRASE : 0;
					results.push(e);
				}
			});
		}
		/* Products are numbered by stars, most first (search.h). */
		results.sort(function (a, b) {
			return ((a.contra > 0) - (b.contra > 0)) || (b.rare - a.rare) * (partial ? 1 : 0) ||
				(b.strong - a.strong) || b.score - a.score || a.doc - b.doc;
		});
		return results;
	};

	/* A promise of what the query finds, given the words of the page
	 * (readWords): {results: [{doc, score, strong, contra}], tier: "all"
	 * (every word held), "corrected" (after a typo's correction, which
	 * suggestion gives as a query), "near" (every word held only by
	 * mentions, which are marked mention, after the products that hold
	 * all words but one where they say what it is), "some" (the products
	 * that hold the most words) or "none"}. corrected: the query is a
	 * correction already, not to be corrected again. */
	Index.prototype.find = function (query, words, corrected) {
		var self = this;
		words = words || {};
		var toks = tokens(query);
		var filter = {};
		var slots = slotsOf(toks, words, filter);
		slots.forEach(function (s) {
			var t = s.alts[0].terms[0].term;
			/* A word typed with marks is common in that form only:
			 * "bắc" may be, "bạc" not. */
			if ((s.plain && self.common.has(s.words[0].m)) || (s.bigram && self.common.has(t)))
				s.optional = s.common = true;
			/* A synonym that stands for common words, marks and all
			 * ("bắc cạn" for "bắc kạn", not "nam" for "nấm"), is as
			 * optional as they are. */
			if (s.kind && s.alts.some(function (a) {
				return !a.typed && a.terms.every(function (x) {
					return self.common.has(x.marked || x.term);
				});
			}))
				s.optional = s.common = true;
		});
		if (!slots.length && !filter.stars && !filter.group)
			return Promise.resolve({ results: [], tier: 'none', suggestion: null });
		var groupDocs = null, namedGroup = null;
		return Promise.all([this.lookUp(slots), this.groupDocs(filter.group)]).then(function (got) {
			groupDocs = namedGroup = got[1];
			/* Bigrams found nowhere are the seams between two words. */
			if (slots.some(function (s) {
				return s.bigram && s.matches.size;
			}))
				slots = slots.filter(function (s) {
					return !s.bigram || s.matches.size;
				});
			var results = self.rank(slots, filter, groupDocs, false);
			if (results.length || !filter.group)
				return results;
			/* The group keeps none of them: its name is then looked for as
			 * words, like the rest. */
			var slot = filter.groupSlot;
			filter.group = null;
			groupDocs = null;
			return self.lookUp([slot]).then(function () {
				slots.push(slot);
				return self.rank(slots, filter, null, false);
			});
		}).then(function (results) {
			if (results.length)
				return self.nearer(slots, filter, groupDocs, results);
			return self.correct(words, corrected, toks, slots, filter, groupDocs).then(function (r) {
				/* The group's name was no word of a product: the products
				 * of the group that hold the most words ("inn near ba be
				 * lake"), or, holding none, all of them ("beverages
				 * supplier"). */
				if (r.tier === 'corrected' || !namedGroup || groupDocs)
					return r;
				var kept = self.rank(slots.filter(function (s) {
					return s !== filter.groupSlot;
				}), filter, namedGroup, true);
				return kept.length ? { results: kept, tier: 'some', suggestion: null } : r;
			});
		});
	};

	/* The results of a query whose every word some products hold: as
	 * they are, unless each of those only mentions a word in a story.
	 * Then those that hold all the words but one where they say what
	 * they are go first; or when none of these mentions the last word,
	 * the products that hold all but one so come first, as the closest
	 * ("chuối sấy khô": Chuối sấy dẻo), and those that mention every
	 * word after them, as mentions. With no product that holds all
	 * words but one so, the products of the kinds the query names come
	 * first (wider). */
	Index.prototype.nearer = function (slots, filter, groupDocs, results) {
		var all = { results: results, tier: 'all', suggestion: null };
		if (results.some(function (e) {
			return e.strong && !e.contra;
		}))
			return all;
		var mentioned = new Set(results.map(function (e) {
			return e.doc;
		}));
		var near = requiredOf(slots).length < 2 ? [] : this.rank(slots, filter, groupDocs, STRONG);
		if (near.length) {
			/* Those that mention the one word left, if any, are nearest
			 * ("bún gạo": the bún whose story says gạo, not every gạo). */
			var both = new Set(near.filter(function (e) {
				return mentioned.has(e.doc);
			}).map(function (e) {
				return e.doc;
			}));
			/* They stay mentions, the others after them. */
			if (both.size) {
				all.results = results.filter(function (e) {
					return both.has(e.doc);
				}).concat(results.filter(function (e) {
					return !both.has(e.doc);
				}));
				return all;
			}
		} else {
			/* Else the products of the kinds the query names. */
			near = this.wider(slots, filter, groupDocs, mentioned);
			var wide = new Set(near.map(function (e) {
				return e.doc;
			}));
			results = results.filter(function (e) {
				return !wide.has(e.doc);
			});
		}
		if (!near.length)
			return all;
		results.forEach(function (e) {
			e.mention = true;
		});
		return { results: near.concat(results), tier: 'near', suggestion: null };
	};

	/* When the products that hold every word only mention some: the
	 * products of the kinds of goods the query names (its synonyms, star
	 * level and group) where they say what they are, those words set
	 * aside ("trà uống hằng ngày": every tea; "3 sao có những sp nào":
	 * every 3-star product), those that mention them first; or [] when
	 * the query names no kind, or nothing else. */
	Index.prototype.wider = function (slots, filter, groupDocs, mentioned) {
		var required = requiredOf(slots);
		/* A kind that no product is ("mang", carry, read as "măng",
		 * bamboo shoots) is a word like the others. */
		var self = this;
		var kinds = required.filter(function (s) {
			return s.kind && self.rank([s], {}, null, false).some(function (e) {
				return e.strong && !e.contra;
			});
		});
		if (kinds.length === required.length || (!kinds.length && !filter.stars && !groupDocs))
			return [];
		/* Words that some product holds where it says what it is (a
		 * place, a producer) are not set aside ("mua gì ở chợ đồn"). */
		var others = required.filter(function (s) {
			return kinds.indexOf(s) < 0;
		});
		if (this.rank(others, {}, null, false).some(function (e) {
			return e.strong;
		}))
			return [];
		var wide = this.rank(kinds, filter, groupDocs, false).filter(function (e) {
			return e.strong && !e.contra;
		});
		return wide.filter(function (e) {
			return mentioned.has(e.doc);
		}).concat(wide.filter(function (e) {
			return !mentioned.has(e.doc);
		}));
	};

	/* The page's words (readWords) of one token, as a Set. */
	function singleWords(words) {
		return new Set((words.phrases || []).filter(function (p) {
			return p.toks.length === 1;
		}).map(function (p) {
			return p.toks[0];
		}));
	}

	/* A promise of whether term is a whole word of the index or one of
	 * known (singleWords); the index is asked once a term. */
	Index.prototype.holds = function (term, known) {
		if (known.has(term))
			return Promise.resolve(true);
		if (!this.held.has(term))
			this.held.set(term, this.matching({ term: term, prefix: false }).then(function (found) {
				return found.length > 0;
			}));
		return this.held.get(term);
	};

	/* The query of the tokens toks as typed, but those that fixes (a Map
	 * of token to text) replaces, or leaves out where it gives null; a
	 * star stays against its number ("5★"). */
	function retyped(toks, fixes) {
		return toks.filter(function (t) {
			return fixes.get(t) !== null;
		}).map(function (t) {
			return fixes.has(t) ? fixes.get(t) : t.m;
		}).join(' ').replace(/ \u2605/g, '\u2605').replace(/ \uE001/g, '+');
	}

	/* When no product holds every word: the words of five letters or
	 * more that the index lacks are corrected (each to its nearest word,
	 * the one most products hold first), and the query so corrected is
	 * asked whole, synonyms and all; failing that, the products that hold
	 * the most words. */
	Index.prototype.correct = function (words, corrected, toks, slots, filter, groupDocs, wide) {
		var self = this;
		var typos = corrected ? [] : slots.filter(function (s) {
			return s.plain && !s.optional && !s.matches.size;
		});
		var joined = null;
		return (wide ? Promise.resolve(null) : this.joined(toks, typos, words)).then(function (fixed) {
			joined = fixed;
			return fixed && self.find(fixed, words, true);
		}).then(function (r) {
			if (r && r.tier === 'all')
				return { results: r.results, tier: 'corrected', suggestion: joined };
			return self.respelled(words, corrected, toks, slots, filter, groupDocs, wide, typos);
		}).then(function (r) {
			if (r.results.length || wide || !typos.length)
				return r;
			/* Nothing at all: a word found nowhere may be words run
			 * together ("tinhbotnghe"). */
			var cut = null;
			return self.split(toks, typos, words).then(function (fixed) {
				cut = fixed;
				return fixed ? self.find(fixed, words, true) : null;
			}).then(function (s) {
				return s && s.tier === 'all' ? { results: s.results, tier: 'corrected', suggestion: cut } : r;
			});
		});
	};

	/* A promise of the query toks with each word of the slots lost
	 * (found nowhere) of six letters or more cut in two or three words
	 * that the index or the page's words hold ("tinhbotnghe": tinh bot
	 * nghe), the fewest words first, then the longest shortest part; or
	 * of null when none can be. */
	Index.prototype.split = function (toks, lost, words) {
		var self = this, known = singleWords(words);
		function has(term) {
			return self.holds(term, known);
		}
		function cuts(chars) {
			var out = [], n = chars.length;
			for (var i = 2; i <= n - 2; i++)
				out.push([chars.slice(0, i).join(''), chars.slice(i).join('')]);
			for (var a = 2; a <= n - 4; a++)
				for (var b = a + 2; b <= n - 2; b++)
					out.push([chars.slice(0, a).join(''), chars.slice(a, b).join(''), chars.slice(b).join('')]);
			return out.sort(function (x, y) {
				return x.length - y.length || Math.min.apply(null, y.map(function (p) {
					return p.length;
				})) - Math.min.apply(null, x.map(function (p) {
					return p.length;
				}));
			});
		}
		var fixes = new Map();
		return Promise.all(lost.map(function (s) {
			var tok = s.words[0], chars = Array.from(tok.t);
			if (tok.cjk || chars.length < 6 || !/^\p{L}+$/u.test(tok.t))
				return null;
			var all = cuts(chars);
			return Promise.all(all.map(function (parts) {
				return Promise.all(parts.map(has)).then(function (ok) {
					return ok.every(Boolean);
				});
			})).then(function (ok) {
				var k = ok.indexOf(true);
				if (k >= 0)
					fixes.set(tok, all[k].join(' '));
			});
		})).then(function () {
			return fixes.size ? retyped(toks, fixes) : null;
		});
	};

	/* A promise of the query toks with two or three neighbouring words
	 * run together where one of them is found nowhere (one of the slots
	 * lost) and together they make a word of the index or of the page's
	 * words ("vicu max": vicumax, "jiao gu lan": jiaogulan), or of null. */
	Index.prototype.joined = function (toks, lost, words) {
		var self = this, lostAt = new Set(), tries = [];
		lost.forEach(function (s) {
			lostAt.add(toks.indexOf(s.words[0]));
		});
		var known = singleWords(words);
		for (var i = 0; i < toks.length; i++)
			for (var len = 3; len >= 2; len--) {
				var run = toks.slice(i, i + len);
				if (run.length < len || run.some(function (x) {
					return x.cjk;
				}))
					continue;
				var has = false;
				for (var k = i; k < i + len; k++)
					has = has || lostAt.has(k);
				if (has)
					tries.push({ at: i, len: len, term: run.map(function (x) {
						return x.t;
					}).join('') });
			}
		return Promise.all(tries.map(function (t) {
			return self.holds(t.term, known);
		})).then(function (ok) {
			/* The first run that holds, at each place, stands for its
			 * words. */
			var fixes = new Map();
			for (var i = 0; i < toks.length;) {
				var at = -1;
				for (var k = 0; k < tries.length && at < 0; k++)
					if (ok[k] && tries[k].at === i)
						at = k;
				if (at < 0) {
					i++;
					continue;
				}
				fixes.set(toks[i], tries[at].term);
				for (var r = 1; r < tries[at].len; r++)
					fixes.set(toks[i + r], null);
				i += tries[at].len;
			}
			return fixes.size ? retyped(toks, fixes) : null;
		});
	};

	/* correct's words of five letters or more respelled, typos the slots
	 * found nowhere. */
	Index.prototype.respelled = function (words, corrected, toks, slots, filter, groupDocs, wide, typos) {
		var self = this;
		return Promise.all(typos.map(function (s) {
			return self.correction(s.words[0].t, wide);
		})).then(function (fixed1) {
			var fixes = new Map();
			typos.forEach(function (s, k) {
				if (fixed1[k])
					fixes.set(s.words[0], fixed1[k]);
			});
			if (!fixes.size)
				return null;
			var fixed = retyped(toks, fixes);
			return self.find(fixed, words, true).then(function (r) {
				if (r.tier === 'all')
					return { results: r.results, tier: 'corrected', suggestion: fixed };
				/* Kept in case the words as typed hold nothing:
				 * "termeric powder" is then "turmeric" alone. */
				return r.tier === 'some' ? { results: r.results, tier: 'some', suggestion: fixed } : null;
			});
		}).then(function (done) {
			if (done && done.tier === 'corrected')
				return done;
			return self.characters(slots).then(function (slots) {
				var some = self.rank(slots, filter, groupDocs, true);
				/* Every word needed is found nowhere, beside a common
				 * kind (a province: "dac xan bac can") or more common
				 * words than them: the query is those. */
				var lost = slots.filter(function (s) {
					return !s.optional && !s.matches.size;
				});
				var common = slots.filter(function (s) {
					return s.common;
				});
				if (!some.length && lost.length && lost.length === requiredOf(slots).length &&
					(common.length > lost.length || common.some(function (s) {
						return s.kind;
					})))
					some = self.rank(slots.filter(function (s) {
						return lost.indexOf(s) < 0;
					}), filter, groupDocs, true);
				/* When they hold few of the words: the products of the
				 * kinds named, those that hold the most words first
				 * ("quà cảm ơn thầy cô"). */
				var most = some.reduce(function (n, e) {
					return Math.max(n, e.held);
				}, 0);
				var kinds = most > requiredOf(slots).length - 2 ? [] :
					self.wider(slots, filter, groupDocs, new Set(some.map(function (e) {
						return e.doc;
					})));
				if (kinds.length)
					return { results: kinds, tier: 'near', suggestion: null };
				if (!some.length && done)
					return done;
				if (!some.length && !wide && typos.length)
					return self.correct(words, corrected, toks, slots, filter, groupDocs, true);
				return { results: some, tier: some.length ? 'some' : 'none', suggestion: null };
			});
		});
	};

	/* A promise of the slots with each Chinese bigram found nowhere
	 * ("蜂密", a slip for 蜂蜜) put as its characters, looked up, so
	 * that the products that hold the most of them can be shown. */
	Index.prototype.characters = function (slots) {
		var lost = slots.filter(function (s) {
			return s.bigram && !s.matches.size;
		});
		if (!lost.length)
			return Promise.resolve(slots);
		var chars = [], seen = new Set();
		lost.forEach(function (s) {
			s.words.forEach(function (w, k) {
				if (seen.has(w.t))
					return;
				seen.add(w.t);
				chars.push({ alts: [typedAlt([w], false)], at: [s.at[0] + k], optional: false, words: [w] });
			});
		});
		return this.lookUp(chars).then(function () {
			return slots.filter(function (s) {
				return lost.indexOf(s) < 0;
			}).concat(chars);
		});
	};

	/* A promise of the products that the query finds, as {doc, score,
	 * strong, contra}, best first (find's results); the array's tier and
	 * suggestion are find's. */
	Index.prototype.search = function (query, words) {
		return this.find(query, words).then(function (r) {
			var out = r.results.map(function (e) {
				return { doc: e.doc, score: e.score, strong: e.strong && !e.contra, contra: e.contra > 0, mention: !!e.mention };
			});
			out.tier = r.tier;
			out.suggestion = r.suggestion;
			return out;
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

	var api = {
		fold: fold, foldMarked: foldMarked, agrees: agrees, terms: terms, tokens: tokens,
		distance: distance, readWords: readWords, open: open,
	};
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
	var suggest = document.getElementById('search-suggest');
	if (!form || !input || !status || !list || !mentions || !mentionsList || !elsewhere)
		return;
	var words = {};
	try {
		words = readWords(JSON.parse(form.getAttribute('data-words') || '{}'));
	} catch (e) {
		words = readWords({}); /* a theme's words that are no JSON */
	}
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

	/* The plural rules of the page's language, for "1 product" and "2
	 * products": a word "X" may have its form "X-one". */
	var plural = null;
	try {
		plural = new Intl.PluralRules(document.documentElement.lang || undefined);
	} catch (e) {
		plural = null;
	}
	function say(key, n) {
		var one = plural && plural.select(n) === 'one' && status.getAttribute(key + '-one');
		return (one || status.getAttribute(key) || '').replace('{n}', String(n))
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

	/* Each product's result, made once: a word typed out letter by letter
	 * mostly shows the same products again, and moving an element costs
	 * less than making it. By the product's entry, which the index keeps. */
	var made = new Map();

	/* Shows the products docs (entries of Index.docs) in target, in one
	 * change of the page, or none when it shows them already. */
	function fill(target, docs) {
		var items = [];
		for (var i = 0; i < docs.length; i++) {
			if (!Array.isArray(docs[i]))
				continue;
			var li = made.get(docs[i]);
			if (!li) {
				if (made.size >= 4 * (MAX_SHOWN + MAX_MENTIONS))
					made.clear();
				li = item(docs[i]);
				made.set(docs[i], li);
			}
			items.push(li);
		}
		var kids = target.children, same = kids.length === items.length;
		for (var k = 0; same && k < items.length; k++)
			same = kids[k] === items[k];
		if (same)
			return;
		if (target.replaceChildren) {
			target.replaceChildren.apply(target, items);
		} else {
			while (target.firstChild)
				target.removeChild(target.firstChild);
			items.forEach(function (x) {
				target.appendChild(x);
			});
		}
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
				if (results.tier !== 'all' && results.tier !== 'corrected')
					return next(i + 1);
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

	/* No results; with lists false, the lists are left to be filled. */
	function clear(lists) {
		if (lists !== false) {
			fill(list, []);
			fill(mentionsList, []);
		}
		mentions.hidden = true;
		elsewhere.hidden = true;
		if (suggest)
			suggest.hidden = true;
	}

	/* "Did you mean ...?", the corrected query a link to its results. */
	function showSuggestion(q) {
		if (!suggest || !q)
			return;
		while (suggest.firstChild)
			suggest.removeChild(suggest.firstChild);
		var text = suggest.getAttribute('data-text') || '{q}';
		var at = text.indexOf('{q}');
		var u = new URL(global.location.href);
		u.searchParams.set('q', q);
		var a = el('a', 'search-suggest__link', q);
		a.href = u.href;
		a.addEventListener('click', function (e) {
			e.preventDefault();
			input.value = q;
			show(q);
			remember(q, true);
		});
		suggest.appendChild(document.createTextNode(at < 0 ? text + ' ' : text.slice(0, at)));
		suggest.appendChild(a);
		if (at >= 0)
			suggest.appendChild(document.createTextNode(text.slice(at + 3)));
		suggest.hidden = false;
	}

	/* Answers a query: the parts it needs are loaded, the results shown
	 * when they and their products have come, the first screen's first.
	 * Until then the last results stay; the list is aria-busy until all
	 * are in. */
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
		index.search(query, words).then(function (results) {
			/* The products that hold the most words are one list; else the
			 * strong matches, and apart, below, the others (a mention in
			 * a story, a word whose marks differ). */
			var near = results.tier === 'near', some = results.tier === 'some' || near;
			var anyStrong = results.some(function (r) {
				return r.strong;
			});
			/* Of the products that hold the most words, those that hold
			 * them where they say what they are, if any. */
			var strong = results.filter(function (r) {
				return near ? !r.mention : r.strong || some && !anyStrong;
			});
			/* Mentions only when no product holds the words where they
			 * say what it is: beside those, they are noise; but those
			 * that mention every word go below the closest. */
			var weak = results.filter(function (r) {
				return near ? r.mention : !strong.length && !r.strong;
			});
			var shown = strong.slice(0, MAX_SHOWN).concat(weak.slice(0, MAX_MENTIONS));
			var n = Math.min(strong.length, MAX_SHOWN);
			/* Shows the first of the products shown, docs: the first
			 * screen's when they have come, then all. */
			function put(docs) {
				if (ask !== asked)
					return;
				clear(false);
				if (some)
					status.textContent = say(near ? 'data-near' : 'data-some', strong.length);
				else if (strong.length)
					status.textContent = say(strong.length > MAX_SHOWN ? 'data-more' : 'data-count',
						strong.length);
				else if (weak.length)
					status.textContent = say('data-mentions-only', weak.length);
				else
					status.textContent = say('data-none', 0);
				if (results.suggestion)
					showSuggestion(results.suggestion);
				fill(list, docs.slice(0, n));
				fill(mentionsList, docs.slice(n));
				mentions.hidden = docs.length <= n;
				list.setAttribute('data-query', query);
			}
			var ids = shown.map(function (r) {
				return r.doc;
			});
			var first = ids.length > FIRST_SCREEN ? index.docs(ids.slice(0, FIRST_SCREEN)).then(put) : null;
			return Promise.all([index.docs(ids), first]).then(function (got) {
				put(got[0]);
				if (ask === asked && (!strong.length || some))
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
	/* The queries the kiosk offers to tap, for the languages its keyboard
	 * cannot type. */
	var chips = document.querySelectorAll('.search-chip[data-query]');
	for (var c = 0; c < chips.length; c++)
		chips[c].addEventListener('click', function (e) {
			var q = e.currentTarget.getAttribute('data-query');
			input.value = q;
			show(q);
			remember(q, true);
		});
	input.value = queryOfURL();
	show(input.value);
})(this);
