/* call.h: calling any callable: binding arguments to a Python function's
 * parameters (positional, keyword, defaults, *args), making instances of
 * classes, and calling natives. */
#ifndef LST_CALL_H
#define LST_CALL_H

#include "core/vm.h"

/* The stack holds [callee, args..., keyword values...] from `base` up to
 * vm->sp.  A native is called at once and *result set; a Python function
 * gets a new frame (*pushed set), whose result will be stored at base.
 * False with an exception pending on any error. */
bool call_setup(VM *vm, Value *base, int nargs, Tuple *kwnames, Value *result, bool *pushed);

/* Pushes a frame for a Python function called with positional arguments
 * only, which are on the stack after the function at base. */
bool call_function(VM *vm, Function *f, Value *base, int nargs, Value *result, bool *pushed);

/* Runs the body of a class statement: the class is made first so that the
 * methods the body defines know it (for super()). */
bool call_build_class(VM *vm, Value *base, Str *name, bool *pushed, Value *result);
/* What follows a class body, as CPython's type() does: __hash__ None
 * beside __eq__, __doc__, __new__ made static, and __set_name__ called on
 * the descriptors. */
bool call_finish_class(VM *vm, Class *k);

#endif
