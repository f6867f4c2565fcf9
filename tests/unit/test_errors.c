/* test_errors.c: error paths seen from C: which exception a program
 * raises, with CPython's message, and that the VM stays usable after. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "front/ast.h"
#include "base/buf.h"
#include "front/compile.h"
#include "core/error.h"
#include "front/parse.h"
#include "core/repr.h"
#include "core/vm.h"
#include "lib/builtins.h"

/* The compiler's view of the runtime, as the shell gives it. */
static const CompileHost host = {vm_global_slot, builtins_has_module};

/* Runs src; returns "Type: message" of the uncaught exception, or "ok". */
static const char *outcome(VM *vm, const char *src) {
  static char text[512];
  Arena arena;
  ast_arena_init(&arena);
  NodeList *body;
  ParseError perr;
  memset(&perr, 0, sizeof perr);
  if (!parse_module(&arena, src, strlen(src), &body, &perr)) {
    snprintf(text, sizeof text, "%s: %s (line %d)", perr.kind, perr.msg, perr.line);
    ast_arena_free(&arena);
    return text;
  }
  CompileError cerr;
  memset(&cerr, 0, sizeof cerr);
  Code *code = compile_module(vm, &host, body, &arena, COMPILE_FILE, &cerr);
  ast_arena_free(&arena);
  if (!code) {
    snprintf(text, sizeof text, "%s: %s (line %d)", cerr.kind ? cerr.kind : "MemoryError", cerr.msg, cerr.line);
    return text;
  }
  if (vm_exec_code(vm, code, NULL)) return "ok";
  Value exc = vm->exc;
  vm->exc = VAL_UNDEF;
  Buf b;
  buf_init(&b);
  assert_true(repr_str(vm, exc, &b));
  snprintf(text, sizeof text, "%s: %.*s", AS_INSTANCE(exc)->klass->name->data, (int)b.len, b.data ? b.data : "");
  buf_free(&b);
  return text;
}

static int setup(void **state) {
  VM *vm = vm_new();
  if (!vm) return -1;
  builtins_open(vm);
  *state = vm;
  return 0;
}

static int teardown(void **state) {
  vm_free(*state);
  return 0;
}

static void test_list_errors(void **state) {
  VM *vm = *state;
  assert_string_equal(outcome(vm, "[1, 2][2]\n"), "IndexError: list index out of range");
  assert_string_equal(outcome(vm, "[].pop()\n"), "IndexError: pop from empty list");
  assert_string_equal(outcome(vm, "[1].pop(3)\n"), "IndexError: pop index out of range");
  assert_string_equal(outcome(vm, "[1].remove(2)\n"), "ValueError: list.remove(x): x not in list");
  assert_string_equal(outcome(vm, "x = [1]\nx[5] = 0\n"), "IndexError: list assignment index out of range");
  assert_string_equal(outcome(vm, "[1]['a']\n"), "TypeError: list indices must be integers or slices, not str");
  assert_string_equal(outcome(vm, "x = [1, 2, 3]\nx[::2] = [1]\n"),
                      "ValueError: attempt to assign sequence of size 1 to extended slice of size 2");
  assert_string_equal(outcome(vm, "[1] + (2,)\n"), "TypeError: can only concatenate list (not \"tuple\") to list");
}

static void test_recovers_after_errors(void **state) {
  VM *vm = *state;
  for (int i = 0; i < 3; i++) assert_string_equal(outcome(vm, "1 / 0\n"), "ZeroDivisionError: division by zero");
  assert_string_equal(outcome(vm, "x = [i for i in range(3)]\nassert x == [0, 1, 2]\n"), "ok");
}

static void test_recursion_is_an_error(void **state) {
  VM *vm = *state;
  assert_string_equal(outcome(vm, "def f(n):\n    return f(n + 1)\nf(0)\n"),
                      "RecursionError: maximum recursion depth exceeded");
  /* repr of deeply nested data recurses in C: bounded too */
  assert_string_equal(outcome(vm, "x = []\nfor i in range(100000):\n    x = [x]\nrepr(x)\n"),
                      "RecursionError: maximum recursion depth exceeded while getting the repr of an object");
  assert_string_equal(outcome(vm, "x = []\nfor i in range(100000):\n    x = [x]\nx == x[0]\n"),
                      "RecursionError: maximum recursion depth exceeded in comparison");
}

static void test_overflow_is_refused(void **state) {
  VM *vm = *state;
  assert_string_equal(outcome(vm, "x = 2 ** 63\n"), "NotImplementedError: integers past 64 bits are not supported by lst");
  assert_string_equal(outcome(vm, "x = 9223372036854775807 + 1\n"),
                      "NotImplementedError: integers past 64 bits are not supported by lst");
}

static void test_syntax_errors(void **state) {
  VM *vm = *state;
  assert_string_equal(outcome(vm, "x = = 1\n"), "SyntaxError: invalid syntax (line 1)");
  assert_string_equal(outcome(vm, "def f():\nreturn 1\n"), "IndentationError: expected an indented block after function definition on line 1 (line 2)");
  assert_string_equal(outcome(vm, "async def f():\n    pass\n"), "NotImplementedError: 'async' is not supported by lst (line 1)");
  assert_string_equal(outcome(vm, "return 5\n"), "SyntaxError: 'return' outside function (line 1)");
  assert_string_equal(outcome(vm, "break\n"), "SyntaxError: 'break' outside loop (line 1)");
  assert_string_equal(outcome(vm, "import math\n"),
                      "NotImplementedError: module 'math' is not supported by lst (only sys and copy) (line 1)");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_list_errors, setup, teardown),
    cmocka_unit_test_setup_teardown(test_recovers_after_errors, setup, teardown),
    cmocka_unit_test_setup_teardown(test_recursion_is_an_error, setup, teardown),
    cmocka_unit_test_setup_teardown(test_overflow_is_refused, setup, teardown),
    cmocka_unit_test_setup_teardown(test_syntax_errors, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
