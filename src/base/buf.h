/* buf.h: a growable byte buffer for building text (reprs, formatting).
 *
 * Buffers are scratch space owned by C code, not by the heap, so they use
 * the C allocator directly.  A failed growth sets `failed` and drops further
 * writes; the caller checks once at the end (str_from_buf reports it).
 */
#ifndef LST_BUF_H
#define LST_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Buf {
  char *data;
  size_t len, cap;
  bool failed;
} Buf;

void buf_init(Buf *b);
void buf_free(Buf *b);
/* Room for extra more bytes, all at once; false (and failed set) when the
 * allocator refuses. */
bool buf_reserve(Buf *b, size_t extra);
void buf_add(Buf *b, const char *s, size_t n);
void buf_adds(Buf *b, const char *s);
void buf_addc(Buf *b, char c);
void buf_addf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_add_int(Buf *b, int64_t v);
/* Appends the UTF-8 encoding of code point cp. */
void buf_add_utf8(Buf *b, uint32_t cp);

#endif
