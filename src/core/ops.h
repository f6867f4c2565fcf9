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
/* Any CMP_* comparison, producing a value, by the rich comparison
 * protocol (special.h). */
bool ops_compare(VM *vm, int cmp, Value a, Value b, Value *out);
/* The comparison built-in types make (CMP_LT ... CMP_GE): NotImplemented
 * when they do not handle the pair. */
bool ops_compare_builtin(VM *vm, int cmp, Value a, Value b, Value *out);
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
/* Whether ops_iter would make an iterator of v (calling nothing). */
bool ops_iterable(VM *vm, Value v);
/* The next item of an iterator: true with *done set at the end. */
bool ops_next(VM *vm, Value it, Value *out, bool *done);
/* a op b and a op= b (op one of OP_ADD ... OP_XOR) by the number
 * protocol, then the sequence operations, then CPython's TypeError. */
bool ops_binary(VM *vm, Opcode op, Value a, Value b, Value *out);
bool ops_inplace(VM *vm, Opcode op, Value a, Value b, Value *out);
/* What built-in types do for a binary operator: NotImplemented when they
 * do not handle the pair. */
bool ops_binary_builtin(VM *vm, int op, Value a, Value b, Value *out);
bool ops_unary(VM *vm, Opcode op, Value a, Value *out);
/* An int, or an object's __index__; TypeError otherwise. */
bool ops_index_value(VM *vm, Value v, int64_t *out);

#endif
