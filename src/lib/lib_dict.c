/* lib_dict.c: the methods of dict and the dict() constructor. */
#include <stdio.h>
#include <stdlib.h>

#include "base/str.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/ops.h"
#include "lib/builtins.h"

#define SELF AS_DICT(args[0])

/* dict(...) and dict.__init__ into d: the positional argument's items,
 * then the keywords as a dict of their own, presized as CPython's call
 * makes it, merged in. */
static bool init_into(VM *vm, Dict *d, Value *args, int nargs, Tuple *kw) {
  if (!arg_count(vm, "dict", nargs, 0, 1)) return false;
  if (nargs && !dict_update(vm, d, args[0])) return false;
  if (!kw || kw->len == 0) return true;
  Dict *kwd = dict_new(vm);
  if (!kwd) return false;
  dict_presize(kwd, kw->len, true);
  for (int64_t k = 0; k < kw->len; k++)
    if (!dict_set(vm, kwd, kw->items[k], args[nargs + k])) return false;
  return dict_copy_into(vm, d, kwd);
}

bool lib_dict_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  Dict *d = dict_new(vm);
  if (!d) return false;
  *out = OBJ_VAL(d);
  return init_into(vm, d, args, nargs, kw);
}

/* dict.__init__(self, ...): dict()'s items added to a dict that may hold
 * some (which stay, as CPython's update keeps them). */
static bool m_init(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  *out = VAL_NONE;
  return init_into(vm, SELF, args + 1, nargs - 1, kw);
}

static bool view(VM *vm, Value *args, int nargs, Value *out, ViewKind kind, const char *name) {
  if (!arg_count(vm, name, nargs - 1, 0, 0)) return false;
  DictView *v = obj_dictview_new(vm, SELF, kind);
  if (!v) return false;
  *out = OBJ_VAL(v);
  return true;
}

static bool m_keys(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return view(vm, a, n, out, VIEW_KEYS, "dict.keys");
}
static bool m_values(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return view(vm, a, n, out, VIEW_VALUES, "dict.values");
}
static bool m_items(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return view(vm, a, n, out, VIEW_ITEMS, "dict.items");
}

static bool m_get(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "get", nargs - 1, 1, 2)) return false;
  bool found;
  if (!dict_get(vm, SELF, args[1], out, &found)) return false;
  if (!found) *out = nargs == 3 ? args[2] : VAL_NONE;
  return true;
}

static bool m_pop(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "pop", nargs - 1, 1, 2)) return false;
  bool found;
  if (!dict_get(vm, SELF, args[1], out, &found)) return false;
  if (!found) {
    if (nargs == 3) {
      *out = args[2];
      return true;
    }
    return err_raise_value(vm, vm->b.key_error, args[1]);
  }
  return dict_del(vm, SELF, args[1], &found);
}

static bool m_popitem(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "popitem", nargs - 1, 0, 0)) return false;
  Dict *d = SELF;
  for (int64_t i = d->nentries - 1; i >= 0; i--) {
    DictEntry e = d->entries[i];
    if (IS_UNDEF(e.key)) continue;
    Tuple *t = obj_tuple_new(vm, 2);
    if (!t) return false;
    t->items[0] = e.key;
    t->items[1] = e.value;
    bool found;
    if (!dict_del(vm, d, e.key, &found)) return false;
    *out = OBJ_VAL(t);
    return true;
  }
  return err_raise(vm, vm->b.key_error, "popitem(): dictionary is empty");
}

static bool m_setdefault(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "setdefault", nargs - 1, 1, 2)) return false;
  bool found;
  if (!dict_get(vm, SELF, args[1], out, &found)) return false;
  if (found) return true;
  *out = nargs == 3 ? args[2] : VAL_NONE;
  return dict_set(vm, SELF, args[1], *out);
}

static bool m_update(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (!arg_count(vm, "update", nargs - 1, 0, 1)) return false;
  if (nargs == 2 && !dict_update(vm, SELF, args[1])) return false;
  for (int64_t k = 0; kw && k < kw->len; k++)
    if (!dict_set(vm, SELF, kw->items[k], args[nargs + k])) return false;
  *out = VAL_NONE;
  return true;
}

static bool m_clear(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "dict.clear", nargs - 1, 0, 0)) return false;
  dict_clear(vm, SELF);
  *out = VAL_NONE;
  return true;
}

static bool m_copy(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "dict.copy", nargs - 1, 0, 0)) return false;
  Dict *d = dict_copy(vm, SELF);
  if (!d) return false;
  *out = OBJ_VAL(d);
  return true;
}

/* dict.fromkeys(iterable, value=None), a classmethod: args[0] is the class. */
static bool m_fromkeys(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "fromkeys", nargs - 1, 1, 2)) return false;
  Dict *d = dict_new(vm);
  if (!d) return false;
  *out = OBJ_VAL(d);
  Value v = nargs > 2 ? args[2] : VAL_NONE, it;
  /* CPython sizes the result at once for a dict or a set */
  if (IS_DICT(args[1])) {
    Dict *src = AS_DICT(args[1]);
    bool str_keys = true;
    for (int64_t i = 0; i < src->nentries && str_keys; i++)
      str_keys = IS_UNDEF(src->entries[i].key) || IS_STR(src->entries[i].key);
    dict_resize_for(d, src->used, str_keys);
  } else if (IS_SET(args[1])) {
    dict_resize_for(d, AS_SET(args[1])->used, false);
  }
  if (!ops_iter(vm, args[1], &it)) return false;
  for (;;) {
    Value key;
    bool done;
    if (!ops_next(vm, it, &key, &done)) return false;
    if (done) return true;
    if (!dict_set(vm, d, key, v)) return false;
  }
}

void lib_dict_register(VM *vm, Class *k) {
  /* its owner names it in messages; it is always called bound, to the class */
  reg_wrapped_method(vm, k, "fromkeys", m_fromkeys, OBJ_CLASSMETHOD, true);
  reg_method(vm, k, "__init__", m_init, NATIVE_SLOT | NATIVE_KW);
  reg_method(vm, k, "keys", m_keys, 0);
  reg_method(vm, k, "values", m_values, 0);
  reg_method(vm, k, "items", m_items, 0);
  reg_method(vm, k, "get", m_get, 0);
  reg_method(vm, k, "pop", m_pop, 0);
  reg_method(vm, k, "popitem", m_popitem, 0);
  reg_method(vm, k, "setdefault", m_setdefault, 0);
  reg_method(vm, k, "update", m_update, NATIVE_KW);
  reg_method(vm, k, "clear", m_clear, 0);
  reg_method(vm, k, "copy", m_copy, 0);
}
