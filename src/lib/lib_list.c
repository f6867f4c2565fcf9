/* lib_list.c: the methods of list and the list() constructor, as Python
 * sees them.  The buffer rules they rely on are in list.c. */
#include <string.h>

#include "core/error.h"
#include "core/list.h"
#include "core/ops.h"
#include "core/repr.h"
#include "lib/builtins.h"

#define SELF AS_LIST(args[0])

bool lib_list_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (kw && kw->len) return err_raise(vm, vm->b.type_error, "list() takes no keyword arguments");
  if (!arg_count(vm, "list", nargs, 0, 1)) return false;
  List *l = nargs ? list_init(vm, args[0], "list()") : list_new(vm, 0, 0, "list()");
  if (!l) return false;
  *out = OBJ_VAL(l);
  return true;
}

/* list.__init__(self[, iterable]): what list() does, on a list that may
 * already hold items (they go first). */
static bool m_init(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (kw && kw->len) return err_raise(vm, vm->b.type_error, "list() takes no keyword arguments");
  if (!arg_count(vm, "list", nargs - 1, 0, 1)) return false;
  *out = VAL_NONE;
  return list_reinit(vm, SELF, nargs > 1 ? args[1] : VAL_UNDEF, "__init__");
}

static bool m_append(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "list.append", nargs - 1, 1, 1)) return false;
  *out = VAL_NONE;
  return list_append(vm, SELF, args[1], "append");
}

static bool m_extend(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "list.extend", nargs - 1, 1, 1)) return false;
  *out = VAL_NONE;
  return list_extend(vm, SELF, args[1], "extend");
}

static bool index_arg(VM *vm, Value v, int64_t *out) {
  if (is_int(v)) {
    *out = as_int(v);
    return true;
  }
  return err_raise(vm, vm->b.type_error, "'%s' object cannot be interpreted as an integer",
                   class_name_of(vm, v));
}

static bool m_insert(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (nargs - 1 != 2)
    return err_raise(vm, vm->b.type_error, "insert expected 2 arguments, got %d", nargs - 1);
  int64_t i = 0;
  if (!index_arg(vm, args[1], &i)) return false;
  *out = VAL_NONE;
  return list_insert(vm, SELF, i, args[2]);
}

static bool m_pop(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "pop", nargs - 1, 0, 1)) return false;
  int64_t i = -1;
  if (nargs == 2 && !index_arg(vm, args[1], &i)) return false;
  return list_pop(vm, SELF, i, out);
}

/* Finds the first item equal to x in [start, stop); -1 if none. */
static bool find(VM *vm, List *l, Value x, int64_t start, int64_t stop, int64_t *at) {
  *at = -1;
  for (int64_t i = start; i < stop && i < l->len; i++) {
    Value v = l->items[i];
    bool eq = v == x; /* identity first, as ops_eq; two small ints are equal only so */
    if (!eq && !(IS_SMALL(v) && IS_SMALL(x)) && !ops_eq(vm, v, x, &eq)) return false;
    if (eq) {
      *at = i;
      return true;
    }
  }
  return true;
}

static bool m_remove(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "list.remove", nargs - 1, 1, 1)) return false;
  int64_t at;
  if (!find(vm, SELF, args[1], 0, SELF->len, &at)) return false;
  if (at < 0) return err_raise(vm, vm->b.value_error, "list.remove(x): x not in list");
  *out = VAL_NONE;
  return list_del_item(vm, SELF, at, "remove");
}

static bool m_clear(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "list.clear", nargs - 1, 0, 0)) return false;
  list_clear(vm, SELF, "clear");
  *out = VAL_NONE;
  return true;
}

static bool m_copy(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "list.copy", nargs - 1, 0, 0)) return false;
  List *l = list_slice(vm, SELF, 0, SELF->len, "copy");
  if (!l) return false;
  *out = OBJ_VAL(l);
  return true;
}

static bool m_reverse(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "list.reverse", nargs - 1, 0, 0)) return false;
  list_reverse(SELF);
  *out = VAL_NONE;
  return true;
}

static bool m_sort(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"key", "reverse"};
  Value opt[2];
  if (!arg_keywords(vm, "sort", args, nargs, kw, names, opt, 2)) return false;
  if (nargs > 1) return err_raise(vm, vm->b.type_error, "sort() takes no positional arguments");
  /* reverse is an int, as CPython's argument clinic takes it */
  int64_t rev = 0;
  if (!IS_UNDEF(opt[1]) && !ops_index_value(vm, opt[1], &rev)) return false;
  *out = VAL_NONE;
  return list_sort(vm, SELF, IS_NONE(opt[0]) ? VAL_UNDEF : opt[0], rev);
}

void lib_list_register(VM *vm, Class *k) {
  vm->list_append = reg_method_now(vm, k, "append", m_append, 0);
  reg_method(vm, k, "__init__", m_init, NATIVE_SLOT | NATIVE_KW);
  reg_method(vm, k, "extend", m_extend, 0);
  reg_method(vm, k, "insert", m_insert, 0);
  reg_method(vm, k, "pop", m_pop, 0);
  reg_method(vm, k, "remove", m_remove, 0);
  reg_method(vm, k, "index", lib_seq_index, 0);
  reg_method(vm, k, "count", lib_seq_count, 0);
  reg_method(vm, k, "clear", m_clear, 0);
  reg_method(vm, k, "copy", m_copy, 0);
  reg_method(vm, k, "reverse", m_reverse, 0);
  reg_method(vm, k, "sort", m_sort, NATIVE_KW);
}
