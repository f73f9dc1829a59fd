#!/bin/bash
# tests/html.sh: the Nu Html Checker finds no error in the bundled site,
# and every <img> of every page has its size (width and height) and, for a
# photo of the content, its published widths (srcset).
#
# The site is $OCOPGEN_SITE when set (tests/run builds it once), otherwise
# it is built here into a temporary folder with build/test/ocopgen.
# Prints "ok - ..." or "not ok - ..." and the checker's messages.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
ocopgen=${OCOPGEN:-$root/build/test/ocopgen}
jar=$root/tests/node_modules/vnu-jar/build/dist/vnu.jar
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ocopgen-html.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ ! -f "$jar" ]; then
	echo "not ok - html: $jar is missing (scripts/deps test)"
	exit 1
fi
if ! command -v java >/dev/null; then
	echo "not ok - html: java is missing (scripts/deps test)"
	exit 1
fi

site=${OCOPGEN_SITE:-}
if [ -z "$site" ]; then
	site=$tmp/site
	if ! "$ocopgen" build -C "$root" -o "$site" -q 2>"$tmp/build.err"; then
		echo "not ok - html: the bundled site does not build"
		sed 's/^/# /' "$tmp/build.err"
		exit 1
	fi
fi

pages=$(find "$site" -name '*.html' | wc -l)
if [ "$pages" -eq 0 ]; then
	echo "not ok - html: no HTML page in $site"
	exit 1
fi

# Width and height keep the page from moving as pictures arrive; srcset lets
# a phone take the smallest WebP that fills its screen.
find "$site" -name '*.html' -print0 | sort -z |
	xargs -0 grep -oH '<img[^>]*>' >"$tmp/img.txt"
nimg=$(grep -c . "$tmp/img.txt")
awk '
	!/ width="[0-9]+"/ || !/ height="[0-9]+"/ { print "no width or height: " $0; next }
	/ src="[^"]*media\/[^"]*\.webp"/ && !/ srcset="/ { print "no srcset: " $0 }
' "$tmp/img.txt" >"$tmp/img.bad"
if [ "$nimg" -gt 0 ] && ! [ -s "$tmp/img.bad" ]; then
	echo "ok - html: all $nimg images have width, height and, for photos, srcset"
else
	echo "not ok - html: $(grep -c . "$tmp/img.bad") of $nimg images lack width, height or srcset"
	head -n 20 "$tmp/img.bad" | sed "s|$site/||; s/^/# /"
	img_failed=1
fi

java -Xss8m -jar "$jar" --errors-only --skip-non-html "$site" >"$tmp/vnu.out" 2>&1
st=$?
# Messages name files by URL; show them relative to the site.
sed -i "s|file:$site/||g; s|\"url\":\"file:$site/|\"url\":\"|g" "$tmp/vnu.out"
if [ "$st" -eq 0 ] && ! grep -q 'error' "$tmp/vnu.out"; then
	echo "ok - html: the Nu Html Checker finds no error in $pages pages"
else
	n=$(grep -c 'error' "$tmp/vnu.out")
	echo "not ok - html: the Nu Html Checker finds $n error(s) in $pages pages"
	head -n 60 "$tmp/vnu.out" | sed 's/^/# /'
	exit 1
fi
[ -z "${img_failed:-}" ]
