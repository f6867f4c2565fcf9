/* test_list_buffer.c: the list buffer against CPython's capacities.
 *
 * Replays each operation of data/list_capacity.txt (written from CPython by
 * tools/list-capacity-oracle) on a list of lst's own and checks the
 * capacity after it, line by line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/list.h"
#include "lib/builtins.h"
#include "base/object.h"
#include "core/vm.h"

static const char *data_path;

typedef struct Expect { char op[16]; long n, cap; } Expect;
static Expect *expects;
static size_t nexpects;

static void load(void) {
  if (expects) return;
  FILE *f = fopen(data_path, "r");
  assert_non_null(f);
  size_t cap = 1024;
  expects = malloc(cap * sizeof(Expect));
  Expect e;
  while (fscanf(f, "%15s %ld %ld", e.op, &e.n, &e.cap) == 3) {
    if (nexpects == cap) expects = realloc(expects, (cap *= 2) * sizeof(Expect));
    expects[nexpects++] = e;
  }
  fclose(f);
  assert_true(nexpects > 20000);
}

/* The expected capacity for (op, n); fails the test if the data lacks it. */
static long expected(const char *op, long n) {
  for (size_t i = 0; i < nexpects; i++)
    if (expects[i].n == n && strcmp(expects[i].op, op) == 0) return expects[i].cap;
  fail_msg("no expectation for %s %ld", op, n);
  return -1;
}

static int setup(void **state) {
  load();
  VM *vm = vm_new();
  assert_non_null(vm);
  builtins_open(vm);
  *state = vm;
  return 0;
}

static int teardown(void **state) {
  vm_free(*state);
  return 0;
}

static void test_append_then_pop(void **state) {
  VM *vm = *state;
  List *l = list_new(vm, 0, 0, "test");
  assert_non_null(l);
  size_t at = 0;
  for (; at < nexpects && strcmp(expects[at].op, "append") == 0; at++) {
    long n = expects[at].n;
    if (n > 0) assert_true(list_append(vm, l, SMALL_VAL(n), "append"));
    assert_int_equal(l->len, n);
    if (l->cap != expects[at].cap) fail_msg("after %ld appends: capacity %lld, CPython %ld", n, (long long)l->cap, expects[at].cap);
  }
  assert_int_equal(l->len, 10000);
  for (; at < nexpects && strcmp(expects[at].op, "pop") == 0; at++) {
    Value v;
    assert_true(list_pop(vm, l, -1, &v));
    assert_int_equal(AS_SMALL(v), l->len + 1);
    if (l->cap != expects[at].cap)
      fail_msg("popped down to %lld: capacity %lld, CPython %ld", (long long)l->len, (long long)l->cap, expects[at].cap);
  }
  assert_int_equal(l->len, 0);
}

static List *range_list(VM *vm, long n) {
  Range *r = obj_range_new(vm, 0, n, 1);
  assert_non_null(r);
  List *l = list_from_iterable(vm, OBJ_VAL(r), "list()");
  assert_non_null(l);
  return l;
}

static void test_del_slice(void **state) {
  VM *vm = *state;
  for (size_t i = 0; i < nexpects; i++) {
    if (strcmp(expects[i].op, "delslice") != 0) continue;
    List *l = range_list(vm, 10000);
    assert_true(list_assign_slice(vm, l, expects[i].n, INT64_MAX, VAL_UNDEF, "del"));
    assert_int_equal(l->len, expects[i].n);
    if (l->cap != expects[i].cap)
      fail_msg("del lst[%ld:]: capacity %lld, CPython %ld", expects[i].n, (long long)l->cap, expects[i].cap);
  }
}

static void test_insert_front(void **state) {
  VM *vm = *state;
  List *l = list_new(vm, 0, 0, "test");
  for (long n = 1; n <= 1000; n++) {
    assert_true(list_insert(vm, l, 0, SMALL_VAL(n)));
    assert_int_equal(l->cap, expected("insert0", n));
  }
  assert_int_equal(AS_SMALL(l->items[0]), 1000);
  assert_int_equal(AS_SMALL(l->items[999]), 1);
}

static void test_constructors(void **state) {
  VM *vm = *state;
  for (long n = 0; n < 300; n++) {
    List *e = list_new(vm, 0, 0, "test");
    Range *r = obj_range_new(vm, 0, n, 1);
    assert_true(list_extend(vm, e, OBJ_VAL(r), "extend"));
    assert_int_equal(e->cap, expected("extend", n));
    List *one = list_new(vm, 1, 1, "test");
    one->items[0] = SMALL_VAL(0);
    List *rep = list_repeat(vm, one, n);
    assert_int_equal(rep->len, n);
    assert_int_equal(rep->cap, expected("repeat", n));
    assert_int_equal(range_list(vm, n)->cap, expected("listrange", n));
  }
}

static void test_resize_contract(void **state) {
  VM *vm = *state;
  List *l = list_new(vm, 0, 0, "test");
  /* nothing moves while cap/2 <= newsize <= cap */
  assert_true(list_resize(vm, l, 16, "test"));
  int64_t cap = l->cap;
  Value *items = l->items;
  assert_true(list_resize(vm, l, cap / 2, "test"));
  assert_ptr_equal(l->items, items);
  assert_int_equal(l->cap, cap);
  /* an empty list holds no buffer */
  assert_true(list_resize(vm, l, 0, "test"));
  assert_int_equal(l->cap, 0);
  assert_null(l->items);
}

int main(int argc, char **argv) {
  data_path = argc > 1 ? argv[1] : "tests/unit/data/list_capacity.txt";
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_append_then_pop, setup, teardown),
    cmocka_unit_test_setup_teardown(test_del_slice, setup, teardown),
    cmocka_unit_test_setup_teardown(test_insert_front, setup, teardown),
    cmocka_unit_test_setup_teardown(test_constructors, setup, teardown),
    cmocka_unit_test_setup_teardown(test_resize_contract, setup, teardown),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  free(expects);
  return failed;
}
