/* lib_sys.c: the sys module: argv, getsizeof with CPython 3.11's 64-bit
 * object sizes, maxsize and the recursion limit. */
#include "base/str.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/list.h"
#include "core/ops.h"
#include "lib/builtins.h"

/* sizeof of a CPython int with |v|'s 30-bit digits (0 has none). */
static int64_t int_size(int64_t v) {
  uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  int64_t digits = 0;
  while (a) {
    digits++;
    a >>= 30;
  }
  return 24 + 4 * (digits ? digits : 0) + (digits == 0 ? 0 : 0);
}

static bool str_size(Str *s, int64_t *out) {
  if (s->ascii) {
    *out = 49 + s->len;
    return true;
  }
  uint32_t maxc = 0;
  for (int64_t i = 0; i < s->len;) {
    int n;
    uint32_t c = str_decode(s->data + i, &n);
    if (c > maxc) maxc = c;
    i += n;
  }
  int w = maxc < 0x100 ? 1 : maxc < 0x10000 ? 2 : 4;
  *out = 72 + (s->nchars + 1) * w;
  return true;
}

static bool fn_getsizeof(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "getsizeof", nargs, 1, 2)) return false;
  Value v = args[0];
  int64_t size = -1;
  if (IS_SMALL(v) || IS_BIGINT(v))
    size = int_size(as_int(v));
  else if (IS_BOOL(v))
    size = v == VAL_TRUE ? 28 : 24;
  else if (IS_NONE(v))
    size = 16;
  else if (IS_OBJ(v)) {
    switch ((ObjType)OBJ_TYPE(v)) {
    case OBJ_LIST: size = list_sizeof(AS_LIST(v)->cap); break;
    case OBJ_TUPLE: size = 40 + 8 * AS_TUPLE(v)->len; break;
    case OBJ_FLOAT: size = 24; break;
    case OBJ_STR: str_size(AS_STR(v), &size); break;
    case OBJ_RANGE: size = 48; break;
    case OBJ_SET: size = 216 + (AS_SET(v)->mask == 7 ? 0 : 16 * (AS_SET(v)->mask + 1)); break;
    default: break;
    }
  }
  if (size < 0)
    return err_raise(vm, vm->b.not_implemented_error,
                     "sys.getsizeof of '%s' objects is not supported by lst", class_name_of(vm, v));
  *out = obj_int(vm, size);
  return true;
}

static bool fn_getrecursionlimit(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)args;
  (void)kw;
  if (!arg_count(vm, "getrecursionlimit", nargs, 0, 0)) return false;
  *out = SMALL_VAL(VM_MAX_FRAMES);
  return true;
}

static bool fn_setrecursionlimit(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "setrecursionlimit", nargs, 1, 1)) return false;
  if (!is_int(args[0])) return err_raise(vm, vm->b.type_error, "an integer is required");
  if (as_int(args[0]) != VM_MAX_FRAMES)
    return err_raise(vm, vm->b.not_implemented_error, "lst's recursion limit is fixed at %d",
                     VM_MAX_FRAMES);
  *out = VAL_NONE;
  return true;
}

/* sys.exit([status]): raises SystemExit(status). */
static bool fn_exit(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  (void)out;
  if (!arg_count(vm, "exit", nargs, 0, 1)) return false;
  Value exc;
  if (!vm_call(vm, OBJ_VAL(vm->b.system_exit), args, nargs, NULL, &exc)) return false;
  return err_set(vm, exc);
}

static bool set(VM *vm, Module *m, const char *name, Value v) {
  Str *s = str_intern_cstr(vm, name);
  return s && dict_set_str(vm, m->dict, s, v);
}

bool lib_sys_module(VM *vm, Value *out) {
  static const struct {
    const char *name;
    NativeFn fn;
  } fns[] = {
      {"getsizeof", fn_getsizeof},
      {"getrecursionlimit", fn_getrecursionlimit},
      {"setrecursionlimit", fn_setrecursionlimit},
      {"exit", fn_exit},
  };
  Module *m = builtins_module_new(vm, str_intern_cstr(vm, "sys"));
  if (!m) return false;
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    Native *n = obj_native_new(vm, fns[i].name, fns[i].fn, 0);
    if (!n || !set(vm, m, fns[i].name, OBJ_VAL(n))) return false;
  }
  if (!set(vm, m, "argv", IS_UNDEF(vm->argv) ? OBJ_VAL(list_new(vm, 0, 0, "list()")) : vm->argv))
    return false;
  if (!set(vm, m, "maxsize", obj_int(vm, INT64_MAX))) return false;
  *out = OBJ_VAL(m);
  return true;
}
