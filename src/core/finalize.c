/* finalize.c: closing generators the program drops while they are paused
 * inside try, except, finally or with, as CPython's reference counting
 * does the moment the last reference goes: their finally blocks and
 * __exit__ methods run then, and print then.
 *
 * lst has no reference counts, so it watches the places where a paused
 * generator's reference is let go (a for loop left by break or return, a
 * variable overwritten or deleted, a frame returning, an exception
 * unwinding a stack) and asks the collector whether anything still reaches
 * the generator.  Only generators paused inside a protected block are
 * watched (vm->pending), so the cost is nil for every other program.  At
 * the end of the program the remaining ones are closed in the order they
 * paused, as CPython's shutdown clears the module's names.  One dropped
 * where lst does not look (inside a container) is refused by name. */
#include "core/finalize.h"

#include <stdlib.h>

#include "base/gc.h"
#include "core/error.h"

void finalize_paused(VM *vm, Generator *g, bool protected_block) {
  if (!protected_block || g->pending) return;
  if (vm->npending == vm->pending_cap) {
    int cap = vm->pending_cap ? vm->pending_cap * 2 : 8;
    Generator **p = realloc(vm->pending, sizeof(Generator *) * (size_t)cap);
    if (!p) return; /* unwatched: at worst refused later, when collected */
    vm->pending = p;
    vm->pending_cap = cap;
  }
  vm->pending[vm->npending++] = g;
  g->pending = 1;
}

void finalize_resumed(VM *vm, Generator *g) {
  if (!g->pending) return;
  g->pending = 0;
  for (int i = 0; i < vm->npending; i++)
    if (vm->pending[i] == g) {
      for (int j = i + 1; j < vm->npending; j++) vm->pending[j - 1] = vm->pending[j];
      vm->npending--;
      return;
    }
}

/* Closes g, keeping any exception already on its way: an error inside the
 * cleanup is lost, as CPython only reports it as "ignored". */
static bool close_dropped(VM *vm, Generator *g) {
  Value exc = vm->exc;
  bool reraised = vm->exc_reraised;
  vm->exc = VAL_UNDEF;
  bool ok = vm_close(vm, g);
  if (!ok && err_is_refusal(vm->exc)) return false;
  vm->exc = exc;
  vm->exc_reraised = reraised;
  return true;
}

bool finalize_dropped(VM *vm, Value v) {
  if (!IS_GENERATOR(v) || !((Generator *)AS_OBJ(v))->pending || vm->native_depth > 0) return true;
  Generator *g = (Generator *)AS_OBJ(v);
  if (gc_reachable(vm, (Obj *)g)) return true;
  return close_dropped(vm, g);
}

bool finalize_dropped_range(VM *vm, const Value *from, const Value *to) {
  /* a refusal on its way out runs no more of the program (err_refuse) */
  if (vm->npending == 0 || vm->native_depth > 0 || err_is_refusal(vm->exc)) return true;
  /* the dropped values are above the stack top already, so what still
   * holds each one is the rest of the program; they are copied out first,
   * as closing one runs code over that part of the stack */
  Generator *found[16];
  int n = 0;
  for (const Value *p = from; p < to && n < 16; p++)
    if (IS_GENERATOR(*p) && ((Generator *)AS_OBJ(*p))->pending)
      found[n++] = (Generator *)AS_OBJ(*p);
  for (int i = 0; i < n; i++) {
    Generator *g = found[i];
    /* an earlier close may have run the collector: g is checked again */
    bool watched = false;
    for (int j = 0; j < vm->npending; j++) watched = watched || vm->pending[j] == g;
    if (watched && !gc_reachable(vm, (Obj *)g) && !close_dropped(vm, g)) return false;
  }
  return true;
}

bool finalize_check_lost(VM *vm) {
  if (!vm->lost_pending) return true;
  vm->lost_pending = false;
  return err_refuse(vm, "a generator paused inside try or with was dropped from a container or "
                        "another generator; CPython runs its cleanup at that moment, which lst "
                        "does not support");
}

bool finalize_at_exit(VM *vm) {
  while (vm->npending > 0) {
    Generator *g = vm->pending[0];
    finalize_resumed(vm, g);
    if (g->state == GEN_SUSPENDED && !close_dropped(vm, g)) return false;
  }
  return true;
}
