/* ops.c: the generic operations on values, each dispatching on the kind of
 * its operands and falling back to a user class's special methods.
 * Messages are CPython's, word for word. */
#include "core/ops.h"

#include <math.h>
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

/* Calls a user special method found on v's class: false (no exception)
 * when the class has none. */
static bool special(VM *vm, Value v, Str *name, Value *method) {
  (void)vm;
  if (!IS_INSTANCE(v)) return false;
  *method = class_lookup(AS_INSTANCE(v)->klass, name);
  return !IS_UNDEF(*method);
}

static bool call_special(VM *vm, Value method, Value *args, int nargs, Value *out) {
  if (vm->native_depth >= VM_MAX_NATIVE_DEPTH)
    return err_raise(vm, vm->b.recursion_error, "maximum recursion depth exceeded");
  vm->native_depth++;
  bool ok = vm_call(vm, method, args, nargs, NULL, out);
  vm->native_depth--;
  return ok;
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
  case OBJ_INSTANCE: {
    Value m;
    if (special(vm, v, vm->s_len, &m)) {
      int64_t n;
      if (!ops_len(vm, v, &n)) return false;
      *out = n != 0;
      return true;
    }
    *out = true;
    return true;
  }
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

/* a == b where either is an instance: its class's __eq__, or identity. */
static bool eq_special(VM *vm, Value a, Value b, bool *out) {
  Value m, r;
  Value args[2] = {a, b};
  if (special(vm, a, vm->s_eq, &m)) {
    if (!call_special(vm, m, args, 2, &r)) return false;
    return ops_truthy(vm, r, out);
  }
  if (special(vm, b, vm->s_eq, &m)) {
    args[0] = b;
    args[1] = a;
    if (!call_special(vm, m, args, 2, &r)) return false;
    return ops_truthy(vm, r, out);
  }
  *out = false;
  return true;
}

bool ops_eq(VM *vm, Value a, Value b, bool *out) {
  if (a == b) {
    *out = true;
    return true;
  }
  if (is_number(a) && is_number(b)) {
    *out = number_compare(a, b) == 0;
    return true;
  }
  if (!IS_OBJ(a) || !IS_OBJ(b)) {
    if (IS_INSTANCE(a) || IS_INSTANCE(b)) return eq_special(vm, a, b, out);
    *out = false;
    return true;
  }
  if (OBJ_TYPE(a) == OBJ_TYPE(b)) {
    switch ((ObjType)OBJ_TYPE(a)) {
    case OBJ_STR: *out = str_eq(AS_STR(a), AS_STR(b)); return true;
    case OBJ_LIST:
      return seq_eq(vm, AS_LIST(a)->items, AS_LIST(a)->len, AS_LIST(b)->items, AS_LIST(b)->len,
                    out);
    case OBJ_TUPLE:
      return seq_eq(vm, AS_TUPLE(a)->items, AS_TUPLE(a)->len, AS_TUPLE(b)->items, AS_TUPLE(b)->len,
                    out);
    case OBJ_DICT: return dict_eq(vm, AS_DICT(a), AS_DICT(b), out);
    case OBJ_SET:
      if (AS_SET(a)->used != AS_SET(b)->used) {
        *out = false;
        return true;
      }
      return set_subset(vm, AS_SET(a), AS_SET(b), out);
    case OBJ_RANGE: {
      Range *x = AS_RANGE(a), *y = AS_RANGE(b);
      *out = x->len == y->len &&
             (x->len == 0 || (x->start == y->start && (x->len == 1 || x->step == y->step)));
      return true;
    }
    case OBJ_BOUND:
      *out = AS_OBJ(a) != NULL && ((Bound *)AS_OBJ(a))->self == ((Bound *)AS_OBJ(b))->self &&
             ((Bound *)AS_OBJ(a))->func == ((Bound *)AS_OBJ(b))->func;
      return true;
    case OBJ_INSTANCE: return eq_special(vm, a, b, out);
    default: *out = false; return true;
    }
  }
  if (IS_INSTANCE(a) || IS_INSTANCE(b)) return eq_special(vm, a, b, out);
  *out = false;
  return true;
}

/* ------------------------------------------------------------- ordering */

static const char *const cmp_symbols[] = {"<",  "<=", "==",     "!=", ">",
                                          ">=", "in", "not in", "is", "is not"};

static bool order_error(VM *vm, int cmp, Value a, Value b) {
  return err_raise(vm, vm->b.type_error, "'%s' not supported between instances of '%s' and '%s'",
                   cmp_symbols[cmp], class_name_of(vm, a), class_name_of(vm, b));
}

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

static bool seq_order(VM *vm, int cmp, const Value *a, int64_t na, const Value *b, int64_t nb,
                      Value *out) {
  int64_t i = 0;
  for (; i < na && i < nb; i++) {
    bool eq;
    if (!ops_eq(vm, a[i], b[i], &eq)) return false;
    if (!eq) break;
  }
  if (i >= na || i >= nb) {
    *out = BOOL_VAL(cmp_result(cmp, na < nb ? -1 : na > nb));
    return true;
  }
  if (vm->native_depth >= VM_MAX_NATIVE_DEPTH)
    return err_raise(vm, vm->b.recursion_error, "maximum recursion depth exceeded in comparison");
  vm->native_depth++;
  bool ok = ops_compare(vm, cmp, a[i], b[i], out);
  vm->native_depth--;
  return ok;
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
  if (cmp == CMP_EQ || cmp == CMP_NE) {
    Value m;
    if (special(vm, a, vm->s_eq, &m) || special(vm, b, vm->s_eq, &m)) {
      Value args[2] = {a, b};
      if (!special(vm, a, vm->s_eq, &m)) {
        args[0] = b;
        args[1] = a;
        special(vm, b, vm->s_eq, &m);
      }
      Value r;
      if (!call_special(vm, m, args, 2, &r)) return false;
      if (cmp == CMP_EQ) {
        *out = r;
        return true;
      }
      bool t;
      if (!ops_truthy(vm, r, &t)) return false;
      *out = BOOL_VAL(!t);
      return true;
    }
    bool eq;
    if (!ops_eq(vm, a, b, &eq)) return false;
    *out = BOOL_VAL(cmp == CMP_EQ ? eq : !eq);
    return true;
  }
  if (IS_OBJ(a) && IS_OBJ(b) && OBJ_TYPE(a) == OBJ_TYPE(b)) {
    switch ((ObjType)OBJ_TYPE(a)) {
    case OBJ_STR: *out = BOOL_VAL(cmp_result(cmp, str_cmp(AS_STR(a), AS_STR(b)))); return true;
    case OBJ_LIST:
      return seq_order(vm, cmp, AS_LIST(a)->items, AS_LIST(a)->len, AS_LIST(b)->items,
                       AS_LIST(b)->len, out);
    case OBJ_TUPLE:
      return seq_order(vm, cmp, AS_TUPLE(a)->items, AS_TUPLE(a)->len, AS_TUPLE(b)->items,
                       AS_TUPLE(b)->len, out);
    case OBJ_SET: {
      bool r;
      Set *x = AS_SET(a), *y = AS_SET(b);
      switch (cmp) {
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
    default: break;
    }
  }
  /* user classes: __lt__ directly, or reflected for > */
  Value m;
  if (cmp == CMP_LT && special(vm, a, vm->s_lt, &m)) {
    Value args[2] = {a, b};
    return call_special(vm, m, args, 2, out);
  }
  if (cmp == CMP_GT && special(vm, b, vm->s_lt, &m)) {
    Value args[2] = {b, a};
    return call_special(vm, m, args, 2, out);
  }
  return order_error(vm, cmp, a, b);
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
    return err_raise(vm, vm->b.type_error, "unhashable type: '%s'", class_name_of(vm, v));
  case OBJ_INSTANCE: {
    Instance *in = (Instance *)o;
    Value m = class_lookup(in->klass, vm->s_hash);
    if (IS_NONE(m))
      return err_raise(vm, vm->b.type_error, "unhashable type: '%s'", in->klass->name->data);
    if (!IS_UNDEF(m)) {
      Value r;
      if (!call_special(vm, m, &v, 1, &r)) return false;
      if (!is_int(r))
        return err_raise(vm, vm->b.type_error, "__hash__ method should return an integer");
      *out = hash_int(as_int(r));
      return true;
    }
    /* a class that defines __eq__ without __hash__ is unhashable */
    for (Class *k = in->klass; k; k = k->base) {
      if (!IS_UNDEF(dict_get_str(k->dict, vm->s_eq)))
        return err_raise(vm, vm->b.type_error, "unhashable type: '%s'", in->klass->name->data);
      if (!IS_UNDEF(dict_get_str(k->dict, vm->s_hash))) break;
    }
    *out = hash_pointer(o);
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
      if (!call_special(vm, m, &v, 1, &r)) return false;
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
        if (!ops_eq(vm, l->items[i], x, &eq)) return false;
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
        Value args[2] = {c, x};
        if (!call_special(vm, m, args, 2, &r)) return false;
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
  return err_raise(vm, vm->b.type_error, "'%s' object cannot be interpreted as an integer",
                   class_name_of(vm, v));
}

static bool seq_index(VM *vm, Value key, int64_t len, const char *what, int64_t *out) {
  if (!is_int(key)) {
    return err_raise(vm, vm->b.type_error, "%s indices must be integers or slices, not %s", what,
                     class_name_of(vm, key));
  }
  int64_t i = as_int(key);
  if (i < 0) i += len;
  if (i < 0 || i >= len) return false;
  *out = i;
  return true;
}

bool ops_getitem(VM *vm, Value obj, Value key, Value *out) {
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
      if (special(vm, obj, vm->s_getitem, &m)) {
        Value args[2] = {obj, key};
        return call_special(vm, m, args, 2, out);
      }
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
    Value args[3] = {obj, key, value}, r;
    return call_special(vm, m, args, 3, &r);
  }
  return err_raise(vm, vm->b.type_error, "'%s' object does not support item assignment",
                   class_name_of(vm, obj));
}

bool ops_delitem(VM *vm, Value obj, Value key) {
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
  return err_raise(vm, vm->b.type_error, "'%s' object doesn't support item deletion",
                   class_name_of(vm, obj));
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
  if (IS_INSTANCE(obj))
    return err_raise(vm, vm->b.not_implemented_error,
                     "slicing objects of user classes is not supported by lst");
  return err_raise(vm, vm->b.type_error, "'%s' object is not subscriptable",
                   class_name_of(vm, obj));
}

bool ops_setslice(VM *vm, Value obj, Value lo, Value hi, Value step, Value value) {
  if (IS_LIST(obj)) return list_set_slice(vm, AS_LIST(obj), lo, hi, step, value);
  return err_raise(vm, vm->b.type_error, "'%s' object does not support item assignment",
                   class_name_of(vm, obj));
}

bool ops_delslice(VM *vm, Value obj, Value lo, Value hi, Value step) {
  if (IS_LIST(obj)) return list_del_slice(vm, AS_LIST(obj), lo, hi, step);
  return err_raise(vm, vm->b.type_error, "'%s' object does not support item deletion",
                   class_name_of(vm, obj));
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
        if (!call_special(vm, m, &v, 1, out)) return false;
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
  if (IS_GENERATOR(itv)) return vm_resume(vm, (Generator *)AS_OBJ(itv), out, done);
  if (!IS_ITER(itv)) {
    Value m;
    if (special(vm, itv, vm->s_next, &m)) {
      if (call_special(vm, m, &itv, 1, out)) return true;
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
  case ITER_CALL: {
    Value m, args[2];
    if (it->end < 0 || !special(vm, it->src, vm->s_getitem, &m)) {
      *done = true;
      return true;
    }
    args[0] = it->src;
    args[1] = SMALL_VAL(it->index);
    if (call_special(vm, m, args, 2, out)) {
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

static const char *op_symbol(Opcode op) {
  switch (op) {
  case OP_ADD: return "+";
  case OP_INPLACE_ADD: return "+=";
  case OP_SUB: return "-";
  case OP_MUL: return "*";
  case OP_INPLACE_MUL: return "*=";
  case OP_DIV: return "/";
  case OP_FLOORDIV: return "//";
  case OP_MOD: return "%";
  case OP_POW: return "** or pow()";
  case OP_LSHIFT: return "<<";
  case OP_RSHIFT: return ">>";
  case OP_AND: return "&";
  case OP_OR: return "|";
  case OP_XOR: return "^";
  default: return "?";
  }
}

static bool repeat_count(VM *vm, Value n, int64_t *out, Value seq) {
  if (!is_int(n))
    return err_raise(vm, vm->b.type_error, "can't multiply sequence by non-int of type '%s'",
                     class_name_of(vm, n));
  (void)seq;
  *out = as_int(n);
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

static bool set_binary(VM *vm, Opcode op, Set *a, Set *b, Value *out);

bool ops_binary(VM *vm, Opcode op, Value a, Value b, Value *out) {
  bool handled;
  if (!number_binary(vm, op, a, b, out, &handled)) return false;
  if (handled) return true;
  Opcode base = op == OP_INPLACE_ADD ? OP_ADD : op == OP_INPLACE_MUL ? OP_MUL : op;
  if (base == OP_ADD) {
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
      if (op == OP_INPLACE_ADD) {
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
  } else if (base == OP_MUL) {
    int64_t n = 0;
    Value seq = a, count = b;
    if (is_int(a) && (IS_STR(b) || IS_LIST(b) || IS_TUPLE(b))) {
      seq = b;
      count = a;
    }
    if (IS_STR(seq) || IS_LIST(seq) || IS_TUPLE(seq)) {
      if (!repeat_count(vm, count, &n, seq)) return false;
      if (IS_STR(seq)) return str_repeat(vm, AS_STR(seq), n, out);
      if (IS_LIST(seq)) {
        if (op == OP_INPLACE_MUL && seq == a) {
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
  } else if (base == OP_MOD && IS_STR(a)) {
    return format_percent(vm, AS_STR(a), b, out);
  } else if (IS_SET(a) && IS_SET(b) &&
             (base == OP_OR || base == OP_AND || base == OP_SUB || base == OP_XOR)) {
    return set_binary(vm, base, AS_SET(a), AS_SET(b), out);
  } else if (base == OP_OR && IS_DICT(a) && IS_DICT(b)) {
    Dict *d = dict_new(vm);
    if (!d || !dict_copy_into(vm, d, AS_DICT(a)) || !dict_copy_into(vm, d, AS_DICT(b)))
      return false;
    *out = OBJ_VAL(d);
    return true;
  }
  return err_binop(vm, op_symbol(op), a, b);
}

static bool set_binary(VM *vm, Opcode op, Set *a, Set *b, Value *out) {
  Set *r = op == OP_OR    ? set_union(vm, a, OBJ_VAL(b))
           : op == OP_AND ? set_intersection(vm, a, OBJ_VAL(b))
           : op == OP_SUB ? set_difference(vm, a, OBJ_VAL(b))
                          : set_symmetric_difference(vm, a, OBJ_VAL(b));
  if (!r) return false;
  *out = OBJ_VAL(r);
  return true;
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
  const char *sym = op == OP_NEG ? "-" : op == OP_POS ? "+" : "~";
  return err_raise(vm, vm->b.type_error, "bad operand type for unary %s: '%s'", sym,
                   class_name_of(vm, a));
}

/* ----------------------------------------------------------- attributes */

static Value bind_method(VM *vm, Value self, Value f) {
  if (IS_FUNCTION(f)) {
    Bound *b = obj_bound_new(vm, self, f);
    return b ? OBJ_VAL(b) : VAL_UNDEF;
  }
  if (IS_NATIVE(f) && AS_NATIVE(f)->owner && IS_UNDEF(AS_NATIVE(f)->self)) {
    Native *src = AS_NATIVE(f);
    Native *n = obj_native_new(vm, src->name, src->fn, src->obj.flags);
    if (!n) return VAL_UNDEF;
    n->owner = src->owner;
    n->self = self;
    return OBJ_VAL(n);
  }
  return f;
}

bool ops_getattr(VM *vm, Value obj, Str *name, Value *out) {
  Class *k;
  if (IS_INSTANCE(obj)) {
    Instance *in = AS_INSTANCE(obj);
    Value v = dict_get_str(in->attrs, name);
    if (!IS_UNDEF(v)) {
      *out = v;
      return true;
    }
    v = class_lookup_cached(vm, in->klass, name);
    if (!IS_UNDEF(v)) {
      *out = bind_method(vm, obj, v);
      return !IS_UNDEF(*out);
    }
    if (in->klass->is_exception && str_eq(name, vm->s_args)) {
      *out = IS_UNDEF(in->payload) ? OBJ_VAL(obj_tuple_new(vm, 0)) : in->payload;
      return true;
    }
    if (str_eq(name, vm->s_class)) {
      *out = OBJ_VAL(in->klass);
      return true;
    }
    if (str_eq(name, vm->s_dict)) {
      *out = OBJ_VAL(in->attrs);
      return true;
    }
    return err_raise(vm, vm->b.attribute_error, "'%s' object has no attribute '%s'",
                     in->klass->name->data, name->data);
  }
  if (IS_CLASS(obj)) {
    Class *c = AS_CLASS(obj);
    Value v = class_lookup(c, name);
    if (!IS_UNDEF(v)) {
      *out = v;
      return true;
    }
    if (str_eq(name, vm->s_name)) {
      *out = OBJ_VAL(c->name);
      return true;
    }
    return err_raise(vm, vm->b.attribute_error, "type object '%s' has no attribute '%s'",
                     c->name->data, name->data);
  }
  if (is_obj_type(obj, OBJ_MODULE)) {
    Module *m = (Module *)AS_OBJ(obj);
    Value v = dict_get_str(m->dict, name);
    if (!IS_UNDEF(v)) {
      *out = v;
      return true;
    }
    return err_raise(vm, vm->b.attribute_error, "module '%s' has no attribute '%s'", m->name->data,
                     name->data);
  }
  if (IS_FUNCTION(obj) && str_eq(name, vm->s_name)) {
    *out = OBJ_VAL(AS_FUNCTION(obj)->code->name);
    return true;
  }
  k = class_of(vm, obj);
  Value v = class_lookup(k, name);
  if (!IS_UNDEF(v)) {
    *out = bind_method(vm, obj, v);
    return !IS_UNDEF(*out);
  }
  if (str_eq(name, vm->s_class)) {
    *out = OBJ_VAL(k);
    return true;
  }
  return err_raise(vm, vm->b.attribute_error, "'%s' object has no attribute '%s'",
                   class_name_of(vm, obj), name->data);
}

bool ops_setattr(VM *vm, Value obj, Str *name, Value value) {
  if (IS_INSTANCE(obj)) return dict_set_str(vm, AS_INSTANCE(obj)->attrs, name, value);
  if (IS_CLASS(obj) && AS_CLASS(obj)->builtin_type == OBJ_INSTANCE &&
      !(AS_OBJ(obj)->flags & CLASS_BUILTIN)) {
    class_changed(vm);
    return dict_set_str(vm, AS_CLASS(obj)->dict, name, value);
  }
  if (IS_CLASS(obj))
    return err_raise(vm, vm->b.type_error, "cannot set '%s' attribute of immutable type '%s'",
                     name->data, AS_CLASS(obj)->name->data);
  return err_raise(vm, vm->b.attribute_error, "'%s' object has no attribute '%s'",
                   class_name_of(vm, obj), name->data);
}

bool ops_delattr(VM *vm, Value obj, Str *name) {
  if (IS_INSTANCE(obj)) {
    bool found;
    if (!dict_del(vm, AS_INSTANCE(obj)->attrs, OBJ_VAL(name), &found)) return false;
    if (!found)
      return err_raise(vm, vm->b.attribute_error, "'%s' object has no attribute '%s'",
                       AS_INSTANCE(obj)->klass->name->data, name->data);
    return true;
  }
  return err_raise(vm, vm->b.attribute_error, "'%s' object has no attribute '%s'",
                   class_name_of(vm, obj), name->data);
}
