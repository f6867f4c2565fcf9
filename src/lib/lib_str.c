/* lib_str.c: the methods of str and the str() constructor. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc.h"
#include "base/str.h"
#include "base/unicode.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/format.h"
#include "core/list.h"
#include "core/number.h"
#include "core/ops.h"
#include "core/repr.h"
#include "lib/builtins.h"

#define SELF AS_STR(args[0])

static bool ret_str(VM *vm, Buf *b, Value *out) {
  Str *s = str_from_buf(vm, b);
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

static bool need_str(VM *vm, Value v, const char *what) {
  if (IS_STR(v)) return true;
  return err_raise(vm, vm->b.type_error, "%s arg must be None or str", what);
}

bool lib_str_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (kw && kw->len)
    return err_raise(vm, vm->b.not_implemented_error, "str() keywords are not supported by lst");
  if (!arg_count(vm, "str", nargs, 0, 1)) return false;
  if (nargs == 0) {
    *out = OBJ_VAL(vm->s_empty);
    return true;
  }
  Str *s = repr_str_of(vm, args[0]);
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

static bool m_join(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "str.join", nargs - 1, 1, 1)) return false;
  Value it;
  if (!ops_iter(vm, args[1], &it)) return false;
  Buf b;
  buf_init(&b);
  for (int64_t i = 0;; i++) {
    Value v;
    bool done;
    if (!ops_next(vm, it, &v, &done)) {
      buf_free(&b);
      return false;
    }
    if (done) break;
    if (!IS_STR(v)) {
      buf_free(&b);
      return err_raise(vm, vm->b.type_error, "sequence item %lld: expected str instance, %s found",
                       (long long)i, class_name_of(vm, v));
    }
    if (i) buf_add(&b, SELF->data, (size_t)SELF->len);
    buf_add(&b, AS_STR(v)->data, (size_t)AS_STR(v)->len);
  }
  return ret_str(vm, &b, out);
}

/* Whether the character at p (or the one ending at e, after start) is white
 * space as Python's str.isspace says; *len gets its length in bytes. */
static bool space_at(const char *p, int *len) {
  uint32_t c = str_decode(p, len);
  return unicode_is_space(c);
}

static bool space_before(const char *start, const char *e, int *len) {
  const char *p = e - 1;
  while (p > start && ((unsigned char)*p & 0xC0) == 0x80) p--;
  uint32_t c = str_decode(p, len);
  *len = (int)(e - p);
  return unicode_is_space(c);
}

static bool m_split_impl(VM *vm, Value *args, int nargs, Tuple *kw, Value *out, bool right) {
  static const char *const names[] = {"sep", "maxsplit"};
  Value opt[2];
  if (!arg_keywords(vm, right ? "rsplit" : "split", args, nargs, kw, names, opt, 2)) return false;
  if (!arg_count(vm, right ? "rsplit" : "split", nargs - 1, 0, 2)) return false;
  Value sepv = nargs > 1 ? args[1] : IS_UNDEF(opt[0]) ? VAL_NONE : opt[0];
  Value maxv = nargs > 2 ? args[2] : IS_UNDEF(opt[1]) ? SMALL_VAL(-1) : opt[1];
  if (!IS_NONE(sepv) && !need_str(vm, sepv, "sep")) return false;
  if (!is_int(maxv))
    return err_raise(vm, vm->b.type_error, "'%s' object cannot be interpreted as an integer",
                     class_name_of(vm, maxv));
  int64_t maxsplit = as_int(maxv);
  if (maxsplit < 0) maxsplit = INT64_MAX;
  Str *s = SELF;
  List *l = list_new(vm, 0, 0, "split");
  if (!l) return false;
  const char *p = s->data, *end = s->data + s->len;
  /* pieces are collected front to back; rsplit collects back to front and
   * reverses.  Past maxsplit, the rest is one piece that keeps its white
   * space on the far side, as in CPython. */
  if (IS_NONE(sepv)) {
    int len;
    if (!right) {
      while (p < end) {
        while (p < end && space_at(p, &len)) p += len;
        if (p >= end) break;
        const char *q = p;
        if ((int64_t)l->len >= maxsplit)
          q = end;
        else
          while (q < end && !space_at(q, &len)) q += len;
        Str *piece = str_new(vm, p, (size_t)(q - p));
        if (!piece || !list_append(vm, l, OBJ_VAL(piece), "split")) return false;
        p = q;
      }
    } else {
      const char *e = end;
      while (e > p) {
        while (e > p && space_before(p, e, &len)) e -= len;
        if (e <= p) break;
        const char *q = e;
        if ((int64_t)l->len >= maxsplit)
          q = p;
        else
          while (q > p && !space_before(p, q, &len)) q -= len;
        Str *piece = str_new(vm, q, (size_t)(e - q));
        if (!piece || !list_append(vm, l, OBJ_VAL(piece), "split")) return false;
        e = q;
      }
      list_reverse(l);
    }
  } else {
    Str *sep = AS_STR(sepv);
    if (sep->len == 0) return err_raise(vm, vm->b.value_error, "empty separator");
    if (!right) {
      for (;;) {
        const char *q = (int64_t)l->len < maxsplit
                            ? memmem(p, (size_t)(end - p), sep->data, (size_t)sep->len)
                            : NULL;
        const char *e = q ? q : end;
        Str *piece = str_new(vm, p, (size_t)(e - p));
        if (!piece || !list_append(vm, l, OBJ_VAL(piece), "split")) return false;
        if (!q) break;
        p = q + sep->len;
      }
    } else {
      const char *e = end;
      for (;;) {
        const char *q = NULL;
        if ((int64_t)l->len < maxsplit)
          for (const char *c = e - sep->len; c >= p; c--)
            if (memcmp(c, sep->data, (size_t)sep->len) == 0) {
              q = c;
              break;
            }
        const char *b = q ? q + sep->len : p;
        Str *piece = str_new(vm, b, (size_t)(e - b));
        if (!piece || !list_append(vm, l, OBJ_VAL(piece), "split")) return false;
        if (!q) break;
        e = q;
      }
      list_reverse(l);
    }
  }
  *out = OBJ_VAL(l);
  return true;
}

static bool m_split(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  return m_split_impl(vm, a, n, kw, out, false);
}
static bool m_rsplit(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  return m_split_impl(vm, a, n, kw, out, true);
}

static bool m_splitlines(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "splitlines", nargs - 1, 0, 0)) return false;
  List *l = list_new(vm, 0, 0, "split");
  if (!l) return false;
  const char *p = SELF->data, *end = p + SELF->len;
  while (p < end) {
    const char *q = p;
    while (q < end && *q != '\n' && *q != '\r') q++;
    Str *piece = str_new(vm, p, (size_t)(q - p));
    if (!piece || !list_append(vm, l, OBJ_VAL(piece), "split")) return false;
    if (q < end && *q == '\r' && q + 1 < end && q[1] == '\n') q++;
    p = q + 1;
  }
  *out = OBJ_VAL(l);
  return true;
}

/* Whether code point c is one of the characters of chars. */
static bool str_has_code_point(const Str *chars, uint32_t c) {
  for (int64_t k = 0; k < chars->len;) {
    int cl;
    if (str_decode(chars->data + k, &cl) == c) return true;
    k += cl;
  }
  return false;
}

static bool strip_impl(VM *vm, Value *args, int nargs, Value *out, bool left, bool right,
                       const char *name) {
  if (!arg_count(vm, name, nargs - 1, 0, 1)) return false;
  const char *p = SELF->data, *e = p + SELF->len;
  int len;
  if (nargs == 2 && !IS_NONE(args[1])) {
    if (!need_str(vm, args[1], name)) return false;
    Str *chars = AS_STR(args[1]);
    /* strip the characters of chars: compare whole code points */
    while (left && p < e) {
      uint32_t c = str_decode(p, &len);
      if (!str_has_code_point(chars, c)) break;
      p += len;
    }
    while (right && e > p) {
      const char *q = e - 1;
      while (q > p && ((unsigned char)*q & 0xC0) == 0x80) q--;
      uint32_t c = str_decode(q, &len);
      if (!str_has_code_point(chars, c)) break;
      e = q;
    }
  } else {
    if (left)
      while (p < e && space_at(p, &len)) p += len;
    if (right)
      while (e > p && space_before(p, e, &len)) e -= len;
  }
  Str *s = str_new(vm, p, (size_t)(e - p));
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

static bool m_strip(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return strip_impl(vm, a, n, out, true, true, "strip");
}
static bool m_lstrip(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return strip_impl(vm, a, n, out, true, false, "lstrip");
}
static bool m_rstrip(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return strip_impl(vm, a, n, out, false, true, "rstrip");
}

/* Case mappings and classifications by code point (unicode.h); a
 * character whose properties lst does not know makes the method refuse. */
static bool unknown_char(VM *vm, const char *name) {
  return err_raise(vm, vm->b.not_implemented_error,
                   "str.%s() of characters beyond Latin-1 and the CJK, kana and Hangul blocks is "
                   "not supported by lst",
                   name);
}

static void add_mapped(Buf *b, uint32_t c, const char *special) {
  if (special)
    buf_adds(b, special);
  else
    buf_add_utf8(b, c);
}

/* mode: 0 upper, 1 lower, 2 title, 3 capitalize, 4 swapcase */
static bool map_case(VM *vm, Value *args, int nargs, Value *out, int mode, const char *name) {
  if (!arg_count(vm, name, nargs - 1, 0, 0)) return false;
  Str *s = SELF;
  Buf b;
  buf_init(&b);
  bool prev_cased = false;
  for (int64_t i = 0, k = 0; i < s->len; k++) {
    int len;
    uint32_t c = str_decode(s->data + i, &len);
    i += len;
    UChar u = unicode_info(c);
    if (!u.known) {
      buf_free(&b);
      return unknown_char(vm, name);
    }
    bool cased = u.upper || u.lower;
    switch (mode) {
    case 0: add_mapped(&b, u.to_upper, u.upper_special); break;
    case 1: buf_add_utf8(&b, u.to_lower); break;
    case 2:
      if (prev_cased)
        buf_add_utf8(&b, u.to_lower);
      else
        add_mapped(&b, u.to_upper, u.title_special);
      break;
    case 3:
      if (k == 0)
        add_mapped(&b, u.to_upper, u.title_special);
      else
        buf_add_utf8(&b, u.to_lower);
      break;
    default:
      if (u.upper)
        buf_add_utf8(&b, u.to_lower);
      else if (u.lower)
        add_mapped(&b, u.to_upper, u.upper_special);
      else
        buf_add_utf8(&b, c);
      break;
    }
    prev_cased = cased;
  }
  return ret_str(vm, &b, out);
}

static bool m_upper(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return map_case(vm, a, n, out, 0, "upper");
}
static bool m_lower(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return map_case(vm, a, n, out, 1, "lower");
}
static bool m_title(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return map_case(vm, a, n, out, 2, "title");
}
static bool m_capitalize(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return map_case(vm, a, n, out, 3, "capitalize");
}
static bool m_swapcase(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return map_case(vm, a, n, out, 4, "swapcase");
}

/* kind: 'a' isalpha, 'd' isdigit, 'n' isalnum, 's' isspace */
static bool classify(VM *vm, Value *args, int nargs, Value *out, char kind, const char *name) {
  if (!arg_count(vm, name, nargs - 1, 0, 0)) return false;
  Str *s = SELF;
  bool r = s->len > 0;
  for (int64_t i = 0; i < s->len && r;) {
    int len;
    uint32_t c = str_decode(s->data + i, &len);
    i += len;
    if (kind == 's') {
      r = unicode_is_space(c);
      continue;
    }
    UChar u = unicode_info(c);
    if (!u.known) return unknown_char(vm, name);
    r = kind == 'a' ? u.alpha : kind == 'd' ? u.digit : (u.alpha || u.digit || u.numeric);
  }
  *out = BOOL_VAL(r);
  return true;
}

static bool m_isdigit(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return classify(vm, a, n, out, 'd', "isdigit");
}
static bool m_isalpha(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return classify(vm, a, n, out, 'a', "isalpha");
}
static bool m_isalnum(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return classify(vm, a, n, out, 'n', "isalnum");
}
static bool m_isspace(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return classify(vm, a, n, out, 's', "isspace");
}

static bool cased(VM *vm, Value *args, int nargs, Value *out, bool upper, const char *name) {
  if (!arg_count(vm, name, nargs - 1, 0, 0)) return false;
  bool any = false, ok = true;
  Str *s = SELF;
  for (int64_t i = 0; i < s->len;) {
    int len;
    uint32_t c = str_decode(s->data + i, &len);
    i += len;
    UChar u = unicode_info(c);
    if (!u.known) return unknown_char(vm, name);
    if (u.upper) {
      any = true;
      if (!upper) ok = false;
    }
    if (u.lower) {
      any = true;
      if (upper) ok = false;
    }
  }
  *out = BOOL_VAL(any && ok);
  return true;
}

static bool m_isupper(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return cased(vm, a, n, out, true, "isupper");
}
static bool m_islower(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return cased(vm, a, n, out, false, "islower");
}

static bool m_replace(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "replace", nargs - 1, 2, 3)) return false;
  if (!IS_STR(args[1]) || !IS_STR(args[2]))
    return err_raise(vm, vm->b.type_error, "replace() argument %d must be str, not %s",
                     IS_STR(args[1]) ? 2 : 1,
                     class_name_of(vm, IS_STR(args[1]) ? args[2] : args[1]));
  int64_t count = -1;
  if (nargs == 4) {
    if (!is_int(args[3]))
      return err_raise(vm, vm->b.type_error, "'%s' object cannot be interpreted as an integer",
                       class_name_of(vm, args[3]));
    count = as_int(args[3]);
  }
  Str *s = SELF, *old = AS_STR(args[1]), *new = AS_STR(args[2]);
  Buf b;
  buf_init(&b);
  const char *p = s->data, *end = p + s->len;
  if (old->len == 0) {
    /* insert between every character */
    int64_t n = 0;
    while (p <= end && (count < 0 || n < count)) {
      buf_add(&b, new->data, (size_t) new->len);
      n++;
      if (p == end) {
        p++;
        break;
      }
      int len = 1;
      if (!s->ascii) str_decode(p, &len);
      buf_add(&b, p, (size_t)len);
      p += len;
    }
    if (p <= end) buf_add(&b, p, (size_t)(end - p));
    return ret_str(vm, &b, out);
  }
  int64_t n = 0;
  while (p < end && (count < 0 || n < count)) {
    const char *q = memmem(p, (size_t)(end - p), old->data, (size_t)old->len);
    if (!q) break;
    buf_add(&b, p, (size_t)(q - p));
    buf_add(&b, new->data, (size_t) new->len);
    p = q + old->len;
    n++;
  }
  buf_add(&b, p, (size_t)(end - p));
  return ret_str(vm, &b, out);
}

static bool affix(VM *vm, Value *args, int nargs, Value *out, bool start, const char *name) {
  if (!arg_count(vm, name, nargs - 1, 1, 1)) return false;
  Str *s = SELF;
  Value x = args[1];
  const Value *cands = &args[1];
  int64_t n = 1;
  if (IS_TUPLE(x)) {
    cands = AS_TUPLE(x)->items;
    n = AS_TUPLE(x)->len;
  }
  for (int64_t i = 0; i < n; i++) {
    if (!IS_STR(cands[i]))
      return err_raise(vm, vm->b.type_error, "%s first arg must be str or a tuple of str, not %s",
                       name, class_name_of(vm, cands[i]));
    Str *t = AS_STR(cands[i]);
    if (t->len <= s->len &&
        memcmp(start ? s->data : s->data + s->len - t->len, t->data, (size_t)t->len) == 0) {
      *out = VAL_TRUE;
      return true;
    }
  }
  *out = VAL_FALSE;
  return true;
}

static bool m_startswith(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return affix(vm, a, n, out, true, "startswith");
}
static bool m_endswith(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return affix(vm, a, n, out, false, "endswith");
}

/* Code point index of the first (or last) occurrence of the argument, or -1. */
static bool search(VM *vm, Value *args, int nargs, int64_t *at, bool last, const char *name) {
  if (!arg_count(vm, name, nargs - 1, 1, 1)) return false;
  if (!IS_STR(args[1]))
    return err_raise(vm, vm->b.type_error, "must be str, not %s", class_name_of(vm, args[1]));
  Str *s = SELF, *t = AS_STR(args[1]);
  const char *hit = NULL;
  if (!last) {
    hit = t->len == 0 ? s->data : memmem(s->data, (size_t)s->len, t->data, (size_t)t->len);
  } else {
    for (int64_t i = s->len - t->len; i >= 0; i--)
      if (memcmp(s->data + i, t->data, (size_t)t->len) == 0) {
        hit = s->data + i;
        break;
      }
  }
  if (!hit) {
    *at = -1;
    return true;
  }
  int64_t idx = 0;
  for (const char *c = s->data; c < hit; c++)
    if (((unsigned char)*c & 0xC0) != 0x80) idx++;
  *at = idx;
  return true;
}

static bool m_find(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  int64_t at;
  if (!search(vm, args, nargs, &at, false, "find")) return false;
  *out = obj_int(vm, at);
  return true;
}

static bool m_rfind(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  int64_t at;
  if (!search(vm, args, nargs, &at, true, "rfind")) return false;
  *out = obj_int(vm, at);
  return true;
}

static bool m_index(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  int64_t at;
  if (!search(vm, args, nargs, &at, false, "index")) return false;
  if (at < 0) return err_raise(vm, vm->b.value_error, "substring not found");
  *out = obj_int(vm, at);
  return true;
}

static bool m_count(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "count", nargs - 1, 1, 1)) return false;
  if (!IS_STR(args[1]))
    return err_raise(vm, vm->b.type_error, "must be str, not %s", class_name_of(vm, args[1]));
  Str *s = SELF, *t = AS_STR(args[1]);
  int64_t n = 0;
  if (t->len == 0)
    n = s->nchars + 1;
  else
    for (const char *p = s->data, *end = p + s->len;
         (p = memmem(p, (size_t)(end - p), t->data, (size_t)t->len)); p += t->len)
      n++;
  *out = obj_int(vm, n);
  return true;
}

static bool justify(VM *vm, Value *args, int nargs, Value *out, char align, const char *name) {
  if (!arg_count(vm, name, nargs - 1, 1, 2)) return false;
  if (!is_int(args[1]))
    return err_raise(vm, vm->b.type_error, "'%s' object cannot be interpreted as an integer",
                     class_name_of(vm, args[1]));
  char spec[64];
  const char *fill = " ";
  if (nargs == 3) {
    if (!IS_STR(args[2]) || AS_STR(args[2])->nchars != 1)
      return err_raise(vm, vm->b.type_error,
                       "The fill character must be exactly one character long");
    fill = AS_STR(args[2])->data;
  }
  int64_t w = as_int(args[1]);
  if (w < 0) w = 0;
  if (w > 10000000) return gc_memory_error(vm);
  if (align == '^') {
    /* str.center puts an odd extra space on the left when the width is odd */
    int64_t len = SELF->nchars, pad = w > len ? w - len : 0;
    int64_t left = pad / 2 + (pad & w & 1);
    Buf b;
    buf_init(&b);
    for (int64_t i = 0; i < left; i++) buf_adds(&b, fill);
    buf_add(&b, SELF->data, (size_t)SELF->len);
    for (int64_t i = 0; i < pad - left; i++) buf_adds(&b, fill);
    return ret_str(vm, &b, out);
  }
  snprintf(spec, sizeof spec, "%s%c%lld", fill, align, (long long)w);
  Buf b;
  buf_init(&b);
  if (!format_spec(vm, args[0], spec, strlen(spec), SELF->data, (size_t)SELF->len, &b)) {
    buf_free(&b);
    return false;
  }
  return ret_str(vm, &b, out);
}

static bool m_center(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return justify(vm, a, n, out, '^', "center");
}
static bool m_ljust(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return justify(vm, a, n, out, '<', "ljust");
}
static bool m_rjust(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return justify(vm, a, n, out, '>', "rjust");
}

static bool m_zfill(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "zfill", nargs - 1, 1, 1)) return false;
  if (!is_int(args[1]))
    return err_raise(vm, vm->b.type_error, "'%s' object cannot be interpreted as an integer",
                     class_name_of(vm, args[1]));
  int64_t w = as_int(args[1]), len = SELF->nchars;
  Buf b;
  buf_init(&b);
  const char *p = SELF->data;
  size_t n = (size_t)SELF->len;
  if (n && (*p == '+' || *p == '-')) {
    buf_addc(&b, *p);
    p++;
    n--;
  }
  for (int64_t i = len; i < w; i++) buf_addc(&b, '0');
  buf_add(&b, p, n);
  return ret_str(vm, &b, out);
}

static bool m_partition(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "partition", nargs - 1, 1, 1)) return false;
  if (!IS_STR(args[1]))
    return err_raise(vm, vm->b.type_error, "must be str, not %s", class_name_of(vm, args[1]));
  Str *s = SELF, *sep = AS_STR(args[1]);
  if (sep->len == 0) return err_raise(vm, vm->b.value_error, "empty separator");
  Tuple *t = obj_tuple_new(vm, 3);
  if (!t) return false;
  const char *q = memmem(s->data, (size_t)s->len, sep->data, (size_t)sep->len);
  if (!q) {
    t->items[0] = args[0];
    t->items[1] = t->items[2] = OBJ_VAL(vm->s_empty);
  } else {
    Str *a = str_new(vm, s->data, (size_t)(q - s->data));
    Str *c = str_new(vm, q + sep->len, (size_t)(s->data + s->len - q - sep->len));
    if (!a || !c) return false;
    t->items[0] = OBJ_VAL(a);
    t->items[1] = args[1];
    t->items[2] = OBJ_VAL(c);
  }
  *out = OBJ_VAL(t);
  return true;
}

/* str.format: automatic and numbered fields, keyword fields, !r/!s and specs. */
static bool m_format(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  Str *s = SELF;
  Buf b;
  buf_init(&b);
  int next_auto = 0;
  const char *p = s->data, *end = p + s->len;
  while (p < end) {
    char c = *p;
    if (c == '{' && p + 1 < end && p[1] == '{') {
      buf_addc(&b, '{');
      p += 2;
      continue;
    }
    if (c == '}' && p + 1 < end && p[1] == '}') {
      buf_addc(&b, '}');
      p += 2;
      continue;
    }
    if (c == '}') {
      buf_free(&b);
      return err_raise(vm, vm->b.value_error, "Single '}' encountered in format string");
    }
    if (c != '{') {
      buf_addc(&b, c);
      p++;
      continue;
    }
    const char *q = ++p;
    while (q < end && *q != '}' && *q != '!' && *q != ':') q++;
    if (q >= end) {
      buf_free(&b);
      return err_raise(vm, vm->b.value_error, "expected '}' before end of string");
    }
    Value v = VAL_UNDEF;
    if (q == p) {
      if (next_auto + 1 >= nargs) {
        buf_free(&b);
        return err_raise(vm, vm->b.index_error,
                         "Replacement index %d out of range for positional args tuple", next_auto);
      }
      v = args[1 + next_auto++];
    } else if (*p >= '0' && *p <= '9') {
      int idx = atoi(p);
      if (idx + 1 >= nargs) {
        buf_free(&b);
        return err_raise(vm, vm->b.index_error,
                         "Replacement index %d out of range for positional args tuple", idx);
      }
      v = args[1 + idx];
    } else {
      for (int64_t k = 0; kw && k < kw->len; k++) {
        Str *kn = AS_STR(kw->items[k]);
        if ((size_t)kn->len == (size_t)(q - p) && memcmp(kn->data, p, (size_t)(q - p)) == 0)
          v = args[nargs + k];
      }
      if (IS_UNDEF(v)) {
        err_raise(vm, vm->b.key_error, "'%.*s'", (int)(q - p), p);
        buf_free(&b);
        return false;
      }
    }
    int conv = 0;
    if (*q == '!') {
      if (q + 1 < end && (q[1] == 'r' || q[1] == 's' || q[1] == 'a')) conv = q[1] == 's' ? 1 : 2;
      q += 2;
    }
    const char *spec = q, *spec_end = q;
    if (q < end && *q == ':') {
      spec = q + 1;
      spec_end = spec;
      while (spec_end < end && *spec_end != '}') spec_end++;
      q = spec_end;
    }
    if (q >= end || *q != '}') {
      buf_free(&b);
      return err_raise(vm, vm->b.value_error, "expected '}' before end of string");
    }
    p = q + 1;
    Str *text = NULL;
    if (conv) {
      text = conv == 1 ? repr_str_of(vm, v) : repr_of(vm, v);
      if (!text) {
        buf_free(&b);
        return false;
      }
      v = OBJ_VAL(text);
    } else if (!is_int(v) && !IS_FLOAT(v)) {
      text = repr_str_of(vm, v);
      if (!text) {
        buf_free(&b);
        return false;
      }
      if (!IS_INSTANCE(v)) v = OBJ_VAL(text);
    }
    if (spec_end == spec) {
      if (!text) {
        text = repr_str_of(vm, v);
        if (!text) {
          buf_free(&b);
          return false;
        }
      }
      buf_add(&b, text->data, (size_t)text->len);
    } else if (!format_spec(vm, v, spec, (size_t)(spec_end - spec), text ? text->data : "",
                            text ? (size_t)text->len : 0, &b)) {
      buf_free(&b);
      return false;
    }
  }
  return ret_str(vm, &b, out);
}

void lib_str_register(VM *vm, Class *k) {
  builtins_method(vm, k, "join", m_join, 0);
  builtins_method(vm, k, "split", m_split, NATIVE_KW);
  builtins_method(vm, k, "rsplit", m_rsplit, NATIVE_KW);
  builtins_method(vm, k, "splitlines", m_splitlines, 0);
  builtins_method(vm, k, "strip", m_strip, 0);
  builtins_method(vm, k, "lstrip", m_lstrip, 0);
  builtins_method(vm, k, "rstrip", m_rstrip, 0);
  builtins_method(vm, k, "upper", m_upper, 0);
  builtins_method(vm, k, "lower", m_lower, 0);
  builtins_method(vm, k, "title", m_title, 0);
  builtins_method(vm, k, "capitalize", m_capitalize, 0);
  builtins_method(vm, k, "swapcase", m_swapcase, 0);
  builtins_method(vm, k, "isdigit", m_isdigit, 0);
  builtins_method(vm, k, "isalpha", m_isalpha, 0);
  builtins_method(vm, k, "isalnum", m_isalnum, 0);
  builtins_method(vm, k, "isspace", m_isspace, 0);
  builtins_method(vm, k, "isupper", m_isupper, 0);
  builtins_method(vm, k, "islower", m_islower, 0);
  builtins_method(vm, k, "replace", m_replace, 0);
  builtins_method(vm, k, "startswith", m_startswith, 0);
  builtins_method(vm, k, "endswith", m_endswith, 0);
  builtins_method(vm, k, "find", m_find, 0);
  builtins_method(vm, k, "rfind", m_rfind, 0);
  builtins_method(vm, k, "index", m_index, 0);
  builtins_method(vm, k, "count", m_count, 0);
  builtins_method(vm, k, "center", m_center, 0);
  builtins_method(vm, k, "ljust", m_ljust, 0);
  builtins_method(vm, k, "rjust", m_rjust, 0);
  builtins_method(vm, k, "zfill", m_zfill, 0);
  builtins_method(vm, k, "partition", m_partition, 0);
  builtins_method(vm, k, "format", m_format, NATIVE_KW);
}
