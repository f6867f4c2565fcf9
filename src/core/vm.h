/* vm.h: the virtual machine's life cycle and its entry points: running
 * compiled code, resuming generators, calling from native code.
 *
 * The VM is passed explicitly everywhere; nothing in the runtime is global,
 * so each unit test can make and free a VM of its own.  A new VM knows no
 * names: its host opens the library next (builtins_open), as lua.c opens
 * Lua's.
 */
#ifndef LST_VM_H
#define LST_VM_H

#include "base/state.h"

VM *vm_new(void);
void vm_free(VM *vm);

/* Runs compiled module code; false with vm->exc set on an uncaught error.
 * *result (if not NULL) gets what the code returns. */
bool vm_exec_code(VM *vm, Code *code, Value *result);

/* Runs a generator to its next yield (*out the value it yields), or to
 * its end (*done, *out its return value).  `sent` is what the paused yield
 * gives back (None for next()); when exc is not UNDEF it is raised at the
 * yield instead (throw()).  False with an exception pending. */
bool vm_resume(VM *vm, Generator *g, Value sent, Value exc, Value *out, bool *done);
/* g.close(): GeneratorExit raised at its yield; its finally blocks run. */
bool vm_close(VM *vm, Generator *g);

/* Call any callable from native code; false with an exception pending. */
bool vm_call(VM *vm, Value callee, Value *args, int nargs, Tuple *kwnames, Value *out);

/* Raises what vm->interrupted asks for (KeyboardInterrupt for Ctrl-C,
 * LimitExceeded for --max-time); true when it asks for nothing. */
bool vm_raise_stop(VM *vm);
/* For native loops that may run long (sort, sum, max, join, list() of an
 * iterator, `in` on a long list ...): every 4096th round sees Ctrl-C and
 * the time limit, and lets a due collection run, so that the garbage such
 * a loop makes (sum's totals past the small ints) is reclaimed and the
 * memory limit holds. A native calls it only where everything it holds is
 * in its locals or reachable and consistent (base/gc.h). vm_poll_now, for
 * a loop that keeps its own count (and may hold half-made objects), sees
 * only Ctrl-C and the time limit, at once. */
static inline bool vm_poll_now(VM *vm) {
  return !(vm->interrupted & (VM_STOP_INTERRUPT | VM_STOP_TIME)) || vm_raise_stop(vm);
}
bool vm_poll_slow(VM *vm);
static inline bool vm_poll(VM *vm) { return (++vm->poll_tick & 4095) || vm_poll_slow(vm); }

/* The source line being executed by the innermost frame. */
int vm_current_line(VM *vm);

/* The module-level name table: the slot of a name (made on first use; -1
 * when out of memory), and a built-in's value for its name. */
int vm_global_slot(VM *vm, Str *name);
void vm_define_builtin(VM *vm, const char *name, Value v);

#endif
