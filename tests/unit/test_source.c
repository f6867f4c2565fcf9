/* test_source.c: how a program's bytes become the lexer's text: the
 * byte-order mark, coding lines and their names, latin-1 decoding,
 * universal newlines, and where a bad byte or a null byte is reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "front/source.h"

/* source_prepare on a copy of the n bytes at s (it rewrites in place) */
static bool prepare(const char *s, size_t n, SourceKind kind, Source *out, char **copy) {
  *copy = malloc(n + 1);
  assert_non_null(*copy);
  memcpy(*copy, s, n);
  (*copy)[n] = '\0';
  return source_prepare(*copy, n, kind, out);
}

static void expect_text(const char *s, size_t n, const char *want) {
  Source src;
  char *copy;
  assert_true(prepare(s, n, SOURCE_FILE, &src, &copy));
  assert_int_equal(src.len, strlen(want));
  assert_memory_equal(src.text, want, src.len);
  source_free(&src);
  free(copy);
}

static SourceProblem expect_problem(const char *s, size_t n, SourceKind kind, Source *src) {
  char *copy;
  assert_false(prepare(s, n, kind, src, &copy));
  source_free(src);
  free(copy);
  return src->problem;
}

#define TEXT(lit, want) expect_text(lit, sizeof lit - 1, want)
#define PROBLEM(lit, kind, src) expect_problem(lit, sizeof lit - 1, kind, src)

static void test_plain_utf8(void **state) {
  (void)state;
  TEXT("print('caf\xc3\xa9')\n", "print('caf\xc3\xa9')\n");
  TEXT("\xef\xbb\xbfx = 1\n", "x = 1\n");        /* the BOM is dropped */
  TEXT("a\r\nb\rc\n", "a\nb\nc\n");              /* universal newlines */
  TEXT("x = '\xf0\x9f\x90\x8d'\n", "x = '\xf0\x9f\x90\x8d'\n"); /* 4 bytes */
}

static void test_latin1_is_decoded(void **state) {
  (void)state;
  TEXT("# coding: latin-1\nx = '\xe9\xff'\n", "# coding: latin-1\nx = '\xc3\xa9\xc3\xbf'\n");
  TEXT("#!/bin/sh\n# vim: set fileencoding=ISO_8859_1 :\n\xb5\n",
       "#!/bin/sh\n# vim: set fileencoding=ISO_8859_1 :\n\xc2\xb5\n");
  TEXT("# -*- coding: l1 -*-\n\xe9\n", "# -*- coding: l1 -*-\n\xc3\xa9\n"); /* an alias */
}

static void test_coding_line_only_where_pep263_looks(void **state) {
  (void)state;
  Source src;
  /* line 3, or line 2 under code, or after code on line 1: no coding line */
  assert_int_equal(PROBLEM("\n\n# coding: latin-1\n\xe9\n", SOURCE_FILE, &src), SOURCE_NOT_UTF8);
  assert_int_equal(src.line, 4);
  assert_int_equal(PROBLEM("x = 1\n# coding: latin-1\n\xe9\n", SOURCE_FILE, &src),
                   SOURCE_NOT_UTF8);
  assert_int_equal(PROBLEM("x = 1  # coding: latin-1\n\xe9\n", SOURCE_FILE, &src),
                   SOURCE_NOT_UTF8);
  assert_int_equal(src.byte, 0xe9);
}

static void test_bad_bytes(void **state) {
  (void)state;
  Source src;
  /* overlong forms, surrogates and cut sequences are not UTF-8 */
  assert_int_equal(PROBLEM("x = '\xc0\x80'\n", SOURCE_FILE, &src), SOURCE_NOT_UTF8);
  assert_int_equal(src.byte, 0xc0);
  assert_int_equal(PROBLEM("ok\nx = '\xed\xa0\x80'\n", SOURCE_FILE, &src), SOURCE_NOT_UTF8);
  assert_int_equal(src.line, 2);
  assert_int_equal(PROBLEM("x = '\xe2\x82", SOURCE_FILE, &src), SOURCE_NOT_UTF8);
  assert_int_equal(src.byte, 0xe2);
  /* whichever comes first: the null byte or the bad one */
  assert_int_equal(PROBLEM("a\n\0\n\xe9\n", SOURCE_FILE, &src), SOURCE_NULL_BYTE);
  assert_int_equal(src.line, 2);
  assert_int_equal(PROBLEM("a\n\xe9\n\0\n", SOURCE_FILE, &src), SOURCE_NOT_UTF8);
  /* a codec decodes the whole file before the null byte is looked for */
  assert_int_equal(PROBLEM("# coding: ascii\n\0\xe9\n", SOURCE_FILE, &src), SOURCE_ENCODING);
  assert_string_equal(src.what, "ascii");
  assert_int_equal(PROBLEM("# coding: latin-1\nx = 1 \0\n", SOURCE_FILE, &src),
                   SOURCE_NULL_BYTE);
  assert_int_equal(src.offset, 24);
}

static void test_encoding_names(void **state) {
  (void)state;
  Source src;
  /* CPython's own folding reports latin-1 as iso-8859-1 */
  assert_int_equal(PROBLEM("\xef\xbb\xbf# coding: Latin_1\n", SOURCE_FILE, &src),
                   SOURCE_ENCODING);
  assert_string_equal(src.what, "iso-8859-1 with BOM");
  /* a codec's other names keep their spelling */
  assert_int_equal(PROBLEM("# coding: UTF8\n\xe9\n", SOURCE_FILE, &src), SOURCE_ENCODING);
  assert_string_equal(src.what, "UTF8");
  assert_int_equal(PROBLEM("# coding: cp1252\n", SOURCE_FILE, &src), SOURCE_REFUSED);
  assert_string_equal(src.what, "cp1252");
  assert_int_equal(src.line, 0);
  /* under "utf-8" a bad byte is refused (CPython finds it token by token) */
  assert_int_equal(PROBLEM("# coding: utf-8\nx = '\xe9'\n", SOURCE_FILE, &src), SOURCE_REFUSED);
  assert_int_equal(src.line, 2);
  TEXT("# coding: ascii\nx = 1\n", "# coding: ascii\nx = 1\n");
  TEXT("# coding: us-ascii\nx = 1\n", "# coding: us-ascii\nx = 1\n");
  TEXT("\xef\xbb\xbf# coding: utf-8-sig\n", "# coding: utf-8-sig\n");
}

static void test_command_text(void **state) {
  (void)state;
  Source src;
  char *copy;
  /* -c: no coding line, no BOM; a bad byte's position counts characters */
  assert_true(prepare("# coding: latin-1\nx = '\xc3\xa9'\n", 27, SOURCE_COMMAND, &src, &copy));
  source_free(&src);
  free(copy);
  assert_int_equal(PROBLEM("\xc3\xa9\xc3\xa9=\xe9", SOURCE_COMMAND, &src), SOURCE_NOT_DECODED);
  assert_int_equal(src.chars, 3);
  assert_int_equal(src.byte, 0xe9);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_plain_utf8),
    cmocka_unit_test(test_latin1_is_decoded),
    cmocka_unit_test(test_coding_line_only_where_pep263_looks),
    cmocka_unit_test(test_bad_bytes),
    cmocka_unit_test(test_encoding_names),
    cmocka_unit_test(test_command_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
