/* str.h: immutable strings: creation, interning, UTF-8 indexing.
 *
 * Text is stored as UTF-8.  Python indexes strings by code point; for an
 * ASCII string (the common case) that is the byte index, otherwise
 * str_offset walks the bytes.
 */
#ifndef LST_STR_H
#define LST_STR_H

#include "base/buf.h"
#include "base/state.h"

Str *str_new(VM *vm, const char *s, size_t len);
Str *str_cstr(VM *vm, const char *s);
Str *str_from_buf(VM *vm, Buf *b); /* frees b; MemoryError if b failed */
Str *str_intern(VM *vm, const char *s, size_t len);
Str *str_intern_cstr(VM *vm, const char *s);
void str_sweep_interned(VM *vm);
void str_free_interned(VM *vm);

bool str_eq(const Str *a, const Str *b);
int str_cmp(const Str *a, const Str *b); /* by code point, as Python */
int64_t str_hash(Str *s);

/* Byte offset of code point i (0 <= i <= nchars). */
int64_t str_offset(const Str *s, int64_t i);
/* Decodes the code point at byte p, storing its length in *n. */
uint32_t str_decode(const char *p, int *n);
/* The one-character string at code point i. */
Str *str_char_at(VM *vm, Str *s, int64_t i);
Str *str_concat(VM *vm, Str *a, Str *b);

#endif
