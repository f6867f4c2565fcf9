/* lib_object.c: object's own methods (__init__, __new__, __eq__,
 * __repr__, __getattribute__ ...), which user classes inherit and reach
 * through super(); the special methods of the built-in types as methods
 * ([].__len__(), (1).__add__(2)); and NotImplemented and Ellipsis.
 *
 * The operators never call these natives: they apply the built-in
 * behaviour directly (class_special skips object's entries), so these
 * exist for programs that name a special method. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/str.h"
#include "core/attr.h"
#include "core/class.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/ops.h"
#include "core/repr.h"
#include "core/sizeof.h"
#include "core/special.h"
#include "front/opcodes.h"
#include "lib/builtins.h"

/* A special method's argument count: self plus n. */
static bool want(VM *vm, const char *name, int nargs, int n) {
  (void)name;
  if (nargs - 1 == n) return true;
  return err_raise(vm, vm->b.type_error, "expected %d argument%s, got %d", n, n == 1 ? "" : "s",
                   nargs - 1);
}

static Str *name_arg(VM *vm, Value v) {
  if (IS_STR(v)) return AS_STR(v);
  err_raise(vm, vm->b.type_error, "attribute name must be string, not '%s'", class_name_of(vm, v));
  return NULL;
}

/* ------------------------------------------------------------ object */

static bool obj_init(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)args;
  if (nargs > 1 || (kw && kw->len))
    return err_raise(vm, vm->b.type_error,
                     "object.__init__() takes exactly one argument (the instance to initialize)");
  *out = VAL_NONE;
  return true;
}

static bool obj_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (nargs < 1) return err_raise(vm, vm->b.type_error, "object.__new__(): not enough arguments");
  if (!IS_CLASS(args[0]))
    return err_raise(vm, vm->b.type_error, "object.__new__(X): X is not a type object (%s)",
                     class_name_of(vm, args[0]));
  Class *k = AS_CLASS(args[0]);
  if (k->builtin_type != OBJ_INSTANCE ||
      (k->obj.flags & CLASS_BUILTIN && k != vm->b.object && !k->is_exception))
    return err_raise(vm, vm->b.type_error, "object.__new__(%s) is not safe, use %s.__new__()",
                     k->name->data, k->name->data);
  if (nargs > 1 && IS_UNDEF(class_special(vm, k, vm->s_init)))
    return err_raise(vm, vm->b.type_error, "%s() takes no arguments", k->name->data);
  Instance *in = class_new_instance(vm, k);
  if (!in) return false;
  *out = OBJ_VAL(in);
  return true;
}

static bool obj_eq(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!want(vm, "__eq__", nargs, 1)) return false;
  *out = args[0] == args[1] ? VAL_TRUE : VAL_NOTIMPL;
  return true;
}

static bool obj_ne(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!want(vm, "__ne__", nargs, 1)) return false;
  /* the inverse of the type's __eq__, unless that gives NotImplemented */
  Value eq = class_special(vm, class_of(vm, args[0]), vm->s_eq), r;
  if (IS_UNDEF(eq)) {
    *out = args[0] == args[1] ? VAL_FALSE : VAL_NOTIMPL;
    return true;
  }
  if (!special_call(vm, eq, args[0], &args[1], 1, &r)) return false;
  if (r == VAL_NOTIMPL) {
    *out = r;
    return true;
  }
  bool t;
  if (!ops_truthy(vm, r, &t)) return false;
  *out = BOOL_VAL(!t);
  return true;
}

static bool obj_order(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  (void)args;
  if (!want(vm, "comparison", nargs, 1)) return false;
  *out = VAL_NOTIMPL;
  return true;
}

static bool obj_hash(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!want(vm, "__hash__", nargs, 0)) return false;
  *out = obj_int(vm, IS_OBJ(args[0]) ? hash_pointer(AS_OBJ(args[0])) : 0);
  return !IS_UNDEF(*out);
}

static bool text_result(VM *vm, Buf *b, Value *out) {
  Str *s = str_from_buf(vm, b);
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

static bool obj_repr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!want(vm, "__repr__", nargs, 0)) return false;
  Buf b;
  buf_init(&b);
  if (IS_OBJ(args[0]))
    repr_default(vm, args[0], &b);
  else if (!repr_value(vm, args[0], &b)) {
    buf_free(&b);
    return false;
  }
  return text_result(vm, &b, out);
}

/* repr(v) into *out. */
static bool repr_out(VM *vm, Value v, Value *out) {
  Str *s = repr_of(vm, v);
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

static bool obj_str(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  return want(vm, "__str__", nargs, 0) && repr_out(vm, args[0], out);
}

static bool obj_sizeof(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  int64_t size, header;
  if (!want(vm, "__sizeof__", nargs, 0) || !sizeof_builtin(vm, args[0], &size, &header))
    return false;
  if (size < 0)
    return err_refuse(vm, "__sizeof__ of '%s' objects is not supported by lst",
                      class_name_of(vm, args[0]));
  *out = obj_int(vm, size);
  return !IS_UNDEF(*out);
}

static bool obj_getattribute(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!want(vm, "__getattribute__", nargs, 1)) return false;
  Str *name = name_arg(vm, args[1]);
  return name && attr_get_generic(vm, args[0], name, out);
}

static bool obj_setattr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!want(vm, "__setattr__", nargs, 2)) return false;
  Str *name = name_arg(vm, args[1]);
  *out = VAL_NONE;
  return name && attr_set_generic(vm, args[0], name, args[2]);
}

static bool obj_delattr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!want(vm, "__delattr__", nargs, 1)) return false;
  Str *name = name_arg(vm, args[1]);
  *out = VAL_NONE;
  return name && attr_del_generic(vm, args[0], name);
}

/* --------------------------------------------- the built-in types' slots */

/* Which built-in types have a special method, as bits of ObjType. */
#define T(t)     (1u << (t))
#define T_NUM    (T(OBJ_INT) | T(OBJ_FLOAT))
#define T_SEQ    (T(OBJ_STR) | T(OBJ_LIST) | T(OBJ_TUPLE) | T(OBJ_RANGE))
#define T_SIZED  (T_SEQ | T(OBJ_DICT) | T(OBJ_SET))
#define T_VALUES (T_NUM | T_SIZED)

/* int's own methods take ints only: (1).__eq__(1.0) is NotImplemented
 * (float's methods take both) */
static bool int_meets_float(Value self, Value other) { return is_int(self) && IS_FLOAT(other); }

static bool slot_compare(VM *vm, int cmp, Value *args, int nargs, Value *out) {
  if (!want(vm, "comparison", nargs, 1)) return false;
  if (int_meets_float(args[0], args[1])) {
    *out = VAL_NOTIMPL;
    return true;
  }
  return ops_compare_builtin(vm, cmp, args[0], args[1], out);
}

#define SLOT_COMPARE(fname, cmp)                                             \
  static bool fname(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) { \
    (void)kw;                                                                \
    return slot_compare(vm, cmp, args, nargs, out);                          \
  }
SLOT_COMPARE(slot_lt, CMP_LT)
SLOT_COMPARE(slot_le, CMP_LE)
SLOT_COMPARE(slot_eq, CMP_EQ)
SLOT_COMPARE(slot_ne, CMP_NE)
SLOT_COMPARE(slot_gt, CMP_GT)
SLOT_COMPARE(slot_ge, CMP_GE)

/* form 0: a.__op__(b), 1: b.__rop__(a) as a op b, 2: a.__iop__(b) */
static bool slot_binary(VM *vm, int op, int form, Value *args, int nargs, Value *out) {
  if (!want(vm, "operator", nargs, 1)) return false;
  if (int_meets_float(args[0], args[1])) {
    *out = VAL_NOTIMPL;
    return true;
  }
  Value a = form == 1 ? args[1] : args[0], b = form == 1 ? args[0] : args[1];
  if (form == 2) return ops_inplace(vm, (Opcode)op, a, b, out);
  if (!ops_binary_builtin(vm, op, a, b, out)) return false;
  /* int's &, | and ^ of two bools give an int (bool's own give a bool) */
  if (*out == VAL_TRUE || *out == VAL_FALSE) *out = SMALL_VAL(*out == VAL_TRUE);
  /* + and * of sequences are theirs alone, with their own errors */
  if (*out == VAL_NOTIMPL && (op == OP_ADD || op == OP_MUL) && !IS_INSTANCE(args[1]) &&
      (IS_STR(args[0]) || IS_LIST(args[0]) || IS_TUPLE(args[0])))
    return ops_binary(vm, (Opcode)op, a, b, out);
  return true;
}

#define SLOT_BINARY(stem, op)                                                       \
  static bool slot_##stem(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {  \
    (void)kw;                                                                       \
    return slot_binary(vm, op, 0, args, nargs, out);                                \
  }                                                                                 \
  static bool slot_r##stem(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) { \
    (void)kw;                                                                       \
    return slot_binary(vm, op, 1, args, nargs, out);                                \
  }                                                                                 \
  static bool slot_i##stem(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) { \
    (void)kw;                                                                       \
    return slot_binary(vm, op, 2, args, nargs, out);                                \
  }
SLOT_BINARY(add, OP_ADD)
SLOT_BINARY(sub, OP_SUB)
SLOT_BINARY(mul, OP_MUL)
SLOT_BINARY(truediv, OP_DIV)
SLOT_BINARY(floordiv, OP_FLOORDIV)
SLOT_BINARY(mod, OP_MOD)
SLOT_BINARY(pow, OP_POW)
SLOT_BINARY(lshift, OP_LSHIFT)
SLOT_BINARY(rshift, OP_RSHIFT)
SLOT_BINARY(and, OP_AND)
SLOT_BINARY(or, OP_OR)
SLOT_BINARY(xor, OP_XOR)

static bool slot_unary(VM *vm, Opcode op, Value *args, int nargs, Value *out) {
  if (!want(vm, "operator", nargs, 0)) return false;
  return ops_unary(vm, op, args[0], out);
}

static bool slot_neg(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  return slot_unary(vm, OP_NEG, args, nargs, out);
}
static bool slot_pos(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  return slot_unary(vm, OP_POS, args, nargs, out);
}
static bool slot_invert(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  return slot_unary(vm, OP_INVERT, args, nargs, out);
}

static bool slot_abs(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!want(vm, "__abs__", nargs, 0)) return false;
  if (!ops_compare_builtin(vm, CMP_LT, args[0], SMALL_VAL(0), out)) return false;
  if (*out != VAL_TRUE) {
    *out = args[0];
    return true;
  }
  return ops_unary(vm, OP_NEG, args[0], out);
}

static bool slot_bool(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!want(vm, "__bool__", nargs, 0)) return false;
  bool t;
  if (!ops_truthy(vm, args[0], &t)) return false;
  *out = BOOL_VAL(t);
  return true;
}

static bool slot_len(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  int64_t n;
  if (!want(vm, "__len__", nargs, 0) || !ops_len(vm, args[0], &n)) return false;
  *out = obj_int(vm, n);
  return !IS_UNDEF(*out);
}

static bool slot_hash(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  int64_t h;
  if (!want(vm, "__hash__", nargs, 0) || !ops_hash(vm, args[0], &h)) return false;
  *out = obj_int(vm, h);
  return !IS_UNDEF(*out);
}

static bool slot_getitem(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  return want(vm, "__getitem__", nargs, 1) && ops_getitem(vm, args[0], args[1], out);
}

static bool slot_setitem(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  *out = VAL_NONE;
  return want(vm, "__setitem__", nargs, 2) && ops_setitem(vm, args[0], args[1], args[2]);
}

static bool slot_delitem(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  *out = VAL_NONE;
  return want(vm, "__delitem__", nargs, 1) && ops_delitem(vm, args[0], args[1]);
}

static bool slot_contains(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  bool in;
  if (!want(vm, "__contains__", nargs, 1) || !ops_contains(vm, args[0], args[1], &in)) return false;
  *out = BOOL_VAL(in);
  return true;
}

static bool slot_iter(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  return want(vm, "__iter__", nargs, 0) && ops_iter(vm, args[0], out);
}

/* bool's own __and__, __or__, __xor__ (and reflected), which keep a
 * bool: the operators' own results. */
static bool bool_binary(VM *vm, int op, bool reflected, Value *args, int nargs, Value *out) {
  if (!want(vm, "operator", nargs, 1)) return false;
  return ops_binary_builtin(vm, op, reflected ? args[1] : args[0], reflected ? args[0] : args[1],
                            out);
}

#define BOOL_BINARY(stem, op)                                                       \
  static bool bool_##stem(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {  \
    (void)kw;                                                                       \
    return bool_binary(vm, op, false, args, nargs, out);                            \
  }                                                                                 \
  static bool bool_r##stem(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) { \
    (void)kw;                                                                       \
    return bool_binary(vm, op, true, args, nargs, out);                             \
  }
BOOL_BINARY(and, OP_AND)
BOOL_BINARY(or, OP_OR)
BOOL_BINARY(xor, OP_XOR)

static bool bool_repr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  return want(vm, "__repr__", nargs, 0) && repr_out(vm, args[0], out);
}

static bool slot_repr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!want(vm, "__repr__", nargs, 0)) return false;
  /* int's __repr__ of a bool writes its number */
  Value v = args[0] == VAL_TRUE || args[0] == VAL_FALSE ? SMALL_VAL(args[0] == VAL_TRUE) : args[0];
  return repr_out(vm, v, out);
}

/* str.__str__: the string itself (object's __str__ would give its repr). */
static bool slot_str(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!want(vm, "__str__", nargs, 0)) return false;
  *out = args[0];
  return true;
}

typedef struct {
  const char *name;
  NativeFn fn;
  uint32_t types; /* T(...) bits of the built-in types that have it */
} SlotMethod;

#define BINOP_SLOTS(stem, types, rtypes, itypes)                                     \
  {"__" #stem "__", slot_##stem, types}, {"__r" #stem "__", slot_r##stem, rtypes}, { \
    "__i" #stem "__", slot_i##stem, itypes                                           \
  }

static const SlotMethod slot_methods[] = {
    {"__lt__", slot_lt, T_VALUES | T(OBJ_SLICE)},
    {"__le__", slot_le, T_VALUES | T(OBJ_SLICE)},
    {"__eq__", slot_eq, T_VALUES | T(OBJ_SLICE)},
    {"__ne__", slot_ne, T_VALUES | T(OBJ_SLICE)},
    {"__gt__", slot_gt, T_VALUES | T(OBJ_SLICE)},
    {"__ge__", slot_ge, T_VALUES | T(OBJ_SLICE)},
    {"__hash__", slot_hash, T_NUM | T(OBJ_STR) | T(OBJ_TUPLE) | T(OBJ_RANGE)},
    {"__repr__", slot_repr, T_VALUES | T(OBJ_SLICE)},
    {"__str__", slot_str, T(OBJ_STR)},
    {"__len__", slot_len, T_SIZED},
    {"__getitem__", slot_getitem, T_SEQ | T(OBJ_DICT)},
    {"__setitem__", slot_setitem, T(OBJ_LIST) | T(OBJ_DICT)},
    {"__delitem__", slot_delitem, T(OBJ_LIST) | T(OBJ_DICT)},
    {"__contains__", slot_contains, T_SIZED},
    {"__iter__", slot_iter, T_SIZED},
    {"__bool__", slot_bool, T_NUM},
    {"__neg__", slot_neg, T_NUM},
    {"__pos__", slot_pos, T_NUM},
    {"__abs__", slot_abs, T_NUM},
    {"__invert__", slot_invert, T(OBJ_INT)},
    BINOP_SLOTS(add, T_NUM | T(OBJ_STR) | T(OBJ_LIST) | T(OBJ_TUPLE), T_NUM, T(OBJ_LIST)),
    BINOP_SLOTS(sub, T_NUM | T(OBJ_SET), T_NUM | T(OBJ_SET), T(OBJ_SET)),
    BINOP_SLOTS(mul, T_NUM | T(OBJ_STR) | T(OBJ_LIST) | T(OBJ_TUPLE),
                T_NUM | T(OBJ_STR) | T(OBJ_LIST) | T(OBJ_TUPLE), T(OBJ_LIST)),
    BINOP_SLOTS(truediv, T_NUM, T_NUM, 0),
    BINOP_SLOTS(floordiv, T_NUM, T_NUM, 0),
    BINOP_SLOTS(mod, T_NUM | T(OBJ_STR), T_NUM | T(OBJ_STR), 0),
    BINOP_SLOTS(pow, T_NUM, T_NUM, 0),
    BINOP_SLOTS(lshift, T(OBJ_INT), T(OBJ_INT), 0),
    BINOP_SLOTS(rshift, T(OBJ_INT), T(OBJ_INT), 0),
    BINOP_SLOTS(and, T(OBJ_INT) | T(OBJ_SET), T(OBJ_INT) | T(OBJ_SET), T(OBJ_SET)),
    BINOP_SLOTS(or, T(OBJ_INT) | T(OBJ_SET) | T(OBJ_DICT), T(OBJ_INT) | T(OBJ_SET) | T(OBJ_DICT),
                T(OBJ_SET) | T(OBJ_DICT)),
    BINOP_SLOTS(xor, T(OBJ_INT) | T(OBJ_SET), T(OBJ_INT) | T(OBJ_SET), T(OBJ_SET)),
};

static void slot(VM *vm, Class *k, const char *name, NativeFn fn) {
  reg_method(vm, k, name, fn, NATIVE_SLOT);
}

/* ------------------------------------------------------- mappingproxy */

/* A class's __dict__.  CPython's holds entries lst's classes do not have
 * (the __dict__ and __weakref__ descriptors), so what would show them
 * (its length, iteration, repr) is refused; looking names up is exact. */
#define PROXY_DICT(v) AS_DICT(AS_INSTANCE(v)->payload)

static bool proxy_hidden(VM *vm, Value key) {
  bool hidden = IS_STR(key) && (strcmp(AS_STR(key)->data, "__dict__") == 0 ||
                                strcmp(AS_STR(key)->data, "__weakref__") == 0);
  if (hidden)
    return err_refuse(vm, "the %s entry of a class's __dict__ is not supported by lst",
                      AS_STR(key)->data);
  return true;
}

static bool proxy_getitem(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  bool found;
  if (!want(vm, "__getitem__", nargs, 1) || !proxy_hidden(vm, args[1])) return false;
  if (!dict_get(vm, PROXY_DICT(args[0]), args[1], out, &found)) return false;
  return found || err_raise_value(vm, vm->b.key_error, args[1]);
}

static bool proxy_get(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  bool found;
  if (!arg_count(vm, "get", nargs - 1, 1, 2) || !proxy_hidden(vm, args[1])) return false;
  if (!dict_get(vm, PROXY_DICT(args[0]), args[1], out, &found)) return false;
  if (!found) *out = nargs > 2 ? args[2] : VAL_NONE;
  return true;
}

static bool proxy_contains(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  bool found;
  Value v;
  if (!want(vm, "__contains__", nargs, 1) || !proxy_hidden(vm, args[1])) return false;
  if (!dict_get(vm, PROXY_DICT(args[0]), args[1], &v, &found)) return false;
  *out = BOOL_VAL(found);
  return true;
}

static bool proxy_refused(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)args;
  (void)nargs;
  (void)kw;
  (void)out;
  return err_refuse(vm,
                    "listing a class's __dict__ is not supported by lst (its entries differ from "
                    "CPython's)");
}

static void mappingproxy_register(VM *vm) {
  Class *k = reg_hidden_type(vm, "mappingproxy", OBJ_INSTANCE);
  vm->b.mappingproxy = k;
  slot(vm, k, "__getitem__", proxy_getitem);
  slot(vm, k, "__contains__", proxy_contains);
  reg_method(vm, k, "get", proxy_get, 0);
  static const char *const refused[] = {"__len__", "__iter__", "__repr__", "keys",
                                        "values",  "items",    "copy"};
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
    reg_method(vm, k, refused[i], proxy_refused, NATIVE_SLOT);
}

/* ------------------------------------------------------------- values */

static bool ctor_singleton(VM *vm, Value *args, int nargs, Tuple *kw, Value *out, Value v,
                           const char *name) {
  (void)args;
  if (nargs || (kw && kw->len))
    return err_raise(vm, vm->b.type_error, "%s takes no arguments", name);
  *out = v;
  return true;
}

static bool ctor_notimpl(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  return ctor_singleton(vm, args, nargs, kw, out, VAL_NOTIMPL, "NotImplementedType");
}

static bool ctor_ellipsis(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  return ctor_singleton(vm, args, nargs, kw, out, VAL_ELLIPSIS, "ellipsis");
}

void lib_object_register(VM *vm) {
  Class *o = vm->b.object;
  /* of object's slots only these two take keywords (and say what of them) */
  reg_method(vm, o, "__init__", obj_init, NATIVE_SLOT | NATIVE_KW);
  reg_method(vm, o, "__new__", obj_new, NATIVE_SLOT | NATIVE_KW);
  slot(vm, o, "__eq__", obj_eq);
  slot(vm, o, "__ne__", obj_ne);
  slot(vm, o, "__lt__", obj_order);
  slot(vm, o, "__le__", obj_order);
  slot(vm, o, "__gt__", obj_order);
  slot(vm, o, "__ge__", obj_order);
  slot(vm, o, "__hash__", obj_hash);
  slot(vm, o, "__repr__", obj_repr);
  slot(vm, o, "__str__", obj_str);
  slot(vm, o, "__sizeof__", obj_sizeof);
  slot(vm, o, "__getattribute__", obj_getattribute);
  slot(vm, o, "__setattr__", obj_setattr);
  slot(vm, o, "__delattr__", obj_delattr);
  for (size_t i = 0; i < sizeof slot_methods / sizeof slot_methods[0]; i++)
    for (int t = 0; t < OBJ_TYPE_COUNT; t++)
      if ((slot_methods[i].types & T(t)) && vm->b.type[t])
        slot(vm, vm->b.type[t], slot_methods[i].name, slot_methods[i].fn);
  /* bool's own, which CPython's bool has: they keep a bool where int's
   * give an int */
  static const struct {
    const char *name;
    NativeFn fn;
  } bool_slots[] = {{"__repr__", bool_repr}, {"__and__", bool_and}, {"__rand__", bool_rand},
                    {"__or__", bool_or},     {"__ror__", bool_ror}, {"__xor__", bool_xor},
                    {"__rxor__", bool_rxor}};
  for (size_t i = 0; i < sizeof bool_slots / sizeof bool_slots[0]; i++)
    slot(vm, vm->b.bool_, bool_slots[i].name, bool_slots[i].fn);
  /* the mutable containers are unhashable: their __hash__ is None */
  const ObjType unhashable[] = {OBJ_LIST, OBJ_DICT, OBJ_SET};
  for (size_t i = 0; i < 3; i++) reg_value(vm, vm->b.type[unhashable[i]], "__hash__", VAL_NONE);
  mappingproxy_register(vm);
  vm->b.method_wrapper = reg_hidden_type(vm, "method-wrapper", OBJ_INSTANCE);
  vm->b.wrapper_descriptor = reg_hidden_type(vm, "wrapper_descriptor", OBJ_INSTANCE);
  vm->b.method_descriptor = reg_hidden_type(vm, "method_descriptor", OBJ_INSTANCE);
  vm->b.not_implemented_type = reg_hidden_type(vm, "NotImplementedType", OBJ_INSTANCE);
  vm->b.not_implemented_type->ctor = ctor_notimpl;
  vm->b.ellipsis_type = reg_hidden_type(vm, "ellipsis", OBJ_INSTANCE);
  vm->b.ellipsis_type->ctor = ctor_ellipsis;
  vm_define_builtin(vm, "NotImplemented", VAL_NOTIMPL);
  vm_define_builtin(vm, "Ellipsis", VAL_ELLIPSIS);
}
