/* diff.h: a unified diff of two texts, line by line, for the failures that
 * `lst test` reports. */
#ifndef LST_DIFF_H
#define LST_DIFF_H

#include <stddef.h>

#include "base/buf.h"

/* Appends to out a unified diff of want and got (each na/nb bytes) with two
 * lines of context, under the headers "--- from" and "+++ to". */
void diff_unified(Buf *out, const char *from, const char *want, size_t na, const char *to,
                  const char *got, size_t nb);

#endif
