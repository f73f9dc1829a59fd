/* The kiosk copy (ocopgen build --kiosk), loaded only there.
 *
 * Idle reset: after data-idle-seconds (site.json "kiosk": {"idle_seconds"})
 * without a touch, a click or a key, the kiosk goes back to its start
 * screen (data-start, the root page, in the default language) and forgets
 * the search: the query lives in the address (?q=), which the start screen
 * does not carry, and anything a script kept in the browser's storage is
 * cleared.
 *
 * The start screen's featured products move on by themselves; a "back"
 * button stands in for the browser's, which a kiosk window lacks; nothing
 * opens another window or tab. Every page works without this script. */
(function () {
	'use strict';
	var script = document.currentScript;
	if (!script)
		return;
	var seconds = Number(script.getAttribute('data-idle-seconds')) || 90;
	var start = new URL(script.getAttribute('data-start') || '../index.html',
		document.baseURI);
	var SLIDE_SECONDS = 6;
	var timer = 0;
	var lastActivity = 0; /* no touch yet: the slides move on */
	var touched = false; /* since the last reset */

	function forget() {
		try {
			window.sessionStorage.clear();
			window.localStorage.clear();
		} catch (e) {
			/* storage refused (file://, private mode): nothing kept */
		}
	}

	function onStart() {
		var here = new URL(window.location.href);
		return here.pathname === start.pathname ||
			here.pathname.replace(/index\.html$/, '') === start.pathname.replace(/index\.html$/, '');
	}

	function reset() {
		forget();
		if (onStart() && !window.location.search && !window.location.hash) {
			/* Already there: back to the top and the first product,
			 * if someone moved them. */
			if (touched) {
				window.scrollTo(0, 0);
				showSlide(0);
			}
			touched = false;
			arm();
			return;
		}
		window.location.replace(start.href);
	}

	function arm() {
		window.clearTimeout(timer);
		timer = window.setTimeout(reset, seconds * 1000);
	}

	function wake() {
		lastActivity = Date.now();
		touched = true;
		arm();
	}

	['pointerdown', 'pointermove', 'touchstart', 'keydown', 'wheel', 'input']
		.forEach(function (type) {
			document.addEventListener(type, wake, { capture: true, passive: true });
		});
	/* A page brought back from the browser's cache starts a fresh pause. */
	window.addEventListener('pageshow', arm);
	arm();

	/* Nothing opens another window: no long-press menu, no modified or
	 * middle click, no dragging a link away. */
	document.addEventListener('contextmenu', function (e) { e.preventDefault(); });
	document.addEventListener('dragstart', function (e) { e.preventDefault(); });
	document.addEventListener('auxclick', function (e) { e.preventDefault(); });
	document.addEventListener('click', function (e) {
		if (e.ctrlKey || e.metaKey || e.shiftKey)
			e.preventDefault();
	}, true);

	/* The search's keyboard on the screen: letters without diacritics
	 * (search folds them) and digits, typed into the search field as if
	 * from a keyboard, whose own keyboard the kiosk does not open. */
	var osk = document.querySelector('.osk');
	var field = document.getElementById('search-q');
	if (osk && field) {
		osk.hidden = false;
		field.setAttribute('inputmode', 'none');
		osk.addEventListener('click', function (e) {
			var key = e.target.closest && e.target.closest('[data-key]');
			if (!key)
				return;
			var k = key.getAttribute('data-key');
			if (k === 'backspace')
				field.value = field.value.slice(0, -1);
			else if (k === 'clear')
				field.value = '';
			else
				field.value += k;
			field.dispatchEvent(new Event('input', { bubbles: true }));
		});
	}

	var back = document.querySelector('.kiosk-back');
	if (back && window.history.length > 1) {
		back.hidden = false;
		back.addEventListener('click', function () { window.history.back(); });
	}

	/* The start screen's slides: one every SLIDE_SECONDS, unless someone
	 * is touching the screen, which pauses them (the current dot says so);
	 * a swipe moves them by hand, and the dots follow. */
	var slides = document.querySelector('.kiosk-slides');
	var dots = document.querySelector('.kiosk-dots');
	var current = 0;
	function markDot() {
		if (!dots)
			return;
		for (var i = 0; i < dots.children.length; i++)
			dots.children[i].classList.toggle('is-current', i === current);
	}
	function showSlide(i) {
		if (!slides || !slides.children.length)
			return;
		current = i % slides.children.length;
		slides.scrollTo({ left: slides.children[current].offsetLeft - slides.offsetLeft, behavior: 'smooth' });
		markDot();
	}
	function paused() {
		return Date.now() - lastActivity < SLIDE_SECONDS * 1000;
	}
	if (slides && slides.children.length) {
		markDot();
		slides.addEventListener('scroll', function () {
			var w = slides.clientWidth || 1;
			var i = Math.round(slides.scrollLeft / w);
			if (i !== current && i >= 0 && i < slides.children.length) {
				current = i;
				markDot();
			}
		}, { passive: true });
	}
	if (slides && slides.children.length > 1) {
		window.setInterval(function () {
			if (!paused())
				showSlide(current + 1);
		}, SLIDE_SECONDS * 1000);
		window.setInterval(function () {
			if (dots)
				dots.classList.toggle('is-paused', paused());
		}, 500);
	}
})();
