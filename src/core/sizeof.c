/* sizeof.c: the sizes CPython 3.11 (64-bit) gives objects, for
 * sys.getsizeof and __sizeof__.  lst's own objects are laid out
 * differently; these are the figures a Python user sees, computed from
 * the state that decides them in CPython (an int's 30-bit digits, a str's
 * widest character, a list's capacity, a dict's keys table ...). */
#include "core/sizeof.h"

#include "base/str.h"
#include "core/class.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/list.h"
#include "core/special.h"

/* An int: a header of 24 bytes and at least one 30-bit digit. */
static int64_t int_size(int64_t v) {
  uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  int64_t digits = 0;
  while (a) {
    digits++;
    a >>= 30;
  }
  return 24 + 4 * (digits ? digits : 1);
}

/* A str: compact ASCII, or 1, 2 or 4 bytes a character by its widest. */
static int64_t str_size(Str *s) {
  if (s->ascii) return 49 + s->len;
  uint32_t maxc = 0;
  for (int64_t i = 0; i < s->len;) {
    int n;
    uint32_t c = str_decode(s->data + i, &n);
    if (c > maxc) maxc = c;
    i += n;
  }
  int w = maxc < 0x100 ? 1 : maxc < 0x10000 ? 2 : 4;
  return 72 + (s->nchars + 1) * w;
}

static int64_t iter_size(IterKind kind) {
  switch (kind) {
  case ITER_DICT_KEYS:
  case ITER_DICT_VALUES:
  case ITER_DICT_ITEMS:
  case ITER_ENUMERATE: return 72 - 16;
  case ITER_SET:
  case ITER_ZIP: return 64 - 16;
  case ITER_RANGE:
  case ITER_STR: return 48;
  default: return 48 - 16;
  }
}

bool sizeof_builtin(VM *vm, Value v, int64_t *size, int64_t *header) {
  *header = 0;
  *size = -1;
  if (is_int(v)) {
    *size = IS_BOOL(v) ? 28 : int_size(as_int(v));
    return true;
  }
  if (!IS_OBJ(v)) {
    if (v == VAL_NONE || v == VAL_NOTIMPL || v == VAL_ELLIPSIS) *size = 16;
    return true;
  }
  *header = 16; /* the collector's header of CPython's tracked objects */
  switch ((ObjType)OBJ_TYPE(v)) {
  case OBJ_LIST: *size = list_sizeof(AS_LIST(v)->cap) - 16; break;
  case OBJ_TUPLE: *size = 24 + 8 * AS_TUPLE(v)->len; break;
  case OBJ_DICT: {
    int64_t n = dict_sizeof(AS_DICT(v));
    if (n < 0)
      return err_refuse(vm, "sys.getsizeof of a namespace dict (an instance's, a class's or a "
                            "module's) is not supported by lst");
    *size = n - 16;
    break;
  }
  case OBJ_SET: {
    Set *s = AS_SET(v);
    *size = 200 + (s->mask == 7 ? 0 : 16 * (s->mask + 1));
    break;
  }
  case OBJ_FLOAT:
    *header = 0;
    *size = 24;
    break;
  case OBJ_STR:
    *header = 0;
    *size = str_size(AS_STR(v));
    break;
  case OBJ_RANGE:
    *header = 0;
    *size = 48;
    break;
  case OBJ_SLICE: *size = 40; break;
  case OBJ_FUNCTION: *size = 136; break;
  case OBJ_BOUND: *size = 48; break;
  case OBJ_NATIVE:
    /* a special method taken from an object is a small "method-wrapper" */
    *size = (AS_OBJ(v)->flags & NATIVE_SLOT) && !IS_UNDEF(AS_NATIVE(v)->self) ? 32 : 56;
    break;
  case OBJ_MODULE: *size = 56; break;
  case OBJ_PROPERTY: *size = 64; break;
  case OBJ_STATICMETHOD:
  case OBJ_CLASSMETHOD: *size = 32; break;
  case OBJ_DICTVIEW: *size = 24; break;
  case OBJ_ITER:
    *size = iter_size((IterKind)AS_ITER(v)->kind);
    if (AS_ITER(v)->kind == ITER_RANGE || AS_ITER(v)->kind == ITER_STR) *header = 0;
    break;
  case OBJ_INSTANCE: {
    Class *k = AS_INSTANCE(v)->klass;
    if (k == vm->b.object) {
      *header = 0;
      *size = 16;
    } else if (k->is_exception) {
      /* a built-in exception has no __dict__ slot; a subclass adds one */
      *size = (k->obj.flags & CLASS_BUILTIN) ? 72 : 80;
    } else {
      /* instances keep their __dict__ and weak references before the object */
      *header = 32;
      *size = 24;
    }
    break;
  }
  default: break;
  }
  return true;
}

bool sizeof_getsizeof(VM *vm, Value v, int64_t *out) {
  int64_t size, header;
  if (IS_INSTANCE(v)) {
    Value m = class_special(vm, AS_INSTANCE(v)->klass, vm->s_sizeof);
    if (!IS_UNDEF(m)) {
      Value r;
      if (!special_call(vm, m, v, NULL, 0, &r)) return false;
      if (!is_int(r)) return err_raise(vm, vm->b.type_error, "an integer is required");
      if (as_int(r) < 0) return err_raise(vm, vm->b.value_error, "__sizeof__() should return >= 0");
      if (!sizeof_builtin(vm, v, &size, &header)) return false;
      *out = as_int(r) + header;
      return true;
    }
  }
  if (!sizeof_builtin(vm, v, &size, &header)) return false;
  if (size < 0)
    return err_refuse(vm, "sys.getsizeof of '%s' objects is not supported by lst",
                      class_name_of(vm, v));
  *out = size + header;
  return true;
}
