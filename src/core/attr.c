/* attr.c: attribute access and descriptors (see attr.h). */
#include "core/attr.h"

#include <string.h>

#include "base/str.h"
#include "core/class.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/ops.h"
#include "core/special.h"

/* A missing attribute: refused by name when CPython's obj has it (lst
 * cannot give what CPython would), else CPython's AttributeError. */
static bool no_attribute(VM *vm, Value obj, Str *name) {
  if (vm->missing_hook && vm->missing_hook(vm, MISS_ATTR, obj, name)) return false;
  if (IS_CLASS(obj))
    err_raise(vm, vm->b.attribute_error, "type object '%s' has no attribute '%s'",
              AS_CLASS(obj)->name->data, name->data);
  else if (is_obj_type(obj, OBJ_MODULE))
    err_raise(vm, vm->b.attribute_error, "module '%s' has no attribute '%s'",
              ((Module *)AS_OBJ(obj))->name->data, name->data);
  else
    err_raise(vm, vm->b.attribute_error, "'%s' object has no attribute '%s'",
              class_name_of(vm, obj), name->data);
  /* the name and the object, for the traceback's "Did you mean" */
  if (is_exc(vm->exc) && vm->exc != vm->memory_error) {
    AS_EXC(vm->exc)->name = OBJ_VAL(name);
    AS_EXC(vm->exc)->obj = obj;
  }
  return false;
}

/* ---------------------------------------------------------- descriptors */

bool attr_is_data_descriptor(VM *vm, Value v) {
  if (IS_PROPERTY(v)) return true;
  if (!IS_INSTANCE(v)) return false;
  Class *k = AS_INSTANCE(v)->klass;
  return !IS_UNDEF(class_special(vm, k, vm->s_set)) ||
         !IS_UNDEF(class_special(vm, k, vm->s_delete));
}

/* A built-in method taken from an object: a copy of the class's native
 * that carries its receiver. */
static bool bind_native(VM *vm, Native *src, Value self, Value *out) {
  Native *n = obj_native_new(vm, src->name, src->fn, src->obj.flags);
  if (!n) return false;
  n->owner = src->owner;
  n->self = self;
  *out = OBJ_VAL(n);
  return true;
}

static bool make_bound(VM *vm, Value self, Value func, Value *out) {
  Bound *b = obj_bound_new(vm, self, func);
  if (!b) return false;
  *out = OBJ_VAL(b);
  return true;
}

static const char *property_name(Property *p, Str *name) {
  return p->name ? p->name->data : name ? name->data : "?";
}

bool attr_bind(VM *vm, Value descr, Value obj, Value owner, Value *out) {
  if (!IS_OBJ(descr)) {
    *out = descr;
    return true;
  }
  switch ((ObjType)OBJ_TYPE(descr)) {
  case OBJ_FUNCTION:
    if (IS_UNDEF(obj)) break;
    return make_bound(vm, obj, descr, out);
  case OBJ_NATIVE: {
    Native *n = AS_NATIVE(descr);
    if (IS_UNDEF(obj) || !n->owner || !IS_UNDEF(n->self)) break;
    return bind_native(vm, n, obj, out);
  }
  case OBJ_STATICMETHOD: *out = ((MethodWrap *)AS_OBJ(descr))->func; return true;
  case OBJ_CLASSMETHOD: {
    Value f = ((MethodWrap *)AS_OBJ(descr))->func;
    /* a built-in classmethod (dict.fromkeys) binds as a built-in method */
    if (IS_NATIVE(f) && IS_UNDEF(AS_NATIVE(f)->self))
      return bind_native(vm, AS_NATIVE(f), owner, out);
    return make_bound(vm, owner, f, out);
  }
  case OBJ_PROPERTY: {
    Property *p = (Property *)AS_OBJ(descr);
    if (IS_UNDEF(obj)) break;
    if (IS_NONE(p->fget))
      return err_raise(vm, vm->b.attribute_error, "property '%s' of '%s' object has no getter",
                       property_name(p, NULL), class_name_of(vm, obj));
    return vm_call(vm, p->fget, &obj, 1, NULL, out);
  }
  case OBJ_INSTANCE: {
    Value get = class_special(vm, AS_INSTANCE(descr)->klass, vm->s_get);
    if (IS_UNDEF(get)) break;
    Value args[2] = {IS_UNDEF(obj) ? VAL_NONE : obj, owner};
    return special_call(vm, get, descr, args, 2, out);
  }
  default: break;
  }
  *out = descr;
  return true;
}

/* property and instance descriptors on assignment and deletion. */
static bool descriptor_set(VM *vm, Value descr, Value obj, Str *name, Value value, bool del,
                           bool *done) {
  *done = false;
  if (IS_PROPERTY(descr)) {
    Property *p = (Property *)AS_OBJ(descr);
    *done = true;
    Value f = del ? p->fdel : p->fset;
    if (IS_NONE(f))
      return err_raise(vm, vm->b.attribute_error, "property '%s' of '%s' object has no %s",
                       property_name(p, name), class_name_of(vm, obj), del ? "deleter" : "setter");
    Value args[2] = {obj, value}, ignored;
    return vm_call(vm, f, args, del ? 1 : 2, NULL, &ignored);
  }
  if (!IS_INSTANCE(descr)) return true;
  Class *dk = AS_INSTANCE(descr)->klass;
  Value set = class_special(vm, dk, vm->s_set), delete = class_special(vm, dk, vm->s_delete);
  if (IS_UNDEF(set) && IS_UNDEF(delete)) return true;
  *done = true;
  Value m = del ? delete : set, ignored;
  if (IS_UNDEF(m)) return err_raise(vm, vm->b.attribute_error, del ? "__delete__" : "__set__");
  Value args[2] = {obj, value};
  return special_call(vm, m, descr, args, del ? 1 : 2, &ignored);
}

bool attr_plain_get(VM *vm, Class *k, Str *name) {
  if (!IS_UNDEF(class_special(vm, k, vm->s_getattribute))) return false;
  return !attr_is_data_descriptor(vm, class_lookup_cached(vm, k, name));
}

/* Whether k's instances keep attributes of their own in a __dict__: a
 * class statement's do, and the exceptions' and those of CLASS_HOLDS_ATTRS;
 * an instance of another built-in type (object(), a mappingproxy,
 * sys.version_info) has none. */
static bool holds_attrs(const Class *k) {
  return !(k->obj.flags & CLASS_BUILTIN) || k->is_exception || (k->obj.flags & CLASS_HOLDS_ATTRS);
}

bool attr_plain_set(VM *vm, Class *k, Str *name) {
  if (!holds_attrs(k) || !IS_UNDEF(class_special(vm, k, vm->s_setattr))) return false;
  return !attr_is_data_descriptor(vm, class_lookup_cached(vm, k, name));
}

/* ------------------------------------------------- built-in attributes */

static bool function_attr(VM *vm, Function *f, Str *name, Value *out) {
  if (str_eq(name, vm->s_name)) {
    *out = OBJ_VAL(f->name);
  } else if (str_eq(name, vm->s_qualname)) {
    *out = OBJ_VAL(f->qualname);
  } else if (str_eq(name, vm->s_doc)) {
    *out = f->doc;
  } else if (str_eq(name, vm->s_module)) {
    *out = OBJ_VAL(vm->s_main);
  } else if (str_eq(name, vm->s_dict)) {
    if (!f->attrs && !(f->attrs = dict_new(vm))) return false;
    *out = OBJ_VAL(f->attrs);
  } else if (str_eq(name, vm->s_defaults) || str_eq(name, vm->s_kwdefaults)) {
    Code *c = f->code;
    int ndefs = f->defaults ? (int)f->defaults->len : 0;
    int npos = ndefs ? ndefs - c->nkwonly : 0;
    if (str_eq(name, vm->s_defaults)) {
      if (npos == 0) {
        *out = VAL_NONE;
        return true;
      }
      Tuple *t = obj_tuple_new(vm, npos);
      if (!t) return false;
      memcpy(t->items, f->defaults->items, sizeof(Value) * (size_t)npos);
      *out = OBJ_VAL(t);
      return true;
    }
    Dict *d = NULL;
    for (int i = 0; i < c->nkwonly && ndefs; i++) {
      Value v = f->defaults->items[npos + i];
      if (IS_UNDEF(v)) continue;
      if (!d && !(d = dict_new(vm))) return false;
      if (!dict_set_str(vm, d, c->varnames[c->nparams + i], v)) return false;
    }
    *out = d ? OBJ_VAL(d) : VAL_NONE;
  } else {
    *out = f->attrs ? dict_get_str(f->attrs, name) : VAL_UNDEF;
  }
  return true;
}

static bool class_attr(VM *vm, Class *k, Str *name, Value *out) {
  *out = VAL_UNDEF;
  bool builtin = (k->obj.flags & CLASS_BUILTIN) != 0;
  /* a built-in type of a module is named with it, as CPython's are
   * ("sys.version_info"); its __name__ is the last part */
  const char *dot = builtin ? strrchr(k->name->data, '.') : NULL;
  if (str_eq(name, vm->s_name) || str_eq(name, vm->s_qualname)) {
    Str *s = dot ? str_intern_cstr(vm, dot + 1) : k->name;
    if (!s) return false;
    *out = OBJ_VAL(s);
  } else if (builtin && str_eq(name, vm->s_module)) {
    Str *m = dot ? str_intern(vm, k->name->data, (size_t)(dot - k->name->data))
                 : str_intern_cstr(vm, "builtins");
    if (!m) return false;
    *out = OBJ_VAL(m);
  } else if (builtin && str_eq(name, vm->s_doc)) {
    return err_refuse(vm, "the __doc__ of built-in types is not supported by lst");
  } else if (str_eq(name, vm->s_bases) || str_eq(name, vm->s_mro)) {
    bool mro = str_eq(name, vm->s_mro);
    int n = 0;
    for (Class *c = mro ? k : k->base; c && (mro || n < 1); c = c->base) n++;
    Tuple *t = obj_tuple_new(vm, n);
    if (!t) return false;
    int i = 0;
    for (Class *c = mro ? k : k->base; i < n; c = c->base) t->items[i++] = OBJ_VAL(c);
    *out = OBJ_VAL(t);
  } else if (str_eq(name, vm->s_base)) {
    *out = k->base ? OBJ_VAL(k->base) : VAL_NONE;
  } else if (str_eq(name, vm->s_dict)) {
    /* a read-only view of the namespace */
    Instance *p = class_new_instance(vm, vm->b.mappingproxy);
    if (!p) return false;
    p->payload = OBJ_VAL(class_dict(vm, k));
    *out = OBJ_VAL(p);
  } else if (str_eq(name, vm->s_class)) {
    *out = OBJ_VAL(vm->b.type[OBJ_CLASS]);
  }
  return true;
}

/* The fixed attributes of built-in objects; *out UNDEF when there is none
 * of that name. */
static bool builtin_attr(VM *vm, Value obj, Str *name, Value *out) {
  *out = VAL_UNDEF;
  if (!IS_OBJ(obj)) return true;
  Obj *o = AS_OBJ(obj);
  switch ((ObjType)o->type) {
  case OBJ_FUNCTION: return function_attr(vm, (Function *)o, name, out);
  case OBJ_BOUND: {
    Bound *b = (Bound *)o;
    if (str_eq(name, vm->s_self))
      *out = b->self;
    else if (str_eq(name, vm->s_func))
      *out = b->func;
    else if (!attr_get(vm, b->func, name, out)) {
      /* the function's attributes show through; a missing one is the method's */
      if (!err_catch(vm, vm->b.attribute_error)) return false;
      *out = VAL_UNDEF;
    }
    return true;
  }
  case OBJ_NATIVE: {
    Native *n = (Native *)o;
    if (str_eq(name, vm->s_name)) {
      Str *s = str_intern_cstr(vm, n->name);
      if (!s) return false;
      *out = OBJ_VAL(s);
    } else if (str_eq(name, vm->s_self) && !IS_UNDEF(n->self)) {
      *out = n->self;
    }
    return true;
  }
  case OBJ_MODULE: {
    Module *m = (Module *)o;
    *out = dict_get_str(m->dict, name);
    if (IS_UNDEF(*out) && str_eq(name, vm->s_name)) *out = OBJ_VAL(m->name);
    if (IS_UNDEF(*out) && str_eq(name, vm->s_dict)) *out = OBJ_VAL(m->dict);
    if (IS_UNDEF(*out)) {
      /* a module's own __getattr__ answers for what it lacks (PEP 562) */
      Value ga = dict_get_str(m->dict, vm->s_getattr);
      Value arg = OBJ_VAL(name);
      if (!IS_UNDEF(ga)) return vm_call(vm, ga, &arg, 1, NULL, out);
    }
    return true;
  }
  case OBJ_PROPERTY: {
    Property *p = (Property *)o;
    if (str_eq(name, vm->s_fget))
      *out = p->fget;
    else if (str_eq(name, vm->s_fset))
      *out = p->fset;
    else if (str_eq(name, vm->s_fdel))
      *out = p->fdel;
    else if (str_eq(name, vm->s_doc))
      *out = p->doc;
    return true;
  }
  case OBJ_STATICMETHOD:
  case OBJ_CLASSMETHOD: {
    MethodWrap *w = (MethodWrap *)o;
    if (str_eq(name, vm->s_func) || str_eq(name, vm->s_wrapped)) {
      *out = w->func;
      return true;
    }
    if (str_eq(name, vm->s_name) || str_eq(name, vm->s_qualname) || str_eq(name, vm->s_doc) ||
        str_eq(name, vm->s_module))
      return attr_get(vm, w->func, name, out);
    return true;
  }
  case OBJ_SLICE: {
    Slice *s = (Slice *)o;
    if (str_eq(name, vm->s_start))
      *out = s->start;
    else if (str_eq(name, vm->s_stop))
      *out = s->stop;
    else if (str_eq(name, vm->s_step))
      *out = s->step;
    return true;
  }
  case OBJ_RANGE: {
    Range *r = (Range *)o;
    if (str_eq(name, vm->s_start))
      *out = obj_int(vm, r->start);
    else if (str_eq(name, vm->s_stop))
      *out = obj_int(vm, r->stop);
    else if (str_eq(name, vm->s_step))
      *out = obj_int(vm, r->step);
    return true;
  }
  case OBJ_GENERATOR: {
    Generator *g = (Generator *)o;
    if (str_eq(name, vm->s_name))
      *out = OBJ_VAL(g->fn->name);
    else if (str_eq(name, vm->s_qualname))
      *out = OBJ_VAL(g->fn->qualname);
    return true;
  }
  default: return true;
  }
}

/* ------------------------------------------------------------- reading */

/* An exception's own data attributes, which live outside its __dict__. */
static bool exception_attr(VM *vm, Instance *in, Str *name, Value *out) {
  if (in->obj.flags & INSTANCE_EXC) {
    ExcInstance *e = (ExcInstance *)in;
    if (str_eq(name, vm->s_cause)) {
      *out = e->cause;
      return true;
    }
    if (str_eq(name, vm->s_context)) {
      *out = e->context;
      return true;
    }
    if (str_eq(name, vm->s_suppress_context)) {
      *out = BOOL_VAL(in->obj.flags & INSTANCE_SUPPRESS);
      return true;
    }
    if (str_eq(name, vm->s_traceback)) {
      if (!IS_TUPLE(in->traceback)) {
        *out = VAL_NONE;
        return true;
      }
      return err_refuse(vm, "traceback objects are not supported by lst");
    }
    if (str_eq(name, vm->s_name) && (class_is_subclass(in->klass, vm->b.name_error) ||
                                     class_is_subclass(in->klass, vm->b.attribute_error))) {
      *out = e->name;
      return true;
    }
    if (str_eq(name, vm->s_obj) && class_is_subclass(in->klass, vm->b.attribute_error)) {
      *out = IS_TUPLE(e->obj) && class_is_subclass(in->klass, vm->b.name_error) ? VAL_NONE : e->obj;
      return true;
    }
    if (str_eq(name, vm->s_value) && class_is_subclass(in->klass, vm->b.stop_iteration)) {
      Value args = in->payload;
      *out = IS_TUPLE(args) && AS_TUPLE(args)->len ? AS_TUPLE(args)->items[0] : VAL_NONE;
      return true;
    }
  }
  if (str_eq(name, vm->s_args)) {
    if (IS_UNDEF(in->payload)) {
      Tuple *t = obj_tuple_new(vm, 0);
      if (!t) return false;
      in->payload = OBJ_VAL(t);
    }
    *out = in->payload;
  }
  return true;
}

bool attr_get_generic(VM *vm, Value obj, Str *name, Value *out) {
  if (!IS_INSTANCE(obj)) return attr_get(vm, obj, name, out);
  Instance *in = AS_INSTANCE(obj);
  Class *k = in->klass;
  if (str_eq(name, vm->s_class)) {
    *out = OBJ_VAL(k);
    return true;
  }
  if (str_eq(name, vm->s_dict)) {
    if (!holds_attrs(k)) return no_attribute(vm, obj, name);
    *out = OBJ_VAL(in->attrs);
    return true;
  }
  Value descr = class_lookup_cached(vm, k, name);
  if (!IS_UNDEF(descr) && attr_is_data_descriptor(vm, descr))
    return attr_bind(vm, descr, obj, OBJ_VAL(k), out);
  Value v = dict_get_str(in->attrs, name);
  if (!IS_UNDEF(v)) {
    *out = v;
    return true;
  }
  if (k->is_exception) {
    *out = VAL_UNDEF;
    if (!exception_attr(vm, in, name, out)) return false;
    if (!IS_UNDEF(*out)) return true;
  }
  if (!IS_UNDEF(descr)) return attr_bind(vm, descr, obj, OBJ_VAL(k), out);
  return no_attribute(vm, obj, name);
}

static bool class_get(VM *vm, Class *k, Str *name, Value *out) {
  /* type's own data attributes come first, then the class and its bases */
  if (!class_attr(vm, k, name, out)) return false;
  if (!IS_UNDEF(*out)) return true;
  Value v = class_lookup_cached(vm, k, name);
  if (!IS_UNDEF(v)) return attr_bind(vm, v, VAL_UNDEF, OBJ_VAL(k), out);
  return no_attribute(vm, OBJ_VAL(k), name);
}

bool attr_get(VM *vm, Value obj, Str *name, Value *out) {
  if (IS_INSTANCE(obj)) {
    Class *k = AS_INSTANCE(obj)->klass;
    Value ga = class_special(vm, k, vm->s_getattribute);
    bool ok;
    if (!IS_UNDEF(ga)) {
      Value arg = OBJ_VAL(name);
      ok = special_call(vm, ga, obj, &arg, 1, out);
    } else {
      ok = attr_get_generic(vm, obj, name, out);
    }
    if (ok) return true;
    Value getattr = class_special(vm, k, vm->s_getattr);
    if (IS_UNDEF(getattr) || !err_matches(vm->exc, vm->b.attribute_error)) return false;
    vm->exc = VAL_UNDEF;
    Value arg = OBJ_VAL(name);
    return special_call(vm, getattr, obj, &arg, 1, out);
  }
  if (IS_CLASS(obj)) return class_get(vm, AS_CLASS(obj), name, out);
  if (!builtin_attr(vm, obj, name, out)) return false;
  if (!IS_UNDEF(*out)) return true;
  Class *k = class_of(vm, obj);
  Value v = class_lookup_cached(vm, k, name);
  if (!IS_UNDEF(v)) return attr_bind(vm, v, obj, OBJ_VAL(k), out);
  if (str_eq(name, vm->s_class)) {
    *out = OBJ_VAL(k);
    return true;
  }
  return no_attribute(vm, obj, name);
}

/* ------------------------------------------------------------- writing */

static bool set_function_attr(VM *vm, Function *f, Str *name, Value value, bool del) {
  if (str_eq(name, vm->s_name) || str_eq(name, vm->s_qualname)) {
    if (del || !IS_STR(value))
      return err_raise(vm, vm->b.type_error, "%s must be set to a string object", name->data);
    if (str_eq(name, vm->s_name))
      f->name = AS_STR(value);
    else
      f->qualname = AS_STR(value);
    return true;
  }
  if (str_eq(name, vm->s_doc)) {
    f->doc = del ? VAL_NONE : value;
    return true;
  }
  if (str_eq(name, vm->s_defaults) || str_eq(name, vm->s_kwdefaults) || str_eq(name, vm->s_dict) ||
      str_eq(name, vm->s_module))
    return err_refuse(vm, "assigning a function's %s is not supported by lst", name->data);
  if (!f->attrs && !(f->attrs = dict_new(vm))) return false;
  if (!del) return dict_set_str(vm, f->attrs, name, value);
  bool found;
  if (!dict_del(vm, f->attrs, OBJ_VAL(name), &found)) return false;
  if (!found) return no_attribute(vm, OBJ_VAL(f), name);
  return true;
}

static bool class_set(VM *vm, Class *k, Str *name, Value value, bool del) {
  if (k->obj.flags & CLASS_BUILTIN)
    return err_raise(vm, vm->b.type_error, "cannot set '%s' attribute of immutable type '%s'",
                     name->data, k->name->data);
  if (str_eq(name, vm->s_name) || str_eq(name, vm->s_qualname) || str_eq(name, vm->s_bases) ||
      str_eq(name, vm->s_dict) || str_eq(name, vm->s_mro) || str_eq(name, vm->s_class))
    return err_refuse(vm, "assigning a class's %s is not supported by lst", name->data);
  class_changed(vm);
  if (!del) return dict_set_str(vm, k->dict, name, value);
  bool found;
  if (!dict_del(vm, k->dict, OBJ_VAL(name), &found)) return false;
  if (!found) return no_attribute(vm, OBJ_VAL(k), name);
  return true;
}

static bool readonly(VM *vm, Value obj, Str *name);

static bool instance_set_generic(VM *vm, Value obj, Str *name, Value value, bool del) {
  Instance *in = AS_INSTANCE(obj);
  Value descr = class_lookup_cached(vm, in->klass, name);
  if (!IS_UNDEF(descr)) {
    bool done;
    if (!descriptor_set(vm, descr, obj, name, value, del, &done)) return false;
    if (done) return true;
  }
  /* sys.version_info's fields (in its attrs) are read-only */
  if (!holds_attrs(in->klass)) {
    if (!IS_UNDEF(dict_get_str(in->attrs, name)))
      return err_raise(vm, vm->b.attribute_error, "readonly attribute");
    return readonly(vm, obj, name);
  }
  if (str_eq(name, vm->s_class) || str_eq(name, vm->s_dict))
    return err_refuse(vm, "assigning an instance's %s is not supported by lst", name->data);
  if (in->obj.flags & INSTANCE_EXC) {
    ExcInstance *e = (ExcInstance *)in;
    if (str_eq(name, vm->s_cause) || str_eq(name, vm->s_context)) {
      if (del) return err_raise(vm, vm->b.type_error, "%s may not be deleted", name->data);
      if (!IS_NONE(value) && !is_exc(value))
        return err_raise(vm, vm->b.type_error,
                         "exception %s must be None or derive from BaseException",
                         str_eq(name, vm->s_cause) ? "cause" : "context");
      if (str_eq(name, vm->s_cause)) {
        e->cause = value;
        in->obj.flags |= INSTANCE_SUPPRESS;
      } else {
        e->context = value;
      }
      return true;
    }
    if (str_eq(name, vm->s_suppress_context)) {
      bool t;
      if (del || !ops_truthy(vm, value, &t))
        return del ? err_raise(vm, vm->b.type_error, "__suppress_context__ may not be deleted")
                   : false;
      in->obj.flags =
          (uint16_t)(t ? in->obj.flags | INSTANCE_SUPPRESS : in->obj.flags & ~INSTANCE_SUPPRESS);
      return true;
    }
  }
  if (in->klass->is_exception && str_eq(name, vm->s_args)) {
    if (del) return err_raise(vm, vm->b.type_error, "args may not be deleted");
    Tuple *t;
    if (IS_TUPLE(value)) {
      t = AS_TUPLE(value);
    } else {
      return err_refuse(vm, "assigning a non-tuple to an exception's args is not supported by lst");
    }
    in->payload = OBJ_VAL(t);
    return true;
  }
  if (!del) return dict_set_str(vm, in->attrs, name, value);
  bool found;
  if (!dict_del(vm, in->attrs, OBJ_VAL(name), &found)) return false;
  if (!found) return no_attribute(vm, obj, name);
  return true;
}

/* Setting (or deleting) an attribute of a value that has no __dict__:
 * CPython's two messages, for a name its type has and one it lacks. */
static bool readonly(VM *vm, Value obj, Str *name) {
  Class *k = class_of(vm, obj);
  if (!IS_UNDEF(class_lookup_cached(vm, k, name)))
    return err_raise(vm, vm->b.attribute_error, "'%s' object attribute '%s' is read-only",
                     k->name->data, name->data);
  return no_attribute(vm, obj, name);
}

static bool set_or_del(VM *vm, Value obj, Str *name, Value value, bool del) {
  if (IS_INSTANCE(obj)) {
    Value m = class_special(vm, AS_INSTANCE(obj)->klass, del ? vm->s_delattr : vm->s_setattr);
    if (!IS_UNDEF(m)) {
      Value args[2] = {OBJ_VAL(name), value}, ignored;
      return special_call(vm, m, obj, args, del ? 1 : 2, &ignored);
    }
    return instance_set_generic(vm, obj, name, value, del);
  }
  if (IS_CLASS(obj)) return class_set(vm, AS_CLASS(obj), name, value, del);
  if (IS_FUNCTION(obj)) return set_function_attr(vm, AS_FUNCTION(obj), name, value, del);
  if (is_obj_type(obj, OBJ_MODULE)) {
    Module *m = (Module *)AS_OBJ(obj);
    if (!del) return dict_set_str(vm, m->dict, name, value);
    bool found;
    if (!dict_del(vm, m->dict, OBJ_VAL(name), &found)) return false;
    if (!found) return no_attribute(vm, obj, name);
    return true;
  }
  return readonly(vm, obj, name);
}

bool attr_set(VM *vm, Value obj, Str *name, Value value) {
  return set_or_del(vm, obj, name, value, false);
}

bool attr_del(VM *vm, Value obj, Str *name) { return set_or_del(vm, obj, name, VAL_UNDEF, true); }

bool attr_set_generic(VM *vm, Value obj, Str *name, Value value) {
  if (!IS_INSTANCE(obj)) return attr_set(vm, obj, name, value);
  return instance_set_generic(vm, obj, name, value, false);
}

bool attr_del_generic(VM *vm, Value obj, Str *name) {
  if (!IS_INSTANCE(obj)) return attr_del(vm, obj, name);
  return instance_set_generic(vm, obj, name, VAL_UNDEF, true);
}
