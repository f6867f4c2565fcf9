/* reg.h: registering built-in types, methods and modules (reg.c). */
#ifndef LST_REG_H
#define LST_REG_H

#include "core/vm.h"

/* A module object with an empty namespace. */
Module *reg_module_new(VM *vm, Str *name);
/* A native method of a built-in type, made when the type's namespace is
 * first used. */
void reg_method(VM *vm, Class *owner, const char *name, NativeFn fn, uint16_t flags);
/* The same, made at once, for a native the VM itself holds. */
Native *reg_method_now(VM *vm, Class *owner, const char *name, NativeFn fn, uint16_t flags);
/* Any other value in a built-in type's namespace (list.__hash__ is None). */
void reg_value(VM *vm, Class *owner, const char *name, Value value);
Class *reg_type(VM *vm, const char *name, ObjType type, NativeFn ctor, Class *base);
/* A type programs can see (type(x) prints it) but cannot name. */
Class *reg_hidden_type(VM *vm, const char *name, ObjType type);
/* A staticmethod or classmethod (wrap: OBJ_STATICMETHOD, OBJ_CLASSMETHOD)
 * of a built-in type, such as str.maketrans and dict.fromkeys; an owned
 * native names the type in its messages. */
void reg_wrapped_method(VM *vm, Class *owner, const char *name, NativeFn fn, ObjType wrap,
                        bool owned);

#endif
