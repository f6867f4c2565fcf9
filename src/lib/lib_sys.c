/* lib_sys.c: the sys module: argv, getsizeof with CPython 3.11's 64-bit

 * object sizes (core/sizeof.c), maxsize and the recursion limit. */
#include "base/str.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/list.h"
#include "core/ops.h"
#include "core/sizeof.h"
#include "lib/builtins.h"

static bool fn_getsizeof(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "getsizeof", nargs, 1, 2)) return false;
  int64_t size;
  if (!sizeof_getsizeof(vm, args[0], &size)) return false;
  *out = obj_int(vm, size);
  return !IS_UNDEF(*out);
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
