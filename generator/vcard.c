/* vCard 3.0 of a producer: one text for the .vcf file and the QR code. */
#include "vcard.h"

#include <string.h>

#include "arena.h"
#include "layout.h"
#include "text.h"

enum { VCARD_LINE_OCTETS = 75 };

void vcard_add_text(struct buf *out, const char *s)
{
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '\\':
			buf_adds(out, "\\\\");
			break;
		case ',':
			buf_adds(out, "\\,");
			break;
		case ';':
			buf_adds(out, "\\;");
			break;
		case '\r':
			if (p[1] != '\n')
				buf_adds(out, "\\n");
			break;
		case '\n':
			buf_adds(out, "\\n");
			break;
		default:
			buf_addc(out, *p);
		}
	}
}

void vcard_add_line(struct buf *out, const char *line, size_t len)
{
	size_t room = VCARD_LINE_OCTETS;
	while (len > room) {
		size_t cut = room;
		/* Back to the first byte of a character. */
		while (cut > 0 && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		if (cut == 0)
			cut = room;
		buf_add(out, line, cut);
		buf_adds(out, "\r\n ");
		line += cut;
		len -= cut;
		room = VCARD_LINE_OCTETS - 1; /* after the leading space */
	}
	buf_add(out, line, len);
	buf_adds(out, "\r\n");
}

/* One property: name (with its parameters), then the value, already
 * escaped, folded. */
static void property(struct buf *out, struct buf *line, const char *name,
		     const char *value)
{
	buf_reset(line);
	buf_adds(line, name);
	buf_addc(line, ':');
	buf_adds(line, value);
	vcard_add_line(out, line->data, line->len);
}

static void text_property(struct buf *out, struct buf *line, struct buf *value,
			  const char *name, const char *s)
{
	buf_reset(value);
	vcard_add_text(value, s);
	property(out, line, name, value->data);
}

/* A phone number as dialled: digits, with a leading '+'. */
void vcard_write(const struct model *m, size_t producer, size_t lang,
		 struct buf *out)
{
	const struct producer *p = &m->producers[producer];
	const char *name = ltext_get(&p->name, lang, NULL);
	const char *address = ltext_get(&p->address, lang, NULL);
	const char *province = ltext_get(&m->site.province, lang, NULL);
	struct buf line = BUF_INIT, value = BUF_INIT;
	struct arena a = ARENA_INIT;

	vcard_add_line(out, "BEGIN:VCARD", 11);
	vcard_add_line(out, "VERSION:3.0", 11);
	text_property(out, &line, &value, "FN", name ? name : p->id);
	/* An organisation: no family or given name, which lets phones show
	 * the ORG, as they do for companies. */
	property(out, &line, "N", ";;;;");
	text_property(out, &line, &value, "ORG", name ? name : p->id);
	if (p->phone) {
		buf_reset(&value);
		text_phone_dial(&value, p->phone);
		if (value.len)
			property(out, &line, "TEL;TYPE=WORK,VOICE", value.data);
	}
	if (p->email)
		text_property(out, &line, &value, "EMAIL;TYPE=INTERNET",
			      p->email);
	if (address || province) {
		/* post office box; extended; street; locality; region; postal
		 * code; country */
		buf_reset(&value);
		buf_adds(&value, ";;");
		if (address)
			vcard_add_text(&value, address);
		buf_adds(&value, ";;");
		if (province)
			vcard_add_text(&value, province);
		buf_adds(&value, ";;");
		property(out, &line, "ADR;TYPE=WORK", value.data);
	}
	const char *url = p->website;
	if (!url)
		url = layout_url(
			m, &a,
			layout_path(m, &a, PAGE_PRODUCER, lang, producer));
	/* A URI is not escaped as text (RFC 6350, 4): what it cannot
	 * hold, a space or a line break above all, is percent-encoded, so
	 * that no value can start a property of its own. */
	buf_reset(&value);
	for (const char *u = url; *u; u++) {
		unsigned char c = (unsigned char)*u;
		if (c <= 0x20 || c == 0x7f)
			buf_printf(&value, "%%%02X", c);
		else
			buf_addc(&value, (char)c);
	}
	property(out, &line, "URL", value.data);
	const char *note = ltext_get(&m->site.placeholder_contacts, lang, NULL);
	if (note)
		text_property(out, &line, &value, "NOTE", note);
	vcard_add_line(out, "END:VCARD", 9);
	arena_release(&a);
	buf_release(&line);
	buf_release(&value);
}
