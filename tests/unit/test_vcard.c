/* vCard: escaping, folding at 75 octets without splitting a character, and
 * a producer's whole card. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "vcard.h"

static void check_text(const char *in, const char *want)
{
	struct buf b = BUF_INIT;
	vcard_add_text(&b, in);
	assert_string_equal(b.data, want);
	buf_release(&b);
}

static void test_escaping(void **state)
{
	(void)state;
	check_text("HTX Tài Hoan", "HTX Tài Hoan");
	check_text("A, B; C\\D", "A\\, B\\; C\\\\D");
	check_text("one\ntwo\r\nthree\rfour", "one\\ntwo\\nthree\\nfour");
}

/* Undoes the folding: CRLF and one space join the lines again. */
static void unfold(const char *in, struct buf *out)
{
	for (const char *p = in; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			p += 2;
			continue;
		}
		buf_addc(out, *p);
	}
}

static void check_folding(const char *line)
{
	struct buf b = BUF_INIT, joined = BUF_INIT;
	vcard_add_line(&b, line, strlen(line));
	/* Every line ends in CRLF and holds at most 75 octets; none starts
	 * in the middle of a UTF-8 sequence. */
	const char *p = b.data;
	while (*p) {
		const char *end = strstr(p, "\r\n");
		assert_non_null(end);
		assert_true(end - p <= 75);
		const char *text = p == b.data ? p : p + 1;
		if (p != b.data)
			assert_int_equal(*p, ' ');
		assert_true(((unsigned char)*text & 0xC0) != 0x80);
		p = end + 2;
	}
	unfold(b.data, &joined);
	assert_int_equal(joined.len, strlen(line) + 2);
	assert_memory_equal(joined.data, line, strlen(line));
	assert_string_equal(joined.data + strlen(line), "\r\n");
	buf_release(&b);
	buf_release(&joined);
}

static void test_folding(void **state)
{
	(void)state;
	check_folding("FN:short");
	char ascii[400];
	memset(ascii, 'x', sizeof(ascii) - 1);
	ascii[sizeof(ascii) - 1] = '\0';
	check_folding(ascii);
	/* Two- and three-byte characters across every cut. */
	struct buf s = BUF_INIT;
	for (int shift = 0; shift < 3; shift++) {
		buf_reset(&s);
		buf_adds(&s, "ADR;TYPE=WORK:");
		for (int i = 0; i < shift; i++)
			buf_addc(&s, 'a');
		for (int i = 0; i < 40; i++)
			buf_adds(&s, i % 2 ? "ệ" : "Thôn 茶");
		check_folding(s.data);
	}
	buf_release(&s);
}

static void test_producer_card(void **state)
{
	(void)state;
	struct model m = {0};
	m.site.langs[0] = "vi";
	m.site.langs[1] = "en";
	m.site.nlangs = 2;
	m.site.base_url = "https://ocop.example.org/";
	m.site.province.s[0] = "Bắc Kạn";
	struct producer p = {0};
	p.id = "co-so-a";
	p.name.s[0] = "Cơ sở A, B; C\\D";
	p.name.s[1] = "A, B; C\\D Ltd";
	p.address.s[0] = "Thôn Nà Khon, xã Côn Minh";
	p.phone = "+84 (209) 000-001";
	p.email = "a@example.org";
	m.producers = &p;
	m.nproducers = 1;

	/* Without a website, the URL is the producer's page. */
	struct buf b = BUF_INIT;
	vcard_write(&m, 0, 1, &b);
	assert_string_equal(
		b.data, "BEGIN:VCARD\r\n"
			"VERSION:3.0\r\n"
			"FN:A\\, B\\; C\\\\D Ltd\r\n"
			"N:;;;;\r\n"
			"ORG:A\\, B\\; C\\\\D Ltd\r\n"
			"TEL;TYPE=WORK,VOICE:+84209000001\r\n"
			"EMAIL;TYPE=INTERNET:a@example.org\r\n"
			"ADR;TYPE=WORK:;;Thôn Nà Khon\\, xã Côn Minh;;Bắc "
			"Kạn;;\r\n"
			"URL:https://ocop.example.org/en/producers/co-so-a/\r\n"
			"END:VCARD\r\n");
	buf_release(&b);
	p.website = "https://example.org/a";
	vcard_write(&m, 0, 0, &b);
	assert_non_null(strstr(b.data, "\r\nFN:Cơ sở A\\, B\\; C\\\\D\r\n"));
	assert_non_null(strstr(b.data, "\r\nURL:https://example.org/a\r\n"));
	assert_null(strstr(b.data, "NOTE"));
	buf_release(&b);
	/* A website or a name with line breaks (a CSV cell) adds no
	 * property: the card keeps one TEL. */
	p.website = "https://example.org/a\r\nTEL:+1 555 0100";
	p.name.s[0] = "Cơ sở A\r\nTEL:+15550101";
	vcard_write(&m, 0, 0, &b);
	assert_non_null(strstr(
		b.data,
		"\r\nURL:https://example.org/a%0D%0ATEL:+1%20555%200100\r\n"));
	assert_non_null(strstr(b.data, "\r\nFN:Cơ sở A\\nTEL:+15550101\r\n"));
	assert_null(strstr(b.data, "\r\nTEL:+1"));
	assert_int_equal(strstr(strstr(b.data, "TEL;") + 1, "\r\nTEL") == NULL,
			 1);
	buf_release(&b);

	/* The number to dial: + and its digits (load refuses a trunk 0). */
	p.phone = "+84.205.000-0101";
	vcard_write(&m, 0, 0, &b);
	assert_non_null(
		strstr(b.data, "\r\nTEL;TYPE=WORK,VOICE:+842050000101\r\n"));
	buf_release(&b);
	p.phone = "+84 (209) 000-001";

	/* A demonstration catalogue says, in the card, that its contacts
	 * are placeholders, escaped like any text. */
	m.site.placeholder_contacts.s[0] = "Liên hệ giữ chỗ; không gọi được.";
	m.site.placeholder_contacts.s[1] = "A placeholder, not the producer's";
	vcard_write(&m, 0, 1, &b);
	assert_non_null(strstr(b.data, "\r\nNOTE:A placeholder\\, not the "
				       "producer's\r\nEND:VCARD\r\n"));
	buf_release(&b);
	vcard_write(&m, 0, 0, &b);
	assert_non_null(strstr(
		b.data, "\r\nNOTE:Liên hệ giữ chỗ\\; không gọi được.\r\n"));
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_folding),
		cmocka_unit_test(test_producer_card),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
