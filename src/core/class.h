/* class.h: classes and their instances: making them, the class of any
 * value, lookup along the base chain (with the VM's method cache), and
 * subclass tests.  Calling a class (instantiation) is in call.c. */
#ifndef LST_CLASS_H
#define LST_CLASS_H

#include "base/state.h"

/* A class with an empty namespace; NULL with MemoryError pending. */
Class *class_new(VM *vm, Str *name, Class *base);
/* A bare instance of klass (no __init__ run); NULL with MemoryError pending. */
Instance *class_new_instance(VM *vm, Class *klass);

/* Finds name in a class and its bases (no binding); UNDEF if absent. */
Value class_lookup(VM *vm, Class *k, Str *name);
/* class_lookup through the VM's method cache. */
Value class_lookup_cached(VM *vm, Class *k, Str *name);
/* A special method (__eq__, __len__ ...) that k or a base defines for its
 * instances; UNDEF when only object's built-in default is there, which the
 * operators then apply directly. */
Value class_special(VM *vm, Class *k, Str *name);
/* A class's namespace.  A built-in class's is made on first use: start-up
 * only notes its entries (lib/reg.c says why), and the library's hook
 * makes them the first time anything looks in.  Invariant: every read of a
 * built-in class's dict goes through here (class_lookup does). */
static inline Dict *class_dict(VM *vm, Class *k) {
  if (k->obj.flags & CLASS_DEFERRED) vm->class_fill_hook(vm, k);
  return k->dict;
}

/* To be called after any change to a class's dictionary: empties the
 * method cache and every attribute instruction's inline cache. */
static inline void class_changed(VM *vm) { vm->class_epoch++; }

/* The class of an object that its type alone decides (a list, a str, a
 * dict ...), or NULL for the types whose objects say more (instances,
 * iterators, views, natives) or that look names up otherwise (classes,
 * modules).  Where it is not NULL it is class_of's answer. */
#define CLASS_NOT_BY_TYPE                                                                \
  ((1u << OBJ_INSTANCE) | (1u << OBJ_ITER) | (1u << OBJ_DICTVIEW) | (1u << OBJ_NATIVE) | \
   (1u << OBJ_CLASS) | (1u << OBJ_MODULE))
_Static_assert(OBJ_TYPE_COUNT <= 32, "CLASS_NOT_BY_TYPE is a 32-bit mask");
static inline Class *class_by_type(VM *vm, const Obj *o) {
  return (CLASS_NOT_BY_TYPE >> o->type) & 1 ? NULL : vm->b.type[o->type];
}
/* The class of any value: hot in method calls, so inline; by the type
 * tag first. */
static inline Class *class_of(VM *vm, Value v) {
  if (IS_SMALL(v)) return vm->b.type[OBJ_INT];
  if (!IS_OBJ(v))
    return v == VAL_NONE       ? vm->b.none
           : IS_BOOL(v)        ? vm->b.bool_
           : v == VAL_NOTIMPL  ? vm->b.not_implemented_type
           : v == VAL_ELLIPSIS ? vm->b.ellipsis_type
                               : vm->b.object;
  Obj *o = AS_OBJ(v);
  Class *k = class_by_type(vm, o);
  if (k) return k;
  switch ((ObjType)o->type) {
  case OBJ_INSTANCE: return ((Instance *)o)->klass;
  case OBJ_ITER: return vm->b.iter_type[((Iter *)o)->kind];
  case OBJ_DICTVIEW: return vm->b.view_type[((DictView *)o)->kind];
  case OBJ_NATIVE: {
    Native *n = (Native *)o;
    if (!n->owner || !vm->b.method_wrapper) break;
    if (n->obj.flags & NATIVE_SLOT)
      return IS_UNDEF(n->self) ? vm->b.wrapper_descriptor : vm->b.method_wrapper;
    if (IS_UNDEF(n->self)) return vm->b.method_descriptor;
    break;
  }
  default: break;
  }
  return vm->b.type[o->type] ? vm->b.type[o->type] : vm->b.object;
}
/* The name Python gives the type of v ("int", "list", "Bus" ...). */
const char *class_name_of(VM *vm, Value v);

bool class_is_subclass(const Class *k, const Class *base);
bool class_isinstance(VM *vm, Value v, Class *k);

#endif
