/* reg.c: registering what the library provides: built-in types, their
 * methods (plain, static and class methods), and module objects.  Every
 * lib_* module registers through these, and builtins_open calls the
 * modules' register functions, so no file of lib/ calls back into
 * builtins.c. */
#include "lib/reg.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/gc.h"
#include "base/str.h"
#include "core/class.h"
#include "core/dict.h"

static void startup_oom(void) {
  fputs("lst: out of memory at startup\n", stderr);
  exit(1);
}

Native *reg_method(VM *vm, Class *owner, const char *name, NativeFn fn, uint16_t flags) {
  Native *n = obj_native_new(vm, name, fn, flags);
  Str *s = str_intern_cstr(vm, name);
  if (!n || !s) startup_oom();
  n->owner = owner;
  if (!dict_set_str(vm, owner->dict, s, OBJ_VAL(n))) startup_oom();
  vm->class_epoch++;
  return n;
}

Native *reg_wrapped_method(VM *vm, Class *owner, const char *name, NativeFn fn, ObjType wrap) {
  Native *n = obj_native_new(vm, name, fn, 0);
  MethodWrap *w = n ? obj_method_wrap_new(vm, wrap, OBJ_VAL(n)) : NULL;
  Str *s = str_intern_cstr(vm, name);
  if (!w || !s || !dict_set_str(vm, owner->dict, s, OBJ_VAL(w))) startup_oom();
  vm->class_epoch++;
  return n;
}

Class *reg_type(VM *vm, const char *name, ObjType type, NativeFn ctor, Class *base) {
  Str *s = str_intern_cstr(vm, name);
  Class *k = s ? class_new(vm, s, base) : NULL;
  if (!k) startup_oom();
  k->builtin_type = (uint8_t)type;
  k->ctor = ctor;
  k->obj.flags |= CLASS_BUILTIN;
  if (type < OBJ_TYPE_COUNT && type != OBJ_INSTANCE) vm->b.type[type] = k;
  vm_define_builtin(vm, name, OBJ_VAL(k));
  return k;
}

Class *reg_hidden_type(VM *vm, const char *name, ObjType type) {
  Str *s = str_intern_cstr(vm, name);
  Class *k = s ? class_new(vm, s, vm->b.object) : NULL;
  if (!k) startup_oom();
  k->builtin_type = (uint8_t)type;
  k->obj.flags |= CLASS_BUILTIN;
  if (type != OBJ_ITER && type != OBJ_DICTVIEW && type != OBJ_INSTANCE) vm->b.type[type] = k;
  return k;
}

Module *reg_module_new(VM *vm, Str *name) {
  Dict *d = dict_new(vm);
  if (!d) return NULL;
  dict_forget_size(d);
  Module *m = (Module *)gc_new_object(vm, sizeof(Module), OBJ_MODULE);
  if (!m) return NULL;
  m->name = name;
  m->dict = d;
  return m;
}
