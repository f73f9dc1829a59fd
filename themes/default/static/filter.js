/* Filters and order of a product listing: product group, place of the
 * site's areas and star level, combined, and the order (stars, the page's
 * own; name; newest certificate), applied in the browser and kept in the
 * address (?group=&communes=&stars=&sort=: each select's name, the areas'
 * being the site's id of them; the old ?district= still chooses a place).
 * Each select but the order's compares the cards' attribute
 * data-<its data-filter> (data-group, data-area, data-stars). The form
 * comes with the page, hidden;
 * without this script it stays hidden and the listing shows every product,
 * highest stars first. Only choices that some product of this listing has
 * are offered. On a wide screen the filters are open; on a phone they
 * open from a button, so that the products come first. */
(function (global) {
	'use strict';

	var document = global.document;
	if (!document)
		return;
	var form = document.querySelector('form.filters');
	if (!form)
		return;
	var cards = [];
	var list = document.querySelector('.cards');
	var items = document.querySelectorAll('.cards > li');
	for (var i = 0; i < items.length; i++) {
		var card = items[i].querySelector('[data-group]');
		var title = items[i].querySelector('.card__title');
		if (card)
			cards.push({
				item: items[i], card: card, rank: i,
				name: title ? title.textContent.trim() : '',
				issued: card.getAttribute('data-issued') || ''
			});
	}
	var status = form.querySelector('.filters__status');
	var sort = form.elements.namedItem('sort');
	/* The filters: query name -> the cards' attribute. */
	var attrs = {}, names = [];
	Array.prototype.forEach.call(form.querySelectorAll('select[data-filter]'), function (s) {
		if (s.name && s !== sort) {
			names.push(s.name);
			attrs[s.name] = 'data-' + s.getAttribute('data-filter');
		}
	});
	/* The query names of older versions of the areas' filter. */
	var old = {};
	names.forEach(function (name) {
		if (attrs[name] === 'data-area')
			old[name] = 'district';
	});
	var more = form.querySelector('.filters__more');
	var lang = document.documentElement.lang || undefined;
	/* The fields kept in the address, and the control of each. */
	var kept = names.concat(['sort']);
	function control(name) {
		return name === 'sort' ? sort : selects[name];
	}
	var selects = {};
	var offered = 0;
	names.forEach(function (name) {
		var select = form.elements.namedItem(name);
		if (!select || !select.options)
			return;
		var present = {};
		cards.forEach(function (c) {
			present[c.card.getAttribute(attrs[name])] = true;
		});
		Array.prototype.slice.call(select.options).forEach(function (o) {
			if (o.value && !present[o.value])
				select.removeChild(o);
		});
		var field = select.closest('label') || select;
		/* "All" and one choice: nothing to choose. */
		if (select.options.length <= 2) {
			field.hidden = true;
			return;
		}
		selects[name] = select;
		offered++;
	});
	if (!offered && more)
		more.hidden = true;

	function words(key, n) {
		return ((status && status.getAttribute(key)) || '')
			.replace('{n}', String(n)).replace('{total}', String(cards.length));
	}

	function remember() {
		var u = new URL(global.location.href);
		kept.forEach(function (name) {
			var s = control(name);
			if (s && s.value)
				u.searchParams.set(name, s.value);
			else
				u.searchParams.delete(name);
			if (old[name])
				u.searchParams.delete(old[name]);
		});
		if (u.href === global.location.href)
			return;
		try {
			global.history.replaceState(null, '', u.href);
		} catch (e) {
			/* Refused for file:// by some browsers: filtering still works. */
		}
	}

	var orders = {
		name: function (a, b) {
			return a.name.localeCompare(b.name, lang) || a.rank - b.rank;
		},
		/* Newest certificate first; products without one last. */
		newest: function (a, b) {
			if (a.issued !== b.issued)
				return a.issued < b.issued ? 1 : -1;
			return a.rank - b.rank;
		}
	};

	/* The order the list is in: the page's own at first. Cards move only
	 * when it changes, not at every filter. */
	var ordered = '';
	function order() {
		var want = sort ? sort.value : '';
		if (!list || want === ordered)
			return;
		ordered = want;
		var by = orders[want] || function (a, b) {
			return a.rank - b.rank;
		};
		cards.slice().sort(by).forEach(function (c) {
			list.appendChild(c.item);
		});
	}

	function apply() {
		var shown = 0, active = false;
		order();
		names.forEach(function (name) {
			active = active || !!(selects[name] && selects[name].value);
		});
		cards.forEach(function (c) {
			var match = names.every(function (name) {
				var s = selects[name];
				return !s || !s.value || c.card.getAttribute(attrs[name]) === s.value;
			});
			c.item.hidden = !match;
			if (match)
				shown++;
		});
		if (status)
			status.textContent = !active ? '' :
				shown ? words('data-count', shown) : words('data-none', 0);
		remember();
	}

	var params = new URLSearchParams(global.location.search);
	var chosen = false;
	kept.forEach(function (name) {
		var s = control(name), v = params.get(name);
		if (v === null && old[name])
			v = params.get(old[name]);
		if (!s || v === null)
			return;
		for (var k = 0; k < s.options.length; k++)
			if (s.options[k].value === v) {
				s.value = v;
				chosen = chosen || name !== 'sort';
			}
	});
	if (more && (chosen || (global.matchMedia &&
	    global.matchMedia('(min-width: 40em)').matches)))
		more.open = true;
	form.addEventListener('change', apply);
	form.addEventListener('submit', function (e) {
		e.preventDefault();
		apply();
	});
	form.addEventListener('reset', function () {
		/* The form's values are reset after this event. */
		global.setTimeout(apply, 0);
	});
	form.hidden = false;
	apply();
})(this);
