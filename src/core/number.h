/* number.h: int, float and bool arithmetic with Python's semantics (floor
 * division, sign of modulo, true division, ** with negative exponents),
 * 64-bit ints that raise OverflowError instead of wrapping. */
#ifndef LST_NUMBER_H
#define LST_NUMBER_H

#include "core/vm.h"
#include "front/opcodes.h"

static inline bool is_number(Value v) { return is_int(v) || IS_FLOAT(v); }
static inline double as_double(Value v) { return IS_FLOAT(v) ? AS_FLOAT(v) : (double)as_int(v); }

/* a op b for numbers; *handled false when either operand is not a number. */
bool number_binary(VM *vm, Opcode op, Value a, Value b, Value *out, bool *handled);
bool number_unary(VM *vm, Opcode op, Value a, Value *out, bool *handled);
/* Three-way comparison of two numbers, exact across int and float; 2 when
 * either is NaN (unordered). */
int number_compare(Value a, Value b);
bool number_overflow(VM *vm);
/* A whole float d as an int, as int(d) does: NaN and infinity fail with
 * CPython's errors, a value past 64 bits with lst's OverflowError. */
bool number_int_from_float(VM *vm, double d, Value *out);

#endif
