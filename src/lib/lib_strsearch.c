/* lib_strsearch.c: the str methods that look for a substring within
 * s[start:end] (find, rfind, index, rindex, count, startswith, endswith),
 * with the optional bounds read as slice indices, as CPython reads them. */
#include <string.h>

#include "base/str.h"
#include "core/error.h"
#include "core/ops.h"
#include "lib/builtins.h"

#define SELF AS_STR(args[0])

/* A bound: None, or an int (or __index__) counted from the end when
 * negative, clamped to [0, len] as a slice would be. */
static bool bound(VM *vm, Value v, int64_t len, int64_t *out) {
  if (IS_NONE(v)) return true;
  int64_t i;
  if (!ops_index_value(vm, v, &i)) {
    if (!err_catch(vm, vm->b.type_error)) return false;
    return err_raise(vm, vm->b.type_error,
                     "slice indices must be integers or None or have an __index__ method");
  }
  if (i < 0) {
    i += len;
    if (i < 0) i = 0;
  } else if (i > len) {
    i = len;
  }
  *out = i;
  return true;
}

/* The code-point range [*start, *end) the optional arguments args[first],
 * args[first + 1] give; *past when start lies beyond the string (then
 * nothing is found, not even the empty string). */
static bool range_of(VM *vm, Str *s, Value *args, int nargs, int first, int64_t *start,
                     int64_t *end, bool *past) {
  int64_t len = s->nchars;
  *start = 0;
  *end = len;
  *past = false;
  if (nargs > first && !IS_NONE(args[first])) {
    int64_t raw;
    if (!ops_index_value(vm, args[first], &raw)) {
      if (!err_catch(vm, vm->b.type_error)) return false;
      return err_raise(vm, vm->b.type_error,
                       "slice indices must be integers or None or have an __index__ method");
    }
    *past = raw > len;
    if (!bound(vm, args[first], len, start)) return false;
  }
  if (nargs > first + 1 && !bound(vm, args[first + 1], len, end)) return false;
  return true;
}

/* Byte offsets of a code-point range. */
static void bytes_of(Str *s, int64_t start, int64_t end, const char **from, const char **to) {
  *from = s->data + str_offset(s, start);
  *to = s->data + str_offset(s, end > start ? end : start);
}

static int64_t char_index(Str *s, const char *at) {
  if (s->ascii) return at - s->data;
  int64_t idx = 0;
  for (const char *c = s->data; c < at; c++)
    if (((unsigned char)*c & 0xC0) != 0x80) idx++;
  return idx;
}

static bool substring_arg(VM *vm, Value v) {
  if (IS_STR(v)) return true;
  return err_raise(vm, vm->b.type_error, "must be str, not %s", class_name_of(vm, v));
}

/* find and rfind: the code-point index of the first (last) occurrence
 * within the range, or -1. */
static bool search(VM *vm, Value *args, int nargs, bool last, const char *name, int64_t *at) {
  if (!arg_count_parsed(vm, name, nargs - 1, 1, 3) || !substring_arg(vm, args[1])) return false;
  Str *s = SELF, *t = AS_STR(args[1]);
  int64_t start, end;
  bool past;
  if (!range_of(vm, s, args, nargs, 2, &start, &end, &past)) return false;
  *at = -1;
  if (past || end - start < t->nchars) return true;
  const char *from, *to, *hit = NULL;
  bytes_of(s, start, end, &from, &to);
  size_t n = (size_t)(to - from);
  if (!last) {
    hit = t->len == 0 ? from : memmem(from, n, t->data, (size_t)t->len);
  } else {
    for (const char *p = to - t->len; p >= from; p--)
      if (memcmp(p, t->data, (size_t)t->len) == 0) {
        hit = p;
        break;
      }
  }
  if (hit) *at = char_index(s, hit);
  return true;
}

static bool found(VM *vm, int64_t at, bool raise, Value *out) {
  if (at < 0 && raise) return err_raise(vm, vm->b.value_error, "substring not found");
  *out = obj_int(vm, at);
  return !IS_UNDEF(*out);
}

static bool m_find(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  int64_t at;
  return search(vm, args, nargs, false, "find", &at) && found(vm, at, false, out);
}

static bool m_rfind(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  int64_t at;
  return search(vm, args, nargs, true, "rfind", &at) && found(vm, at, false, out);
}

static bool m_index(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  int64_t at;
  return search(vm, args, nargs, false, "index", &at) && found(vm, at, true, out);
}

static bool m_rindex(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  int64_t at;
  return search(vm, args, nargs, true, "rindex", &at) && found(vm, at, true, out);
}

static bool m_count(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count_parsed(vm, "count", nargs - 1, 1, 3) || !substring_arg(vm, args[1])) return false;
  Str *s = SELF, *t = AS_STR(args[1]);
  int64_t start, end, n = 0;
  bool past;
  if (!range_of(vm, s, args, nargs, 2, &start, &end, &past)) return false;
  if (!past && end >= start) {
    if (t->len == 0) {
      n = end - start + 1;
    } else {
      const char *from, *to;
      bytes_of(s, start, end, &from, &to);
      for (const char *p = from; (p = memmem(p, (size_t)(to - p), t->data, (size_t)t->len));
           p += t->len)
        n++;
    }
  }
  *out = obj_int(vm, n);
  return !IS_UNDEF(*out);
}

/* startswith and endswith: a str or a tuple of them, within the range. */
static bool affix(VM *vm, Value *args, int nargs, bool start_side, const char *name, Value *out) {
  if (!arg_count_parsed(vm, name, nargs - 1, 1, 3)) return false;
  Str *s = SELF;
  const Value *cands = &args[1];
  int64_t n = 1;
  if (IS_TUPLE(args[1])) {
    cands = AS_TUPLE(args[1])->items;
    n = AS_TUPLE(args[1])->len;
  }
  int64_t start, end;
  bool past;
  if (!range_of(vm, s, args, nargs, 2, &start, &end, &past)) return false;
  const char *from, *to;
  bytes_of(s, start, end, &from, &to);
  *out = VAL_FALSE;
  for (int64_t i = 0; i < n; i++) {
    if (!IS_STR(cands[i]))
      return err_raise(vm, vm->b.type_error,
                       IS_TUPLE(args[1]) ? "tuple for %s must only contain str, not %s"
                                         : "%s first arg must be str or a tuple of str, not %s",
                       name, class_name_of(vm, cands[i]));
    Str *t = AS_STR(cands[i]);
    if (past || end - start < t->nchars) continue;
    if (t->len <= to - from &&
        memcmp(start_side ? from : to - t->len, t->data, (size_t)t->len) == 0) {
      *out = VAL_TRUE;
      return true;
    }
  }
  return true;
}

static bool m_startswith(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  return affix(vm, args, nargs, true, "startswith", out);
}

static bool m_endswith(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  return affix(vm, args, nargs, false, "endswith", out);
}

void lib_strsearch_register(VM *vm, Class *k) {
  reg_method(vm, k, "find", m_find, 0);
  reg_method(vm, k, "rfind", m_rfind, 0);
  reg_method(vm, k, "index", m_index, 0);
  reg_method(vm, k, "rindex", m_rindex, 0);
  reg_method(vm, k, "count", m_count, 0);
  reg_method(vm, k, "startswith", m_startswith, 0);
  reg_method(vm, k, "endswith", m_endswith, 0);
}
