/* QR codes as SVG: one path of horizontal runs, small enough to inline in
 * every page. */
#include "qr.h"

#include <qrencode.h>

#include "buf.h"

enum { QR_QUIET = 4 };

int qr_svg_write(struct buf *b, const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return -1;
	int w = qr->width, size = w + 2 * QR_QUIET;
	buf_printf(b,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" "
		   "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\" "
		   "aria-hidden=\"true\"><rect width=\"%d\" height=\"%d\" "
		   "fill=\"#fff\"/><path fill=\"#000\" d=\"",
		   size, size, size, size);
	for (int y = 0; y < w; y++) {
		const unsigned char *row = qr->data + (size_t)y * (size_t)w;
		for (int x = 0; x < w;) {
			if (!(row[x] & 1)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < w && (row[x + run] & 1))
				run++;
			/* "M<x> <y>h<run>v1h-<run>z", without printf: a
			 * page holds hundreds of these. */
			buf_addc(b, 'M');
			buf_add_int(b, x + QR_QUIET);
			buf_addc(b, ' ');
			buf_add_int(b, y + QR_QUIET);
			buf_addc(b, 'h');
			buf_add_int(b, run);
			buf_adds(b, "v1h-");
			buf_add_int(b, run);
			buf_addc(b, 'z');
			x += run;
		}
	}
	buf_adds(b, "\"/></svg>");
	QRcode_free(qr);
	return 0;
}

const char *qr_svg(struct arena *a, const char *text)
{
	struct buf b = BUF_INIT;
	const char *svg = qr_svg_write(&b, text) < 0
				  ? NULL
				  : arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return svg;
}
