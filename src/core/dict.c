/* dict.c: what is done to a dict by an arbitrary key (get, set, delete,
 * copy, update).  A key that is not a str hashes and compares through the
 * generic operations, so these may call back into Python: user __eq__
 * may even change the table under a lookup, which then starts again.  The
 * storage itself, and lookup by name, are dict_table.c's. */
#include "core/dict.h"

#include "base/str.h"
#include "core/error.h"
#include "core/ops.h"

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
    if (!dict_table_rebuild(vm, d, d->used + 1)) return false;
    if (d->index && !lookup(vm, d, key, h, &slot, &entry)) return false;
  }
  dict_table_note_insert(d, key);
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

bool dict_set_str(VM *vm, Dict *d, Str *key, Value value) {
  return insert(vm, d, OBJ_VAL(key), str_hash(key), value);
}

bool dict_copy_into(VM *vm, Dict *dst, Dict *src) {
  if (src == dst || src->used == 0) return true;
  DictSize ssize = dict_table_size(src);
  bool clone = dict_table_plan_merge(dst, src);
  for (int64_t i = 0; i < src->nentries; i++) {
    DictEntry *e = &src->entries[i];
    if (IS_UNDEF(e->key)) continue;
    if (!insert(vm, dst, e->key, e->hash, e->value)) return false;
    if (i >= src->nentries) break;
  }
  if (clone) dict_table_take_size(dst, ssize);
  return true;
}

Dict *dict_copy(VM *vm, Dict *src) {
  Dict *d = dict_new(vm);
  if (!d || src->used == 0) return d;
  bool clones = dict_table_copy_clones(src);
  DictSize size = dict_table_size(src);
  if (!dict_copy_into(vm, d, src)) return NULL;
  if (clones) dict_table_take_size(d, size);
  return d;
}

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
