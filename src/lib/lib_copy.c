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
  case OBJ_PROPERTY: return true;
  default: return false;
  }
}

/* What CPython's copy cannot copy, as pickling refuses it; false with its
 * TypeError raised, true for anything else. */
static bool picklable(VM *vm, Value x) {
  if (!IS_OBJ(x)) return true;
  if (IS_INSTANCE(x)) {
    Class *k = AS_INSTANCE(x)->klass;
    if (k == vm->b.version_info)
      return err_raise(vm, vm->b.type_error, "cannot create '%s' instances", k->name->data);
    if (k == vm->b.mappingproxy || k == vm->b.text_stream)
      return err_raise(vm, vm->b.type_error, "cannot pickle '%s' object", k->name->data);
    return true;
  }
  switch ((ObjType)OBJ_TYPE(x)) {
  case OBJ_MODULE:
  case OBJ_GENERATOR:
  case OBJ_DICTVIEW:
  case OBJ_STATICMETHOD:
  case OBJ_CLASSMETHOD:
    return err_raise(vm, vm->b.type_error, "cannot pickle '%s' object", class_name_of(vm, x));
  default: return true;
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
  /* a slice is immutable to copy(), not to deepcopy() */
  if (atomic(x) || IS_TUPLE(x) || IS_SLICE(x)) {
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
    if (!picklable(vm, x)) return false;
    Instance *in = AS_INSTANCE(x);
    Value hook = class_lookup(vm, in->klass, vm->s_copy);
    if (!IS_UNDEF(hook)) return vm_call(vm, hook, &x, 1, NULL, out);
    Instance *y = blank_copy(vm, in);
    if (!y || !dict_copy_into(vm, y->attrs, in->attrs)) return false;
    *out = OBJ_VAL(y);
    return true;
  }
  default:
    if (!picklable(vm, x)) return false;
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
  case OBJ_SLICE: {
    /* rebuilt from deep copies of its bounds, as its __reduce__ gives them */
    Slice *s = (Slice *)AS_OBJ(x);
    Value b[3];
    if (!deep(vm, s->start, memo, memo_value, &b[0]) ||
        !deep(vm, s->stop, memo, memo_value, &b[1]) || !deep(vm, s->step, memo, memo_value, &b[2]))
      return false;
    Slice *y = obj_slice_new(vm, b[0], b[1], b[2]);
    if (!y || !deep_remember(vm, memo, x, OBJ_VAL(y))) return false;
    *out = OBJ_VAL(y);
    return true;
  }
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
    if (!picklable(vm, x)) return false;
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
    if (!picklable(vm, x)) return false;
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
  static const char *const names[] = {"x"};
  Value x;
  return arg_bind(vm, "copy", args, nargs, kw, names, 1, 1, &x) && shallow(vm, x, out);
}

/* deepcopy(x, memo=None, _nil=[]): _nil is CPython's own sentinel, taken
 * and unused. */
static bool fn_deepcopy(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"x", "memo", "_nil"};
  Value a[3];
  if (!arg_bind(vm, "deepcopy", args, nargs, kw, names, 3, 1, a)) return false;
  Value memo_value = a[1];
  if (IS_UNDEF(memo_value) || IS_NONE(memo_value)) {
    Dict *d = dict_new(vm);
    if (!d) return false;
    memo_value = OBJ_VAL(d);
  }
  if (!IS_DICT(memo_value)) {
    /* CPython calls memo.get: an object without one raises there */
    if (IS_INSTANCE(memo_value))
      return err_refuse(vm, "deepcopy() with a memo that is not a dict is not supported by lst");
    return err_raise(vm, vm->b.attribute_error, "'%s' object has no attribute 'get'",
                     class_name_of(vm, memo_value));
  }
  return deep(vm, a[0], AS_DICT(memo_value), memo_value, out);
}

bool lib_copy_module(VM *vm, Value *out) {
  Module *m = reg_module_new(vm, str_intern_cstr(vm, "copy"));
  if (!m) return false;
  Native *c = obj_native_new(vm, "copy", fn_copy, NATIVE_KW);
  Native *d = obj_native_new(vm, "deepcopy", fn_deepcopy, NATIVE_KW);
  if (!c || !d) return false;
  if (!dict_set_str(vm, m->dict, str_intern_cstr(vm, "copy"), OBJ_VAL(c))) return false;
  if (!dict_set_str(vm, m->dict, str_intern_cstr(vm, "deepcopy"), OBJ_VAL(d))) return false;
  *out = OBJ_VAL(m);
  return true;
}
