/* number.c: arithmetic on int, bool and float. */
#include "core/number.h"

#include <math.h>

#include "core/error.h"

bool number_overflow(VM *vm) {
  /* CPython would go on with a big int: refused by name, not an OverflowError */
  return err_refuse(vm, "integers past 64 bits are not supported by lst");
}

bool number_int_from_float(VM *vm, double d, Value *out) {
  if (isnan(d)) return err_raise(vm, vm->b.value_error, "cannot convert float NaN to integer");
  if (isinf(d))
    return err_raise(vm, vm->b.overflow_error, "cannot convert float infinity to integer");
  if (!(d >= -0x1p63 && d < 0x1p63)) return number_overflow(vm);
  *out = obj_int(vm, (int64_t)d);
  return !IS_UNDEF(*out);
}

static bool make_int(VM *vm, int64_t v, Value *out) {
  *out = obj_int(vm, v);
  return !IS_UNDEF(*out);
}

static bool make_float(VM *vm, double d, Value *out) {
  *out = obj_float(vm, d);
  return !IS_UNDEF(*out);
}

static bool int_pow(VM *vm, int64_t base, int64_t exp, Value *out) {
  if (exp < 0) {
    if (base == 0)
      return err_raise(vm, vm->b.zero_division_error, "0.0 cannot be raised to a negative power");
    return make_float(vm, pow((double)base, (double)exp), out);
  }
  int64_t result = 1;
  while (exp > 0) {
    if (exp & 1) {
      if (__builtin_mul_overflow(result, base, &result)) return number_overflow(vm);
    }
    exp >>= 1;
    if (exp > 0 && __builtin_mul_overflow(base, base, &base)) return number_overflow(vm);
  }
  return make_int(vm, result, out);
}

static bool int_binary(VM *vm, Opcode op, int64_t x, int64_t y, Value *out) {
  int64_t r;
  switch (op) {
  case OP_ADD:
    if (__builtin_add_overflow(x, y, &r)) return number_overflow(vm);
    return make_int(vm, r, out);
  case OP_SUB:
    if (__builtin_sub_overflow(x, y, &r)) return number_overflow(vm);
    return make_int(vm, r, out);
  case OP_MUL:
    if (__builtin_mul_overflow(x, y, &r)) return number_overflow(vm);
    return make_int(vm, r, out);
  case OP_DIV:
    if (y == 0) return err_raise(vm, vm->b.zero_division_error, "division by zero");
    return make_float(vm, (double)x / (double)y, out);
  case OP_FLOORDIV:
  case OP_MOD: {
    if (y == 0)
      return err_raise(vm, vm->b.zero_division_error,
                       op == OP_MOD ? "integer modulo by zero"
                                    : "integer division or modulo by zero");
    if (x == INT64_MIN && y == -1) {
      if (op == OP_MOD) return make_int(vm, 0, out);
      return number_overflow(vm);
    }
    int64_t q = x / y, m = x % y;
    if (m != 0 && ((m < 0) != (y < 0))) {
      q--;
      m += y;
    }
    return make_int(vm, op == OP_MOD ? m : q, out);
  }
  case OP_POW: return int_pow(vm, x, y, out);
  case OP_LSHIFT:
    if (y < 0) return err_raise(vm, vm->b.value_error, "negative shift count");
    if (x == 0) return make_int(vm, 0, out);
    if (y >= 63 || (x > 0 ? x > (INT64_MAX >> y) : x < (INT64_MIN >> y)))
      return number_overflow(vm);
    return make_int(vm, (int64_t)((uint64_t)x << y), out);
  case OP_RSHIFT:
    if (y < 0) return err_raise(vm, vm->b.value_error, "negative shift count");
    return make_int(vm, y >= 63 ? (x < 0 ? -1 : 0) : x >> y, out);
  case OP_AND: return make_int(vm, x & y, out);
  case OP_OR: return make_int(vm, x | y, out);
  case OP_XOR: return make_int(vm, x ^ y, out);
  default: return false;
  }
}

static bool float_binary(VM *vm, Opcode op, double x, double y, Value *out, bool *handled) {
  switch (op) {
  case OP_ADD: return make_float(vm, x + y, out);
  case OP_SUB: return make_float(vm, x - y, out);
  case OP_MUL: return make_float(vm, x * y, out);
  case OP_DIV:
    if (y == 0) return err_raise(vm, vm->b.zero_division_error, "float division by zero");
    return make_float(vm, x / y, out);
  case OP_FLOORDIV:
  case OP_MOD: {
    if (y == 0)
      return err_raise(vm, vm->b.zero_division_error,
                       op == OP_MOD ? "float modulo" : "float floor division by zero");
    double mod = fmod(x, y);
    double div = (x - mod) / y;
    if (mod) {
      if ((y < 0) != (mod < 0)) {
        mod += y;
        div -= 1.0;
      }
    } else {
      mod = copysign(0.0, y);
    }
    double floordiv;
    if (div) {
      floordiv = floor(div);
      if (div - floordiv > 0.5) floordiv += 1.0;
    } else {
      floordiv = copysign(0.0, x / y);
    }
    return make_float(vm, op == OP_MOD ? mod : floordiv, out);
  }
  case OP_POW:
    if (x == 0 && y < 0)
      return err_raise(vm, vm->b.zero_division_error, "0.0 cannot be raised to a negative power");
    if (x < 0 && y != floor(y)) return err_refuse(vm, "complex results are not supported by lst");
    {
      double r = pow(x, y);
      if (isinf(r) && !isinf(x) && !isinf(y))
        return err_raise(vm, vm->b.overflow_error, "(34, 'Numerical result out of range')");
      return make_float(vm, r, out);
    }
  default: *handled = false; return true;
  }
}

bool number_binary(VM *vm, Opcode op, Value a, Value b, Value *out, bool *handled) {
  *handled = true;
  if (is_int(a) && is_int(b)) {
    if (IS_BOOL(a) && IS_BOOL(b) && (op == OP_AND || op == OP_OR || op == OP_XOR)) {
      bool x = a == VAL_TRUE, y = b == VAL_TRUE;
      *out = BOOL_VAL(op == OP_AND ? (x & y) : op == OP_OR ? (x | y) : (x ^ y));
      return true;
    }
    return int_binary(vm, op, as_int(a), as_int(b), out);
  }
  if (is_number(a) && is_number(b))
    return float_binary(vm, op, as_double(a), as_double(b), out, handled);
  *handled = false;
  return true;
}

bool number_unary(VM *vm, Opcode op, Value a, Value *out, bool *handled) {
  *handled = true;
  if (is_int(a)) {
    int64_t x = as_int(a);
    switch (op) {
    case OP_NEG:
      if (x == INT64_MIN) return number_overflow(vm);
      return make_int(vm, -x, out);
    case OP_POS: return make_int(vm, x, out);
    case OP_INVERT: return make_int(vm, ~x, out);
    default: break;
    }
  } else if (IS_FLOAT(a)) {
    double x = AS_FLOAT(a);
    if (op == OP_NEG) return make_float(vm, -x, out);
    if (op == OP_POS) {
      *out = a;
      return true;
    }
  }
  *handled = false;
  return true;
}

int number_compare(Value a, Value b) {
  if (is_int(a) && is_int(b)) {
    int64_t x = as_int(a), y = as_int(b);
    return x < y ? -1 : x > y;
  }
  if (IS_FLOAT(a) && IS_FLOAT(b)) {
    double x = AS_FLOAT(a), y = AS_FLOAT(b);
    if (isnan(x) || isnan(y)) return 2;
    return x < y ? -1 : x > y;
  }
  /* int against float: exact, also beyond 2**53 */
  bool swap = IS_FLOAT(a);
  int64_t i = swap ? as_int(b) : as_int(a);
  double f = swap ? AS_FLOAT(a) : AS_FLOAT(b);
  int r;
  if (isnan(f)) return 2;
  if (f >= 9223372036854775808.0)
    r = -1;
  else if (f < -9223372036854775808.0)
    r = 1;
  else {
    double fl = floor(f);
    int64_t fi = (int64_t)fl;
    if (i < fi)
      r = -1;
    else if (i > fi)
      r = 1;
    else
      r = fl < f ? -1 : 0;
  }
  return swap ? -r : r;
}
