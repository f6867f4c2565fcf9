/* error.c: the built-in exception classes, raising from C, and printing
 * tracebacks and syntax errors in CPython's format. */
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "core/error.h"
#include "core/dict.h"
#include "base/gc.h"
#include "core/list.h"
#include "core/ops.h"
#include "core/repr.h"
#include "base/str.h"

bool class_is_subclass(const Class *k, const Class *base) {
  for (; k; k = k->base)
    if (k == base) return true;
  return false;
}

bool err_matches(Value exc, const Class *klass) {
  return IS_INSTANCE(exc) && class_is_subclass(AS_INSTANCE(exc)->klass, klass);
}

bool err_memory(VM *vm) {
  vm->exc = vm->memory_error;
  vm->exc_reraised = false;
  if (IS_INSTANCE(vm->exc)) AS_INSTANCE(vm->exc)->traceback = VAL_UNDEF;
  return false;
}

bool err_set(VM *vm, Value exc) {
  vm->exc = exc;
  vm->exc_reraised = false;
  return false;
}

bool err_raise(VM *vm, Class *klass, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  Str *msg = str_cstr(vm, small);
  if (!msg) return false;
  Tuple *args = tuple_new(vm, 1);
  if (!args) return false;
  args->items[0] = OBJ_VAL(msg);
  Instance *e = instance_new(vm, klass);
  if (!e) return false;
  e->payload = OBJ_VAL(args);
  return err_set(vm, OBJ_VAL(e));
}

bool err_raise_empty(VM *vm, Class *klass) {
  Tuple *args = tuple_new(vm, 0);
  Instance *e = args ? instance_new(vm, klass) : NULL;
  if (!e) return false;
  e->payload = OBJ_VAL(args);
  return err_set(vm, OBJ_VAL(e));
}

bool err_raise_value(VM *vm, Class *klass, Value arg) {
  Tuple *args = tuple_new(vm, 1);
  if (!args) return false;
  args->items[0] = arg;
  Instance *e = instance_new(vm, klass);
  if (!e) return false;
  e->payload = OBJ_VAL(args);
  return err_set(vm, OBJ_VAL(e));
}

bool err_binop(VM *vm, const char *op, Value a, Value b) {
  return err_raise(vm, vm->b.type_error, "unsupported operand type(s) for %s: '%s' and '%s'", op,
                   value_type_name(vm, a), value_type_name(vm, b));
}

/* BaseException.__init__(self, *args): keeps args. */
static bool exc_init(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (nargs < 1 || !IS_INSTANCE(args[0])) return err_raise(vm, vm->b.type_error, "descriptor '__init__' requires an exception");
  Tuple *t = tuple_new(vm, nargs - 1);
  if (!t) return false;
  for (int i = 1; i < nargs; i++) t->items[i - 1] = args[i];
  AS_INSTANCE(args[0])->payload = OBJ_VAL(t);
  *out = VAL_NONE;
  return true;
}

static Class *make(VM *vm, const char *name, Class *base) {
  Str *s = str_intern_cstr(vm, name);
  Class *k = s ? class_new(vm, s, base) : NULL;
  if (!k) {
    fputs("lst: out of memory at startup\n", stderr);
    exit(1);
  }
  k->is_exception = 1;
  k->obj.flags |= CLASS_BUILTIN;   /* built in */
  vm_define_builtin(vm, name, OBJ_VAL(k));
  return k;
}

void err_init_classes(VM *vm) {
  Builtins *b = &vm->b;
  b->base_exception = make(vm, "BaseException", NULL);
  Native *init = native_new(vm, "__init__", exc_init, 0);
  if (!init || !dict_set_str(vm, b->base_exception->dict, vm->s_init, OBJ_VAL(init))) {
    fputs("lst: out of memory at startup\n", stderr);
    exit(1);
  }
  init->owner = b->base_exception;
  b->exception = make(vm, "Exception", b->base_exception);
  b->keyboard_interrupt = make(vm, "KeyboardInterrupt", b->base_exception);
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
  Instance *me = instance_new(vm, b->memory_error);
  Tuple *empty = tuple_new(vm, 0);
  if (!me || !empty) {
    fputs("lst: out of memory at startup\n", stderr);
    exit(1);
  }
  me->payload = OBJ_VAL(empty);
  vm->memory_error = OBJ_VAL(me);
}

/* The traceback is a chain of (code, line, next) tuples, outermost frame
 * first: frames are added as the exception leaves them, innermost first. */
void err_add_traceback(VM *vm, Value exc, Code *code, int line) {
  if (!IS_INSTANCE(exc) || exc == vm->memory_error) return;
  Instance *in = AS_INSTANCE(exc);
  Tuple *t = tuple_new(vm, 3);
  if (!t) { vm->exc = exc; return; }
  t->items[0] = OBJ_VAL(code);
  t->items[1] = SMALL_VAL(line);
  t->items[2] = IS_UNDEF(in->traceback) ? VAL_NONE : in->traceback;
  in->traceback = OBJ_VAL(t);
  vm->exc = exc;
}

/* Writes source line n (1-based) of the program without its indentation.
 * As CPython, only for a program read from a file: "<stdin>" and
 * "<string>" have no lines to show. */
static void print_source_line(VM *vm, int n, FILE *out) {
  const char *s = vm->source, *end = vm->source + vm->source_len;
  if (!s || n < 1 || !vm->filename || vm->filename[0] == '<') return;
  for (int line = 1; line < n && s < end; s++)
    if (*s == '\n') line++;
  if (s >= end) return;
  const char *e = s;
  while (e < end && *e != '\n') e++;
  while (s < e && (*s == ' ' || *s == '\t' || *s == '\f')) s++;
  while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
  if (e > s) fprintf(out, "    %.*s\n", (int)(e - s), s);
}

void err_print_last_line(VM *vm, Value exc, FILE *out) {
  if (!IS_INSTANCE(exc)) {
    fprintf(out, "SystemError: bad exception\n");
    return;
  }
  Instance *in = AS_INSTANCE(exc);
  Buf b;
  buf_init(&b);
  Value saved = vm->exc;
  vm->exc = VAL_UNDEF;
  bool ok = str_value(vm, exc, &b);
  vm->exc = saved;
  fputs(in->klass->name->data, out);
  if (!ok) fputs(": <exception str() failed>", out);
  else if (b.len) fprintf(out, ": %.*s", (int)b.len, b.data);
  fputc('\n', out);
  buf_free(&b);
}

void err_print(VM *vm, Value exc, FILE *out) {
  fflush(stdout);
  if (IS_INSTANCE(exc) && IS_TUPLE(AS_INSTANCE(exc)->traceback)) {
    fputs("Traceback (most recent call last):\n", out);
    /* as CPython: a frame line repeated more than three times in a row is
     * summarised */
    Code *last_code = NULL;
    int last_line = -1, repeats = 0;
    for (Value v = AS_INSTANCE(exc)->traceback; IS_TUPLE(v); v = AS_TUPLE(v)->items[2]) {
      Code *code = AS_CODE(AS_TUPLE(v)->items[0]);
      int line = (int)AS_SMALL(AS_TUPLE(v)->items[1]);
      if (code == last_code && line == last_line) {
        if (++repeats >= 3) continue;
      } else {
        if (repeats > 2) fprintf(out, "  [Previous line repeated %d more time%s]\n", repeats - 2, repeats - 2 == 1 ? "" : "s");
        repeats = 0;
      }
      last_code = code;
      last_line = line;
      fprintf(out, "  File \"%s\", line %d, in %s\n", vm->filename, line, code->name->data);
      print_source_line(vm, line, out);
    }
    if (repeats > 2) fprintf(out, "  [Previous line repeated %d more time%s]\n", repeats - 2, repeats - 2 == 1 ? "" : "s");
  }
  err_print_last_line(vm, exc, out);
  fflush(out);
}

void err_print_syntax(const char *filename, int line, int col, const char *source_line,
                      const char *kind, const char *msg, FILE *out) {
  fflush(stdout);
  fprintf(out, "  File \"%s\", line %d\n", filename, line);
  if (source_line) {
    const char *s = source_line;
    const char *e = s;
    while (*e && *e != '\n') e++;
    int skip = 0;
    while (s + skip < e && (s[skip] == ' ' || s[skip] == '\t')) skip++;
    while (e > s + skip && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\t')) e--;
    if (e > s + skip) {
      fprintf(out, "    %.*s\n", (int)(e - s - skip), s + skip);
      int c = col - skip;
      if (c < 0) c = 0;
      if (c > e - s - skip) c = (int)(e - s - skip);
      fprintf(out, "    %*s^\n", c, "");
    }
  }
  fprintf(out, "%s: %s\n", kind, msg);
  fflush(out);
}
