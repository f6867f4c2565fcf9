/* format.c: float repr, the format-spec mini-language, and printf-style
 * `%` formatting built on it.
 *
 * repr(float) is the shortest string that reads back as the same double,
 * written in fixed notation for exponents -4 < e <= 16 and in scientific
 * notation otherwise, as CPython's float_repr does.
 */
#include "core/format.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc.h"
#include "base/str.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/number.h"
#include "core/ops.h"
#include "core/repr.h"
#include "core/special.h"

/* Shortest round-trip digits of |d| (d finite, non-zero): digits into buf
 * without a point, and the decimal exponent such that d = 0.DIGITS * 10^decpt. */
static int shortest_digits(double d, char *digits, int *decpt) {
  char tmp[40];
  for (int p = 1; p <= 17; p++) {
    snprintf(tmp, sizeof tmp, "%.*e", p - 1, d);
    if (strtod(tmp, NULL) == d || p == 17) break;
  }
  /* tmp: [-]d.ddde[+-]xx */
  const char *s = tmp;
  if (*s == '-') s++;
  int n = 0;
  for (; *s && *s != 'e'; s++)
    if (*s != '.') digits[n++] = *s;
  int e = atoi(s + 1);
  while (n > 1 && digits[n - 1] == '0') n--;
  digits[n] = '\0';
  *decpt = e + 1;
  return n;
}

/* Lays out the significant digits d1 d2 ... dn with the decimal point
 * after decpt of them, as repr does: in exponent form when sci is set
 * (point shown if more digits follow, or always with alt), else in fixed
 * form with at least one decimal ("1.0", "0.001", "123.45"). */
static void layout_digits(const char *digits, int n, int decpt, bool sci, bool alt, Buf *out) {
  if (sci) {
    buf_addc(out, digits[0]);
    if (n > 1 || alt) buf_addc(out, '.');
    if (n > 1) buf_add(out, digits + 1, (size_t)n - 1);
    int e = decpt - 1;
    buf_addf(out, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
  } else if (decpt <= 0) {
    buf_adds(out, "0.");
    for (int i = 0; i < -decpt; i++) buf_addc(out, '0');
    buf_add(out, digits, (size_t)n);
  } else if (decpt >= n) {
    buf_add(out, digits, (size_t)n);
    for (int i = n; i < decpt; i++) buf_addc(out, '0');
    buf_adds(out, ".0");
  } else {
    buf_add(out, digits, (size_t)decpt);
    buf_addc(out, '.');
    buf_add(out, digits + decpt, (size_t)(n - decpt));
  }
}

void format_float_repr(double d, Buf *out) {
  if (isnan(d)) {
    buf_adds(out, "nan");
    return;
  }
  if (isinf(d)) {
    buf_adds(out, d < 0 ? "-inf" : "inf");
    return;
  }
  if (signbit(d)) buf_addc(out, '-');
  d = fabs(d);
  if (d == 0) {
    buf_adds(out, "0.0");
    return;
  }
  char digits[40];
  int decpt;
  int n = shortest_digits(d, digits, &decpt);
  layout_digits(digits, n, decpt, decpt <= -4 || decpt > 16, false, out);
}

/* ------------------------------------------------------------ the spec */

typedef struct Spec {
  char fill[5]; /* one UTF-8 character */
  bool fill_given;
  char align; /* '<' '>' '^' '=' or 0 */
  char sign;  /* '+' '-' ' ' or 0 */
  bool alt, zero;
  int64_t width;     /* -1: none */
  char grouping;     /* ',' '_' or 0 */
  int64_t precision; /* -1: none */
  char type;         /* 0 or the type letter */
} Spec;

/* default_type: what an empty type means for the value ('s' for str). */
static bool parse_spec(VM *vm, const char *s, size_t n, Spec *sp, char default_type) {
  memset(sp, 0, sizeof *sp);
  strcpy(sp->fill, " ");
  sp->width = sp->precision = -1;
  size_t i = 0;
  /* [[fill]align] */
  int clen = 1;
  if (n > 0) {
    unsigned char c0 = (unsigned char)s[0];
    clen = c0 < 0x80 ? 1 : (c0 & 0xE0) == 0xC0 ? 2 : (c0 & 0xF0) == 0xE0 ? 3 : 4;
  }
  if (n > (size_t)clen && strchr("<>^=", s[clen])) {
    memcpy(sp->fill, s, (size_t)clen);
    sp->fill[clen] = '\0';
    sp->fill_given = true;
    sp->align = s[clen];
    i = (size_t)clen + 1;
  } else if (n > 0 && strchr("<>^=", s[0])) {
    sp->align = s[0];
    i = 1;
  }
  if (i < n && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) sp->sign = s[i++];
  if (i < n && s[i] == 'z') i++;
  if (i < n && s[i] == '#') {
    sp->alt = true;
    i++;
  }
  if (i < n && s[i] == '0') {
    sp->zero = true;
    i++;
  }
  if (i < n && s[i] >= '0' && s[i] <= '9') {
    sp->width = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
      sp->width = sp->width * 10 + (s[i++] - '0');
      if (sp->width > 1000000)
        return err_raise(vm, vm->b.value_error, "Too many decimal digits in format string");
    }
  }
  if (i < n && (s[i] == ',' || s[i] == '_')) sp->grouping = s[i++];
  if (i < n && s[i] == '.') {
    i++;
    if (i >= n || s[i] < '0' || s[i] > '9')
      return err_raise(vm, vm->b.value_error, "Format specifier missing precision");
    sp->precision = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
      sp->precision = sp->precision * 10 + (s[i++] - '0');
      if (sp->precision > 1000000)
        return err_raise(vm, vm->b.value_error, "Too many decimal digits in format string");
    }
  }
  if (i < n) sp->type = s[i++];
  if (i < n) return err_raise(vm, vm->b.value_error, "Invalid format specifier");
  /* grouping is checked against the type before anything else, as CPython
   * does: ',' for decimal types, '_' also for b, o, x, X */
  char type = sp->type ? sp->type : default_type;
  if (sp->grouping && type != 0 && !strchr("defgEGF%", type) &&
      !(sp->grouping == '_' && strchr("boxX", type)))
    return err_raise(vm, vm->b.value_error, "Cannot specify '%c' with '%c'.", sp->grouping, type);
  /* a 0 before the width pads with zeros unless a fill is given; numbers
   * then pad after the sign ('=' alignment) unless an alignment is given */
  if (sp->zero && !sp->fill_given) strcpy(sp->fill, "0");
  return true;
}

/* The '=' alignment that a 0 flag implies for numbers. */
static void number_defaults(Spec *sp) {
  if (sp->zero && !sp->align) sp->align = '=';
}

static int64_t utf8_len(const char *s, size_t n) {
  int64_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) k++;
  return k;
}

/* Pads body (with a sign/prefix part for '=' alignment) to the width. */
static void pad(const Spec *sp, const char *prefix, size_t plen, const char *body, size_t blen,
                char default_align, Buf *out) {
  int64_t len = utf8_len(prefix, plen) + utf8_len(body, blen);
  int64_t fill = sp->width > len ? sp->width - len : 0;
  char align = sp->align ? sp->align : default_align;
  int64_t left = 0, right = 0;
  if (align == '<')
    right = fill;
  else if (align == '>')
    left = fill;
  else if (align == '^') {
    left = fill / 2;
    right = fill - left;
  }
  if (align == '=') {
    buf_add(out, prefix, plen);
    for (int64_t i = 0; i < fill; i++) buf_adds(out, sp->fill);
    buf_add(out, body, blen);
    return;
  }
  for (int64_t i = 0; i < left; i++) buf_adds(out, sp->fill);
  buf_add(out, prefix, plen);
  buf_add(out, body, blen);
  for (int64_t i = 0; i < right; i++) buf_adds(out, sp->fill);
}

/* Inserts a separator every `every` digits of the integer part of s[0..n):
 * decimal digits, or hex ones too when every is 4 (x, X, b, o groups). */
static void group_digits(const char *s, size_t n, char sep, int every, Buf *out) {
  size_t int_len = 0;
  while (int_len < n && (isdigit((unsigned char)s[int_len]) ||
                         (every == 4 && isxdigit((unsigned char)s[int_len]))))
    int_len++;
  for (size_t i = 0; i < int_len; i++) {
    buf_addc(out, s[i]);
    size_t rest = int_len - i - 1;
    if (rest > 0 && rest % (size_t)every == 0) buf_addc(out, sep);
  }
  buf_add(out, s + int_len, n - int_len);
}

/* digits[0..n) grouped, widened with leading zeros (grouped too) until the
 * result plus `rest` fills `need` characters: CPython's zero padding when
 * a 0 fill meets grouping. */
static bool zero_grouped(VM *vm, const char *digits, size_t n, char sep, int every, int64_t need,
                         Buf *out) {
  int64_t ndig = (int64_t)n;
  while (ndig + (ndig - 1) / every < need) ndig++;
  char *zd = malloc((size_t)ndig + 1);
  if (!zd) return gc_memory_error(vm);
  memset(zd, '0', (size_t)(ndig - (int64_t)n));
  memcpy(zd + (ndig - (int64_t)n), digits, n);
  group_digits(zd, (size_t)ndig, sep, every, out);
  free(zd);
  return true;
}

static bool format_int(VM *vm, int64_t v, const Spec *sp, Buf *out) {
  char type = sp->type ? sp->type : 'd';
  if (type == 'c') {
    if (sp->sign)
      return err_raise(vm, vm->b.value_error, "Sign not allowed with integer format specifier 'c'");
    if (sp->alt)
      return err_raise(vm, vm->b.value_error,
                       "Alternate form (#) not allowed with integer format specifier 'c'");
    if (v < 0 || v > 0x10FFFF)
      return err_raise(vm, vm->b.overflow_error, "%%c arg not in range(0x110000)");
    Buf b;
    buf_init(&b);
    buf_add_utf8(&b, (uint32_t)v);
    pad(sp, "", 0, b.data, b.len, '>', out);
    buf_free(&b);
    return true;
  }
  uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  char digits[80];
  int n = 0;
  int base = type == 'x' || type == 'X' ? 16 : type == 'o' ? 8 : type == 'b' ? 2 : 10;
  const char *alph = type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  do {
    digits[n++] = alph[mag % (uint64_t)base];
    mag /= (uint64_t)base;
  } while (mag);
  char body[100];
  for (int i = 0; i < n; i++) body[i] = digits[n - 1 - i];
  body[n] = '\0';
  char prefix[8];
  int pl = 0;
  if (v < 0)
    prefix[pl++] = '-';
  else if (sp->sign == '+')
    prefix[pl++] = '+';
  else if (sp->sign == ' ')
    prefix[pl++] = ' ';
  if (sp->alt && base != 10) {
    prefix[pl++] = '0';
    prefix[pl++] = type == 'X' ? 'X' : type == 'x' ? 'x' : type == 'o' ? 'o' : 'b';
  }
  Buf g;
  buf_init(&g);
  if (sp->grouping) {
    if (sp->grouping == ',' && base != 10)
      return err_raise(vm, vm->b.value_error, "Cannot specify ',' with '%c'.", type);
    group_digits(body, (size_t)n, sp->grouping, base == 10 ? 3 : 4, &g);
  } else {
    buf_add(&g, body, (size_t)n);
  }
  /* zero padding goes through the grouping as CPython does */
  if (sp->align == '=' && strcmp(sp->fill, "0") == 0 && sp->grouping && sp->width > 0) {
    buf_free(&g);
    buf_add(out, prefix, (size_t)pl);
    return zero_grouped(vm, body, (size_t)n, sp->grouping, base == 10 ? 3 : 4, sp->width - pl, out);
  }
  pad(sp, prefix, (size_t)pl, g.data ? g.data : "", g.len, '>', out);
  buf_free(&g);
  return true;
}

/* A float with a precision but no type: p significant digits as 'g', but
 * in exponent form from decpt > p - 1 on, and a fixed result keeps one
 * decimal (CPython's repr-like mode with Py_DTSF_ADD_DOT_0). */
static void general_with_dot(double x, int p, bool alt, Buf *out) {
  char tmp[600];
  snprintf(tmp, sizeof tmp, "%.*e", p - 1, x);
  char digits[600];
  int n = 0;
  const char *s = tmp;
  for (; *s && *s != 'e'; s++)
    if (*s != '.') digits[n++] = *s;
  int decpt = atoi(s + 1) + 1;
  if (!alt)
    while (n > 1 && digits[n - 1] == '0') n--;
  layout_digits(digits, n, decpt, decpt <= -4 || decpt > p - 1, alt,
                out); /* '#' always shows the point */
}

static bool format_float(VM *vm, double d, const Spec *sp, Buf *out) {
  char type = sp->type;
  int64_t prec = sp->precision;
  Buf body;
  buf_init(&body);
  bool neg = signbit(d) && !isnan(d);
  double a = fabs(d);
  if (isnan(a) || isinf(a)) {
    const char *t = isnan(a) ? "nan" : "inf";
    if (type == 'E' || type == 'F' || type == 'G') t = isnan(a) ? "NAN" : "INF";
    buf_adds(&body, t);
    if (type == '%') buf_addc(&body, '%');
  } else if (type == 0 && prec < 0) {
    format_float_repr(a, &body);
    if (sp->alt && !memchr(body.data, '.', body.len)) {
      /* '#' keeps a point even in exponent form: 1.e-07 */
      char *e = memchr(body.data, 'e', body.len);
      if (e) {
        size_t at = (size_t)(e - body.data);
        Buf t;
        buf_init(&t);
        buf_add(&t, body.data, at);
        buf_addc(&t, '.');
        buf_add(&t, body.data + at, body.len - at);
        buf_free(&body);
        body = t;
      }
    }
  } else {
    if (prec < 0) prec = 6;
    if (prec > 500) prec = 500;
    char f = type == 0 ? 'g' : type == 'n' ? 'g' : type;
    double x = a;
    if (f == '%') {
      x *= 100;
      f = 'f';
    }
    char fmt[16];
    if (type == 0) {
      general_with_dot(x, prec == 0 ? 1 : (int)prec, sp->alt, &body);
    } else if (f == 'g' || f == 'G') {
      int p = prec == 0 ? 1 : (int)prec;
      snprintf(fmt, sizeof fmt, "%%%s.%d%c", sp->alt ? "#" : "", p, f);
      buf_addf(&body, fmt, x);
    } else if (f == 'e' || f == 'E' || f == 'f' || f == 'F') {
      snprintf(fmt, sizeof fmt, "%%%s.%d%c", sp->alt ? "#" : "", (int)prec, f);
      buf_addf(&body, fmt, x);
    } else {
      buf_free(&body);
      return err_raise(vm, vm->b.value_error, "Unknown format code '%c' for object of type 'float'",
                       type);
    }
    if (sp->type == '%') buf_addc(&body, '%');
  }
  char prefix[2];
  int pl = 0;
  if (neg)
    prefix[pl++] = '-';
  else if (sp->sign == '+')
    prefix[pl++] = '+';
  else if (sp->sign == ' ')
    prefix[pl++] = ' ';
  Buf g;
  buf_init(&g);
  const char *text = body.data ? body.data : "";
  if (sp->grouping && sp->align == '=' && strcmp(sp->fill, "0") == 0 && sp->width > 0 &&
      isdigit((unsigned char)text[0])) {
    /* zeros fill the integer part, grouped; the rest follows */
    size_t ilen = 0;
    while (isdigit((unsigned char)text[ilen])) ilen++;
    int64_t need = sp->width - pl - (int64_t)(body.len - ilen);
    buf_add(out, prefix, (size_t)pl);
    bool ok = zero_grouped(vm, text, ilen, sp->grouping, 3, need, out);
    buf_add(out, text + ilen, body.len - ilen);
    buf_free(&body);
    buf_free(&g);
    return ok;
  }
  if (sp->grouping)
    group_digits(text, body.len, sp->grouping, 3, &g);
  else
    buf_add(&g, text, body.len);
  buf_free(&body);
  pad(sp, prefix, (size_t)pl, g.data ? g.data : "", g.len, '>', out);
  buf_free(&g);
  return true;
}

bool format_spec(VM *vm, Value v, const char *spec, size_t n, const char *text, size_t text_len,
                 Buf *out) {
  Spec sp;
  bool as_text = !is_int(v) && !IS_FLOAT(v);
  if (IS_BOOL(v) && n == 0) as_text = true;
  if (!parse_spec(vm, spec, n, &sp, as_text ? 's' : 0)) return false;
  if (is_int(v) || IS_FLOAT(v)) number_defaults(&sp);
  /* a bool formats as a str only with an empty spec; otherwise as an int */
  if (is_int(v) && !(IS_BOOL(v) && n == 0)) {
    if (sp.type && strchr("eEfFgG%", sp.type)) return format_float(vm, (double)as_int(v), &sp, out);
    if (sp.type && !strchr("bcdoxXn", sp.type))
      return err_raise(vm, vm->b.value_error, "Unknown format code '%c' for object of type '%s'",
                       sp.type, IS_BOOL(v) ? "bool" : "int");
    if (sp.precision >= 0)
      return err_raise(vm, vm->b.value_error, "Precision not allowed in integer format specifier");
    return format_int(vm, as_int(v), &sp, out);
  }
  if (IS_FLOAT(v)) {
    if (sp.type && !strchr("eEfFgGn%", sp.type))
      return err_raise(vm, vm->b.value_error, "Unknown format code '%c' for object of type 'float'",
                       sp.type);
    return format_float(vm, AS_FLOAT(v), &sp, out);
  }
  if (IS_STR(v) || n == 0) {
    if (!IS_STR(v) && n > 0)
      return err_raise(vm, vm->b.type_error, "unsupported format string passed to %s.__format__",
                       class_name_of(vm, v));
    if (sp.type && sp.type != 's')
      return err_raise(vm, vm->b.value_error, "Unknown format code '%c' for object of type 'str'",
                       sp.type);
    if (sp.sign == ' ')
      return err_raise(vm, vm->b.value_error, "Space not allowed in string format specifier");
    if (sp.sign)
      return err_raise(vm, vm->b.value_error, "Sign not allowed in string format specifier");
    if (sp.alt)
      return err_raise(vm, vm->b.value_error,
                       "Alternate form (#) not allowed in string format specifier");
    if (sp.align == '=')
      return err_raise(vm, vm->b.value_error,
                       "'=' alignment not allowed in string format specifier");
    size_t len = text_len;
    if (sp.precision >= 0) {
      /* truncate to precision code points */
      int64_t k = 0;
      size_t i = 0;
      while (i < text_len && k < sp.precision) {
        i++;
        while (i < text_len && ((unsigned char)text[i] & 0xC0) == 0x80) i++;
        k++;
      }
      len = i;
    }
    pad(&sp, "", 0, text, len, '<', out);
    return true;
  }
  return err_raise(vm, vm->b.type_error, "unsupported format string passed to %s.__format__",
                   class_name_of(vm, v));
}

/* ------------------------------------------------- printf-style formatting
 * str % args: each conversion is turned into a format spec and handed to
 * format_spec, so %-formatting and format() agree digit for digit. */

static bool percent_error(VM *vm, const char *what) {
  return err_raise(vm, vm->b.type_error, "%s", what);
}

bool format_percent(VM *vm, Str *fmt, Value args, Value *out) {
  const Value *items = &args;
  int64_t nitems = 1, next = 0;
  bool mapping = IS_DICT(args);
  if (IS_TUPLE(args)) {
    items = AS_TUPLE(args)->items;
    nitems = AS_TUPLE(args)->len;
  }
  Buf b;
  buf_init(&b);
  const char *p = fmt->data, *end = p + fmt->len;
  bool ok = false;
  while (p < end) {
    const char *pct = memchr(p, '%', (size_t)(end - p));
    if (!pct) {
      buf_add(&b, p, (size_t)(end - p));
      break;
    }
    buf_add(&b, p, (size_t)(pct - p));
    const char *q = pct + 1;
    Value v = VAL_UNDEF;
    if (q < end && *q == '(') {
      const char *close = memchr(q, ')', (size_t)(end - q));
      if (!close) {
        err_raise(vm, vm->b.value_error, "incomplete format key");
        goto done;
      }
      if (!mapping) {
        percent_error(vm, "format requires a mapping");
        goto done;
      }
      Str *key = str_new(vm, q + 1, (size_t)(close - q - 1));
      bool found;
      if (!key || !dict_get(vm, AS_DICT(args), OBJ_VAL(key), &v, &found)) goto done;
      if (!found) {
        err_raise_value(vm, vm->b.key_error, OBJ_VAL(key));
        goto done;
      }
      q = close + 1;
    }
    char flags[8];
    int nflags = 0;
    while (q < end && strchr("#0- +", *q)) {
      if (nflags < 7 && !memchr(flags, *q, (size_t)nflags)) flags[nflags++] = *q;
      q++;
    }
    flags[nflags] = '\0';
    int64_t width = -1, prec = -1;
    if (q < end && *q == '*') {
      if (next >= nitems || !is_int(items[next])) {
        percent_error(vm, "* wants int");
        goto done;
      }
      width = as_int(items[next++]);
      /* a negative width left-justifies; the most negative one has no
       * positive counterpart and, as in CPython, pads nothing */
      if (width < 0) {
        strcat(flags, "-");
        width = width == INT64_MIN ? 0 : -width;
      }
      q++;
    } else {
      /* CPython's limits: a width fits a Py_ssize_t, a precision a C int */
      while (q < end && *q >= '0' && *q <= '9') {
        int d = *q++ - '0';
        if (width > (INT64_MAX - d) / 10) {
          err_raise(vm, vm->b.value_error, "width too big");
          goto done;
        }
        width = (width < 0 ? 0 : width) * 10 + d;
      }
    }
    if (q < end && *q == '.') {
      q++;
      prec = 0;
      if (q < end && *q == '*') {
        if (next >= nitems || !is_int(items[next])) {
          percent_error(vm, "* wants int");
          goto done;
        }
        prec = as_int(items[next++]);
        if (prec > INT32_MAX || prec < INT32_MIN) {
          err_raise(vm, vm->b.overflow_error, "Python int too large to convert to C int");
          goto done;
        }
        if (prec < 0) prec = 0; /* as CPython: a negative precision is none at all */
        q++;
      } else {
        while (q < end && *q >= '0' && *q <= '9') {
          int d = *q++ - '0';
          if (prec > (INT32_MAX - d) / 10) {
            err_raise(vm, vm->b.value_error, "precision too big");
            goto done;
          }
          prec = prec * 10 + d;
        }
      }
    }
    while (q < end && (*q == 'h' || *q == 'l' || *q == 'L')) q++;
    if (q >= end) {
      err_raise(vm, vm->b.value_error, "incomplete format");
      goto done;
    }
    char type = *q++;
    p = q;
    if (type == '%') {
      buf_addc(&b, '%');
      continue;
    }
    if (IS_UNDEF(v)) {
      if (mapping)
        v = args;
      else if (next >= nitems) {
        percent_error(vm, "not enough arguments for format string");
        goto done;
      } else
        v = items[next++];
    }
    bool left = strchr(flags, '-') != NULL, zero = strchr(flags, '0') != NULL && !left;
    char spec[64];
    int n = 0;
    if (left) spec[n++] = '<';
    if (strchr(flags, '+'))
      spec[n++] = '+';
    else if (strchr(flags, ' '))
      spec[n++] = ' ';
    switch (type) {
    case 'd':
    case 'i':
    case 'u': {
      if (IS_FLOAT(v)) {
        double d = AS_FLOAT(v);
        if (!number_int_from_float(vm, trunc(d), &v)) goto done;
      } else if (!is_int(v)) {
        err_raise(vm, vm->b.type_error, "%%%c format: a real number is required, not %s", type,
                  class_name_of(vm, v));
        goto done;
      }
      int64_t x = as_int(v);
      if (prec >= 0) {
        /* a precision pads the digits with zeros */
        char digits[32];
        snprintf(digits, sizeof digits, "%llu",
                 (unsigned long long)(x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x));
        Buf num;
        buf_init(&num);
        if (x < 0)
          buf_addc(&num, '-');
        else if (strchr(flags, '+'))
          buf_addc(&num, '+');
        else if (strchr(flags, ' '))
          buf_addc(&num, ' ');
        size_t sign = num.len;
        int64_t ndigits = (int64_t)strlen(digits) > prec ? (int64_t)strlen(digits) : prec;
        int64_t pad = width > (int64_t)sign + ndigits ? width - (int64_t)sign - ndigits : 0;
        /* the 0 flag pads with zeros after the sign, as CPython's % does */
        if (zero)
          for (int64_t k = 0; k < pad; k++) buf_addc(&num, '0');
        for (int64_t k = (int64_t)strlen(digits); k < prec; k++) buf_addc(&num, '0');
        buf_adds(&num, digits);
        if (zero) pad = 0;
        if (!left)
          for (int64_t k = 0; k < pad; k++) buf_addc(&b, ' ');
        buf_add(&b, num.data, num.len);
        if (left)
          for (int64_t k = 0; k < pad; k++) buf_addc(&b, ' ');
        buf_free(&num);
        continue;
      }
      if (zero) spec[n++] = '0';
      if (width >= 0) n += snprintf(spec + n, sizeof spec - (size_t)n, "%lld", (long long)width);
      spec[n++] = 'd';
      break;
    }
    case 'o':
    case 'x':
    case 'X': {
      if (!is_int(v)) {
        err_raise(vm, vm->b.type_error, "%%%c format: an integer is required, not %s", type,
                  class_name_of(vm, v));
        goto done;
      }
      if (strchr(flags, '#')) spec[n++] = '#';
      if (zero) spec[n++] = '0';
      if (width >= 0) n += snprintf(spec + n, sizeof spec - (size_t)n, "%lld", (long long)width);
      spec[n++] = type;
      break;
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      if (is_int(v))
        v = obj_float(vm, (double)as_int(v));
      else if (!IS_FLOAT(v)) {
        err_raise(vm, vm->b.type_error, "must be real number, not %s", class_name_of(vm, v));
        goto done;
      }
      if (strchr(flags, '#')) spec[n++] = '#';
      if (zero) spec[n++] = '0';
      if (width >= 0) n += snprintf(spec + n, sizeof spec - (size_t)n, "%lld", (long long)width);
      n += snprintf(spec + n, sizeof spec - (size_t)n, ".%lld", (long long)(prec < 0 ? 6 : prec));
      spec[n++] = type;
      break;
    }
    case 's':
    case 'r':
    case 'a':
    case 'c': {
      Str *text;
      if (type == 'c') {
        if (is_int(v)) {
          int64_t cp = as_int(v);
          if (cp < 0 || cp > 0x10FFFF) {
            err_raise(vm, vm->b.overflow_error, "%%c arg not in range(0x110000)");
            goto done;
          }
          Buf cb;
          buf_init(&cb);
          buf_add_utf8(&cb, (uint32_t)cp);
          text = str_from_buf(vm, &cb);
        } else if (IS_STR(v) && AS_STR(v)->nchars == 1) {
          text = AS_STR(v);
        } else {
          percent_error(vm, "%c requires int or char");
          goto done;
        }
      } else {
        text = type == 's' ? repr_str_of(vm, v) : repr_of(vm, v);
      }
      if (!text) goto done;
      /* signs and zeros do not apply to text */
      n = 0;
      if (left)
        spec[n++] = '<';
      else
        spec[n++] = '>';
      if (width >= 0) n += snprintf(spec + n, sizeof spec - (size_t)n, "%lld", (long long)width);
      if (prec >= 0) n += snprintf(spec + n, sizeof spec - (size_t)n, ".%lld", (long long)prec);
      spec[n] = '\0';
      if (!format_spec(vm, OBJ_VAL(text), spec, (size_t)n, text->data, (size_t)text->len, &b))
        goto done;
      continue;
    }
    default:
      err_raise(vm, vm->b.value_error, "unsupported format character '%c' (0x%x) at index %lld",
                type, (unsigned)(unsigned char)type, (long long)(q - 1 - fmt->data));
      goto done;
    }
    spec[n] = '\0';
    if (IS_UNDEF(v) || !format_spec(vm, v, spec, (size_t)n, "", 0, &b)) goto done;
  }
  if (!mapping && next < nitems && (IS_TUPLE(args) || next == 0)) {
    percent_error(vm, "not all arguments converted during string formatting");
    goto done;
  }
  ok = true;
done:
  if (!ok) {
    buf_free(&b);
    return false;
  }
  Str *s = str_from_buf(vm, &b);
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

bool format_value(VM *vm, Value v, const char *spec, size_t n, Buf *out) {
  if (IS_INSTANCE(v)) {
    Class *k = AS_INSTANCE(v)->klass;
    Value m = class_special(vm, k, vm->s_format), r;
    if (!IS_UNDEF(m)) {
      Str *sp = str_new(vm, spec, n);
      if (!sp) return false;
      Value arg = OBJ_VAL(sp);
      if (!special_call(vm, m, v, &arg, 1, &r)) return false;
      if (!IS_STR(r))
        return err_raise(vm, vm->b.type_error, "__format__ must return a str, not %s",
                         class_name_of(vm, r));
      buf_add(out, AS_STR(r)->data, (size_t)AS_STR(r)->len);
      return true;
    }
    if (n)
      return err_raise(vm, vm->b.type_error, "unsupported format string passed to %s.__format__",
                       k->name->data);
  }
  if (IS_STR(v) && n == 0) {
    buf_add(out, AS_STR(v)->data, (size_t)AS_STR(v)->len);
    return true;
  }
  Str *text = NULL;
  if (!is_int(v) && !IS_FLOAT(v) && !IS_STR(v)) {
    if (n)
      return err_raise(vm, vm->b.type_error, "unsupported format string passed to %s.__format__",
                       class_name_of(vm, v));
    text = repr_str_of(vm, v);
    if (!text) return false;
    buf_add(out, text->data, (size_t)text->len);
    return true;
  }
  if (n == 0 && !IS_STR(v)) {
    /* format(x, '') is str(x) */
    text = repr_str_of(vm, v);
    if (!text) return false;
    buf_add(out, text->data, (size_t)text->len);
    return true;
  }
  return format_spec(vm, v, spec, n, IS_STR(v) ? AS_STR(v)->data : "",
                     IS_STR(v) ? (size_t)AS_STR(v)->len : 0, out);
}
