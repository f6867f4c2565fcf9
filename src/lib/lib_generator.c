/* lib_generator.c: the methods of generators: send, throw and close (next()
 * and for drive them through ops_next; vm_resume runs them). */
#include "core/class.h"
#include "core/error.h"
#include "lib/builtins.h"

#define SELF ((Generator *)AS_OBJ(args[0]))

/* What a step of the generator gave: its next value, or StopIteration
 * with its return value at its end. */
static bool step_result(VM *vm, bool done, Value *out) {
  if (!done) return true;
  if (IS_NONE(*out)) return err_raise_empty(vm, vm->b.stop_iteration);
  return err_raise_value(vm, vm->b.stop_iteration, *out);
}

static bool gen_send(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "send", nargs - 1, 1, 1)) return false;
  bool done;
  if (!vm_resume(vm, SELF, args[1], VAL_UNDEF, out, &done)) return false;
  return step_result(vm, done, out);
}

/* throw(exc) or throw(type[, value]): raised at the paused yield. */
static bool gen_throw(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "throw", nargs - 1, 1, 3)) return false;
  Value exc = args[1];
  if (IS_CLASS(exc) && AS_CLASS(exc)->is_exception) {
    Value v = nargs > 2 ? args[2] : VAL_NONE;
    if (is_exc(v) && class_isinstance(vm, v, AS_CLASS(exc))) {
      exc = v;
    } else if (!vm_call(vm, exc, &v, IS_NONE(v) ? 0 : 1, NULL, &exc)) {
      return false;
    }
  } else if (!is_exc(exc)) {
    return err_raise(vm, vm->b.type_error,
                     "exceptions must be classes or instances deriving from BaseException, not %s",
                     class_name_of(vm, exc));
  } else if (nargs > 2 && !IS_NONE(args[2])) {
    return err_raise(vm, vm->b.type_error, "instance exception may not have a separate value");
  }
  bool done;
  if (!vm_resume(vm, SELF, VAL_NONE, exc, out, &done)) return false;
  return step_result(vm, done, out);
}

static bool gen_close(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "close", nargs - 1, 0, 0)) return false;
  *out = VAL_NONE;
  return vm_close(vm, SELF);
}

void lib_generator_register(VM *vm, Class *k) {
  reg_method(vm, k, "send", gen_send, 0);
  reg_method(vm, k, "throw", gen_throw, 0);
  reg_method(vm, k, "close", gen_close, 0);
}
