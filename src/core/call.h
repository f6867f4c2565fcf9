/* call.h: calling any callable: binding arguments to a Python function's
 * parameters (positional, keyword, defaults, *args), making instances of
 * classes, and calling natives. */
#ifndef LST_CALL_H
#define LST_CALL_H

#include "core/vm.h"

/* The stack holds [callee, args..., keyword values...] from `base` up to
 * vm->sp.  A native is called at once and *result set; a Python function
 * gets a new frame (*pushed set), whose result will be stored at base.
 * False with an exception pending on any error. */
bool call_setup(VM *vm, Value *base, int nargs, Tuple *kwnames, Value *result, bool *pushed);

/* Pushes a frame for a Python function called with positional arguments
 * only, which are on the stack after the function at base. */
bool call_function(VM *vm, Function *f, Value *base, int nargs, Value *result, bool *pushed);

/* Whether a call of the plain code c (Code.plain) with n arguments whose
 * locals start at args can push its frame: the arguments fit its
 * parameters and the frame fits the frame and value stacks.  Otherwise
 * call_function decides (and raises, if it must). */
static inline bool call_plain_fits(const VM *vm, const Code *c, const Value *args, int n) {
  return c->plain && n == c->nparams && vm->nframes < VM_MAX_FRAMES &&
         args + c->nlocals + c->max_stack + VM_FRAME_SLACK <= vm->stack + VM_STACK_SLOTS;
}

/* Pushes the frame of f, whose locals start at args with the parameters
 * bound; the result will be stored at *ret.  The limits were checked. */
static inline void call_push_frame(VM *vm, Function *f, Value *ret, Value *args, Value init_self) {
  Code *c = f->code;
  Frame *fr = &vm->frames[vm->nframes++];
  fr->fn = f;
  fr->code = c;
  fr->ip = c->code;
  fr->slots = args;
  fr->ret = ret;
  fr->klass = NULL;
  fr->init_self = init_self;
  fr->gen = NULL;
  fr->stop = false;
  vm->sp = args + c->nlocals;
}

/* Runs the body of a class statement: the class is made first so that the
 * methods the body defines know it (for super()). */
bool call_build_class(VM *vm, Value *base, Str *name, bool *pushed, Value *result);
/* What follows a class body, as CPython's type() does: __hash__ None
 * beside __eq__, __doc__, __new__ made static, and __set_name__ called on
 * the descriptors. */
bool call_finish_class(VM *vm, Class *k);

#endif
