/* The byte buffer: appends, HTML escaping, growth, ownership, files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

static void test_empty_buffer_is_a_string(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	buf_reset(&b);
	buf_release(&b);
	assert_string_equal(b.data, "");
	buf_init(&b);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_appends(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_adds(&b, "Bắc");
	buf_addc(&b, ' ');
	buf_add(&b, "Kạn!!", strlen("Kạn"));
	assert_string_equal(b.data, "Bắc Kạn");
	assert_int_equal(b.len, strlen("Bắc Kạn"));
	/* NUL bytes are data; len is the truth. */
	buf_add(&b, "\0x", 2);
	assert_int_equal(b.len, strlen("Bắc Kạn") + 2);
	assert_int_equal(b.data[b.len - 1], 'x');
	assert_int_equal(b.data[b.len], '\0');
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_adds(&b, "again");
	assert_string_equal(b.data, "again");
	buf_release(&b);
}

static void test_html_escaping(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *s = "<a href=\"x\">Tom & Jerry's</a>";
	buf_add_html(&b, s, strlen(s));
	assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;Tom &amp; "
				    "Jerry&#39;s&lt;/a&gt;");
	buf_reset(&b);
	/* Already escaped text is escaped again: & is always &amp;. */
	buf_add_html(&b, "&amp;", 5);
	assert_string_equal(b.data, "&amp;amp;");
	buf_reset(&b);
	buf_add_html(&b, "Miến dong 北江 – ok", strlen("Miến dong 北江 – ok"));
	assert_string_equal(b.data, "Miến dong 北江 – ok");
	buf_reset(&b);
	buf_add_html(&b, "&<>\"'", 5);
	assert_string_equal(b.data, "&amp;&lt;&gt;&quot;&#39;");
	buf_reset(&b);
	/* Only len bytes are escaped. */
	buf_add_html(&b, "a<b>c", 2);
	assert_string_equal(b.data, "a&lt;");
	buf_reset(&b);
	buf_add_html(&b, "", 0);
	assert_string_equal(b.data, "");
	buf_release(&b);
}

static void test_printf_grows(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	char want[16];
	for (int i = 0; i < 2000; i++)
		buf_printf(&b, "%04d,", i);
	assert_int_equal(b.len, 2000 * 5);
	assert_int_equal(strlen(b.data), b.len);
	for (int i = 0; i < 2000; i += 97) {
		snprintf(want, sizeof(want), "%04d,", i);
		assert_memory_equal(b.data + 5 * i, want, 5);
	}
	/* One printf longer than everything so far. */
	char big[20000];
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_reset(&b);
	buf_printf(&b, "[%s|%d]", big, 7);
	assert_int_equal(b.len, sizeof(big) - 1 + 4);
	assert_int_equal(b.data[0], '[');
	assert_string_equal(b.data + b.len - 3, "|7]");
	assert_true(b.cap > b.len);
	/* An empty format adds nothing. */
	size_t len = b.len;
	buf_printf(&b, "%s", "");
	assert_int_equal(b.len, len);
	buf_release(&b);
}

static void test_detach_gives_ownership(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_adds(&b, "owned");
	size_t len = 0;
	char *p = buf_detach(&b, &len);
	assert_string_equal(p, "owned");
	assert_int_equal(len, 5);
	/* The buffer is empty and reusable; p is the caller's. */
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_ptr_not_equal(b.data, p);
	buf_adds(&b, "new");
	assert_string_equal(p, "owned");
	free(p);
	buf_release(&b);

	/* An empty buffer still gives a string that free() accepts. */
	struct buf e = BUF_INIT;
	p = buf_detach(&e, NULL);
	assert_non_null(p);
	assert_string_equal(p, "");
	p = realloc(p, 100);
	assert_non_null(p);
	free(p);
}

static void test_read_file(void **state)
{
	(void)state;
	char path[] = "/tmp/test_buf.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	/* Larger than one read, with a NUL inside. */
	enum { SIZE = 200000 };
	char *data = malloc(SIZE);
	assert_non_null(data);
	for (size_t i = 0; i < SIZE; i++)
		data[i] = (char)('a' + i % 26);
	data[1000] = '\0';
	assert_int_equal(write(fd, data, SIZE), SIZE);
	close(fd);

	struct buf b = BUF_INIT;
	buf_adds(&b, "head:");
	assert_int_equal(buf_read_file(&b, path), 0);
	assert_int_equal(b.len, 5 + SIZE);
	assert_memory_equal(b.data, "head:", 5);
	assert_memory_equal(b.data + 5, data, SIZE);
	assert_int_equal(b.data[b.len], '\0');
	buf_release(&b);
	free(data);
	unlink(path);

	errno = 0;
	assert_int_equal(buf_read_file(&b, path), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_read_empty_file(void **state)
{
	(void)state;
	char path[] = "/tmp/test_buf.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct buf b = BUF_INIT;
	assert_int_equal(buf_read_file(&b, path), 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_release(&b);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_buffer_is_a_string),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_html_escaping),
		cmocka_unit_test(test_printf_grows),
		cmocka_unit_test(test_detach_gives_ownership),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_read_empty_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
