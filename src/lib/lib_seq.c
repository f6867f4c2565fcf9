/* lib_seq.c: index() and count() of the sequences, as Python sees them:
 * the list and tuple versions share one search over their items, and
 * range answers for ints by arithmetic, for anything else by comparing
 * each of its values, as CPython does. */
#include "core/error.h"
#include "core/ops.h"
#include "core/repr.h"
#include "lib/builtins.h"

/* A list's items may change while __eq__ runs: they are re-read on every
 * step. */
static const Value *seq_items(Value seq, int64_t *len) {
  if (IS_LIST(seq)) {
    *len = AS_LIST(seq)->len;
    return AS_LIST(seq)->items;
  }
  *len = AS_TUPLE(seq)->len;
  return AS_TUPLE(seq)->items;
}

static bool slice_bound(VM *vm, Value v, int64_t len, int64_t *out) {
  if (!is_int(v))
    return err_raise(vm, vm->b.type_error,
                     "slice indices must be integers or have an __index__ method");
  int64_t i = as_int(v);
  if (i < 0) { i = i < -len ? 0 : i + len; }
  *out = i;
  return true;
}

/* seq.index(x[, start[, stop]]) for a list or tuple. */
bool lib_seq_index(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "index", nargs - 1, 1, 3)) return false;
  int64_t len, start = 0, stop = INT64_MAX;
  seq_items(args[0], &len);
  if (nargs > 2 && !slice_bound(vm, args[2], len, &start)) return false;
  if (nargs > 3 && !slice_bound(vm, args[3], len, &stop)) return false;
  for (int64_t i = start; i < stop; i++) {
    const Value *items = seq_items(args[0], &len);
    if (i >= len) break;
    bool eq;
    if (!ops_eq(vm, items[i], args[1], &eq)) return false;
    if (eq) {
      *out = obj_int(vm, i);
      return !IS_UNDEF(*out);
    }
  }
  if (IS_TUPLE(args[0])) return err_raise(vm, vm->b.value_error, "tuple.index(x): x not in tuple");
  Str *r = repr_of(vm, args[1]);
  if (!r) return false;
  return err_raise(vm, vm->b.value_error, "%s is not in list", r->data);
}

/* seq.count(x) for a list or tuple. */
bool lib_seq_count(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, IS_LIST(args[0]) ? "list.count" : "tuple.count", nargs - 1, 1, 1))
    return false;
  int64_t n = 0, len;
  for (int64_t i = 0;; i++) {
    const Value *items = seq_items(args[0], &len);
    if (i >= len) break;
    bool eq;
    if (!ops_eq(vm, items[i], args[1], &eq)) return false;
    n += eq;
  }
  *out = obj_int(vm, n);
  return true;
}

void lib_seq_register_tuple(VM *vm, Class *k) {
  reg_method(vm, k, "index", lib_seq_index, 0);
  reg_method(vm, k, "count", lib_seq_count, 0);
}

/* For a value that is not an int: each of the range's values in turn,
 * compared with ==; stops at the first match when first is set. */
static bool range_scan(VM *vm, const Range *r, Value x, bool first, int64_t *count, int64_t *at) {
  *count = 0;
  *at = -1;
  for (int64_t i = 0; i < r->len; i++) {
    Value v = obj_int(vm, obj_range_at(r, i));
    if (IS_UNDEF(v)) return false;
    bool eq;
    if (!ops_eq(vm, v, x, &eq)) return false;
    if (!eq) continue;
    if (*at < 0) *at = i;
    (*count)++;
    if (first) break;
  }
  return true;
}

static bool r_index(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "range.index", nargs - 1, 1, 1)) return false;
  const Range *r = AS_RANGE(args[0]);
  int64_t at, count;
  if (is_int(args[1])) {
    at = obj_range_position(r, as_int(args[1]));
    if (at < 0) {
      Str *s = repr_of(vm, args[1]);
      if (!s) return false;
      return err_raise(vm, vm->b.value_error, "%s is not in range", s->data);
    }
  } else {
    if (!range_scan(vm, r, args[1], true, &count, &at)) return false;
    if (at < 0) return err_raise(vm, vm->b.value_error, "sequence.index(x): x not in sequence");
  }
  *out = obj_int(vm, at);
  return !IS_UNDEF(*out);
}

static bool r_count(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "range.count", nargs - 1, 1, 1)) return false;
  const Range *r = AS_RANGE(args[0]);
  int64_t at, count;
  if (is_int(args[1])) {
    count = obj_range_position(r, as_int(args[1])) >= 0;
  } else if (!range_scan(vm, r, args[1], false, &count, &at)) {
    return false;
  }
  *out = obj_int(vm, count);
  return !IS_UNDEF(*out);
}

void lib_seq_register_range(VM *vm, Class *k) {
  reg_method(vm, k, "index", r_index, 0);
  reg_method(vm, k, "count", r_count, 0);
}
