/* reg.c: registering what the library provides: built-in types, their
 * methods (plain, static and class methods), and module objects.  Every
 * lib_* module registers through these, and builtins_open calls the
 * modules' register functions, so no file of lib/ calls back into
 * builtins.c.
 *
 * A built-in type's namespace is made on its first use.  Start-up
 * registers some 400 methods on the built-in types, and making their
 * natives, names and dictionary entries was most of a start, though a
 * program uses few of the types.  So registering only notes each entry in
 * the VM's list (vm->deferred), and the first look into the type's
 * namespace (class_dict) makes them all, in the order they were noted: the
 * namespace is then what it would have been, and no program can tell. */
#include "lib/reg.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/gc.h"
#include "base/str.h"
#include "core/class.h"
#include "core/dict.h"
#include "lib/lib_own_names.h"

static void startup_oom(void) {
  fputs("lst: out of memory at startup\n", stderr);
  exit(1);
}

static void fill_failed(void) {
  fputs("lst: out of memory making a built-in type's methods\n", stderr);
  exit(1);
}

/* CPython's own methods of the built-in type k (lib_own_names.h), or NULL. */
static const char *const *own_table(VM *vm, Class *k) {
  static const struct {
    ObjType type;
    const char *const *names;
  } by_type[] = {
      {OBJ_INT, own_int},   {OBJ_FLOAT, own_float}, {OBJ_STR, own_str},
      {OBJ_LIST, own_list}, {OBJ_TUPLE, own_tuple}, {OBJ_DICT, own_dict},
      {OBJ_SET, own_set},   {OBJ_RANGE, own_range}, {OBJ_SLICE, own_slice},
  };
  if (k == vm->b.object) return own_object;
  if (k == vm->b.bool_) return own_bool;
  for (size_t i = 0; i < sizeof by_type / sizeof by_type[0]; i++)
    if (vm->b.type[by_type[i].type] == k) return by_type[i].names;
  return NULL;
}

/* Makes k's methods the ones CPython's type has in its own __dict__: one
 * lst's type inherits (str's __getattribute__, from object) becomes the
 * type's own, a copy of the base's native owned by k, and each is a slot
 * wrapper or a method descriptor as in CPython.  Their reprs, identities,
 * sizes and wrong-receiver errors all follow from that. */
static void conform(VM *vm, Class *k) {
  for (const char *const *own = own_table(vm, k); own && *own; own++) {
    Str *s = str_intern_cstr(vm, *own + 1);
    if (!s) fill_failed();
    Value v = dict_get_str(k->dict, s);
    Native *n;
    if (IS_NATIVE(v) && AS_NATIVE(v)->owner == k) {
      n = AS_NATIVE(v);
    } else if (IS_UNDEF(v) && k->base) {
      Value inherited = class_lookup(vm, k->base, s);
      if (!IS_NATIVE(inherited) || !AS_NATIVE(inherited)->owner) continue;
      Native *b = AS_NATIVE(inherited);
      bool as_object = b->owner == vm->b.object || (b->obj.flags & NATIVE_AS_OBJECT);
      n = obj_native_new(
          vm, b->name, b->fn,
          (uint16_t)((b->obj.flags & NATIVE_KW) | (as_object ? NATIVE_AS_OBJECT : 0)));
      if (!n) fill_failed();
      n->owner = k;
      if (!dict_set_str(vm, k->dict, s, OBJ_VAL(n))) fill_failed();
    } else {
      continue;
    }
    if (**own == 's')
      n->obj.flags |= NATIVE_SLOT;
    else
      n->obj.flags &= (uint16_t)~NATIVE_SLOT;
  }
}

/* The class fill hook.  No collection runs here (allocating only asks for
 * one at the next safe point), so a native not yet in the dict needs no
 * rooting.  Memory running out ends the run: a namespace cannot be left
 * half made. */
static void fill(VM *vm, Class *k) {
  k->obj.flags &= (uint16_t)~CLASS_DEFERRED;
  for (size_t i = 0; i < vm->ndeferred; i++) {
    ClassEntry *e = &vm->deferred[i];
    if (e->owner != k) continue;
    Value v = e->value;
    if (e->fn) {
      Native *n = obj_native_new(vm, e->name, e->fn, e->flags);
      if (!n) fill_failed();
      if (e->owned) n->owner = k;
      v = OBJ_VAL(n);
      if (e->wrap) {
        MethodWrap *w = obj_method_wrap_new(vm, (ObjType)e->wrap, v);
        if (!w) fill_failed();
        v = OBJ_VAL(w);
      }
    }
    Str *s = str_intern_cstr(vm, e->name);
    if (!s || !dict_set_str(vm, k->dict, s, v)) fill_failed();
    e->owner = NULL;
  }
  conform(vm, k);
}

static void defer(VM *vm, const ClassEntry *e) {
  if (vm->ndeferred == vm->deferred_cap) {
    size_t cap = vm->deferred_cap ? vm->deferred_cap * 2 : 512;
    ClassEntry *t = realloc(vm->deferred, cap * sizeof *t);
    if (!t) startup_oom();
    vm->deferred = t;
    vm->deferred_cap = cap;
  }
  vm->deferred[vm->ndeferred++] = *e;
  e->owner->obj.flags |= CLASS_DEFERRED;
  vm->class_fill_hook = fill;
}

void reg_method(VM *vm, Class *owner, const char *name, NativeFn fn, uint16_t flags) {
  defer(vm, &(ClassEntry){.owner = owner, .name = name, .fn = fn, .flags = flags, .owned = true});
}

Native *reg_method_now(VM *vm, Class *owner, const char *name, NativeFn fn, uint16_t flags) {
  Native *n = obj_native_new(vm, name, fn, flags);
  if (!n) startup_oom();
  n->owner = owner;
  reg_value(vm, owner, name, OBJ_VAL(n));
  return n;
}

void reg_wrapped_method(VM *vm, Class *owner, const char *name, NativeFn fn, ObjType wrap,
                        bool owned) {
  defer(vm, &(ClassEntry){
                .owner = owner, .name = name, .fn = fn, .wrap = (uint8_t)wrap, .owned = owned});
}

void reg_value(VM *vm, Class *owner, const char *name, Value value) {
  defer(vm, &(ClassEntry){.owner = owner, .name = name, .value = value});
}

Class *reg_type(VM *vm, const char *name, ObjType type, NativeFn ctor, Class *base) {
  Str *s = str_intern_cstr(vm, name);
  Class *k = s ? class_new(vm, s, base) : NULL;
  if (!k) startup_oom();
  k->builtin_type = (uint8_t)type;
  k->ctor = ctor;
  /* made on first use even with nothing registered: conform gives it
   * the methods CPython's type has of its own (bool's __and__) */
  k->obj.flags |= CLASS_BUILTIN | CLASS_DEFERRED;
  vm->class_fill_hook = fill;
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
