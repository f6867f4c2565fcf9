/* error.h: raising exceptions from C, matching them, and their tracebacks.
 *
 * Natives report an error by setting vm->exc and returning false; every
 * err_* raiser here returns false so that `return err_raise(vm, ...);`
 * reads as what it does.
 */
#ifndef LST_ERROR_H
#define LST_ERROR_H

#include "core/vm.h"

bool err_raise(VM *vm, Class *klass, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Refuses what lst cannot do as CPython does: NotImplementedError("...
 * is not supported by lst").  No except, finally or with of the program
 * runs for it, nor any paused generator's cleanup: what CPython would do
 * from there on is unknown, so the run stops, having printed only what
 * CPython printed before that point.  A NotImplementedError the program
 * raises itself is an ordinary exception. */
bool err_refuse(VM *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline bool err_is_refusal(Value exc) {
  return IS_INSTANCE(exc) && (AS_OBJ(exc)->flags & INSTANCE_REFUSAL);
}
/* Raises klass with no arguments (StopIteration() and the like). */
bool err_raise_empty(VM *vm, Class *klass);
/* Raises klass with the single argument arg (KeyError(key) and the like). */
bool err_raise_value(VM *vm, Class *klass, Value arg);
/* Raises a ready exception instance; an exception being handled becomes
 * its __context__. */
bool err_set(VM *vm, Value exc);
/* Chains exc to cause: as its __cause__ (raise ... from, explicit, which
 * also suppresses the context; cause may be None), or as its __context__. */
void err_chain(VM *vm, Value exc, Value cause, bool explicit);
/* An exception instance (with the chaining fields). */
static inline bool is_exc(Value v) { return IS_INSTANCE(v) && (AS_OBJ(v)->flags & INSTANCE_EXC); }
/* "TypeError: unsupported operand type(s) for +: 'int' and 'str'" */
bool err_binop(VM *vm, const char *op, Value a, Value b);

/* Whether exc is an instance of klass or of a subclass. */
bool err_matches(Value exc, const Class *klass);
/* The pending exception, if it is a klass, is dropped: true.  Any other
 * stays pending: false (the caller fails with it). */
bool err_catch(VM *vm, const Class *klass);

/* Appends a frame's line to exc's traceback (outermost frames added
 * last): a (code, line, span, next) tuple, the span packed as
 * end_line << 32 | col << 16 | end_col. */
void err_add_traceback(VM *vm, Value exc, Code *code, CodePos at);
/* The line and span of a traceback entry, as err_add_traceback was given
 * them (col2 and end_col2 not kept). */
CodePos err_traceback_pos(const Tuple *entry);

#endif
