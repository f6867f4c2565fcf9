/* test_gc.c: what the collector keeps while a native runs: objects that a
 * C local points to (the start or the inside of one), the values of an
 * array named with gc_roots_push, and nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/gc.h"
#include "base/str.h"
#include "core/list.h"
#include "core/vm.h"
#include "lib/builtins.h"

static size_t heap_count(VM *vm) {
  size_t n = 0;
  for (Obj *p = vm->objects; p; p = p->next) n++;
  return n;
}

static bool in_heap(VM *vm, const void *o) {
  for (Obj *p = vm->objects; p; p = p->next)
    if ((const void *)p == o) return true;
  return false;
}

static int setup(void **state) {
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

/* Makes n lists no one points to, so that a collection has garbage to
 * find. */
static __attribute__((noinline)) void make_garbage(VM *vm, int n) {
  for (int i = 0; i < n; i++) assert_non_null(list_new(vm, 4, 0, "test"));
}

static void test_locals_of_a_native_are_roots(void **state) {
  VM *vm = *state;
  vm->c_stack_base = __builtin_frame_address(0); /* this frame's locals are scanned */
  gc_collect(vm); /* at the outermost level: only what start-up made */
  size_t before = heap_count(vm) + 2; /* and the list and str made below */
  /* a list held in a local, as a native's temporary; a str held only by a
   * pointer into its characters */
  List *volatile held = list_new(vm, 0, 0, "test");
  assert_non_null(held);
  assert_true(list_append(vm, held, OBJ_VAL(str_cstr(vm, "inside")), "test"));
  Str *s = str_cstr(vm, "a string held by its characters");
  assert_non_null(s);
  const char *volatile chars = s->data + 3;
  uintptr_t hidden = (uintptr_t)s ^ 1; /* not a pointer: s itself is dropped */
  s = NULL;
  make_garbage(vm, 100);
  vm->native_depth = 1; /* under a native, as when Python code runs inside one */
  gc_collect(vm);
  vm->native_depth = 0;
  assert_true(in_heap(vm, (const void *)held));
  assert_true(in_heap(vm, AS_OBJ(held->items[0])));
  assert_true(in_heap(vm, (const void *)(hidden ^ 1)));
  assert_string_equal(chars - 3, "a string held by its characters");
  /* the garbage went (but for a stale word on the stack or two) */
  assert_true(heap_count(vm) <= before + 2);
}

static void test_pushed_arrays_are_roots(void **state) {
  VM *vm = *state;
  vm->c_stack_base = __builtin_frame_address(0);
  Value keep[3] = {0, 0, 0};
  uintptr_t a = (uintptr_t)list_new(vm, 0, 0, "test") ^ 1;
  keep[1] = OBJ_VAL((Obj *)(a ^ 1)); /* on the C stack too, but named: */
  GcRoots roots;
  gc_roots_push(vm, &roots, keep, 3);
  /* hide the array's contents from the stack scan by keeping them in the
   * heap: the scan must not be what keeps them */
  Value *heap = malloc(sizeof keep);
  assert_non_null(heap);
  memcpy(heap, keep, sizeof keep);
  memset(keep, 0, sizeof keep);
  GcRoots heap_roots;
  gc_roots_push(vm, &heap_roots, heap, 3);
  vm->native_depth = 1;
  gc_collect(vm);
  vm->native_depth = 0;
  gc_roots_pop(vm, &heap_roots);
  gc_roots_pop(vm, &roots);
  bool kept = in_heap(vm, (const void *)(a ^ 1));
  free(heap);
  assert_true(kept);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_locals_of_a_native_are_roots, setup, teardown),
    cmocka_unit_test_setup_teardown(test_pushed_arrays_are_roots, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
