/* ops.c: the generic operations on values, each dispatching on the kind of
 * its operands and falling back to a user class's special methods.
 * Messages are CPython's, word for word. */
#include "core/ops.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/gc.h"
#include "base/hash.h"
#include "base/str.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/format.h"
#include "core/list.h"
#include "core/number.h"
#include "core/repr.h"
#include "core/set.h"
#include "core/special.h"

/* The special method name of an instance's class (see class_special):
 * false when v is not an instance or its class has none. */
static bool special(VM *vm, Value v, Str *name, Value *method) {
  if (!IS_INSTANCE(v)) return false;
  *method = class_special(vm, AS_INSTANCE(v)->klass, name);
  return !IS_UNDEF(*method);
}

/* ---------------------------------------------------------------- truth */

bool ops_truthy(VM *vm, Value v, bool *out) {
  if (v == VAL_TRUE) {
    *out = true;
    return true;
  }
  if (v == VAL_FALSE || v == VAL_NONE) {
    *out = false;
    return true;
  }
  if (v == VAL_NOTIMPL)
    return err_refuse(
        vm, "the truth of NotImplemented (deprecated in CPython) is not supported by lst");
  if (IS_SMALL(v)) {
    *out = AS_SMALL(v) != 0;
    return true;
  }
  Obj *o = AS_OBJ(v);
  switch ((ObjType)o->type) {
  case OBJ_INT: *out = true; return true;
  case OBJ_FLOAT: *out = ((Float *)o)->v != 0; return true;
  case OBJ_STR: *out = ((Str *)o)->len != 0; return true;
  case OBJ_LIST: *out = ((List *)o)->len != 0; return true;
  case OBJ_TUPLE: *out = ((Tuple *)o)->len != 0; return true;
  case OBJ_DICT: *out = ((Dict *)o)->used != 0; return true;
  case OBJ_SET: *out = ((Set *)o)->used != 0; return true;
  case OBJ_RANGE: *out = ((Range *)o)->len != 0; return true;
  case OBJ_DICTVIEW: *out = ((DictView *)o)->dict->used != 0; return true;
  case OBJ_INSTANCE: return special_truthy(vm, v, out);
  default: *out = true; return true;
  }
}

/* ------------------------------------------------------------- equality */

static bool seq_eq(VM *vm, const Value *a, int64_t na, const Value *b, int64_t nb, bool *out) {
  if (na != nb) {
    *out = false;
    return true;
  }
  if (vm->native_depth >= VM_MAX_NATIVE_DEPTH)
    return err_raise(vm, vm->b.recursion_error, "maximum recursion depth exceeded in comparison");
  vm->native_depth++;
  bool ok = true;
  *out = true;
  for (int64_t i = 0; i < na && i < nb; i++) {
    bool eq;
    if (!(ok = ops_eq(vm, a[i], b[i], &eq))) break;
    if (!eq) {
      *out = false;
      break;
    }
  }
  vm->native_depth--;
  return ok;
}

static bool dict_eq(VM *vm, Dict *a, Dict *b, bool *out) {
  *out = false;
  if (a->used != b->used) return true;
  for (int64_t i = 0; i < a->nentries; i++) {
    DictEntry e = a->entries[i];
    if (IS_UNDEF(e.key)) continue;
    Value bv;
    bool found, eq;
    if (!dict_get(vm, b, e.key, &bv, &found)) return false;
    if (!found) return true;
    if (!ops_eq(vm, e.value, bv, &eq)) return false;
    if (!eq) return true;
  }
  *out = true;
  return true;
}

static bool set_subset(VM *vm, Set *a, Set *b, bool *out) {
  *out = false;
  if (a->used > b->used) return true;
  int64_t pos = 0;
  Value k;
  while (set_next(a, &pos, &k)) {
    bool in;
    if (!set_contains(vm, b, k, &in)) return false;
    if (!in) return true;
  }
  *out = true;
  return true;
}

bool ops_eq(VM *vm, Value a, Value b, bool *out) {
  /* identity first, as CPython's containers compare (so [nan] == [nan]) */
  if (a == b) {
    *out = true;
    return true;
  }
  if (is_number(a) && is_number(b)) {
    *out = number_compare(a, b) == 0;
    return true;
  }
  if (IS_STR(a) && IS_STR(b)) {
    *out = str_eq(AS_STR(a), AS_STR(b));
    return true;
  }
  if (IS_LIST(a) && IS_LIST(b))
    return seq_eq(vm, AS_LIST(a)->items, AS_LIST(a)->len, AS_LIST(b)->items, AS_LIST(b)->len, out);
  if (IS_TUPLE(a) && IS_TUPLE(b))
    return seq_eq(vm, AS_TUPLE(a)->items, AS_TUPLE(a)->len, AS_TUPLE(b)->items, AS_TUPLE(b)->len,
                  out);
  Value r;
  if (!ops_compare(vm, CMP_EQ, a, b, &r)) return false;
  return ops_truthy(vm, r, out);
}

/* ------------------------------------------------------------- ordering */

static bool cmp_result(int cmp, int c) {
  switch (cmp) {
  case CMP_LT: return c < 0;
  case CMP_LE: return c <= 0;
  case CMP_GT: return c > 0;
  case CMP_GE: return c >= 0;
  case CMP_EQ: return c == 0;
  default: return c != 0;
  }
}

/* Lists and tuples: the first items that differ decide, else the lengths. */
static bool seq_compare(VM *vm, int cmp, const Value *a, int64_t na, const Value *b, int64_t nb,
                        Value *out) {
  if ((cmp == CMP_EQ || cmp == CMP_NE) && na != nb) {
    *out = BOOL_VAL(cmp == CMP_NE);
    return true;
  }
  if (vm->native_depth >= VM_MAX_NATIVE_DEPTH)
    return err_raise(vm, vm->b.recursion_error, "maximum recursion depth exceeded in comparison");
  vm->native_depth++;
  bool ok = true;
  int64_t i = 0;
  for (; i < na && i < nb; i++) {
    bool eq;
    if (!(ok = ops_eq(vm, a[i], b[i], &eq))) break;
    if (!eq) break;
  }
  if (ok) {
    if (i >= na || i >= nb)
      *out = BOOL_VAL(cmp_result(cmp, na < nb ? -1 : na > nb));
    else if (cmp == CMP_EQ || cmp == CMP_NE)
      *out = BOOL_VAL(cmp == CMP_NE);
    else
      ok = ops_compare(vm, cmp, a[i], b[i], out);
  }
  vm->native_depth--;
  return ok;
}

/* Sets (and the set-like dict views) by inclusion. */
static bool set_compare(VM *vm, int cmp, Set *x, Set *y, Value *out) {
  bool r;
  switch (cmp) {
  case CMP_EQ:
  case CMP_NE:
    if (x->used != y->used)
      r = false;
    else if (!set_subset(vm, x, y, &r))
      return false;
    if (cmp == CMP_NE) r = !r;
    break;
  case CMP_LE:
    if (!set_subset(vm, x, y, &r)) return false;
    break;
  case CMP_GE:
    if (!set_subset(vm, y, x, &r)) return false;
    break;
  case CMP_LT:
    if (!set_subset(vm, x, y, &r)) return false;
    r = r && x->used < y->used;
    break;
  default:
    if (!set_subset(vm, y, x, &r)) return false;
    r = r && y->used < x->used;
    break;
  }
  *out = BOOL_VAL(r);
  return true;
}

/* A set, or a keys or items view as the set of what it shows; NULL for
 * anything else. */
static bool as_set_like(VM *vm, Value v, Set **out) {
  *out = NULL;
  if (IS_SET(v)) {
    *out = AS_SET(v);
    return true;
  }
  if (!is_obj_type(v, OBJ_DICTVIEW) || ((DictView *)AS_OBJ(v))->kind == VIEW_VALUES) return true;
  Set *s = set_new(vm);
  if (!s || !set_update(vm, s, v)) return false;
  *out = s;
  return true;
}

static bool eq_only(int cmp, bool eq, Value *out) {
  if (cmp != CMP_EQ && cmp != CMP_NE) {
    *out = VAL_NOTIMPL;
    return true;
  }
  *out = BOOL_VAL(eq == (cmp == CMP_EQ));
  return true;
}

bool ops_compare_builtin(VM *vm, int cmp, Value a, Value b, Value *out) {
  if (is_number(a) && is_number(b)) {
    int c = number_compare(a, b);
    *out = BOOL_VAL(c == 2 ? cmp == CMP_NE : cmp_result(cmp, c));
    return true;
  }
  *out = VAL_NOTIMPL;
  if (!IS_OBJ(a) || !IS_OBJ(b)) return true;
  if (OBJ_TYPE(a) == OBJ_TYPE(b)) {
    switch ((ObjType)OBJ_TYPE(a)) {
    case OBJ_STR: *out = BOOL_VAL(cmp_result(cmp, str_cmp(AS_STR(a), AS_STR(b)))); return true;
    case OBJ_LIST:
      return seq_compare(vm, cmp, AS_LIST(a)->items, AS_LIST(a)->len, AS_LIST(b)->items,
                         AS_LIST(b)->len, out);
    case OBJ_TUPLE:
      return seq_compare(vm, cmp, AS_TUPLE(a)->items, AS_TUPLE(a)->len, AS_TUPLE(b)->items,
                         AS_TUPLE(b)->len, out);
    case OBJ_DICT: {
      if (cmp != CMP_EQ && cmp != CMP_NE) return true;
      bool eq;
      if (!dict_eq(vm, AS_DICT(a), AS_DICT(b), &eq)) return false;
      return eq_only(cmp, eq, out);
    }
    case OBJ_SET: return set_compare(vm, cmp, AS_SET(a), AS_SET(b), out);
    case OBJ_RANGE: {
      Range *x = AS_RANGE(a), *y = AS_RANGE(b);
      return eq_only(cmp,
                     x->len == y->len && (x->len == 0 || (x->start == y->start &&
                                                          (x->len == 1 || x->step == y->step))),
                     out);
    }
    case OBJ_BOUND: {
      Bound *x = (Bound *)AS_OBJ(a), *y = (Bound *)AS_OBJ(b);
      if (cmp != CMP_EQ && cmp != CMP_NE) return true;
      bool eq = x->self == y->self;
      if (eq && !ops_eq(vm, x->func, y->func, &eq)) return false;
      return eq_only(cmp, eq, out);
    }
    case OBJ_NATIVE: {
      Native *x = AS_NATIVE(a), *y = AS_NATIVE(b);
      return eq_only(cmp, x->fn == y->fn && x->self == y->self && x->owner == y->owner, out);
    }
    case OBJ_SLICE: {
      Slice *x = (Slice *)AS_OBJ(a), *y = (Slice *)AS_OBJ(b);
      Value xs[3] = {x->start, x->stop, x->step}, ys[3] = {y->start, y->stop, y->step};
      return seq_compare(vm, cmp, xs, 3, ys, 3, out);
    }
    default: break;
    }
  }
  Set *x, *y;
  if (!as_set_like(vm, a, &x)) return false;
  if (x && !as_set_like(vm, b, &y)) return false;
  if (x && y && (!IS_SET(a) || !IS_SET(b))) return set_compare(vm, cmp, x, y, out);
  return true;
}

bool ops_compare(VM *vm, int cmp, Value a, Value b, Value *out) {
  switch (cmp) {
  case CMP_IS: *out = BOOL_VAL(a == b); return true;
  case CMP_IS_NOT: *out = BOOL_VAL(a != b); return true;
  case CMP_IN:
  case CMP_NOT_IN: {
    bool in;
    if (!ops_contains(vm, b, a, &in)) return false;
    *out = BOOL_VAL(cmp == CMP_IN ? in : !in);
    return true;
  }
  default: break;
  }
  if (is_number(a) && is_number(b)) {
    int c = number_compare(a, b);
    *out = BOOL_VAL(c == 2 ? cmp == CMP_NE : cmp_result(cmp, c));
    return true;
  }
  return special_compare(vm, cmp, a, b, out);
}

bool ops_lt(VM *vm, Value a, Value b, bool *out) {
  if (is_number(a) && is_number(b)) {
    *out = number_compare(a, b) == -1;
    return true;
  }
  if (IS_STR(a) && IS_STR(b)) {
    *out = str_cmp(AS_STR(a), AS_STR(b)) < 0;
    return true;
  }
  Value r;
  if (!ops_compare(vm, CMP_LT, a, b, &r)) return false;
  return ops_truthy(vm, r, out);
}

/* -------------------------------------------------------------- hashing */

bool ops_hash(VM *vm, Value v, int64_t *out) {
  if (IS_SMALL(v)) {
    *out = hash_int(AS_SMALL(v));
    return true;
  }
  if (IS_BOOL(v)) {
    *out = v == VAL_TRUE;
    return true;
  }
  if (IS_NONE(v)) {
    *out = 0xFCA86420 >> 4;
    return true;
  }
  Obj *o = AS_OBJ(v);
  switch ((ObjType)o->type) {
  case OBJ_INT: *out = hash_int(((Int *)o)->v); return true;
  case OBJ_FLOAT: *out = hash_double(((Float *)o)->v); return true;
  case OBJ_STR: *out = str_hash((Str *)o); return true;
  case OBJ_TUPLE: {
    Tuple *t = (Tuple *)o;
    TupleHash th;
    hash_tuple_begin(&th);
    if (vm->native_depth >= VM_MAX_NATIVE_DEPTH)
      return err_raise(vm, vm->b.recursion_error, "maximum recursion depth exceeded");
    vm->native_depth++;
    for (int64_t i = 0; i < t->len; i++) {
      int64_t h;
      if (!ops_hash(vm, t->items[i], &h)) {
        vm->native_depth--;
        return false;
      }
      hash_tuple_add(&th, h);
    }
    vm->native_depth--;
    *out = hash_tuple_end(&th);
    return true;
  }
  case OBJ_RANGE: {
    Range *r = (Range *)o;
    TupleHash th;
    hash_tuple_begin(&th);
    hash_tuple_add(&th, hash_int(r->len));
    hash_tuple_add(&th, r->len ? hash_int(r->start) : 0);
    hash_tuple_add(&th, r->len > 1 ? hash_int(r->step) : 0);
    *out = hash_tuple_end(&th);
    return true;
  }
  case OBJ_LIST:
  case OBJ_DICT:
  case OBJ_SET:
  case OBJ_DICTVIEW:
  case OBJ_SLICE:
    return err_raise(vm, vm->b.type_error, "unhashable type: '%s'", class_name_of(vm, v));
  case OBJ_BOUND: {
    /* equal methods hash alike: the receiver's identity and the function's */
    Bound *b = (Bound *)o;
    int64_t hf;
    if (!ops_hash(vm, b->func, &hf)) return false;
    *out = (IS_OBJ(b->self) ? hash_pointer(AS_OBJ(b->self)) : (int64_t)b->self) ^ hf;
    if (*out == -1) *out = -2;
    return true;
  }
  case OBJ_NATIVE: {
    Native *n = (Native *)o;
    uintptr_t self =
        IS_OBJ(n->self) ? (uintptr_t)hash_pointer(AS_OBJ(n->self)) : (uintptr_t)n->self;
    *out = (int64_t)((((uintptr_t)n->fn) >> 4) ^ self);
    if (*out == -1) *out = -2;
    return true;
  }
  case OBJ_INSTANCE: {
    /* a class that defines __eq__ without __hash__ has __hash__ None */
    Instance *in = (Instance *)o;
    Value m = class_special(vm, in->klass, vm->s_hash);
    if (IS_NONE(m))
      return err_raise(vm, vm->b.type_error, "unhashable type: '%s'", in->klass->name->data);
    if (IS_UNDEF(m)) {
      *out = hash_pointer(o);
      return true;
    }
    Value r;
    if (!special_call(vm, m, v, NULL, 0, &r)) return false;
    if (!is_int(r))
      return err_raise(vm, vm->b.type_error, "__hash__ method should return an integer");
    /* CPython reduces the method's int modulo 2**61 - 1 (and -1 becomes -2) */
    *out = hash_int(as_int(r));
    return true;
  }
  default: *out = hash_pointer(o); return true;
  }
}

/* --------------------------------------------------------------- length */

bool ops_builtin_len(Value v, int64_t *out) {
  if (!IS_OBJ(v)) return false;
  Obj *o = AS_OBJ(v);
  switch ((ObjType)o->type) {
  case OBJ_STR: *out = ((Str *)o)->nchars; return true;
  case OBJ_LIST: *out = ((List *)o)->len; return true;
  case OBJ_TUPLE: *out = ((Tuple *)o)->len; return true;
  case OBJ_DICT: *out = ((Dict *)o)->used; return true;
  case OBJ_SET: *out = ((Set *)o)->used; return true;
  case OBJ_RANGE: *out = ((Range *)o)->len; return true;
  case OBJ_DICTVIEW: *out = ((DictView *)o)->dict->used; return true;
  default: return false;
  }
}

bool ops_len(VM *vm, Value v, int64_t *out) {
  if (ops_builtin_len(v, out)) return true;
  if (IS_OBJ(v)) {
    Obj *o = AS_OBJ(v);
    switch ((ObjType)o->type) {
    case OBJ_INSTANCE: {
      Value m, r;
      if (!special(vm, v, vm->s_len, &m)) break;
      if (!special_call(vm, m, v, NULL, 0, &r)) return false;
      if (!is_int(r))
        return err_raise(vm, vm->b.type_error, "'%s' object cannot be interpreted as an integer",
                         class_name_of(vm, r));
      if (as_int(r) < 0) return err_raise(vm, vm->b.value_error, "__len__() should return >= 0");
      *out = as_int(r);
      return true;
    }
    default: break;
    }
  }
  return err_raise(vm, vm->b.type_error, "object of type '%s' has no len()", class_name_of(vm, v));
}

/* ------------------------------------------------------------ containers */

static bool seq_contains(VM *vm, const Value *items, int64_t n, Value x, bool *out) {
  for (int64_t i = 0; i < n; i++) {
    bool eq;
    if (!ops_eq(vm, items[i], x, &eq)) return false;
    if (eq) {
      *out = true;
      return true;
    }
  }
  *out = false;
  return true;
}

bool ops_contains(VM *vm, Value c, Value x, bool *out) {
  if (IS_OBJ(c)) {
    Obj *o = AS_OBJ(c);
    switch ((ObjType)o->type) {
    case OBJ_LIST: {
      List *l = (List *)o;
      for (int64_t i = 0; i < l->len; i++) {
        bool eq;
        if (!vm_poll(vm) || !ops_eq(vm, l->items[i], x, &eq)) return false;
        if (eq) {
          *out = true;
          return true;
        }
      }
      *out = false;
      return true;
    }
    case OBJ_TUPLE: return seq_contains(vm, ((Tuple *)o)->items, ((Tuple *)o)->len, x, out);
    case OBJ_STR: {
      if (!IS_STR(x))
        return err_raise(vm, vm->b.type_error,
                         "'in <string>' requires string as left operand, not %s",
                         class_name_of(vm, x));
      Str *s = (Str *)o, *t = AS_STR(x);
      if (t->len == 0) {
        *out = true;
        return true;
      }
      *out = t->len <= s->len && memmem(s->data, (size_t)s->len, t->data, (size_t)t->len) != NULL;
      return true;
    }
    case OBJ_DICT: {
      Value dummy;
      return dict_get(vm, (Dict *)o, x, &dummy, out);
    }
    case OBJ_SET: return set_contains(vm, (Set *)o, x, out);
    case OBJ_RANGE: {
      Range *r = (Range *)o;
      if (!is_int(x) && !IS_FLOAT(x)) {
        *out = false;
        return true;
      }
      int64_t v;
      if (IS_FLOAT(x)) {
        /* a float is in the range when it equals one of its ints: it must be
         * whole and within 64 bits (NaN fails both tests) */
        double d = AS_FLOAT(x);
        if (!(d >= -0x1p63 && d < 0x1p63) || d != floor(d)) {
          *out = false;
          return true;
        }
        v = (int64_t)d;
      } else {
        v = as_int(x);
      }
      *out = obj_range_position(r, v) >= 0;
      return true;
    }
    case OBJ_DICTVIEW: {
      DictView *dv = (DictView *)o;
      if (dv->kind == VIEW_KEYS) {
        Value dummy;
        return dict_get(vm, dv->dict, x, &dummy, out);
      }
      break;
    }
    case OBJ_INSTANCE: {
      Value m, r;
      if (special(vm, c, vm->s_contains, &m)) {
        if (!special_call(vm, m, c, &x, 1, &r)) return false;
        return ops_truthy(vm, r, out);
      }
      break;
    }
    default: break;
    }
  }
  /* fall back to iteration */
  Value it;
  if (!ops_iter(vm, c, &it)) {
    if (err_matches(vm->exc, vm->b.type_error)) {
      vm->exc = VAL_UNDEF;
      return err_raise(vm, vm->b.type_error, "argument of type '%s' is not iterable",
                       class_name_of(vm, c));
    }
    return false;
  }
  for (;;) {
    Value v;
    bool done, eq;
    if (!ops_next(vm, it, &v, &done)) return false;
    if (done) {
      *out = false;
      return true;
    }
    if (!ops_eq(vm, v, x, &eq)) return false;
    if (eq) {
      *out = true;
      return true;
    }
  }
}

bool ops_index_value(VM *vm, Value v, int64_t *out) {
  if (is_int(v)) {
    *out = as_int(v);
    return true;
  }
  Value i;
  bool found;
  if (!special_index(vm, v, &i, &found)) return false;
  if (found) {
    *out = as_int(i);
    return true;
  }
  return err_raise(vm, vm->b.type_error, "'%s' object cannot be interpreted as an integer",
                   class_name_of(vm, v));
}

static bool seq_index(VM *vm, Value key, int64_t len, const char *what, int64_t *out) {
  int64_t i;
  if (is_int(key)) {
    i = as_int(key);
  } else {
    Value v;
    bool found;
    if (!special_index(vm, key, &v, &found)) return false;
    if (!found)
      return err_raise(vm, vm->b.type_error, "%s indices must be integers or slices, not %s", what,
                       class_name_of(vm, key));
    i = as_int(v);
  }
  if (i < 0) i += len;
  if (i < 0 || i >= len) return false;
  *out = i;
  return true;
}

bool ops_getitem(VM *vm, Value obj, Value key, Value *out) {
  /* a slice of a built-in sequence is cut directly; any other object gets
   * the slice object through the item protocol below (ops_getslice sends
   * the rest back here, so only these may go there) */
  if (IS_SLICE(key) && (IS_LIST(obj) || IS_TUPLE(obj) || IS_STR(obj) || IS_RANGE(obj))) {
    Slice *sl = (Slice *)AS_OBJ(key);
    return ops_getslice(vm, obj, sl->start, sl->stop, sl->step, out);
  }
  if (IS_OBJ(obj)) {
    Obj *o = AS_OBJ(obj);
    int64_t i;
    switch ((ObjType)o->type) {
    case OBJ_LIST: {
      List *l = (List *)o;
      if (!seq_index(vm, key, l->len, "list", &i))
        return IS_UNDEF(vm->exc) ? err_raise(vm, vm->b.index_error, "list index out of range")
                                 : false;
      *out = l->items[i];
      return true;
    }
    case OBJ_TUPLE: {
      Tuple *t = (Tuple *)o;
      if (!seq_index(vm, key, t->len, "tuple", &i))
        return IS_UNDEF(vm->exc) ? err_raise(vm, vm->b.index_error, "tuple index out of range")
                                 : false;
      *out = t->items[i];
      return true;
    }
    case OBJ_STR: {
      Str *s = (Str *)o;
      if (!seq_index(vm, key, s->nchars, "string", &i))
        return IS_UNDEF(vm->exc) ? err_raise(vm, vm->b.index_error, "string index out of range")
                                 : false;
      Str *c = str_char_at(vm, s, i);
      if (!c) return false;
      *out = OBJ_VAL(c);
      return true;
    }
    case OBJ_RANGE: {
      Range *r = (Range *)o;
      if (!seq_index(vm, key, r->len, "range", &i))
        return IS_UNDEF(vm->exc)
                   ? err_raise(vm, vm->b.index_error, "range object index out of range")
                   : false;
      *out = obj_int(vm, obj_range_at(r, i));
      return !IS_UNDEF(*out);
    }
    case OBJ_DICT: {
      bool found;
      if (!dict_get(vm, (Dict *)o, key, out, &found)) return false;
      if (!found) { return err_raise_value(vm, vm->b.key_error, key); }
      return true;
    }
    case OBJ_INSTANCE: {
      Value m;
      if (special(vm, obj, vm->s_getitem, &m)) { return special_call(vm, m, obj, &key, 1, out); }
      break;
    }
    case OBJ_CLASS:
      return err_raise(vm, vm->b.type_error, "type '%s' is not subscriptable",
                       ((Class *)o)->name->data);
    default: break;
    }
  }
  return err_raise(vm, vm->b.type_error, "'%s' object is not subscriptable",
                   class_name_of(vm, obj));
}

bool ops_setitem(VM *vm, Value obj, Value key, Value value) {
  if (IS_SLICE(key) && IS_LIST(obj)) {
    Slice *sl = (Slice *)AS_OBJ(key);
    return list_set_slice(vm, AS_LIST(obj), sl->start, sl->stop, sl->step, value);
  }
  if (IS_LIST(obj)) {
    List *l = AS_LIST(obj);
    int64_t i;
    if (!seq_index(vm, key, l->len, "list", &i))
      return IS_UNDEF(vm->exc)
                 ? err_raise(vm, vm->b.index_error, "list assignment index out of range")
                 : false;
    l->items[i] = value;
    return true;
  }
  if (IS_DICT(obj)) return dict_set(vm, AS_DICT(obj), key, value);
  Value m;
  if (special(vm, obj, vm->s_setitem, &m)) {
    Value args[2] = {key, value}, r;
    return special_call(vm, m, obj, args, 2, &r);
  }
  /* CPython's one slot for both: a class with only __delitem__ fails to
   * find __setitem__ */
  if (special(vm, obj, vm->s_delitem, &m))
    return err_raise_value(vm, vm->b.attribute_error, OBJ_VAL(vm->s_setitem));
  return err_raise(vm, vm->b.type_error, "'%s' object does not support item assignment",
                   class_name_of(vm, obj));
}

bool ops_delitem(VM *vm, Value obj, Value key) {
  if (IS_SLICE(key) && IS_LIST(obj)) {
    Slice *sl = (Slice *)AS_OBJ(key);
    return list_del_slice(vm, AS_LIST(obj), sl->start, sl->stop, sl->step);
  }
  if (IS_LIST(obj)) {
    List *l = AS_LIST(obj);
    int64_t i;
    if (!seq_index(vm, key, l->len, "list", &i))
      return IS_UNDEF(vm->exc)
                 ? err_raise(vm, vm->b.index_error, "list assignment index out of range")
                 : false;
    return list_del_item(vm, l, i, "del");
  }
  if (IS_DICT(obj)) {
    bool found;
    if (!dict_del(vm, AS_DICT(obj), key, &found)) return false;
    if (!found) { return err_raise_value(vm, vm->b.key_error, key); }
    return true;
  }
  Value m;
  if (special(vm, obj, vm->s_delitem, &m)) {
    Value r;
    return special_call(vm, m, obj, &key, 1, &r);
  }
  if (special(vm, obj, vm->s_setitem, &m))
    return err_raise_value(vm, vm->b.attribute_error, OBJ_VAL(vm->s_delitem));
  /* CPython words it by the path it took: a type with sequence methods
   * (tuple, str, range, set, dict views, instances of classes written in
   * Python) given an index says "doesn't", anything else "does not" */
  bool sequence = IS_TUPLE(obj) || IS_STR(obj) || IS_RANGE(obj) || IS_SET(obj) ||
                  is_obj_type(obj, OBJ_DICTVIEW) ||
                  (IS_INSTANCE(obj) && !(AS_INSTANCE(obj)->klass->obj.flags & CLASS_BUILTIN));
  return err_raise(vm, vm->b.type_error, "'%s' object %s support item deletion",
                   class_name_of(vm, obj), sequence && is_int(key) ? "doesn't" : "does not");
}

/* obj[lo:hi:step] on anything but the built-in sequences: the item
 * protocol with a slice object as the key (what 0 get, 1 set, 2 delete). */
static bool slice_item(VM *vm, Value obj, Value lo, Value hi, Value step, Value value, int what,
                       Value *out) {
  Slice *sl = obj_slice_new(vm, lo, hi, step);
  if (!sl) return false;
  Value key = OBJ_VAL(sl);
  if (what == 0) return ops_getitem(vm, obj, key, out);
  if (what == 1) return ops_setitem(vm, obj, key, value);
  return ops_delitem(vm, obj, key);
}

bool ops_getslice(VM *vm, Value obj, Value lo, Value hi, Value step, Value *out) {
  if (IS_LIST(obj)) return list_get_slice(vm, AS_LIST(obj), lo, hi, step, out);
  int64_t a, b, st, n;
  if (IS_TUPLE(obj)) {
    Tuple *t = AS_TUPLE(obj);
    if (!list_slice_indices(vm, lo, hi, step, t->len, &a, &b, &st, &n)) return false;
    if (st == 1 && n == t->len) {
      *out = obj;
      return true;
    }
    Tuple *r = obj_tuple_new(vm, n);
    if (!r) return false;
    for (int64_t i = 0; i < n; i++) r->items[i] = t->items[a + i * st];
    *out = OBJ_VAL(r);
    return true;
  }
  if (IS_STR(obj)) {
    Str *s = AS_STR(obj);
    if (!list_slice_indices(vm, lo, hi, step, s->nchars, &a, &b, &st, &n)) return false;
    Str *r;
    if (st == 1) {
      int64_t from = str_offset(s, a), to = str_offset(s, a + n);
      r = str_new(vm, s->data + from, (size_t)(to - from));
    } else {
      Buf buf;
      buf_init(&buf);
      for (int64_t i = 0; i < n; i++) {
        int64_t off = str_offset(s, a + i * st);
        int len = 1;
        if (!s->ascii) str_decode(s->data + off, &len);
        buf_add(&buf, s->data + off, (size_t)len);
      }
      r = str_from_buf(vm, &buf);
    }
    if (!r) return false;
    *out = OBJ_VAL(r);
    return true;
  }
  if (IS_RANGE(obj)) {
    Range *rg = AS_RANGE(obj);
    if (!list_slice_indices(vm, lo, hi, step, rg->len, &a, &b, &st, &n)) return false;
    /* the new bounds may lie outside 64 bits, where CPython would go on
     * with big ints: lst refuses. The step is the one given, not the one
     * list_slice_indices clamped for walking a list. */
    int64_t start, stop, stride, off;
    if (__builtin_mul_overflow(a, rg->step, &off) ||
        __builtin_add_overflow(rg->start, off, &start) ||
        __builtin_mul_overflow(b, rg->step, &off) ||
        __builtin_add_overflow(rg->start, off, &stop) ||
        __builtin_mul_overflow(rg->step, is_int(step) ? as_int(step) : st, &stride))
      return number_overflow(vm);
    Range *r = obj_range_new(vm, start, stop, stride);
    if (!r) return false;
    *out = OBJ_VAL(r);
    return true;
  }
  return slice_item(vm, obj, lo, hi, step, VAL_UNDEF, 0, out);
}

bool ops_setslice(VM *vm, Value obj, Value lo, Value hi, Value step, Value value) {
  if (IS_LIST(obj)) return list_set_slice(vm, AS_LIST(obj), lo, hi, step, value);
  Value ignored;
  return slice_item(vm, obj, lo, hi, step, value, 1, &ignored);
}

bool ops_delslice(VM *vm, Value obj, Value lo, Value hi, Value step) {
  if (IS_LIST(obj)) return list_del_slice(vm, AS_LIST(obj), lo, hi, step);
  Value ignored;
  return slice_item(vm, obj, lo, hi, step, VAL_UNDEF, 2, &ignored);
}

/* ------------------------------------------------------------ iteration */

static bool make_iter(VM *vm, IterKind kind, Value src, Value *out) {
  Iter *it = obj_iter_new(vm, kind, src);
  if (!it) return false;
  if (kind == ITER_RANGE) {
    Range *r = AS_RANGE(src);
    it->index = r->start;
    it->end = r->len;
    it->step = r->step;
  } else if (kind == ITER_DICT_KEYS || kind == ITER_DICT_VALUES || kind == ITER_DICT_ITEMS) {
    it->end = AS_DICT(src)->used;
  } else if (kind == ITER_SET) {
    it->end = AS_SET(src)->used;
  }
  *out = OBJ_VAL(it);
  return true;
}

bool ops_iterable(VM *vm, Value v) {
  if (!IS_OBJ(v)) return false;
  switch ((ObjType)AS_OBJ(v)->type) {
  case OBJ_LIST:
  case OBJ_TUPLE:
  case OBJ_STR:
  case OBJ_RANGE:
  case OBJ_DICT:
  case OBJ_SET:
  case OBJ_DICTVIEW:
  case OBJ_ITER:
  case OBJ_GENERATOR: return true;
  case OBJ_INSTANCE: {
    Value m;
    return special(vm, v, vm->s_iter, &m) || special(vm, v, vm->s_next, &m) ||
           special(vm, v, vm->s_getitem, &m);
  }
  default: return false;
  }
}

bool ops_iter(VM *vm, Value v, Value *out) {
  if (IS_OBJ(v)) {
    Obj *o = AS_OBJ(v);
    switch ((ObjType)o->type) {
    case OBJ_LIST: return make_iter(vm, ITER_LIST, v, out);
    case OBJ_TUPLE: return make_iter(vm, ITER_TUPLE, v, out);
    case OBJ_STR: return make_iter(vm, ITER_STR, v, out);
    case OBJ_RANGE: return make_iter(vm, ITER_RANGE, v, out);
    case OBJ_DICT: return make_iter(vm, ITER_DICT_KEYS, v, out);
    case OBJ_SET: return make_iter(vm, ITER_SET, v, out);
    case OBJ_DICTVIEW: {
      DictView *dv = (DictView *)o;
      return make_iter(vm,
                       dv->kind == VIEW_KEYS     ? ITER_DICT_KEYS
                       : dv->kind == VIEW_VALUES ? ITER_DICT_VALUES
                                                 : ITER_DICT_ITEMS,
                       OBJ_VAL(dv->dict), out);
    }
    case OBJ_ITER:
    case OBJ_GENERATOR: *out = v; return true;
    case OBJ_INSTANCE: {
      Value m;
      if (special(vm, v, vm->s_iter, &m)) {
        if (!special_call(vm, m, v, NULL, 0, out)) return false;
        Value next;
        if (!IS_ITER(*out) && !IS_GENERATOR(*out) && !special(vm, *out, vm->s_next, &next))
          return err_raise(vm, vm->b.type_error, "iter() returned non-iterator of type '%s'",
                           class_name_of(vm, *out));
        return true;
      }
      if (special(vm, v, vm->s_next, &m)) {
        *out = v;
        return true;
      }
      if (special(vm, v, vm->s_getitem, &m)) return make_iter(vm, ITER_CALL, v, out);
      break;
    }
    default: break;
    }
  }
  return err_raise(vm, vm->b.type_error, "'%s' object is not iterable", class_name_of(vm, v));
}

static bool dict_iter_next(VM *vm, Iter *it, Value *out, bool *done) {
  Dict *d = AS_DICT(it->src);
  if (d->used != it->end) {
    it->end = -1;
    return err_raise(vm, vm->b.runtime_error, "dictionary changed size during iteration");
  }
  while (it->index < d->nentries && IS_UNDEF(d->entries[it->index].key)) it->index++;
  if (it->index >= d->nentries) {
    *done = true;
    return true;
  }
  DictEntry e = d->entries[it->index++];
  it->step++;
  if (it->kind == ITER_DICT_KEYS)
    *out = e.key;
  else if (it->kind == ITER_DICT_VALUES)
    *out = e.value;
  else {
    Tuple *t = obj_tuple_new(vm, 2);
    if (!t) return false;
    t->items[0] = e.key;
    t->items[1] = e.value;
    *out = OBJ_VAL(t);
  }
  return true;
}

bool ops_next(VM *vm, Value itv, Value *out, bool *done) {
  *done = false;
  if (IS_GENERATOR(itv))
    return vm_resume(vm, (Generator *)AS_OBJ(itv), VAL_NONE, VAL_UNDEF, out, done);
  if (!IS_ITER(itv)) {
    Value m;
    if (special(vm, itv, vm->s_next, &m)) {
      if (special_call(vm, m, itv, NULL, 0, out)) return true;
      if (err_matches(vm->exc, vm->b.stop_iteration)) {
        vm->exc = VAL_UNDEF;
        *done = true;
        return true;
      }
      return false;
    }
    return err_raise(vm, vm->b.type_error, "'%s' object is not an iterator",
                     class_name_of(vm, itv));
  }
  Iter *it = AS_ITER(itv);
  switch ((IterKind)it->kind) {
  case ITER_LIST: {
    List *l = AS_LIST(it->src);
    if (it->index >= l->len) {
      *done = true;
      it->index = INT64_MAX;
      return true;
    }
    *out = l->items[it->index++];
    return true;
  }
  case ITER_TUPLE: {
    Tuple *t = AS_TUPLE(it->src);
    if (it->index >= t->len) {
      *done = true;
      return true;
    }
    *out = t->items[it->index++];
    return true;
  }
  case ITER_STR: {
    Str *s = AS_STR(it->src);
    if (it->step >= s->len) {
      *done = true;
      return true;
    }
    int n = 1;
    if (!s->ascii) str_decode(s->data + it->step, &n);
    Str *c = str_new(vm, s->data + it->step, (size_t)n);
    if (!c) return false;
    it->step += n;
    it->index++;
    *out = OBJ_VAL(c);
    return true;
  }
  case ITER_RANGE:
    if (it->end <= 0) {
      *done = true;
      return true;
    }
    *out = obj_int(vm, it->index);
    obj_iter_range_advance(it);
    return !IS_UNDEF(*out);
  case ITER_DICT_KEYS:
  case ITER_DICT_VALUES:
  case ITER_DICT_ITEMS: return dict_iter_next(vm, it, out, done);
  case ITER_SET: {
    Set *s = AS_SET(it->src);
    if (s->used != it->end) {
      it->end = -1;
      return err_raise(vm, vm->b.runtime_error, "Set changed size during iteration");
    }
    if (!set_next(s, &it->index, out)) {
      *done = true;
      return true;
    }
    it->step++;
    return true;
  }
  case ITER_REVERSED: {
    List *l = AS_LIST(it->src);
    if (it->index < 0 || it->index >= l->len) {
      *done = true;
      it->index = -1;
      return true;
    }
    *out = l->items[it->index--];
    return true;
  }
  case ITER_ENUMERATE: {
    Value v;
    Tuple *src = AS_TUPLE(it->src);
    if (!ops_next(vm, src->items[0], &v, done)) return false;
    if (*done) return true;
    Tuple *t = obj_tuple_new(vm, 2);
    if (!t) return false;
    t->items[0] = obj_int(vm, it->index++);
    t->items[1] = v;
    *out = OBJ_VAL(t);
    return true;
  }
  case ITER_ZIP: {
    Tuple *its = AS_TUPLE(it->src);
    Tuple *t = obj_tuple_new(vm, its->len);
    if (!t) return false;
    if (its->len == 0) {
      *done = true;
      return true;
    }
    for (int64_t i = 0; i < its->len; i++) {
      if (!ops_next(vm, its->items[i], &t->items[i], done)) return false;
      if (*done) return true;
    }
    *out = OBJ_VAL(t);
    return true;
  }
  case ITER_MAP: {
    Tuple *src = AS_TUPLE(it->src);
    int64_t n = src->len - 1;
    Value small[8], *args = n <= 8 ? small : NULL;
    Tuple *many = NULL;
    if (!args) {
      /* many iterables: their items held in a tuple, where the collector sees them */
      many = obj_tuple_new(vm, n);
      if (!many) return false;
      args = many->items;
    }
    for (int64_t i = 0; i < n; i++) {
      if (!ops_next(vm, src->items[1 + i], &args[i], done)) return false;
      if (*done) return true;
    }
    return vm_call(vm, src->items[0], args, (int)n, NULL, out);
  }
  case ITER_FILTER: {
    Tuple *src = AS_TUPLE(it->src);
    for (;;) {
      Value v, keep = VAL_UNDEF;
      if (!ops_next(vm, src->items[1], &v, done)) return false;
      if (*done) return true;
      if (!IS_NONE(src->items[0]) && !vm_call(vm, src->items[0], &v, 1, NULL, &keep)) return false;
      bool t;
      if (!ops_truthy(vm, IS_UNDEF(keep) ? v : keep, &t)) return false;
      if (t) {
        *out = v;
        return true;
      }
    }
  }
  case ITER_CALLABLE: {
    /* f() until it raises StopIteration or gives what equals the
     * sentinel (compared as sentinel == value); done for good then */
    if (it->end < 0) {
      *done = true;
      return true;
    }
    Tuple *src = AS_TUPLE(it->src);
    Value v;
    bool eq = false;
    if (!vm_call(vm, src->items[0], NULL, 0, NULL, &v)) {
      if (!err_matches(vm->exc, vm->b.stop_iteration)) return false;
      vm->exc = VAL_UNDEF;
      eq = true;
    } else if (!ops_eq(vm, src->items[1], v, &eq)) {
      return false;
    }
    if (eq) {
      it->end = -1;
      *done = true;
      return true;
    }
    *out = v;
    return true;
  }
  case ITER_CALL: {
    Value m, args[2];
    if (it->end < 0 || !special(vm, it->src, vm->s_getitem, &m)) {
      *done = true;
      return true;
    }
    args[0] = SMALL_VAL(it->index);
    if (special_call(vm, m, it->src, args, 1, out)) {
      it->index++;
      return true;
    }
    if (err_matches(vm->exc, vm->b.index_error) || err_matches(vm->exc, vm->b.stop_iteration)) {
      vm->exc = VAL_UNDEF;
      it->end = -1;
      *done = true;
      return true;
    }
    return false;
  }
  }
  *done = true;
  return true;
}

/* ----------------------------------------------------------- arithmetic */

static const char *const binop_symbols[VM_BINOP_COUNT] = {
#define OPS_BINOP_SYMBOL(stem, symbol) symbol,
    VM_BINOPS(OPS_BINOP_SYMBOL)
#undef OPS_BINOP_SYMBOL
};

static bool binop_error(VM *vm, int op, bool inplace, Value a, Value b) {
  const char *s = binop_symbols[op - OP_ADD];
  if (!inplace) return err_binop(vm, op == OP_POW ? "** or pow()" : s, a, b);
  char sym[8];
  snprintf(sym, sizeof sym, "%s=", s);
  return err_binop(vm, sym, a, b);
}

/* The repeat count of seq * n: an int, or an object with __index__. */
static bool repeat_count(VM *vm, Value n, int64_t *out) {
  if (is_int(n)) {
    *out = as_int(n);
    return true;
  }
  Value i;
  bool found;
  if (!special_index(vm, n, &i, &found)) return false;
  if (!found)
    return err_raise(vm, vm->b.type_error, "can't multiply sequence by non-int of type '%s'",
                     class_name_of(vm, n));
  *out = as_int(i);
  return true;
}

static bool str_repeat(VM *vm, Str *s, int64_t n, Value *out) {
  if (n <= 0 || s->len == 0) {
    *out = OBJ_VAL(vm->s_empty);
    return true;
  }
  if (n > INT64_MAX / s->len)
    return err_raise(vm, vm->b.overflow_error, "repeated string is too long");
  /* the whole result is reserved first, so a size the allocator cannot give
   * fails at once rather than after filling memory; then it doubles */
  size_t total = (size_t)s->len * (size_t)n;
  Buf b;
  buf_init(&b);
  if (buf_reserve(&b, total)) {
    buf_add(&b, s->data, (size_t)s->len);
    while (b.len < total) buf_add(&b, b.data, b.len < total - b.len ? b.len : total - b.len);
  }
  Str *r = str_from_buf(vm, &b);
  if (!r) return false;
  *out = OBJ_VAL(r);
  return true;
}

static bool tuple_concat(VM *vm, Tuple *a, Tuple *b, Value *out) {
  Tuple *t = obj_tuple_new(vm, a->len + b->len);
  if (!t) return false;
  memcpy(t->items, a->items, (size_t)a->len * sizeof(Value));
  memcpy(t->items + a->len, b->items, (size_t)b->len * sizeof(Value));
  *out = OBJ_VAL(t);
  return true;
}

static bool set_result(Set *r, Value *out) {
  if (!r) return false;
  *out = OBJ_VAL(r);
  return true;
}

/* |, &, -, ^ on sets, and on keys and items views with any iterable. */
static bool set_binary(VM *vm, int op, Value a, Value b, Value *out) {
  bool view_a = is_obj_type(a, OBJ_DICTVIEW) && ((DictView *)AS_OBJ(a))->kind != VIEW_VALUES;
  bool view_b = is_obj_type(b, OBJ_DICTVIEW) && ((DictView *)AS_OBJ(b))->kind != VIEW_VALUES;
  if (!(IS_SET(a) && IS_SET(b)) && !view_a && !view_b) {
    *out = VAL_NOTIMPL;
    return true;
  }
  Set *x;
  if (IS_SET(a)) {
    x = AS_SET(a);
  } else {
    /* a view (or, reflected, any iterable) as a new set */
    Value it;
    if (!view_a && !ops_iter(vm, a, &it)) {
      if (!err_catch(vm, vm->b.type_error)) return false;
      *out = VAL_NOTIMPL;
      return true;
    }
    if (!(x = set_new(vm)) || !set_update(vm, x, a)) return false;
  }
  switch (op) {
  case OP_OR: return set_result(set_union(vm, x, b), out);
  case OP_AND: return set_result(set_intersection(vm, x, b), out);
  case OP_SUB: return set_result(set_difference(vm, x, b), out);
  default: return set_result(set_symmetric_difference(vm, x, b), out);
  }
}

bool ops_binary_builtin(VM *vm, int op, Value a, Value b, Value *out) {
  bool handled;
  if (!number_binary(vm, (Opcode)op, a, b, out, &handled)) return false;
  if (handled) return true;
  *out = VAL_NOTIMPL;
  switch (op) {
  case OP_MOD:
    if (IS_STR(a)) return format_percent(vm, AS_STR(a), b, out);
    return true;
  case OP_OR:
    if (IS_DICT(a) && IS_DICT(b)) {
      Dict *d = dict_copy(vm, AS_DICT(a));
      if (!d || !dict_copy_into(vm, d, AS_DICT(b))) return false;
      *out = OBJ_VAL(d);
      return true;
    }
    return set_binary(vm, op, a, b, out);
  case OP_AND:
  case OP_SUB:
  case OP_XOR: return set_binary(vm, op, a, b, out);
  default: return true;
  }
}

/* What only sequences do with + and *, after the number protocol found
 * nothing: concatenation and repetition (lists in place for += and *=). */
static bool seq_binary(VM *vm, int op, Value a, Value b, bool inplace, Value *out) {
  *out = VAL_NOTIMPL;
  if (op == OP_ADD) {
    if (IS_STR(a)) {
      if (!IS_STR(b))
        return err_raise(vm, vm->b.type_error, "can only concatenate str (not \"%s\") to str",
                         class_name_of(vm, b));
      Str *s = str_concat(vm, AS_STR(a), AS_STR(b));
      if (!s) return false;
      *out = OBJ_VAL(s);
      return true;
    }
    if (IS_LIST(a)) {
      if (inplace) {
        if (!list_extend(vm, AS_LIST(a), b, "+=")) {
          if (err_matches(vm->exc, vm->b.type_error) && !IS_INSTANCE(b)) {
            vm->exc = VAL_UNDEF;
            return err_raise(vm, vm->b.type_error, "'%s' object is not iterable",
                             class_name_of(vm, b));
          }
          return false;
        }
        *out = a;
        return true;
      }
      if (!IS_LIST(b))
        return err_raise(vm, vm->b.type_error, "can only concatenate list (not \"%s\") to list",
                         class_name_of(vm, b));
      List *l = list_concat(vm, AS_LIST(a), AS_LIST(b));
      if (!l) return false;
      *out = OBJ_VAL(l);
      return true;
    }
    if (IS_TUPLE(a)) {
      if (!IS_TUPLE(b))
        return err_raise(vm, vm->b.type_error, "can only concatenate tuple (not \"%s\") to tuple",
                         class_name_of(vm, b));
      return tuple_concat(vm, AS_TUPLE(a), AS_TUPLE(b), out);
    }
    return true;
  }
  if (op != OP_MUL) return true;
  Value seq = a, count = b;
  if (!IS_STR(a) && !IS_LIST(a) && !IS_TUPLE(a)) {
    if (!IS_STR(b) && !IS_LIST(b) && !IS_TUPLE(b)) return true;
    seq = b;
    count = a;
  }
  int64_t n = 0;
  if (!repeat_count(vm, count, &n)) return false;
  if (IS_STR(seq)) return str_repeat(vm, AS_STR(seq), n, out);
  if (IS_LIST(seq)) {
    if (inplace && seq == a) {
      if (!list_inplace_repeat(vm, AS_LIST(a), n)) return false;
      *out = a;
      return true;
    }
    List *l = list_repeat(vm, AS_LIST(seq), n);
    if (!l) return false;
    *out = OBJ_VAL(l);
    return true;
  }
  Tuple *t = AS_TUPLE(seq);
  if (n <= 0) n = 0;
  if (t->len && n > INT64_MAX / 16 / t->len) return gc_memory_error(vm);
  Tuple *r = obj_tuple_new(vm, t->len * n);
  if (!r) return false;
  for (int64_t i = 0; i < n; i++)
    memcpy(r->items + i * t->len, t->items, (size_t)t->len * sizeof(Value));
  *out = OBJ_VAL(r);
  return true;
}

/* The in-place methods of built-in types: sets and dicts change in place. */
static bool inplace_builtin(VM *vm, int op, Value a, Value b, Value *out) {
  *out = VAL_NOTIMPL;
  if (IS_SET(a) && IS_SET(b) && (op == OP_OR || op == OP_AND || op == OP_SUB || op == OP_XOR)) {
    Set *s = AS_SET(a);
    bool ok = op == OP_OR    ? set_update(vm, s, b)
              : op == OP_AND ? set_intersection_update(vm, s, b)
              : op == OP_SUB ? set_difference_update(vm, s, b)
                             : set_symmetric_difference_update(vm, s, b);
    if (!ok) return false;
    *out = a;
    return true;
  }
  if (op == OP_OR && IS_DICT(a)) {
    if (!dict_update(vm, AS_DICT(a), b)) return false;
    *out = a;
  }
  return true;
}

static bool binary(VM *vm, int op, Value a, Value b, bool inplace, Value *out) {
  if (IS_INSTANCE(a) || IS_INSTANCE(b)) {
    if (!special_binary(vm, op, a, b, inplace, out)) return false;
  } else {
    if (inplace && !inplace_builtin(vm, op, a, b, out)) return false;
    if ((!inplace || *out == VAL_NOTIMPL) && !ops_binary_builtin(vm, op, a, b, out)) return false;
  }
  if (*out != VAL_NOTIMPL) return true;
  if (!seq_binary(vm, op, a, b, inplace, out)) return false;
  if (*out != VAL_NOTIMPL) return true;
  return binop_error(vm, op, inplace, a, b);
}

bool ops_binary(VM *vm, Opcode op, Value a, Value b, Value *out) {
  return binary(vm, op, a, b, false, out);
}

bool ops_inplace(VM *vm, Opcode op, Value a, Value b, Value *out) {
  return binary(vm, op, a, b, true, out);
}

bool ops_unary(VM *vm, Opcode op, Value a, Value *out) {
  if (op == OP_NOT) {
    bool t;
    if (!ops_truthy(vm, a, &t)) return false;
    *out = BOOL_VAL(!t);
    return true;
  }
  bool handled;
  if (!number_unary(vm, op, a, out, &handled)) return false;
  if (handled) return true;
  Str *name = op == OP_NEG ? vm->s_neg : op == OP_POS ? vm->s_pos : vm->s_invert;
  if (!special_unary(vm, name, a, out, &handled)) return false;
  if (handled) return true;
  const char *sym = op == OP_NEG ? "-" : op == OP_POS ? "+" : "~";
  return err_raise(vm, vm->b.type_error, "bad operand type for unary %s: '%s'", sym,
                   class_name_of(vm, a));
}
