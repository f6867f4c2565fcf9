/* set.c: an open-addressing hash set laid out as CPython 3.11's setobject:
 * a power-of-two table, nine linear probes before each perturbed jump,
 * dummies for deleted keys, and the same resize points and sizes.  Order
 * of iteration is table order, hence the care to match every step. */
#include "core/set.h"

#include <string.h>

#include "base/gc.h"
#include "base/str.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/ops.h"

#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5
#define SET_MINSIZE   8
/* An empty slot has key UNDEF and hash 0; a dummy has key UNDEF and hash -1. */
#define IS_DUMMY_SLOT(e) (IS_UNDEF((e)->key) && (e)->hash == -1)

static SetEntry *new_table(VM *vm, int64_t size) {
  SetEntry *t = gc_realloc(vm, NULL, 0, (size_t)size * sizeof(SetEntry));
  if (!t) return NULL;
  for (int64_t i = 0; i < size; i++) {
    t[i].key = VAL_UNDEF;
    t[i].hash = 0;
  }
  return t;
}

Set *set_new(VM *vm) {
  Set *s = (Set *)gc_new_object(vm, sizeof(Set), OBJ_SET);
  if (!s) return NULL;
  s->table = new_table(vm, SET_MINSIZE);
  if (!s->table) return NULL;
  s->mask = SET_MINSIZE - 1;
  return s;
}

static void insert_clean(SetEntry *table, int64_t mask, Value key, int64_t hash) {
  uint64_t perturb = (uint64_t)hash;
  int64_t i = (int64_t)((uint64_t)hash & (uint64_t)mask);
  for (;;) {
    SetEntry *e = &table[i];
    if (IS_UNDEF(e->key) && e->hash == 0) {
      e->key = key;
      e->hash = hash;
      return;
    }
    if (i + LINEAR_PROBES <= mask)
      for (int j = 0; j < LINEAR_PROBES; j++) {
        e++;
        if (IS_UNDEF(e->key) && e->hash == 0) {
          e->key = key;
          e->hash = hash;
          return;
        }
      }
    perturb >>= PERTURB_SHIFT;
    i = (int64_t)(((uint64_t)i * 5 + 1 + perturb) & (uint64_t)mask);
  }
}

static bool table_resize(VM *vm, Set *s, int64_t minused) {
  int64_t newsize = SET_MINSIZE;
  while (newsize <= minused) newsize <<= 1;
  SetEntry *old = s->table;
  int64_t oldsize = s->mask + 1;
  SetEntry *t = new_table(vm, newsize);
  if (!t) return false;
  s->table = t;
  s->mask = newsize - 1;
  if (s->fill != s->used) s->fill = s->used;
  for (int64_t i = 0; i < oldsize; i++)
    if (!IS_UNDEF(old[i].key)) insert_clean(t, s->mask, old[i].key, old[i].hash);
  gc_free(vm, old, (size_t)oldsize * sizeof(SetEntry));
  return true;
}

static bool keys_equal(VM *vm, Value a, Value b, bool *eq) {
  if (a == b) {
    *eq = true;
    return true;
  }
  if (IS_STR(a) && IS_STR(b)) {
    *eq = str_eq(AS_STR(a), AS_STR(b));
    return true;
  }
  return ops_eq(vm, a, b, eq);
}

static bool add_entry(VM *vm, Set *s, Value key, int64_t hash) {
restart:;
  int64_t mask = s->mask;
  int64_t i = (int64_t)((uint64_t)hash & (uint64_t)mask);
  uint64_t perturb = (uint64_t)hash;
  SetEntry *freeslot = NULL;
  for (;;) {
    SetEntry *e = &s->table[i];
    int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
    do {
      if (e->hash == 0 && IS_UNDEF(e->key)) {
        if (freeslot) {
          s->used++;
          freeslot->key = key;
          freeslot->hash = hash;
          return true;
        }
        s->fill++;
        s->used++;
        e->key = key;
        e->hash = hash;
        if (s->fill * 5 < mask * 3) return true;
        return table_resize(vm, s, s->used > 50000 ? s->used * 2 : s->used * 4);
      }
      if (e->hash == hash && !IS_UNDEF(e->key)) {
        SetEntry *table = s->table;
        Value start = e->key;
        bool eq;
        if (!keys_equal(vm, start, key, &eq)) return false;
        if (table != s->table || e->key != start) goto restart;
        if (eq) return true;
        mask = s->mask;
      } else if (IS_DUMMY_SLOT(e) && !freeslot) {
        freeslot = e;
      }
      e++;
    } while (probes--);
    perturb >>= PERTURB_SHIFT;
    i = (int64_t)(((uint64_t)i * 5 + 1 + perturb) & (uint64_t)mask);
  }
}

static SetEntry *lookkey(VM *vm, Set *s, Value key, int64_t hash, bool *ok) {
  *ok = true;
restart:;
  int64_t mask = s->mask;
  int64_t i = (int64_t)((uint64_t)hash & (uint64_t)mask);
  uint64_t perturb = (uint64_t)hash;
  for (;;) {
    SetEntry *e = &s->table[i];
    int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
    do {
      if (e->hash == 0 && IS_UNDEF(e->key)) return NULL;
      if (e->hash == hash && !IS_UNDEF(e->key)) {
        SetEntry *table = s->table;
        Value start = e->key;
        bool eq;
        if (!keys_equal(vm, start, key, &eq)) {
          *ok = false;
          return NULL;
        }
        if (table != s->table || e->key != start) goto restart;
        if (eq) return e;
        mask = s->mask;
      }
      e++;
    } while (probes--);
    perturb >>= PERTURB_SHIFT;
    i = (int64_t)(((uint64_t)i * 5 + 1 + perturb) & (uint64_t)mask);
  }
}

static bool hash_of(VM *vm, Value key, int64_t *h) {
  if (IS_STR(key)) {
    *h = str_hash(AS_STR(key));
    return true;
  }
  return ops_hash(vm, key, h);
}

bool set_add(VM *vm, Set *s, Value key) {
  int64_t h;
  if (!hash_of(vm, key, &h)) return false;
  return add_entry(vm, s, key, h);
}

bool set_contains(VM *vm, Set *s, Value key, bool *out) {
  int64_t h;
  if (!hash_of(vm, key, &h)) return false;
  bool ok;
  SetEntry *e = lookkey(vm, s, key, h, &ok);
  *out = e != NULL;
  return ok;
}

bool set_discard(VM *vm, Set *s, Value key, bool *found) {
  int64_t h;
  if (!hash_of(vm, key, &h)) return false;
  bool ok;
  SetEntry *e = lookkey(vm, s, key, h, &ok);
  if (!ok) return false;
  *found = e != NULL;
  if (e) {
    e->key = VAL_UNDEF;
    e->hash = -1;
    s->used--;
  }
  return true;
}

static bool merge(VM *vm, Set *s, Set *o) {
  if (o == s || o->used == 0) return true;
  if ((s->fill + o->used) * 5 >= s->mask * 3 && !table_resize(vm, s, (s->used + o->used) * 2))
    return false;
  if (s->fill == 0 && s->mask == o->mask && o->fill == o->used) {
    for (int64_t i = 0; i <= o->mask; i++)
      if (!IS_UNDEF(o->table[i].key)) s->table[i] = o->table[i];
    s->fill = o->fill;
    s->used = o->used;
    return true;
  }
  if (s->fill == 0) {
    s->fill = s->used = o->used;
    for (int64_t i = 0; i <= o->mask; i++)
      if (!IS_UNDEF(o->table[i].key))
        insert_clean(s->table, s->mask, o->table[i].key, o->table[i].hash);
    return true;
  }
  for (int64_t i = 0; i <= o->mask; i++) {
    SetEntry e = o->table[i];
    if (!IS_UNDEF(e.key) && !add_entry(vm, s, e.key, e.hash)) return false;
    if (i > o->mask) break;
  }
  return true;
}

bool set_update(VM *vm, Set *s, Value iterable) {
  if (IS_SET(iterable)) return merge(vm, s, AS_SET(iterable));
  if (IS_DICT(iterable)) {
    Dict *d = AS_DICT(iterable);
    if ((s->fill + d->used) * 5 >= s->mask * 3 && !table_resize(vm, s, (s->used + d->used) * 2))
      return false;
    for (int64_t i = 0; i < d->nentries; i++) {
      DictEntry e = d->entries[i];
      if (!IS_UNDEF(e.key) && !add_entry(vm, s, e.key, e.hash)) return false;
    }
    return true;
  }
  Value it;
  if (!ops_iter(vm, iterable, &it)) return false;
  for (;;) {
    Value v;
    bool done;
    if (!ops_next(vm, it, &v, &done)) return false;
    if (done) return true;
    if (!set_add(vm, s, v)) return false;
  }
}

void set_clear(VM *vm, Set *s) {
  SetEntry *t = new_table(vm, SET_MINSIZE);
  if (!t) return;
  gc_free(vm, s->table, (size_t)(s->mask + 1) * sizeof(SetEntry));
  s->table = t;
  s->mask = SET_MINSIZE - 1;
  s->fill = s->used = 0;
}

bool set_next(Set *s, int64_t *pos, Value *key) {
  while (*pos <= s->mask) {
    SetEntry *e = &s->table[(*pos)++];
    if (!IS_UNDEF(e->key)) {
      *key = e->key;
      return true;
    }
  }
  return false;
}

/* ----------------------------------------------------------- algebra */

static Set *copy_of(VM *vm, Value v) {
  Set *s = set_new(vm);
  if (!s || !set_update(vm, s, v)) return NULL;
  return s;
}

Set *set_union(VM *vm, Set *a, Value other) {
  Set *r = copy_of(vm, OBJ_VAL(a));
  if (!r || !set_update(vm, r, other)) return NULL;
  return r;
}

Set *set_intersection(VM *vm, Set *a, Value other) {
  Set *r = set_new(vm);
  if (!r) return NULL;
  if (IS_SET(other)) {
    /* walk the smaller set, looking each key up in the larger */
    Set *so = a, *walk = AS_SET(other);
    if (walk->used > so->used) {
      Set *t = so;
      so = walk;
      walk = t;
    }
    for (int64_t i = 0; i <= walk->mask; i++) {
      SetEntry e = walk->table[i];
      if (IS_UNDEF(e.key)) continue;
      bool ok;
      if (lookkey(vm, so, e.key, e.hash, &ok) && !add_entry(vm, r, e.key, e.hash)) return NULL;
      if (!ok) return NULL;
    }
    return r;
  }
  Value it;
  if (!ops_iter(vm, other, &it)) return NULL;
  for (;;) {
    Value k;
    bool done, in;
    if (!ops_next(vm, it, &k, &done)) return NULL;
    if (done) return r;
    if (!set_contains(vm, a, k, &in)) return NULL;
    if (in && !set_add(vm, r, k)) return NULL;
  }
}

/* A copy of a with other's keys discarded, dummies resized away when
 * they pass a quarter of the table. */
static Set *copy_and_difference(VM *vm, Set *a, Value other) {
  Set *r = copy_of(vm, OBJ_VAL(a));
  if (!r) return NULL;
  Value it;
  if (!ops_iter(vm, other, &it)) return NULL;
  for (;;) {
    Value k;
    bool done, found;
    if (!ops_next(vm, it, &k, &done)) return NULL;
    if (done) break;
    if (!set_discard(vm, r, k, &found)) return NULL;
  }
  if (r->fill - r->used > r->mask / 4 &&
      !table_resize(vm, r, r->used > 50000 ? r->used * 2 : r->used * 4))
    return NULL;
  return r;
}

Set *set_difference(VM *vm, Set *a, Value other) {
  int64_t other_size;
  if (IS_SET(other))
    other_size = AS_SET(other)->used;
  else if (IS_DICT(other))
    other_size = AS_DICT(other)->used;
  else
    return copy_and_difference(vm, a, other);
  if ((a->used >> 2) > other_size) return copy_and_difference(vm, a, other);
  Set *r = set_new(vm);
  if (!r) return NULL;
  for (int64_t i = 0; i <= a->mask; i++) {
    SetEntry e = a->table[i];
    if (IS_UNDEF(e.key)) continue;
    bool in;
    if (IS_SET(other)) {
      bool ok;
      in = lookkey(vm, AS_SET(other), e.key, e.hash, &ok) != NULL;
      if (!ok) return NULL;
    } else {
      Value dummy;
      if (!dict_get(vm, AS_DICT(other), e.key, &dummy, &in)) return NULL;
    }
    if (!in && !add_entry(vm, r, e.key, e.hash)) return NULL;
  }
  return r;
}

Set *set_symmetric_difference(VM *vm, Set *a, Value other) {
  /* a copy of other, updated by each key of a: discarded if there, else added */
  Set *r = copy_of(vm, other);
  if (!r) return NULL;
  for (int64_t i = 0; i <= a->mask; i++) {
    SetEntry e = a->table[i];
    if (IS_UNDEF(e.key)) continue;
    bool ok;
    SetEntry *hit = lookkey(vm, r, e.key, e.hash, &ok);
    if (!ok) return NULL;
    if (hit) {
      hit->key = VAL_UNDEF;
      hit->hash = -1;
      r->used--;
    } else if (!add_entry(vm, r, e.key, e.hash)) {
      return NULL;
    }
  }
  return r;
}

/* ----------------------------------------------------- in-place algebra */

bool set_intersection_update(VM *vm, Set *s, Value other) {
  /* CPython builds the intersection apart, then swaps the tables */
  Set *r = set_intersection(vm, s, other);
  if (!r) return false;
  Set tmp = *s;
  s->table = r->table;
  s->mask = r->mask;
  s->fill = r->fill;
  s->used = r->used;
  r->table = tmp.table;
  r->mask = tmp.mask;
  r->fill = tmp.fill;
  r->used = tmp.used;
  return true;
}

bool set_difference_update(VM *vm, Set *s, Value other) {
  if (other == OBJ_VAL(s)) {
    set_clear(vm, s);
    return true;
  }
  bool found;
  if (IS_SET(other)) {
    Set *o = AS_SET(other);
    for (int64_t i = 0; i <= o->mask; i++) {
      SetEntry e = o->table[i];
      if (!IS_UNDEF(e.key) && !set_discard(vm, s, e.key, &found)) return false;
      if (i > o->mask) break;
    }
  } else {
    Value it;
    if (!ops_iter(vm, other, &it)) return false;
    for (;;) {
      Value k;
      bool done;
      if (!ops_next(vm, it, &k, &done)) return false;
      if (done) break;
      if (!set_discard(vm, s, k, &found)) return false;
    }
  }
  /* more than a quarter dummies: they are resized away */
  if (s->fill - s->used <= s->mask / 4) return true;
  return table_resize(vm, s, s->used > 50000 ? s->used * 2 : s->used * 4);
}

bool set_symmetric_difference_update(VM *vm, Set *s, Value other) {
  if (other == OBJ_VAL(s)) {
    set_clear(vm, s);
    return true;
  }
  if (IS_DICT(other)) {
    Dict *d = AS_DICT(other);
    for (int64_t i = 0; i < d->nentries; i++) {
      Value k = d->entries[i].key;
      bool found;
      if (IS_UNDEF(k)) continue;
      if (!set_discard(vm, s, k, &found)) return false;
      if (!found && !set_add(vm, s, k)) return false;
    }
    return true;
  }
  Set *o = IS_SET(other) ? AS_SET(other) : copy_of(vm, other);
  if (!o) return false;
  for (int64_t i = 0; i <= o->mask; i++) {
    SetEntry e = o->table[i];
    bool found;
    if (IS_UNDEF(e.key)) continue;
    if (!set_discard(vm, s, e.key, &found)) return false;
    if (!found && !add_entry(vm, s, e.key, e.hash)) return false;
  }
  return true;
}
