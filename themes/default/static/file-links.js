/* The web copy opened from a disk or a USB stick (file://): a browser
 * shows a folder's listing for a link to "vi/", where a web server gives
 * the folder's index.html. So, on file:// only, every link of the site
 * to a folder, and every form sent to one (the header's search), has
 * index.html added: those of the page at once, those added later
 * (search results) when they are followed. Over HTTP nothing changes.
 * The kiosk copy needs none of it: its links name index.html already. */
(function (global) {
	'use strict';

	var doc = global.document;
	if (!doc || global.location.protocol !== 'file:')
		return;

	/* The address with index.html added when it names a folder of this
	 * site (relative, ending in "/"), or null for one to leave alone: an
	 * address with a scheme (https:, mailto:, tel:) or a fragment only. */
	function indexed(href) {
		if (!href || href[0] === '#' || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.slice(0, 2) === '//')
			return null;
		var m = /^([^?#]*)(.*)$/.exec(href);
		var path = m[1] === '.' || m[1] === '..' ? m[1] + '/' : m[1];
		return /\/$/.test(path) ? path + 'index.html' + m[2] : null;
	}

	function fixLink(a) {
		var to = indexed(a.getAttribute('href'));
		if (to)
			a.setAttribute('href', to);
	}

	function fixForm(f) {
		var to = indexed(f.getAttribute('action'));
		if (to)
			f.setAttribute('action', to);
	}

	function fixAll() {
		Array.prototype.forEach.call(doc.querySelectorAll('a[href]'), fixLink);
		Array.prototype.forEach.call(doc.querySelectorAll('form[action]'), fixForm);
	}

	/* Links made after the page loaded are mended as they are followed,
	 * by any button, or sent. */
	function onFollow(e) {
		var a = e.target && e.target.closest ? e.target.closest('a[href]') : null;
		if (a)
			fixLink(a);
	}
	doc.addEventListener('click', onFollow, true);
	doc.addEventListener('auxclick', onFollow, true);
	doc.addEventListener('contextmenu', onFollow, true);
	doc.addEventListener('submit', function (e) {
		if (e.target && e.target.getAttribute)
			fixForm(e.target);
	}, true);
	if (doc.readyState === 'loading')
		doc.addEventListener('DOMContentLoaded', fixAll);
	else
		fixAll();
})(this);
