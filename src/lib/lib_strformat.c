/* lib_strformat.c: str.format and str.format_map: the replacement-field
 * language ({0[key].attr!r:{width}}) as CPython's string formatter parses
 * it, with its error messages; each value is then formatted by
 * format_value (core/format.c). */
#include <string.h>

#include "base/str.h"
#include "core/attr.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/format.h"
#include "core/ops.h"
#include "core/repr.h"
#include "lib/builtins.h"

typedef struct Formatter {
  VM *vm;
  const Value *args; /* the positional arguments */
  int nargs;
  const Value *kwvalues; /* the keyword arguments, named by kwnames */
  Tuple *kwnames;
  Value mapping;  /* format_map's mapping, or UNDEF */
  int auto_index; /* the next automatic field number, or -1 once manual */
  bool manual;
} Formatter;

static bool fail(Formatter *f, const char *msg) {
  return err_raise(f->vm, f->vm->b.value_error, "%s", msg);
}

/* A field's first name: a number, an argument's name, or empty (the next
 * automatic number). */
static bool first_value(Formatter *f, const char *p, size_t n, Value *out) {
  VM *vm = f->vm;
  bool digits = n > 0;
  for (size_t i = 0; i < n; i++) digits = digits && p[i] >= '0' && p[i] <= '9';
  if (n == 0 || digits) {
    int64_t idx = 0;
    if (n == 0) {
      if (f->manual)
        return fail(f,
                    "cannot switch from manual field specification to automatic field numbering");
      idx = f->auto_index++;
    } else {
      if (f->auto_index > 0)
        return fail(f,
                    "cannot switch from automatic field numbering to manual field specification");
      f->manual = true;
      for (size_t i = 0; i < n && idx < 1000000000; i++) idx = idx * 10 + (p[i] - '0');
    }
    if (!IS_UNDEF(f->mapping))
      return err_raise(vm, vm->b.value_error, "Format string contains positional fields");
    if (idx >= f->nargs)
      return err_raise(vm, vm->b.index_error,
                       "Replacement index %lld out of range for positional args tuple",
                       (long long)idx);
    *out = f->args[idx];
    return true;
  }
  Str *key = str_new(vm, p, n);
  if (!key) return false;
  if (!IS_UNDEF(f->mapping)) return ops_getitem(vm, f->mapping, OBJ_VAL(key), out);
  for (int64_t k = 0; f->kwnames && k < f->kwnames->len; k++)
    if (str_eq(AS_STR(f->kwnames->items[k]), key)) {
      *out = f->kwvalues[k];
      return true;
    }
  return err_raise_value(vm, vm->b.key_error, OBJ_VAL(key));
}

/* field_name: first, then .attr and [key] parts. */
static bool field_value(Formatter *f, const char *p, const char *end, Value *out) {
  VM *vm = f->vm;
  const char *q = p;
  while (q < end && *q != '.' && *q != '[') q++;
  if (!first_value(f, p, (size_t)(q - p), out)) return false;
  while (q < end) {
    if (*q == '.') {
      const char *a = ++q;
      while (q < end && *q != '.' && *q != '[') q++;
      if (q == a) return fail(f, "Empty attribute in format string");
      Str *name = str_intern(vm, a, (size_t)(q - a));
      if (!name || !attr_get(vm, *out, name, out)) return false;
    } else if (*q == '[') {
      const char *k = ++q;
      while (q < end && *q != ']') q++;
      if (q >= end) return fail(f, "Missing ']' in format string");
      if (q == k) return fail(f, "Empty attribute in format string");
      bool digits = true;
      int64_t idx = 0;
      for (const char *c = k; c < q; c++) {
        digits = digits && *c >= '0' && *c <= '9';
        if (digits && idx < 1000000000) idx = idx * 10 + (*c - '0');
      }
      Value key;
      if (digits) {
        key = obj_int(vm, idx);
      } else {
        Str *s = str_new(vm, k, (size_t)(q - k));
        if (!s) return false;
        key = OBJ_VAL(s);
      }
      if (!ops_getitem(vm, *out, key, out)) return false;
      q++;
      if (q < end && *q != '.' && *q != '[')
        return fail(f, "Only '.' or '[' may follow ']' in format field specifier");
    }
  }
  return true;
}

static bool render(Formatter *f, const char *p, const char *end, int depth, Buf *out);

/* One replacement field, its braces stripped: name[!conv][:spec]. */
static bool replace_field(Formatter *f, const char *p, const char *end, int depth, Buf *out) {
  VM *vm = f->vm;
  /* the name runs to '!' or ':', not counting those inside [...] */
  const char *q = p;
  while (q < end && *q != '!' && *q != ':') {
    if (*q == '[') {
      while (q < end && *q != ']') q++;
      if (q >= end) break;
    }
    if (*q == '{') return fail(f, "unexpected '{' in field name");
    q++;
  }
  Value v;
  if (!field_value(f, p, q, &v)) return false;
  int conv = 0;
  if (q < end && *q == '!') {
    if (q + 1 >= end) return fail(f, "end of string while looking for conversion specifier");
    conv = (unsigned char)q[1];
    q += 2;
    if (q < end && *q != ':') return fail(f, "expected ':' after conversion specifier");
    if (q >= end) q = end - 1; /* no spec */
  }
  const char *spec = q < end ? q + 1 : end;
  Buf specbuf;
  buf_init(&specbuf);
  /* the spec may hold fields of its own, one level deep */
  if (memchr(spec, '{', (size_t)(end - spec))) {
    if (depth >= 1) return fail(f, "Max string recursion exceeded");
    if (!render(f, spec, end, depth + 1, &specbuf)) {
      buf_free(&specbuf);
      return false;
    }
  } else {
    buf_add(&specbuf, spec, (size_t)(end - spec));
  }
  bool ok = true;
  if (conv) {
    Str *s = conv == 'r'   ? repr_of(vm, v)
             : conv == 's' ? repr_str_of(vm, v)
             : conv == 'a' ? repr_ascii_of(vm, v)
                           : NULL;
    if (!s && conv != 'r' && conv != 's' && conv != 'a') {
      buf_free(&specbuf);
      if (conv < 0x80)
        return err_raise(vm, vm->b.value_error, "Unknown conversion specifier %c", conv);
      return err_raise(vm, vm->b.value_error, "Unknown conversion specifier \\x%02x", conv);
    }
    if (!s) ok = false;
    v = s ? OBJ_VAL(s) : v;
  }
  ok = ok && format_value(vm, v, specbuf.data ? specbuf.data : "", specbuf.len, out);
  buf_free(&specbuf);
  return ok;
}

/* The literal text and fields of p..end: {{ and }} stand for braces; a
 * field runs to the brace that closes it (braces nest in its spec, and
 * none count inside a [key]). */
static bool render(Formatter *f, const char *p, const char *end, int depth, Buf *out) {
  while (p < end) {
    const char *q = p;
    while (q < end && *q != '{' && *q != '}') q++;
    buf_add(out, p, (size_t)(q - p));
    if (q >= end) break;
    char c = *q++;
    if (q < end && *q == c) {
      buf_addc(out, c); /* {{ or }} */
      p = q + 1;
      continue;
    }
    if (c == '}') return fail(f, "Single '}' encountered in format string");
    if (q >= end) return fail(f, "Single '{' encountered in format string");
    const char *start = q;
    int braces = 1;
    while (q < end) {
      if (*q == '[') {
        while (q < end && *q != ']') q++;
        if (q >= end) break;
      } else if (*q == '{') {
        braces++;
      } else if (*q == '}' && --braces == 0) {
        break;
      }
      q++;
    }
    if (q >= end) return fail(f, "expected '}' before end of string");
    if (!replace_field(f, start, q, depth, out)) return false;
    p = q + 1;
  }
  return true;
}

static bool run_format(Formatter *f, Str *fmt, Value *out) {
  Buf b;
  buf_init(&b);
  if (!render(f, fmt->data, fmt->data + fmt->len, 0, &b)) {
    buf_free(&b);
    return false;
  }
  Str *s = str_from_buf(f->vm, &b);
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

bool lib_str_format(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  Formatter f = {vm, args + 1, nargs - 1, args + nargs, kw, VAL_UNDEF, 0, false};
  return run_format(&f, AS_STR(args[0]), out);
}

bool lib_str_format_map(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "format_map", nargs - 1, 1, 1)) return false;
  Formatter f = {vm, NULL, 0, NULL, NULL, args[1], 0, false};
  return run_format(&f, AS_STR(args[0]), out);
}
