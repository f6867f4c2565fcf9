/* special.c: the special-method protocols of the operators (see special.h).
 *
 * Each protocol follows CPython's abstract.c and object.c step by step, so
 * that the order in which methods are tried, and so what a program prints
 * from inside them, is CPython's. */
#include "core/special.h"

#include "core/attr.h"
#include "core/class.h"
#include "core/error.h"
#include "core/ops.h"
#include "front/opcodes.h"

bool special_call(VM *vm, Value method, Value self, Value *args, int nargs, Value *out) {
  if (vm->native_depth >= VM_MAX_NATIVE_DEPTH)
    return err_raise(vm, vm->b.recursion_error, "maximum recursion depth exceeded");
  Value buf[4]; /* self and at most two arguments */
  Value callee = method;
  int n = 0;
  if (IS_FUNCTION(method) ||
      (IS_NATIVE(method) && AS_NATIVE(method)->owner && IS_UNDEF(AS_NATIVE(method)->self))) {
    buf[n++] = self; /* a plain method: self first, without a bound object */
  } else if (!attr_bind(vm, method, self, OBJ_VAL(class_of(vm, self)), &callee)) {
    return false; /* a descriptor (staticmethod, classmethod ...) decides; others are called bare */
  }
  for (int i = 0; i < nargs; i++) buf[n++] = args[i];
  vm->native_depth++;
  bool ok = vm_call(vm, callee, buf, n, NULL, out);
  vm->native_depth--;
  return ok;
}

/* ---------------------------------------------------------------- truth */

bool special_truthy(VM *vm, Value v, bool *out) {
  Class *k = class_of(vm, v);
  Value m = class_special(vm, k, vm->s_bool), r;
  if (!IS_UNDEF(m)) {
    if (IS_NONE(m)) return err_raise(vm, vm->b.type_error, "'NoneType' object is not callable");
    if (!special_call(vm, m, v, NULL, 0, &r)) return false;
    if (!IS_BOOL(r))
      return err_raise(vm, vm->b.type_error, "__bool__ should return bool, returned %s",
                       class_name_of(vm, r));
    *out = r == VAL_TRUE;
    return true;
  }
  if (!IS_UNDEF(class_special(vm, k, vm->s_len))) {
    int64_t n;
    if (!ops_len(vm, v, &n)) return false;
    *out = n != 0;
    return true;
  }
  *out = true;
  return true;
}

/* ----------------------------------------------------------- comparison */

static Str *cmp_name(VM *vm, int cmp) {
  switch (cmp) {
  case CMP_LT: return vm->s_lt;
  case CMP_LE: return vm->s_le;
  case CMP_EQ: return vm->s_eq;
  case CMP_NE: return vm->s_ne;
  case CMP_GT: return vm->s_gt;
  default: return vm->s_ge;
  }
}

/* The comparison with the operands swapped: a < b is b > a. */
static int cmp_swapped(int cmp) {
  switch (cmp) {
  case CMP_LT: return CMP_GT;
  case CMP_LE: return CMP_GE;
  case CMP_GT: return CMP_LT;
  case CMP_GE: return CMP_LE;
  default: return cmp;
  }
}

/* One operand's comparison method (its type's tp_richcompare): a user
 * method, object's default, or the built-in comparison. */
static bool compare_slot(VM *vm, Value v, int cmp, Value w, Value *out) {
  if (!IS_INSTANCE(v)) return ops_compare_builtin(vm, cmp, v, w, out);
  Class *k = AS_INSTANCE(v)->klass;
  Value m = class_special(vm, k, cmp_name(vm, cmp));
  if (IS_NONE(m)) return err_raise(vm, vm->b.type_error, "'NoneType' object is not callable");
  if (!IS_UNDEF(m)) return special_call(vm, m, v, &w, 1, out);
  /* object's defaults: identity for ==, the inverse of __eq__ for != */
  if (cmp == CMP_EQ) {
    *out = v == w ? VAL_TRUE : VAL_NOTIMPL;
    return true;
  }
  if (cmp == CMP_NE) {
    Value r;
    if (!compare_slot(vm, v, CMP_EQ, w, &r)) return false;
    if (r == VAL_NOTIMPL) {
      *out = r;
      return true;
    }
    bool t;
    if (!ops_truthy(vm, r, &t)) return false;
    *out = BOOL_VAL(!t);
    return true;
  }
  *out = VAL_NOTIMPL;
  return true;
}

bool special_compare(VM *vm, int cmp, Value a, Value b, Value *out) {
  Class *ta = class_of(vm, a), *tb = class_of(vm, b);
  bool reflected_tried = false;
  /* a subclass's reflected method comes first, so that it can override */
  if (ta != tb && class_is_subclass(tb, ta)) {
    reflected_tried = true;
    if (!compare_slot(vm, b, cmp_swapped(cmp), a, out)) return false;
    if (*out != VAL_NOTIMPL) return true;
  }
  if (!compare_slot(vm, a, cmp, b, out)) return false;
  if (*out != VAL_NOTIMPL) return true;
  if (!reflected_tried) {
    if (!compare_slot(vm, b, cmp_swapped(cmp), a, out)) return false;
    if (*out != VAL_NOTIMPL) return true;
  }
  if (cmp == CMP_EQ || cmp == CMP_NE) {
    *out = BOOL_VAL((a == b) == (cmp == CMP_EQ));
    return true;
  }
  static const char *const symbols[] = {"<", "<=", "==", "!=", ">", ">="};
  return err_raise(vm, vm->b.type_error, "'%s' not supported between instances of '%s' and '%s'",
                   symbols[cmp], ta->name->data, tb->name->data);
}

/* ---------------------------------------------------------- binary ops */

/* One operand's method for a binary operator: the user's __op__ (or
 * __rop__ when reflected), or the built-in operation (which takes the
 * operands in their written order either way). */
static bool binary_slot(VM *vm, int op, Value self, Value other, bool reflected, Value *out) {
  if (!IS_INSTANCE(self)) {
    return reflected ? ops_binary_builtin(vm, op, other, self, out)
                     : ops_binary_builtin(vm, op, self, other, out);
  }
  Value m = class_special(vm, AS_INSTANCE(self)->klass, vm->s_binop[op - OP_ADD][reflected]);
  if (IS_UNDEF(m)) {
    *out = VAL_NOTIMPL;
    return true;
  }
  if (IS_NONE(m)) return err_raise(vm, vm->b.type_error, "'NoneType' object is not callable");
  return special_call(vm, m, self, &other, 1, out);
}

/* Whether an operand has any method for op: instances only when their
 * class defines __op__ or __rop__; built-in values always (they answer
 * NotImplemented themselves). */
static bool has_binary_slot(VM *vm, int op, Value v, bool reflected) {
  if (!IS_INSTANCE(v)) return true;
  return !IS_UNDEF(class_special(vm, AS_INSTANCE(v)->klass, vm->s_binop[op - OP_ADD][reflected]));
}

bool special_binary(VM *vm, int op, Value a, Value b, bool inplace, Value *out) {
  if (inplace && IS_INSTANCE(a)) {
    Value m = class_special(vm, AS_INSTANCE(a)->klass, vm->s_binop[op - OP_ADD][2]);
    if (!IS_UNDEF(m)) {
      if (IS_NONE(m)) return err_raise(vm, vm->b.type_error, "'NoneType' object is not callable");
      if (!special_call(vm, m, a, &b, 1, out)) return false;
      if (*out != VAL_NOTIMPL) return true;
    }
  }
  Class *ta = class_of(vm, a), *tb = class_of(vm, b);
  bool slot_a = has_binary_slot(vm, op, a, false);
  bool slot_b = ta != tb && has_binary_slot(vm, op, b, true);
  if (slot_a) {
    /* a subclass's reflected method first, if it overrides its base's */
    if (slot_b && class_is_subclass(tb, ta) &&
        class_special(vm, tb, vm->s_binop[op - OP_ADD][1]) !=
            class_special(vm, ta, vm->s_binop[op - OP_ADD][1])) {
      if (!binary_slot(vm, op, b, a, true, out)) return false;
      if (*out != VAL_NOTIMPL) return true;
      slot_b = false;
    }
    if (!binary_slot(vm, op, a, b, false, out)) return false;
    if (*out != VAL_NOTIMPL) return true;
  }
  if (slot_b) {
    if (!binary_slot(vm, op, b, a, true, out)) return false;
    if (*out != VAL_NOTIMPL) return true;
  }
  *out = VAL_NOTIMPL;
  return true;
}

/* ------------------------------------------------------ unary, numbers */

bool special_unary(VM *vm, Str *name, Value a, Value *out, bool *found) {
  *found = false;
  if (!IS_INSTANCE(a)) return true;
  Value m = class_special(vm, AS_INSTANCE(a)->klass, name);
  if (IS_UNDEF(m)) return true;
  *found = true;
  return special_call(vm, m, a, NULL, 0, out);
}

/* Calls a conversion method and checks that it gave an int. */
static bool int_method(VM *vm, Value v, Str *name, Value *out, bool *found) {
  *found = false;
  if (!IS_INSTANCE(v)) return true;
  Value m = class_special(vm, AS_INSTANCE(v)->klass, name);
  if (IS_UNDEF(m)) return true;
  *found = true;
  if (!special_call(vm, m, v, NULL, 0, out)) return false;
  if (!is_int(*out) || IS_BOOL(*out)) {
    if (IS_BOOL(*out)) {
      /* CPython accepts a bool with a DeprecationWarning lst cannot print */
      return err_refuse(vm, "%s returning a bool is not supported by lst", name->data);
    }
    return err_raise(vm, vm->b.type_error, "%s returned non-int (type %s)", name->data,
                     class_name_of(vm, *out));
  }
  return true;
}

bool special_index(VM *vm, Value v, Value *out, bool *found) {
  return int_method(vm, v, vm->s_index, out, found);
}

bool special_int(VM *vm, Value v, Value *out, bool *found) {
  if (!int_method(vm, v, vm->s_int, out, found)) return false;
  if (*found) return true;
  return int_method(vm, v, vm->s_index, out, found);
}

bool special_float(VM *vm, Value v, Value *out, bool *found) {
  *found = false;
  if (!IS_INSTANCE(v)) return true;
  Value m = class_special(vm, AS_INSTANCE(v)->klass, vm->s_float);
  if (IS_UNDEF(m)) {
    Value i;
    if (!special_index(vm, v, &i, found)) return false;
    if (*found) *out = obj_float(vm, (double)as_int(i));
    return !*found || !IS_UNDEF(*out);
  }
  *found = true;
  if (!special_call(vm, m, v, NULL, 0, out)) return false;
  if (!IS_FLOAT(*out))
    return err_raise(vm, vm->b.type_error, "%s.__float__ returned non-float (type %s)",
                     AS_INSTANCE(v)->klass->name->data, class_name_of(vm, *out));
  return true;
}
