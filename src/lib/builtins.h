/* builtins.h: the library: the built-in names (functions, types,
 * exceptions) and the built-in modules (sys, copy).  The core never calls
 * it: builtins_open binds the names and installs the import hook, and the
 * host calls it once after vm_new. */
#ifndef LST_BUILTINS_H
#define LST_BUILTINS_H

#include "core/vm.h"
#include "lib/arg.h"
#include "lib/reg.h"

/* Makes every built-in class and function and binds their names. */
void builtins_open(VM *vm);
/* The import hook: the module named, made on first import. */
bool builtins_import(VM *vm, Str *name, Value *out);
/* Whether builtins_import knows the module. */
bool builtins_has_module(const char *name);

/* Methods of the built-in types, registered by their modules. */
void lib_list_register(VM *vm, Class *k);
void lib_str_register(VM *vm, Class *k);
void lib_dict_register(VM *vm, Class *k);
void lib_set_register(VM *vm, Class *k);
void lib_seq_register_tuple(VM *vm, Class *k);
void lib_seq_register_range(VM *vm, Class *k);
void lib_exceptions_register(VM *vm);
void lib_site_register(VM *vm);
void lib_object_register(VM *vm);
void lib_descr_register(VM *vm);
void lib_generator_register(VM *vm, Class *k);
void lib_strsearch_register(VM *vm, Class *k);
/* The name CPython's traceback suggests for a NameError or AttributeError
 * ("Did you mean: 'count'?"), or NULL. */
const char *lib_suggest(VM *vm, Value exc);
/* The VM's missing hook: when CPython has the name lst lacks (a builtin,
 * an attribute of obj, what super() of obj finds), raises
 * NotImplementedError naming it and returns true. */
bool lib_suggest_refuse(VM *vm, MissKind kind, Value obj, Str *name);
/* sys.stdout and sys.stderr (fd 1, 2); writing to them or to any object
 * with write() and flush(), as print does. */
void lib_stream_register(VM *vm);
bool lib_stream_new(VM *vm, int fd, Value *out);
bool lib_stream_write(VM *vm, Value file, const char *s, size_t n);
bool lib_stream_flush(VM *vm, Value file);
/* Writes to stdout (or stderr); a failed write to stdout raises OSError
 * (BrokenPipeError for a closed pipe) as CPython's does. */
bool lib_stream_put(VM *vm, bool to_stderr, const char *s, size_t n);
bool lib_stream_flush_stdout(VM *vm);
/* str.format(*args, **kwargs) and str.format_map(mapping) */
bool lib_str_format(VM *vm, Value *args, int nargs, Tuple *kw, Value *out);
bool lib_str_format_map(VM *vm, Value *args, int nargs, Tuple *kw, Value *out);
/* index() and count() of a list or tuple args[0], shared by both types. */
bool lib_seq_index(VM *vm, Value *args, int nargs, Tuple *kw, Value *out);
bool lib_seq_count(VM *vm, Value *args, int nargs, Tuple *kw, Value *out);
bool lib_list_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out);
bool lib_str_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out);
bool lib_dict_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out);
bool lib_set_new(VM *vm, Value *args, int nargs, Tuple *kw, Value *out);
bool lib_copy_module(VM *vm, Value *out);
bool lib_sys_module(VM *vm, Value *out);

#endif
