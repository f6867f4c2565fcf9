/* carets.h: the marker line a traceback draws under a frame's source line,
 * as CPython 3.11 draws it for an uncaught exception: ^ under the failing
 * expression, and for an operator or a subscript ~ under the operands with
 * ^ under the operator or the [index]. */
#ifndef LST_CARETS_H
#define LST_CARETS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/object.h"

/* Appends the marker line (with its newline) for the span `at` of source
 * line `text` (len bytes, no newline), which is line at.line.  Returns
 * false, appending nothing, where CPython draws none: the span is not
 * known, or it covers the whole line and has no operator to point at. */
bool carets_line(const char *text, size_t len, CodePos at, Buf *out);

#endif
