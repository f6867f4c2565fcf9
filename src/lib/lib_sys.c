/* lib_sys.c: the sys module: argv, getsizeof with CPython 3.11's 64-bit

 * object sizes (core/sizeof.c), maxsize and the recursion limit. */
#include <stdio.h>

#include "base/str.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/list.h"
#include "core/ops.h"
#include "core/repr.h"
#include "core/sizeof.h"
#include "lib/builtins.h"

/* getsizeof(object[, default]): every object lst has gives its size, so
 * the default is taken and never needed. */
static bool fn_getsizeof(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  static const char *const names[] = {"object", "default"};
  Value a[2];
  if (!arg_parse(vm, "getsizeof", args, nargs, kw, names, 2, 1, a)) return false;
  int64_t size;
  if (!sizeof_getsizeof(vm, a[0], &size)) return false;
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
    return err_refuse(vm, "lst's recursion limit is fixed at %d", VM_MAX_FRAMES);
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

/* sys.version_info: a tuple with field names.  Its instances keep the
 * tuple as their payload and the fields as attributes. */
static Tuple *version_tuple(Value v) { return AS_TUPLE(AS_INSTANCE(v)->payload); }

static bool vi_repr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  (void)nargs;
  Tuple *t = version_tuple(args[0]);
  Str *level = repr_of(vm, t->items[3]);
  if (!level) return false;
  char text[160];
  snprintf(text, sizeof text,
           "sys.version_info(major=%lld, minor=%lld, micro=%lld, releaselevel=%s, serial=%lld)",
           (long long)as_int(t->items[0]), (long long)as_int(t->items[1]),
           (long long)as_int(t->items[2]), level->data, (long long)as_int(t->items[4]));
  Str *s = str_cstr(vm, text);
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

/* Every other operation is the tuple's. */
static Value as_tuple(VM *vm, Value v) {
  return IS_INSTANCE(v) && AS_INSTANCE(v)->klass == class_of(vm, v) &&
                 IS_TUPLE(AS_INSTANCE(v)->payload)
             ? AS_INSTANCE(v)->payload
             : v;
}

#define VI_COMPARE(fname, cmp)                                                \
  static bool fname(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {  \
    (void)kw;                                                                 \
    if (!arg_count(vm, "comparison", nargs - 1, 1, 1)) return false;          \
    Value other = as_tuple(vm, args[1]);                                      \
    if (!IS_TUPLE(other)) {                                                   \
      *out = VAL_NOTIMPL;                                                     \
      return true;                                                            \
    }                                                                         \
    return ops_compare(vm, cmp, OBJ_VAL(version_tuple(args[0])), other, out); \
  }
VI_COMPARE(vi_lt, CMP_LT)
VI_COMPARE(vi_le, CMP_LE)
VI_COMPARE(vi_eq, CMP_EQ)
VI_COMPARE(vi_ne, CMP_NE)
VI_COMPARE(vi_gt, CMP_GT)
VI_COMPARE(vi_ge, CMP_GE)

static bool vi_getitem(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "__getitem__", nargs - 1, 1, 1)) return false;
  return ops_getitem(vm, OBJ_VAL(version_tuple(args[0])), args[1], out);
}

static bool vi_len(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  (void)nargs;
  (void)vm;
  *out = SMALL_VAL(version_tuple(args[0])->len);
  return true;
}

static bool vi_iter(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  (void)nargs;
  return ops_iter(vm, OBJ_VAL(version_tuple(args[0])), out);
}

static bool vi_hash(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  (void)nargs;
  int64_t h;
  if (!ops_hash(vm, OBJ_VAL(version_tuple(args[0])), &h)) return false;
  *out = obj_int(vm, h);
  return !IS_UNDEF(*out);
}

static bool version_info(VM *vm, Value *out) {
  Class *k = reg_hidden_type(vm, "sys.version_info", OBJ_INSTANCE);
  vm->b.version_info = k;
  static const struct {
    const char *name;
    NativeFn fn;
  } methods[] = {{"__repr__", vi_repr}, {"__lt__", vi_lt},           {"__le__", vi_le},
                 {"__eq__", vi_eq},     {"__ne__", vi_ne},           {"__gt__", vi_gt},
                 {"__ge__", vi_ge},     {"__getitem__", vi_getitem}, {"__len__", vi_len},
                 {"__iter__", vi_iter}, {"__hash__", vi_hash}};
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
    reg_method(vm, k, methods[i].name, methods[i].fn, NATIVE_SLOT);
  Instance *in = class_new_instance(vm, k);
  Tuple *t = obj_tuple_new(vm, 5);
  Str *final = str_intern_cstr(vm, "final");
  if (!in || !t || !final) return false;
  /* the CPython 3.11 release lst follows */
  t->items[0] = SMALL_VAL(3);
  t->items[1] = SMALL_VAL(11);
  t->items[2] = SMALL_VAL(7);
  t->items[3] = OBJ_VAL(final);
  t->items[4] = SMALL_VAL(0);
  in->payload = OBJ_VAL(t);
  static const char *const fields[] = {"major", "minor", "micro", "releaselevel", "serial"};
  for (int i = 0; i < 5; i++) {
    Str *f = str_intern_cstr(vm, fields[i]);
    if (!f || !dict_set_str(vm, in->attrs, f, t->items[i])) return false;
  }
  *out = OBJ_VAL(in);
  return true;
}

static bool set(VM *vm, Module *m, const char *name, Value v) {
  Str *s = str_intern_cstr(vm, name);
  return s && dict_set_str(vm, m->dict, s, v);
}

bool lib_sys_module(VM *vm, Value *out) {
  static const struct {
    const char *name;
    NativeFn fn;
    uint16_t flags;
  } fns[] = {
      {"getsizeof", fn_getsizeof, NATIVE_KW}, /* its arguments by name too */
      {"getrecursionlimit", fn_getrecursionlimit, 0},
      {"setrecursionlimit", fn_setrecursionlimit, 0},
      {"exit", fn_exit, 0},
  };
  Module *m = reg_module_new(vm, str_intern_cstr(vm, "sys"));
  if (!m) return false;
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    Native *n = obj_native_new(vm, fns[i].name, fns[i].fn, fns[i].flags);
    if (!n || !set(vm, m, fns[i].name, OBJ_VAL(n))) return false;
  }
  if (!set(vm, m, "argv", IS_UNDEF(vm->argv) ? OBJ_VAL(list_new(vm, 0, 0, "list()")) : vm->argv))
    return false;
  if (!set(vm, m, "maxsize", obj_int(vm, INT64_MAX))) return false;
  Value out_stream, err_stream, vi;
  if (!lib_stream_new(vm, 1, &out_stream) || !lib_stream_new(vm, 2, &err_stream) ||
      !set(vm, m, "stdout", out_stream) || !set(vm, m, "stderr", err_stream) ||
      !set(vm, m, "__stdout__", out_stream) || !set(vm, m, "__stderr__", err_stream))
    return false;
  Str *platform = str_intern_cstr(vm, "linux");
  if (!platform || !set(vm, m, "platform", OBJ_VAL(platform))) return false;
  if (!version_info(vm, &vi) || !set(vm, m, "version_info", vi)) return false;
  vm->sys_dict = OBJ_VAL(m->dict);
  *out = OBJ_VAL(m);
  return true;
}
