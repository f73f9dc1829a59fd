#!/bin/bash
# tests/images.sh: the image stage end to end, on pictures drawn here.
#
# Every fixture is made in a temporary folder at run time (ImageMagick,
# exiftool, python3), built with build/test/ocopgen ($OCOPGEN), and the
# WebP files it writes are read back with dwebp. Covers: EXIF orientations
# 1 to 8, CMYK and grey JPEG, 16-bit, grey and palette PNG with
# transparency, WebP sources, widths and quality from site.json, the share
# JPEG, the <img> markup of galleries and Markdown, the alt warnings, files
# refused before their pixels are allocated, camera files (EXIF in PNG and
# WebP, stray bytes in a JPEG, animated WebP), what check finds in a
# photo's header, the cache (hits, a replaced file, pruning), -j 1 against
# -j 4, and the progress line.
# Prints "ok - ..." or "not ok - ..." with "# " details.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
ocopgen=${OCOPGEN:-$root/build/test/ocopgen}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}
export LC_ALL=C.UTF-8

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ocopgen-images.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok - images: $1"; }

# not_ok NAME WHY [DETAIL-FILE]
not_ok() {
	echo "not ok - images: $1: $2"
	if [ $# -ge 3 ] && [ -s "$3" ]; then
		head -n 30 "$3" | sed 's/^/# /'
	fi
}

# check NAME DETAIL-FILE: ok when DETAIL-FILE is empty, else not ok with
# its first line as the reason.
check() {
	if [ -s "$2" ]; then
		not_ok "$1" "$(head -n 1 "$2")" "$2"
	else
		ok "$1"
	fi
	rm -f "$2"
}

missing=
for tool in convert exiftool dwebp webpinfo webpmux img2webp python3 script; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -x /usr/bin/time ] || missing="$missing /usr/bin/time"
if [ -n "$missing" ]; then
	echo "not ok - images: tools missing:$missing (scripts/deps test)"
	exit 1
fi
if [ ! -x "$ocopgen" ]; then
	echo "not ok - images: $ocopgen is missing (make build/test/ocopgen)"
	exit 1
fi

sanitizer_output() {
	grep -qE 'runtime error|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer' "$1" 2>/dev/null
}

# build NAME DIR [ARGS...]: builds DIR into DIR/public; the status, and
# stderr in DIR.err. A sanitizer report is a failure of its own.
build() {
	local name=$1 dir=$2 st
	shift 2
	"$ocopgen" build -C "$dir" -o "$dir/public" "$@" >/dev/null 2>"$dir.err"
	st=$?
	if sanitizer_output "$dir.err"; then
		not_ok "$name" "sanitizer report" "$dir.err"
		return 99
	fi
	return "$st"
}

# A content tree: the valid base of tests/bad, and a product "anh" with no
# image yet. Pictures go in DIR/content/products/anh/images/.
new_site() { # DIR
	mkdir -p "$1"
	cp -a "$root/tests/bad/base/content" "$1/content"
	mkdir -p "$1/content/products/anh/images"
	sed -e 's/"Mật ong bạc hà"/"Ảnh thử"/' \
		"$1/content/products/mat-ong/product.json" >"$1/content/products/anh/product.json"
	printf '# Ảnh\n\nMột sản phẩm để thử ảnh.\n' >"$1/content/products/anh/vi.md"
}

# set_images DIR SLUG FILE...: the product's "images" list, in this order.
# FILE:vi gives an alt in the default language only; FILE:none no alt.
set_images() {
	python3 - "$@" <<'EOF'
import json, sys
d, slug, files = sys.argv[1], sys.argv[2], sys.argv[3:]
path = "%s/content/products/%s/product.json" % (d, slug)
p = json.load(open(path, encoding="utf-8"))
images = []
for f in files:
    name, _, how = f.partition(":")
    im = {"file": "images/" + name}
    if how == "vi":
        im["alt"] = {"vi": "Ảnh " + name}
    elif how != "none":
        im["alt"] = {"vi": "Ảnh " + name, "en": "Photo " + name, "zh": "图 " + name}
    images.append(im)
p["images"] = images
json.dump(p, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
}

# A probe of decoded pixels: probe FILE X,Y... prints "W H" then, for each
# point given as fractions of the size, "R G B A".
cat >"$tmp/probe.py" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
head, _, px = data.partition(b"ENDHDR\n")
h = dict(l.split(" ", 1) for l in head.decode().splitlines()[1:])
w, ht, depth = int(h["WIDTH"]), int(h["HEIGHT"]), int(h["DEPTH"])
out = ["%d %d" % (w, ht)]
for pt in sys.argv[2:]:
    fx, fy = (float(v) for v in pt.split(","))
    x, y = int(fx * w), int(fy * ht)
    i = (y * w + x) * depth
    p = list(px[i:i + depth])
    if depth == 3:
        p.append(255)
    out.append(" ".join(str(v) for v in p))
print("\n".join(out))
EOF

# probe WEBP POINT...: see probe.py; empty when dwebp cannot read it
probe() {
	local f=$1 pam
	shift
	pam=$tmp/probe.pam
	rm -f "$pam"
	dwebp -quiet -pam "$f" -o "$pam" 2>/dev/null || return 1
	python3 "$tmp/probe.py" "$pam" "$@"
}

# near "R G B A" "R G B A" [TOLERANCE]: every channel within the tolerance
near() {
	python3 -c '
import sys
a = [int(v) for v in sys.argv[1].split()]
b = [int(v) for v in sys.argv[2].split()]
t = int(sys.argv[3])
sys.exit(0 if len(a) == len(b) and all(abs(x - y) <= t for x, y in zip(a, b)) else 1)
' "$1" "$2" "${3:-40}"
}

RED="255 0 0 255"
WHITE="255 255 255 255"
CLEAR="0 0 0 0"

# expect_pixels NAME WEBP "W H" COLOUR-TL COLOUR-TR COLOUR-BL COLOUR-BR
# [TOLERANCE]: the size, and the colour at the middle of each quarter. A
# transparent pixel matches CLEAR whatever its colour.
expect_pixels() {
	local name=$1 f=$2 size=$3 why=$tmp/why
	shift 3
	local want=("$1" "$2" "$3" "$4") tol=${5:-40} got i
	: >"$why"
	if ! got=$(probe "$f" 0.25,0.25 0.75,0.25 0.25,0.75 0.75,0.75); then
		echo "dwebp cannot read ${f#"$tmp/"}" >>"$why"
	else
		mapfile -t got <<<"$got"
		[ "${got[0]}" = "$size" ] || echo "size ${got[0]}, not $size" >>"$why"
		for i in 0 1 2 3; do
			local g=${got[$((i + 1))]:-}
			if [ "${want[$i]}" = "$CLEAR" ]; then
				[ "${g##* }" = 0 ] && continue
			fi
			near "$g" "${want[$i]}" "$tol" ||
				echo "quarter $((i + 1)) (TL TR BL BR) is $g, not ${want[$i]}" >>"$why"
		done
	fi
	check "$name" "$why"
}

media=public/media/products/anh/images

# ------------------------------------------------------------ orientation
# The upright picture: 64x48, white, with a red top-left quarter. Each
# oN.jpg holds it turned so that EXIF orientation N stands it upright again.
s=$tmp/orient
new_site "$s"
convert -size 64x48 xc:white -fill red -draw 'rectangle 0,0 31,23' "$tmp/upright.png"
for o in 1 2 3 4 5 6 7 8; do
	case $o in
	1) op=() ;;
	2) op=(-flop) ;;
	3) op=(-rotate 180) ;;
	4) op=(-flip) ;;
	5) op=(-transpose) ;;
	6) op=(-rotate 270) ;;
	7) op=(-transverse) ;;
	8) op=(-rotate 90) ;;
	esac
	convert "$tmp/upright.png" "${op[@]}" -quality 95 "$s/content/products/anh/images/o$o.jpg"
	exiftool -q -n -overwrite_original "-Orientation=$o" "$s/content/products/anh/images/o$o.jpg"
done
# Cameras and editors write XMP in a second APP1 marker after EXIF's.
cp "$s/content/products/anh/images/o6.jpg" "$s/content/products/anh/images/xmp6.jpg"
exiftool -q -overwrite_original -XMP-dc:Creator=test "$s/content/products/anh/images/xmp6.jpg"
set_images "$s" anh o1.jpg o2.jpg o3.jpg o4.jpg o5.jpg o6.jpg o7.jpg o8.jpg xmp6.jpg
if build "orientation: build" "$s"; then
	for o in 1 2 3 4 5 6 7 8; do
		expect_pixels "orientation $o stands upright (64x48, red top left)" \
			"$s/$media/o$o-64.webp" "64 48" "$RED" "$WHITE" "$WHITE" "$WHITE"
	done
	expect_pixels "orientation 6 with XMP after the EXIF block stands upright" \
		"$s/$media/xmp6-64.webp" "64 48" "$RED" "$WHITE" "$WHITE" "$WHITE"
elif [ $? -ne 99 ]; then
	not_ok "orientation: build" "exit status not 0" "$s.err"
fi

# ---------------------------------------------------------------- formats
s=$tmp/formats
new_site "$s"
im=$s/content/products/anh/images
convert "$tmp/upright.png" -colorspace CMYK -quality 95 "$im/cmyk.jpg"
convert "$tmp/upright.png" -colorspace Gray -quality 95 "$im/grey.jpg"
# Transparent, with a red top-left quarter and a half-transparent blue
# bottom-right one: 16-bit RGBA, and 8-bit palette with tRNS.
convert -size 64x48 xc:none -fill red -draw 'rectangle 0,0 31,23' \
	-fill 'rgba(0,0,255,0.5)' -draw 'rectangle 32,24 63,47' -depth 16 "PNG64:$im/rgba16.png"
convert -size 64x48 xc:none -fill red -draw 'rectangle 0,0 31,23' \
	-fill blue -draw 'rectangle 32,24 63,47' "PNG8:$im/palette.png"
convert -size 64x48 xc:none -fill red -draw 'rectangle 0,0 31,23' \
	-fill blue -draw 'rectangle 32,24 63,47' -define webp:lossless=true "$im/alpha.webp"
convert "$tmp/upright.png" -quality 90 "$im/lossy.webp"
# 16-bit grey, mid grey 0x8080, with no gAMA chunk: written byte by byte.
python3 - "$im/grey16.png" <<'EOF'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
w, h = 64, 48
raw = b"".join(b"\0" + b"\x80\x80" * w for _ in range(h))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n"
    + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 0, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
EOF
set_images "$s" anh cmyk.jpg grey.jpg rgba16.png palette.png alpha.webp lossy.webp grey16.png
if build "formats: build" "$s"; then
	expect_pixels "CMYK JPEG (Adobe, inverted) keeps its colours" \
		"$s/$media/cmyk-64.webp" "64 48" "$RED" "$WHITE" "$WHITE" "$WHITE"
	expect_pixels "grey JPEG" \
		"$s/$media/grey-64.webp" "64 48" "54 54 54 255" "$WHITE" "$WHITE" "$WHITE" 12
	expect_pixels "16-bit RGBA PNG keeps its transparency" \
		"$s/$media/rgba16-64.webp" "64 48" "$RED" "$CLEAR" "$CLEAR" "0 0 255 128" 12
	expect_pixels "palette PNG with tRNS keeps its transparency" \
		"$s/$media/palette-64.webp" "64 48" "$RED" "$CLEAR" "$CLEAR" "0 0 255 255"
	expect_pixels "lossless WebP source with alpha" \
		"$s/$media/alpha-64.webp" "64 48" "$RED" "$CLEAR" "$CLEAR" "0 0 255 255"
	expect_pixels "lossy WebP source" \
		"$s/$media/lossy-64.webp" "64 48" "$RED" "$WHITE" "$WHITE" "$WHITE"
	expect_pixels "16-bit grey PNG without gAMA is sRGB (0x8080 stays 128)" \
		"$s/$media/grey16-64.webp" "64 48" "128 128 128 255" "128 128 128 255" \
		"128 128 128 255" "128 128 128 255" 3
	why=$tmp/why
	: >"$why"
	webpinfo "$s/$media/rgba16-64.webp" 2>&1 | grep -q 'Alpha: 1' ||
		echo "rgba16-64.webp has no alpha" >>"$why"
	webpinfo "$s/$media/cmyk-64.webp" 2>&1 | grep -q 'Alpha: 0' ||
		echo "cmyk-64.webp has an alpha channel it does not need" >>"$why"
	check "alpha kept where there is transparency, and only there" "$why"
elif [ $? -ne 99 ]; then
	not_ok "formats: build" "exit status not 0" "$s.err"
fi

# ----------------------------------------------------------------- widths
# webp_size FILE: "W H" of a WebP file
webp_size() {
	webpinfo "$1" 2>/dev/null | awk '/Width:/ { w = $2 } /Height:/ { h = $2 } END { if (w) print w, h }'
}

# jpeg_size FILE: "W H" of a JPEG file
jpeg_size() {
	identify -format '%w %h' "$1" 2>/dev/null
}

# A picture with detail, so that quality shows in the file size.
photo() { # FILE WxH
	convert -size "$2" gradient:'#336699-#ffcc00' \( -size "$2" xc: +noise Random -colorspace Gray \) \
		-compose overlay -composite -quality 92 "$1"
}

s=$tmp/widths
new_site "$s"
im=$s/content/products/anh/images
photo "$im/wide.jpg" 2000x1500
photo "$im/mid.jpg" 1000x750
photo "$im/small.jpg" 300x200
set_images "$s" anh wide.jpg mid.jpg small.jpg
if build "widths: build" "$s"; then
	why=$tmp/why
	: >"$why"
	for want in "wide-480.webp 480 360" "wide-960.webp 960 720" "wide-1600.webp 1600 1200" \
		"mid-480.webp 480 360" "mid-960.webp 960 720" "mid-1000.webp 1000 750" \
		"small-300.webp 300 200"; do
		set -- $want
		got=$(webp_size "$s/$media/$1")
		[ "$got" = "$2 $3" ] || echo "$1: ${got:-missing}, not $2x$3" >>"$why"
	done
	extra=$(cd "$s/$media" && ls | grep -vxE 'wide-(480|960|1600)\.webp|mid-(480|960|1000)\.webp|small-300\.webp|wide-share\.jpg')
	[ -z "$extra" ] || echo "unexpected files: $extra" >>"$why"
	check "default widths 480/960/1600, never upscaled (the source's width when narrower)" "$why"
	got=$(jpeg_size "$s/$media/wide-share.jpg")
	if [ "$got" = "1200 900" ]; then
		ok "share JPEG of the first image only, 1200 wide"
	else
		not_ok "share JPEG of the first image only, 1200 wide" "wide-share.jpg is ${got:-missing}"
	fi
	# A narrow first image keeps its own width in the share image.
	set_images "$s" anh small.jpg wide.jpg
	if build "widths: narrow first image" "$s"; then
		got=$(jpeg_size "$s/$media/small-share.jpg")
		if [ "$got" = "300 200" ] && [ ! -e "$s/$media/wide-share.jpg" ]; then
			ok "share JPEG of a narrow first image is not upscaled"
		else
			not_ok "share JPEG of a narrow first image is not upscaled" \
				"small-share.jpg is ${got:-missing}; wide-share.jpg $( [ -e "$s/$media/wide-share.jpg" ] && echo present || echo absent)"
		fi
	fi
	# Widths and quality from site.json.
	set_images "$s" anh wide.jpg
	python3 - "$s/content/site.json" 30 <<'EOF'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
p["images"] = {"widths": [320, 640], "quality": int(sys.argv[2])}
json.dump(p, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
	if build "widths: site.json settings" "$s"; then
		: >"$why"
		for want in "wide-320.webp 320 240" "wide-640.webp 640 480"; do
			set -- $want
			got=$(webp_size "$s/$media/$1")
			[ "$got" = "$2 $3" ] || echo "$1: ${got:-missing}, not $2x$3" >>"$why"
		done
		[ ! -e "$s/$media/wide-480.webp" ] || echo "wide-480.webp still written" >>"$why"
		grep -q 'srcset="[^"]*wide-320.webp 320w, [^"]*wide-640.webp 640w"' \
			"$s/public/vi/products/anh/index.html" || echo "the srcset does not list 320w and 640w" >>"$why"
		check "widths from site.json" "$why"
		q30=$(stat -c %s "$s/$media/wide-640.webp")
		sed -i 's/"quality": 30/"quality": 90/' "$s/content/site.json"
		if build "widths: quality 90" "$s"; then
			q90=$(stat -c %s "$s/$media/wide-640.webp")
			if [ "$q90" -gt $((q30 * 3 / 2)) ]; then
				ok "quality from site.json ($q30 bytes at 30, $q90 at 90)"
			else
				not_ok "quality from site.json" "$q30 bytes at 30, $q90 at 90"
			fi
		fi
	fi
elif [ $? -ne 99 ]; then
	not_ok "widths: build" "exit status not 0" "$s.err"
fi

# ----------------------------------------------------------------- markup
s=$tmp/markup
new_site "$s"
im=$s/content/products/anh/images
photo "$im/first.jpg" 1200x900
photo "$im/second.jpg" 640x480
photo "$im/inline.jpg" 800x600
set_images "$s" anh first.jpg second.jpg:vi
printf '# Ảnh\n\nMột sản phẩm.\n\n![Bếp & lò](images/inline.jpg "Bếp")\n' >"$s/content/products/anh/vi.md"
printf '# Photo\n\nA product.\n\n![Kitchen](./images/inline.jpg)\n' >"$s/content/products/anh/en.md"
if build "markup: build" "$s"; then
	page=$s/public/vi/products/anh/index.html
	en=$s/public/en/products/anh/index.html
	grep -o '<img[^>]*>' "$page" >"$tmp/vi.img"
	grep -o '<img[^>]*>' "$en" >"$tmp/en.img"
	why=$tmp/why
	: >"$why"
	first=$(grep 'first-' "$tmp/vi.img" | head -n 1)
	for frag in 'src="../../../media/products/anh/images/first-960.webp"' \
		'srcset="../../../media/products/anh/images/first-480.webp 480w, ../../../media/products/anh/images/first-960.webp 960w, ../../../media/products/anh/images/first-1200.webp 1200w"' \
		'sizes="' 'width="960"' 'height="720"' 'alt="Ảnh first.jpg"' 'loading="eager"' 'decoding="async"'; do
		grep -qF -- "$frag" <<<"$first" || echo "first image lacks $frag" >>"$why"
	done
	second=$(grep 'second-' "$tmp/vi.img" | head -n 1)
	for frag in 'loading="lazy"' 'decoding="async"' 'width="640"' 'height="480"' 'sizes="'; do
		grep -qF -- "$frag" <<<"$second" || echo "second image lacks $frag" >>"$why"
	done
	grep 'first-' "$tmp/en.img" | grep -qF 'alt="Photo first.jpg"' || echo "the English page's alt is not English" >>"$why"
	grep 'second-' "$tmp/en.img" | grep -qF 'alt="Ảnh second.jpg"' ||
		echo "a missing alt translation does not fall back to the default language" >>"$why"
	check "gallery <img>: src, srcset, sizes, width, height, localized alt, eager then lazy, async" "$why"
	: >"$why"
	inline=$(grep 'inline-' "$tmp/vi.img" | head -n 1)
	for frag in 'srcset="../../../media/products/anh/images/inline-480.webp 480w, ../../../media/products/anh/images/inline-800.webp 800w"' \
		'width="800"' 'height="600"' 'alt="Bếp &amp; lò"' 'loading="lazy"' 'decoding="async"' 'sizes="'; do
		grep -qF -- "$frag" <<<"$inline" || echo "Markdown image lacks $frag" >>"$why"
	done
	grep 'inline-' "$tmp/en.img" | grep -qF 'alt="Kitchen"' || echo "the English Markdown image has not its own alt" >>"$why"
	grep -qF 'images/inline.jpg' "$page" "$en" && echo "a page still names images/inline.jpg" >>"$why"
	[ -e "$s/$media/inline.jpg" ] && echo "the source inline.jpg was published" >>"$why"
	[ -e "$s/$media/inline-share.jpg" ] && echo "a Markdown image got a share JPEG" >>"$why"
	check "Markdown images become the same responsive <img>, references rewritten" "$why"
	if grep -qF 'content/products/anh/product.json' "$s.err" &&
		grep -qF 'warning: missing en translation of "alt"' "$s.err" &&
		grep -qF 'warning: missing zh translation of "alt"' "$s.err"; then
		ok "a missing translation of alt is a warning, and the build succeeds"
	else
		not_ok "a missing translation of alt is a warning" "no such warning" "$s.err"
	fi
elif [ $? -ne 99 ]; then
	not_ok "markup: build" "exit status not 0" "$s.err"
fi

# ----------------------------------------------------------- refused files
# Headers that announce more pixels than allowed, with enough data behind
# them that a decoder which went ahead would need hundreds of megabytes.
s=$tmp/huge
new_site "$s"
im=$s/content/products/anh/images
python3 - "$im" "$tmp/upright.png" <<'EOF'
import struct, subprocess, sys, zlib
im = sys.argv[1]
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
def png(path, w, h):
    z = zlib.compressobj(9)
    row = b"\0" * (w + 1)  # 8-bit grey, filter 0
    idat = b"".join(z.compress(row) for _ in range(h)) + z.flush()
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
png(im + "/png-side.png", 20000, 10)     # over 16383 a side
png(im + "/png-pixels.png", 8000, 7000)  # 56 megapixels
# JPEGs: a small one whose SOF0 is made to say another size.
small = subprocess.run(["convert", sys.argv[2], "-quality", "90", "jpg:-"],
                       stdout=subprocess.PIPE, check=True).stdout
def jpeg(path, w, h):
    d = bytearray(small)
    i = 2
    while d[i + 1] not in (0xC0, 0xC1, 0xC2):
        i += 2 + (d[i + 2] << 8 | d[i + 3])
    struct.pack_into(">HH", d, i + 5, h, w)
    open(path, "wb").write(bytes(d))
jpeg(im + "/jpeg-side.jpg", 20000, 10)
jpeg(im + "/jpeg-tall.jpg", 10, 16384)
jpeg(im + "/jpeg-pixels.jpg", 9000, 9000)  # 81 megapixels, 324 MB as RGBA
EOF
set_images "$s" anh png-side.png png-pixels.png jpeg-side.jpg jpeg-tall.jpg jpeg-pixels.jpg
/usr/bin/time -f '%M' -o "$tmp/rss" "$ocopgen" build -C "$s" -o "$s/public" -j 1 >/dev/null 2>"$s.err"
st=$?
why=$tmp/why
: >"$why"
[ "$st" -eq 1 ] || echo "exit status $st, not 1" >>"$why"
sanitizer_output "$s.err" && echo "sanitizer report" >>"$why"
for want in 'images/png-side.png: 20000x10 pixels is too large: at most 16383 pixels a side and 50 megapixels' \
	'images/png-pixels.png: 8000x7000 pixels is too large' \
	'images/jpeg-side.jpg: 20000x10 pixels is too large' \
	'images/jpeg-tall.jpg: 10x16384 pixels is too large' \
	'images/jpeg-pixels.jpg: 9000x9000 pixels is too large'; do
	grep -qF -- "$want" "$s.err" || echo "stderr lacks: $want" >>"$why"
done
grep -qE 'content/products/anh/product\.json:[0-9]+:[0-9]+: error: images/png-side\.png' "$s.err" ||
	echo "the error does not name the record's line" >>"$why"
[ -d "$s/public" ] && echo "a public/ folder was written" >>"$why"
check "over 16383 px a side or 50 megapixels: an error at the record's line" "$why"
rss=$(tail -n 1 "$tmp/rss")
if [ -n "$rss" ] && [ "$rss" -lt 102400 ]; then
	ok "oversized files are refused before their pixels are allocated (peak RSS $((rss / 1024)) MB)"
else
	not_ok "oversized files are refused before their pixels are allocated" "peak RSS ${rss:-?} KB, not under 100 MB"
fi

# ---------------------------------------------------------------- corrupt
s=$tmp/corrupt
new_site "$s"
im=$s/content/products/anh/images
photo "$tmp/photo.jpg" 300x200
convert "$tmp/photo.jpg" "$tmp/photo.png"
head -c 1500 "$tmp/photo.jpg" >"$im/cut-jpeg.jpg"
head -c "$(($(stat -c %s "$tmp/photo.png") / 2))" "$tmp/photo.png" >"$im/cut-png.png"
cwebp_in=$tmp/photo.webp
convert "$tmp/photo.jpg" -quality 80 "$cwebp_in"
head -c "$(($(stat -c %s "$cwebp_in") / 2))" "$cwebp_in" >"$im/cut-webp.webp"
head -c 20 "$tmp/photo.jpg" >"$im/header.jpg"
: >"$im/empty.png"
echo 'not a picture at all' >"$im/text.jpg"
cp "$tmp/photo.png" "$im/png-named.jpg"
# Bit flips all over a JPEG's entropy-coded data.
python3 - "$tmp/photo.jpg" "$im/flipped.jpg" <<'EOF'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
sos = d.find(b"\xff\xda")
for k in range(sos + 20, len(d) - 2, 5):
    d[k] ^= 0x5A
open(sys.argv[2], "wb").write(bytes(d))
EOF
set_images "$s" anh cut-jpeg.jpg cut-png.png cut-webp.webp header.jpg empty.png text.jpg flipped.jpg png-named.jpg
build "corrupt: build" "$s"
st=$?
if [ "$st" -ne 99 ]; then
	: >"$why"
	[ "$st" -eq 1 ] || echo "exit status $st, not 1" >>"$why"
	for f in cut-jpeg.jpg cut-png.png cut-webp.webp header.jpg empty.png text.jpg flipped.jpg; do
		grep -qE "content/products/anh/product\.json:[0-9]+:[0-9]+: error: images/$f: " "$s.err" ||
			echo "no error at the record's line for images/$f" >>"$why"
	done
	grep -qF 'images/png-named.jpg' "$s.err" && echo "a PNG named .jpg is refused" >>"$why"
	check "truncated, corrupt, empty and unknown files: one error each at the record's line, no crash" "$why"
fi

# ----------------------------------------------------------------- camera
# Files as phones and editors write them. The upright picture stored
# turned, with orientation 6 in a PNG eXIf chunk and in a WebP EXIF chunk
# (bare TIFF, and with the "Exif\0\0" prefix some tools add); JPEGs with
# stray bytes before a marker, which libjpeg warns of and skips: before
# EOI, as many phones leave them, and before a DHT segment in the header.
s=$tmp/camera
new_site "$s"
im=$s/content/products/anh/images
convert "$tmp/upright.png" -rotate 270 "$im/png6.png"
exiftool -q -n -overwrite_original -Orientation=6 "$im/png6.png"
convert "$tmp/upright.png" -rotate 270 -define webp:lossless=true "$tmp/turned.webp"
python3 - "$tmp/exif6.tiff" "$tmp/exif6-prefixed" <<'EOF'
import struct, sys
tiff = (b"MM\0*" + struct.pack(">I", 8) + struct.pack(">H", 1)
        + struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0) + struct.pack(">I", 0))
open(sys.argv[1], "wb").write(tiff)
open(sys.argv[2], "wb").write(b"Exif\0\0" + tiff)
EOF
webpmux -set exif "$tmp/exif6.tiff" "$tmp/turned.webp" -o "$im/webp6.webp" >/dev/null 2>&1
webpmux -set exif "$tmp/exif6-prefixed" "$tmp/turned.webp" -o "$im/webp6x.webp" >/dev/null 2>&1
convert "$tmp/upright.png" -quality 95 "$tmp/upright.jpg"
python3 - "$tmp/upright.jpg" "$im/eoi.jpg" "$im/dht.jpg" <<'EOF'
import sys
d = open(sys.argv[1], "rb").read()
assert d.endswith(b"\xff\xd9")
open(sys.argv[2], "wb").write(d[:-2] + b"\0" * 16 + b"\xff\xd9")
dht = d.find(b"\xff\xc4")
open(sys.argv[3], "wb").write(d[:dht] + b"\x01\x02" + d[dht:])
EOF
set_images "$s" anh png6.png webp6.webp webp6x.webp eoi.jpg dht.jpg
if build "camera: build" "$s"; then
	expect_pixels "PNG with orientation 6 in its eXIf chunk stands upright" \
		"$s/$media/png6-64.webp" "64 48" "$RED" "$WHITE" "$WHITE" "$WHITE"
	expect_pixels "WebP with orientation 6 in its EXIF chunk stands upright" \
		"$s/$media/webp6-64.webp" "64 48" "$RED" "$WHITE" "$WHITE" "$WHITE"
	expect_pixels "WebP EXIF chunk with the Exif prefix stands upright" \
		"$s/$media/webp6x-64.webp" "64 48" "$RED" "$WHITE" "$WHITE" "$WHITE"
	expect_pixels "JPEG with extraneous bytes before EOI is published whole" \
		"$s/$media/eoi-64.webp" "64 48" "$RED" "$WHITE" "$WHITE" "$WHITE"
	expect_pixels "JPEG with extraneous bytes before DHT is published whole" \
		"$s/$media/dht-64.webp" "64 48" "$RED" "$WHITE" "$WHITE" "$WHITE"
	camera_warnings() {
		: >"$why"
		# libjpeg counts the bytes it skipped past what its decoder
		# had read ahead.
		for want in 'eoi\.jpg: .* [0-9]+ extraneous bytes before marker 0xd9' \
			'dht\.jpg: .* 2 extraneous bytes before marker 0xc4'; do
			grep -qE "content/products/anh/product\.json:[0-9]+:[0-9]+: warning: images/${want%%:*}: a harmless fault in the JPEG file, published as it is: Corrupt JPEG data: ${want#*: .\* }\$" "$s.err" ||
				echo "stderr lacks the warning: $want" >>"$why"
		done
		grep -qE 'warning: images/(png6|webp6)' "$s.err" && echo "a warning for a whole PNG or WebP" >>"$why"
	}
	camera_warnings
	check "extraneous bytes before a JPEG marker: a warning at the record's line, exit 0" "$why"
	if build "camera: rebuild" "$s"; then
		camera_warnings
		check "a rebuild from the cache repeats the warning" "$why"
	fi
elif [ $? -ne 99 ]; then
	not_ok "camera: build" "exit status not 0" "$s.err"
fi
# A JPEG with stray bytes that is also truncated stays an error.
python3 - "$im/dht.jpg" "$im/dht-cut.jpg" <<'EOF'
import sys
d = open(sys.argv[1], "rb").read()
sos = d.find(b"\xff\xda")
open(sys.argv[2], "wb").write(d[:sos + (len(d) - sos) // 2])
EOF
set_images "$s" anh dht-cut.jpg
build "camera: truncated" "$s"
st=$?
if [ "$st" -ne 99 ]; then
	: >"$why"
	[ "$st" -eq 1 ] || echo "exit status $st, not 1" >>"$why"
	grep -qE 'product\.json:[0-9]+:[0-9]+: error: images/dht-cut\.jpg: the JPEG is truncated or corrupt: Premature end of JPEG file' "$s.err" ||
		{ echo "no error for the truncated JPEG" && cat "$s.err"; } >>"$why"
	check "a truncated JPEG with stray bytes too is still an error" "$why"
fi

# --------------------------------------------------------------- animated
s=$tmp/animated
new_site "$s"
im=$s/content/products/anh/images
convert -size 16x16 xc:red "$tmp/f1.png"
convert -size 16x16 xc:blue "$tmp/f2.png"
img2webp -lossless "$tmp/f1.png" "$tmp/f2.png" -o "$im/anim.webp" >/dev/null 2>&1
set_images "$s" anh anim.webp
build "animated: build" "$s"
st=$?
if [ "$st" -ne 99 ]; then
	: >"$why"
	[ "$st" -eq 1 ] || echo "exit status $st, not 1" >>"$why"
	grep -qE 'content/products/anh/product\.json:[0-9]+:[0-9]+: error: images/anim\.webp: animated WebP is not supported; export a still image$' "$s.err" ||
		echo "no such error at the record's line" >>"$why"
	check "an animated WebP: \"animated WebP is not supported; export a still image\"" "$why"
fi

# ------------------------------------------------------------------ check
# check reads the header of every photo: what is wrong there, it reports
# as build does, word for word, at the same place, without decoding a
# pixel. The photos: the animated WebP, the oversized files, the corrupt
# ones whose fault is in their header, and PNGs whose chunks run past the
# end of the file (cut, or with a made-up length).
s=$tmp/check
new_site "$s"
im=$s/content/products/anh/images
cp "$tmp/animated/content/products/anh/images/anim.webp" "$im/"
cp "$tmp/huge/content/products/anh/images/"* "$im/"
cp "$tmp/corrupt/content/products/anh/images/"{cut-webp.webp,header.jpg,empty.png,text.jpg} "$im/"
cp "$tmp/corrupt/content/products/anh/images/cut-png.png" "$im/"
head -c 60 "$tmp/photo.png" >"$im/png-head.png"
# A PNG whose tEXt chunk says it is 700 MB long: libpng would take and
# clear that much memory for it, had its length not been checked first.
python3 - "$tmp/photo.png" "$im/png-lying.png" <<'EOF'
import struct, sys
d = open(sys.argv[1], "rb").read()
text = b"Comment\0hello"
open(sys.argv[2], "wb").write(d[:33] + struct.pack(">I", 700 << 20) + b"tEXt" + text)
EOF
convert -size 16x16 xc:red "$im/ok.png"
set_images "$s" anh ok.png anim.webp png-side.png png-pixels.png jpeg-side.jpg jpeg-tall.jpg \
	jpeg-pixels.jpg cut-webp.webp header.jpg empty.png text.jpg png-head.png cut-png.png png-lying.png
build "check: build" "$s"
build_st=$?
/usr/bin/time -f '%M' -o "$tmp/rss" "$ocopgen" check -C "$s" >/dev/null 2>"$s.check.err"
check_st=$?
if [ "$build_st" -ne 99 ]; then
	: >"$why"
	sanitizer_output "$s.check.err" && echo "sanitizer report from check" >>"$why"
	[ "$check_st" -eq 1 ] || echo "check: exit status $check_st, not 1" >>"$why"
	[ "$build_st" -eq 1 ] || echo "build: exit status $build_st, not 1" >>"$why"
	grep ': error: ' "$s.err" | sort >"$tmp/build.errors"
	grep ': error: ' "$s.check.err" | sort >"$tmp/check.errors"
	[ "$(wc -l <"$tmp/build.errors")" -eq 13 ] || echo "build: $(wc -l <"$tmp/build.errors") errors, not 13 (one a photo but ok.png)" >>"$why"
	grep -qE 'error: images/png-lying\.png: the PNG is truncated or corrupt: a chunk runs past the end of the file$' "$tmp/check.errors" ||
		echo "check: no error for a PNG chunk longer than the file" >>"$why"
	diff "$tmp/build.errors" "$tmp/check.errors" >>"$why"
	check "check reports a photo's corrupt, oversized or animated header as build does, at the same place" "$why"
	rss=$(tail -n 1 "$tmp/rss")
	if [ -n "$rss" ] && [ "$rss" -lt 102400 ]; then
		ok "check decodes no pixels (peak RSS $((rss / 1024)) MB)"
	else
		not_ok "check decodes no pixels" "peak RSS ${rss:-?} KB, not under 100 MB"
	fi
fi
# A sound photo passes check, and check writes no cache.
set_images "$s" anh ok.png
rm -rf "$s/.ocopgen-cache"
"$ocopgen" check -C "$s" >/dev/null 2>"$s.check.err"
st=$?
: >"$why"
[ "$st" -eq 0 ] || echo "exit status $st, not 0" >>"$why"
[ -e "$s/.ocopgen-cache" ] && echo "check wrote an image cache" >>"$why"
[ -s "$why" ] && cat "$s.check.err" >>"$why"
check "check passes a sound photo and writes nothing" "$why"

# ------------------------------------------------------------------ cache
# cache_state DIR: every cache file with its size and modification time,
# but the memo of sources, which each build rewrites.
cache_state() {
	(cd "$1/.ocopgen-cache" && find . -type f ! -name sources -printf '%p %s %T@\n' | LC_ALL=C sort)
}

s=$tmp/cache
new_site "$s"
im=$s/content/products/anh/images
photo "$im/a.jpg" 1000x750
photo "$im/b.jpg" 640x480
cp "$im/b.jpg" "$tmp/b.jpg"
cp "$tmp/upright.png" "$im/c.png"
set_images "$s" anh a.jpg b.jpg c.png
if build "cache: cold build" "$s"; then
	before=$(cache_state "$s")
	cp -a "$s/public" "$tmp/cache-first"
	sleep 0.05
	if build "cache: warm build" "$s"; then
		after=$(cache_state "$s")
		: >"$why"
		[ "$before" = "$after" ] || echo "cache files were written again or added" >>"$why"
		diff -r "$tmp/cache-first" "$s/public" >/dev/null || echo "the output changed" >>"$why"
		check "a rebuild with no image change decodes and encodes nothing (cache files untouched)" "$why"
	fi
	# The memo of size, time and inode spares even the reading: bytes
	# changed in place behind an unchanged size and time go unseen.
	python3 - "$im/b.jpg" <<'EOF'
import os, sys
st = os.stat(sys.argv[1])
with open(sys.argv[1], "r+b") as f:
    f.seek(200)
    f.write(b"\0" * 64)
os.utime(sys.argv[1], ns=(st.st_atime_ns, st.st_mtime_ns))
EOF
	if build "cache: memo" "$s" && diff -r "$tmp/cache-first" "$s/public" >/dev/null; then
		ok "a warm rebuild does not read sources whose size, time and inode are unchanged"
	else
		not_ok "a warm rebuild does not read unchanged sources" "it read b.jpg again" "$s.err"
	fi
	cp "$tmp/b.jpg" "$im/b.jpg" # as it was, with a new time
	# The same name, another picture: a blue one, 64x48.
	convert -size 64x48 xc:blue "PNG:$im/c.png.new" && mv "$im/c.png.new" "$im/c.png"
	if build "cache: replaced file" "$s"; then
		expect_pixels "a file replaced under the same name gives the new picture" \
			"$s/$media/c-64.webp" "64 48" "0 0 255 255" "0 0 255 255" "0 0 255 255" "0 0 255 255"
		ndirs=$(find "$s/.ocopgen-cache" -mindepth 1 -maxdepth 1 -type d | wc -l)
		# a, b, c and mien-dong's x.png
		if [ "$ndirs" -eq 4 ]; then
			ok "the old picture's cache entry is pruned after the build"
		else
			not_ok "the old picture's cache entry is pruned" "$ndirs cache entries for 4 sources"
		fi
	fi
	# A build that fails in the image stage prunes nothing; the next good
	# one does.
	n_before=$(find "$s/.ocopgen-cache" -mindepth 1 -maxdepth 1 -type d | wc -l)
	echo 'not a picture' >"$im/bad.jpg"
	set_images "$s" anh a.jpg c.png bad.jpg
	build "cache: failed build" "$s"
	n_failed=$(find "$s/.ocopgen-cache" -mindepth 1 -maxdepth 1 -type d | wc -l)
	set_images "$s" anh a.jpg c.png
	if build "cache: prune" "$s"; then
		n_after=$(find "$s/.ocopgen-cache" -mindepth 1 -maxdepth 1 -type d | wc -l)
		if [ "$n_failed" -eq "$n_before" ] && [ "$n_after" -eq 3 ]; then
			ok "an image no longer used leaves the cache after a successful build, not after a failed one"
		else
			not_ok "unused cache entries are pruned after a successful build only" \
				"entries: $n_before, after a failed build $n_failed, after a good one $n_after (want 3)"
		fi
	fi
	# Other settings make other files; the old ones go.
	python3 - "$s/content/site.json" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
p["images"] = {"widths": [200, 400], "quality": 70}
json.dump(p, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
	if build "cache: new settings" "$s"; then
		left=$(cd "$s/.ocopgen-cache" && find . -type f ! -name info ! -name sources ! -name lock ! -name '*-q70-*' ! -name 'share*')
		if [ -z "$left" ] && [ "$(webp_size "$s/$media/a-400.webp")" = "400 300" ]; then
			ok "new widths and quality make new files and prune the old ones"
		else
			not_ok "new widths and quality make new files and prune the old ones" "left: $left"
		fi
	fi
	# A product removed: its images leave the cache.
	rm -rf "$s/content/products/anh"
	if build "cache: product removed" "$s"; then
		n=$(find "$s/.ocopgen-cache" -mindepth 1 -maxdepth 1 -type d | wc -l)
		if [ "$n" -eq 1 ]; then
			ok "a removed product's images leave the cache"
		else
			not_ok "a removed product's images leave the cache" "$n entries left, want 1 (mien-dong's x.png)"
		fi
	fi
elif [ $? -ne 99 ]; then
	not_ok "cache: cold build" "exit status not 0" "$s.err"
fi

# -------------------------------------------------------------- threads
s=$tmp/j1
new_site "$s"
im=$s/content/products/anh/images
for i in 1 2 3 4 5 6; do
	photo "$im/p$i.jpg" "$((600 + 97 * i))x$((400 + 61 * i))"
done
cp "$tmp/upright.png" "$im/p7.png"
cp "$s/content/products/anh/images/p1.jpg" "$s/content/products/anh/images/p1-again.jpg"
set_images "$s" anh p1.jpg p2.jpg p3.jpg p4.jpg p5.jpg p6.jpg p7.png p1-again.jpg
printf '\n![Một](images/p3.jpg)\n' >>"$s/content/products/anh/vi.md"
cp -a "$s" "$tmp/j4"
if build "threads: -j 1" "$s" -j 1 && build "threads: -j 4" "$tmp/j4" -j 4; then
	if diff -r "$s/public" "$tmp/j4/public" >"$tmp/j.diff" 2>&1 &&
		# The memo and each photo's info record the times of files.
		diff -r -x sources -x info "$s/.ocopgen-cache" "$tmp/j4/.ocopgen-cache" >>"$tmp/j.diff" 2>&1; then
		ok "cold builds with -j 1 and -j 4 are byte-identical (site and cache files)"
	else
		not_ok "cold builds with -j 1 and -j 4 are byte-identical" "they differ" "$tmp/j.diff"
	fi
fi

# --------------------------------------------------------------- progress
# script(1) gives the build a terminal; its output is the terminal's.
s=$tmp/progress
cp -a "$tmp/j1" "$s"
rm -rf "$s/.ocopgen-cache" "$s/public"
script -qec "'$ocopgen' build -C '$s' -o '$s/public' -j 2" /dev/null >"$tmp/tty.out" 2>&1
st=$?
if [ "$st" -eq 0 ] && grep -qE 'images: [0-9]+/9' "$tmp/tty.out"; then
	ok "a progress line on a terminal"
else
	not_ok "a progress line on a terminal" "exit status $st; no 'images: N/9'" "$tmp/tty.out"
fi
script -qec "'$ocopgen' build -C '$s' -o '$s/public' -j 2" /dev/null >"$tmp/tty.out" 2>&1
if grep -qF 'images:' "$tmp/tty.out"; then
	not_ok "no progress line when every image is cached" "there is one" "$tmp/tty.out"
else
	ok "no progress line when every image is cached"
fi
rm -rf "$s/.ocopgen-cache"
script -qec "'$ocopgen' build -q -C '$s' -o '$s/public' -j 2" /dev/null >"$tmp/tty.out" 2>&1
if grep -qF 'images:' "$tmp/tty.out"; then
	not_ok "no progress line with -q" "there is one" "$tmp/tty.out"
else
	ok "no progress line with -q, even on a terminal"
fi
rm -rf "$s/.ocopgen-cache"
"$ocopgen" build -C "$s" -o "$s/public" -j 2 >/dev/null 2>"$tmp/notty.err"
if grep -qF 'images:' "$tmp/notty.err"; then
	not_ok "no progress line when stderr is not a terminal" "there is one" "$tmp/notty.err"
else
	ok "no progress line when stderr is not a terminal"
fi
