/* Links: relative paths for the web and kiosk flavours, safe URLs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "links.h"

static void check_link(int depth, const char *site_path, bool kiosk,
		       const char *want)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "prefix:");
	link_relative(&b, depth, site_path, kiosk);
	/* link_relative appends: what was there stays. */
	assert_memory_equal(b.data, "prefix:", 7);
	assert_string_equal(b.data + 7, want);
	assert_int_equal(b.len, 7 + strlen(want));
	buf_release(&b);
}

static void test_relative_depth_0(void **state)
{
	(void)state;
	check_link(0, "", false, "./");
	check_link(0, "vi/", false, "vi/");
	check_link(0, "vi/products/mien-dong/", false,
		   "vi/products/mien-dong/");
	check_link(0, "assets/style.css", false, "assets/style.css");
	/* "a:b/" alone would read as a URL with the scheme "a:". */
	check_link(0, "a:b/", false, "./a:b/");
}

static void test_relative_depth_1_to_3(void **state)
{
	(void)state;
	check_link(1, "", false, "../");
	check_link(1, "en/", false, "../en/");
	check_link(2, "vi/products/", false, "../../vi/products/");
	check_link(3, "", false, "../../../");
	check_link(3, "vi/products/mien-dong/", false,
		   "../../../vi/products/mien-dong/");
	check_link(3, "assets/style.css", false, "../../../assets/style.css");
	check_link(3, "a:b/", false, "../../../a:b/");
}

static void test_kiosk_names_index_of_folders(void **state)
{
	(void)state;
	check_link(0, "", true, "index.html");
	check_link(0, "vi/", true, "vi/index.html");
	check_link(1, "", true, "../index.html");
	check_link(3, "zh/stories/", true, "../../../zh/stories/index.html");
	/* Files are named already. */
	check_link(0, "assets/style.css", true, "assets/style.css");
	check_link(2, "vi/products/x/images/a.jpg", true,
		   "../../vi/products/x/images/a.jpg");
	check_link(1, "sitemap.xml", true, "../sitemap.xml");
}

static void test_fragments_and_queries(void **state)
{
	(void)state;
	check_link(0, "vi/#top", false, "vi/#top");
	check_link(0, "vi/#top", true, "vi/index.html#top");
	check_link(2, "vi/search/?q=mien", true,
		   "../../vi/search/index.html?q=mien");
	check_link(2, "vi/search/?q=mien#r", true,
		   "../../vi/search/index.html?q=mien#r");
	check_link(1, "#main", true, "../index.html#main");
	check_link(1, "#main", false, "../#main");
	/* A '/' in the fragment does not make a file a folder. */
	check_link(0, "a.html#x/", true, "a.html#x/");
	check_link(0, "vi/?a/b", true, "vi/index.html?a/b");
}

static void test_depth(void **state)
{
	(void)state;
	assert_int_equal(link_depth(""), 0);
	assert_int_equal(link_depth("index.html"), 0);
	assert_int_equal(link_depth("vi/"), 1);
	assert_int_equal(link_depth("vi/index.html"), 1);
	assert_int_equal(link_depth("vi/products/"), 2);
	assert_int_equal(link_depth("vi/products/mien-dong/"), 3);
	assert_int_equal(link_depth("vi/products/mien-dong/index.html"), 3);
}

static void test_depth_round_trip(void **state)
{
	(void)state;
	/* From a page at vi/products/x/, the link to the root climbs to it. */
	struct buf b = BUF_INIT;
	link_relative(&b, link_depth("vi/products/x/"), "en/", false);
	assert_string_equal(b.data, "../../../en/");
	buf_release(&b);
}

static void test_safe_urls(void **state)
{
	(void)state;
	assert_true(link_url_is_safe("http://example.com/"));
	assert_true(link_url_is_safe("https://ocop.gov.vn/san-pham?id=1"));
	assert_true(link_url_is_safe("HTTPS://EXAMPLE.COM"));
	assert_true(link_url_is_safe("HtTp://example.com"));
	assert_true(link_url_is_safe("mailto:htx@example.vn"));
	assert_true(link_url_is_safe("MAILTO:htx@example.vn"));
	assert_true(link_url_is_safe("tel:+84209123456"));
	assert_true(link_url_is_safe("Tel:0209"));
	assert_true(link_url_is_safe("images/a.jpg"));
	assert_true(link_url_is_safe("../products/mien-dong/"));
	assert_true(link_url_is_safe("/vi/"));
	assert_true(link_url_is_safe("#x"));
	assert_true(link_url_is_safe("?q"));
	assert_true(link_url_is_safe(""));
	/* A colon after the first '/' is no scheme. */
	assert_true(link_url_is_safe("a/b:c"));
	assert_true(link_url_is_safe("?next=javascript:alert(1)"));
	assert_true(link_url_is_safe("#javascript:x"));
}

static void test_unsafe_urls(void **state)
{
	(void)state;
	assert_false(link_url_is_safe("javascript:alert(1)"));
	assert_false(link_url_is_safe("JaVaScRiPt:alert(1)"));
	assert_false(link_url_is_safe(" javascript:alert(1)"));
	assert_false(link_url_is_safe("\t\n javascript:alert(1)"));
	assert_false(link_url_is_safe("java\tscript:alert(1)"));
	assert_false(link_url_is_safe("java\nscript:alert(1)"));
	assert_false(link_url_is_safe("java\rscript:alert(1)"));
	assert_false(link_url_is_safe("\x01javascript:alert(1)"));
	assert_false(link_url_is_safe("\x1f\x01 javascript:alert(1)"));
	assert_false(link_url_is_safe("data:text/html,<script>x</script>"));
	assert_false(link_url_is_safe("DATA:image/png;base64,AAAA"));
	assert_false(link_url_is_safe("vbscript:msgbox(1)"));
	assert_false(link_url_is_safe("file:///etc/passwd"));
	assert_false(link_url_is_safe("ftp://example.com/"));
	assert_false(link_url_is_safe("blob:https://example.com/x"));
	assert_false(link_url_is_safe("https+evil:x"));
	assert_false(link_url_is_safe("averyveryverylongschemename:x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relative_depth_0),
		cmocka_unit_test(test_relative_depth_1_to_3),
		cmocka_unit_test(test_kiosk_names_index_of_folders),
		cmocka_unit_test(test_fragments_and_queries),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_depth_round_trip),
		cmocka_unit_test(test_safe_urls),
		cmocka_unit_test(test_unsafe_urls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
