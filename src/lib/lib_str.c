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

/* str(object='', encoding=..., errors=...).  Given an encoding or errors,
 * CPython decodes a bytes-like object; lst has none, so what CPython says
 * of every other object is the whole answer. */
bool lib_str_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"object", "encoding", "errors"};
  Value v[3];
  if (!arg_parse(vm, "str", args, nargs, kw, names, 3, 0, v)) return false;
  for (int i = 1; i < 3; i++)
    if (!IS_UNDEF(v[i]) && !IS_STR(v[i]))
      return err_raise(vm, vm->b.type_error, "str() argument '%s' must be str, not %s", names[i],
                       class_name_of(vm, v[i]));
  if (IS_UNDEF(v[0])) {
    *out = OBJ_VAL(vm->s_empty);
    return true;
  }
  if (!IS_UNDEF(v[1]) || !IS_UNDEF(v[2])) {
    if (IS_STR(v[0])) return err_raise(vm, vm->b.type_error, "decoding str is not supported");
    return err_raise(vm, vm->b.type_error, "decoding to str: need a bytes-like object, %s found",
                     class_name_of(vm, v[0]));
  }
  Str *s = repr_str_of(vm, v[0]);
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

static bool m_join(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "str.join", nargs - 1, 1, 1)) return false;
  Value it;
  if (!ops_iter(vm, args[1], &it)) {
    /* as CPython's PySequence_Fast: a TypeError from iter() is reworded */
    if (!err_catch(vm, vm->b.type_error)) return false;
    return err_raise(vm, vm->b.type_error, "can only join an iterable");
  }
  Buf b;
  buf_init(&b);
  for (int64_t i = 0;; i++) {
    Value v;
    bool done;
    if (!vm_poll(vm) || !ops_next(vm, it, &v, &done)) {
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
  if (!IS_NONE(sepv) && !IS_STR(sepv))
    return err_raise(vm, vm->b.type_error, "must be str or None, not %s", class_name_of(vm, sepv));
  if (!is_int(maxv))
    return err_raise(vm, vm->b.type_error, "'%s' object cannot be interpreted as an integer",
                     class_name_of(vm, maxv));
  int64_t maxsplit = as_int(maxv);
  if (maxsplit < 0) maxsplit = INT64_MAX;
  Str *s = SELF;
  /* CPython's split makes its list with room for maxsplit + 1 pieces, at
   * most 12, and appends past that: the capacity sys.getsizeof sees */
  List *l = list_new(vm, maxsplit >= 12 ? 12 : maxsplit + 1, 0, "split");
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

/* The line boundaries of str.splitlines: \n, \r, \r\n, \v, \f, \x1c-\x1e,
 * \x85, U+2028 and U+2029.  *len: the bytes of the boundary at p. */
static bool line_break_at(const char *p, const char *end, int *len) {
  unsigned char c = (unsigned char)*p;
  *len = 1;
  if (c == '\r') {
    if (p + 1 < end && p[1] == '\n') *len = 2;
    return true;
  }
  if (c == '\n' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e)) return true;
  if (c == 0xC2 && p + 1 < end && (unsigned char)p[1] == 0x85) {
    *len = 2;
    return true;
  }
  if (c == 0xE2 && p + 2 < end && (unsigned char)p[1] == 0x80 &&
      ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9)) {
    *len = 3;
    return true;
  }
  return false;
}

static bool m_splitlines(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"keepends"};
  Value opt[1];
  if (!arg_keywords(vm, "splitlines", args, nargs, kw, names, opt, 1) ||
      !arg_count(vm, "splitlines", nargs - 1, 0, 1))
    return false;
  Value kv = nargs > 1 ? args[1] : opt[0];
  bool keep = false;
  if (!IS_UNDEF(kv) && !ops_truthy(vm, kv, &keep)) return false;
  List *l = list_new(vm, 0, 0, "split");
  if (!l) return false;
  const char *p = SELF->data, *end = p + SELF->len;
  while (p < end) {
    const char *q = p;
    int len = 0;
    while (q < end && !line_break_at(q, end, &len)) q++;
    if (q >= end) len = 0;
    Str *piece = str_new(vm, p, (size_t)(q - p) + (keep ? (size_t)len : 0));
    if (!piece || !list_append(vm, l, OBJ_VAL(piece), "split")) return false;
    p = q + len;
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
  return err_refuse(vm,
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

/* mode: 0 upper, 1 lower, 2 title, 3 capitalize, 4 swapcase, 5 casefold */
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
    case 5:
      /* casefold is lower() but for the two Latin-1 letters it folds further */
      if (c == 0xDF)
        buf_adds(&b, "ss");
      else if (c == 0xB5)
        buf_add_utf8(&b, 0x3BC);
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

/* partition and rpartition: the parts around the first (last) separator. */
static bool split_at(VM *vm, Value *args, int nargs, bool last, const char *name, Value *out) {
  if (!arg_count(vm, name, nargs - 1, 1, 1)) return false;
  if (!IS_STR(args[1]))
    return err_raise(vm, vm->b.type_error, "must be str, not %s", class_name_of(vm, args[1]));
  Str *s = SELF, *sep = AS_STR(args[1]);
  if (sep->len == 0) return err_raise(vm, vm->b.value_error, "empty separator");
  Tuple *t = obj_tuple_new(vm, 3);
  if (!t) return false;
  const char *q = NULL;
  if (!last)
    q = memmem(s->data, (size_t)s->len, sep->data, (size_t)sep->len);
  else
    for (const char *p = s->data + s->len - sep->len; !q && p >= s->data; p--)
      if (memcmp(p, sep->data, (size_t)sep->len) == 0) q = p;
  if (!q) {
    /* not found: the whole string stands first (last), empty strings beside */
    t->items[0] = t->items[1] = t->items[2] = OBJ_VAL(vm->s_empty);
    t->items[last ? 2 : 0] = args[0];
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

static bool m_partition(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  return split_at(vm, args, nargs, false, "partition", out);
}

static bool m_rpartition(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  return split_at(vm, args, nargs, true, "rpartition", out);
}

static bool m_casefold(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return map_case(vm, a, n, out, 5, "casefold");
}

/* kind: 'p' isprintable, 'a' isascii, 'd' isdecimal, 'n' isnumeric */
static bool every_char(VM *vm, Value *args, int nargs, Value *out, char kind, const char *name) {
  if (!arg_count(vm, name, nargs - 1, 0, 0)) return false;
  Str *s = SELF;
  bool r = kind == 'p' || kind == 'a' || s->len > 0;
  for (int64_t i = 0; i < s->len && r;) {
    int len;
    uint32_t c = str_decode(s->data + i, &len);
    i += len;
    if (kind == 'p') {
      r = unicode_is_printable(c);
    } else if (kind == 'a') {
      r = c < 0x80;
    } else {
      UChar u = unicode_info(c);
      if (!u.known) return unknown_char(vm, name);
      r = kind == 'd' ? (c >= '0' && c <= '9') : (u.digit || u.numeric);
    }
  }
  *out = BOOL_VAL(r);
  return true;
}

static bool m_isprintable(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return every_char(vm, a, n, out, 'p', "isprintable");
}
static bool m_isascii(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return every_char(vm, a, n, out, 'a', "isascii");
}
static bool m_isdecimal(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return every_char(vm, a, n, out, 'd', "isdecimal");
}
static bool m_isnumeric(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return every_char(vm, a, n, out, 'n', "isnumeric");
}

/* istitle: upper-case letters only after uncased ones, lower-case only
 * after cased ones, and at least one cased letter. */
static bool m_istitle(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "istitle", nargs - 1, 0, 0)) return false;
  Str *s = SELF;
  bool prev_cased = false, any = false, ok = true;
  for (int64_t i = 0; i < s->len && ok;) {
    int len;
    uint32_t c = str_decode(s->data + i, &len);
    i += len;
    UChar u = unicode_info(c);
    if (!u.known) return unknown_char(vm, "istitle");
    if (u.upper) {
      ok = !prev_cased;
      prev_cased = any = true;
    } else if (u.lower) {
      ok = prev_cased;
      prev_cased = any = true;
    } else {
      prev_cased = false;
    }
  }
  *out = BOOL_VAL(ok && any);
  return true;
}

static bool m_isidentifier(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "isidentifier", nargs - 1, 0, 0)) return false;
  Str *s = SELF;
  bool ok = s->len > 0;
  for (int64_t i = 0, k = 0; i < s->len && ok; k++) {
    int len;
    uint32_t c = str_decode(s->data + i, &len);
    i += len;
    UChar u = unicode_info(c);
    if (!u.known) return unknown_char(vm, "isidentifier");
    ok = c == '_' || u.alpha || (k > 0 && c >= '0' && c <= '9');
  }
  *out = BOOL_VAL(ok);
  return true;
}

static bool affix_remove(VM *vm, Value *args, int nargs, bool prefix, const char *name,
                         Value *out) {
  if (!arg_count(vm, name, nargs - 1, 1, 1)) return false;
  if (!IS_STR(args[1]))
    return err_raise(vm, vm->b.type_error, "%s() argument must be str, not %s", name,
                     class_name_of(vm, args[1]));
  Str *s = SELF, *t = AS_STR(args[1]);
  *out = args[0];
  if (t->len == 0 || t->len > s->len ||
      memcmp(prefix ? s->data : s->data + s->len - t->len, t->data, (size_t)t->len) != 0)
    return true;
  Str *r = prefix ? str_new(vm, s->data + t->len, (size_t)(s->len - t->len))
                  : str_new(vm, s->data, (size_t)(s->len - t->len));
  if (!r) return false;
  *out = OBJ_VAL(r);
  return true;
}

static bool m_removeprefix(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return affix_remove(vm, a, n, true, "removeprefix", out);
}
static bool m_removesuffix(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return affix_remove(vm, a, n, false, "removesuffix", out);
}

static bool m_expandtabs(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"tabsize"};
  Value opt[1];
  if (!arg_keywords(vm, "expandtabs", args, nargs, kw, names, opt, 1) ||
      !arg_count(vm, "expandtabs", nargs - 1, 0, 1))
    return false;
  Value tv = nargs > 1 ? args[1] : opt[0];
  int64_t tab = 8;
  if (!IS_UNDEF(tv) && !ops_index_value(vm, tv, &tab)) return false;
  Str *s = SELF;
  Buf b;
  buf_init(&b);
  int64_t col = 0;
  for (int64_t i = 0; i < s->len;) {
    int len = 1;
    if (!s->ascii) str_decode(s->data + i, &len);
    char c = s->data[i];
    if (c == '\t') {
      if (tab > 0) {
        int64_t n = tab - col % tab;
        if (b.len + (size_t)n > (size_t)1 << 31) {
          buf_free(&b);
          return gc_memory_error(vm);
        }
        for (int64_t j = 0; j < n; j++) buf_addc(&b, ' ');
        col += n;
      }
    } else {
      buf_add(&b, s->data + i, (size_t)len);
      col = c == '\n' || c == '\r' ? 0 : col + 1;
    }
    i += len;
  }
  return ret_str(vm, &b, out);
}

/* s.translate(table): each character looked up by its code point. */
static bool m_translate(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "translate", nargs - 1, 1, 1)) return false;
  Str *s = SELF;
  Buf b;
  buf_init(&b);
  for (int64_t i = 0; i < s->len;) {
    int len = 1;
    uint32_t c = s->ascii ? (unsigned char)s->data[i] : str_decode(s->data + i, &len);
    Value r;
    if (!ops_getitem(vm, args[1], SMALL_VAL(c), &r)) {
      if (!err_matches(vm->exc, vm->b.lookup_error)) {
        buf_free(&b);
        return false;
      }
      vm->exc = VAL_UNDEF;
      buf_add(&b, s->data + i, (size_t)len);
    } else if (IS_STR(r)) {
      buf_add(&b, AS_STR(r)->data, (size_t)AS_STR(r)->len);
    } else if (is_int(r) && !IS_BOOL(r)) {
      int64_t cp = as_int(r);
      if (cp < 0 || cp > 0x10FFFF) {
        buf_free(&b);
        return err_raise(vm, vm->b.value_error, "character mapping must be in range(0x110000)");
      }
      buf_add_utf8(&b, (uint32_t)cp);
    } else if (!IS_NONE(r)) {
      buf_free(&b);
      return err_raise(vm, vm->b.type_error, "character mapping must return integer, None or str");
    }
    i += len;
  }
  return ret_str(vm, &b, out);
}

/* str.maketrans(x[, y[, z]]), a static method: the table translate takes. */
static bool m_maketrans(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "maketrans", nargs, 1, 3)) return false;
  Dict *d = dict_new(vm);
  if (!d) return false;
  *out = OBJ_VAL(d);
  if (nargs == 1) {
    if (!IS_DICT(args[0]))
      return err_raise(vm, vm->b.type_error,
                       "if you give only one argument to maketrans it must be a dict");
    Dict *src = AS_DICT(args[0]);
    for (int64_t i = 0; i < src->nentries; i++) {
      Value k = src->entries[i].key;
      if (IS_UNDEF(k)) continue;
      if (IS_STR(k)) {
        if (AS_STR(k)->nchars != 1)
          return err_raise(vm, vm->b.value_error,
                           "string keys in translate table must be of length 1");
        int l;
        k = SMALL_VAL(str_decode(AS_STR(k)->data, &l));
      } else if (!is_int(k)) {
        return err_raise(vm, vm->b.type_error,
                         "keys in translate table must be strings or integers");
      }
      if (!dict_set(vm, d, k, src->entries[i].value)) return false;
    }
    return true;
  }
  for (int i = 0; i < nargs; i++)
    if (!IS_STR(args[i]))
      return err_raise(vm, vm->b.type_error, "maketrans() argument %d must be str, not %s", i + 1,
                       class_name_of(vm, args[i]));
  Str *x = AS_STR(args[0]), *y = AS_STR(args[1]);
  if (x->nchars != y->nchars)
    return err_raise(vm, vm->b.value_error,
                     "the first two maketrans arguments must have equal length");
  const char *p = x->data, *q = y->data;
  for (int64_t i = 0; i < x->nchars; i++) {
    int a, b;
    uint32_t from = str_decode(p, &a), to = str_decode(q, &b);
    p += a;
    q += b;
    if (!dict_set(vm, d, SMALL_VAL(from), SMALL_VAL(to))) return false;
  }
  if (nargs == 3) {
    Str *z = AS_STR(args[2]);
    for (const char *r = z->data; r < z->data + z->len;) {
      int a;
      uint32_t c = str_decode(r, &a);
      r += a;
      if (!dict_set(vm, d, SMALL_VAL(c), VAL_NONE)) return false;
    }
  }
  return true;
}

static bool m_encode(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)args;
  (void)nargs;
  (void)kw;
  (void)out;
  return err_refuse(vm, "bytes (str.encode) are not supported by lst");
}

void lib_str_register(VM *vm, Class *k) {
  reg_method(vm, k, "join", m_join, 0);
  reg_method(vm, k, "split", m_split, NATIVE_KW);
  reg_method(vm, k, "rsplit", m_rsplit, NATIVE_KW);
  reg_method(vm, k, "splitlines", m_splitlines, NATIVE_KW);
  reg_method(vm, k, "strip", m_strip, 0);
  reg_method(vm, k, "lstrip", m_lstrip, 0);
  reg_method(vm, k, "rstrip", m_rstrip, 0);
  reg_method(vm, k, "upper", m_upper, 0);
  reg_method(vm, k, "lower", m_lower, 0);
  reg_method(vm, k, "title", m_title, 0);
  reg_method(vm, k, "capitalize", m_capitalize, 0);
  reg_method(vm, k, "swapcase", m_swapcase, 0);
  reg_method(vm, k, "isdigit", m_isdigit, 0);
  reg_method(vm, k, "isalpha", m_isalpha, 0);
  reg_method(vm, k, "isalnum", m_isalnum, 0);
  reg_method(vm, k, "isspace", m_isspace, 0);
  reg_method(vm, k, "isupper", m_isupper, 0);
  reg_method(vm, k, "islower", m_islower, 0);
  reg_method(vm, k, "replace", m_replace, 0);
  reg_method(vm, k, "center", m_center, 0);
  reg_method(vm, k, "ljust", m_ljust, 0);
  reg_method(vm, k, "rjust", m_rjust, 0);
  reg_method(vm, k, "zfill", m_zfill, 0);
  reg_method(vm, k, "partition", m_partition, 0);
  reg_method(vm, k, "format", lib_str_format, NATIVE_KW);
  reg_method(vm, k, "format_map", lib_str_format_map, 0);
  lib_strsearch_register(vm, k);
  reg_method(vm, k, "casefold", m_casefold, 0);
  reg_method(vm, k, "isprintable", m_isprintable, 0);
  reg_method(vm, k, "isascii", m_isascii, 0);
  reg_method(vm, k, "isdecimal", m_isdecimal, 0);
  reg_method(vm, k, "isnumeric", m_isnumeric, 0);
  reg_method(vm, k, "istitle", m_istitle, 0);
  reg_method(vm, k, "isidentifier", m_isidentifier, 0);
  reg_method(vm, k, "removeprefix", m_removeprefix, 0);
  reg_method(vm, k, "removesuffix", m_removesuffix, 0);
  reg_method(vm, k, "expandtabs", m_expandtabs, NATIVE_KW);
  reg_method(vm, k, "translate", m_translate, 0);
  reg_method(vm, k, "rpartition", m_rpartition, 0);
  reg_method(vm, k, "encode", m_encode, NATIVE_KW);
  reg_wrapped_method(vm, k, "maketrans", m_maketrans, OBJ_STATICMETHOD, false);
}
