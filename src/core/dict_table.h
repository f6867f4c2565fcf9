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
/* CPython's dict_merge of src into dst, before the entries go in: the one
 * resize up front when dst's table is too small.  True when dst is to be
 * a clone of src's table instead: then dict_table_take_size(dst, the
 * snapshot of src taken before) once they are in. */
bool dict_table_plan_merge(Dict *dst, const Dict *src);
/* Whether PyDict_Copy would clone src's table (deletions left it dense
 * enough), rather than merge into a fresh one. */
bool dict_table_copy_clones(const Dict *src);
/* The accounting of a table, taken before it may change, and given to
 * another dict whose table is its clone. */
typedef struct DictSize {
  uint16_t flags;
  uint32_t aux;
} DictSize;
DictSize dict_table_size(const Dict *d);
void dict_table_take_size(Dict *d, DictSize size);

/* The layout: a small dict is scanned, a larger one has an index of entry
 * numbers (IX_EMPTY, IX_DUMMY for a deleted one), probed as CPython does. */
#define IX_EMPTY      (-1)
#define IX_DUMMY      (-2)
#define PERTURB_SHIFT 5

#endif
