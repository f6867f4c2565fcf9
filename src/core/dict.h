/* dict.h: the insertion-ordered hash table behind dict, class namespaces,
 * instance attributes and module namespaces. */
#ifndef LST_DICT_H
#define LST_DICT_H

#include "core/vm.h"

Dict *dict_new(VM *vm);
/* *found says whether key was present; false return = exception. */
bool dict_get(VM *vm, Dict *d, Value key, Value *out, bool *found);
bool dict_set(VM *vm, Dict *d, Value key, Value value);
bool dict_del(VM *vm, Dict *d, Value key, bool *found);
void dict_clear(VM *vm, Dict *d);
/* Fast paths for str keys (names): never call user code. */
Value dict_get_str(Dict *d, Str *key); /* UNDEF when absent */
bool dict_set_str(VM *vm, Dict *d, Str *key, Value value);
bool dict_copy_into(VM *vm, Dict *dst, Dict *src);
/* d.copy(), with the table CPython's copy would have. */
Dict *dict_copy(VM *vm, Dict *src);
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
/* d.update(src): from a dict, or an iterable of key-value pairs. */
bool dict_update(VM *vm, Dict *d, Value src);
/* Appends key -> value to a small dict that is known not to hold key and
 * has room (no index, nentries < entries_cap): the fast path of setting a
 * new attribute. */
void dict_append_new_str(Dict *d, Str *key, Value value);
/* Gives an empty dict room for a few entries up front. */
bool dict_reserve(VM *vm, Dict *d);

#endif
