/* dict.c: a compact, insertion-ordered hash table.
 *
 * Entries are kept in insertion order in one array; deleted entries keep
 * their place (key UNDEF) until the next rebuild, so iteration order is
 * always insertion order.  A small dict (at most DICT_SMALL entries, as
 * instance attributes and most namespaces are) has no index and is
 * searched by a scan of its entries; a larger one has an index table of
 * entry numbers, probed with CPython's perturbation scheme.
 */
#include "core/dict.h"

#include <string.h>

#include "base/gc.h"
#include "base/str.h"
#include "core/error.h"
#include "core/ops.h"

#define DICT_SMALL    8
#define IX_EMPTY      (-1)
#define IX_DUMMY      (-2)
#define PERTURB_SHIFT 5

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
static void cp_insert(Dict *d, Value key) {
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

/* Hash of a str key without user code. */
static inline int64_t key_hash(VM *vm, Value key, bool *ok) {
  if (IS_STR(key)) {
    *ok = true;
    return str_hash(AS_STR(key));
  }
  int64_t h = 0;
  *ok = ops_hash(vm, key, &h);
  return h;
}

/* Rebuilds the entries (compacted) and the index for at least `need` live
 * entries; a small dict gets no index. */
static bool rebuild(VM *vm, Dict *d, int64_t need) {
  if (need <= DICT_SMALL) {
    int64_t ecap = need <= 4 ? 4 : DICT_SMALL;
    DictEntry *entries = gc_realloc(vm, NULL, 0, (size_t)ecap * sizeof(DictEntry));
    if (!entries) return false;
    int64_t n = 0;
    for (int64_t i = 0; i < d->nentries; i++)
      if (!IS_UNDEF(d->entries[i].key)) entries[n++] = d->entries[i];
    gc_free(vm, d->entries, (size_t)d->entries_cap * sizeof(DictEntry));
    gc_free(vm, d->index, (size_t)d->index_size * sizeof(int64_t));
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

/* Finds key: returns the index-table slot holding it (*entry >= 0), or the
 * slot where it would go (*entry = -1).  False on an exception. */
static bool lookup(VM *vm, Dict *d, Value key, int64_t hash, int64_t *slot, int64_t *entry) {
restart:
  *entry = -1;
  *slot = -1;
  if (!d->index) {
    for (int64_t i = 0; i < d->nentries; i++) {
      DictEntry *e = &d->entries[i];
      if (e->key == key) {
        *entry = i;
        return true;
      }
      if (e->hash != hash || IS_UNDEF(e->key)) continue;
      if (IS_STR(key) && IS_STR(e->key)) {
        if (str_eq(AS_STR(key), AS_STR(e->key))) {
          *entry = i;
          return true;
        }
        continue;
      }
      DictEntry *saved = d->entries;
      Value k0 = e->key;
      bool eq;
      if (!ops_eq(vm, k0, key, &eq)) return false;
      if (d->entries != saved || d->entries[i].key != k0) goto restart;
      if (eq) {
        *entry = i;
        return true;
      }
    }
    return true;
  }
  uint64_t mask = (uint64_t)d->index_size - 1;
  uint64_t perturb = (uint64_t)hash, j = (uint64_t)hash & mask;
  int64_t free_slot = -1;
  for (;;) {
    int64_t ix = d->index[j];
    if (ix == IX_EMPTY) {
      *slot = free_slot >= 0 ? free_slot : (int64_t)j;
      return true;
    }
    if (ix == IX_DUMMY) {
      if (free_slot < 0) free_slot = (int64_t)j;
    } else {
      DictEntry *e = &d->entries[ix];
      if (e->key == key) {
        *slot = (int64_t)j;
        *entry = ix;
        return true;
      }
      if (e->hash == hash) {
        if (IS_STR(key) && IS_STR(e->key)) {
          if (str_eq(AS_STR(key), AS_STR(e->key))) {
            *slot = (int64_t)j;
            *entry = ix;
            return true;
          }
        } else {
          DictEntry *saved = d->entries;
          Value k0 = e->key;
          bool eq;
          if (!ops_eq(vm, k0, key, &eq)) return false;
          /* user __eq__ may have changed the table: look again */
          if (d->entries != saved || d->entries[ix].key != k0) goto restart;
          if (eq) {
            *slot = (int64_t)j;
            *entry = ix;
            return true;
          }
        }
      }
    }
    perturb >>= PERTURB_SHIFT;
    j = (j * 5 + perturb + 1) & mask;
  }
}

bool dict_get(VM *vm, Dict *d, Value key, Value *out, bool *found) {
  bool ok;
  int64_t h = key_hash(vm, key, &ok);
  if (!ok) return false;
  int64_t slot, entry;
  if (!lookup(vm, d, key, h, &slot, &entry)) return false;
  *found = entry >= 0;
  if (entry >= 0) *out = d->entries[entry].value;
  return true;
}

static bool insert(VM *vm, Dict *d, Value key, int64_t h, Value value) {
  int64_t slot, entry;
  if (!lookup(vm, d, key, h, &slot, &entry)) return false;
  if (entry >= 0) {
    d->entries[entry].value = value;
    return true;
  }
  if (d->nentries >= d->entries_cap) {
    if (!rebuild(vm, d, d->used + 1)) return false;
    if (d->index && !lookup(vm, d, key, h, &slot, &entry)) return false;
  }
  cp_insert(d, key);
  DictEntry *e = &d->entries[d->nentries];
  e->key = key;
  e->value = value;
  e->hash = h;
  if (!IS_STR(key) || !AS_STR(key)->interned) d->obj.flags |= DICT_MIXED_KEYS;
  if (d->index) d->index[slot] = d->nentries;
  d->nentries++;
  d->used++;
  return true;
}

bool dict_set(VM *vm, Dict *d, Value key, Value value) {
  bool ok;
  int64_t h = key_hash(vm, key, &ok);
  if (!ok) return false;
  return insert(vm, d, key, h, value);
}

bool dict_del(VM *vm, Dict *d, Value key, bool *found) {
  bool ok;
  int64_t h = key_hash(vm, key, &ok);
  if (!ok) return false;
  int64_t slot, entry;
  if (!lookup(vm, d, key, h, &slot, &entry)) return false;
  *found = entry >= 0;
  if (entry < 0) return true;
  if (d->index) d->index[slot] = IX_DUMMY;
  d->entries[entry].key = VAL_UNDEF;
  d->entries[entry].value = VAL_UNDEF;
  d->used--;
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

Value dict_get_str(Dict *d, Str *key) {
  if (!d->index) {
    /* keys of namespaces are interned: identity usually decides */
    for (int64_t i = 0; i < d->nentries; i++)
      if (d->entries[i].key == OBJ_VAL(key)) return d->entries[i].value;
    if (key->interned && !(d->obj.flags & DICT_MIXED_KEYS)) return VAL_UNDEF;
  }
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

bool dict_set_str(VM *vm, Dict *d, Str *key, Value value) {
  return insert(vm, d, OBJ_VAL(key), str_hash(key), value);
}

bool dict_copy_into(VM *vm, Dict *dst, Dict *src) {
  if (src == dst || src->used == 0) return true;
  /* CPython's dict_merge: a clean source is cloned into an empty target;
   * else one resize up front when the target's table is too small */
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
  uint16_t sflags = src->obj.flags;
  uint32_t saux = src->obj.aux;
  for (int64_t i = 0; i < src->nentries; i++) {
    DictEntry *e = &src->entries[i];
    if (IS_UNDEF(e->key)) continue;
    if (!insert(vm, dst, e->key, e->hash, e->value)) return false;
    if (i >= src->nentries) break;
  }
  if (clone) {
    dst->obj.flags =
        (uint16_t)((dst->obj.flags & ~(CP_MASK | CP_GENERAL)) | (sflags & (CP_MASK | CP_GENERAL)));
    dst->obj.aux = saux;
  }
  return true;
}

Dict *dict_copy(VM *vm, Dict *src) {
  Dict *d = dict_new(vm);
  if (!d || src->used == 0) return d;
  /* PyDict_Copy clones the table when deletions left it dense enough */
  if (cp_log2(src) != CP_UNKNOWN && src->used >= cp_nentries(src) * 2 / 3) {
    uint16_t flags = src->obj.flags;
    uint32_t aux = src->obj.aux;
    if (!dict_copy_into(vm, d, src)) return NULL;
    d->obj.flags =
        (uint16_t)((d->obj.flags & ~(CP_MASK | CP_GENERAL)) | (flags & (CP_MASK | CP_GENERAL)));
    d->obj.aux = aux;
    return d;
  }
  return dict_copy_into(vm, d, src) ? d : NULL;
}

void dict_append_new_str(Dict *d, Str *key, Value value) {
  cp_insert(d, OBJ_VAL(key));
  DictEntry *e = &d->entries[d->nentries++];
  e->key = OBJ_VAL(key);
  e->value = value;
  e->hash = str_hash(key);
  if (!key->interned) d->obj.flags |= DICT_MIXED_KEYS;
  d->used++;
}

bool dict_reserve(VM *vm, Dict *d) { return d->entries || rebuild(vm, d, 1); }

bool dict_update(VM *vm, Dict *d, Value src) {
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
