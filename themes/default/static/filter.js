/* Filters of a product listing: product group, district and star level,
 * combined, applied in the browser and kept in the address
 * (?group=&district=&stars=). The form comes with the page, hidden; without
 * this script it stays hidden and the listing shows every product. Only
 * choices that some product of this listing has are offered. */
(function (global) {
	'use strict';

	var document = global.document;
	if (!document)
		return;
	var form = document.querySelector('form.filters');
	if (!form)
		return;
	var names = ['group', 'district', 'stars'];
	var cards = [];
	var items = document.querySelectorAll('.cards > li');
	for (var i = 0; i < items.length; i++) {
		var card = items[i].querySelector('[data-group]');
		if (card)
			cards.push({ item: items[i], card: card });
	}
	var status = form.querySelector('.filters__status');
	var selects = {};
	var offered = 0;
	names.forEach(function (name) {
		var select = form.elements.namedItem(name);
		if (!select || !select.options)
			return;
		var present = {};
		cards.forEach(function (c) {
			present[c.card.getAttribute('data-' + name)] = true;
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
	if (!offered)
		return;

	function words(key, n) {
		return ((status && status.getAttribute(key)) || '')
			.replace('{n}', String(n)).replace('{total}', String(cards.length));
	}

	function remember() {
		var u = new URL(global.location.href);
		names.forEach(function (name) {
			if (selects[name] && selects[name].value)
				u.searchParams.set(name, selects[name].value);
			else
				u.searchParams.delete(name);
		});
		if (u.href === global.location.href)
			return;
		try {
			global.history.replaceState(null, '', u.href);
		} catch (e) {
			/* Refused for file:// by some browsers: filtering still works. */
		}
	}

	function apply() {
		var shown = 0, active = false;
		names.forEach(function (name) {
			active = active || !!(selects[name] && selects[name].value);
		});
		cards.forEach(function (c) {
			var match = names.every(function (name) {
				var s = selects[name];
				return !s || !s.value || c.card.getAttribute('data-' + name) === s.value;
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
	names.forEach(function (name) {
		var s = selects[name], v = params.get(name);
		if (!s || v === null)
			return;
		for (var k = 0; k < s.options.length; k++)
			if (s.options[k].value === v)
				s.value = v;
	});
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
