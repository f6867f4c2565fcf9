/* test_lexer.c: the line structure the lexer gives the parser: NEWLINE,
 * INDENT and DEDENT, bracket joining, continuation lines, and its errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "front/lexer.h"
#include "front/parser.h"

/* Token types of src, as letters: N NEWLINE, > INDENT, < DEDENT, n NAME,
 * i INT, s STRING, ( ) [ ] : = , + and ? for others; ! on a lexer error. */
static void shape(const char *src, char *out, size_t cap) {
  Lexer lx;
  lexer_init(&lx, src, strlen(src));
  Token t;
  size_t n = 0;
  for (;;) {
    int type = lexer_next(&lx, &t);
    char c;
    if (type == 0) break;
    switch (type) {
    case -1: c = '!'; break;
    case TK_NEWLINE: c = 'N'; break;
    case TK_INDENT: c = '>'; break;
    case TK_DEDENT: c = '<'; break;
    case TK_NAME: c = 'n'; break;
    case TK_INT: c = 'i'; break;
    case TK_STRING: c = 's'; break;
    case TK_LPAR: c = '('; break;
    case TK_RPAR: c = ')'; break;
    case TK_LBRACK: c = '['; break;
    case TK_RBRACK: c = ']'; break;
    case TK_COLON: c = ':'; break;
    case TK_ASSIGN: c = '='; break;
    case TK_COMMA: c = ','; break;
    case TK_PLUS: c = '+'; break;
    case TK_IF: c = 'f'; break;
    default: c = '?'; break;
    }
    assert_true(n + 1 < cap);
    out[n++] = c;
    if (type < 0) break;
  }
  out[n] = '\0';
}

#define ASSERT_SHAPE(src, want) do { char got[256]; shape(src, got, sizeof got); assert_string_equal(got, want); } while (0)

static void test_simple_lines(void **state) {
  (void)state;
  ASSERT_SHAPE("x = 1\n", "n=iN");
  ASSERT_SHAPE("x = 1", "n=iN");                 /* a final NEWLINE is supplied */
  ASSERT_SHAPE("\n\n  # comment only\nx\n\n", "nN");
}

static void test_indent_dedent(void **state) {
  (void)state;
  ASSERT_SHAPE("if x:\n    y\nz\n", "fn:N>nN<nN");
  ASSERT_SHAPE("if x:\n  if y:\n    z\nw\n", "fn:N>fn:N>nN<<nN");
  ASSERT_SHAPE("if x:\n    y\n", "fn:N>nN<");           /* DEDENT at end of input */
  ASSERT_SHAPE("if x:\n\ty\n\tz\n", "fn:N>nNnN<");
  ASSERT_SHAPE("if x:\n\ty\n\t    z\n", "fn:N>nN>nN<<");
  /* lines equal only when a tab is taken as eight columns: a TabError */
  ASSERT_SHAPE("if x:\n\ty\n        z\n", "fn:N>nN!");
  ASSERT_SHAPE("if x:\n    y\n\n    # c\n    z\n", "fn:N>nNnN<");
}

static void test_bad_dedent(void **state) {
  (void)state;
  Lexer lx;
  const char *src = "if x:\n        y\n    z\n";
  lexer_init(&lx, src, strlen(src));
  Token t;
  int type;
  while ((type = lexer_next(&lx, &t)) > 0) {}
  assert_int_equal(type, -1);
  assert_string_equal(lx.error_kind, "IndentationError");
  assert_string_equal(lx.error, "unindent does not match any outer indentation level");
  assert_int_equal(lx.error_line, 3);
}

static void test_brackets_join_lines(void **state) {
  (void)state;
  ASSERT_SHAPE("x = [1,\n     2]\n", "n=[i,i]N");
  ASSERT_SHAPE("f(a,\n  b)\n", "n(n,n)N");
  ASSERT_SHAPE("x = 1 + \\\n    2\n", "n=i+iN");
  ASSERT_SHAPE("if x:\n    y = (1,\n2)\n", "fn:N>n=(i,i)N<");
}

static void test_bracket_errors(void **state) {
  (void)state;
  Lexer lx;
  Token t;
  int type;
  const char *open = "x = (1,\n2\n";
  lexer_init(&lx, open, strlen(open));
  while ((type = lexer_next(&lx, &t)) > 0) {}
  assert_int_equal(type, -1);
  assert_string_equal(lx.error, "'(' was never closed");
  assert_int_equal(lx.error_line, 1);
  const char *wrong = "x = (1]\n";
  lexer_init(&lx, wrong, strlen(wrong));
  while ((type = lexer_next(&lx, &t)) > 0) {}
  assert_string_equal(lx.error, "closing parenthesis ']' does not match opening parenthesis '('");
}

static void test_strings(void **state) {
  (void)state;
  ASSERT_SHAPE("s = 'a' \"b\"\n", "n=ssN");
  ASSERT_SHAPE("s = '''x\ny'''\nz\n", "n=sNnN");
  Lexer lx;
  Token t;
  const char *bad = "s = 'abc\n";
  lexer_init(&lx, bad, strlen(bad));
  int type;
  while ((type = lexer_next(&lx, &t)) > 0) {}
  assert_int_equal(type, -1);
  assert_string_equal(lx.error, "unterminated string literal (detected at line 1)");
}

static void test_deep_indentation_is_bounded(void **state) {
  (void)state;
  /* more levels than the lexer keeps must be an error, not an overflow */
  char src[LEX_MAX_INDENT * 3 * (LEX_MAX_INDENT + 2)];
  size_t n = 0;
  for (int level = 0; level < LEX_MAX_INDENT + 1; level++) {
    for (int k = 0; k < level; k++) src[n++] = ' ';
    memcpy(src + n, "if x:\n", 6);
    n += 6;
  }
  src[n] = '\0';
  Lexer lx;
  Token t;
  lexer_init(&lx, src, n);
  int type;
  while ((type = lexer_next(&lx, &t)) > 0) {}
  assert_int_equal(type, -1);
  assert_string_equal(lx.error, "too many levels of indentation");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_simple_lines),
    cmocka_unit_test(test_indent_dedent),
    cmocka_unit_test(test_bad_dedent),
    cmocka_unit_test(test_brackets_join_lines),
    cmocka_unit_test(test_bracket_errors),
    cmocka_unit_test(test_strings),
    cmocka_unit_test(test_deep_indentation_is_bounded),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
