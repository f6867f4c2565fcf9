/* ops.h: the generic operations on values that the VM and the natives
 * share: truth, equality, ordering, hashing, length, items, iteration and
 * arithmetic.  Each dispatches on the value's kind and falls back to a
 * user class's special method; each returns false with an exception set.
 */
#ifndef LST_OPS_H
#define LST_OPS_H

#include "core/class.h"
#include "core/vm.h"
#include "front/opcodes.h"

bool ops_truthy(VM *vm, Value v, bool *out);
bool ops_eq(VM *vm, Value a, Value b, bool *out);
/* a < b, as used by sort, min and max. */
bool ops_lt(VM *vm, Value a, Value b, bool *out);
/* Any CMP_* comparison, producing a value. */
bool ops_compare(VM *vm, int cmp, Value a, Value b, Value *out);
bool ops_hash(VM *vm, Value v, int64_t *out);
bool ops_len(VM *vm, Value v, int64_t *out);
/* The length of a built-in sized value (str, list, dict ...), without
 * running any code; false for anything else. */
bool ops_builtin_len(Value v, int64_t *out);
bool ops_contains(VM *vm, Value container, Value item, bool *out);
bool ops_getitem(VM *vm, Value obj, Value key, Value *out);
bool ops_setitem(VM *vm, Value obj, Value key, Value value);
bool ops_delitem(VM *vm, Value obj, Value key);
/* obj[lo:hi:step]; absent bounds are None. */
bool ops_getslice(VM *vm, Value obj, Value lo, Value hi, Value step, Value *out);
bool ops_setslice(VM *vm, Value obj, Value lo, Value hi, Value step, Value value);
bool ops_delslice(VM *vm, Value obj, Value lo, Value hi, Value step);
bool ops_iter(VM *vm, Value v, Value *out);
/* The next item of an iterator: true with *done set at the end. */
bool ops_next(VM *vm, Value it, Value *out, bool *done);
/* Collects any iterable into a new list (with CPython's list() sizing). */
bool ops_binary(VM *vm, Opcode op, Value a, Value b, Value *out);
bool ops_unary(VM *vm, Opcode op, Value a, Value *out);
/* Normalises an index against len as Python does; false (IndexError-free) if out of range. */
bool ops_index_value(VM *vm, Value v, int64_t *out);

/* Attribute access on any value. */
bool ops_getattr(VM *vm, Value obj, Str *name, Value *out);
bool ops_setattr(VM *vm, Value obj, Str *name, Value value);
bool ops_delattr(VM *vm, Value obj, Str *name);

#endif
