/* lib_descr.c: the built-in descriptor types property, staticmethod and
 * classmethod (how attr.c binds them is in attr_bind), and slice, the
 * object obj[a:b:c] hands to a class's __getitem__. */
#include "core/attr.h"
#include "core/class.h"
#include "core/error.h"
#include "core/list.h"
#include "core/ops.h"
#include "lib/builtins.h"

#define PROP(v) ((Property *)AS_OBJ(v))

/* ----------------------------------------------------------- property */

static bool doc_of(VM *vm, Value f, Value *out) {
  *out = VAL_NONE;
  if (IS_NONE(f)) return true;
  if (attr_get(vm, f, vm->s_doc, out)) return true;
  if (!err_catch(vm, vm->b.attribute_error)) return false;
  *out = VAL_NONE;
  return true;
}

static bool ctor_property(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"fget", "fset", "fdel", "doc"};
  Value v[4] = {VAL_NONE, VAL_NONE, VAL_NONE, VAL_NONE};
  if (!arg_count(vm, "property", nargs, 0, 4)) return false;
  for (int i = 0; i < nargs; i++) v[i] = args[i];
  Value given[4];
  if (!arg_keywords(vm, "property", args, nargs, kw, names, given, 4)) return false;
  for (int i = 0; i < 4; i++)
    if (!IS_UNDEF(given[i])) v[i] = given[i];
  /* without a doc, the getter's docstring stands in */
  if (IS_NONE(v[3]) && !doc_of(vm, v[0], &v[3])) return false;
  Property *p = obj_property_new(vm, v[0], v[1], v[2], v[3]);
  if (!p) return false;
  *out = OBJ_VAL(p);
  return true;
}

/* getter/setter/deleter: a copy of the property with one function replaced. */
static bool property_with(VM *vm, Value *args, int nargs, int which, const char *name, Value *out) {
  if (!arg_count(vm, name, nargs - 1, 1, 1)) return false;
  Property *p = PROP(args[0]);
  Value f[3] = {p->fget, p->fset, p->fdel};
  f[which] = args[1];
  Value doc = p->doc;
  if (which == 0 && !doc_of(vm, args[1], &doc)) return false;
  if (which == 0 && IS_NONE(doc)) doc = p->doc;
  Property *r = obj_property_new(vm, f[0], f[1], f[2], doc);
  if (!r) return false;
  r->name = p->name;
  *out = OBJ_VAL(r);
  return true;
}

static bool m_getter(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  return property_with(vm, args, nargs, 0, "getter", out);
}

static bool m_setter(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  return property_with(vm, args, nargs, 1, "setter", out);
}

static bool m_deleter(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  return property_with(vm, args, nargs, 2, "deleter", out);
}

/* descr.__get__(obj, type): what reading the attribute gives. */
static bool m_get(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "__get__", nargs - 1, 1, 2)) return false;
  Value obj = IS_NONE(args[1]) ? VAL_UNDEF : args[1];
  Value owner = nargs > 2 ? args[2] : OBJ_VAL(class_of(vm, args[1]));
  return attr_bind(vm, args[0], obj, owner, out);
}

static bool m_set_name(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "__set_name__", nargs - 1, 2, 2)) return false;
  if (IS_STR(args[2])) PROP(args[0])->name = AS_STR(args[2]);
  *out = VAL_NONE;
  return true;
}

/* ------------------------------------------- staticmethod, classmethod */

static bool wrap(VM *vm, ObjType type, const char *name, Value *args, int nargs, Tuple *kw,
                 Value *out) {
  if (!arg_no_keywords(vm, name, kw) || !arg_count(vm, name, nargs, 1, 1)) return false;
  MethodWrap *w = obj_method_wrap_new(vm, type, args[0]);
  if (!w) return false;
  *out = OBJ_VAL(w);
  return true;
}

static bool ctor_staticmethod(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  return wrap(vm, OBJ_STATICMETHOD, "staticmethod", args, nargs, kw, out);
}

static bool ctor_classmethod(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  return wrap(vm, OBJ_CLASSMETHOD, "classmethod", args, nargs, kw, out);
}

/* -------------------------------------------------------------- slice */

static bool ctor_slice(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (!arg_no_keywords(vm, "slice", kw)) return false;
  if (nargs < 1)
    return err_raise(vm, vm->b.type_error, "slice expected at least 1 argument, got 0");
  if (nargs > 3)
    return err_raise(vm, vm->b.type_error, "slice expected at most 3 arguments, got %d", nargs);
  Slice *s = nargs == 1 ? obj_slice_new(vm, VAL_NONE, args[0], VAL_NONE)
                        : obj_slice_new(vm, args[0], args[1], nargs == 3 ? args[2] : VAL_NONE);
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

/* slice.indices(length): the start, stop and step a sequence of that
 * length would use. */
static bool m_indices(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "indices", nargs - 1, 1, 1)) return false;
  int64_t len;
  if (!ops_index_value(vm, args[1], &len)) return false;
  if (len < 0) return err_raise(vm, vm->b.value_error, "length should not be negative");
  Slice *s = (Slice *)AS_OBJ(args[0]);
  int64_t start, stop, step, n;
  if (!list_slice_indices(vm, s->start, s->stop, s->step, len, &start, &stop, &step, &n))
    return false;
  Tuple *t = obj_tuple_new(vm, 3);
  if (!t) return false;
  t->items[0] = obj_int(vm, start);
  t->items[1] = obj_int(vm, stop);
  t->items[2] = obj_int(vm, step);
  *out = OBJ_VAL(t);
  return true;
}

void lib_descr_register(VM *vm) {
  Builtins *b = &vm->b;
  b->property = reg_type(vm, "property", OBJ_PROPERTY, ctor_property, b->object);
  reg_method(vm, b->property, "getter", m_getter, 0);
  reg_method(vm, b->property, "setter", m_setter, 0);
  reg_method(vm, b->property, "deleter", m_deleter, 0);
  reg_method(vm, b->property, "__get__", m_get, NATIVE_SLOT);
  reg_method(vm, b->property, "__set_name__", m_set_name, 0);
  b->staticmethod = reg_type(vm, "staticmethod", OBJ_STATICMETHOD, ctor_staticmethod, b->object);
  reg_method(vm, b->staticmethod, "__get__", m_get, NATIVE_SLOT);
  b->classmethod = reg_type(vm, "classmethod", OBJ_CLASSMETHOD, ctor_classmethod, b->object);
  reg_method(vm, b->classmethod, "__get__", m_get, NATIVE_SLOT);
  b->slice = reg_type(vm, "slice", OBJ_SLICE, ctor_slice, b->object);
  reg_method(vm, b->slice, "indices", m_indices, 0);
}
