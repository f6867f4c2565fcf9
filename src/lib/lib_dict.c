/* lib_dict.c: the methods of dict and the dict() constructor. */
#include "core/dict.h"
#include "core/error.h"
#include "core/ops.h"
#include "lib/builtins.h"

#define SELF AS_DICT(args[0])

/* d.update(other): a dict, an object with keys(), or an iterable of pairs. */
static bool update_from(VM *vm, Dict *d, Value src) {
  if (IS_DICT(src)) return dict_copy_into(vm, d, AS_DICT(src));
  Value it;
  if (!ops_iter(vm, src, &it)) return false;
  for (int64_t i = 0;; i++) {
    Value item;
    bool done;
    if (!ops_next(vm, it, &item, &done)) return false;
    if (done) return true;
    Value pair[2];
    int64_t n = -1;
    if (IS_TUPLE(item))
      n = AS_TUPLE(item)->len;
    else if (IS_LIST(item))
      n = AS_LIST(item)->len;
    if (n != 2) {
      if (n < 0)
        return err_raise(vm, vm->b.type_error,
                         "cannot convert dictionary update sequence element #%lld to a sequence",
                         (long long)i);
      return err_raise(vm, vm->b.value_error,
                       "dictionary update sequence element #%lld has length %lld; 2 is required",
                       (long long)i, (long long)n);
    }
    const Value *items = IS_TUPLE(item) ? AS_TUPLE(item)->items : AS_LIST(item)->items;
    pair[0] = items[0];
    pair[1] = items[1];
    if (!dict_set(vm, d, pair[0], pair[1])) return false;
  }
}

bool lib_dict_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (!arg_count(vm, "dict", nargs, 0, 1)) return false;
  Dict *d = dict_new(vm);
  if (!d) return false;
  if (nargs && !update_from(vm, d, args[0])) return false;
  for (int64_t k = 0; kw && k < kw->len; k++)
    if (!dict_set(vm, d, kw->items[k], args[nargs + k])) return false;
  *out = OBJ_VAL(d);
  return true;
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
  return err_raise(vm, vm->b.key_error, "'popitem(): dictionary is empty'");
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
  if (nargs == 2 && !update_from(vm, SELF, args[1])) return false;
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
  Dict *d = dict_new(vm);
  if (!d || !dict_copy_into(vm, d, SELF)) return false;
  *out = OBJ_VAL(d);
  return true;
}

void lib_dict_register(VM *vm, Class *k) {
  builtins_method(vm, k, "keys", m_keys, 0);
  builtins_method(vm, k, "values", m_values, 0);
  builtins_method(vm, k, "items", m_items, 0);
  builtins_method(vm, k, "get", m_get, 0);
  builtins_method(vm, k, "pop", m_pop, 0);
  builtins_method(vm, k, "popitem", m_popitem, 0);
  builtins_method(vm, k, "setdefault", m_setdefault, 0);
  builtins_method(vm, k, "update", m_update, NATIVE_KW);
  builtins_method(vm, k, "clear", m_clear, 0);
  builtins_method(vm, k, "copy", m_copy, 0);
}
