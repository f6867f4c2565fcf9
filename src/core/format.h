/* format.h: numbers to text: float repr in shortest round-trip form, the
 * format-spec mini-language of format() and f-strings, and str % args. */
#ifndef LST_FORMAT_H
#define LST_FORMAT_H

#include "base/buf.h"
#include "core/vm.h"

void format_float_repr(double d, Buf *out);
/* Formats v by spec (as format(v, spec)); for values that are not numbers
 * or strings, text is their str() already computed by the caller. */
bool format_spec(VM *vm, Value v, const char *spec, size_t spec_len, const char *text,
                 size_t text_len, Buf *out);

/* format(v, spec), the whole protocol: an instance's __format__ (object's
 * accepts only an empty spec), else the built-in types' formatting. */
bool format_value(VM *vm, Value v, const char *spec, size_t spec_len, Buf *out);

/* fmt % args, printf-style. */
bool format_percent(VM *vm, Str *fmt, Value args, Value *out);

#endif
