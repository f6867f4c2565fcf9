/* dict_table.c: the storage of a dict, and what can be done to it without
 * running user code: making a table, growing it (rebuild), CPython's size
 * accounting for sys.getsizeof, lookup by name (str keys), appending a new
 * name, clearing.
 *
 * Entries are kept in insertion order in one array; deleted entries keep
 * their place (key UNDEF) until the next rebuild, so iteration order is
 * always insertion order.  A small dict (at most DICT_SMALL entries, as
 * instance attributes and most namespaces are) has no index and is
 * searched by a scan of its entries; a larger one has an index table of
 * entry numbers, probed with CPython's perturbation scheme.  Lookup by an
 * arbitrary key, which hashes and compares through the generic operations
 * and so may call back into Python, is dict.c's.  Classes, instances and
 * exceptions are made with this file alone, so making them never depends
 * on the operators.
 */
#include "core/dict_table.h"

#include <string.h>

#include "base/gc.h"
#include "base/str.h"

#define DICT_SMALL 8 /* entries of a dict with no index */

Dict *dict_new(VM *vm) { return (Dict *)gc_new_object(vm, sizeof(Dict), OBJ_DICT); }

/* ------------------------------------------------- CPython's accounting
 *
 * lst's tables are its own, but sys.getsizeof reports what CPython 3.11's
 * dict would hold after the same operations.  Its keys table is followed
 * alongside, in the header: the log2 of its size in obj.flags (0: the
 * shared empty table; CP_UNKNOWN: a history lst does not follow, such as
 * a namespace), whether it is general or for str keys only, and in
 * obj.aux its usable slots left (dk_usable; dk_nentries is the usable
 * fraction minus that). */

#define CP_SHIFT   8
#define CP_MASK    (63 << CP_SHIFT)
#define CP_UNKNOWN 63
#define CP_GENERAL (1 << 14)

static int cp_log2(const Dict *d) { return (d->obj.flags & CP_MASK) >> CP_SHIFT; }
static int64_t usable_fraction(int64_t size) { return (size << 1) / 3; }

/* CPython's calculate_log2_keysize: at least 8 slots. */
static int cp_calc_log2(int64_t minsize) {
  uint64_t m = (((uint64_t)minsize | 8) - 1) | 7;
  return 64 - __builtin_clzll(m);
}

static int cp_estimate_log2(int64_t n) { return cp_calc_log2((n * 3 + 1) / 2); }

/* dk_nentries: the slots used since the last resize, deleted ones too;
 * for a known table only. */
static int64_t cp_nentries(const Dict *d) {
  int log2 = cp_log2(d);
  return log2 ? usable_fraction((int64_t)1 << log2) - d->obj.aux : 0;
}

static void cp_set(Dict *d, int log2, bool general, int64_t usable) {
  d->obj.flags = (uint16_t)((d->obj.flags & ~(CP_MASK | CP_GENERAL)) | (log2 << CP_SHIFT) |
                            (general ? CP_GENERAL : 0));
  d->obj.aux = (uint32_t)(usable < 0 ? 0 : usable);
}

/* dictresize: a new table of 2^log2 slots holding the live entries. */
static void cp_resize(Dict *d, int log2, bool general) {
  if (cp_log2(d) == CP_UNKNOWN) return;
  if (log2 >= CP_UNKNOWN) {
    cp_set(d, CP_UNKNOWN, general, 0);
    return;
  }
  cp_set(d, log2, general, usable_fraction((int64_t)1 << log2) - d->used);
}

/* Before a new key goes in (d->used not yet counted): the first table, the
 * change to a general table for a key that is not a str, and growth. */
void dict_table_note_insert(Dict *d, Value key) {
  int log2 = cp_log2(d);
  if (log2 == CP_UNKNOWN) return;
  bool str_key = IS_STR(key);
  if (log2 == 0) {
    cp_set(d, 3, !str_key, usable_fraction(8));
  } else {
    bool general = (d->obj.flags & CP_GENERAL) != 0;
    if (!general && !str_key) cp_resize(d, cp_calc_log2(d->used * 3), true);
    if (d->obj.aux == 0) cp_resize(d, cp_calc_log2(d->used * 3), (d->obj.flags & CP_GENERAL) != 0);
  }
  if (cp_log2(d) != CP_UNKNOWN) d->obj.aux--;
}

bool dict_table_plan_merge(Dict *dst, const Dict *src) {
  /* a clean source is cloned into an empty target; else one resize up
   * front when the target's table is too small */
  int slog2 = cp_log2(src);
  int64_t snentries = slog2 == CP_UNKNOWN ? -1 : cp_nentries(src);
  bool clone = dst->used == 0 && slog2 != CP_UNKNOWN && src->used == snentries &&
               (slog2 == 3 || usable_fraction(((int64_t)1 << slog2) / 2) < src->used);
  int dlog2 = cp_log2(dst);
  if (!clone && dlog2 != CP_UNKNOWN &&
      usable_fraction(dlog2 ? (int64_t)1 << dlog2 : 1) < src->used) {
    bool general = slog2 == CP_UNKNOWN || (src->obj.flags & CP_GENERAL) ||
                   (dlog2 != 0 && (dst->obj.flags & CP_GENERAL));
    cp_resize(dst, cp_estimate_log2(dst->used + src->used), general);
  }
  return clone;
}

bool dict_table_copy_clones(const Dict *src) {
  return cp_log2(src) != CP_UNKNOWN && src->used >= cp_nentries(src) * 2 / 3;
}

DictSize dict_table_size(const Dict *d) { return (DictSize){d->obj.flags, d->obj.aux}; }

void dict_table_take_size(Dict *d, DictSize size) {
  d->obj.flags =
      (uint16_t)((d->obj.flags & ~(CP_MASK | CP_GENERAL)) | (size.flags & (CP_MASK | CP_GENERAL)));
  d->obj.aux = size.aux;
}

void dict_presize(Dict *d, int64_t n, bool str_keys) {
  if (d->used == 0 && cp_log2(d) == 0 && n > usable_fraction(8))
    cp_resize(d, cp_estimate_log2(n), !str_keys);
}

void dict_resize_for(Dict *d, int64_t n, bool str_keys) {
  cp_resize(d, cp_estimate_log2(n), !str_keys);
}

void dict_forget_size(Dict *d) { cp_set(d, CP_UNKNOWN, true, 0); }

int64_t dict_sizeof(const Dict *d) {
  int log2 = cp_log2(d);
  if (log2 == CP_UNKNOWN) return -1;
  if (log2 == 0) return 64;
  int64_t n = (int64_t)1 << log2;
  int ixbytes = log2 < 8 ? 1 : log2 < 16 ? 2 : log2 < 32 ? 4 : 8;
  return 64 + 32 + n * ixbytes + usable_fraction(n) * ((d->obj.flags & CP_GENERAL) ? 24 : 16);
}

/* Rebuilds the entries (compacted) and the index for at least `need` live
 * entries; a small dict gets no index. */
bool dict_table_rebuild(VM *vm, Dict *d, int64_t need) {
  if (need <= DICT_SMALL) {
    int64_t ecap = need <= 4 ? 4 : DICT_SMALL;
    DictEntry *entries = gc_realloc(vm, NULL, 0, (size_t)ecap * sizeof(DictEntry));
    if (!entries) return false;
    int64_t n = 0;
    /* a new or cleared dict (every instance's first) has nothing to move
     * or free */
    if (d->entries || d->index) {
      for (int64_t i = 0; i < d->nentries; i++)
        if (!IS_UNDEF(d->entries[i].key)) entries[n++] = d->entries[i];
      gc_free(vm, d->entries, (size_t)d->entries_cap * sizeof(DictEntry));
      gc_free(vm, d->index, (size_t)d->index_size * sizeof(int64_t));
    }
    d->entries = entries;
    d->entries_cap = ecap;
    d->index = NULL;
    d->index_size = 0;
    d->nentries = n;
    d->used = n;
    return true;
  }
  int64_t size = 16;
  while (size * 2 < need * 3) size *= 2; /* load factor at most 2/3 */
  int64_t ecap = size * 2 / 3 + 1;
  DictEntry *entries = gc_realloc(vm, NULL, 0, (size_t)ecap * sizeof(DictEntry));
  if (!entries) return false;
  int64_t *index = gc_realloc(vm, NULL, 0, (size_t)size * sizeof(int64_t));
  if (!index) {
    gc_free(vm, entries, (size_t)ecap * sizeof(DictEntry));
    return false;
  }
  for (int64_t i = 0; i < size; i++) index[i] = IX_EMPTY;
  int64_t n = 0;
  uint64_t mask = (uint64_t)size - 1;
  for (int64_t i = 0; i < d->nentries; i++) {
    DictEntry *e = &d->entries[i];
    if (IS_UNDEF(e->key)) continue;
    entries[n] = *e;
    uint64_t perturb = (uint64_t)e->hash, j = (uint64_t)e->hash & mask;
    while (index[j] != IX_EMPTY) {
      perturb >>= PERTURB_SHIFT;
      j = (j * 5 + perturb + 1) & mask;
    }
    index[j] = n++;
  }
  gc_free(vm, d->entries, (size_t)d->entries_cap * sizeof(DictEntry));
  gc_free(vm, d->index, (size_t)d->index_size * sizeof(int64_t));
  d->entries = entries;
  d->entries_cap = ecap;
  d->index = index;
  d->index_size = size;
  d->nentries = n;
  d->used = n;
  return true;
}

void dict_clear(VM *vm, Dict *d) {
  gc_free(vm, d->entries, (size_t)d->entries_cap * sizeof(DictEntry));
  gc_free(vm, d->index, (size_t)d->index_size * sizeof(int64_t));
  d->entries = NULL;
  d->index = NULL;
  d->entries_cap = d->index_size = d->nentries = d->used = 0;
  if (cp_log2(d) != CP_UNKNOWN) cp_set(d, 0, false, 0);
}

/* dict_get_str past a small dict's scan by identity: by hash and value */
__attribute__((noinline)) static Value get_str_slow(Dict *d, Str *key) {
  int64_t hash = str_hash(key);
  if (!d->index) {
    for (int64_t i = 0; i < d->nentries; i++) {
      DictEntry *e = &d->entries[i];
      if (e->key == OBJ_VAL(key)) return e->value;
      if (e->hash == hash && IS_STR(e->key) && str_eq(AS_STR(e->key), key)) return e->value;
    }
    return VAL_UNDEF;
  }
  uint64_t mask = (uint64_t)d->index_size - 1;
  uint64_t perturb = (uint64_t)hash, j = (uint64_t)hash & mask;
  for (;;) {
    int64_t ix = d->index[j];
    if (ix == IX_EMPTY) return VAL_UNDEF;
    if (ix >= 0) {
      DictEntry *e = &d->entries[ix];
      if (e->key == OBJ_VAL(key)) return e->value;
      if (e->hash == hash && IS_STR(e->key) && str_eq(AS_STR(e->key), key)) return e->value;
    }
    perturb >>= PERTURB_SHIFT;
    j = (j * 5 + perturb + 1) & mask;
  }
}

/* A leaf call for the common case, a small dict of interned keys (an
 * instance's attributes, a class's methods): identity decides. */
Value dict_get_str(Dict *d, Str *key) {
  if (!d->index) {
    for (int64_t i = 0; i < d->nentries; i++)
      if (d->entries[i].key == OBJ_VAL(key)) return d->entries[i].value;
    if (key->interned && !(d->obj.flags & DICT_MIXED_KEYS)) return VAL_UNDEF;
  }
  return get_str_slow(d, key);
}

void dict_append_new_str(Dict *d, Str *key, Value value) {
  dict_table_note_insert(d, OBJ_VAL(key));
  DictEntry *e = &d->entries[d->nentries++];
  e->key = OBJ_VAL(key);
  e->value = value;
  e->hash = str_hash(key);
  if (!key->interned) d->obj.flags |= DICT_MIXED_KEYS;
  d->used++;
}

bool dict_reserve(VM *vm, Dict *d) { return d->entries || dict_table_rebuild(vm, d, 1); }
