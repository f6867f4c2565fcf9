/* list.c: the list buffer and the list operations that change it.
 *
 * The rules here are CPython's (Objects/listobject.c): list_resize's
 * over-allocation, list_preallocate_exact's block for exactly n items, and
 * which operation uses which.  The numbers come from the VM's growth rule,
 * one entry of the table below.  Python-level methods are bound in
 * lib_list.c.
 */
#include "core/list.h"

#include <stdlib.h>
#include <string.h>

#include "base/gc.h"
#include "base/str.h"
#include "core/error.h"
#include "core/ops.h"
#include "core/special.h"

/* ---------------------------------------------------------- growth rules */

/* CPython 3.9 to 3.13: nothing moves while cap/2 <= newsize <= cap;
 * otherwise newsize plus about an eighth, rounded down to a multiple of 4,
 * or newsize rounded up to 4 when the jump is larger than that
 * over-allocation, and 0 for an empty list. */
static int64_t resize_311(int64_t newsize, int64_t len, int64_t cap) {
  if (cap >= newsize && newsize >= (cap >> 1)) return -1;
  uint64_t n = (uint64_t)newsize;
  uint64_t c = (n + (n >> 3) + 6) & ~(uint64_t)3;
  if (newsize - len > (int64_t)(c - n)) c = (n + 3) & ~(uint64_t)3;
  return newsize == 0 ? 0 : (int64_t)c;
}

/* CPython 3.8 (and back to 2.4): the same bounds, over-allocation of an
 * eighth plus 3 below 9 items and 6 from there, no rounding: the
 * tutorial's 0, 4, 8, 16, 25, 35, 46, 58, 72, 88 ... */
static int64_t resize_38(int64_t newsize, int64_t len, int64_t cap) {
  (void)len;
  if (cap >= newsize && newsize >= (cap >> 1)) return -1;
  uint64_t n = (uint64_t)newsize;
  return newsize == 0 ? 0 : (int64_t)(n + (n >> 3) + (n < 9 ? 3 : 6));
}

/* Doubling from 4, as MicroPython's list and Go's small slices grow; a jump
 * past twice the capacity takes just what it needs (MicroPython's extend,
 * Go's append).  It shrinks as MicroPython's pop does: to half, once, when
 * the items fill less than half of more than 4 slots. */
static int64_t resize_double(int64_t newsize, int64_t len, int64_t cap) {
  (void)len;
  if (newsize <= cap) return cap > 4 && cap > 2 * newsize ? cap / 2 : -1;
  int64_t c = cap < 4 ? 4 : cap * 2;
  return c < newsize ? newsize : c;
}

/* Java's ArrayList: old + old/2, at least what is needed, and 10 for the
 * first block; it never shrinks. */
static int64_t resize_java(int64_t newsize, int64_t len, int64_t cap) {
  (void)len;
  if (newsize <= cap) return -1;
  int64_t c = cap == 0 ? 10 : cap + (cap >> 1);
  return c < newsize ? newsize : c;
}

/* CPython 3.10 on rounds an exact block up to an even count: its allocator
 * works in 16-byte units, so the odd slot is free. */
static int64_t exact_even(int64_t n) { return (n + 1) & ~(int64_t)1; }
static int64_t exact_n(int64_t n) { return n; }

const ListRule list_rules[] = {
    {"3.11", "CPython 3.9 to 3.13: newsize + newsize/8 + 6, rounded down to 4 (the default)",
     resize_311, exact_even, true, false},
    {"3.8", "CPython 3.8: newsize + newsize/8 + (3 below 9, else 6), exact constructors", resize_38,
     exact_n, false, true},
    {"double", "twice the capacity, from 4 (MicroPython, Go's small slices)", resize_double,
     exact_n, true, false},
    {"1.5", "capacity + capacity/2, from 10 (Java's ArrayList); never shrinks", resize_java,
     exact_n, true, false},
};
const int list_nrules = (int)(sizeof list_rules / sizeof list_rules[0]);

const ListRule *list_rule_find(const char *name) {
  for (int i = 0; i < list_nrules; i++)
    if (strcmp(list_rules[i].name, name) == 0) return &list_rules[i];
  return NULL;
}

/* ---------------------------------------------------------------- events */

static void report_buffer(VM *vm, List *l, const char *op, int64_t old_cap, int64_t copies) {
  if (!vm->list_hook || old_cap == l->cap) return;
  ListEvent e = {LIST_BUFFER, op, old_cap, l->len, copies};
  vm->list_hook(vm, l, &e);
}

void list_report_change(VM *vm, List *l, int64_t old_len, const char *op) {
  if (!vm->list_changes || !vm->list_hook || old_len == l->len) return;
  ListEvent e = {LIST_CHANGED, op, l->cap, old_len, 0};
  vm->list_hook(vm, l, &e);
}

/* ---------------------------------------------------------------- buffer */

/* The most slots a buffer may have: its bytes stay below half the address
 * range, so no size computed from it overflows.  Every request is checked
 * against it before a growth rule's arithmetic, which it bounds. */
#define LIST_MAX_SLOTS ((int64_t)(INT64_MAX / 2 / sizeof(Value)))

/* The block the growth rule makes for exactly n items; past the limit, n
 * itself, which move_buffer refuses (list_preallocate_exact's MemoryError)
 * before the rule's rounding could overflow. */
static int64_t exact_cap(const VM *vm, int64_t n) {
  return n > LIST_MAX_SLOTS ? n : vm->list_rule->exact(n);
}

/* Reallocates the buffer to exactly new_cap slots.  Reports nothing. */
__attribute__((always_inline)) static inline bool move_buffer(VM *vm, List *l, int64_t new_cap) {
  if ((uint64_t)new_cap > (uint64_t)LIST_MAX_SLOTS) return gc_memory_error(vm);
  Value *items =
      gc_realloc(vm, l->items, (size_t)l->cap * sizeof(Value), (size_t)new_cap * sizeof(Value));
  if (!items && new_cap > 0) return false;
  l->items = items;
  l->cap = new_cap;
  l->obj.flags &= (uint16_t)~LIST_ZERO_BLOCK;
  return true;
}

/* Moves the buffer to new_cap slots, keeping `live` items, and sets the
 * length the operation leaves, which the report then shows. */
static bool set_capacity(VM *vm, List *l, int64_t new_cap, int64_t new_len, int64_t live,
                         const char *op) {
  int64_t old = l->cap;
  if (!move_buffer(vm, l, new_cap)) return false;
  l->len = new_len;
  report_buffer(vm, l, op, old, old > 0 ? live : 0);
  return true;
}

List *list_new(VM *vm, int64_t cap, int64_t len, const char *op) {
  List *l = (List *)gc_new_object(vm, sizeof(List), OBJ_LIST);
  if (!l) return NULL;
  l->id = ++vm->next_list_id;
  if (vm->list_hook) {
    /* the line that made it, for whoever watches (obj.aux is free for lists) */
    l->obj.aux = (uint32_t)vm_current_line(vm);
    ListEvent e = {LIST_CREATED, op, 0, 0, 0};
    vm->list_hook(vm, l, &e);
  }
  if (cap > 0 && !set_capacity(vm, l, cap, len, 0, op)) return NULL;
  if (len > 0) list_report_change(vm, l, 0, op);
  return l;
}

/* Sizes the buffer for newsize items by the growth rule and sets the
 * length, reporting nothing: *from gets the capacity before when the
 * buffer changed (else -1) and *copies the live items the move kept. */
static bool resize_quiet(VM *vm, List *l, int64_t newsize, int64_t *from, int64_t *copies) {
  *from = -1;
  /* CPython's list_resize: MemoryError */
  if ((uint64_t)newsize > (uint64_t)LIST_MAX_SLOTS) return gc_memory_error(vm);
  int64_t new_cap = vm->list_rule->resize(newsize, l->len, l->cap);
  /* in bounds, or (3.11 shrinking by one below half) reallocated to the
   * size it has: the block stays, as CPython's realloc keeps it */
  if (new_cap < 0 || (new_cap == l->cap && new_cap > 0)) {
    l->len = newsize;
    return true;
  }
  int64_t old = l->cap, live = l->len < newsize ? l->len : newsize;
  if (!move_buffer(vm, l, new_cap)) return false;
  if (new_cap == 0) l->obj.flags |= LIST_ZERO_BLOCK;
  l->len = newsize;
  *from = old;
  *copies = old > 0 ? (live < new_cap ? live : new_cap) : 0;
  return true;
}

bool list_resize(VM *vm, List *l, int64_t newsize, const char *op) {
  int64_t from, copies;
  if (!resize_quiet(vm, l, newsize, &from, &copies)) return false;
  if (from >= 0) report_buffer(vm, l, op, from, copies);
  return true;
}

bool list_preallocate_exact(VM *vm, List *l, int64_t n, int64_t new_len, const char *op) {
  return set_capacity(vm, l, exact_cap(vm, n), new_len, 0, op);
}

/* Frees the buffer, reporting the buffer's end but not the change of
 * length (the callers do). */
static void drop_buffer(VM *vm, List *l, const char *op) {
  int64_t old = l->cap;
  gc_free(vm, l->items, (size_t)old * sizeof(Value));
  l->items = NULL;
  l->len = 0;
  l->cap = 0;
  l->obj.flags &= (uint16_t)~LIST_ZERO_BLOCK;
  report_buffer(vm, l, op, old, 0);
}

void list_clear(VM *vm, List *l, const char *op) {
  int64_t n = l->len;
  drop_buffer(vm, l, op);
  list_report_change(vm, l, n, op);
}

bool list_insert(VM *vm, List *l, int64_t where, Value v) {
  int64_t n = l->len;
  if (!list_resize(vm, l, n + 1, "insert")) return false;
  if (where < 0) {
    where += n;
    if (where < 0) where = 0;
  }
  if (where > n) where = n;
  memmove(&l->items[where + 1], &l->items[where], (size_t)(n - where) * sizeof(Value));
  l->items[where] = v;
  list_report_change(vm, l, n, "insert");
  return true;
}

bool list_length_hint(VM *vm, Value v, int64_t dflt, int64_t *out) {
  if (ops_builtin_len(v, out)) return true;
  *out = dflt;
  if (!IS_OBJ(v)) return true;
  Obj *o = AS_OBJ(v);
  switch ((ObjType)o->type) {
  case OBJ_ITER: {
    Iter *it = (Iter *)o;
    switch ((IterKind)it->kind) {
    case ITER_LIST: {
      int64_t n = AS_LIST(it->src)->len - it->index;
      *out = n > 0 ? n : 0;
      return true;
    }
    case ITER_TUPLE: *out = AS_TUPLE(it->src)->len - it->index; return true;
    case ITER_STR: *out = AS_STR(it->src)->nchars - it->index; return true;
    case ITER_RANGE: *out = it->end; return true;
    case ITER_REVERSED: {
      int64_t n = it->index + 1;
      if (n > AS_LIST(it->src)->len) n = 0;
      *out = n > 0 ? n : 0;
      return true;
    }
    case ITER_DICT_KEYS:
    case ITER_DICT_VALUES:
    case ITER_DICT_ITEMS: {
      Dict *d = AS_DICT(it->src);
      *out = d->used == it->end ? d->used - it->step : 0;
      return true;
    }
    case ITER_SET: {
      Set *s = AS_SET(it->src);
      *out = s->used == it->end ? s->used - it->step : 0;
      return true;
    }
    default: return true;
    }
  }
  case OBJ_INSTANCE: {
    /* CPython's PyObject_LengthHint: len() when the class has __len__, a
     * TypeError from it dropped; else __length_hint__, whose TypeError
     * and NotImplemented also mean the default */
    Class *k = ((Instance *)o)->klass;
    if (!IS_UNDEF(class_lookup(vm, k, vm->s_len))) {
      if (ops_len(vm, v, out)) return true; /* on failure *out is still dflt */
      if (!err_catch(vm, vm->b.type_error)) return false;
    }
    Value m = class_special(vm, k, vm->s_length_hint), r;
    if (IS_UNDEF(m)) return true;
    if (!special_call(vm, m, v, NULL, 0, &r)) return err_catch(vm, vm->b.type_error);
    if (r == VAL_NOTIMPL) return true;
    if (!is_int(r))
      return err_raise(vm, vm->b.type_error, "__length_hint__ must be an integer, not %s",
                       class_name_of(vm, r));
    if (as_int(r) < 0)
      return err_raise(vm, vm->b.value_error, "__length_hint__() should return >= 0");
    *out = as_int(r);
    return true;
  }
  default: return true;
  }
}

/* Whether CPython's list would have a block (ob_item != NULL). */
static bool has_block(const List *l) { return l->items || (l->obj.flags & LIST_ZERO_BLOCK); }

/* A change of buffer made before the items it was made for are in: it is
 * reported once they are (or before the buffer changes again), so that the
 * trace shows the length the operation leaves. */
typedef struct Pending {
  int64_t from;   /* the capacity before, or -1: nothing pending */
  int64_t copies; /* the live items the move kept */
} Pending;

static void flush(VM *vm, List *l, Pending *p, const char *op) {
  if (p->from < 0) return;
  report_buffer(vm, l, op, p->from, p->copies);
  p->from = -1;
}

/* Makes the first block of a list that has none for n items, to report
 * when they are in. */
static bool presize(VM *vm, List *l, int64_t n, Pending *p) {
  p->from = l->cap;
  p->copies = 0;
  return move_buffer(vm, l, exact_cap(vm, n));
}

static bool extend_items(VM *vm, List *l, const Value *src, int64_t n, bool self, const char *op,
                         Pending *p) {
  if (n == 0) return true;
  int64_t m = l->len;
  if (!has_block(l) && vm->list_rule->extend_presizes) {
    if (!presize(vm, l, n, p)) return false;
  } else {
    if (m + n > l->cap) flush(vm, l, p, op);
    Pending moved;
    if (!resize_quiet(vm, l, m + n, &moved.from, &moved.copies)) return false;
    if (moved.from >= 0) *p = moved;
  }
  if (self) src = l->items; /* the buffer may have moved */
  memcpy(&l->items[m], src, (size_t)n * sizeof(Value));
  l->len = m + n;
  return true;
}

/* list.extend, with a buffer change of the caller's still to report. */
static bool extend(VM *vm, List *l, Value iterable, const char *op, Pending *p) {
  if (IS_LIST(iterable)) {
    List *src = AS_LIST(iterable);
    if (!extend_items(vm, l, src->items, src->len, src == l, op, p)) return false;
    flush(vm, l, p, op);
    return true;
  }
  if (IS_TUPLE(iterable)) {
    Tuple *t = AS_TUPLE(iterable);
    if (!extend_items(vm, l, t->items, t->len, false, op, p)) return false;
    flush(vm, l, p, op);
    return true;
  }
  Value it;
  if (!ops_iter(vm, iterable, &it)) return false;
  int64_t n;
  if (!list_length_hint(vm, iterable, 8, &n)) return false;
  int64_t m = l->len;
  if (!has_block(l) && vm->list_rule->extend_presizes) {
    if (n && !presize(vm, l, n, p)) return false;
  } else {
    /* room for the hint, then the list is as long as before; a hint
     * that overflows with the length is ignored, as CPython's list_extend
     * does (it may have lied; if not, memory runs out in the loop) */
    if (n <= INT64_MAX - m) {
      if (m + n > l->cap) flush(vm, l, p, op);
      Pending moved;
      if (!resize_quiet(vm, l, m + n, &moved.from, &moved.copies)) return false;
      if (moved.from >= 0) *p = moved;
      l->len = m;
    }
  }
  if (IS_ITER(it) && AS_ITER(it)->kind == ITER_RANGE) {
    /* The common list(range(...)) and extend(range(...)): when the values
     * are all small ints they go straight into the slots the length hint
     * reserved, stepping the tagged word; whatever is left (nothing, as the
     * hint is exact) takes the general path below. */
    Iter *r = AS_ITER(it);
    int64_t k = r->end < l->cap - l->len ? r->end : l->cap - l->len, span, last;
    if (k > 0 && !__builtin_mul_overflow(r->step, k - 1, &span) &&
        !__builtin_add_overflow(r->index, span, &last) && r->index >= SMALL_MIN &&
        r->index <= SMALL_MAX && last >= SMALL_MIN && last <= SMALL_MAX) {
      Value *dst = l->items + l->len, v = SMALL_VAL(r->index), d = (Value)r->step << 1;
      for (int64_t i = 0; i < k; i++, v += d) dst[i] = v;
      l->len += k;
      r->end -= k;
      r->index = r->end > 0 ? last + r->step : last;
    }
  }
  for (;;) {
    Value v;
    bool done;
    if (!vm_poll(vm) || !ops_next(vm, it, &v, &done)) return false;
    if (done) break;
    if (l->len < l->cap) {
      l->items[l->len++] = v;
      continue;
    }
    flush(vm, l, p, op);
    if (!list_resize(vm, l, l->len + 1, op)) return false;
    l->items[l->len - 1] = v;
  }
  flush(vm, l, p, op);
  /* cut back what the hint reserved beyond the items */
  if (l->len < l->cap) return list_resize(vm, l, l->len, op);
  return true;
}

bool list_extend(VM *vm, List *l, Value iterable, const char *op) {
  int64_t m = l->len;
  Pending p = {-1, 0};
  if (!extend(vm, l, iterable, op, &p)) return false;
  list_report_change(vm, l, m, op);
  return true;
}

bool list_extend_display(VM *vm, List *l, Tuple *items) {
  if (!vm->list_rule->displays_exact || l->len || items->len == 0)
    return list_extend(vm, l, OBJ_VAL(items), "[...]");
  /* built at once, with exactly its items */
  if (!set_capacity(vm, l, items->len, items->len, 0, "[...]")) return false;
  memcpy(l->items, items->items, (size_t)items->len * sizeof(Value));
  list_report_change(vm, l, 0, "[...]");
  return true;
}

List *list_from_iterable(VM *vm, Value iterable, const char *op) {
  List *l = list_new(vm, 0, 0, op);
  if (!l || !list_extend(vm, l, iterable, op)) return NULL;
  return l;
}

/* Fills l, which has no block, from iterable as list___init__ does. */
__attribute__((always_inline)) static inline bool fill_empty(VM *vm, List *l, Value iterable,
                                                             const char *op) {
  if (IS_LIST(iterable) || IS_TUPLE(iterable)) {
    /* the common list(list) and list(tuple): the exact block, then the
     * items, reported as the general path below reports them */
    int64_t n = IS_LIST(iterable) ? AS_LIST(iterable)->len : AS_TUPLE(iterable)->len;
    if (n == 0) return true;
    if (!move_buffer(vm, l, exact_cap(vm, n))) return false;
    memcpy(l->items, IS_LIST(iterable) ? AS_LIST(iterable)->items : AS_TUPLE(iterable)->items,
           (size_t)n * sizeof(Value));
    l->len = n;
    report_buffer(vm, l, op, 0, 0);
    list_report_change(vm, l, 0, op);
    return true;
  }
  Pending p = {-1, 0};
  int64_t n;
  if (ops_builtin_len(iterable, &n) ||
      (IS_INSTANCE(iterable) &&
       !IS_UNDEF(class_lookup(vm, AS_INSTANCE(iterable)->klass, vm->s_len)))) {
    /* as list___init__, a TypeError from __len__ only skips the block */
    if (IS_INSTANCE(iterable) && !ops_len(vm, iterable, &n)) {
      if (!err_catch(vm, vm->b.type_error)) return false;
      n = 0;
    }
    if (n > 0 && !presize(vm, l, n, &p)) return false;
  }
  if (!extend(vm, l, iterable, op, &p)) return false;
  list_report_change(vm, l, 0, op);
  return true;
}

bool list_reinit(VM *vm, List *l, Value iterable, const char *op) {
  /* as list___init__: the old items go first, with their block (so that
   * list.__init__(a, a) leaves a empty) */
  if (has_block(l)) list_clear(vm, l, op);
  return IS_UNDEF(iterable) || fill_empty(vm, l, iterable, op);
}

List *list_init(VM *vm, Value iterable, const char *op) {
  List *l = list_new(vm, 0, 0, op);
  return l && fill_empty(vm, l, iterable, op) ? l : NULL;
}

List *list_slice(VM *vm, List *a, int64_t lo, int64_t hi, const char *op) {
  if (lo < 0) lo = 0;
  if (hi > a->len) hi = a->len;
  int64_t n = hi > lo ? hi - lo : 0;
  List *l = list_new(vm, n, n, op);
  if (!l) return NULL;
  if (n) memcpy(l->items, &a->items[lo], (size_t)n * sizeof(Value));
  return l;
}

/* Items of an assigned value: a list or tuple as it is, else a new list. */
static bool sequence_items(VM *vm, Value v, List *self, const Value **items, int64_t *n,
                           Value *keep, const char *msg) {
  if (IS_LIST(v) && AS_LIST(v) != self) {
    *items = AS_LIST(v)->items;
    *n = AS_LIST(v)->len;
    return true;
  }
  if (IS_TUPLE(v)) {
    *items = AS_TUPLE(v)->items;
    *n = AS_TUPLE(v)->len;
    return true;
  }
  List *copy;
  if (IS_LIST(v)) {
    copy = list_slice(vm, AS_LIST(v), 0, AS_LIST(v)->len, "[:]");
  } else {
    Value it;
    if (!ops_iter(vm, v, &it)) {
      if (err_matches(vm->exc, vm->b.type_error)) {
        vm->exc = VAL_UNDEF;
        return err_raise(vm, vm->b.type_error, "%s", msg);
      }
      return false;
    }
    copy = list_from_iterable(vm, it, "list()");
  }
  if (!copy) return false;
  *keep = OBJ_VAL(copy);
  *items = copy->items;
  *n = copy->len;
  return true;
}

/* Deletes a[lo:hi] (already clamped, lo < hi): the common case of
 * list_assign_slice, without an assigned sequence. */
static bool delete_range(VM *vm, List *a, int64_t lo, int64_t hi, const char *op) {
  int64_t size = a->len, d = hi - lo;
  if (size == d) {
    list_clear(vm, a, op);
    return true;
  }
  memmove(&a->items[lo], &a->items[hi], (size_t)(size - hi) * sizeof(Value));
  if (!list_resize(vm, a, size - d, op)) return false;
  list_report_change(vm, a, size, op);
  return true;
}

bool list_assign_slice(VM *vm, List *a, int64_t lo, int64_t hi, Value v, const char *op) {
  if (IS_UNDEF(v) && lo >= 0 && lo < hi && hi <= a->len) return delete_range(vm, a, lo, hi, op);
  const Value *src = NULL;
  int64_t n = 0;
  Value keep = VAL_UNDEF;
  if (!IS_UNDEF(v) && !sequence_items(vm, v, a, &src, &n, &keep, "can only assign an iterable"))
    return false;
  int64_t size = a->len;
  if (lo < 0)
    lo = 0;
  else if (lo > size)
    lo = size;
  if (hi < lo)
    hi = lo;
  else if (hi > size)
    hi = size;
  int64_t d = n - (hi - lo);
  if (size + d == 0) {
    list_clear(vm, a, op);
    return true;
  }
  if (d < 0) {
    memmove(&a->items[hi + d], &a->items[hi], (size_t)(size - hi) * sizeof(Value));
    if (!list_resize(vm, a, size + d, op)) return false;
  } else if (d > 0) {
    if (!list_resize(vm, a, size + d, op)) return false;
    memmove(&a->items[hi + d], &a->items[hi], (size_t)(size - hi) * sizeof(Value));
  }
  if (n) memcpy(&a->items[lo], src, (size_t)n * sizeof(Value));
  (void)keep;
  list_report_change(vm, a, size, op);
  return true;
}

static bool clamp_index(VM *vm, Value v, int64_t *out) {
  if (IS_NONE(v)) return false;
  if (is_int(v)) {
    *out = as_int(v);
    return true;
  }
  if (IS_INSTANCE(v)) return ops_index_value(vm, v, out);
  return err_raise(vm, vm->b.type_error,
                   "slice indices must be integers or None or have an __index__ method");
}

bool list_slice_indices(VM *vm, Value lo, Value hi, Value step, int64_t length, int64_t *start,
                        int64_t *stop, int64_t *stepv, int64_t *slicelen) {
  int64_t st = 1, a, b;
  if (!IS_NONE(step)) {
    if (!clamp_index(vm, step, &st)) return false;
    if (st == 0) return err_raise(vm, vm->b.value_error, "slice step cannot be zero");
    if (st < -INT64_MAX) st = -INT64_MAX;
  }
  if (IS_NONE(lo))
    a = st < 0 ? INT64_MAX : 0;
  else if (!clamp_index(vm, lo, &a))
    return false;
  if (IS_NONE(hi))
    b = st < 0 ? INT64_MIN : INT64_MAX;
  else if (!clamp_index(vm, hi, &b))
    return false;
  if (a < 0) {
    a = a < -length ? (st < 0 ? -1 : 0) : a + length;
  } else if (a >= length) {
    a = st < 0 ? length - 1 : length;
  }
  if (b < 0) {
    b = b < -length ? (st < 0 ? -1 : 0) : b + length;
  } else if (b >= length) {
    b = st < 0 ? length - 1 : length;
  }
  int64_t n = 0;
  if (st < 0) {
    if (b < a) n = (int64_t)(((uint64_t)a - (uint64_t)b - 1) / (uint64_t)(-st)) + 1;
  } else if (a < b) {
    n = (int64_t)(((uint64_t)b - (uint64_t)a - 1) / (uint64_t)st) + 1;
  }
  *start = a;
  *stop = b;
  *stepv = st;
  *slicelen = n;
  return true;
}

bool list_get_slice(VM *vm, List *l, Value lo, Value hi, Value step, Value *out) {
  int64_t a = 0, b = 0, st = 1, n = 0; /* set by list_slice_indices */
  if (!list_slice_indices(vm, lo, hi, step, l->len, &a, &b, &st, &n)) return false;
  List *r;
  if (st == 1) {
    r = list_slice(vm, l, a, b, "[:]");
  } else {
    r = list_new(vm, n, n, "[:]");
    if (r)
      for (int64_t i = 0; i < n; i++) r->items[i] = l->items[a + i * st];
  }
  if (!r) return false;
  *out = OBJ_VAL(r);
  return true;
}

bool list_set_slice(VM *vm, List *l, Value lo, Value hi, Value step, Value v) {
  int64_t a = 0, b = 0, st = 1, n = 0; /* set by list_slice_indices */
  if (!list_slice_indices(vm, lo, hi, step, l->len, &a, &b, &st, &n)) return false;
  if (st == 1) return list_assign_slice(vm, l, a, b, v, "[:]=");
  const Value *src = NULL;
  int64_t m = 0;
  Value keep = VAL_UNDEF;
  if (!sequence_items(vm, v, l, &src, &m, &keep, "must assign iterable to extended slice"))
    return false;
  if (m != n)
    return err_raise(vm, vm->b.value_error,
                     "attempt to assign sequence of size %lld to extended slice of size %lld",
                     (long long)m, (long long)n);
  for (int64_t i = 0; i < n; i++) l->items[a + i * st] = src[i];
  (void)keep;
  return true;
}

bool list_del_slice(VM *vm, List *l, Value lo, Value hi, Value step) {
  int64_t a = 0, b = 0, st = 1, n = 0; /* set by list_slice_indices */
  if (!list_slice_indices(vm, lo, hi, step, l->len, &a, &b, &st, &n)) return false;
  if (st == 1) return list_assign_slice(vm, l, a, b, VAL_UNDEF, "del");
  if (n <= 0) return true;
  if (st < 0) {
    b = a + 1;
    a = b + st * (n - 1) - 1;
    st = -st;
  }
  /* close the gaps left by the deleted items, front to back. Each deleted
   * position a + i*st is an index of the list; the one a step past the
   * last may not fit in 64 bits, so it is never formed. */
  int64_t size = l->len, last = a + (n - 1) * st;
  for (int64_t i = 0; i < n; i++) {
    int64_t cur = a + i * st, lim = st - 1;
    if (st >= size - cur) lim = size - cur - 1;
    memmove(&l->items[cur - i], &l->items[cur + 1], (size_t)lim * sizeof(Value));
  }
  if (size - last > st) {
    int64_t cur = last + st;
    memmove(&l->items[cur - n], &l->items[cur], (size_t)(size - cur) * sizeof(Value));
  }
  l->len = size - n;
  if (!list_resize(vm, l, l->len, "del")) return false;
  list_report_change(vm, l, size, "del");
  return true;
}

bool list_del_item(VM *vm, List *l, int64_t i, const char *op) {
  /* one item, the commonest deletion (remove, pop(i), del l[i]): the
   * range's own path, without the slice's clamping */
  if (i >= 0 && i < l->len) return delete_range(vm, l, i, i + 1, op);
  return list_assign_slice(vm, l, i, i + 1, VAL_UNDEF, op);
}

bool list_pop(VM *vm, List *l, int64_t index, Value *out) {
  if (l->len == 0) return err_raise(vm, vm->b.index_error, "pop from empty list");
  if (index < 0) index += l->len;
  if (index < 0 || index >= l->len)
    return err_raise(vm, vm->b.index_error, "pop index out of range");
  *out = l->items[index];
  if (index < l->len - 1) return list_assign_slice(vm, l, index, index + 1, VAL_UNDEF, "pop");
  if (!list_resize(vm, l, l->len - 1, "pop")) return false;
  list_report_change(vm, l, l->len + 1, "pop");
  return true;
}

List *list_concat(VM *vm, List *a, List *b) {
  int64_t n = a->len + b->len;
  List *l = list_new(vm, n, n, "+");
  if (!l) return NULL;
  if (a->len) memcpy(l->items, a->items, (size_t)a->len * sizeof(Value));
  if (b->len) memcpy(l->items + a->len, b->items, (size_t)b->len * sizeof(Value));
  return l;
}

/* Fills items[p..size) with copies of items[0..p) by doubling the filled
 * run, in blocks of at most LIST_REPEAT_BLOCK values (a multiple of p where
 * possible, so that the filled run always ends on a whole copy), looking for
 * Ctrl-C between blocks. False when stopped, with *filled the values in
 * place, all of them copies. */
#define LIST_REPEAT_BLOCK (1 << 16)
static bool list_fill_repeat(VM *vm, Value *items, int64_t p, int64_t size, int64_t *filled) {
  int64_t f = p;
  while (f < size) {
    int64_t k = f < size - f ? f : size - f;
    if (k > LIST_REPEAT_BLOCK) k = p < LIST_REPEAT_BLOCK ? LIST_REPEAT_BLOCK / p * p : p;
    memcpy(&items[f], items, (size_t)k * sizeof(Value));
    f += k;
    if (!vm_poll_now(vm)) {
      *filled = f;
      return false;
    }
  }
  *filled = f;
  return true;
}

List *list_repeat(VM *vm, List *a, int64_t n) {
  if (n < 0) n = 0;
  if (a->len && n > LIST_MAX_SLOTS / a->len) {
    gc_memory_error(vm);
    return NULL;
  }
  int64_t size = a->len * n;
  List *l = list_new(vm, size, size, "*");
  if (!l || size == 0) return l;
  memcpy(l->items, a->items, (size_t)a->len * sizeof(Value));
  int64_t filled;
  if (!list_fill_repeat(vm, l->items, a->len, size, &filled)) {
    l->len = filled; /* garbage now, but only what it holds is scanned */
    return NULL;
  }
  return l;
}

bool list_inplace_repeat(VM *vm, List *l, int64_t n) {
  int64_t size = l->len;
  if (size == 0 || n == 1) return true;
  if (n < 1) {
    list_clear(vm, l, "*=");
    return true;
  }
  if (n > LIST_MAX_SLOTS / size) return gc_memory_error(vm);
  if (!list_resize(vm, l, size * n, "*=")) return false;
  int64_t filled;
  if (!list_fill_repeat(vm, l->items, size, size * n, &filled)) {
    /* stopped: the list as it was, so that no half-made state is seen */
    l->len = filled;
    Value exc = vm->exc;
    vm->exc = VAL_UNDEF;
    bool ok = list_resize(vm, l, size, "*=");
    vm->exc = exc;
    (void)ok; /* shrinking needs no memory */
    return false;
  }
  list_report_change(vm, l, size, "*=");
  return true;
}

void list_reverse(List *l) {
  for (int64_t i = 0, j = l->len - 1; i < j; i++, j--) {
    Value t = l->items[i];
    l->items[i] = l->items[j];
    l->items[j] = t;
  }
}

/* ------------------------------------------------------------------ sort
 * A stable merge sort on (key, value) pairs.  While it runs the list is
 * empty, as in CPython, so a key function that mutates it is detected. */

typedef struct SortItem {
  Value key, value;
} SortItem;
/* the collector reads an array of them as 2n Values */
_Static_assert(sizeof(SortItem) == 2 * sizeof(Value), "SortItem is two Values");

static bool item_lt(VM *vm, Value a, Value b, bool *lt) {
  if (!vm_poll(vm)) return false;
  if (IS_SMALL(a) && IS_SMALL(b)) {
    *lt = (int64_t)a < (int64_t)b;
    return true;
  }
  if (IS_STR(a) && IS_STR(b)) {
    *lt = str_cmp(AS_STR(a), AS_STR(b)) < 0;
    return true;
  }
  return ops_lt(vm, a, b, lt);
}

static bool merge_sort(VM *vm, SortItem *a, SortItem *tmp, int64_t n, bool reverse) {
  if (n < 2) return true;
  if (n <= 16) {
    /* insertion sort: stable */
    for (int64_t i = 1; i < n; i++) {
      SortItem x = a[i];
      int64_t j = i;
      while (j > 0) {
        bool lt;
        if (!(reverse ? item_lt(vm, a[j - 1].key, x.key, &lt)
                      : item_lt(vm, x.key, a[j - 1].key, &lt)))
          return false;
        if (!lt) break;
        a[j] = a[j - 1];
        j--;
      }
      a[j] = x;
    }
    return true;
  }
  int64_t mid = n / 2;
  if (!merge_sort(vm, a, tmp, mid, reverse) || !merge_sort(vm, a + mid, tmp, n - mid, reverse))
    return false;
  memcpy(tmp, a, (size_t)mid * sizeof(SortItem));
  int64_t i = 0, j = mid, k = 0;
  while (i < mid && j < n) {
    bool lt;
    /* take from the right only when strictly before the left: stability */
    if (!(reverse ? item_lt(vm, tmp[i].key, a[j].key, &lt)
                  : item_lt(vm, a[j].key, tmp[i].key, &lt)))
      return false;
    if (lt)
      a[k++] = a[j++];
    else
      a[k++] = tmp[i++];
  }
  while (i < mid) a[k++] = tmp[i++];
  return true;
}

bool list_sort(VM *vm, List *l, Value key, bool reverse) {
  int64_t n = l->len, cap = l->cap;
  Value *items = l->items;
  l->items = NULL;
  l->len = 0;
  l->cap = 0;
  bool ok = true;
  SortItem *a = NULL, *tmp = NULL;
  /* the items, their keys and the merge's scratch live outside any object
   * while keys and comparisons run Python code: roots until the end */
  GcRoots roots[3];
  gc_roots_push(vm, &roots[0], items, n);
  /* one item is sorted already, but as in CPython its key is still made */
  if (n > 1 || (n == 1 && !IS_UNDEF(key))) {
    /* zeroed: an entry not yet set is no object to the collector */
    a = calloc((size_t)n, sizeof(SortItem));
    tmp = calloc((size_t)(n / 2 + 1), sizeof(SortItem));
    if (!a || !tmp) ok = gc_memory_error(vm);
    gc_roots_push(vm, &roots[1], (const Value *)a, a ? 2 * n : 0);
    gc_roots_push(vm, &roots[2], (const Value *)tmp, tmp ? 2 * (n / 2 + 1) : 0);
    for (int64_t i = 0; ok && i < n; i++) {
      a[i].value = items[i];
      if (IS_UNDEF(key))
        a[i].key = items[i];
      else
        ok = vm_call(vm, key, &items[i], 1, NULL, &a[i].key);
    }
    if (ok) ok = merge_sort(vm, a, tmp, n, reverse);
    if (ok)
      for (int64_t i = 0; i < n; i++) items[i] = a[i].value;
    gc_roots_pop(vm, &roots[2]);
    gc_roots_pop(vm, &roots[1]);
  }
  gc_roots_pop(vm, &roots[0]);
  free(a);
  free(tmp);
  if (l->items || l->len) {
    /* mutated during the sort: CPython keeps its own buffer and complains;
     * the buffer the mutation made is dropped, which the trace shows */
    int64_t mutated_cap = l->cap;
    gc_free(vm, l->items, (size_t)l->cap * sizeof(Value));
    l->items = items;
    l->len = n;
    l->cap = cap;
    report_buffer(vm, l, "sort", mutated_cap, 0);
    if (ok) return err_raise(vm, vm->b.value_error, "list modified during sort");
    return false;
  }
  l->items = items;
  l->len = n;
  l->cap = cap;
  return ok;
}
