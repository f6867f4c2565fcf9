/* lib_copy.c: the copy module: copy() and deepcopy() with CPython's copy
 * rules, including how each copy allocates (deepcopy of a list appends,
 * so the copy's capacity follows append growth, as in CPython). */
#include <string.h>

#include "base/str.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/list.h"
#include "core/ops.h"
#include "core/set.h"
#include "lib/builtins.h"

static bool atomic(Value v) {
  if (!IS_OBJ(v)) return true;
  switch ((ObjType)OBJ_TYPE(v)) {
  case OBJ_STR:
  case OBJ_INT:
  case OBJ_FLOAT:
  case OBJ_RANGE:
  case OBJ_FUNCTION:
  case OBJ_NATIVE:
  case OBJ_CLASS:
  case OBJ_CODE:
  case OBJ_MODULE: return true;
  default: return false;
  }
}

/* A new instance of x's class with a copy of its attributes, made without
 * calling __init__ (CPython's __reduce_ex__ path). */
static Instance *blank_copy(VM *vm, Instance *x) {
  Instance *y = class_new_instance(vm, x->klass);
  if (!y) return NULL;
  y->payload = x->payload;
  return y;
}

static bool shallow(VM *vm, Value x, Value *out) {
  if (atomic(x) || IS_TUPLE(x)) {
    *out = x;
    return true;
  }
  switch ((ObjType)OBJ_TYPE(x)) {
  case OBJ_LIST: {
    List *l = list_slice(vm, AS_LIST(x), 0, AS_LIST(x)->len, "copy");
    if (!l) return false;
    *out = OBJ_VAL(l);
    return true;
  }
  case OBJ_DICT: {
    Dict *d = dict_copy(vm, AS_DICT(x));
    if (!d) return false;
    *out = OBJ_VAL(d);
    return true;
  }
  case OBJ_SET: {
    Set *s = set_new(vm);
    if (!s || !set_update(vm, s, x)) return false;
    *out = OBJ_VAL(s);
    return true;
  }
  case OBJ_INSTANCE: {
    Instance *in = AS_INSTANCE(x);
    Value hook = class_lookup(vm, in->klass, vm->s_copy);
    if (!IS_UNDEF(hook)) return vm_call(vm, hook, &x, 1, NULL, out);
    Instance *y = blank_copy(vm, in);
    if (!y || !dict_copy_into(vm, y->attrs, in->attrs)) return false;
    *out = OBJ_VAL(y);
    return true;
  }
  default:
    return err_refuse(vm, "copy of '%s' objects is not supported by lst", class_name_of(vm, x));
  }
}

static bool memo_key(VM *vm, Value x, Value *key) {
  *key = obj_int(vm, (int64_t)x);
  return !IS_UNDEF(*key);
}

static bool deep(VM *vm, Value x, Dict *memo, Value memo_value, Value *out);

static bool deep_remember(VM *vm, Dict *memo, Value x, Value y) {
  Value key;
  return memo_key(vm, x, &key) && dict_set(vm, memo, key, y);
}

static bool deep_inner(VM *vm, Value x, Dict *memo, Value memo_value, Value *out) {
  switch ((ObjType)OBJ_TYPE(x)) {
  case OBJ_LIST: {
    List *src = AS_LIST(x);
    List *y = list_new(vm, 0, 0, "deepcopy");
    if (!y || !deep_remember(vm, memo, x, OBJ_VAL(y))) return false;
    for (int64_t i = 0; i < src->len; i++) {
      Value v;
      if (!deep(vm, src->items[i], memo, memo_value, &v)) return false;
      if (!list_append(vm, y, v, "deepcopy")) return false;
    }
    *out = OBJ_VAL(y);
    return true;
  }
  case OBJ_TUPLE: {
    Tuple *t = AS_TUPLE(x);
    Tuple *y = obj_tuple_new(vm, t->len);
    if (!y) return false;
    bool same = true;
    for (int64_t i = 0; i < t->len; i++) {
      if (!deep(vm, t->items[i], memo, memo_value, &y->items[i])) return false;
      same = same && y->items[i] == t->items[i];
    }
    /* a tuple that contains itself through a list was copied meanwhile */
    Value key, prior;
    bool found;
    if (!memo_key(vm, x, &key) || !dict_get(vm, memo, key, &prior, &found)) return false;
    if (found) {
      *out = prior;
      return true;
    }
    *out = same ? x : OBJ_VAL(y);
    return deep_remember(vm, memo, x, *out);
  }
  case OBJ_DICT: {
    Dict *src = AS_DICT(x);
    Dict *y = dict_new(vm);
    if (!y || !deep_remember(vm, memo, x, OBJ_VAL(y))) return false;
    for (int64_t i = 0; i < src->nentries; i++) {
      DictEntry e = src->entries[i];
      if (IS_UNDEF(e.key)) continue;
      Value k, v;
      if (!deep(vm, e.key, memo, memo_value, &k) || !deep(vm, e.value, memo, memo_value, &v))
        return false;
      if (!dict_set(vm, y, k, v)) return false;
    }
    *out = OBJ_VAL(y);
    return true;
  }
  case OBJ_SET: {
    /* CPython rebuilds a set from a deep copy of the list of its items */
    List *items = list_from_iterable(vm, x, "deepcopy");
    if (!items) return false;
    Value copied;
    if (!deep(vm, OBJ_VAL(items), memo, memo_value, &copied)) return false;
    Set *y = set_new(vm);
    if (!y || !set_update(vm, y, copied)) return false;
    *out = OBJ_VAL(y);
    return deep_remember(vm, memo, x, *out);
  }
  case OBJ_INSTANCE: {
    Instance *in = AS_INSTANCE(x);
    Value hook = class_lookup(vm, in->klass, vm->s_deepcopy);
    if (!IS_UNDEF(hook)) {
      Value args[2] = {x, memo_value};
      if (!vm_call(vm, hook, args, 2, NULL, out)) return false;
      return deep_remember(vm, memo, x, *out);
    }
    Instance *y = blank_copy(vm, in);
    if (!y || !deep_remember(vm, memo, x, OBJ_VAL(y))) return false;
    if (IS_TUPLE(in->payload) && !deep(vm, in->payload, memo, memo_value, &y->payload))
      return false;
    Value state;
    if (!deep(vm, OBJ_VAL(in->attrs), memo, memo_value, &state)) return false;
    if (!dict_copy_into(vm, y->attrs, AS_DICT(state))) return false;
    *out = OBJ_VAL(y);
    return true;
  }
  default:
    return err_refuse(vm, "deepcopy of '%s' objects is not supported by lst", class_name_of(vm, x));
  }
}

static bool deep(VM *vm, Value x, Dict *memo, Value memo_value, Value *out) {
  if (atomic(x)) {
    *out = x;
    return true;
  }
  Value key, prior;
  bool found;
  if (!memo_key(vm, x, &key) || !dict_get(vm, memo, key, &prior, &found)) return false;
  if (found) {
    *out = prior;
    return true;
  }
  /* CPython's deepcopy recurses in Python: deepcopy and _deepcopy_list
   * (or _deepcopy_dict) for each list or dict, one frame more for a tuple
   * (its comprehension), deepcopy and _reconstruct for an instance (then
   * its state, a dict): the same frames count here against the limit */
  int frames = IS_TUPLE(x) ? 3 : 2;
  if (vm->nframes + vm->virtual_frames + frames > VM_MAX_FRAMES ||
      vm->native_depth >= VM_MAX_NATIVE_DEPTH)
    return err_raise(vm, vm->b.recursion_error, "maximum recursion depth exceeded");
  vm->native_depth++;
  vm->virtual_frames += frames;
  bool ok = deep_inner(vm, x, memo, memo_value, out);
  vm->virtual_frames -= frames;
  vm->native_depth--;
  return ok;
}

static bool fn_copy(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (nargs != 1)
    return err_raise(vm, vm->b.type_error, "copy() takes 1 positional argument but %d were given",
                     nargs);
  return shallow(vm, args[0], out);
}

static bool fn_deepcopy(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"memo"};
  Value opt[1];
  /* copy.deepcopy is a Python function in CPython: its message for an
   * unknown keyword is a function's */
  for (int64_t k = 0; kw && k < kw->len; k++)
    if (strcmp(AS_STR(kw->items[k])->data, "memo") != 0)
      return err_raise(vm, vm->b.type_error, "deepcopy() got an unexpected keyword argument '%s'",
                       AS_STR(kw->items[k])->data);
  if (!arg_keywords(vm, "deepcopy", args, nargs, kw, names, opt, 1)) return false;
  if (nargs < 1 || nargs > 2)
    return err_raise(vm, vm->b.type_error,
                     "deepcopy() takes from 1 to 2 positional arguments but %d were given", nargs);
  Value memo_value = nargs == 2 ? args[1] : opt[0];
  if (IS_UNDEF(memo_value) || IS_NONE(memo_value)) {
    Dict *d = dict_new(vm);
    if (!d) return false;
    memo_value = OBJ_VAL(d);
  }
  if (!IS_DICT(memo_value))
    return err_raise(vm, vm->b.type_error, "deepcopy() memo must be a dict");
  return deep(vm, args[0], AS_DICT(memo_value), memo_value, out);
}

bool lib_copy_module(VM *vm, Value *out) {
  Module *m = reg_module_new(vm, str_intern_cstr(vm, "copy"));
  if (!m) return false;
  Native *c = obj_native_new(vm, "copy", fn_copy, 0);
  Native *d = obj_native_new(vm, "deepcopy", fn_deepcopy, NATIVE_KW);
  if (!c || !d) return false;
  if (!dict_set_str(vm, m->dict, str_intern_cstr(vm, "copy"), OBJ_VAL(c))) return false;
  if (!dict_set_str(vm, m->dict, str_intern_cstr(vm, "deepcopy"), OBJ_VAL(d))) return false;
  *out = OBJ_VAL(m);
  return true;
}
