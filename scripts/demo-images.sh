#!/bin/sh
# Regenerate the illustrations of the demonstration catalogue:
# content/products/<slug>/images/cover.jpg and, for some products, a
# label.png tag with the product's kind and place.
#
# They are simple drawings (a shape in the product's colours and its name),
# not photos, so that the bundled content carries no third-party pictures.
# Output is deterministic for a given ImageMagick and font: metadata is
# stripped and PNG time chunks are left out.
#
# Usage: scripts/demo-images.sh        (from anywhere in the repository)
# Needs: ImageMagick 6 (convert) or 7 (magick), a font with Vietnamese
# letters (DejaVu Sans Bold by default; override with FONT=/path/to.ttf).
set -eu

cd "$(dirname "$0")/.."

if command -v magick >/dev/null 2>&1; then
	IM=magick
elif command -v convert >/dev/null 2>&1; then
	IM=convert
else
	echo "demo-images.sh: ImageMagick (magick or convert) not found" >&2
	exit 1
fi

if [ -z "${FONT:-}" ]; then
	FONT=$(fc-match -f '%{file}' 'DejaVu Sans:style=Bold' 2>/dev/null || true)
	[ -n "$FONT" ] || FONT=DejaVu-Sans-Bold
fi

export SOURCE_DATE_EPOCH=0
COMMON="-strip -define png:exclude-chunks=date,time"

# cover SLUG BACKGROUND NAME DRAW...: a 640x400 JPEG with the drawing and,
# on a light band at the bottom, the product's name.
cover() {
	slug=$1 bg=$2 name=$3
	shift 3
	dir=content/products/$slug/images
	mkdir -p "$dir"
	# shellcheck disable=SC2086
	$IM -size 640x400 "xc:$bg" "$@" \
		-stroke none -fill '#fffaf0' -draw 'rectangle 0,318 640,400' \
		\( -size 600x62 -background none -fill '#2b2b2b' -font "$FONT" \
		   -gravity center "label:$name" \) \
		-gravity south -geometry +0+10 -composite \
		$COMMON -sampling-factor 2x2 -quality 80 "$dir/cover.jpg"
}

# label SLUG COLOUR LINE1 LINE2: a 320x320 PNG, a rounded tag in the
# product's colour with two lines of text (its kind and its place).
label() {
	slug=$1 colour=$2 line1=$3 line2=$4
	dir=content/products/$slug/images
	mkdir -p "$dir"
	# shellcheck disable=SC2086
	$IM -size 320x320 xc:none \
		-fill "$colour" -draw 'roundrectangle 8,8 312,312 36,36' \
		-fill '#fffaf0' -draw 'roundrectangle 28,28 292,292 24,24' \
		-fill "$colour" -draw 'circle 160,82 160,56' \
		-fill '#fffaf0' -draw 'circle 160,82 160,70' \
		\( -size 240x64 -background none -fill "$colour" -font "$FONT" \
		   -gravity center "label:$line1" \) \
		-gravity north -geometry +0+128 -composite \
		\( -size 240x40 -background none -fill '#2b2b2b' -font "$FONT" \
		   -gravity center "label:$line2" \) \
		-gravity north -geometry +0+212 -composite \
		$COMMON -define png:compression-level=9 "PNG32:$dir/label.png"
}

cover mien-dong-tai-hoan '#f3e6cf' 'Miến dong Tài Hoan' \
	-fill '#8b5a2b' -draw 'roundrectangle 190,40 450,300 22,22' \
	-fill none -stroke '#f8f1e0' -strokewidth 5 \
	-draw 'bezier 215,100 275,70 335,130 425,95' \
	-draw 'bezier 215,140 275,110 335,170 425,135' \
	-draw 'bezier 215,180 275,150 335,210 425,175' \
	-draw 'bezier 215,220 275,190 335,250 425,215' \
	-draw 'bezier 215,260 275,230 335,290 425,255'
label mien-dong-tai-hoan '#8b5a2b' 'Miến dong' 'Na Rì · Bắc Kạn'

cover vicumax-nano-curcumin '#fff4d6' 'Vicumax Nano Curcumin' \
	-fill '#7a4a0a' -draw 'roundrectangle 275,50 365,100 8,8' \
	-fill '#e8a317' -draw 'roundrectangle 240,95 400,300 22,22' \
	-fill '#fffaf0' -draw 'rectangle 255,160 385,240' \
	-fill '#e8a317' -draw 'circle 320,200 320,225'

cover vicumax-mat-ong-nano-curcumin '#fdf0d5' 'Vicumax Mật ong Nano Curcumin' \
	-fill '#8a5a00' -draw 'roundrectangle 225,70 415,115 10,10' \
	-fill '#d98e04' -draw 'roundrectangle 215,105 425,300 36,36' \
	-fill '#f4c430' -draw 'circle 320,205 320,260' \
	-fill '#d98e04' -draw 'circle 320,205 320,225'

cover ruou-men-la-bang-phuc '#2e6b34' 'Rượu men lá Bằng Phúc' \
	-fill '#4f9a52' -draw 'ellipse 130,110 90,34 0,360' \
	-draw 'ellipse 510,90 90,34 0,360' -draw 'ellipse 120,250 80,30 0,360' \
	-draw 'ellipse 520,240 80,30 0,360' \
	-fill '#e9f1f5' -stroke '#a7c1cc' -strokewidth 3 \
	-draw 'rectangle 300,40 340,130' \
	-draw 'roundrectangle 260,120 380,305 20,20' \
	-stroke none -fill '#f5e7b8' -draw 'rectangle 272,190 368,260'
label ruou-men-la-bang-phuc '#2e6b34' 'Rượu men lá' 'Chợ Đồn · Bắc Kạn'

cover bot-cu-mai-nui '#efe6da' 'Bột củ mài núi' \
	-fill '#8c6b4f' -draw 'ellipse 320,170 150,120 0,180' \
	-fill '#fbf6ec' -draw 'ellipse 320,170 150,34 0,360' \
	-fill '#f1e6cf' -draw 'ellipse 320,160 90,30 180,360' \
	-fill '#6e523b' -draw 'rectangle 280,285 360,300'

cover tra-shan-tuyet-khau-bjooc '#e7f2df' 'Trà Shan tuyết Khau Bjooc' \
	-fill '#3f8f3a' -draw 'ellipse 230,160 130,60 0,360' \
	-fill none -stroke '#cfe6c4' -strokewidth 4 -draw 'line 110,160 350,160' \
	-stroke '#3f8f3a' -strokewidth 5 -fill '#ffffff' \
	-draw 'roundrectangle 400,170 530,285 18,18' \
	-stroke none -fill '#c7b24a' -draw 'ellipse 465,185 58,12 0,360'
label tra-shan-tuyet-khau-bjooc '#3f8f3a' 'Shan tuyết' 'Chợ Mới · Bắc Kạn'

cover quynh-mai-homestay '#cfe8f7' 'Quỳnh Mai homestay' \
	-fill '#2f6140' -draw 'polygon 0,240 150,60 320,240' \
	-fill '#3d7a4a' -draw 'polygon 200,240 400,40 620,240' \
	-draw 'polygon 480,240 600,110 640,150 640,240' \
	-fill '#2f7fb5' -draw 'rectangle 0,240 640,320' \
	-fill '#6b4226' -draw 'rectangle 395,220 405,262' -draw 'rectangle 505,220 515,262' \
	-fill '#c98b4d' -draw 'rectangle 385,175 525,225' \
	-fill '#8b3a1e' -draw 'polygon 370,180 455,120 540,180'

cover tra-hoa-vang-bac-kan '#1f4d2b' 'Trà hoa vàng Bắc Kạn' \
	-fill '#f2c300' -draw 'circle 180,130 180,185' -draw 'circle 330,200 330,265' \
	-draw 'circle 480,120 480,170' -draw 'circle 560,250 560,290' -draw 'circle 90,260 90,295' \
	-fill '#e08a00' -draw 'circle 180,130 180,150' -draw 'circle 330,200 330,225' \
	-draw 'circle 480,120 480,138' -draw 'circle 560,250 560,264' -draw 'circle 90,260 90,272'
label tra-hoa-vang-bac-kan '#b8860b' 'Trà hoa vàng' 'TP Bắc Kạn'
