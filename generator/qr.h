/*
 * qr: QR codes as inline SVG, made with libqrencode, so that a printed page
 * or a kiosk screen carries its online address to a visitor's phone.
 */
#ifndef OCOPGEN_QR_H
#define OCOPGEN_QR_H

#include "arena.h"
#include <stddef.h>

#include "buf.h"

/* An <svg> element drawing text (a URL) as a QR code, with error correction
 * level M and the quiet zone of four modules the standard asks for. The
 * SVG is decorative (aria-hidden): print the URL beside it. Allocated in a;
 * NULL when text is too long for a QR code. Safe to call from several
 * threads at once. */
const char *qr_svg(struct arena *a, const char *text);

/* The modules of the QR code of text, appended to b as text: the width in
 * two hexadecimal digits, then the modules, four to a digit, row after
 * row (a few hundred bytes, to keep). -1 (b unchanged) when text is too
 * long. This is the costly part. A value_make_fn. */
int qr_modules_write(struct buf *b, const char *text);

/* Appends to b the <svg> of the modules that qr_modules_write made. A
 * value_draw_fn. */
void qr_svg_draw(struct buf *b, const char *modules, size_t len);

#endif
