/* builtins.h: the built-in names (functions, types, exceptions) and the
 * built-in modules (sys, copy). */
#ifndef LST_BUILTINS_H
#define LST_BUILTINS_H

#include "core/vm.h"

void builtins_init(VM *vm);
bool builtins_make_module(VM *vm, Str *name, Value *out);

/* Argument helpers shared by the lib_* modules. */
bool arg_count_error(VM *vm, const char *name, int nargs, int min, int max);
static inline bool arg_count(VM *vm, const char *name, int nargs, int min, int max) {
  return (nargs >= min && nargs <= max) || arg_count_error(vm, name, nargs, min, max);
}
/* The value of keyword `name`, or UNDEF; rejects unknown keywords. */
/* TypeError unless kwnames is empty: "NAME() takes no keyword arguments". */
bool no_keywords(VM *vm, const char *name, Tuple *kwnames);
bool arg_keywords(VM *vm, const char *fname, Value *args, int nargs, Tuple *kwnames,
                  const char *const *names, Value *values, int nnames);
Native *builtins_method(VM *vm, Class *owner, const char *name, NativeFn fn, uint16_t flags);
Class *builtins_type(VM *vm, const char *name, ObjType type, NativeFn ctor, Class *base);

/* Methods of the built-in types, registered by their modules. */
void lib_list_register(VM *vm, Class *k);
void lib_str_register(VM *vm, Class *k);
void lib_dict_register(VM *vm, Class *k);
void lib_set_register(VM *vm, Class *k);
void lib_tuple_register(VM *vm, Class *k);
void lib_range_register(VM *vm, Class *k);
/* index() and count() of a list or tuple args[0], shared by both types. */
bool lib_seq_index(VM *vm, Value *args, int nargs, Tuple *kw, Value *out);
bool lib_seq_count(VM *vm, Value *args, int nargs, Tuple *kw, Value *out);
bool lib_list_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out);
bool lib_str_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out);
bool lib_dict_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out);
bool lib_set_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out);
bool lib_copy_module(VM *vm, Value *out);
/* fmt % args, printf-style. */
bool lib_str_percent(VM *vm, Str *fmt, Value args, Value *out);
bool lib_sys_module(VM *vm, Value *out);

#endif
