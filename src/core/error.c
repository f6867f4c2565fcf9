/* error.c: raising exceptions from C, matching them, and recording the
 * frames they leave.  The exception classes are the library's
 * (lib_exceptions.c); printing a traceback is the shell's (run.c). */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>

#include "base/str.h"
#include "core/class.h"

bool err_matches(Value exc, const Class *klass) {
  return IS_INSTANCE(exc) && class_is_subclass(AS_INSTANCE(exc)->klass, klass);
}

bool err_catch(VM *vm, const Class *klass) {
  if (!err_matches(vm->exc, klass)) return false;
  vm->exc = VAL_UNDEF;
  return true;
}

/* Python's implicit chaining: an exception raised while another is being
 * handled gets that one as its __context__, with any cycle through the
 * chain cut (CPython's _PyErr_SetObject). */
static void set_context(VM *vm, Value exc) {
  Value h = vm->handling;
  if (!is_exc(h) || !is_exc(exc) || h == exc) return;
  for (Value o = h; is_exc(o);) {
    Value next = AS_EXC(o)->context;
    if (next == exc) {
      AS_EXC(o)->context = VAL_NONE;
      break;
    }
    o = next;
  }
  AS_EXC(exc)->context = h;
}

bool err_set(VM *vm, Value exc) {
  set_context(vm, exc);
  vm->exc = exc;
  vm->exc_reraised = false;
  return false;
}

void err_chain(VM *vm, Value exc, Value cause, bool explicit) {
  (void)vm;
  if (!is_exc(exc)) return;
  if (explicit) {
    AS_EXC(exc)->cause = cause;
    AS_OBJ(exc)->flags |= INSTANCE_SUPPRESS;
  } else if (is_exc(cause) && cause != exc) {
    AS_EXC(exc)->context = cause;
  }
}

static bool raise_text(VM *vm, Class *klass, const char *text, uint16_t flags) {
  Str *msg = str_cstr(vm, text);
  if (!msg) return false;
  Tuple *args = obj_tuple_new(vm, 1);
  if (!args) return false;
  args->items[0] = OBJ_VAL(msg);
  Instance *e = class_new_instance(vm, klass);
  if (!e) return false;
  e->payload = OBJ_VAL(args);
  e->obj.flags |= flags;
  return err_set(vm, OBJ_VAL(e));
}

bool err_raise(VM *vm, Class *klass, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  return raise_text(vm, klass, small, 0);
}

bool err_refuse(VM *vm, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  return raise_text(vm, vm->b.not_implemented_error, small, INSTANCE_REFUSAL);
}

bool err_raise_empty(VM *vm, Class *klass) {
  Tuple *args = obj_tuple_new(vm, 0);
  Instance *e = args ? class_new_instance(vm, klass) : NULL;
  if (!e) return false;
  e->payload = OBJ_VAL(args);
  return err_set(vm, OBJ_VAL(e));
}

bool err_raise_value(VM *vm, Class *klass, Value arg) {
  Tuple *args = obj_tuple_new(vm, 1);
  if (!args) return false;
  args->items[0] = arg;
  Instance *e = class_new_instance(vm, klass);
  if (!e) return false;
  e->payload = OBJ_VAL(args);
  return err_set(vm, OBJ_VAL(e));
}

bool err_binop(VM *vm, const char *op, Value a, Value b) {
  return err_raise(vm, vm->b.type_error, "unsupported operand type(s) for %s: '%s' and '%s'", op,
                   class_name_of(vm, a), class_name_of(vm, b));
}

/* The traceback is a chain of (code, line, next) tuples, outermost frame
 * first: frames are added as the exception leaves them, innermost first. */
CodePos err_traceback_pos(const Tuple *entry) {
  uint64_t span = (uint64_t)AS_SMALL(entry->items[2]);
  CodePos at = {(int32_t)AS_SMALL(entry->items[1]),
                (int32_t)(span >> 32),
                (uint16_t)(span >> 16),
                (uint16_t)span,
                COL_NONE,
                COL_NONE};
  return at;
}

void err_add_traceback(VM *vm, Value exc, Code *code, CodePos at) {
  if (!IS_INSTANCE(exc)) return;
  Instance *in = AS_INSTANCE(exc);
  /* the MemoryError instance made at start-up gets its frames too: the
   * block that failed was usually large, and a 3-tuple still fits; if not,
   * the frames so far stay (a failed allocation raises MemoryError afresh,
   * clearing them) */
  Value had = in->traceback;
  Tuple *t = obj_tuple_new(vm, 4);
  if (!t) {
    in->traceback = had;
    vm->exc = exc;
    return;
  }
  t->items[0] = OBJ_VAL(code);
  t->items[1] = SMALL_VAL(at.line);
  t->items[2] = SMALL_VAL(((int64_t)at.end_line << 32) | ((int64_t)at.col << 16) | at.end_col);
  t->items[3] = IS_UNDEF(in->traceback) ? VAL_NONE : in->traceback;
  in->traceback = OBJ_VAL(t);
  vm->exc = exc;
}
