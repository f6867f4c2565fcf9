/* class.c: making classes and instances, the class of a value, and lookup
 * of names along a class's base chain. */
#include "core/class.h"

#include "base/gc.h"
#include "core/dict_table.h"

Class *class_new(VM *vm, Str *name, Class *base) {
  Dict *d = dict_new(vm);
  if (!d) return NULL;
  dict_forget_size(d);
  Class *k = (Class *)gc_new_object(vm, sizeof(Class), OBJ_CLASS);
  if (!k) return NULL;
  k->name = name;
  k->base = base;
  k->dict = d;
  k->builtin_type = OBJ_INSTANCE;
  k->init = k->new_ = VAL_UNDEF;
  if (base) k->is_exception = base->is_exception;
  return k;
}

Instance *class_new_instance(VM *vm, Class *klass) {
  /* nearly every instance gets attributes at once, in __init__ */
  Dict *d = dict_new(vm);
  if (!d || !dict_reserve(vm, d)) return NULL;
  dict_forget_size(d);
  size_t size = klass->is_exception ? sizeof(ExcInstance) : sizeof(Instance);
  Instance *in = (Instance *)gc_new_object(vm, size, OBJ_INSTANCE);
  if (!in) return NULL;
  if (klass->is_exception) {
    in->obj.flags |= INSTANCE_EXC;
    ExcInstance *e = (ExcInstance *)in;
    e->cause = e->context = e->name = e->obj = VAL_NONE;
  }
  in->klass = klass;
  in->attrs = d;
  in->payload = VAL_UNDEF;
  in->traceback = VAL_UNDEF;
  return in;
}

Value class_lookup(VM *vm, Class *k, Str *name) {
  for (; k; k = k->base) {
    Value v = dict_get_str(class_dict(vm, k), name);
    if (!IS_UNDEF(v)) return v;
  }
  return VAL_UNDEF;
}

Value class_lookup_cached(VM *vm, Class *k, Str *name) {
  size_t h = (((uintptr_t)k >> 4) ^ ((uintptr_t)name >> 3)) & 1023;
  if (vm->method_cache[h].klass == k && vm->method_cache[h].name == name &&
      vm->method_cache[h].epoch == vm->class_epoch + 1)
    return vm->method_cache[h].value;
  Value v = class_lookup(vm, k, name);
  vm->method_cache[h].klass = k;
  vm->method_cache[h].name = name;
  vm->method_cache[h].value = v;
  vm->method_cache[h].epoch = vm->class_epoch + 1;
  return v;
}

Value class_special(VM *vm, Class *k, Str *name) {
  Value v = class_lookup_cached(vm, k, name);
  if (IS_NATIVE(v) &&
      (AS_NATIVE(v)->owner == vm->b.object || (AS_NATIVE(v)->obj.flags & NATIVE_AS_OBJECT)))
    return VAL_UNDEF;
  return v;
}

const char *class_name_of(VM *vm, Value v) { return class_of(vm, v)->name->data; }

bool class_is_subclass(const Class *k, const Class *base) {
  for (; k; k = k->base)
    if (k == base) return true;
  return false;
}

bool class_isinstance(VM *vm, Value v, Class *k) { return class_is_subclass(class_of(vm, v), k); }
