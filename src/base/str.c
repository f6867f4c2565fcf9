/* str.c: string objects, the intern table, and UTF-8 helpers. */
#include "base/str.h"

#include <stdlib.h>
#include <string.h>

#include "base/gc.h"
#include "base/hash.h"

static Str *alloc_str(VM *vm, size_t len) {
  Str *s = (Str *)gc_new_object(vm, sizeof(Str) + len + 1, OBJ_STR);
  if (!s) return NULL;
  s->len = (int64_t)len;
  s->hash = -1;
  return s;
}

static void measure(Str *s) {
  int64_t n = 0, i = 0;
  bool ascii = true;
  /* ASCII eight bytes at a time: each is one character */
  for (; i + 8 <= s->len; i += 8) {
    uint64_t w;
    memcpy(&w, s->data + i, 8);
    if (w & 0x8080808080808080ULL) break;
    n += 8;
  }
  for (; i < s->len; i++) {
    unsigned char c = (unsigned char)s->data[i];
    if (c >= 0x80) ascii = false;
    if ((c & 0xC0) != 0x80) n++;
  }
  s->nchars = n;
  s->ascii = ascii;
}

Str *str_new(VM *vm, const char *src, size_t len) {
  Str *s = alloc_str(vm, len);
  if (!s) return NULL;
  if (len) memcpy(s->data, src, len);
  s->data[len] = '\0';
  measure(s);
  return s;
}

Str *str_cstr(VM *vm, const char *s) { return str_new(vm, s, strlen(s)); }

Str *str_from_buf(VM *vm, Buf *b) {
  if (b->failed) {
    buf_free(b);
    gc_memory_error(vm);
    return NULL;
  }
  Str *s = str_new(vm, b->data ? b->data : "", b->len);
  buf_free(b);
  return s;
}

bool str_eq(const Str *a, const Str *b) {
  if (a == b) return true;
  if (a->len != b->len) return false;
  if (a->hash != -1 && b->hash != -1 && a->hash != b->hash) return false;
  return memcmp(a->data, b->data, (size_t)a->len) == 0;
}

/* UTF-8 byte order is code point order, so memcmp compares as Python does. */
int str_cmp(const Str *a, const Str *b) {
  int64_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->data, b->data, (size_t)n);
  if (c) return c < 0 ? -1 : 1;
  return a->len < b->len ? -1 : a->len > b->len;
}

int64_t str_hash(Str *s) {
  if (s->hash == -1) s->hash = hash_str(s->data, s->len, s->ascii);
  return s->hash;
}

uint32_t str_decode(const char *p, int *n) {
  const unsigned char *u = (const unsigned char *)p;
  if (u[0] < 0x80) {
    *n = 1;
    return u[0];
  }
  if ((u[0] & 0xE0) == 0xC0) {
    *n = 2;
    return ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
  }
  if ((u[0] & 0xF0) == 0xE0) {
    *n = 3;
    return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
  }
  *n = 4;
  return ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
         ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
}

int64_t str_offset(const Str *s, int64_t i) {
  if (s->ascii) return i;
  int64_t off = 0;
  while (i > 0 && off < s->len) {
    off++;
    while (off < s->len && ((unsigned char)s->data[off] & 0xC0) == 0x80) off++;
    i--;
  }
  return off;
}

Str *str_char_at(VM *vm, Str *s, int64_t i) {
  int64_t a = str_offset(s, i);
  int n = 1;
  if (!s->ascii) str_decode(s->data + a, &n);
  return str_new(vm, s->data + a, (size_t)n);
}

Str *str_concat(VM *vm, Str *a, Str *b) {
  Str *s = alloc_str(vm, (size_t)(a->len + b->len));
  if (!s) return NULL;
  memcpy(s->data, a->data, (size_t)a->len);
  memcpy(s->data + a->len, b->data, (size_t)b->len);
  s->data[s->len] = '\0';
  s->nchars = a->nchars + b->nchars;
  s->ascii = a->ascii && b->ascii;
  return s;
}

/* ------------------------------------------------------------- interning
 * A weak set: the collector removes strings nothing else marked. */

/* The intern table's own hash (not Python's hash(), which is siphash and
 * cached in the Str): names are short, so a word at a time, each word
 * mixed by a multiply whose high half is folded into the low bits the
 * table's mask keeps. */
static uint64_t raw_hash(const char *s, size_t len) {
  const uint64_t k = 0xFF51AFD7ED558CCDULL;
  uint64_t h = (uint64_t)len * 0x9E3779B97F4A7C15ULL;
  for (; len >= 8; s += 8, len -= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = (h ^ w) * k;
    h ^= h >> 32;
  }
  uint64_t w = 0;
  memcpy(&w, s, len);
  h = (h ^ w) * k;
  return h ^ (h >> 32);
}

#define TOMBSTONE ((Str *)1)

/* The first table holds start-up's names (some 260) without growing. */
#define INTERN_FIRST_CAP 1024

static bool intern_grow(VM *vm) {
  size_t cap = vm->interned_cap ? vm->interned_cap * 2 : INTERN_FIRST_CAP;
  Str **t = calloc(cap, sizeof(Str *));
  if (!t) return false;
  for (size_t i = 0; i < vm->interned_cap; i++) {
    Str *s = vm->interned[i];
    if (!s || s == TOMBSTONE) continue;
    size_t j = raw_hash(s->data, (size_t)s->len) & (cap - 1);
    while (t[j]) j = (j + 1) & (cap - 1);
    t[j] = s;
  }
  free(vm->interned);
  vm->interned = t;
  vm->interned_cap = cap;
  return true;
}

Str *str_intern(VM *vm, const char *s, size_t len) {
  if ((vm->interned_len + 1) * 2 > vm->interned_cap && !intern_grow(vm)) {
    gc_memory_error(vm);
    return NULL;
  }
  size_t mask = vm->interned_cap - 1;
  size_t j = raw_hash(s, len) & mask;
  size_t slot = SIZE_MAX;
  for (;;) {
    Str *e = vm->interned[j];
    if (!e) break;
    if (e == TOMBSTONE) {
      if (slot == SIZE_MAX) slot = j;
    } else if ((size_t)e->len == len && memcmp(e->data, s, len) == 0) {
      return e;
    }
    j = (j + 1) & mask;
  }
  Str *n = str_new(vm, s, len);
  if (!n) return NULL;
  n->interned = 1;
  if (slot == SIZE_MAX) {
    slot = j;
    vm->interned_len++;
  }
  vm->interned[slot] = n;
  return n;
}

Str *str_intern_cstr(VM *vm, const char *s) { return str_intern(vm, s, strlen(s)); }

void str_sweep_interned(VM *vm) {
  for (size_t i = 0; i < vm->interned_cap; i++) {
    Str *s = vm->interned[i];
    if (s && s != TOMBSTONE && !s->obj.marked) vm->interned[i] = TOMBSTONE;
  }
}

void str_free_interned(VM *vm) {
  free(vm->interned);
  vm->interned = NULL;
  vm->interned_cap = vm->interned_len = 0;
}
