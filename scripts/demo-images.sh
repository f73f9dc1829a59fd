#!/bin/bash
# Draw the illustrations of the demonstration catalogue.
#
# Reads every content/products/*/product.json and, for each entry of its
# "images" list, draws the declared file when it does not exist yet (or
# every one with --force). The pictures are original flat drawings of the
# product's shape in its colours, with its Vietnamese name: not photos, so
# the bundled content carries no third-party pictures. They are sized and
# stored like camera files, so that the generator's image handling is
# exercised on realistic input:
#
#   - JPEG and PNG, 1600 to 4000 pixels wide;
#   - some JPEGs are stored turned a quarter, with an EXIF Orientation tag
#     (6 or 8) that tells viewers how to turn them back;
#   - PNG tags and pack shots have a transparent background.
#
# What is drawn depends on the file's name: cover.* is a scene with the
# product and its name on a light band; label.* or tag.* a rounded tag with
# the product's kind and area; any other name (pack.png, detail.jpg...)
# the product's shape alone, large, with its name above it.
#
# Output is deterministic for a given ImageMagick, exiftool and font: no
# randomness (sizes, turns and colours follow a checksum of the product's
# slug and the file's name), metadata stripped before the orientation is
# set, PNG time chunks left out. Keep all content images under 15 MB: the
# drawings are flat and JPEG quality is 80.
#
# Usage: scripts/demo-images.sh [--force] [SLUG...]
#   (from anywhere in the repository; with SLUGs, only those products)
# Needs: ImageMagick 6 (convert) or 7 (magick), jq, exiftool (Debian
# libimage-exiftool-perl) and a font with Vietnamese letters (DejaVu Sans
# Bold by default; override with FONT=/path/to.ttf).
set -euo pipefail

cd "$(dirname "$0")/.."

force=0
slugs=()
for a in "$@"; do
	case $a in
	--force) force=1 ;;
	-h | --help)
		sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	-*)
		echo "demo-images.sh: unknown option $a" >&2
		exit 2
		;;
	*) slugs+=("$a") ;;
	esac
done

if command -v magick >/dev/null 2>&1; then
	IM=(magick)
elif [ -x /usr/bin/convert ]; then
	IM=(/usr/bin/convert)
elif command -v convert >/dev/null 2>&1; then
	IM=(convert)
else
	echo "demo-images.sh: ImageMagick (magick or convert) not found" >&2
	exit 1
fi
for tool in jq exiftool; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "demo-images.sh: $tool not found (apt-get install" \
			"$([ $tool = jq ] && echo jq || echo libimage-exiftool-perl))" >&2
		exit 1
	fi
done

if [ -z "${FONT:-}" ]; then
	FONT=$(fc-match -f '%{file}' 'DejaVu Sans:style=Bold' 2>/dev/null || true)
	[ -n "$FONT" ] || FONT=DejaVu-Sans-Bold
fi

export SOURCE_DATE_EPOCH=0
export MAGICK_THREAD_LIMIT=1
# shellcheck disable=SC2054 # commas belong to the -define value
COMMON=(-strip -define png:exclude-chunks=date,time)

# hash TEXT: a stable number from the text
hash() {
	printf '%s' "$1" | cksum | cut -d' ' -f1
}

# kind SLUG GROUP: what the product looks like, from words of its slug
kind() {
	case $1 in
	*homestay* | *du-lich*) echo house ;;
	*mien* | *bun* | *pho*) echo noodles ;;
	*ruou* | *giam*) echo bottle ;;
	*mat-ong*) echo honey ;;
	*curcumin* | *gung*) echo capsule-jar ;;
	*nghe*) echo powder-jar ;;
	*hoa-vang* | *hoa-du-du* | *nu-voi*) echo flowers ;;
	*tra-*) echo tea ;;
	*com-lam*) echo bamboo ;;
	*gao* | *nep*) echo rice ;;
	*banh*) echo parcel ;;
	*thit* | *lap-suong*) echo meat ;;
	*mang*) echo shoots ;;
	*moc-nhi*) echo mushroom ;;
	*hat-de*) echo nuts ;;
	*cam* | *chuoi*) echo fruit ;;
	*rau*) echo greens ;;
	*bot*) echo bowl ;;
	*)
		case $2 in
		beverages) echo bottle ;;
		herbal) echo capsule-jar ;;
		tourism) echo house ;;
		*) echo bowl ;;
		esac
		;;
	esac
}

# palette KIND SLUG: "background main accent" colours
palette() {
	local bgs
	case $1 in
	house) echo '#cfe8f7 #3d7a4a #2f7fb5' ;;
	noodles) echo '#f3e6cf #8b5a2b #f8f1e0' ;;
	bottle) echo '#2e6b34 #e9f1f5 #f5e7b8' ;;
	honey) echo '#fdf0d5 #d98e04 #f4c430' ;;
	capsule-jar) echo '#fff4d6 #e8a317 #7a4a0a' ;;
	powder-jar)
		case $2 in
		*den*) echo '#ece3f0 #4b2e55 #f2c94c' ;;
		*) echo '#fbeee0 #c0392b #f2b705' ;;
		esac
		;;
	flowers)
		case $2 in
		*nu-voi*) echo '#efe3cf #6b4a2b #a8c256' ;;
		*du-du*) echo '#e8f3e2 #f3efe0 #e3a72f' ;;
		*) echo '#1f4d2b #f2c300 #e08a00' ;;
		esac
		;;
	tea)
		bgs=('#e7f2df' '#eef3e4' '#f4efe0')
		echo "${bgs[$(($(hash "$2") % 3))]} #3f8f3a #c7b24a"
		;;
	bamboo) echo '#e6f0d8 #5f8f2f #f7f3e8' ;;
	rice)
		case $2 in
		*nep*) echo '#f6f1e4 #a0522d #fffdf6' ;;
		*) echo '#eef2e6 #6f8f3a #fffdf6' ;;
		esac
		;;
	parcel) echo '#f2ecd9 #5d7f2e #d9c27a' ;;
	meat) echo '#f1e4d6 #8e2f1f #4a3426' ;;
	shoots) echo '#efe9d2 #b58a3c #6b8e23' ;;
	mushroom) echo '#ede6dc #3b2a25 #6d5446' ;;
	nuts) echo '#f3eadb #6e3b1f #a86a3d' ;;
	fruit) echo '#fdf5d8 #e6b800 #5b8a29' ;;
	greens) echo '#eef6e8 #2f7d32 #8bc34a' ;;
	*) echo '#efe6da #8c6b4f #fbf6ec' ;;
	esac
}

# shape KIND MAIN ACCENT: MVG primitives of the product, in a 640x310 box
shape() {
	local m=$2 a=$3
	case $1 in
	house)
		cat <<-EOF
			fill '#2f6140' polygon 0,240 150,60 320,240
			fill '$m' polygon 200,240 400,40 620,240
			polygon 480,240 600,110 640,150 640,240
			fill '$a' rectangle 0,240 640,310
			fill '#6b4226' rectangle 395,220 405,262 rectangle 505,220 515,262
			fill '#c98b4d' rectangle 385,175 525,225
			fill '#8b3a1e' polygon 370,180 455,120 540,180
		EOF
		;;
	noodles)
		cat <<-EOF
			fill '$m' roundrectangle 190,40 450,300 22,22
			fill none stroke '$a' stroke-width 5
			bezier 215,100 275,70 335,130 425,95
			bezier 215,140 275,110 335,170 425,135
			bezier 215,180 275,150 335,210 425,175
			bezier 215,220 275,190 335,250 425,215
			bezier 215,260 275,230 335,290 425,255
		EOF
		;;
	bottle)
		cat <<-EOF
			fill '#4f9a52' ellipse 130,110 90,34 0,360 ellipse 510,90 90,34 0,360
			ellipse 120,250 80,30 0,360 ellipse 520,240 80,30 0,360
			fill '$m' stroke '#a7c1cc' stroke-width 3
			rectangle 300,40 340,130 roundrectangle 260,120 380,300 20,20
			stroke none fill '$a' rectangle 272,190 368,260
		EOF
		;;
	honey)
		cat <<-EOF
			fill '#8a5a00' roundrectangle 225,70 415,115 10,10
			fill '$m' roundrectangle 215,105 425,300 36,36
			fill '$a' circle 320,205 320,260
			fill '$m' circle 320,205 320,225
		EOF
		;;
	capsule-jar)
		cat <<-EOF
			fill '$a' roundrectangle 275,50 365,100 8,8
			fill '$m' roundrectangle 240,95 400,300 22,22
			fill '#fffaf0' rectangle 255,160 385,240
			fill '$m' circle 320,200 320,225
			fill '#f0c040' roundrectangle 450,220 520,250 15,15
			fill '$a' roundrectangle 470,260 540,290 15,15
		EOF
		;;
	powder-jar)
		cat <<-EOF
			fill '$m' roundrectangle 250,60 390,100 10,10
			fill '#fffaf0' stroke '$m' stroke-width 6 roundrectangle 230,95 410,300 28,28
			stroke none fill '$a' rectangle 236,170 404,294
			fill '$a' ellipse 150,270 70,26 180,360
			fill '$m' ellipse 500,270 70,26 180,360
		EOF
		;;
	flowers)
		cat <<-EOF
			fill '$m' circle 180,130 180,185 circle 330,200 330,265
			circle 480,120 480,170 circle 560,250 560,290 circle 90,260 90,295
			fill '$a' circle 180,130 180,150 circle 330,200 330,225
			circle 480,120 480,138 circle 560,250 560,264 circle 90,260 90,272
		EOF
		;;
	tea)
		cat <<-EOF
			fill '$m' ellipse 230,160 130,60 0,360
			fill none stroke '#cfe6c4' stroke-width 4 line 110,160 350,160
			stroke '$m' stroke-width 5 fill '#ffffff'
			roundrectangle 400,170 530,285 18,18
			stroke none fill '$a' ellipse 465,185 58,12 0,360
		EOF
		;;
	bamboo)
		cat <<-EOF
			fill '$m' roundrectangle 170,40 250,300 30,30 roundrectangle 280,30 360,300 30,30
			roundrectangle 390,50 470,300 30,30
			fill '$a' ellipse 210,45 34,12 0,360 ellipse 320,35 34,12 0,360 ellipse 430,55 34,12 0,360
			fill '#3f6b1f' rectangle 170,150 250,158 rectangle 280,140 360,148 rectangle 390,160 470,168
		EOF
		;;
	rice)
		cat <<-EOF
			fill '$m' polygon 220,90 420,90 450,300 190,300
			fill '$a' ellipse 320,90 100,22 0,360
			fill '$a' ellipse 320,210 70,40 0,360
			fill '$m' ellipse 300,200 8,14 0,360 ellipse 330,220 8,14 0,360 ellipse 345,195 8,14 0,360
		EOF
		;;
	parcel)
		cat <<-EOF
			fill '$m' polygon 200,290 320,60 440,290
			fill '$a' polygon 250,290 320,150 390,290
			fill none stroke '#3a5a1a' stroke-width 5 line 230,230 410,230 line 320,60 320,290
		EOF
		;;
	meat)
		cat <<-EOF
			fill '$a' rectangle 100,50 540,62
			fill '$m' roundrectangle 150,62 190,260 14,14 roundrectangle 230,62 270,290 14,14
			roundrectangle 310,62 350,240 14,14 roundrectangle 390,62 430,280 14,14
			roundrectangle 470,62 510,250 14,14
			fill '#f0d9c8' rectangle 150,120 190,128 rectangle 230,150 270,158 rectangle 390,130 430,138
		EOF
		;;
	shoots)
		cat <<-EOF
			fill '$m' polygon 180,300 230,80 280,300 polygon 290,300 340,60 390,300 polygon 400,300 450,100 500,300
			fill '$a' polygon 220,130 230,80 240,130 polygon 330,110 340,60 350,110 polygon 440,150 450,100 460,150
		EOF
		;;
	mushroom)
		cat <<-EOF
			fill '$m' ellipse 200,150 90,60 0,360 ellipse 420,130 100,70 0,360 ellipse 320,240 110,55 0,360
			fill '$a' ellipse 200,150 50,30 0,360 ellipse 420,130 55,35 0,360 ellipse 320,240 60,28 0,360
		EOF
		;;
	nuts)
		cat <<-EOF
			fill '$m' ellipse 220,200 70,80 0,360 ellipse 330,170 70,80 0,360 ellipse 440,210 70,80 0,360
			fill '$a' ellipse 220,265 60,18 0,360 ellipse 330,235 60,18 0,360 ellipse 440,275 60,18 0,360
		EOF
		;;
	fruit)
		cat <<-EOF
			fill '$m' ellipse 320,180 150,60 20,200
			fill '$a' rectangle 200,140 215,175
			fill '$m' circle 470,230 470,290
		EOF
		;;
	greens)
		cat <<-EOF
			fill '$m' ellipse 250,150 50,120 0,360 ellipse 330,140 50,125 0,360 ellipse 410,160 50,115 0,360
			fill '$a' rectangle 246,60 254,290 rectangle 326,50 334,290 rectangle 406,70 414,290
		EOF
		;;
	*)
		cat <<-EOF
			fill '$m' ellipse 320,170 150,120 0,180
			fill '$a' ellipse 320,170 150,34 0,360
			fill '#f1e6cf' ellipse 320,160 90,30 180,360
			fill '#6e523b' rectangle 280,285 360,300
		EOF
		;;
	esac
}

# area_name ID: the Vietnamese name of a place of the areas of site.json
area_name() {
	jq -r --arg id "$1" \
		'.areas.places[] | select(.id == $id) | (.name.vi? // .name)' \
		content/site.json
}

# finish FILE ORIENT: write the EXIF orientation of a turned JPEG
finish() {
	if [ "$2" != 1 ]; then
		exiftool -q -overwrite_original -n "-Orientation=$2" "$1"
	fi
}

# draw SLUG FILE
draw() {
	local slug=$1 file=$2 dir=content/products/$1
	local json=$dir/product.json out=$dir/$2
	local name group area producer k bg m a h base ext
	name=$(jq -r '.name.vi? // .name' "$json")
	group=$(jq -r '.group // ""' "$json")
	area=$(jq -r '.area // ""' "$json")
	if [ -z "$area" ]; then
		producer=$(jq -r '.producer // ""' "$json")
		if [ -f "content/producers/$producer/producer.json" ]; then
			area=$(jq -r '.area // ""' \
				"content/producers/$producer/producer.json")
		fi
	fi
	k=$(kind "$slug" "$group")
	read -r bg m a <<<"$(palette "$k" "$slug")"
	h=$(hash "$slug/$file")
	base=$(basename "$file")
	ext=${base##*.}
	ext=$(printf '%s' "$ext" | tr '[:upper:]' '[:lower:]')
	mkdir -p "$(dirname "$out")"

	local W H orient=1 turn=0 s mvg png=0
	case $ext in
	png) png=1 ;;
	jpg | jpeg | webp) ;;
	*)
		echo "demo-images.sh: $out: cannot draw a .$ext file" >&2
		return 1
		;;
	esac
	case $base in
	label.* | tag.*)
		W=1600 H=1600
		;;
	*)
		local widths=(1600 2000 2400 3000 4000)
		W=${widths[$((h % 5))]}
		# a quarter of the JPEGs are stored turned, with an EXIF tag
		if [ $png = 0 ] && [ "$ext" != webp ] && [ $((h / 5 % 4)) -ge 2 ]; then
			[ "$W" -ge 2400 ] || W=2400
			[ "$W" -le 3000 ] || W=3000
			if [ $((h / 5 % 4)) = 2 ]; then
				orient=6 turn=270
			else
				orient=8 turn=90
			fi
		fi
		H=$((W * 2 / 3))
		;;
	esac

	mvg=$(mktemp)
	# shellcheck disable=SC2064
	trap "rm -f '$mvg'" RETURN
	case $base in
	label.* | tag.*)
		local place tagc=$m
		# a pale product (a clear bottle) gets a tag in its background colour
		case $m in '#e9f1f5' | '#f3efe0') tagc=$bg ;; esac
		place=$(area_name "$area")
		case $place in
		'') place="Bắc Kạn" ;;
		*Bắc\ Kạn*) ;;
		*) place="$place · Bắc Kạn" ;;
		esac
		s=5 # 320 -> 1600
		{
			echo "push graphic-context scale $s,$s"
			echo "fill '$tagc' roundrectangle 8,8 312,312 36,36"
			echo "fill '#fffaf0' roundrectangle 28,28 292,292 24,24"
			echo "fill '$a' circle 160,82 160,56"
			echo "fill '#fffaf0' circle 160,82 160,70"
			echo "pop graphic-context"
		} >"$mvg"
		"${IM[@]}" -size "${W}x${H}" xc:none -draw "$(<"$mvg")" \
			\( -size 1120x380 -background none -fill '#2b2b2b' -font "$FONT" \
			-gravity center "caption:$name" \) \
			-gravity north -geometry +0+600 -composite \
			\( -size 1120x130 -background none -fill '#555555' -font "$FONT" \
			-gravity center "label:$place" \) \
			-gravity north -geometry +0+1060 -composite \
			"${COMMON[@]}" -define png:compression-level=9 "PNG32:$out.tmp"
		;;
	cover.*)
		s=$(awk -v w="$W" 'BEGIN { printf "%.4f", w / 640 }')
		{
			echo "push graphic-context scale $s,$s"
			shape "$k" "$m" "$a"
			echo "fill '#fffaf0' stroke none rectangle 0,318 640,440"
			echo "pop graphic-context"
		} >"$mvg"
		local bw=$((W * 15 / 16)) bh=$((H * 62 / 400)) gy=$((H * 10 / 400))
		local bgarg=("xc:$bg")
		[ $png = 1 ] && bgarg=(xc:none)
		"${IM[@]}" -size "${W}x${H}" "${bgarg[@]}" -draw "$(<"$mvg")" \
			\( -size "${bw}x${bh}" -background none -fill '#2b2b2b' \
			-font "$FONT" -gravity center "label:$name" \) \
			-gravity south -geometry "+0+$gy" -composite \
			-rotate "$turn" "${COMMON[@]}" -sampling-factor 2x2 -quality 80 \
			-define png:compression-level=9 "$( [ $png = 1 ] && echo PNG32: || echo "${ext}:")$out.tmp"
		;;
	*)
		# the product's shape alone, large, its name above it
		s=$(awk -v w="$W" 'BEGIN { printf "%.4f", w / 640 }')
		{
			echo "push graphic-context scale $s,$s translate 0,60"
			shape "$k" "$m" "$a"
			echo "pop graphic-context"
		} >"$mvg"
		local bw=$((W * 15 / 16)) bh=$((H * 50 / 400)) gy=$((H * 12 / 400))
		local bgarg=("xc:$bg")
		[ $png = 1 ] && bgarg=(xc:none)
		"${IM[@]}" -size "${W}x$((H + H * 60 / 400))" "${bgarg[@]}" -draw "$(<"$mvg")" \
			-crop "${W}x${H}+0+$((H * 60 / 400))" +repage \
			\( -size "${bw}x${bh}" -background none -fill '#2b2b2b' \
			-font "$FONT" -gravity center "label:$name" \) \
			-gravity north -geometry "+0+$gy" -composite \
			-rotate "$turn" "${COMMON[@]}" -sampling-factor 2x2 -quality 80 \
			-define png:compression-level=9 "$( [ $png = 1 ] && echo PNG32: || echo "${ext}:")$out.tmp"
		;;
	esac
	mv "$out.tmp" "$out"
	finish "$out" "$orient"
	printf 'drew %s (%sx%s%s)\n' "$out" "$W" "$H" \
		"$([ "$orient" != 1 ] && echo ", stored turned, EXIF orientation $orient")"
}

if [ ${#slugs[@]} = 0 ]; then
	for d in content/products/*/; do
		[ -f "$d/product.json" ] && slugs+=("$(basename "$d")")
	done
fi

drawn=0
for slug in "${slugs[@]}"; do
	json=content/products/$slug/product.json
	if [ ! -f "$json" ]; then
		echo "demo-images.sh: $json not found" >&2
		exit 1
	fi
	if ! files=$(jq -r '(.images // [])[] | .file // empty' "$json" 2>/dev/null); then
		echo "demo-images.sh: $json: not valid JSON yet, skipped" >&2
		continue
	fi
	while IFS= read -r file; do
		[ -n "$file" ] || continue
		case $file in
		/* | *..*)
			echo "demo-images.sh: $json: $file leaves the folder, skipped" >&2
			continue
			;;
		esac
		if [ $force = 1 ] || [ ! -e "content/products/$slug/$file" ]; then
			draw "$slug" "$file"
			drawn=$((drawn + 1))
		fi
	done <<<"$files"
done
total=$(cat content/products/*/images/* 2>/dev/null | wc -c)
echo "demo-images.sh: drew $drawn image(s); all product images: $total bytes"
if [ "$total" -ge 15000000 ]; then
	echo "demo-images.sh: warning: the product images exceed 15 MB" >&2
fi
