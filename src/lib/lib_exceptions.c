/* lib_exceptions.c: the built-in exception classes (BaseException and its
 * tree, as CPython 3.11 arranges them), bound as names, and the MemoryError
 * instance made up front so that raising it needs no memory. OSError and
 * BrokenPipeError are made but not named: only a failed write raises them. */
#include <stdio.h>
#include <stdlib.h>

#include "base/str.h"
#include "core/class.h"
#include "core/dict.h"
#include "core/error.h"
#include "lib/builtins.h"

/* BaseException.__init__(self, *args): keeps args. */
static bool exc_init(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (nargs < 1 || !IS_INSTANCE(args[0]))
    return err_raise(vm, vm->b.type_error, "descriptor '__init__' requires an exception");
  if (kw && kw->len)
    return err_raise(vm, vm->b.type_error, "%s() takes no keyword arguments",
                     class_name_of(vm, args[0]));
  Tuple *t = obj_tuple_new(vm, nargs - 1);
  if (!t) return false;
  for (int i = 1; i < nargs; i++) t->items[i - 1] = args[i];
  AS_INSTANCE(args[0])->payload = OBJ_VAL(t);
  *out = VAL_NONE;
  return true;
}

/* SystemExit.__init__(self, *args): as BaseException's, and self.code is
 * None, the one argument, or the tuple of them. */
static bool system_exit_init(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  if (!exc_init(vm, args, nargs, kw, out)) return false;
  Value payload = AS_INSTANCE(args[0])->payload;
  Value code = nargs == 1 ? VAL_NONE : nargs == 2 ? args[1] : payload;
  return dict_set_str(vm, AS_INSTANCE(args[0])->attrs, vm->s_code, code);
}

/* OSError.__str__: "[Errno N] text" for the (errno, strerror) pair. */
static bool os_error_str(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  (void)nargs;
  Value p = IS_INSTANCE(args[0]) ? AS_INSTANCE(args[0])->payload : VAL_UNDEF;
  Str *s;
  if (IS_TUPLE(p) && AS_TUPLE(p)->len == 2 && IS_SMALL(AS_TUPLE(p)->items[0]) &&
      IS_STR(AS_TUPLE(p)->items[1])) {
    char b[256];
    snprintf(b, sizeof b, "[Errno %lld] %s", (long long)AS_SMALL(AS_TUPLE(p)->items[0]),
             AS_STR(AS_TUPLE(p)->items[1])->data);
    s = str_cstr(vm, b);
  } else {
    s = vm->s_empty;
  }
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

static Class *make_class(VM *vm, const char *name, Class *base, bool named) {
  Str *s = str_intern_cstr(vm, name);
  Class *k = s ? class_new(vm, s, base) : NULL;
  if (!k) {
    fputs("lst: out of memory at startup\n", stderr);
    exit(1);
  }
  k->is_exception = 1;
  k->obj.flags |= CLASS_BUILTIN; /* built in */
  /* as in CPython, each type has an __init__ slot wrapper of its own */
  reg_method(vm, k, "__init__", exc_init, NATIVE_SLOT | NATIVE_KW);
  if (named) vm_define_builtin(vm, name, OBJ_VAL(k));
  return k;
}

static Class *make(VM *vm, const char *name, Class *base) {
  return make_class(vm, name, base, true);
}

void lib_exceptions_register(VM *vm) {
  Builtins *b = &vm->b;
  b->base_exception = make(vm, "BaseException", NULL);
  b->exception = make(vm, "Exception", b->base_exception);
  b->keyboard_interrupt = make(vm, "KeyboardInterrupt", b->base_exception);
  b->system_exit = make(vm, "SystemExit", b->base_exception);
  b->generator_exit = make(vm, "GeneratorExit", b->base_exception);
  Str *limit_name = str_intern_cstr(vm, "LimitExceeded");
  b->limit_exceeded = limit_name ? class_new(vm, limit_name, b->base_exception) : NULL;
  if (!b->limit_exceeded) {
    fputs("lst: out of memory at startup\n", stderr);
    exit(1);
  }
  b->limit_exceeded->obj.flags |= CLASS_BUILTIN; /* not a name programs can catch */
  reg_method(vm, b->system_exit, "__init__", system_exit_init, NATIVE_SLOT | NATIVE_KW);
  b->arithmetic_error = make(vm, "ArithmeticError", b->exception);
  b->zero_division_error = make(vm, "ZeroDivisionError", b->arithmetic_error);
  b->overflow_error = make(vm, "OverflowError", b->arithmetic_error);
  b->lookup_error = make(vm, "LookupError", b->exception);
  b->index_error = make(vm, "IndexError", b->lookup_error);
  b->key_error = make(vm, "KeyError", b->lookup_error);
  b->value_error = make(vm, "ValueError", b->exception);
  b->unicode_error = make(vm, "UnicodeError", b->value_error);
  b->type_error = make(vm, "TypeError", b->exception);
  b->attribute_error = make(vm, "AttributeError", b->exception);
  b->name_error = make(vm, "NameError", b->exception);
  b->unbound_local_error = make(vm, "UnboundLocalError", b->name_error);
  b->runtime_error = make(vm, "RuntimeError", b->exception);
  b->recursion_error = make(vm, "RecursionError", b->runtime_error);
  b->not_implemented_error = make(vm, "NotImplementedError", b->runtime_error);
  b->memory_error = make(vm, "MemoryError", b->exception);
  b->stop_iteration = make(vm, "StopIteration", b->exception);
  b->assertion_error = make(vm, "AssertionError", b->exception);
  b->syntax_error = make(vm, "SyntaxError", b->exception);
  b->indentation_error = make(vm, "IndentationError", b->syntax_error);
  b->import_error = make(vm, "ImportError", b->exception);
  b->module_not_found_error = make(vm, "ModuleNotFoundError", b->import_error);
  b->os_error = make_class(vm, "OSError", b->exception, false);
  b->connection_error = make_class(vm, "ConnectionError", b->os_error, false);
  b->broken_pipe_error = make_class(vm, "BrokenPipeError", b->connection_error, false);
  reg_method(vm, b->os_error, "__str__", os_error_str, NATIVE_SLOT);
  Instance *me = class_new_instance(vm, b->memory_error);
  Tuple *empty = obj_tuple_new(vm, 0);
  if (!me || !empty) {
    fputs("lst: out of memory at startup\n", stderr);
    exit(1);
  }
  me->payload = OBJ_VAL(empty);
  vm->memory_error = OBJ_VAL(me);
}
