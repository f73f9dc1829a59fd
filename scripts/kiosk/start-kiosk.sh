#!/bin/sh
# Opens the kiosk copy beside this script (ocopgen-kiosk/index.html) in
# Chromium's kiosk mode: full screen, no address bar; Alt+F4 closes it.
here=$(cd "$(dirname "$0")" && pwd)
page=$here/ocopgen-kiosk/index.html
for browser in chromium chromium-browser google-chrome google-chrome-stable; do
	if command -v "$browser" >/dev/null 2>&1; then
		exec "$browser" --kiosk --incognito --no-first-run \
			--noerrdialogs --disable-session-crashed-bubble \
			--disable-pinch --overscroll-history-navigation=0 \
			--disable-features=Translate "$page"
	fi
done
echo "Chromium is not installed: sudo apt install chromium" >&2
exit 1
