/* special.h: how the operators reach the special methods of instances, as
 * CPython's type slots do: truth (__bool__, then __len__), rich comparison
 * with the reflected method of the right operand, binary operators with
 * their reflected and in-place forms, unary operators, and the conversions
 * __index__, __int__ and __float__.
 *
 * A built-in operand takes part through the ops_*_builtin functions, which
 * answer NotImplemented for operand types they do not handle, so that one
 * protocol decides every mix of built-in values and instances.
 */
#ifndef LST_SPECIAL_H
#define LST_SPECIAL_H

#include "core/vm.h"

/* Calls method (found on self's class) as self.method(*args): a function
 * or built-in method gets self first, a staticmethod does not, a
 * classmethod gets the class. */
bool special_call(VM *vm, Value method, Value self, Value *args, int nargs, Value *out);

/* Truth of an instance: __bool__ (which must return a bool), else
 * __len__, else true. */
bool special_truthy(VM *vm, Value v, bool *out);

/* a <cmp> b by the rich comparison protocol; CMP_LT ... CMP_GE only.
 * Equality falls back to identity; ordering raises CPython's TypeError. */
bool special_compare(VM *vm, int cmp, Value a, Value b, Value *out);

/* a <op> b (op an OP_ADD ... OP_XOR opcode), the in-place form first when
 * inplace: *out is NotImplemented when no method applies, for the caller's
 * sequence fallbacks and error. */
bool special_binary(VM *vm, int op, Value a, Value b, bool inplace, Value *out);

/* -a, +a, ~a, abs(a) for an instance (name: __neg__ ...): *found false
 * when its class has no such method. */
bool special_unary(VM *vm, Str *name, Value a, Value *out, bool *found);

/* The int an instance gives through __index__ (for subscripts, repeat
 * counts, range, bin ...): *found false without the method. */
bool special_index(VM *vm, Value v, Value *out, bool *found);

/* int(v) / float(v) of an instance: __int__ or __float__, then __index__. */
bool special_int(VM *vm, Value v, Value *out, bool *found);
bool special_float(VM *vm, Value v, Value *out, bool *found);

#endif
