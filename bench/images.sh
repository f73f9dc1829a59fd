#!/bin/bash
# bench/images.sh [-n PHOTOS] [-r RUNS] [-d DIR] [-k]: the image stage on
# camera-sized photos, beside libwebp's own cwebp at the same settings.
#
#   -n PHOTOS  photos, 4 per product (default 200: 50 products)
#   -r RUNS    timed runs of the cold build and of cwebp (default 2; the
#              warm rebuild runs five times as often)
#   -d DIR     where to write (default: a new folder in /dev/shm, else $TMPDIR)
#   -k         keep that folder and print its name
#
# Prints, for a catalogue of PHOTOS 4000x3000 JPEGs (quality 90, one in five
# stored turned with an EXIF orientation):
#   - a cold build (no image cache): every photo decoded once and written
#     as WebP at 480, 960 and 1600 pixels, plus one share JPEG per product;
#   - a warm rebuild (the cache full, no photo changed);
#   - cwebp over the same photos at the same settings (-preset photo -q 80,
#     -resize W 0 for each width), one process per photo and width, as many
#     at once as there are processors (xargs -P), and the ratio of the
#     two. cwebp decodes the JPEG once per width, ocopgen once per photo;
#     ocopgen also writes the share JPEGs and the pages.
# It measures; it never judges. Exit status 1 only when a build fails.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
photos=200
runs=2
base=
keep=0

usage() {
	echo "usage: bench/images.sh [-n PHOTOS] [-r RUNS] [-d DIR] [-k]" >&2
	exit 2
}
while getopts n:r:d:kh opt; do
	case $opt in
	n) photos=$OPTARG ;;
	r) runs=$OPTARG ;;
	d) base=$OPTARG ;;
	k) keep=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
case $photos in '' | *[!0-9]* | 0) usage ;; esac
case $runs in '' | *[!0-9]* | 0) usage ;; esac

fail() {
	echo "bench/images.sh: $*" >&2
	exit 1
}

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)
	export SOURCE_DATE_EPOCH
fi

for tool in convert exiftool cwebp python3; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (scripts/deps bench)"
done
have_hyperfine=0
command -v hyperfine >/dev/null 2>&1 && have_hyperfine=1
make -s -C "$root" build/ocopgen >&2 || fail "could not build build/ocopgen"

if [ -z "$base" ]; then
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then
		base=/dev/shm
	else
		base=${TMPDIR:-/tmp}
	fi
fi
mkdir -p "$base" || fail "cannot create $base"
work=$(mktemp -d "$base/ocopgen-bench-images.XXXXXX") || fail "cannot create a folder in $base"
cleanup() {
	if [ "$keep" = 1 ]; then
		echo "kept: $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A copy of the binary and its theme, as bench/run measures.
mkdir -p "$work/bin" &&
	cp "$root/build/ocopgen" "$work/bin/ocopgen" &&
	cp -R "$root/themes" "$work/themes" || fail "cannot copy build/ocopgen and themes/"
ocopgen=$work/bin/ocopgen
cores=$(nproc 2>/dev/null || echo 1)

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# --------------------------------------------------------------- photos
# Ten distinct pictures (smooth noise over a gradient, like foliage under
# sky more than like a flat test card), then each written again with a
# comment of its own, so that every photo has its own bytes and its own
# cache entry but the pixels cost what camera photos cost.
t0=$(now)
site=$work/site
mkdir -p "$work/base" "$site"
cp -a "$root/tests/bad/base/content" "$site/content"
gradients=('#2a6f3a-#e8c27a' '#1f3b73-#f2d0a4' '#6b3e26-#d9e4dd' '#334d2a-#a7c7e7' '#8c2f39-#fcd581'
	'#0f5257-#f6f4d2' '#4a4e69-#f2e9e4' '#2d6a4f-#ffd6a5' '#5f0f40-#fb8b24' '#283618-#fefae0')
draw() { # INDEX
	convert -seed "$(($1 + 1))" -size 500x375 xc: +noise Random -blur 0x1 -resize '4000x3000!' \
		\( -size 4000x3000 "gradient:${gradients[$1]}" \) -compose overlay -composite \
		-quality 90 "$work/base/p$1.jpg"
}
for i in $(seq 0 9); do
	draw "$i" &
	[ $(((i + 1) % cores)) -ne 0 ] || wait
done
wait
for i in $(seq 0 9); do
	[ -s "$work/base/p$i.jpg" ] || fail "convert failed"
done
# One base picture in five is stored turned, as cameras do.
for i in 1 6; do
	convert "$work/base/p$i.jpg" -rotate 270 -quality 90 "$work/base/p$i.jpg" &&
		exiftool -q -n -overwrite_original -Orientation=6 "$work/base/p$i.jpg" || fail "cannot turn a photo"
done
python3 - "$work/base" "$site/content" "$photos" <<'EOF' || fail "cannot write the catalogue"
import json, os, sys
base, content, photos = sys.argv[1], sys.argv[2], int(sys.argv[3])
pictures = [open(os.path.join(base, "p%d.jpg" % i), "rb").read() for i in range(10)]
template = json.load(open(os.path.join(content, "products/mat-ong/product.json"), encoding="utf-8"))
products = (photos + 3) // 4
n = 0
for p in range(products):
    slug = "anh-%03d" % (p + 1)
    d = os.path.join(content, "products", slug)
    os.makedirs(os.path.join(d, "images"))
    images = []
    for k in range(4):
        if n == photos:
            break
        src = pictures[n % 10]
        text = ("photo %d" % n).encode()
        com = b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + text
        name = "images/photo-%d.jpg" % (k + 1)
        with open(os.path.join(d, name), "wb") as f:
            f.write(src[:2] + com + src[2:])
        images.append({"file": name, "alt": {"vi": "Ảnh %d" % n, "en": "Photo %d" % n, "zh": "图 %d" % n}})
        n += 1
    rec = dict(template)
    rec["name"] = {"vi": "Sản phẩm ảnh %d" % (p + 1), "en": "Photo product %d" % (p + 1), "zh": "图片产品 %d" % (p + 1)}
    rec["images"] = images
    json.dump(rec, open(os.path.join(d, "product.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
find "$site/content/products" -name 'photo-*.jpg' | sed 's|/content/products/| |' >"$work/photos.txt"
nphotos=$(wc -l <"$work/photos.txt")
mb=$(du -sm --apparent-size "$site/content/products" | cut -f1)
echo "image benchmark: $nphotos photos of 4000x3000 (JPEG q90, $mb MB) in $(((nphotos + 3) / 4)) products; $cores cores"
echo "photos written in $(elapsed "$t0") s"

# ------------------------------------------------------------------ timing
# timing NAME PREPARE CMD RUNS: mean and sd over RUNS runs, PREPARE
# (untimed) before each. Sets mean_NAME and sd_NAME.
timing() {
	local name=$1 prepare=$2 cmd=$3 runs=$4 json=$work/$1.json mean sd
	if [ "$have_hyperfine" = 1 ]; then
		if ! hyperfine --runs "$runs" --style basic --prepare "$prepare" \
			--export-json "$json" "$cmd" >"$work/$name.log" 2>&1; then
			cat "$work/$name.log" >&2
			return 1
		fi
		read -r mean sd < <(python3 - "$json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.3f %.3f" % (r["mean"], r["stddev"] or 0.0))
EOF
		)
	else
		local i t times=()
		for ((i = 0; i < runs; i++)); do
			sh -c "$prepare" || return 1
			t=$(now)
			sh -c "$cmd" >"$work/$name.log" 2>&1 || {
				cat "$work/$name.log" >&2
				return 1
			}
			times+=("$(elapsed "$t")")
		done
		read -r mean sd < <(printf '%s\n' "${times[@]}" |
			awk '{ s += $1; q += $1 * $1; n++ } END { m = s / n; v = n > 1 ? (q - n * m * m) / (n - 1) : 0; printf "%.3f %.3f\n", m, (v > 0 ? sqrt(v) : 0) }')
	fi
	printf -v "mean_$name" '%s' "$mean"
	printf -v "sd_$name" '%s' "$sd"
}

out=$work/out
build="'$ocopgen' build -q -C '$site' -o '$out'"
timing cold "rm -rf '$site/.ocopgen-cache' '$out'" "$build" "$runs" || fail "the cold build failed"
# The last cold build left the cache full: every run now finds it so.
timing warm "rm -rf '$out'" "$build" "$((runs * 5))" || fail "the warm rebuild failed"
webps=$(find "$out/media" -name '*.webp' | wc -l)
jpegs=$(find "$out/media" -name '*-share.jpg' | wc -l)
cache_mb=$(du -sm "$site/.ocopgen-cache" | cut -f1)

# cwebp: one job per photo and width, as many at once as there are cores.
mkdir -p "$work/cwebp"
awk -v out="$work/cwebp" -v site="$site/content/products" '{
	src = site "/" $2; gsub("/", "_", $2)
	for (i = 1; i <= 3; i++) {
		w = i == 1 ? 480 : i == 2 ? 960 : 1600
		printf "%s %d %s/%s-%d.webp\n", src, w, out, $2, w
	}
}' "$work/photos.txt" >"$work/cwebp.jobs"
cat >"$work/cwebp.sh" <<EOF
#!/bin/sh
xargs -P $cores -n 3 sh -c 'exec cwebp -quiet -preset photo -q 80 -resize "\$1" 0 "\$0" -o "\$2"' <'$work/cwebp.jobs'
EOF
chmod +x "$work/cwebp.sh"
timing cwebp "rm -f '$work'/cwebp/*.webp" "'$work/cwebp.sh'" "$runs" || fail "cwebp failed"
cwebps=$(find "$work/cwebp" -name '*.webp' | wc -l)

echo
printf '%-46s %s\n' "" "wall time (mean ± sd)"
printf '%-46s %8s s ± %s s\n' "ocopgen, cold (no cache): $webps WebP + $jpegs JPEG" "$mean_cold" "$sd_cold"
printf '%-46s %8s s ± %s s\n' "ocopgen, warm rebuild (cache full)" "$mean_warm" "$sd_warm"
printf '%-46s %8s s ± %s s\n' "cwebp -q 80 x3 widths: $cwebps WebP (-P $cores)" "$mean_cwebp" "$sd_cwebp"
awk -v c="$mean_cold" -v w="$mean_cwebp" -v n="$nphotos" 'BEGIN {
	if (c > 0) printf "ocopgen cold: %.1f photos/s; cwebp: %.1f photos/s; ocopgen / cwebp throughput: %.2fx\n", n / c, n / w, w / c
}'
echo "($runs runs of the cold build and of cwebp, $((runs * 5)) of the warm rebuild; ocopgen with one thread per processor)"
echo "image cache: $cache_mb MB"
