#!/bin/bash
# tests/catalogue.sh: is the bundled catalogue (content/) complete?
#
#   - at least 30 products, 20 producers and 4 stories, and the pages
#     what-is-ocop, how-to-buy and about;
#   - at least eight places in the areas of site.json, each used by some
#     product (a product's area, or else its producer's), and at least four
#     product groups;
#   - every product, producer, story and page has a .md file for every
#     language of site.json;
#   - every product has at least one image and a story in the default
#     language of 40 to 400 words (wc -w, without the closing italic line):
#     a story tells what the sources say of that product and producer, and
#     is short where they say little; the star scale, the certificate rules
#     and the notes on estimates live once, on the page what-is-ocop;
#   - `ocopgen check` exits 0 and prints no warning; site.json sets
#     "require_sources", so that is also: every stated fact of a product
#     or producer cites a source that supports it;
#   - docs/sources.md lists the records' sources as they are
#     (scripts/sources-md --check);
#   - the product images total under 15 MB.
#
# Prints "ok - NAME" or "not ok - NAME: WHY" (details as "# " lines), then
# "N passed, N failed"; exits 1 when any check failed. Uses
# build/test/ocopgen, or $OCOPGEN; needs jq.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
ocopgen=${OCOPGEN:-$root/build/test/ocopgen}
case $ocopgen in /*) ;; *) ocopgen=$root/$ocopgen ;; esac
export LC_ALL=C.UTF-8

if ! command -v jq >/dev/null 2>&1; then
	echo "not ok - tools: jq not found (apt-get install jq)"
	echo "0 passed, 1 failed"
	exit 1
fi

passed=0 failed=0
ok() {
	echo "ok - $1"
	passed=$((passed + 1))
}
# not_ok NAME WHY [DETAIL...]
not_ok() {
	echo "not ok - $1: $2"
	shift 2
	local l
	for l in "$@"; do echo "# $l"; done
	failed=$((failed + 1))
}

# items KIND: the folders of content/KIND that hold a record
items() {
	local d rec
	case $1 in
	products) rec=product.json ;;
	producers) rec=producer.json ;;
	stories) rec=story.json ;;
	pages) rec=page.json ;;
	esac
	for d in content/"$1"/*/; do
		[ -f "$d$rec" ] && basename "$d"
	done
}

mapfile -t products < <(items products)
mapfile -t producers < <(items producers)
mapfile -t stories < <(items stories)
mapfile -t pages < <(items pages)
mapfile -t langs < <(jq -r '.languages[]' content/site.json)
mapfile -t places < <(jq -r '.areas.places[].id' content/site.json)
deflang=${langs[0]:-vi}

# at_least NAME COUNT MIN
at_least() {
	if [ "$2" -ge "$3" ]; then
		ok "$1: $2 (at least $3)"
	else
		not_ok "$1" "$2, fewer than $3"
	fi
}
at_least products ${#products[@]} 30
at_least producers ${#producers[@]} 20
at_least stories ${#stories[@]} 4

missing=()
for p in what-is-ocop how-to-buy about; do
	[ -f "content/pages/$p/page.json" ] || missing+=("$p")
done
if [ ${#missing[@]} = 0 ]; then
	ok "pages what-is-ocop, how-to-buy and about"
else
	not_ok "pages" "missing ${missing[*]}"
fi

# The area and group of every product.
used_places=() used_groups=()
for s in "${products[@]}"; do
	j=content/products/$s/product.json
	d=$(jq -r '.area // empty' "$j" 2>/dev/null)
	if [ -z "$d" ]; then
		pr=$(jq -r '.producer // empty' "$j" 2>/dev/null)
		[ -f "content/producers/$pr/producer.json" ] &&
			d=$(jq -r '.area // empty' "content/producers/$pr/producer.json")
	fi
	used_places+=("$d")
	used_groups+=("$(jq -r '.group // empty' "$j" 2>/dev/null)")
done
unused=()
for d in "${places[@]}"; do
	found=0
	for u in "${used_places[@]}"; do [ "$u" = "$d" ] && found=1 && break; done
	[ $found = 1 ] || unused+=("$d")
done
if [ ${#places[@]} -ge 8 ] && [ ${#unused[@]} = 0 ]; then
	ok "all ${#places[@]} places of the areas have products"
else
	not_ok "areas" "${#places[@]} places in site.json; without products: ${unused[*]:-none}"
fi
ngroups=$(printf '%s\n' "${used_groups[@]}" | grep . | sort -u | wc -l)
if [ "$ngroups" -ge 4 ]; then
	ok "products in $ngroups groups (at least 4)"
else
	not_ok "groups" "products in $ngroups groups, fewer than 4" \
		"$(printf '%s\n' "${used_groups[@]}" | sort | uniq -c | tr '\n' ' ')"
fi

# Every item in every language.
lack=()
for kind in products producers stories pages; do
	case $kind in
	products) list=("${products[@]}") ;;
	producers) list=("${producers[@]}") ;;
	stories) list=("${stories[@]}") ;;
	pages) list=("${pages[@]}") ;;
	esac
	for s in "${list[@]}"; do
		for l in "${langs[@]}"; do
			f=content/$kind/$s/$l.md
			[ -s "$f" ] || lack+=("$f")
		done
	done
done
if [ ${#lack[@]} = 0 ]; then
	ok "every item has a text in ${langs[*]}"
else
	not_ok "translations" "${#lack[@]} .md files missing or empty" "${lack[@]}"
fi

# Images and story length.
noimg=() badlen=()
for s in "${products[@]}"; do
	j=content/products/$s/product.json
	n=$(jq -r '(.images // []) | length' "$j" 2>/dev/null || echo 0)
	[ "${n:-0}" -ge 1 ] || noimg+=("$s")
	f=content/products/$s/$deflang.md
	if [ ! -f "$f" ]; then
		badlen+=("$s: no $deflang.md")
		continue
	fi
	# the story without its closing italic line (the note on sources)
	last=$(grep -v '^[[:space:]]*$' "$f" | tail -n 1)
	case $last in
	\** | _*) words=$(grep -v '^[[:space:]]*$' "$f" | head -n -1 | wc -w) ;;
	*) words=$(wc -w <"$f") ;;
	esac
	if [ "$words" -lt 40 ] || [ "$words" -gt 400 ]; then
		badlen+=("$s: $words words")
	fi
done
if [ ${#noimg[@]} = 0 ]; then
	ok "every product has an image"
else
	not_ok "images" "${#noimg[@]} products without an image" "${noimg[@]}"
fi
if [ ${#badlen[@]} = 0 ]; then
	ok "every $deflang story has 40 to 400 words"
else
	not_ok "story length" "${#badlen[@]} stories outside 40-400 words" "${badlen[@]}"
fi

# ocopgen check: no error, no warning.
if [ ! -x "$ocopgen" ]; then
	not_ok "ocopgen check" "$ocopgen not found (make build/test/ocopgen, or set OCOPGEN)"
else
	out=$("$ocopgen" check -C "$root" 2>&1)
	rc=$?
	warnings=$(printf '%s\n' "$out" | grep -c 'warning:')
	if [ $rc = 0 ] && [ "$warnings" = 0 ]; then
		ok "ocopgen check: $(printf '%s\n' "$out" | tail -n 1)"
	else
		mapfile -t lines < <(printf '%s\n' "$out" | grep -E 'warning:|error:|ocopgen:' | head -n 40)
		not_ok "ocopgen check" "exit $rc, $warnings warning(s)" "${lines[@]}"
	fi
fi

# docs/sources.md is made from the records, never kept beside them.
if ! jq -e '.require_sources == true' content/site.json >/dev/null; then
	not_ok "require_sources" "content/site.json does not set \"require_sources\": true"
else
	ok "require_sources: every stated fact must cite a source"
fi
if out=$(python3 scripts/sources-md --check 2>&1); then
	ok "docs/sources.md: lists the records' sources"
else
	not_ok "docs/sources.md" "$out"
fi

# Size of the images.
total=0
for f in content/products/*/images/*; do
	[ -f "$f" ] && total=$((total + $(stat -c %s "$f")))
done
if [ $total -lt 15000000 ]; then
	ok "product images: $total bytes (under 15 MB)"
else
	not_ok "image size" "$total bytes, 15 MB or more"
fi

echo "$passed passed, $failed failed"
[ $failed = 0 ]
