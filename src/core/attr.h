/* attr.h: attribute access on every kind of value, as CPython's
 * object.__getattribute__, type.__getattribute__ and their setters and
 * deleters do it.
 *
 * On an instance: a data descriptor of its class (property, or an object
 * whose class has __set__ or __delete__) comes before the instance's own
 * attributes, then other class attributes bind (functions become bound
 * methods, staticmethod and classmethod unwrap, __get__ is called), then
 * __getattr__.  A class that defines __getattribute__, __setattr__ or
 * __delattr__ takes over.  Built-in objects carry their fixed attributes
 * (a function's __name__, a slice's start ...).
 */
#ifndef LST_ATTR_H
#define LST_ATTR_H

#include "core/vm.h"

bool attr_get(VM *vm, Value obj, Str *name, Value *out);
bool attr_set(VM *vm, Value obj, Str *name, Value value);
bool attr_del(VM *vm, Value obj, Str *name);

/* object.__getattribute__, __setattr__, __delattr__ themselves: what an
 * instance does without overrides (and what super() calls reach). */
bool attr_get_generic(VM *vm, Value obj, Str *name, Value *out);
bool attr_set_generic(VM *vm, Value obj, Str *name, Value value);
bool attr_del_generic(VM *vm, Value obj, Str *name);

/* What a class attribute gives when read through obj (UNDEF when read
 * from the class itself) of class owner: descr.__get__(obj, owner). */
bool attr_bind(VM *vm, Value descr, Value obj, Value owner, Value *out);

/* A property, or an instance whose class has __set__ or __delete__. */
bool attr_is_data_descriptor(VM *vm, Value v);

/* Whether reading (or writing) name on instances of k may use the
 * instance's own attributes directly: no __getattribute__ (__setattr__)
 * override and no data descriptor of that name.  The VM's attribute
 * instructions cache the answer per class epoch. */
bool attr_plain_get(VM *vm, Class *k, Str *name);
bool attr_plain_set(VM *vm, Class *k, Str *name);

#endif
