/*
 * vcard: a producer's contact as a vCard 3.0 (RFC 2426), the text that the
 * web build publishes as <lang>/producers/<id>/contact.vcf and that the
 * kiosk build shows as a QR code, so that a phone saves the same contact
 * either way.
 */
#ifndef OCOPGEN_VCARD_H
#define OCOPGEN_VCARD_H

#include <stddef.h>

#include "buf.h"
#include "model.h"

/* The file name of a producer's vCard, in its page's folder. */
#define VCARD_FILE "contact.vcf"

/* Appends to out the vCard of m->producers[producer] in language lang:
 * FN, N and ORG (its name), TEL, EMAIL, ADR (its address, the province),
 * URL (its website, else its page in the catalogue). UTF-8, CRLF line ends,
 * text escaped (\\ \, \; \n) and lines folded at 75 octets without
 * splitting a character. Reads the model only: safe from several threads. */
void vcard_write(const struct model *m, size_t producer, size_t lang,
		 struct buf *out);

/* Appends s to out as a vCard text value: backslash, comma, semicolon and
 * line breaks escaped. */
void vcard_add_text(struct buf *out, const char *s);

/* Appends line (one content line, without its end) to out folded at 75
 * octets, continuation lines starting with a space, each line ended by
 * CRLF. A UTF-8 sequence is never split. */
void vcard_add_line(struct buf *out, const char *line, size_t len);

#endif
