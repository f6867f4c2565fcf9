/* sizeof.h: CPython 3.11's object sizes, as sys.getsizeof reports them. */
#ifndef LST_SIZEOF_H
#define LST_SIZEOF_H

#include "core/vm.h"

/* What v.__sizeof__() gives for a built-in value (*size, -1 when lst does
 * not know it) and the header CPython puts before such an object (the
 * collector's, and for instances their __dict__ and weak references):
 * sys.getsizeof adds the two. */
bool sizeof_builtin(VM *vm, Value v, int64_t *size, int64_t *header);

/* sys.getsizeof(v): an instance's own __sizeof__ if its class has one,
 * plus the header; NotImplementedError for what lst does not know. */
bool sizeof_getsizeof(VM *vm, Value v, int64_t *out);

#endif
