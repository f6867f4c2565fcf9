/* dict.h: the insertion-ordered hash table behind dict, class namespaces,
 * instance attributes and module namespaces.  dict.c: the operations by
 * any key, which may run user code; dict_table.h: the storage and the
 * operations that never do. */
#ifndef LST_DICT_H
#define LST_DICT_H

#include "core/dict_table.h"
#include "core/vm.h"

/* *found says whether key was present; false return = exception. */
bool dict_get(VM *vm, Dict *d, Value key, Value *out, bool *found);
bool dict_set(VM *vm, Dict *d, Value key, Value value);
bool dict_del(VM *vm, Dict *d, Value key, bool *found);
/* Sets a name; an equal key that is not a str may call its __eq__. */
bool dict_set_str(VM *vm, Dict *d, Str *key, Value value);
bool dict_copy_into(VM *vm, Dict *dst, Dict *src);
/* d.copy(), with the table CPython's copy would have. */
Dict *dict_copy(VM *vm, Dict *src);
/* d.update(src): from a dict, or an iterable of key-value pairs. */
bool dict_update(VM *vm, Dict *d, Value src);

#endif
