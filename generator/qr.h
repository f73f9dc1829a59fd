/*
 * qr: QR codes as inline SVG, made with libqrencode, so that a printed page
 * or a kiosk screen carries its online address to a visitor's phone.
 */
#ifndef OCOPGEN_QR_H
#define OCOPGEN_QR_H

#include "arena.h"
#include "buf.h"

/* An <svg> element drawing text (a URL) as a QR code, with error correction
 * level M and the quiet zone of four modules the standard asks for. The
 * SVG is decorative (aria-hidden): print the URL beside it. Allocated in a;
 * NULL when text is too long for a QR code. Safe to call from several
 * threads at once. */
const char *qr_svg(struct arena *a, const char *text);

/* The same <svg>, appended to out; -1 (out unchanged) when text is too
 * long. A value_make_fn, for QR codes made only when a page is written. */
int qr_svg_write(struct buf *out, const char *text);

#endif
