/* lib_set.c: the methods of set and the set() constructor. */
#include "core/error.h"
#include "core/ops.h"
#include "core/set.h"
#include "lib/builtins.h"

#define SELF AS_SET(args[0])

bool lib_set_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (kw && kw->len) return err_raise(vm, vm->b.type_error, "set() takes no keyword arguments");
  if (!arg_count(vm, "set", nargs, 0, 1)) return false;
  Set *s = set_new(vm);
  if (!s) return false;
  if (nargs && !set_update(vm, s, args[0])) return false;
  *out = OBJ_VAL(s);
  return true;
}

/* set.__init__(self[, iterable]): emptied, then filled as set() fills a
 * new set. */
static bool m_init(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (kw && kw->len) return err_raise(vm, vm->b.type_error, "set() takes no keyword arguments");
  if (!arg_count(vm, "set", nargs - 1, 0, 1)) return false;
  *out = VAL_NONE;
  if (SELF->fill) set_clear(vm, SELF);
  return nargs < 2 || set_update(vm, SELF, args[1]);
}

static bool m_add(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "set.add", nargs - 1, 1, 1)) return false;
  *out = VAL_NONE;
  return set_add(vm, SELF, args[1]);
}

static bool m_remove(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "set.remove", nargs - 1, 1, 1)) return false;
  bool found;
  if (!set_discard(vm, SELF, args[1], &found)) return false;
  if (!found) return err_raise_value(vm, vm->b.key_error, args[1]);
  *out = VAL_NONE;
  return true;
}

static bool m_discard(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "set.discard", nargs - 1, 1, 1)) return false;
  bool found;
  *out = VAL_NONE;
  return set_discard(vm, SELF, args[1], &found);
}

/* CPython's set.pop: scan from a moving finger for the next live slot. */
static bool m_pop(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "set.pop", nargs - 1, 0, 0)) return false;
  Set *s = SELF;
  if (s->used == 0) return err_raise(vm, vm->b.key_error, "pop from an empty set");
  int64_t i = s->finger & s->mask;
  while (IS_UNDEF(s->table[i].key)) {
    i++;
    if (i > s->mask) i = 0;
  }
  *out = s->table[i].key;
  s->table[i].key = VAL_UNDEF;
  s->table[i].hash = -1;
  s->used--;
  s->finger = i + 1;
  return true;
}

static bool m_clear(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "set.clear", nargs - 1, 0, 0)) return false;
  set_clear(vm, SELF);
  *out = VAL_NONE;
  return true;
}

static bool m_copy(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "set.copy", nargs - 1, 0, 0)) return false;
  Set *s = set_new(vm);
  if (!s || !set_update(vm, s, args[0])) return false;
  *out = OBJ_VAL(s);
  return true;
}

static bool m_update(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  for (int i = 1; i < nargs; i++)
    if (!set_update(vm, SELF, args[i])) return false;
  *out = VAL_NONE;
  return true;
}

typedef bool (*SetUpdate)(VM *vm, Set *s, Value other);

static bool in_place(VM *vm, Value *args, int nargs, Value *out, SetUpdate op) {
  for (int i = 1; i < nargs; i++)
    if (!op(vm, SELF, args[i])) return false;
  *out = VAL_NONE;
  return true;
}

static bool m_intersection_update(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return in_place(vm, a, n, out, set_intersection_update);
}

static bool m_difference_update(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return in_place(vm, a, n, out, set_difference_update);
}

static bool m_symmetric_difference_update(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "symmetric_difference_update", n - 1, 1, 1)) return false;
  return in_place(vm, a, n, out, set_symmetric_difference_update);
}

typedef Set *(*SetAlgebra)(VM *vm, Set *a, Value other);

/* union, intersection and difference take any number of iterables */
static bool algebra(VM *vm, Value *args, int nargs, Value *out, SetAlgebra op) {
  Set *acc = AS_SET(args[0]);
  if (nargs == 1) acc = set_union(vm, acc, OBJ_VAL(set_new(vm)));
  for (int i = 1; acc && i < nargs; i++) acc = op(vm, acc, args[i]);
  if (!acc) return false;
  *out = OBJ_VAL(acc);
  return true;
}

static bool m_union(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return algebra(vm, a, n, out, set_union);
}
static bool m_intersection(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return algebra(vm, a, n, out, set_intersection);
}
static bool m_difference(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return algebra(vm, a, n, out, set_difference);
}
static bool m_symmetric_difference(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "symmetric_difference", n - 1, 1, 1)) return false;
  return algebra(vm, a, n, out, set_symmetric_difference);
}

/* The comparisons behind issubset and friends need sets on both sides. */
static bool as_set(VM *vm, Value v, Value *out) {
  if (IS_SET(v)) {
    *out = v;
    return true;
  }
  Set *s = set_new(vm);
  if (!s || !set_update(vm, s, v)) return false;
  *out = OBJ_VAL(s);
  return true;
}

static bool relation(VM *vm, Value *args, int nargs, Value *out, int cmp, const char *name) {
  if (!arg_count(vm, name, nargs - 1, 1, 1)) return false;
  Value other;
  if (!as_set(vm, args[1], &other)) return false;
  return ops_compare(vm, cmp, args[0], other, out);
}

static bool m_issubset(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return relation(vm, a, n, out, CMP_LE, "issubset");
}
static bool m_issuperset(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return relation(vm, a, n, out, CMP_GE, "issuperset");
}

static bool m_isdisjoint(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "isdisjoint", nargs - 1, 1, 1)) return false;
  Set *both = set_intersection(vm, SELF, args[1]);
  if (!both) return false;
  *out = BOOL_VAL(both->used == 0);
  return true;
}

void lib_set_register(VM *vm, Class *k) {
  reg_method(vm, k, "add", m_add, 0);
  reg_method(vm, k, "remove", m_remove, 0);
  reg_method(vm, k, "discard", m_discard, 0);
  reg_method(vm, k, "pop", m_pop, 0);
  reg_method(vm, k, "clear", m_clear, 0);
  reg_method(vm, k, "copy", m_copy, 0);
  reg_method(vm, k, "__init__", m_init, NATIVE_SLOT | NATIVE_KW);
  reg_method(vm, k, "update", m_update, 0);
  reg_method(vm, k, "intersection_update", m_intersection_update, 0);
  reg_method(vm, k, "difference_update", m_difference_update, 0);
  reg_method(vm, k, "symmetric_difference_update", m_symmetric_difference_update, 0);
  reg_method(vm, k, "union", m_union, 0);
  reg_method(vm, k, "intersection", m_intersection, 0);
  reg_method(vm, k, "difference", m_difference, 0);
  reg_method(vm, k, "symmetric_difference", m_symmetric_difference, 0);
  reg_method(vm, k, "issubset", m_issubset, 0);
  reg_method(vm, k, "issuperset", m_issuperset, 0);
  reg_method(vm, k, "isdisjoint", m_isdisjoint, 0);
}
