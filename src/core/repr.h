/* repr.h: repr() and str() of every value, written as CPython writes them. */
#ifndef LST_REPR_H
#define LST_REPR_H

#include "base/buf.h"
#include "core/vm.h"

bool repr_value(VM *vm, Value v, Buf *out);
/* object.__repr__: "<__main__.Bus object at 0x...>". */
void repr_default(VM *vm, Value v, Buf *out);
bool repr_str(VM *vm, Value v, Buf *out);
Str *repr_of(VM *vm, Value v);
Str *repr_str_of(VM *vm, Value v);
/* ascii(v): the repr with non-ASCII code points escaped (\xe9, \u4e2d ...). */
Str *repr_ascii_of(VM *vm, Value v);
/* repr of a str's text, with CPython's choice of quotes and escapes. */
void repr_quoted(const char *s, size_t n, Buf *out);

#endif
