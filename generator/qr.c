/* QR codes as SVG: one path of horizontal runs, small enough to inline in
 * every page. Encoding (libqrencode tries eight masks) is the costly part;
 * drawing from the modules is cheap, so the modules are what is kept. */
#include "qr.h"

#include <qrencode.h>
#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "text.h"

enum { QR_QUIET = 4 };

int qr_modules_write(struct buf *b, const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return -1;
	static const char hex[] = "0123456789abcdef";
	int w = qr->width;
	buf_addc(b, hex[w >> 4]);
	buf_addc(b, hex[w & 15]);
	/* Four modules to a hexadecimal digit, row after row. */
	size_t n = (size_t)w * (size_t)w;
	for (size_t i = 0; i < n; i += 4) {
		int v = 0;
		for (size_t k = 0; k < 4; k++)
			v = v << 1 | (i + k < n && (qr->data[i + k] & 1));
		buf_addc(b, hex[v]);
	}
	QRcode_free(qr);
	return 0;
}

/* Module x, y of a code of width w, from the digits after the width. */
static bool dark(const char *bits, int w, int x, int y)
{
	size_t i = (size_t)y * (size_t)w + (size_t)x;
	return text_hex_value(bits[i / 4]) >> (3 - i % 4) & 1;
}

void qr_svg_draw(struct buf *b, const char *modules, size_t len)
{
	if (len < 2)
		return;
	int w = text_hex_value(modules[0]) << 4 | text_hex_value(modules[1]);
	if ((size_t)w * (size_t)w > (len - 2) * 4)
		return;
	const char *bits = modules + 2;
	int size = w + 2 * QR_QUIET;
	buf_printf(b,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" "
		   "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\" "
		   "aria-hidden=\"true\"><rect width=\"%d\" height=\"%d\" "
		   "fill=\"#fff\"/><path stroke=\"#000\" d=\"",
		   size, size, size, size);
	/* Each run of dark modules is a line one module wide through the
	 * middle of its row: "M<x> <y>.5h<run>" for the first of a row,
	 * "m<gap> 0h<run>" from the end of the one before for the others.
	 * That is about a third of the bytes of a rectangle per run, and a
	 * page may hold several codes. */
	for (int y = 0; y < w; y++) {
		int end = -1; /* of the row's last run so far */
		for (int x = 0; x < w;) {
			if (!dark(bits, w, x, y)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < w && dark(bits, w, x + run, y))
				run++;
			if (end < 0) {
				buf_addc(b, 'M');
				buf_add_int(b, x + QR_QUIET);
				buf_addc(b, ' ');
				buf_add_int(b, y + QR_QUIET);
				buf_adds(b, ".5h");
			} else {
				buf_addc(b, 'm');
				buf_add_int(b, x - end);
				buf_adds(b, " 0h");
			}
			buf_add_int(b, run);
			x += run;
			end = x;
		}
	}
	buf_adds(b, "\"/></svg>");
}

const char *qr_svg(struct arena *a, const char *text)
{
	struct buf modules = BUF_INIT, svg = BUF_INIT;
	const char *s = NULL;
	if (qr_modules_write(&modules, text) == 0) {
		qr_svg_draw(&svg, modules.data, modules.len);
		s = arena_strndup(a, svg.data, svg.len);
	}
	buf_release(&modules);
	buf_release(&svg);
	return s;
}
