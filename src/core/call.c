/* call.c: entering Python functions (argument binding and frames),
 * instantiating classes, calling natives, and class bodies. */
#include "core/call.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc.h"
#include "base/str.h"
#include "core/attr.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/ops.h"
#include "core/special.h"

static bool recursion_error(VM *vm) {
  return err_raise(vm, vm->b.recursion_error, "maximum recursion depth exceeded");
}

/* "'x', 'y', and 'z'" as CPython lists missing parameters. */
static void name_list(Str **names, int n, char *out, size_t cap) {
  size_t len = 0;
  out[0] = '\0';
  for (int i = 0; i < n && len < cap; i++) {
    const char *sep = i == 0 ? "" : (i == n - 1 ? (n > 2 ? ", and " : " and ") : ", ");
    len += (size_t)snprintf(out + len, cap - len, "%s'%s'", sep, names[i]->data);
  }
}

/* Binds positional and keyword arguments to f's parameters: positional
 * slots, keyword-only slots, then *args and **kwargs (see assign_slots in
 * compile.c), with CPython's errors. */
/* CPython's error for keywords naming positional-only parameters, when no
 * **kwargs takes them: all such names, in the order of the keywords; false
 * when no keyword names one. */
static bool posonly_as_keyword(VM *vm, Code *c, const char *fname, Tuple *kwnames) {
  char names[400];
  size_t len = 0;
  names[0] = '\0';
  for (int64_t k = 0; k < kwnames->len; k++)
    for (int i = 0; i < c->nposonly; i++)
      if (str_eq(c->varnames[i], AS_STR(kwnames->items[k]))) {
        int n = snprintf(names + len, sizeof names - len, "%s%s", len ? ", " : "",
                         c->varnames[i]->data);
        if (n > 0 && (size_t)n < sizeof names - len) len += (size_t)n;
        break;
      }
  if (!len) return false;
  err_raise(vm, vm->b.type_error,
            "%s() got some positional-only arguments passed as keyword arguments: '%s'", fname,
            names);
  return true;
}

static bool bind_general(VM *vm, Function *f, Value *args, int nargs, Tuple *kwnames) {
  Code *c = f->code;
  int np = c->nparams, nk = c->nkwonly;
  int nslots = np + nk + c->has_varargs + c->has_kwargs;
  int varargs_slot = np + nk, kwargs_slot = np + nk + c->has_varargs;
  Value small[16];
  Value *tmp = nslots <= 16 ? small : malloc(sizeof(Value) * (size_t)nslots);
  if (!tmp) return gc_memory_error(vm);
  for (int i = 0; i < nslots; i++) tmp[i] = VAL_UNDEF;
  const char *fname = c->qualname->data;
  bool ok = false;
  int ndefs = f->defaults ? (int)f->defaults->len : 0;
  int npos_defaults = ndefs - (ndefs ? nk : 0);
  int npos = nargs < np ? nargs : np;
  for (int i = 0; i < npos; i++) tmp[i] = args[i];
  if (nargs > np) {
    if (!c->has_varargs) {
      /* CPython counts keyword-only arguments given into the message */
      int kwonly_given = 0;
      for (int64_t k = 0; kwnames && k < kwnames->len; k++)
        for (int i = np; i < np + nk; i++)
          if (str_eq(c->varnames[i], AS_STR(kwnames->items[k]))) kwonly_given++;
      char given[128];
      if (kwonly_given)
        snprintf(given, sizeof given, "%d positional argument%s (and %d keyword-only argument%s)",
                 nargs, nargs == 1 ? "" : "s", kwonly_given, kwonly_given == 1 ? "" : "s");
      else
        snprintf(given, sizeof given, "%d", nargs);
      const char *verb = nargs == 1 && !kwonly_given ? "was" : "were";
      if (npos_defaults)
        err_raise(vm, vm->b.type_error,
                  "%s() takes from %d to %d positional arguments but %s %s given", fname,
                  np - npos_defaults, np, given, verb);
      else
        err_raise(vm, vm->b.type_error, "%s() takes %d positional argument%s but %s %s given",
                  fname, np, np == 1 ? "" : "s", given, verb);
      goto done;
    }
    Tuple *rest = obj_tuple_new(vm, nargs - np);
    if (!rest) goto done;
    for (int i = np; i < nargs; i++) rest->items[i - np] = args[i];
    tmp[varargs_slot] = OBJ_VAL(rest);
  } else if (c->has_varargs) {
    Tuple *rest = obj_tuple_new(vm, 0);
    if (!rest) goto done;
    tmp[varargs_slot] = OBJ_VAL(rest);
  }
  Dict *extra = NULL;
  if (c->has_kwargs) {
    extra = dict_new(vm);
    if (!extra) goto done;
    tmp[kwargs_slot] = OBJ_VAL(extra);
  }
  if (kwnames) {
    for (int64_t k = 0; k < kwnames->len; k++) {
      Str *name = AS_STR(kwnames->items[k]);
      int idx = -1;
      /* a positional-only parameter is named by no keyword */
      for (int i = c->nposonly; i < np + nk; i++)
        if (str_eq(c->varnames[i], name)) {
          idx = i;
          break;
        }
      if (idx < 0) {
        if (extra) {
          if (!dict_set(vm, extra, kwnames->items[k], args[nargs + k])) goto done;
          continue;
        }
        if (posonly_as_keyword(vm, c, fname, kwnames)) goto done;
        err_raise(vm, vm->b.type_error, "%s() got an unexpected keyword argument '%s'", fname,
                  name->data);
        goto done;
      }
      if (!IS_UNDEF(tmp[idx])) {
        err_raise(vm, vm->b.type_error, "%s() got multiple values for argument '%s'", fname,
                  name->data);
        goto done;
      }
      tmp[idx] = args[nargs + k];
    }
  }
  Str *missing[64];
  int nmissing = 0;
  for (int i = 0; i < np; i++) {
    if (!IS_UNDEF(tmp[i])) continue;
    if (i >= np - npos_defaults)
      tmp[i] = f->defaults->items[i - (np - npos_defaults)];
    else if (nmissing < 64)
      missing[nmissing++] = c->varnames[i];
  }
  const char *what = "positional";
  if (!nmissing) {
    for (int i = np; i < np + nk; i++) {
      if (!IS_UNDEF(tmp[i])) continue;
      Value d = ndefs ? f->defaults->items[npos_defaults + (i - np)] : VAL_UNDEF;
      if (!IS_UNDEF(d))
        tmp[i] = d;
      else if (nmissing < 64)
        missing[nmissing++] = c->varnames[i];
    }
    what = "keyword-only";
  }
  if (nmissing) {
    char names[400];
    name_list(missing, nmissing, names, sizeof names);
    err_raise(vm, vm->b.type_error, "%s() missing %d required %s argument%s: %s", fname, nmissing,
              what, nmissing == 1 ? "" : "s", names);
    goto done;
  }
  memcpy(args, tmp, sizeof(Value) * (size_t)nslots);
  ok = true;
done:
  if (tmp != small) free(tmp);
  return ok;
}

/* Binds the arguments at args to f's parameters and pushes its frame; a
 * generator function instead returns (in *result) a generator holding the
 * bound locals, and pushes nothing. */
static bool enter_function(VM *vm, Function *f, Value *ret, Value *args, int nargs, Tuple *kwnames,
                           Value init_self, bool *pushed, Value *result) {
  Code *c = f->code;
  if (vm->nframes >= VM_MAX_FRAMES) return recursion_error(vm);
  if (args + c->nlocals + c->max_stack + VM_FRAME_SLACK > vm->stack + VM_STACK_SLOTS)
    return recursion_error(vm);
  int nslots = c->nparams + c->nkwonly + c->has_varargs + c->has_kwargs;
  if (!kwnames && nargs == c->nparams && nslots == c->nparams) {
    for (int i = nargs; i < c->nlocals; i++) args[i] = VAL_UNDEF;
  } else {
    if (!bind_general(vm, f, args, nargs, kwnames)) return false;
    for (int i = nslots; i < c->nlocals; i++) args[i] = VAL_UNDEF;
  }
  for (int i = 0; i < c->ncell_slots; i++) {
    int s = c->cell_slots[i];
    Cell *cell = obj_cell_new(vm, args[s]);
    if (!cell) return false;
    args[s] = OBJ_VAL(cell);
  }
  if (c->is_generator) {
    if (!IS_UNDEF(init_self))
      return err_raise(vm, vm->b.type_error, "__init__() should return None, not 'generator'");
    Generator *g = obj_generator_new(vm, f);
    if (!g) return false;
    memcpy(g->saved, args, sizeof(Value) * (size_t)c->nlocals);
    g->nsaved = c->nlocals;
    *result = OBJ_VAL(g);
    *pushed = false;
    return true;
  }
  call_push_frame(vm, f, ret, args, init_self);
  *pushed = true;
  return true;
}

bool call_function(VM *vm, Function *f, Value *base, int nargs, Value *result, bool *pushed) {
  return enter_function(vm, f, base, base + 1, nargs, NULL, VAL_UNDEF, pushed, result);
}

/* Makes room for one more value before args (self), moving the arguments up. */
static void insert_first(VM *vm, Value *args, int n_after, Value first) {
  /* a constructor's few arguments moved up one by one, from the top:
   * cheaper than a call to memmove for the two or three they nearly
   * always are */
  for (int i = n_after; i > 0; i--) args[i] = args[i - 1];
  args[0] = first;
  vm->sp++;
}

static bool call_native(VM *vm, Native *n, Value *args, int nargs, Tuple *kwnames, Value *result) {
  if (kwnames && kwnames->len && !(n->obj.flags & NATIVE_KW))
    return (n->obj.flags & NATIVE_SLOT)
               ? err_raise(vm, vm->b.type_error, "wrapper %s() takes no keyword arguments", n->name)
           : n->owner ? err_raise(vm, vm->b.type_error, "%s.%s() takes no keyword arguments",
                                  n->owner->name->data, n->name)
                      : err_raise(vm, vm->b.type_error, "%s() takes no keyword arguments", n->name);
  return n->fn(vm, args, nargs, kwnames, result);
}

/* cls.__new__(cls, *args, **kw), from a nested run: *out is what it made. */
static bool call_new(VM *vm, Class *k, Value method, Value *args, int nargs, Tuple *kwnames,
                     Value *out) {
  int nkw = kwnames ? (int)kwnames->len : 0;
  int n = nargs + nkw + 1;
  Value small[16];
  Value *tmp = n <= 16 ? small : malloc(sizeof(Value) * (size_t)n);
  if (!tmp) return gc_memory_error(vm);
  tmp[0] = OBJ_VAL(k);
  memcpy(tmp + 1, args, sizeof(Value) * (size_t)(nargs + nkw));
  Value f = method;
  if (is_obj_type(f, OBJ_STATICMETHOD)) f = ((MethodWrap *)AS_OBJ(f))->func;
  bool ok = vm_call(vm, f, tmp, nargs + 1, kwnames, out);
  if (tmp != small) free(tmp);
  return ok;
}

bool call_setup(VM *vm, Value *base, int nargs, Tuple *kwnames, Value *result, bool *pushed) {
  *pushed = false;
  Value callee = base[0];
  Value *args = base + 1;
  int nkw = kwnames ? (int)kwnames->len : 0;
  if (!IS_OBJ(callee)) goto not_callable;
  switch ((ObjType)OBJ_TYPE(callee)) {
  case OBJ_FUNCTION:
    return enter_function(vm, AS_FUNCTION(callee), base, args, nargs, kwnames, VAL_UNDEF, pushed,
                          result);
  case OBJ_NATIVE: {
    Native *n = AS_NATIVE(callee);
    if (!IS_UNDEF(n->self)) {
      insert_first(vm, args, nargs + nkw, n->self);
      nargs++;
    } else if (n->owner) {
      /* an unbound method taken from its class: the receiver must fit
       * (a slot wrapper and a method descriptor word it differently) */
      bool slot = (n->obj.flags & NATIVE_SLOT) != 0;
      if (nargs < 1)
        return slot ? err_raise(vm, vm->b.type_error,
                                "descriptor '%s' of '%s' object needs an argument", n->name,
                                n->owner->name->data)
                    : err_raise(vm, vm->b.type_error, "unbound method %s.%s() needs an argument",
                                n->owner->name->data, n->name);
      if (!class_isinstance(vm, args[0], n->owner))
        return slot ? err_raise(vm, vm->b.type_error,
                                "descriptor '%s' requires a '%s' object but received a '%s'",
                                n->name, n->owner->name->data, class_name_of(vm, args[0]))
                    : err_raise(vm, vm->b.type_error,
                                "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                                n->name, n->owner->name->data, class_name_of(vm, args[0]));
    }
    return call_native(vm, n, args, nargs, kwnames, result);
  }
  case OBJ_BOUND: {
    Bound *b = (Bound *)AS_OBJ(callee);
    insert_first(vm, args, nargs + nkw, b->self);
    base[0] = b->func;
    return call_setup(vm, base, nargs + 1, kwnames, result, pushed);
  }
  case OBJ_CLASS: {
    Class *k = AS_CLASS(callee);
    if (k->ctor)
      return k->ctor(vm, args, nargs, kwnames, result); /* each checks its own keywords */
    if (k->builtin_type != OBJ_INSTANCE && !k->is_exception)
      return err_raise(vm, vm->b.type_error, "cannot create '%s' instances", k->name->data);
    if (k->ctor_epoch != vm->class_epoch + 1) {
      k->init = class_special(vm, k, vm->s_init);
      k->new_ = class_special(vm, k, vm->s_new);
      k->ctor_epoch = vm->class_epoch + 1;
    }
    Value self, init = k->init, new_method = k->new_;
    if (!IS_UNDEF(new_method)) {
      /* __new__(cls, *args) makes the object; __init__ runs only on an
       * instance of cls */
      if (!call_new(vm, k, new_method, args, nargs, kwnames, &self)) return false;
      if (!class_isinstance(vm, self, k)) {
        *result = self;
        return true;
      }
    } else {
      if (IS_UNDEF(init) && (nargs || nkw))
        return err_raise(vm, vm->b.type_error, "%s() takes no arguments", k->name->data);
      Instance *in = class_new_instance(vm, k);
      if (!in) return false;
      self = OBJ_VAL(in);
      if (k->is_exception) {
        Tuple *t = obj_tuple_new(vm, nargs);
        if (!t) return false;
        memcpy(t->items, args, sizeof(Value) * (size_t)nargs);
        in->payload = OBJ_VAL(t);
      }
    }
    *result = self;
    if (IS_UNDEF(init)) return true;
    insert_first(vm, args, nargs + nkw, self);
    if (IS_FUNCTION(init))
      return enter_function(vm, AS_FUNCTION(init), base, args, nargs + 1, kwnames, self, pushed,
                            result);
    Value r;
    if (IS_NATIVE(init)) return call_native(vm, AS_NATIVE(init), args, nargs + 1, kwnames, &r);
    /* any other callable: called bare with the instance first */
    if (!vm_call(vm, init, args, nargs + 1, kwnames, &r)) return false;
    if (!IS_NONE(r))
      return err_raise(vm, vm->b.type_error, "__init__() should return None, not '%s'",
                       class_name_of(vm, r));
    return true;
  }
  case OBJ_STATICMETHOD:
    /* a staticmethod object is callable: it calls its function */
    base[0] = ((MethodWrap *)AS_OBJ(callee))->func;
    return call_setup(vm, base, nargs, kwnames, result, pushed);
  case OBJ_INSTANCE: {
    /* an instance whose class has __call__: the method, with the instance first */
    Value m = class_special(vm, AS_INSTANCE(callee)->klass, vm->s_call);
    if (IS_UNDEF(m)) break;
    if (!IS_FUNCTION(m)) {
      /* a descriptor or other callable: bound as attribute access binds it */
      Value bound;
      if (!attr_bind(vm, m, callee, OBJ_VAL(AS_INSTANCE(callee)->klass), &bound)) return false;
      if (vm->native_depth >= VM_MAX_NATIVE_DEPTH) return recursion_error(vm);
      base[0] = bound;
      vm->native_depth++;
      bool ok = call_setup(vm, base, nargs, kwnames, result, pushed);
      vm->native_depth--;
      return ok;
    }
    insert_first(vm, args, nargs + nkw, callee);
    base[0] = m;
    return call_setup(vm, base, nargs + 1, kwnames, result, pushed);
  }
  default: break;
  }
not_callable:
  return err_raise(vm, vm->b.type_error, "'%s' object is not callable", class_name_of(vm, callee));
}

bool call_build_class(VM *vm, Value *base, Str *name, bool *pushed, Value *result) {
  *pushed = false;
  Value body = base[0], basev = base[1];
  Class *super = vm->b.object;
  if (!IS_NONE(basev)) {
    /* CPython would run the body, then call the base's type with the
     * name, bases and namespace, whatever that type makes of them */
    if (!IS_CLASS(basev))
      return err_refuse(vm,
                        "a class base that is not a class ('%s' object) is not supported by lst",
                        class_name_of(vm, basev));
    super = AS_CLASS(basev);
    if (super->builtin_type != OBJ_INSTANCE && !super->is_exception && super != vm->b.object)
      return err_refuse(vm, "subclassing the built-in type '%s' is not supported by lst",
                        super->name->data);
  }
  Class *k = class_new(vm, name, super);
  if (!k) return false;
  class_changed(vm);
  /* as CPython's namespace starts: the module first (the body may replace it) */
  if (!dict_set_str(vm, k->dict, vm->s_module, OBJ_VAL(vm->s_main))) return false;
  Function *f = AS_FUNCTION(body);
  if (!enter_function(vm, f, base, base + 1, 0, NULL, VAL_UNDEF, pushed, result)) return false;
  vm->frames[vm->nframes - 1].klass = k;
  *result = OBJ_VAL(k);
  return true;
}

bool call_finish_class(VM *vm, Class *k) {
  Dict *d = k->dict;
  class_changed(vm);
  /* __eq__ without __hash__ makes instances unhashable */
  if (!IS_UNDEF(dict_get_str(d, vm->s_eq)) && IS_UNDEF(dict_get_str(d, vm->s_hash)) &&
      !dict_set_str(vm, d, vm->s_hash, VAL_NONE))
    return false;
  if (IS_UNDEF(dict_get_str(d, vm->s_doc)) && !dict_set_str(vm, d, vm->s_doc, VAL_NONE))
    return false;
  /* __new__ is a static method even when written as a plain function */
  Value nw = dict_get_str(d, vm->s_new);
  if (IS_FUNCTION(nw)) {
    MethodWrap *w = obj_method_wrap_new(vm, OBJ_STATICMETHOD, nw);
    if (!w || !dict_set_str(vm, d, vm->s_new, OBJ_VAL(w))) return false;
  }
  /* descriptors learn their names: __set_name__(owner, name), in
   * definition order, over a snapshot (a call may change the class) */
  int64_t n = d->nentries;
  Tuple *snap = obj_tuple_new(vm, 2 * n);
  if (!snap) return false;
  for (int64_t i = 0; i < n; i++) {
    snap->items[2 * i] = d->entries[i].key;
    snap->items[2 * i + 1] = d->entries[i].value;
  }
  Value *stack_slot = vm->sp++;
  *stack_slot = OBJ_VAL(snap); /* rooted while the calls run */
  bool ok = true;
  for (int64_t i = 0; ok && i < n; i++) {
    Value key = snap->items[2 * i], v = snap->items[2 * i + 1];
    if (IS_UNDEF(key) || !IS_OBJ(v) || (!IS_INSTANCE(v) && !IS_PROPERTY(v))) continue;
    Value m = class_special(vm, class_of(vm, v), vm->s_set_name);
    if (IS_UNDEF(m)) continue;
    Value args[2] = {OBJ_VAL(k), key}, r;
    ok = special_call(vm, m, v, args, 2, &r);
  }
  vm->sp = stack_slot;
  return ok;
}
