/* builtins.c: the built-in functions and types, and the module table.
 * Type methods live in lib_<type>.c; this file binds the names. */
#include "lib/builtins.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc.h"
#include "base/hash.h"
#include "base/str.h"
#include "core/attr.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/format.h"
#include "core/list.h"
#include "core/number.h"
#include "core/ops.h"
#include "core/repr.h"
#include "core/set.h"
#include "core/special.h"

static void startup_oom(void) {
  fputs("lst: out of memory at startup\n", stderr);
  exit(1);
}

static void define_fn(VM *vm, const char *name, NativeFn fn, uint16_t flags) {
  Native *n = obj_native_new(vm, name, fn, flags);
  if (!n) startup_oom();
  vm_define_builtin(vm, name, OBJ_VAL(n));
}

/* ----------------------------------------------------------- functions */

/* print(*args, sep=' ', end='\n', file=None, flush=False).  With no file,
 * sys.stdout as the program has it (it may have replaced it). */
static bool bi_print(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"sep", "end", "file", "flush"};
  Value opt[4];
  if (!arg_keywords(vm, "print", args, nargs, kw, names, opt, 4)) return false;
  for (int i = 0; i < 2; i++)
    if (!IS_UNDEF(opt[i]) && !IS_NONE(opt[i]) && !IS_STR(opt[i]))
      return err_raise(vm, vm->b.type_error, "%s must be None or a string, not %s", names[i],
                       class_name_of(vm, opt[i]));
  Value file = IS_UNDEF(opt[2]) ? VAL_NONE : opt[2];
  if (IS_NONE(file) && !IS_UNDEF(vm->sys_dict)) {
    Str *name = str_intern_cstr(vm, "stdout");
    if (!name) return false;
    file = dict_get_str(AS_DICT(vm->sys_dict), name);
    if (IS_UNDEF(file) || IS_NONE(file)) file = VAL_NONE;
  }
  /* a real stream gets the whole line at once; another object's write is
   * called for each piece, as CPython calls it */
  bool direct =
      IS_NONE(file) || (IS_INSTANCE(file) && AS_INSTANCE(file)->klass == vm->b.text_stream);
  Buf b;
  buf_init(&b);
  bool ok = true;
  for (int i = 0; ok && i <= nargs; i++) {
    if (i > 0 && i < nargs) {
      if (IS_STR(opt[0]))
        buf_add(&b, AS_STR(opt[0])->data, (size_t)AS_STR(opt[0])->len);
      else
        buf_addc(&b, ' ');
      if (!direct) {
        ok = lib_stream_write(vm, file, b.data ? b.data : "", b.len);
        b.len = 0;
      }
    }
    if (i == nargs) {
      if (IS_STR(opt[1]))
        buf_add(&b, AS_STR(opt[1])->data, (size_t)AS_STR(opt[1])->len);
      else if (IS_UNDEF(opt[1]) || IS_NONE(opt[1]))
        buf_addc(&b, '\n');
    } else if (ok) {
      ok = repr_str(vm, args[i], &b);
    }
    if (ok && !direct && b.len) {
      ok = lib_stream_write(vm, file, b.data, b.len);
      b.len = 0;
    }
  }
  if (ok && b.failed) ok = gc_memory_error(vm);
  if (ok && direct) {
    if (IS_NONE(file))
      ok = lib_stream_put(vm, false, b.data ? b.data : "", b.len);
    else
      ok = lib_stream_write(vm, file, b.data ? b.data : "", b.len);
  }
  buf_free(&b);
  if (!ok) return false;
  bool flush = false;
  if (!IS_UNDEF(opt[3]) && !ops_truthy(vm, opt[3], &flush)) return false;
  if (flush) {
    if (IS_NONE(file)) {
      if (!lib_stream_flush_stdout(vm)) return false;
    } else if (!lib_stream_flush(vm, file)) {
      return false;
    }
  }
  *out = VAL_NONE;
  return true;
}

static bool len_general(VM *vm, Value *args, int nargs, Value *out) {
  if (!arg_count(vm, "len", nargs, 1, 1)) return false;
  int64_t n;
  if (!ops_len(vm, args[0], &n)) return false;
  *out = obj_int(vm, n);
  return true;
}

/* len(), for a list a leaf call: as common as a call is in list programs.
 * A list's length is always a small int (LIST_MAX_SLOTS). */
static bool bi_len(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (nargs == 1 && IS_LIST(args[0])) {
    *out = SMALL_VAL(AS_LIST(args[0])->len);
    return true;
  }
  return len_general(vm, args, nargs, out);
}

static bool bi_repr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "repr", nargs, 1, 1)) return false;
  Str *s = repr_of(vm, args[0]);
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

/* type() called any other way than with one argument; out of line, so
 * that bi_type saves no registers */
__attribute__((noinline)) static bool type_refused(VM *vm, int nargs, Tuple *kw) {
  if (!arg_no_keywords(vm, "type", kw)) return false;
  if (nargs == 3) return err_refuse(vm, "type() with three arguments is not supported by lst");
  return err_raise(vm, vm->b.type_error, "type() takes 1 or 3 arguments");
}

/* type(x), as common as a call is in code that walks data: a leaf call. */
static bool bi_type(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (nargs != 1 || (kw && kw->len)) return type_refused(vm, nargs, kw);
  *out = OBJ_VAL(class_of(vm, args[0]));
  return true;
}

static bool class_arg(VM *vm, Value v, const char *fname, bool *ok_out, Value x, bool sub) {
  if (IS_TUPLE(v)) {
    Tuple *t = AS_TUPLE(v);
    *ok_out = false;
    for (int64_t i = 0; i < t->len && !*ok_out; i++)
      if (!class_arg(vm, t->items[i], fname, ok_out, x, sub)) return false;
    return true;
  }
  if (!IS_CLASS(v))
    return err_raise(vm, vm->b.type_error,
                     "%s() arg 2 must be a type, a tuple of types, or a union", fname);
  *ok_out =
      sub ? class_is_subclass(AS_CLASS(x), AS_CLASS(v)) : class_isinstance(vm, x, AS_CLASS(v));
  return true;
}

static bool bi_isinstance(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "isinstance", nargs, 2, 2)) return false;
  bool r;
  if (!class_arg(vm, args[1], "isinstance", &r, args[0], false)) return false;
  *out = BOOL_VAL(r);
  return true;
}

static bool bi_issubclass(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "issubclass", nargs, 2, 2)) return false;
  if (!IS_CLASS(args[0]))
    return err_raise(vm, vm->b.type_error, "issubclass() arg 1 must be a class");
  bool r;
  if (!class_arg(vm, args[1], "issubclass", &r, args[0], true)) return false;
  *out = BOOL_VAL(r);
  return true;
}

static bool bi_id(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "id", nargs, 1, 1)) return false;
  /* an object's address, as CPython; an immediate's own bits */
  *out = obj_int(vm, (int64_t)args[0]);
  return !IS_UNDEF(*out);
}

/* min and max share everything but the direction. */
static bool min_max(VM *vm, Value *args, int nargs, Tuple *kw, Value *out, bool is_max) {
  const char *name = is_max ? "max" : "min";
  static const char *const names[] = {"key", "default"};
  Value opt[2];
  if (!arg_keywords(vm, name, args, nargs, kw, names, opt, 2)) return false;
  if (nargs == 0)
    return err_raise(vm, vm->b.type_error, "%s expected at least 1 argument, got 0", name);
  if (nargs > 1 && !IS_UNDEF(opt[1]))
    return err_raise(vm, vm->b.type_error,
                     "Cannot specify a default for %s() with multiple positional arguments", name);
  Value it;
  if (nargs == 1) {
    if (!ops_iter(vm, args[0], &it)) return false;
  } else {
    Tuple *t = obj_tuple_new(vm, nargs);
    if (!t) return false;
    memcpy(t->items, args, sizeof(Value) * (size_t)nargs);
    if (!ops_iter(vm, OBJ_VAL(t), &it)) return false;
  }
  Value best = VAL_UNDEF, best_key = VAL_UNDEF;
  Value key = IS_NONE(opt[0]) ? VAL_UNDEF : opt[0];
  for (;;) {
    Value v, k;
    bool done;
    if (!vm_poll(vm) || !ops_next(vm, it, &v, &done)) return false;
    if (done) break;
    k = v;
    if (!IS_UNDEF(key) && !vm_call(vm, key, &v, 1, NULL, &k)) return false;
    if (IS_UNDEF(best)) {
      best = v;
      best_key = k;
      continue;
    }
    bool lt;
    if (!(is_max ? ops_lt(vm, best_key, k, &lt) : ops_lt(vm, k, best_key, &lt))) return false;
    if (lt) {
      best = v;
      best_key = k;
    }
  }
  if (IS_UNDEF(best)) {
    if (!IS_UNDEF(opt[1])) {
      *out = opt[1];
      return true;
    }
    return err_raise(vm, vm->b.value_error, "%s() arg is an empty sequence", name);
  }
  *out = best;
  return true;
}

static bool bi_min(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  return min_max(vm, a, n, kw, out, false);
}
static bool bi_max(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  return min_max(vm, a, n, kw, out, true);
}

/* A block of at most 4096 items added to the small int *acc at once, when
 * every item is a small int in [-2^49, 2^49): then no partial sum can
 * overflow, and the loop is three independent reductions the compiler
 * turns into vector instructions.  The tagged words 2x+1 are summed as
 * they are (their sum is 2*sum(x) + n).  False, with *acc unchanged, when
 * the block holds anything else or its sum leaves the small ints: the
 * caller then adds it item by item. */
static bool sum_block(const Value *items, int64_t n, Value *acc) {
  uint64_t tags = 1, raw = 0, bound = 0;
  for (int64_t j = 0; j < n; j++) {
    uint64_t v = items[j];
    tags &= v;
    raw += v;
    bound |= v + (UINT64_C(1) << 50); /* below 2^51 for each v in [-2^50, 2^50) */
  }
  if (!(tags & 1) || bound >= UINT64_C(1) << 51) return false;
  int64_t total = (int64_t)(raw - (uint64_t)n) / 2, r;
  if (__builtin_add_overflow(AS_SMALL(*acc), total, &r) || r < SMALL_MIN || r > SMALL_MAX)
    return false;
  *acc = SMALL_VAL(r);
  return true;
}

static bool bi_sum(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"start"};
  Value opt[1];
  int nkw = kw ? (int)kw->len : 0;
  /* as CPython's argument clinic: the count first, then the names */
  if (nargs + nkw > 2) return arg_count_parsed_error(vm, "sum", nargs + nkw, 1, 2);
  if (nargs == 0)
    return err_raise(vm, vm->b.type_error, "sum() takes at least 1 positional argument (0 given)");
  if (!arg_keywords(vm, "sum", args, nargs, kw, names, opt, 1)) return false;
  Value acc = nargs == 2 ? args[1] : IS_UNDEF(opt[0]) ? SMALL_VAL(0) : opt[0];
  if (IS_STR(acc))
    return err_raise(vm, vm->b.type_error, "sum() can't sum strings [use ''.join(seq) instead]");
  Value it;
  if (!ops_iter(vm, args[0], &it)) return false;
  if (IS_ITER(it) && AS_ITER(it)->kind == ITER_LIST) {
    /* A run of small ints in a list, added as tagged words:
     * (2a+1) + 2b = 2(a+b)+1, and the overflow flag means "not small". The
     * general loop below takes over at the first other value. */
    Iter *li = AS_ITER(it);
    const List *src = AS_LIST(li->src);
    int64_t i = li->index, r;
    /* in blocks of 4096 between polls; only a poll can run anything, so
     * the list is read again after each */
    while ((acc & 1) && i < src->len) {
      const Value *items = src->items;
      int64_t end = src->len - i > 4096 ? i + 4096 : src->len;
      if (sum_block(items + i, end - i, &acc)) {
        i = end;
      } else {
        while (i < end && (items[i] & 1) &&
               !__builtin_add_overflow((int64_t)acc, (int64_t)(items[i] - 1), &r)) {
          acc = (Value)r;
          i++;
        }
        if (i < end) break;
      }
      if (!vm_poll_now(vm)) return false;
    }
    li->index = i;
  }
  for (;;) {
    Value v;
    bool done;
    if (!vm_poll(vm) || !ops_next(vm, it, &v, &done)) return false;
    if (done) break;
    if (IS_SMALL(acc) && IS_SMALL(v)) {
      int64_t r = AS_SMALL(acc) + AS_SMALL(v);
      if (r >= SMALL_MIN && r <= SMALL_MAX) {
        acc = SMALL_VAL(r);
        continue;
      }
    }
    if (!ops_binary(vm, OP_ADD, acc, v, &acc)) return false;
  }
  *out = acc;
  return true;
}

static bool bi_sorted(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"key", "reverse"};
  Value opt[2];
  if (!arg_keywords(vm, "sort", args, nargs, kw, names, opt, 2)) return false;
  if (nargs != 1)
    return err_raise(vm, vm->b.type_error, "sorted expected 1 argument, got %d", nargs);
  List *l = list_from_iterable(vm, args[0], "sorted");
  if (!l) return false;
  bool rev = false;
  if (!IS_UNDEF(opt[1]) && !ops_truthy(vm, opt[1], &rev)) return false;
  if (!list_sort(vm, l, IS_NONE(opt[0]) ? VAL_UNDEF : opt[0], rev)) return false;
  *out = OBJ_VAL(l);
  return true;
}

static bool bi_reversed(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (nargs != 1)
    return err_raise(vm, vm->b.type_error, "reversed expected 1 argument, got %d", nargs);
  Value v = args[0];
  if (IS_LIST(v)) {
    Iter *it = obj_iter_new(vm, ITER_REVERSED, v);
    if (!it) return false;
    it->index = AS_LIST(v)->len - 1;
    *out = OBJ_VAL(it);
    return true;
  }
  if (IS_INSTANCE(v)) {
    Value m = class_special(vm, AS_INSTANCE(v)->klass, vm->s_reversed);
    if (IS_NONE(m))
      return err_raise(vm, vm->b.type_error, "'%s' object is not reversible", class_name_of(vm, v));
    if (!IS_UNDEF(m)) return special_call(vm, m, v, NULL, 0, out);
  }
  if (IS_TUPLE(v) || IS_STR(v) || IS_RANGE(v) || IS_DICT(v) || IS_INSTANCE(v) ||
      is_obj_type(v, OBJ_DICTVIEW)) {
    if (IS_INSTANCE(v) && (IS_UNDEF(class_special(vm, AS_INSTANCE(v)->klass, vm->s_len)) ||
                           IS_UNDEF(class_special(vm, AS_INSTANCE(v)->klass, vm->s_getitem))))
      return err_raise(vm, vm->b.type_error, "'%s' object is not reversible", class_name_of(vm, v));
    List *l = list_from_iterable(vm, v, "reversed()");
    if (!l) return false;
    list_reverse(l);
    Iter *it = obj_iter_new(vm, ITER_LIST, OBJ_VAL(l));
    if (!it) return false;
    *out = OBJ_VAL(it);
    return true;
  }
  return err_raise(vm, vm->b.type_error, "'%s' object is not reversible", class_name_of(vm, v));
}

static bool bi_enumerate(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"start"};
  Value opt[1];
  if (!arg_keywords(vm, "enumerate", args, nargs, kw, names, opt, 1)) return false;
  if (!arg_count(vm, "enumerate", nargs, 1, 2)) return false;
  Value start = nargs == 2 ? args[1] : IS_UNDEF(opt[0]) ? SMALL_VAL(0) : opt[0];
  if (!is_int(start))
    return err_raise(vm, vm->b.type_error, "'%s' object cannot be interpreted as an integer",
                     class_name_of(vm, start));
  Tuple *src = obj_tuple_new(vm, 1);
  if (!src || !ops_iter(vm, args[0], &src->items[0])) return false;
  Iter *it = obj_iter_new(vm, ITER_ENUMERATE, OBJ_VAL(src));
  if (!it) return false;
  it->index = as_int(start);
  *out = OBJ_VAL(it);
  return true;
}

static bool bi_zip(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (kw && kw->len) return err_refuse(vm, "zip() keywords are not supported by lst");
  Tuple *its = obj_tuple_new(vm, nargs);
  if (!its) return false;
  for (int i = 0; i < nargs; i++)
    if (!ops_iter(vm, args[i], &its->items[i])) return false;
  Iter *it = obj_iter_new(vm, ITER_ZIP, OBJ_VAL(its));
  if (!it) return false;
  *out = OBJ_VAL(it);
  return true;
}

/* An iterator of kind over a tuple of head (the function) and the
 * iterators of args[from..nargs). */
static bool lazy_iter(VM *vm, IterKind kind, Value head, Value *args, int from, int nargs,
                      Value *out) {
  Tuple *src = obj_tuple_new(vm, 1 + nargs - from);
  if (!src) return false;
  src->items[0] = head;
  for (int i = from; i < nargs; i++)
    if (!ops_iter(vm, args[i], &src->items[1 + i - from])) return false;
  Iter *it = obj_iter_new(vm, kind, OBJ_VAL(src));
  if (!it) return false;
  *out = OBJ_VAL(it);
  return true;
}

/* map(function, iterable, ...): lazy, as in Python 3. */
static bool bi_map(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (nargs < 2) return err_raise(vm, vm->b.type_error, "map() must have at least two arguments.");
  return lazy_iter(vm, ITER_MAP, args[0], args, 1, nargs, out);
}

/* filter(function or None, iterable): lazy. */
static bool bi_filter(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (nargs != 2)
    return err_raise(vm, vm->b.type_error, "filter expected 2 arguments, got %d", nargs);
  return lazy_iter(vm, ITER_FILTER, args[0], args, 1, nargs, out);
}

static bool bi_ascii(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "ascii", nargs, 1, 1)) return false;
  Str *s = repr_ascii_of(vm, args[0]);
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

static bool bi_abs(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "abs", nargs, 1, 1)) return false;
  Value v = args[0];
  if (is_int(v)) {
    int64_t x = as_int(v);
    if (x == INT64_MIN) return number_overflow(vm);
    *out = obj_int(vm, x < 0 ? -x : x);
    return !IS_UNDEF(*out);
  }
  if (IS_FLOAT(v)) {
    *out = obj_float(vm, fabs(AS_FLOAT(v)));
    return !IS_UNDEF(*out);
  }
  bool found;
  if (!special_unary(vm, vm->s_abs, v, out, &found)) return false;
  if (found) return true;
  return err_raise(vm, vm->b.type_error, "bad operand type for abs(): '%s'", class_name_of(vm, v));
}

static bool any_all(VM *vm, Value *args, int nargs, Value *out, bool want, const char *name) {
  if (!arg_count(vm, name, nargs, 1, 1)) return false;
  Value it;
  if (!ops_iter(vm, args[0], &it)) return false;
  for (;;) {
    Value v;
    bool done, t;
    if (!ops_next(vm, it, &v, &done)) return false;
    if (done) break;
    if (!ops_truthy(vm, v, &t)) return false;
    if (t == want) {
      *out = BOOL_VAL(want);
      return true;
    }
  }
  *out = BOOL_VAL(!want);
  return true;
}

static bool bi_any(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return any_all(vm, a, n, out, true, "any");
}
static bool bi_all(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return any_all(vm, a, n, out, false, "all");
}

static bool bi_round(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"number", "ndigits"};
  Value opt[2];
  if (!arg_parse(vm, "round", args, nargs, kw, names, 2, 1, opt)) return false;
  Value nd = IS_UNDEF(opt[1]) ? VAL_NONE : opt[1];
  Value v = opt[0];
  if (is_int(v)) {
    if (IS_NONE(nd) || (is_int(nd) && as_int(nd) >= 0)) {
      *out = obj_int(vm, as_int(v));
      return true;
    }
    if (!is_int(nd))
      return err_raise(vm, vm->b.type_error, "'%s' object cannot be interpreted as an integer",
                       class_name_of(vm, nd));
    /* round half to even at 10^-k. 10^19 is past 64 bits: every int is
     * within one half of 0 there, or of +-10^19, which lst cannot hold */
    int64_t k = as_int(nd), x = as_int(v), p = 1, q, r, rounded;
    if (k < -19) {
      *out = SMALL_VAL(0);
      return true;
    }
    if (k == -19) {
      if (x > 5000000000000000000 || x < -5000000000000000000) return number_overflow(vm);
      *out = SMALL_VAL(0);
      return true;
    }
    for (int64_t i = 0; i < -k; i++) p *= 10;
    q = x / p;
    r = x % p;
    if (r < 0) {
      r += p;
      q--;
    }
    if (r > p - r || (r == p - r && (q & 1))) q++;
    if (__builtin_mul_overflow(q, p, &rounded)) return number_overflow(vm);
    *out = obj_int(vm, rounded);
    return true;
  }
  if (!IS_FLOAT(v))
    return err_raise(vm, vm->b.type_error, "type %s doesn't define __round__ method",
                     class_name_of(vm, v));
  double d = AS_FLOAT(v);
  if (IS_NONE(nd)) { return number_int_from_float(vm, nearbyint(d), out); }
  if (!is_int(nd))
    return err_raise(vm, vm->b.type_error, "'%s' object cannot be interpreted as an integer",
                     class_name_of(vm, nd));
  int64_t n = as_int(nd);
  if (isnan(d) || isinf(d) || n > 320) {
    *out = v;
    return true;
  }
  if (n < -320) {
    *out = obj_float(vm, copysign(0.0, d));
    return true;
  }
  char buf[400];
  if (n >= 0) {
    snprintf(buf, sizeof buf, "%.*f", (int)n, d);
    *out = obj_float(vm, strtod(buf, NULL));
  } else {
    double p = pow(10.0, (double)-n);
    double y = nearbyint(d / p) * p;
    *out = obj_float(vm, y);
  }
  return !IS_UNDEF(*out);
}

static bool bi_chr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "chr", nargs, 1, 1)) return false;
  if (!is_int(args[0]))
    return err_raise(vm, vm->b.type_error, "'%s' object cannot be interpreted as an integer",
                     class_name_of(vm, args[0]));
  int64_t c = as_int(args[0]);
  if (c < 0 || c > 0x10FFFF)
    return err_raise(vm, vm->b.value_error, "chr() arg not in range(0x110000)");
  Buf b;
  buf_init(&b);
  buf_add_utf8(&b, (uint32_t)c);
  Str *s = str_from_buf(vm, &b);
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

static bool bi_ord(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "ord", nargs, 1, 1)) return false;
  if (!IS_STR(args[0]))
    return err_raise(vm, vm->b.type_error, "ord() expected string of length 1, but %s found",
                     class_name_of(vm, args[0]));
  Str *s = AS_STR(args[0]);
  if (s->nchars != 1)
    return err_raise(vm, vm->b.type_error,
                     "ord() expected a character, but string of length %lld found",
                     (long long)s->nchars);
  int n;
  *out = SMALL_VAL(str_decode(s->data, &n));
  return true;
}

static bool bi_hash(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "hash", nargs, 1, 1)) return false;
  int64_t h;
  if (!ops_hash(vm, args[0], &h)) return false;
  *out = obj_int(vm, h);
  return !IS_UNDEF(*out);
}

static bool attr_name(VM *vm, Value v, const char *fname, Str **out) {
  if (!IS_STR(v))
    return err_raise(vm, vm->b.type_error, "%s(): attribute name must be string", fname);
  *out = str_intern(vm, AS_STR(v)->data, (size_t)AS_STR(v)->len);
  return *out != NULL;
}

static bool bi_getattr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "getattr", nargs, 2, 3)) return false;
  Str *name = NULL;
  if (!attr_name(vm, args[1], "getattr", &name)) return false;
  if (attr_get(vm, args[0], name, out)) return true;
  if (nargs == 3 && err_matches(vm->exc, vm->b.attribute_error)) {
    vm->exc = VAL_UNDEF;
    *out = args[2];
    return true;
  }
  return false;
}

static bool bi_setattr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "setattr", nargs, 3, 3)) return false;
  Str *name = NULL;
  if (!attr_name(vm, args[1], "setattr", &name)) return false;
  *out = VAL_NONE;
  return attr_set(vm, args[0], name, args[2]);
}

static bool bi_delattr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "delattr", nargs, 2, 2)) return false;
  Str *name = NULL;
  if (!attr_name(vm, args[1], "delattr", &name)) return false;
  *out = VAL_NONE;
  return attr_del(vm, args[0], name);
}

static bool bi_hasattr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "hasattr", nargs, 2, 2)) return false;
  Str *name = NULL;
  if (!attr_name(vm, args[1], "hasattr", &name)) return false;
  Value v;
  if (attr_get(vm, args[0], name, &v)) {
    *out = VAL_TRUE;
    return true;
  }
  if (!err_catch(vm, vm->b.attribute_error)) return false;
  *out = VAL_FALSE;
  return true;
}

static bool is_callable(VM *vm, Value v) {
  return IS_FUNCTION(v) || IS_NATIVE(v) || IS_CLASS(v) || is_obj_type(v, OBJ_BOUND) ||
         (IS_INSTANCE(v) && !IS_UNDEF(class_lookup_cached(vm, AS_INSTANCE(v)->klass, vm->s_call)));
}

static bool bi_iter(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "iter", nargs, 1, 2)) return false;
  if (nargs == 2) {
    if (!is_callable(vm, args[0]))
      return err_raise(vm, vm->b.type_error, "iter(v, w): v must be callable");
    Tuple *t = obj_tuple_new(vm, 2);
    if (!t) return false;
    t->items[0] = args[0];
    t->items[1] = args[1];
    Iter *it = obj_iter_new(vm, ITER_CALLABLE, OBJ_VAL(t));
    if (!it) return false;
    *out = OBJ_VAL(it);
    return true;
  }
  return ops_iter(vm, args[0], out);
}

static bool bi_next(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "next", nargs, 1, 2)) return false;
  Value m;
  if (!IS_ITER(args[0]) && !IS_GENERATOR(args[0]) &&
      !(IS_INSTANCE(args[0]) &&
        !IS_UNDEF(m = class_lookup(vm, AS_INSTANCE(args[0])->klass, vm->s_next))))
    return err_raise(vm, vm->b.type_error, "'%s' object is not an iterator",
                     class_name_of(vm, args[0]));
  bool done;
  if (!ops_next(vm, args[0], out, &done)) return false;
  if (!done) return true;
  if (nargs == 2) {
    *out = args[1];
    return true;
  }
  /* a generator's return value travels in the StopIteration */
  if (IS_GENERATOR(args[0]) && !IS_NONE(*out))
    return err_raise_value(vm, vm->b.stop_iteration, *out);
  return err_raise_empty(vm, vm->b.stop_iteration);
}

static bool bi_divmod(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "divmod", nargs, 2, 2)) return false;
  Tuple *t = obj_tuple_new(vm, 2);
  if (!t) return false;
  if (!ops_binary(vm, OP_FLOORDIV, args[0], args[1], &t->items[0])) {
    if (err_matches(vm->exc, vm->b.type_error)) {
      vm->exc = VAL_UNDEF;
      return err_binop(vm, "divmod()", args[0], args[1]);
    }
    return false;
  }
  if (!ops_binary(vm, OP_MOD, args[0], args[1], &t->items[1])) return false;
  *out = OBJ_VAL(t);
  return true;
}

static bool bi_pow(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"base", "exp", "mod"};
  Value a[3];
  if (!arg_parse(vm, "pow", args, nargs, kw, names, 3, 2, a)) return false;
  /* a modulus of None is none */
  if (!IS_UNDEF(a[2]) && !IS_NONE(a[2])) {
    if (!is_int(a[0]) || !is_int(a[1]) || !is_int(a[2]))
      return err_raise(vm, vm->b.type_error,
                       "pow() 3rd argument not allowed unless all arguments are integers");
    int64_t b = as_int(a[0]), e = as_int(a[1]), m = as_int(a[2]);
    if (m == 0) return err_raise(vm, vm->b.value_error, "pow() 3rd argument cannot be 0");
    if (e < 0)
      return err_refuse(vm, "pow() with a negative exponent and a modulus is not supported by lst");
    __int128 r = 1 % (__int128)m, base = ((__int128)b % m + m) % m;
    while (e > 0) {
      if (e & 1) r = r * base % m;
      base = base * base % m;
      e >>= 1;
    }
    if (r != 0 && (m < 0) != (r < 0)) r += m;
    *out = obj_int(vm, (int64_t)r);
    return true;
  }
  return ops_binary(vm, OP_POW, a[0], a[1], out);
}

static bool radix(VM *vm, Value *args, int nargs, Value *out, const char *name, const char *spec) {
  if (!arg_count(vm, name, nargs, 1, 1)) return false;
  int64_t i;
  if (!ops_index_value(vm, args[0], &i)) return false;
  Value v = obj_int(vm, i);
  if (IS_UNDEF(v)) return false;
  Buf b;
  buf_init(&b);
  if (!format_spec(vm, v, spec, strlen(spec), "", 0, &b)) {
    buf_free(&b);
    return false;
  }
  Str *s = str_from_buf(vm, &b);
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

static bool bi_bin(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return radix(vm, a, n, out, "bin", "#b");
}
static bool bi_hex(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return radix(vm, a, n, out, "hex", "#x");
}
static bool bi_oct(VM *vm, Value *a, int n, Tuple *kw, Value *out) {
  (void)kw;
  return radix(vm, a, n, out, "oct", "#o");
}

static bool bi_callable(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "callable", nargs, 1, 1)) return false;
  *out = BOOL_VAL(is_callable(vm, args[0]));
  return true;
}

static bool bi_format(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "format", nargs, 1, 2)) return false;
  Str *spec = nargs == 2 && IS_STR(args[1]) ? AS_STR(args[1]) : vm->s_empty;
  if (nargs == 2 && !IS_STR(args[1]))
    return err_raise(vm, vm->b.type_error, "format() argument 2 must be str, not %s",
                     class_name_of(vm, args[1]));
  Buf b;
  buf_init(&b);
  if (!format_value(vm, args[0], spec->data, (size_t)spec->len, &b)) {
    buf_free(&b);
    return false;
  }
  Str *s = str_from_buf(vm, &b);
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

/* vars(obj): its __dict__ (vars() alone would be the caller's locals). */
static bool bi_vars(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "vars", nargs, 0, 1)) return false;
  if (nargs == 0) return err_refuse(vm, "vars() without an argument is not supported by lst");
  if (attr_get(vm, args[0], vm->s_dict, out)) return true;
  if (!err_catch(vm, vm->b.attribute_error)) return false;
  return err_raise(vm, vm->b.type_error, "vars() argument must have __dict__ attribute");
}

/* --------------------------------------------------------- constructors */

/* int(s, base) of a string that is not an int literal. */
static bool int_literal_error(VM *vm, Str *s, int base) {
  Buf b;
  buf_init(&b);
  repr_quoted(s->data, (size_t)s->len, &b);
  bool r = err_raise(vm, vm->b.value_error, "invalid literal for int() with base %d: %.*s", base,
                     (int)b.len, b.data ? b.data : "");
  buf_free(&b);
  return r;
}

static bool int_from_str(VM *vm, Str *s, int base, Value *out) {
  const char *p = s->data, *end = s->data + s->len;
  while (p < end &&
         (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v'))
    p++;
  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r' ||
                     end[-1] == '\f' || end[-1] == '\v'))
    end--;
  bool neg = false;
  if (p < end && (*p == '+' || *p == '-')) neg = *p++ == '-';
  if (base == 0 || base == 16 || base == 8 || base == 2) {
    if (end - p > 2 && p[0] == '0') {
      char c = (char)(p[1] | 0x20);
      int b2 = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 0;
      if (b2 && (base == 0 || base == b2)) {
        base = b2;
        p += 2;
        if (p < end && *p == '_') p++;
      }
    }
    if (base == 0) base = 10;
  }
  uint64_t v = 0;
  bool any = false, overflow = false, prev_us = true;
  for (const char *q = p; q < end; q++) {
    char c = *q;
    if (c == '_') {
      if (prev_us) return int_literal_error(vm, s, base);
      prev_us = true;
      continue;
    }
    int d = c >= '0' && c <= '9'                     ? c - '0'
            : (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? (c | 0x20) - 'a' + 10
                                                     : 99;
    if (d >= base) return int_literal_error(vm, s, base);
    if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) overflow = true;
    v = v * (uint64_t)base + (uint64_t)d;
    any = true;
    prev_us = false;
  }
  if (!any || prev_us) return int_literal_error(vm, s, base);
  if (overflow || v > (uint64_t)INT64_MAX + (neg ? 1 : 0)) return number_overflow(vm);
  *out = obj_int(vm, neg ? (int64_t)(0 - v) : (int64_t)v);
  return !IS_UNDEF(*out);
}

static bool ctor_int(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"base"};
  Value opt[1];
  if (!arg_keywords(vm, "int", args, nargs, kw, names, opt, 1)) return false;
  if (!arg_count(vm, "int", nargs, 0, 2)) return false;
  if (nargs == 0) {
    *out = SMALL_VAL(0);
    return true;
  }
  Value v = args[0];
  Value basev = nargs == 2 ? args[1] : opt[0];
  if (!IS_UNDEF(basev)) {
    if (!IS_STR(v))
      return err_raise(vm, vm->b.type_error, "int() can't convert non-string with explicit base");
    if (!is_int(basev))
      return err_raise(vm, vm->b.type_error, "'%s' object cannot be interpreted as an integer",
                       class_name_of(vm, basev));
    int64_t b = as_int(basev);
    if (b != 0 && (b < 2 || b > 36))
      return err_raise(vm, vm->b.value_error, "int() base must be >= 2 and <= 36, or 0");
    return int_from_str(vm, AS_STR(v), (int)b, out);
  }
  if (is_int(v)) {
    *out = obj_int(vm, as_int(v));
    return true;
  }
  if (IS_FLOAT(v)) { return number_int_from_float(vm, trunc(AS_FLOAT(v)), out); }
  if (IS_STR(v)) return int_from_str(vm, AS_STR(v), 10, out);
  bool found;
  if (!special_int(vm, v, out, &found)) return false;
  if (found) return true;
  return err_raise(
      vm, vm->b.type_error,
      "int() argument must be a string, a bytes-like object or a real number, not '%s'",
      class_name_of(vm, v));
}

static bool ctor_float(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (!arg_no_keywords(vm, "float", kw)) return false;
  if (!arg_count(vm, "float", nargs, 0, 1)) return false;
  if (nargs == 0) {
    *out = obj_float(vm, 0.0);
    return !IS_UNDEF(*out);
  }
  Value v = args[0];
  if (IS_FLOAT(v)) {
    *out = v;
    return true;
  }
  if (is_int(v)) {
    *out = obj_float(vm, (double)as_int(v));
    return !IS_UNDEF(*out);
  }
  if (IS_STR(v)) {
    Str *s = AS_STR(v);
    char tmp[128];
    const char *p = s->data, *end = s->data + s->len;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n')) p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n')) end--;
    size_t n = 0;
    bool ok = end > p && (size_t)(end - p) < sizeof tmp;
    for (const char *q = p; ok && q < end; q++) {
      if (*q == '_') {
        if (q == p || q + 1 == end || !(q[-1] >= '0' && q[-1] <= '9') ||
            !(q[1] >= '0' && q[1] <= '9'))
          ok = false;
        continue;
      }
      tmp[n++] = *q;
    }
    tmp[n] = '\0';
    if (ok) {
      /* strtod accepts hex floats and "infinity" spellings Python also takes;
       * it also takes "0x..." which Python rejects */
      bool hex = strchr(tmp, 'x') || strchr(tmp, 'X');
      char *e;
      double d = strtod(tmp, &e);
      if (!hex && *e == '\0') {
        *out = obj_float(vm, d);
        return !IS_UNDEF(*out);
      }
    }
    Buf b;
    buf_init(&b);
    repr_quoted(s->data, (size_t)s->len, &b);
    bool r = err_raise(vm, vm->b.value_error, "could not convert string to float: %.*s", (int)b.len,
                       b.data ? b.data : "");
    buf_free(&b);
    return r;
  }
  bool found;
  if (!special_float(vm, v, out, &found)) return false;
  if (found) return true;
  return err_raise(vm, vm->b.type_error,
                   "float() argument must be a string or a real number, not '%s'",
                   class_name_of(vm, v));
}

static bool ctor_bool(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (!arg_no_keywords(vm, "bool", kw)) return false;
  if (!arg_count(vm, "bool", nargs, 0, 1)) return false;
  bool t = false;
  if (nargs && !ops_truthy(vm, args[0], &t)) return false;
  *out = BOOL_VAL(t);
  return true;
}

static bool ctor_tuple(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (!arg_no_keywords(vm, "tuple", kw)) return false;
  if (!arg_count(vm, "tuple", nargs, 0, 1)) return false;
  if (nargs == 0) {
    Tuple *t = obj_tuple_new(vm, 0);
    if (!t) return false;
    *out = OBJ_VAL(t);
    return true;
  }
  if (IS_TUPLE(args[0])) {
    *out = args[0];
    return true;
  }
  List *l = list_from_iterable(vm, args[0], "tuple()");
  if (!l) return false;
  Tuple *t = obj_tuple_new(vm, l->len);
  if (!t) return false;
  if (l->len) memcpy(t->items, l->items, sizeof(Value) * (size_t)l->len);
  *out = OBJ_VAL(t);
  return true;
}

static bool ctor_range(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (!arg_no_keywords(vm, "range", kw)) return false;
  if (nargs < 1 || nargs > 3)
    return err_raise(vm, vm->b.type_error,
                     nargs < 1 ? "range expected at least 1 argument, got %d"
                               : "range expected at most 3 arguments, got %d",
                     nargs);
  int64_t v[3];
  for (int i = 0; i < nargs; i++)
    if (!ops_index_value(vm, args[i], &v[i])) return false;
  int64_t start = nargs == 1 ? 0 : v[0], stop = nargs == 1 ? v[0] : v[1],
          step = nargs == 3 ? v[2] : 1;
  if (step == 0) return err_raise(vm, vm->b.value_error, "range() arg 3 must not be zero");
  Range *r = obj_range_new(vm, start, stop, step);
  if (!r) return false;
  *out = OBJ_VAL(r);
  return true;
}

static bool ctor_object(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (!arg_no_keywords(vm, "object", kw)) return false;
  (void)args;
  if (nargs) return err_raise(vm, vm->b.type_error, "object() takes no arguments");
  Instance *in = class_new_instance(vm, vm->b.object);
  if (!in) return false;
  *out = OBJ_VAL(in);
  return true;
}

/* ---------------------------------------------------------------- init */

void builtins_open(VM *vm) {
  Builtins *b = &vm->b;
  vm->import_hook = builtins_import;
  vm->missing_hook = lib_suggest_refuse;
  b->object = reg_type(vm, "object", OBJ_INSTANCE, ctor_object, NULL);
  Class *int_k = reg_type(vm, "int", OBJ_INT, ctor_int, b->object);
  b->type[OBJ_INT] = int_k;
  b->bool_ = reg_type(vm, "bool", OBJ_INSTANCE, ctor_bool, int_k);
  b->none = reg_type(vm, "NoneType", OBJ_INSTANCE, NULL, b->object);
  reg_type(vm, "float", OBJ_FLOAT, ctor_float, b->object);
  lib_str_register(vm, reg_type(vm, "str", OBJ_STR, lib_str_new, b->object));
  lib_list_register(vm, reg_type(vm, "list", OBJ_LIST, lib_list_new, b->object));
  lib_seq_register_tuple(vm, reg_type(vm, "tuple", OBJ_TUPLE, ctor_tuple, b->object));
  lib_dict_register(vm, reg_type(vm, "dict", OBJ_DICT, lib_dict_new, b->object));
  lib_set_register(vm, reg_type(vm, "set", OBJ_SET, lib_set_new, b->object));
  lib_seq_register_range(vm, reg_type(vm, "range", OBJ_RANGE, ctor_range, b->object));
  reg_hidden_type(vm, "function", OBJ_FUNCTION);
  reg_hidden_type(vm, "builtin_function_or_method", OBJ_NATIVE);
  reg_hidden_type(vm, "method", OBJ_BOUND);
  reg_hidden_type(vm, "module", OBJ_MODULE);
  reg_hidden_type(vm, "cell", OBJ_CELL);
  reg_hidden_type(vm, "code", OBJ_CODE);
  lib_generator_register(vm, reg_hidden_type(vm, "generator", OBJ_GENERATOR));
  static const char *const iter_names[] = {
      "list_iterator",
      "tuple_iterator",
      "str_ascii_iterator",
      "range_iterator",
      "dict_keyiterator",
      "dict_valueiterator",
      "dict_itemiterator",
      "set_iterator",
      "list_reverseiterator",
      "enumerate",
      "zip",
      "map",
      "filter",
      "iterator",
      "callable_iterator",
  };
  for (int i = 0; i <= ITER_CALLABLE; i++)
    b->iter_type[i] = reg_hidden_type(vm, iter_names[i], OBJ_ITER);
  b->view_type[VIEW_KEYS] = reg_hidden_type(vm, "dict_keys", OBJ_DICTVIEW);
  b->view_type[VIEW_VALUES] = reg_hidden_type(vm, "dict_values", OBJ_DICTVIEW);
  b->view_type[VIEW_ITEMS] = reg_hidden_type(vm, "dict_items", OBJ_DICTVIEW);
  vm->b.type[OBJ_CLASS] = reg_type(vm, "type", OBJ_CLASS, bi_type, b->object);
  lib_exceptions_register(vm);
  lib_site_register(vm);
  lib_descr_register(vm);
  lib_stream_register(vm);
  lib_object_register(vm);

  define_fn(vm, "print", bi_print, NATIVE_KW);
  define_fn(vm, "len", bi_len, 0);
  define_fn(vm, "repr", bi_repr, 0);
  define_fn(vm, "isinstance", bi_isinstance, 0);
  define_fn(vm, "issubclass", bi_issubclass, 0);
  define_fn(vm, "id", bi_id, 0);
  define_fn(vm, "min", bi_min, NATIVE_KW);
  define_fn(vm, "max", bi_max, NATIVE_KW);
  define_fn(vm, "sum", bi_sum, NATIVE_KW);
  define_fn(vm, "sorted", bi_sorted, NATIVE_KW);
  define_fn(vm, "reversed", bi_reversed, 0);
  define_fn(vm, "enumerate", bi_enumerate, NATIVE_KW);
  define_fn(vm, "zip", bi_zip, NATIVE_KW);
  define_fn(vm, "map", bi_map, 0);
  define_fn(vm, "filter", bi_filter, 0);
  define_fn(vm, "abs", bi_abs, 0);
  define_fn(vm, "ascii", bi_ascii, 0);
  define_fn(vm, "any", bi_any, 0);
  define_fn(vm, "all", bi_all, 0);
  define_fn(vm, "round", bi_round, NATIVE_KW);
  define_fn(vm, "chr", bi_chr, 0);
  define_fn(vm, "ord", bi_ord, 0);
  define_fn(vm, "hash", bi_hash, 0);
  define_fn(vm, "getattr", bi_getattr, 0);
  define_fn(vm, "setattr", bi_setattr, 0);
  define_fn(vm, "delattr", bi_delattr, 0);
  define_fn(vm, "hasattr", bi_hasattr, 0);
  define_fn(vm, "iter", bi_iter, 0);
  define_fn(vm, "next", bi_next, 0);
  define_fn(vm, "divmod", bi_divmod, 0);
  define_fn(vm, "pow", bi_pow, NATIVE_KW);
  define_fn(vm, "bin", bi_bin, 0);
  define_fn(vm, "hex", bi_hex, 0);
  define_fn(vm, "oct", bi_oct, 0);
  define_fn(vm, "callable", bi_callable, 0);
  define_fn(vm, "format", bi_format, 0);
  define_fn(vm, "vars", bi_vars, 0);
}

bool builtins_has_module(const char *name) {
  return strcmp(name, "sys") == 0 || strcmp(name, "copy") == 0;
}

bool builtins_import(VM *vm, Str *name, Value *out) {
  if (strcmp(name->data, "sys") == 0) return lib_sys_module(vm, out);
  if (strcmp(name->data, "copy") == 0) return lib_copy_module(vm, out);
  return err_raise(vm, vm->b.module_not_found_error, "No module named '%s'", name->data);
}
