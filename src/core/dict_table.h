/* dict_table.h: a dict's storage and the operations on it that never run
 * user code (dict_table.c); the operations by any key are in dict.h. */
#ifndef LST_DICT_TABLE_H
#define LST_DICT_TABLE_H

#include "base/state.h"

Dict *dict_new(VM *vm);
void dict_clear(VM *vm, Dict *d);
/* Lookup by name: UNDEF when absent.  Keys that are not str are skipped,
 * so no user __eq__ is called. */
Value dict_get_str(Dict *d, Str *key);
/* sys.getsizeof(d) as CPython 3.11 gives it after the same operations;
 * -1 for a dict whose history lst does not follow (a namespace). */
int64_t dict_sizeof(const Dict *d);
/* A new dict made for n items at once (a display, fromkeys of a sized
 * iterable), as CPython presizes it. */
void dict_presize(Dict *d, int64_t n, bool str_keys);
/* The table CPython's fromkeys makes for n keys of a dict or set, even
 * when n is small. */
void dict_resize_for(Dict *d, int64_t n, bool str_keys);
/* Marks a dict whose size lst does not model: instance and class
 * namespaces, module dicts. */
void dict_forget_size(Dict *d);
/* Appends key -> value to a small dict that is known not to hold key and
 * has room (no index, nentries < entries_cap): the fast path of setting a
 * new attribute. */
void dict_append_new_str(Dict *d, Str *key, Value value);
/* Gives an empty dict room for a few entries up front. */
bool dict_reserve(VM *vm, Dict *d);

/* ------------------------------------------ shared with dict.c only */

/* Rebuilds the entries (compacted) and the index for at least `need` live
 * entries; a small dict gets no index.  False with MemoryError pending. */
bool dict_table_rebuild(VM *vm, Dict *d, int64_t need);
/* CPython's accounting before a new key goes in (d->used not yet
 * counted). */
void dict_table_note_insert(Dict *d, Value key);

/* The layout: small dicts are scanned, larger ones have an index of entry
 * numbers (IX_EMPTY, IX_DUMMY for a deleted one). */
#define DICT_SMALL    8
#define IX_EMPTY      (-1)
#define IX_DUMMY      (-2)
#define PERTURB_SHIFT 5

#define CP_SHIFT   8
#define CP_MASK    (63 << CP_SHIFT)
#define CP_UNKNOWN 63
#define CP_GENERAL (1 << 14)

static inline int cp_log2(const Dict *d) { return (d->obj.flags & CP_MASK) >> CP_SHIFT; }
static inline int64_t usable_fraction(int64_t size) { return (size << 1) / 3; }

/* CPython's calculate_log2_keysize: at least 8 slots. */
static inline int cp_calc_log2(int64_t minsize) {
  uint64_t m = (((uint64_t)minsize | 8) - 1) | 7;
  return 64 - __builtin_clzll(m);
}

static inline int cp_estimate_log2(int64_t n) { return cp_calc_log2((n * 3 + 1) / 2); }

/* dk_nentries: the slots used since the last resize, deleted ones too;
 * for a known table only. */
static inline int64_t cp_nentries(const Dict *d) {
  int log2 = cp_log2(d);
  return log2 ? usable_fraction((int64_t)1 << log2) - d->obj.aux : 0;
}

static inline void cp_set(Dict *d, int log2, bool general, int64_t usable) {
  d->obj.flags = (uint16_t)((d->obj.flags & ~(CP_MASK | CP_GENERAL)) | (log2 << CP_SHIFT) |
                            (general ? CP_GENERAL : 0));
  d->obj.aux = (uint32_t)(usable < 0 ? 0 : usable);
}

/* dictresize: a new table of 2^log2 slots holding the live entries. */
static inline void cp_resize(Dict *d, int log2, bool general) {
  if (cp_log2(d) == CP_UNKNOWN) return;
  if (log2 >= CP_UNKNOWN) {
    cp_set(d, CP_UNKNOWN, general, 0);
    return;
  }
  cp_set(d, log2, general, usable_fraction((int64_t)1 << log2) - d->used);
}

#endif
