/* vm.c: the dispatch loop, and the VM's life cycle.
 *
 * One loop runs every Python frame: a call pushes a frame and continues in
 * the same loop, so recursion in the program never recurses in C.  Natives
 * that call back into Python (a sort key, __repr__) run a nested loop that
 * stops when the frame they pushed returns.
 *
 * Invariant: before any call out of the loop that may allocate, raise or
 * re-enter, SAVE() stores the loop's sp and ip into the VM and the frame,
 * so that nested calls build their frames above every live value, the
 * collector sees the whole stack, and errors know their line.
 */
#include "core/vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc.h"
#include "base/str.h"
#include "core/attr.h"
#include "core/call.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/finalize.h"
#include "core/format.h"
#include "core/list.h"
#include "core/number.h"
#include "core/ops.h"
#include "core/repr.h"
#include "core/set.h"
#include "core/special.h"
#include "front/opcodes.h"
#include "front/parse.h"

/* ---------------------------------------------------------- life cycle */

static Str *must_intern(VM *vm, const char *s) {
  Str *r = str_intern_cstr(vm, s);
  if (!r) {
    fputs("lst: out of memory at startup\n", stderr);
    exit(1);
  }
  return r;
}

/* super().name and super(klass, obj).name read as a value, not called at
 * once (a call takes LOAD_SUPER_METHOD): args are the name, or klass, obj
 * and the name.  The compiler calls it as a constant, so that the
 * dispatch loop has no instruction of its own for something this rare.
 * With no klass it is the calling method's class and self; as CPython,
 * obj an instance of klass binds as self, a subclass of it (in a
 * classmethod) as the class an attribute is read from. */
static bool super_attr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  Str *name = AS_STR(args[nargs - 1]);
  Value k, obj;
  bool of_class = false;
  if (nargs == 1) {
    Frame *f = &vm->frames[vm->nframes - 1];
    k = f->fn ? f->fn->klass : VAL_UNDEF;
    if (!IS_CLASS(k) || f->code->nparams < 1)
      return err_raise(vm, vm->b.runtime_error, "super(): no arguments");
    obj = f->slots[0];
    if (IS_OBJ(obj) && OBJ_TYPE(obj) == OBJ_CELL) obj = ((Cell *)AS_OBJ(obj))->v;
  } else {
    k = args[0];
    obj = args[1];
    if (!IS_CLASS(k))
      return err_raise(vm, vm->b.type_error, "super() argument 1 must be a type, not %s",
                       class_name_of(vm, k));
    of_class = IS_CLASS(obj) && class_is_subclass(AS_CLASS(obj), AS_CLASS(k));
    if (!of_class && !class_isinstance(vm, obj, AS_CLASS(k)))
      return err_raise(vm, vm->b.type_error,
                       "super(type, obj): obj must be an instance or subtype of type");
  }
  Value m = class_lookup(vm, AS_CLASS(k)->base, name);
  if (IS_UNDEF(m)) {
    if (!vm->missing_hook || !vm->missing_hook(vm, MISS_SUPER, obj, name))
      err_raise(vm, vm->b.attribute_error, "'super' object has no attribute '%s'", name->data);
    return false;
  }
  return attr_bind(vm, m, of_class ? VAL_UNDEF : obj, of_class ? obj : OBJ_VAL(class_of(vm, obj)),
                   out);
}

VM *vm_new(void) {
  /* most of the VM is tables a run seldom fills (frames a thousand deep,
   * the method cache): fresh pages, touched as they are used */
  VM *vm = mem_zeroed_pages(sizeof(VM));
  if (!vm) return NULL;
  vm->stack = malloc(sizeof(Value) * VM_STACK_SLOTS);
  if (!vm->stack) {
    mem_free_pages(vm, sizeof(VM));
    return NULL;
  }
  vm->sp = vm->stack;
  vm->next_gc = GC_MIN_HEAP;
  vm->exc = VAL_UNDEF;
  vm->handling = VAL_UNDEF;
  vm->memory_error = VAL_UNDEF;
  vm->modules = VAL_UNDEF;
  vm->sys_dict = VAL_UNDEF;
  vm->argv = VAL_UNDEF;
  vm->main_code = VAL_UNDEF;
  vm->list_rule = &list_rules[0];
  vm->native_depth = 1; /* no collection until start-up is complete */
  vm->global_index = dict_new(vm);
  if (!vm->global_index) {
    fputs("lst: out of memory at startup\n", stderr);
    exit(1);
  }
#define VM_NAME_INIT(field, text) vm->s_##field = must_intern(vm, text);
  VM_NAMES(VM_NAME_INIT)
#undef VM_NAME_INIT
  {
    static const char *const names[VM_BINOP_COUNT][3] = {
#define VM_BINOP_NAMES(stem, symbol) {"__" #stem "__", "__r" #stem "__", "__i" #stem "__"},
        VM_BINOPS(VM_BINOP_NAMES)
#undef VM_BINOP_NAMES
    };
    for (int i = 0; i < VM_BINOP_COUNT; i++)
      for (int f = 0; f < 3; f++) vm->s_binop[i][f] = must_intern(vm, names[i][f]);
  }
  Dict *mods = dict_new(vm);
  if (!mods) {
    fputs("lst: out of memory at startup\n", stderr);
    exit(1);
  }
  vm->modules = OBJ_VAL(mods);
  vm->super_attr = super_attr;
  vm->native_depth = 0;
  return vm;
}

void vm_free(VM *vm) {
  if (!vm) return;
  gc_free_all(vm);
  str_free_interned(vm);
  free(vm->globals);
  free(vm->global_default);
  free(vm->global_own);
  free(vm->global_names);
  free(vm->pending);
  free(vm->deferred);
  free(vm->stack);
  mem_free_pages(vm, sizeof(VM));
}

int vm_global_slot(VM *vm, Str *name) {
  Value v = dict_get_str(vm->global_index, name);
  if (!IS_UNDEF(v)) return (int)AS_SMALL(v);
  if (vm->nglobals == vm->globals_cap) {
    int cap = vm->globals_cap ? vm->globals_cap * 2 : 256;
    Value *g = realloc(vm->globals, sizeof(Value) * (size_t)cap);
    if (!g) return -1;
    vm->globals = g;
    Value *d = realloc(vm->global_default, sizeof(Value) * (size_t)cap);
    if (!d) return -1;
    vm->global_default = d;
    uint8_t *own = realloc(vm->global_own, (size_t)cap);
    if (!own) return -1;
    vm->global_own = own;
    Str **n = realloc(vm->global_names, sizeof(Str *) * (size_t)cap);
    if (!n) return -1;
    vm->global_names = n;
    vm->globals_cap = cap;
  }
  int slot = vm->nglobals;
  if (!dict_set_str(vm, vm->global_index, name, SMALL_VAL(slot))) return -1;
  vm->globals[slot] = VAL_UNDEF;
  vm->global_default[slot] = VAL_UNDEF;
  vm->global_own[slot] = 0;
  vm->global_names[slot] = name;
  vm->nglobals++;
  return slot;
}

void vm_define_builtin(VM *vm, const char *name, Value v) {
  int slot = vm_global_slot(vm, must_intern(vm, name));
  if (slot < 0) {
    fputs("lst: out of memory at startup\n", stderr);
    exit(1);
  }
  vm->globals[slot] = v;
  vm->global_default[slot] = v;
}

int vm_current_line(VM *vm) {
  if (vm->nframes == 0) return 0;
  Frame *f = &vm->frames[vm->nframes - 1];
  ptrdiff_t at = f->ip - f->code->code - 1;
  if (at < 0) at = 0;
  if (at >= f->code->ncode) at = f->code->ncode - 1;
  return at >= 0 ? f->code->pos[at].line : 0;
}

/* ------------------------------------------------------------- helpers */

/* A global name that is not bound: refused by name when it is one of
 * CPython's builtins that lst lacks, else CPython's NameError. */
static bool name_error(VM *vm, Str *name) {
  /* a name CPython has and lst lacks is refused by name; one lst has as
   * a built-in too is missing only from the module (del print) */
  Value slot = dict_get_str(vm->global_index, name);
  bool builtin = !IS_UNDEF(slot) && !IS_UNDEF(vm->global_default[AS_SMALL(slot)]);
  if (!builtin && vm->missing_hook && vm->missing_hook(vm, MISS_NAME, VAL_UNDEF, name))
    return false;
  err_raise(vm, vm->b.name_error, "name '%s' is not defined", name->data);
  if (!is_exc(vm->exc) || vm->exc == vm->memory_error) return false;
  /* for the traceback's "Did you mean": the name, and the names the frame
   * had bound (a function's locals, a class body's namespace) */
  ExcInstance *e = AS_EXC(vm->exc);
  e->name = OBJ_VAL(name);
  Frame *fr = vm->nframes ? &vm->frames[vm->nframes - 1] : NULL;
  if (!fr || fr->code->kind == CODE_MODULE) return false;
  int n = 0;
  if (fr->klass) {
    Dict *d = fr->klass->dict;
    Tuple *t = obj_tuple_new(vm, d->used);
    if (!t) return false;
    for (int64_t i = 0; i < d->nentries && n < t->len; i++)
      if (!IS_UNDEF(d->entries[i].key)) t->items[n++] = d->entries[i].key;
    e->obj = OBJ_VAL(t);
    return false;
  }
  Code *c = fr->code;
  for (int pass = 0; pass < 2; pass++) {
    Tuple *t = pass ? obj_tuple_new(vm, n) : NULL;
    if (pass && !t) return false;
    int k = 0;
    for (int i = 0; i < c->nlocals; i++) {
      Value v = fr->slots[i];
      if (is_obj_type(v, OBJ_CELL)) v = ((Cell *)AS_OBJ(v))->v;
      if (IS_UNDEF(v) || !c->varnames[i]) continue;
      if (t) t->items[k] = OBJ_VAL(c->varnames[i]);
      k++;
    }
    n = k;
    if (t) e->obj = OBJ_VAL(t);
  }
  return false;
}

static bool unbound_local(VM *vm, Str *name) {
  return err_raise(vm, vm->b.unbound_local_error,
                   "cannot access local variable '%s' where it is not associated with a value",
                   name->data);
}

static bool unbound_free(VM *vm) {
  return err_raise(
      vm, vm->b.name_error,
      "cannot access free variable where it is not associated with a value in enclosing scope");
}

/* How CPython names a callable in call errors: qualified, with its module
 * unless that is builtins, and "()" ("__main__.f()", "list.append()",
 * "copy.copy()"); what is no function or class by its repr. */
static void callable_name(VM *vm, Value f, Buf *out) {
  if (is_obj_type(f, OBJ_BOUND)) f = ((Bound *)AS_OBJ(f))->func;
  if (IS_FUNCTION(f)) {
    buf_addf(out, "__main__.%s()", AS_FUNCTION(f)->qualname->data);
  } else if (IS_CLASS(f)) {
    Class *k = AS_CLASS(f);
    buf_addf(out, (k->obj.flags & CLASS_BUILTIN) ? "%s()" : "__main__.%s()", k->name->data);
  } else if (IS_NATIVE(f) && AS_NATIVE(f)->owner) {
    buf_addf(out, "%s.%s()", AS_NATIVE(f)->owner->name->data, AS_NATIVE(f)->name);
  } else if (IS_NATIVE(f)) {
    /* a module's function is found in the module; any other is a built-in */
    const char *module = NULL;
    if (IS_DICT(vm->modules)) {
      Dict *mods = AS_DICT(vm->modules);
      for (int64_t i = 0; i < mods->nentries && !module; i++) {
        Value m = mods->entries[i].value;
        if (IS_UNDEF(mods->entries[i].key) || !is_obj_type(m, OBJ_MODULE)) continue;
        Module *mod = (Module *)AS_OBJ(m);
        Dict *d = mod->dict;
        for (int64_t j = 0; j < d->nentries; j++)
          if (d->entries[j].value == f) module = mod->name->data;
      }
    }
    if (module) buf_addf(out, "%s.", module);
    buf_addf(out, "%s()", AS_NATIVE(f)->name);
  } else {
    repr_str(vm, f, out);
  }
}

static void describe_callable(VM *vm, Value f, char *out, size_t cap) {
  Buf b;
  buf_init(&b);
  callable_name(vm, f, &b);
  snprintf(out, cap, "%s", b.data ? b.data : "");
  buf_free(&b);
}

static bool do_unpack(VM *vm, Value seq, int n, Value *dst) {
  const Value *items = NULL;
  int64_t len = -1;
  if (IS_TUPLE(seq)) {
    items = AS_TUPLE(seq)->items;
    len = AS_TUPLE(seq)->len;
  } else if (IS_LIST(seq)) {
    items = AS_LIST(seq)->items;
    len = AS_LIST(seq)->len;
  }
  if (items) {
    if (len < n)
      return err_raise(vm, vm->b.value_error, "not enough values to unpack (expected %d, got %lld)",
                       n, (long long)len);
    if (len > n)
      return err_raise(vm, vm->b.value_error, "too many values to unpack (expected %d)", n);
    for (int i = 0; i < n; i++) dst[n - 1 - i] = items[i];
    return true;
  }
  Value it;
  if (!ops_iter(vm, seq, &it)) {
    if (err_matches(vm->exc, vm->b.type_error)) {
      vm->exc = VAL_UNDEF;
      return err_raise(vm, vm->b.type_error, "cannot unpack non-iterable %s object",
                       class_name_of(vm, seq));
    }
    return false;
  }
  for (int i = 0; i < n; i++) {
    bool done;
    Value v;
    if (!ops_next(vm, it, &v, &done)) return false;
    if (done)
      return err_raise(vm, vm->b.value_error, "not enough values to unpack (expected %d, got %d)",
                       n, i);
    dst[n - 1 - i] = v;
  }
  bool done;
  Value extra;
  if (!ops_next(vm, it, &extra, &done)) return false;
  if (!done) return err_raise(vm, vm->b.value_error, "too many values to unpack (expected %d)", n);
  return true;
}

static bool do_format(VM *vm, Value v, int conv, Value spec, Value *out) {
  if (conv != 0) {
    Str *s = conv == 1 ? repr_str_of(vm, v) : conv == 2 ? repr_of(vm, v) : repr_ascii_of(vm, v);
    if (!s) return false;
    v = OBJ_VAL(s);
  }
  bool no_spec = IS_UNDEF(spec) || AS_STR(spec)->len == 0;
  if (no_spec && IS_STR(v)) {
    *out = v;
    return true;
  }
  Buf b;
  buf_init(&b);
  if (!format_value(vm, v, no_spec ? "" : AS_STR(spec)->data,
                    no_spec ? 0 : (size_t)AS_STR(spec)->len, &b)) {
    buf_free(&b);
    return false;
  }
  Str *r = str_from_buf(vm, &b);
  if (!r) return false;
  *out = OBJ_VAL(r);
  return true;
}

static bool do_import(VM *vm, Str *name, Value *out) {
  Dict *mods = AS_DICT(vm->modules);
  Value m = dict_get_str(mods, name);
  if (IS_UNDEF(m)) {
    if (!vm->import_hook)
      return err_raise(vm, vm->b.module_not_found_error, "No module named '%s'", name->data);
    if (!vm->import_hook(vm, name, &m)) return false;
    if (!dict_set_str(vm, mods, name, m)) return false;
  }
  *out = m;
  return true;
}

static bool exc_match(VM *vm, Value exc, Value type, bool *out) {
  if (IS_TUPLE(type)) {
    Tuple *t = AS_TUPLE(type);
    for (int64_t i = 0; i < t->len; i++) {
      if (!exc_match(vm, exc, t->items[i], out)) return false;
      if (*out) return true;
    }
    *out = false;
    return true;
  }
  if (!IS_CLASS(type) || !AS_CLASS(type)->is_exception)
    return err_raise(vm, vm->b.type_error,
                     "catching classes that do not inherit from BaseException is not allowed");
  *out = err_matches(exc, AS_CLASS(type));
  return true;
}

/* Makes the exception a raise statement names: an instance, or a class
 * called with no arguments. */
static bool make_exception(VM *vm, Value v, Value *out) {
  if (IS_CLASS(v) && AS_CLASS(v)->is_exception) {
    if (!vm_call(vm, v, NULL, 0, NULL, out)) return false;
    return true;
  }
  if (IS_INSTANCE(v) && AS_INSTANCE(v)->klass->is_exception) {
    *out = v;
    return true;
  }
  return err_raise(vm, vm->b.type_error, "exceptions must derive from BaseException");
}

/* A constant set display ({1, 2, 3}) adds its items in the order of the
 * frozenset constant CPython's compiler makes of them: built from the items
 * in order, then built again from its own iteration order when constants
 * are merged.  The items are hashable constants. */
static bool const_set_update(VM *vm, Set *target, Tuple *items) {
  Set *first = set_new(vm);
  if (!first) return false;
  for (int64_t i = 0; i < items->len; i++)
    if (!set_add(vm, first, items->items[i])) return false;
  Set *rebuilt = set_new(vm);
  if (!rebuilt) return false;
  int64_t pos = 0;
  Value k;
  while (set_next(first, &pos, &k))
    if (!set_add(vm, rebuilt, k)) return false;
  return set_update(vm, target, OBJ_VAL(rebuilt));
}

/* A with statement's manager: its bound __exit__ and its __enter__, found
 * on its class as CPython finds them, with CPython's errors. */
static bool with_enter(VM *vm, Value mgr, Value *exit, Value *enter) {
  Class *k = class_of(vm, mgr);
  *enter = class_special(vm, k, vm->s_enter);
  if (IS_UNDEF(*enter))
    return err_raise(vm, vm->b.type_error,
                     "'%s' object does not support the context manager protocol", k->name->data);
  Value m = class_special(vm, k, vm->s_exit);
  if (IS_UNDEF(m))
    return err_raise(vm, vm->b.type_error,
                     "'%s' object does not support the context manager protocol (missed "
                     "__exit__ method)",
                     k->name->data);
  return attr_bind(vm, m, mgr, OBJ_VAL(k), exit);
}

/* it.send(v) for a sub-iterator of yield from that is not a generator:
 * its own send method; *done (with its value) when it raises
 * StopIteration. */
static bool send_other(VM *vm, Value it, Value v, Value *out, bool *done) {
  *done = false;
  Str *name = str_intern_cstr(vm, "send");
  Value m = VAL_UNDEF;
  if (!name || !attr_get(vm, it, name, &m)) return false;
  if (vm_call(vm, m, &v, 1, NULL, out)) return true;
  if (!err_matches(vm->exc, vm->b.stop_iteration)) return false;
  Value exc = vm->exc;
  vm->exc = VAL_UNDEF;
  *done = true;
  Value args = AS_INSTANCE(exc)->payload;
  *out = IS_TUPLE(args) && AS_TUPLE(args)->len ? AS_TUPLE(args)->items[0] : VAL_NONE;
  return true;
}

static const Handler *find_handler(const Code *c, uint32_t at) {
  const Handler *best = NULL;
  for (int i = 0; i < c->nhandlers; i++) {
    const Handler *h = &c->handlers[i];
    if (at >= h->start && at < h->end && (!best || h->end - h->start < best->end - best->start))
      best = h;
  }
  return best;
}

/* LIST_EXTEND of a *x in a display, or (callee not UNDEF) in a call's
 * arguments: what is not iterable at all gets CPython's words for it. */
__attribute__((noinline)) static bool extend_starred(VM *vm, List *l, Value seq, Value callee) {
  if (list_extend(vm, l, seq, "[...]")) return true;
  if (!err_matches(vm->exc, vm->b.type_error) || ops_iterable(vm, seq)) return false;
  vm->exc = VAL_UNDEF;
  Buf b;
  buf_init(&b);
  if (IS_UNDEF(callee))
    buf_adds(&b, "Value");
  else {
    callable_name(vm, callee, &b);
    buf_adds(&b, " argument");
  }
  err_raise(vm, vm->b.type_error, "%s after * must be an iterable, not %s", b.data ? b.data : "",
            class_name_of(vm, seq));
  buf_free(&b);
  return false;
}

/* Where the failing instruction at `at` is in the source: for a pair of
 * loads, the name that was not bound (the first one is looked at first). */
static CodePos failing_pos(VM *vm, const Frame *frame, uint32_t at) {
  const Code *code = frame->code;
  CodePos p = code->pos[at];
  uint32_t w = code->code[at];
  uint32_t first = OP_ARG(w) & 0xFFF;
  bool second = (OP_CODE(w) == OP_LOAD_LOCAL2 && !IS_UNDEF(frame->slots[first])) ||
                (OP_CODE(w) == OP_LOAD_GLOBAL2 && !IS_UNDEF(vm->globals[first]));
  if (second) {
    p.col = p.col2;
    p.end_col = p.end_col2;
  }
  return p;
}

/* Unwinds after an error (vm->exc set, each frame's ip just past its
 * failing instruction): frame by frame, adding to the traceback, until a
 * handler takes the exception, where it returns true with that frame's ip
 * at the handler and the exception pushed; or until a frame that ends the
 * run is popped: false.  A refusal (err_refuse) is taken by no handler
 * (nor, in finalize_dropped_range, does what it drops run its cleanup).
 * Out of run(), whose registers are for the hot instructions. */
__attribute__((noinline)) static bool unwind(VM *vm) {
  for (;;) {
    Value exc = vm->exc;
    Frame *frame = &vm->frames[vm->nframes - 1];
    Code *code = frame->code;
    /* the failing instruction; a frame that has not started yet is at 0 */
    uint32_t at = frame->ip > code->code ? (uint32_t)(frame->ip - code->code - 1) : 0;
    if (!vm->exc_reraised) err_add_traceback(vm, exc, code, failing_pos(vm, frame, at));
    vm->exc_reraised = false;
    exc = vm->exc;
    const Handler *h = err_is_refusal(exc) ? NULL : find_handler(code, at);
    if (h) {
      Value *sp = frame->slots + code->nlocals + h->depth;
      if (vm->npending && vm->sp > sp) {
        /* the values the handler cuts off may hold paused generators */
        Value *old = vm->sp;
        vm->sp = sp;
        frame->ip = code->code + h->target;
        finalize_dropped_range(vm, sp, old);
        exc = vm->exc;
      }
      *sp++ = exc;
      vm->exc = VAL_UNDEF;
      frame->ip = code->code + h->target;
      vm->sp = sp;
      return true;
    }
    bool stop = frame->stop;
    Value *old = vm->sp;
    vm->sp = frame->ret;
    vm->nframes--;
    if (vm->npending && old > frame->ret) finalize_dropped_range(vm, frame->ret, old);
    if (stop) return false;
  }
}

static Function *make_function(VM *vm, Frame *fr, Code *code) {
  Function *f = obj_function_new(vm, code, code->ncaptures);
  if (!f) return NULL;
  for (int i = 0; i < code->ncaptures; i++) {
    int32_t c = code->captures[i];
    f->free[i] = c >= 0 ? (Cell *)AS_OBJ(fr->slots[c]) : fr->fn->free[-1 - c];
  }
  if (fr->klass) f->klass = OBJ_VAL(fr->klass);
  return f;
}

/* --------------------------------------------------------------- loop */

/* At a safe point: raises KeyboardInterrupt after Ctrl-C, else collects if
 * a collection is due. */
bool vm_raise_stop(VM *vm) {
  int stop = vm->interrupted;
  if (stop & VM_STOP_INTERRUPT) {
    vm->interrupted &= ~VM_STOP_INTERRUPT;
    return err_raise_empty(vm, vm->b.keyboard_interrupt);
  }
  /* the limits stay exceeded: a program that catches the error meets it again */
  if (stop & VM_STOP_TIME)
    return err_raise(vm, vm->b.limit_exceeded, "the program ran past its time limit (--max-time)");
  return true;
}

bool vm_poll_slow(VM *vm) {
  if (!vm_poll_now(vm)) return false;
  if (vm->gc_pending && vm->c_stack_base) gc_collect_in_native(vm);
  if (vm->mem_limit && vm->bytes_allocated > vm->mem_limit) return gc_memory_error(vm);
  return true;
}

static bool safepoint(VM *vm) {
  int stop = vm->interrupted;
  if ((stop & (VM_STOP_INTERRUPT | VM_STOP_TIME)) && !vm_raise_stop(vm)) return false;
  if ((stop & VM_STOP_STEPS) && --vm->steps_left < 0)
    return err_raise(vm, vm->b.limit_exceeded, "the program ran past its step limit (--max-steps)");
  gc_safepoint(vm);
  if (vm->mem_limit && vm->bytes_allocated > vm->mem_limit) return gc_memory_error(vm);
  return finalize_check_lost(vm);
}

/* LOAD_METHOD past its first case: obj (at sp[-1]) becomes the class's
 * function and obj, or the attribute and UNDEF (sp[-1], sp[0]).  The cache
 * holds what the class has for the name, or UNDEF when the class
 * overrides __getattribute__ (then every lookup is general). */
static bool load_method(VM *vm, AttrCache *ic, Value *sp) {
  Value obj = sp[-1];
  Str *name = ic->name;
  Value m = VAL_UNDEF;
  Class *k = NULL;
  if (IS_INSTANCE(obj)) {
    Instance *in = AS_INSTANCE(obj);
    if (IS_UNDEF(dict_get_str(in->attrs, name))) k = in->klass;
  } else if (!IS_OBJ(obj) || (OBJ_TYPE(obj) != OBJ_CLASS && OBJ_TYPE(obj) != OBJ_MODULE)) {
    k = class_of(vm, obj);
  }
  if (k) {
    if (ic->klass == k && ic->epoch == vm->class_epoch + 1) {
      m = ic->value;
    } else {
      m = IS_UNDEF(class_special(vm, k, vm->s_getattribute)) ? class_lookup(vm, k, name)
                                                             : VAL_UNDEF;
      ic->klass = k;
      ic->value = m;
      ic->epoch = vm->class_epoch + 1;
      ic->index = IS_FUNCTION(m) || (IS_NATIVE(m) && AS_NATIVE(m)->owner);
    }
  }
  if (IS_FUNCTION(m) || (IS_NATIVE(m) && AS_NATIVE(m)->owner)) {
    sp[-1] = m;
    sp[0] = obj;
    return true;
  }
  /* the marker goes above obj after the lookup, which may run Python code
   * (__getattr__, a property) on the stack from sp up */
  if (!attr_get(vm, obj, name, &sp[-1])) return false;
  sp[0] = VAL_UNDEF;
  return true;
}

/* Runs frames until one marked `stop` returns (true, result on the stack at
 * its ret slot) or an exception leaves it (false). */
static bool run(VM *vm) {
  static const void *const dispatch[OP_COUNT] = {
#define OP_LABEL(name, effect, kind) &&L_##name,
      OPCODES(OP_LABEL)
#undef OP_LABEL
  };
  /* Kept few, so that they all live in registers: frame, ip, sp, slots.
   * The current instruction word is ip[-1]; constants are reached through
   * the frame. */
  Frame *frame;
  const uint32_t *ip;
  Value *slots, *sp;
  Value *call_base;  /* a call being made: [callee, args...] */
  int call_n;        /* its positional arguments */
  Tuple *call_kw;    /* its keyword names, or NULL */
  bool call_pushed;  /* it pushed a frame ... */
  Value call_result; /* ... or returned at once */

#define TARGET(op) L_##op:
#define LOAD_FRAME()                      \
  do {                                    \
    frame = &vm->frames[vm->nframes - 1]; \
    ip = frame->ip;                       \
    slots = frame->slots;                 \
    sp = vm->sp;                          \
  } while (0)
#define SAVE()      \
  do {              \
    vm->sp = sp;    \
    frame->ip = ip; \
  } while (0)
/* The opcode is the word's low byte, on a little-endian machine its first
 * byte: read as a byte, the table index needs no widening of its own at
 * each of the dispatch sites the compiler makes (one instruction fewer per
 * instruction run).  A character type may read any object's bytes. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NEXT() goto *dispatch[*(const uint8_t *)(ip++)]
#else
#define NEXT() goto *dispatch[OP_CODE(*ip++)]
#endif
#define ARG     OP_ARG(ip[-1])
#define CONSTS  (frame->code->consts)
#define PUSH(v) (*sp++ = (v))
#define POP()   (*--sp)
#define TOP     (sp[-1])
#define CHECK(expr)          \
  do {                       \
    SAVE();                  \
    if (!(expr)) goto error; \
  } while (0)

  /* What FOR_ITER and an in-place operator make is nearly always stored
   * next, in a local or (at the top level) a global: such an instruction
   * ends with PUSH_OR_STORE, which does the store itself, as STORE_LOCAL or
   * STORE_GLOBAL would, when no finalizer is pending (the old value may be
   * the last reference to a paused generator, whose finally then runs: the
   * store instruction does that), and otherwise pushes v. */
#define PUSH_OR_STORE(v)                       \
  do {                                         \
    Value v_ = (v);                            \
    if (!vm->npending) {                       \
      uint32_t next_ = *ip;                    \
      if (OP_CODE(next_) == OP_STORE_LOCAL) {  \
        ip++;                                  \
        slots[OP_ARG(next_)] = v_;             \
        NEXT();                                \
      }                                        \
      if (OP_CODE(next_) == OP_STORE_GLOBAL) { \
        ip++;                                  \
        vm->globals[OP_ARG(next_)] = v_;       \
        vm->global_own[OP_ARG(next_)] = 1;     \
        NEXT();                                \
      }                                        \
    }                                          \
    PUSH(v_);                                  \
    NEXT();                                    \
  } while (0)

  LOAD_FRAME();
  /* a generator resumed by throw() starts with the exception raised */
  if (!IS_UNDEF(vm->exc)) goto error;
  /* entering Python code from a native (a key function, a special method,
   * a generator that sum() resumes) is a safe point too: a native's loop
   * has none of its own, and the code it calls may have neither loop nor
   * call */
  if (vm->gc_pending | vm->interrupted) {
    SAVE();
    if (!safepoint(vm)) goto error;
  }
  NEXT();

  TARGET(NOP) { NEXT(); }
  TARGET(POP) {
    sp--;
    NEXT();
  }
  TARGET(POP_ITER) {
    Value it = POP();
    if (vm->npending) CHECK(finalize_dropped(vm, it));
    NEXT();
  }
  TARGET(DUP) {
    sp[0] = sp[-1];
    sp++;
    NEXT();
  }
  TARGET(DUP2) {
    sp[0] = sp[-2];
    sp[1] = sp[-1];
    sp += 2;
    NEXT();
  }
  TARGET(ROT2) {
    Value t = sp[-1];
    sp[-1] = sp[-2];
    sp[-2] = t;
    NEXT();
  }
  TARGET(ROT3) {
    Value t = sp[-1];
    sp[-1] = sp[-2];
    sp[-2] = sp[-3];
    sp[-3] = t;
    NEXT();
  }
  TARGET(ROT4) {
    Value t = sp[-1];
    sp[-1] = sp[-2];
    sp[-2] = sp[-3];
    sp[-3] = sp[-4];
    sp[-4] = t;
    NEXT();
  }
  TARGET(LOAD_CONST) {
    PUSH(CONSTS[ARG]);
    NEXT();
  }
  TARGET(LOAD_SMALL) {
    PUSH(SMALL_VAL((int64_t)ARG - SMALL_BIAS));
    NEXT();
  }
  TARGET(LOAD_NONE) {
    PUSH(VAL_NONE);
    NEXT();
  }
  TARGET(LOAD_TRUE) {
    PUSH(VAL_TRUE);
    NEXT();
  }
  TARGET(LOAD_FALSE) {
    PUSH(VAL_FALSE);
    NEXT();
  }
  TARGET(LOAD_LOCAL) {
    Value v = slots[ARG];
    if (IS_UNDEF(v)) {
      SAVE();
      unbound_local(vm, frame->code->varnames[ARG]);
      goto error;
    }
    PUSH(v);
    NEXT();
  }
  TARGET(LOAD_LOCAL2) {
    Value a = slots[ARG & 0xFFF], b = slots[ARG >> 12];
    if (IS_UNDEF(a) || IS_UNDEF(b)) {
      SAVE();
      unbound_local(vm, frame->code->varnames[IS_UNDEF(a) ? ARG & 0xFFF : ARG >> 12]);
      goto error;
    }
    sp[0] = a;
    sp[1] = b;
    sp += 2;
    NEXT();
  }
  TARGET(STORE_LOCAL) {
    /* while generators paused in try blocks are about, what a store
     * overwrites may be the last reference to one (finalize.c) */
    if (vm->npending) {
      Value old = slots[ARG];
      slots[ARG] = POP();
      CHECK(finalize_dropped(vm, old));
      NEXT();
    }
    slots[ARG] = POP();
    NEXT();
  }
  TARGET(DELETE_LOCAL) {
    if (IS_UNDEF(slots[ARG])) {
      SAVE();
      unbound_local(vm, frame->code->varnames[ARG]);
      goto error;
    }
    Value old = slots[ARG];
    slots[ARG] = VAL_UNDEF;
    if (vm->npending) CHECK(finalize_dropped(vm, old));
    NEXT();
  }
  TARGET(LOAD_CELL) {
    Value v = ((Cell *)AS_OBJ(slots[ARG]))->v;
    if (IS_UNDEF(v)) {
      SAVE();
      unbound_local(vm, frame->code->varnames[ARG]);
      goto error;
    }
    PUSH(v);
    NEXT();
  }
  TARGET(STORE_CELL) {
    ((Cell *)AS_OBJ(slots[ARG]))->v = POP();
    NEXT();
  }
  TARGET(DELETE_CELL) {
    ((Cell *)AS_OBJ(slots[ARG]))->v = VAL_UNDEF;
    NEXT();
  }
  TARGET(LOAD_FREE) {
    Value v = frame->fn->free[ARG]->v;
    if (IS_UNDEF(v)) {
      SAVE();
      unbound_free(vm);
      goto error;
    }
    PUSH(v);
    NEXT();
  }
  TARGET(STORE_FREE) {
    frame->fn->free[ARG]->v = POP();
    NEXT();
  }
  TARGET(DELETE_FREE) {
    frame->fn->free[ARG]->v = VAL_UNDEF;
    NEXT();
  }
  TARGET(LOAD_GLOBAL) {
    Value v = vm->globals[ARG];
    if (IS_UNDEF(v)) {
      SAVE();
      name_error(vm, vm->global_names[ARG]);
      goto error;
    }
    PUSH(v);
    NEXT();
  }
  TARGET(LOAD_GLOBAL2) {
    Value a = vm->globals[ARG & 0xFFF], b = vm->globals[ARG >> 12];
    if (IS_UNDEF(a) || IS_UNDEF(b)) {
      SAVE();
      name_error(vm, vm->global_names[IS_UNDEF(a) ? ARG & 0xFFF : ARG >> 12]);
      goto error;
    }
    sp[0] = a;
    sp[1] = b;
    sp += 2;
    NEXT();
  }
  TARGET(STORE_GLOBAL) {
    Value old = vm->globals[ARG];
    vm->globals[ARG] = POP();
    vm->global_own[ARG] = 1;
    if (vm->npending) CHECK(finalize_dropped(vm, old));
    NEXT();
  }
  TARGET(DELETE_GLOBAL) {
    if (!vm->global_own[ARG]) {
      SAVE();
      name_error(vm, vm->global_names[ARG]);
      goto error;
    }
    vm->global_own[ARG] = 0;
    Value old = vm->globals[ARG];
    vm->globals[ARG] = vm->global_default[ARG];
    if (vm->npending) CHECK(finalize_dropped(vm, old));
    NEXT();
  }
  TARGET(LOAD_NAME) {
    Str *name = AS_STR(CONSTS[ARG]);
    Value v = frame->klass ? dict_get_str(frame->klass->dict, name) : VAL_UNDEF;
    if (IS_UNDEF(v)) {
      Value slot = dict_get_str(vm->global_index, name);
      if (!IS_UNDEF(slot)) v = vm->globals[AS_SMALL(slot)];
    }
    if (IS_UNDEF(v)) {
      SAVE();
      name_error(vm, name);
      goto error;
    }
    PUSH(v);
    NEXT();
  }
  TARGET(STORE_NAME) {
    Value v = POP();
    class_changed(vm);
    CHECK(dict_set_str(vm, frame->klass->dict, AS_STR(CONSTS[ARG]), v));
    NEXT();
  }
  TARGET(DELETE_NAME) {
    bool found;
    class_changed(vm);
    CHECK(dict_del(vm, frame->klass->dict, CONSTS[ARG], &found));
    if (!found) {
      name_error(vm, AS_STR(CONSTS[ARG]));
      goto error;
    }
    NEXT();
  }
  TARGET(LOAD_ATTR) {
    /* an instance's own attribute: at the cached position, or found by
     * identity of the interned name; allowed while the cache says the
     * class neither overrides __getattribute__ nor has a data descriptor
     * of the name */
    AttrCache *ic = &frame->code->caches[ARG];
    Value obj = TOP;
    if (IS_INSTANCE(obj)) {
      Instance *in = AS_INSTANCE(obj);
      if (ic->klass != in->klass || ic->epoch != vm->class_epoch + 1) {
        ic->klass = in->klass;
        ic->value = BOOL_VAL(attr_plain_get(vm, in->klass, ic->name));
        ic->epoch = vm->class_epoch + 1;
      }
      Dict *attrs = in->attrs;
      Value key = OBJ_VAL(ic->name);
      int64_t i = ic->index;
      if (ic->value == VAL_TRUE) {
        if ((uint64_t)i < (uint64_t)attrs->nentries && attrs->entries[i].key == key) {
          TOP = attrs->entries[i].value;
          NEXT();
        }
        if (!attrs->index)
          for (i = 0; i < attrs->nentries; i++)
            if (attrs->entries[i].key == key) {
              ic->index = i;
              TOP = attrs->entries[i].value;
              NEXT();
            }
      }
    }
    CHECK(attr_get(vm, obj, ic->name, &TOP));
    NEXT();
  }
  TARGET(STORE_ATTR) {
    AttrCache *ic = &frame->code->caches[ARG];
    Value obj = POP(), v = POP();
    if (IS_INSTANCE(obj)) {
      Instance *in = AS_INSTANCE(obj);
      if (ic->klass != in->klass || ic->epoch != vm->class_epoch + 1) {
        ic->klass = in->klass;
        ic->value = BOOL_VAL(attr_plain_set(vm, in->klass, ic->name));
        ic->epoch = vm->class_epoch + 1;
      }
      Dict *attrs = in->attrs;
      Value key = OBJ_VAL(ic->name);
      int64_t i = ic->index;
      if (ic->value == VAL_TRUE) {
        if ((uint64_t)i < (uint64_t)attrs->nentries && attrs->entries[i].key == key) {
          attrs->entries[i].value = v;
          NEXT();
        }
        if (!attrs->index) {
          for (i = 0; i < attrs->nentries; i++)
            if (attrs->entries[i].key == key) {
              ic->index = i;
              attrs->entries[i].value = v;
              NEXT();
            }
          /* a new attribute: identity decides absence when every key is interned */
          if (!(attrs->obj.flags & DICT_MIXED_KEYS) && attrs->nentries < attrs->entries_cap) {
            ic->index = attrs->nentries;
            dict_append_new_str(attrs, ic->name, v);
            NEXT();
          }
        }
      }
    }
    /* the operands stay on the stack (above sp) where the collector sees
     * them only if pushed back: a setter may run Python code */
    sp += 2;
    CHECK(attr_set(vm, obj, ic->name, v));
    sp -= 2;
    NEXT();
  }
  TARGET(DELETE_ATTR) {
    Value obj = POP();
    CHECK(attr_del(vm, obj, frame->code->caches[ARG].name));
    NEXT();
  }
  TARGET(LOAD_METHOD) {
    /* obj.name(...) without a bound method: the class's function and obj.
     * The cache holds what the class has for name, or UNDEF when the
     * class overrides __getattribute__ (then every lookup is general). */
    AttrCache *ic = &frame->code->caches[ARG];
    Value obj = TOP;
    /* the commonest hit first: a method of a built-in object's class
     * (ic->index 1: the cached value is called unbound, as below).  No
     * epoch to check: a built-in class lives as long as the VM and its
     * dict never changes, so an entry made for it stays true, and no
     * other class can come back at its address */
    if (IS_OBJ(obj) && ic->index == 1 && ic->klass == class_by_type(vm, AS_OBJ(obj))) {
      sp[-1] = ic->value;
      PUSH(obj);
      NEXT();
    }
    SAVE();
    if (!load_method(vm, ic, sp)) goto error;
    sp++;
    NEXT();
  }
  TARGET(LOAD_METHOD_APPEND) {
    /* obj.append(x) on an exact list: its append is list.append, always
     * (list's dict never changes and a list has no attributes of its own),
     * so no cache is read; anything else is looked up as LOAD_METHOD does */
    if (IS_LIST(TOP)) {
      Value obj = TOP;
      sp[-1] = OBJ_VAL(vm->list_append);
      PUSH(obj);
      NEXT();
    }
    SAVE();
    if (!load_method(vm, &frame->code->caches[ARG], sp)) goto error;
    sp++;
    NEXT();
  }
  TARGET(LOAD_SUPER_METHOD) {
    Str *name = frame->code->caches[ARG].name;
    Value k = frame->fn->klass;
    if (!IS_CLASS(k) || frame->code->nparams < 1) {
      SAVE();
      err_raise(vm, vm->b.runtime_error, "super(): no arguments");
      goto error;
    }
    Value self = slots[0];
    if (IS_OBJ(self) && OBJ_TYPE(self) == OBJ_CELL) self = ((Cell *)AS_OBJ(self))->v;
    Value m = class_lookup(vm, AS_CLASS(k)->base, name);
    if (IS_UNDEF(m)) {
      SAVE();
      if (!vm->missing_hook || !vm->missing_hook(vm, MISS_SUPER, self, name))
        err_raise(vm, vm->b.attribute_error, "'super' object has no attribute '%s'", name->data);
      goto error;
    }
    if (IS_FUNCTION(m) || (IS_NATIVE(m) && AS_NATIVE(m)->owner)) {
      PUSH(m);
      PUSH(self);
      NEXT();
    }
    /* staticmethod, classmethod, property ...: bound as attribute access binds */
    PUSH(m);
    CHECK(attr_bind(vm, m, self, OBJ_VAL(class_of(vm, self)), &TOP));
    PUSH(VAL_UNDEF);
    NEXT();
  }
  TARGET(SUBSCR) {
    Value key = sp[-1], obj = sp[-2];
    if (IS_LIST(obj) && IS_SMALL(key)) {
      List *l = AS_LIST(obj);
      int64_t i = AS_SMALL(key);
      if (i < 0) i += l->len;
      if ((uint64_t)i < (uint64_t)l->len) {
        sp[-2] = l->items[i];
        sp--;
        NEXT();
      }
    }
    CHECK(ops_getitem(vm, obj, key, &sp[-2]));
    sp--;
    NEXT();
  }
  TARGET(STORE_SUBSCR) {
    Value key = sp[-1], obj = sp[-2], v = sp[-3];
    if (IS_LIST(obj) && IS_SMALL(key)) {
      List *l = AS_LIST(obj);
      int64_t i = AS_SMALL(key);
      if (i < 0) i += l->len;
      if ((uint64_t)i < (uint64_t)l->len) {
        l->items[i] = v;
        sp -= 3;
        NEXT();
      }
    }
    CHECK(ops_setitem(vm, obj, key, v));
    sp -= 3;
    NEXT();
  }
  TARGET(DELETE_SUBSCR) {
    CHECK(ops_delitem(vm, sp[-2], sp[-1]));
    sp -= 2;
    NEXT();
  }
  TARGET(SLICE) {
    CHECK(ops_getslice(vm, sp[-4], sp[-3], sp[-2], sp[-1], &sp[-4]));
    sp -= 3;
    NEXT();
  }
  TARGET(STORE_SLICE) {
    CHECK(ops_setslice(vm, sp[-4], sp[-3], sp[-2], sp[-1], sp[-5]));
    sp -= 5;
    NEXT();
  }
  TARGET(DELETE_SLICE) {
    CHECK(ops_delslice(vm, sp[-4], sp[-3], sp[-2], sp[-1]));
    sp -= 4;
    NEXT();
  }

/* Small ints are tagged 2x+1, so +, - and * work on the tagged words
 * themselves: (2x+1) + 2y = 2(x+y)+1, (2x+1) - 2y = 2(x-y)+1 and
 * 2x * y = 2xy, whose low bit is then set. The machine's overflow flag is
 * then exactly "the result is not a small int". &, | keep the tag; ^ clears
 * it. */
#define TAGGED(v) ((int64_t)(v))
/* a op b on two small ints, when the result is one: `finish` takes it,
 * with a and b still on the stack (BINARY_RESULT or INPLACE_RESULT) */
#define FAST_TAGGED_OP(builtin, lhs, rhs, finish)                       \
  do {                                                                  \
    Value b = sp[-1], a = sp[-2];                                       \
    int64_t r;                                                          \
    if ((a & b & 1) && !builtin(lhs, rhs, &r)) finish((Value)r | 1, 2); \
  } while (0)
/* the result of an operation on the n values on top of the stack: in
 * their place, or for x op= y stored at once by the instruction after */
#define BINARY_RESULT(v, n) \
  do {                      \
    sp -= (n)-1;            \
    TOP = (v);              \
    NEXT();                 \
  } while (0)
#define INPLACE_RESULT(v, n) \
  do {                       \
    sp -= (n);               \
    PUSH_OR_STORE(v);        \
  } while (0)
#define FAST_BITWISE_OP(cop)      \
  do {                            \
    Value b = sp[-1], a = sp[-2]; \
    if (a & b & 1) {              \
      sp[-2] = (a cop b) | 1;     \
      sp--;                       \
      NEXT();                     \
    }                             \
  } while (0)
#define SLOW_BINARY()                                                \
  do {                                                               \
    CHECK(ops_binary(vm, OP_CODE(ip[-1]), sp[-2], sp[-1], &sp[-2])); \
    sp--;                                                            \
    NEXT();                                                          \
  } while (0)
  TARGET(ADD) {
    FAST_TAGGED_OP(__builtin_add_overflow, TAGGED(a), TAGGED(b - 1), BINARY_RESULT);
    SLOW_BINARY();
  }
  TARGET(SUB) {
    FAST_TAGGED_OP(__builtin_sub_overflow, TAGGED(a), TAGGED(b - 1), BINARY_RESULT);
    SLOW_BINARY();
  }
  TARGET(MUL) {
    FAST_TAGGED_OP(__builtin_mul_overflow, TAGGED(a - 1), AS_SMALL(b), BINARY_RESULT);
    SLOW_BINARY();
  }
#define SLOW_INPLACE(op)                                   \
  do {                                                     \
    CHECK(ops_inplace(vm, (op), sp[-2], sp[-1], &sp[-2])); \
    sp--;                                                  \
    NEXT();                                                \
  } while (0)
  TARGET(INPLACE) { SLOW_INPLACE((Opcode)ARG); }
  TARGET(INPLACE_ADD) {
    FAST_TAGGED_OP(__builtin_add_overflow, TAGGED(a), TAGGED(b - 1), INPLACE_RESULT);
    SLOW_INPLACE(OP_ADD);
  }
  TARGET(INPLACE_SUB) {
    FAST_TAGGED_OP(__builtin_sub_overflow, TAGGED(a), TAGGED(b - 1), INPLACE_RESULT);
    SLOW_INPLACE(OP_SUB);
  }
  TARGET(DIV) { SLOW_BINARY(); }
  TARGET(FLOORDIV) {
    Value b = sp[-1], a = sp[-2];
    if (IS_SMALL(a) && IS_SMALL(b) && AS_SMALL(b) > 0) {
      int64_t x = AS_SMALL(a), y = AS_SMALL(b), q = x / y;
      if ((x % y != 0) && (x < 0)) q--;
      sp[-2] = SMALL_VAL(q);
      sp--;
      NEXT();
    }
    SLOW_BINARY();
  }
  TARGET(MOD) {
    Value b = sp[-1], a = sp[-2];
    if (IS_SMALL(a) && IS_SMALL(b) && AS_SMALL(b) > 0) {
      int64_t m = AS_SMALL(a) % AS_SMALL(b);
      if (m < 0) m += AS_SMALL(b);
      sp[-2] = SMALL_VAL(m);
      sp--;
      NEXT();
    }
    SLOW_BINARY();
  }
  TARGET(POW) { SLOW_BINARY(); }
  TARGET(LSHIFT) { SLOW_BINARY(); }
  TARGET(RSHIFT) { SLOW_BINARY(); }
  TARGET(AND) {
    FAST_BITWISE_OP(&);
    SLOW_BINARY();
  }
  TARGET(OR) {
    FAST_BITWISE_OP(|);
    SLOW_BINARY();
  }
  TARGET(XOR) {
    FAST_BITWISE_OP(^);
    SLOW_BINARY();
  }
#define K_VALUE ((int64_t)(ARG & 0xFFFFFF) - K_BIAS)
/* TOP op k, in general by ops (ops_binary, or ops_inplace for x op= k) */
#define SLOW_K(ops, op)                                  \
  do {                                                   \
    CHECK(ops(vm, (op), TOP, SMALL_VAL(K_VALUE), &TOP)); \
    NEXT();                                              \
  } while (0)
#define SLOW_BINARY_K(op) SLOW_K(ops_binary, op)
#define FAST_TAGGED_K(builtin, lhs, rhs, finish)                      \
  do {                                                                \
    int64_t r;                                                        \
    if ((TOP & 1) && !builtin(lhs, rhs, &r)) finish((Value)r | 1, 1); \
  } while (0)
  TARGET(INPLACE_ADD_K) {
    FAST_TAGGED_K(__builtin_add_overflow, TAGGED(TOP), 2 * K_VALUE, INPLACE_RESULT);
    SLOW_K(ops_inplace, OP_ADD);
  }
  TARGET(INPLACE_SUB_K) {
    FAST_TAGGED_K(__builtin_sub_overflow, TAGGED(TOP), 2 * K_VALUE, INPLACE_RESULT);
    SLOW_K(ops_inplace, OP_SUB);
  }
  TARGET(ADD_K) {
    FAST_TAGGED_K(__builtin_add_overflow, TAGGED(TOP), 2 * K_VALUE, BINARY_RESULT);
    SLOW_BINARY_K(OP_ADD);
  }
  TARGET(SUB_K) {
    FAST_TAGGED_K(__builtin_sub_overflow, TAGGED(TOP), 2 * K_VALUE, BINARY_RESULT);
    SLOW_BINARY_K(OP_SUB);
  }
  TARGET(MUL_K) {
    FAST_TAGGED_K(__builtin_mul_overflow, TAGGED(TOP - 1), K_VALUE, BINARY_RESULT);
    SLOW_BINARY_K(OP_MUL);
  }
  TARGET(MOD_K) {
    if (IS_SMALL(TOP) && K_VALUE > 0 && (K_VALUE & (K_VALUE - 1)) == 0) {
      /* a power of two: the mask gives Python's non-negative remainder */
      TOP = SMALL_VAL(AS_SMALL(TOP) & (K_VALUE - 1));
      NEXT();
    }
    if (IS_SMALL(TOP) && K_VALUE > 0) {
      int64_t m = AS_SMALL(TOP) % K_VALUE;
      if (m < 0) m += K_VALUE;
      TOP = SMALL_VAL(m);
      NEXT();
    }
    SLOW_BINARY_K(OP_MOD);
  }
  TARGET(FLOORDIV_K) {
    if (IS_SMALL(TOP) && K_VALUE > 0) {
      int64_t x = AS_SMALL(TOP), q = x / K_VALUE;
      if (x % K_VALUE != 0 && x < 0) q--;
      TOP = SMALL_VAL(q);
      NEXT();
    }
    SLOW_BINARY_K(OP_FLOORDIV);
  }
  TARGET(COMPARE_K) {
    int cmp = (int)(ARG & 0xF);
    int64_t k = (int64_t)(ARG >> 4) - K_BIAS;
    Value a = TOP;
    if (IS_SMALL(a)) {
      int64_t x = AS_SMALL(a);
      bool r = cmp == CMP_LT   ? x < k
               : cmp == CMP_LE ? x <= k
               : cmp == CMP_EQ ? x == k
               : cmp == CMP_NE ? x != k
               : cmp == CMP_GT ? x > k
                               : x >= k;
      if (OP_CODE(*ip) == OP_JUMP_IF_FALSE) {
        sp--;
        ip = r ? ip + 1 : frame->code->code + OP_ARG(*ip);
        NEXT();
      }
      TOP = BOOL_VAL(r);
      NEXT();
    }
    CHECK(ops_compare(vm, cmp, a, SMALL_VAL(k), &TOP));
    NEXT();
  }
  TARGET(NEG) {
    if (IS_SMALL(TOP) && AS_SMALL(TOP) != SMALL_MIN) {
      TOP = SMALL_VAL(-AS_SMALL(TOP));
      NEXT();
    }
    CHECK(ops_unary(vm, OP_NEG, TOP, &TOP));
    NEXT();
  }
  TARGET(POS) {
    CHECK(ops_unary(vm, OP_POS, TOP, &TOP));
    NEXT();
  }
  TARGET(INVERT) {
    CHECK(ops_unary(vm, OP_INVERT, TOP, &TOP));
    NEXT();
  }
  TARGET(NOT) {
    Value v = TOP;
    if (IS_BOOL(v)) {
      TOP = v == VAL_TRUE ? VAL_FALSE : VAL_TRUE;
      NEXT();
    }
    bool t;
    CHECK(ops_truthy(vm, v, &t));
    TOP = BOOL_VAL(!t);
    NEXT();
  }
  TARGET(COMPARE) {
    Value b = sp[-1], a = sp[-2];
    if (ARG >= CMP_IS) {
      sp[-2] = BOOL_VAL((a == b) == (ARG == CMP_IS));
      sp--;
      NEXT();
    }
    if (IS_SMALL(a) && IS_SMALL(b)) {
      int64_t x = (int64_t)a, y = (int64_t)b; /* tagging preserves order */
      bool r;
      switch (ARG) {
      case CMP_LT: r = x < y; break;
      case CMP_LE: r = x <= y; break;
      case CMP_EQ:
      case CMP_IS: r = x == y; break;
      case CMP_NE:
      case CMP_IS_NOT: r = x != y; break;
      case CMP_GT: r = x > y; break;
      case CMP_GE: r = x >= y; break;
      default: goto compare_slow;
      }
      sp -= 2;
      /* a comparison is nearly always tested at once: take the jump here */
      if (OP_CODE(*ip) == OP_JUMP_IF_FALSE) {
        uint32_t target = OP_ARG(*ip);
        ip = r ? ip + 1 : frame->code->code + target;
        NEXT();
      }
      *sp++ = BOOL_VAL(r);
      NEXT();
    }
compare_slow:
    CHECK(ops_compare(vm, (int)ARG, a, b, &sp[-2]));
    sp--;
    NEXT();
  }
  TARGET(JUMP) {
    ip = frame->code->code + ARG;
    NEXT();
  }
  /* loops and calls are the safe points: a collection may run, and Ctrl-C
   * is noticed (with ip still on the backward jump, for the traceback).
   * Written out in each instruction that jumps back, as a label they
   * shared would make the compiler move registers about where it joins. */
#define LOOP_BACK()                         \
  do {                                      \
    if (vm->gc_pending | vm->interrupted) { \
      SAVE();                               \
      if (!safepoint(vm)) goto error;       \
    }                                       \
    ip -= ARG;                              \
    NEXT();                                 \
  } while (0)
  TARGET(LOOP) { LOOP_BACK(); }
  TARGET(JUMP_IF_FALSE) {
    Value v = POP();
    if (v == VAL_FALSE) {
      ip = frame->code->code + ARG;
      NEXT();
    }
    if (v == VAL_TRUE) NEXT();
    bool t;
    CHECK(ops_truthy(vm, v, &t));
    if (!t) ip = frame->code->code + ARG;
    NEXT();
  }
  TARGET(JUMP_IF_TRUE) {
    Value v = POP();
    if (v == VAL_TRUE) {
      ip = frame->code->code + ARG;
      NEXT();
    }
    if (v == VAL_FALSE) NEXT();
    bool t;
    CHECK(ops_truthy(vm, v, &t));
    if (t) ip = frame->code->code + ARG;
    NEXT();
  }
  TARGET(JUMP_IF_FALSE_OR_POP) {
    bool t;
    CHECK(ops_truthy(vm, TOP, &t));
    if (!t)
      ip = frame->code->code + ARG;
    else
      sp--;
    NEXT();
  }
  TARGET(JUMP_IF_TRUE_OR_POP) {
    bool t;
    CHECK(ops_truthy(vm, TOP, &t));
    if (t)
      ip = frame->code->code + ARG;
    else
      sp--;
    NEXT();
  }
  /* a cmp b tested at once: two small ints are compared here, anything
   * else as COMPARE and JUMP_IF_FALSE would (the result's truth may run
   * code, so both stay on the stack meanwhile) */
#define JUMP_UNLESS(cmp, cop)                                         \
  TARGET(JUMP_UNLESS_##cmp) {                                         \
    Value b = sp[-1], a = sp[-2];                                     \
    if (a & b & 1) { /* both small ints: tagging preserves order */   \
      sp -= 2;                                                        \
      if (!((int64_t)a cop(int64_t) b)) ip = frame->code->code + ARG; \
      NEXT();                                                         \
    }                                                                 \
    goto jump_unless_slow;                                            \
  }
  JUMP_UNLESS(LT, <)
  JUMP_UNLESS(LE, <=)
  JUMP_UNLESS(EQ, ==)
  JUMP_UNLESS(NE, !=)
  JUMP_UNLESS(GT, >)
  JUMP_UNLESS(GE, >=)
#undef JUMP_UNLESS
  TARGET(JUMP_UNLESS_IS) {
    sp -= 2;
    if (sp[0] != sp[1]) ip = frame->code->code + ARG;
    NEXT();
  }
  TARGET(JUMP_UNLESS_IS_NOT) {
    sp -= 2;
    if (sp[0] == sp[1]) ip = frame->code->code + ARG;
    NEXT();
  }
  /* any other operands: the comparison's result, whatever object it is,
   * and then its truth (t), the one below kept on the stack meanwhile */
#define COMPARE_TRUTH(first, t)                            \
  do {                                                     \
    int cmp_ = (int)OP_CODE(ip[-1]) - (first);             \
    CHECK(ops_compare(vm, cmp_, sp[-2], sp[-1], &sp[-2])); \
    sp--;                                                  \
    CHECK(ops_truthy(vm, TOP, &t));                        \
    sp--;                                                  \
  } while (0)
jump_unless_slow : {
  bool t;
  COMPARE_TRUTH(OP_JUMP_UNLESS_LT, t);
  if (!t) ip = frame->code->code + ARG;
  NEXT();
}
/* the same test at a while loop's bottom, jumping back when it holds */
#define LOOP_IF(cmp, cop)                         \
  TARGET(LOOP_IF_##cmp) {                         \
    Value b = sp[-1], a = sp[-2];                 \
    if (a & b & 1) {                              \
      sp -= 2;                                    \
      if ((int64_t)a cop(int64_t) b) LOOP_BACK(); \
      NEXT();                                     \
    }                                             \
    goto loop_if_slow;                            \
  }
  LOOP_IF(LT, <)
  LOOP_IF(LE, <=)
  LOOP_IF(EQ, ==)
  LOOP_IF(NE, !=)
  LOOP_IF(GT, >)
  LOOP_IF(GE, >=)
#undef LOOP_IF
loop_if_slow : {
  bool t;
  COMPARE_TRUTH(OP_LOOP_IF_LT, t);
  if (!t) NEXT();
  LOOP_BACK();
}
  TARGET(GET_ITER) {
    CHECK(ops_iter(vm, TOP, &TOP));
    NEXT();
  }
  /* a for loop's test, at its bottom: with the next item it jumps back to
   * the body (ip -= arg), and when the iterator is done it pops it and
   * falls through.  The jump back is the loop's safe point, as LOOP is a
   * while loop's: taken with the item pushed (where the collector sees
   * it) and ip already on the body, whose first instruction then stores
   * the item as usual.  Written out in each case, as LOOP_BACK is. */
#define FOR_BACK(v)                         \
  do {                                      \
    ip -= ARG;                              \
    if (vm->gc_pending | vm->interrupted) { \
      PUSH(v);                              \
      SAVE();                               \
      if (!safepoint(vm)) goto error;       \
      NEXT();                               \
    }                                       \
    PUSH_OR_STORE(v);                       \
  } while (0)
  /* ... and the way out is one too, as the back jump of a loop tested at
   * its top was after the last turn */
#define FOR_DONE()                          \
  do {                                      \
    sp--;                                   \
    if (vm->gc_pending | vm->interrupted) { \
      SAVE();                               \
      if (!safepoint(vm)) goto error;       \
    }                                       \
    NEXT();                                 \
  } while (0)
  TARGET(FOR_ITER) {
    Value itv = TOP;
    if (IS_ITER(itv)) {
      Iter *it = AS_ITER(itv);
      if (it->kind == ITER_LIST) {
        List *l = AS_LIST(it->src);
        if (it->index < l->len) FOR_BACK(l->items[it->index++]);
        it->index = INT64_MAX;
        FOR_DONE();
      }
      if (it->kind == ITER_RANGE) {
        if (it->end > 0) {
          int64_t v = it->index;
          obj_iter_range_advance(it);
          if (v >= SMALL_MIN && v <= SMALL_MAX) FOR_BACK(SMALL_VAL(v));
          SAVE();
          Value bv = obj_int(vm, v);
          if (IS_UNDEF(bv)) goto error;
          FOR_BACK(bv);
        }
        FOR_DONE();
      }
      /* for k, v in d.items(): the pair is unpacked at once, so no tuple
       * is made for it (no one else could see it); a dict that changed
       * size, and the end, take the general way, which reports them */
      if (it->kind == ITER_DICT_ITEMS && ip[-(int)ARG] == OP_MAKE(OP_UNPACK, 2)) {
        Dict *d = AS_DICT(it->src);
        if (d->used == it->end) {
          while (it->index < d->nentries && IS_UNDEF(d->entries[it->index].key)) it->index++;
          if (it->index < d->nentries) {
            DictEntry *e = &d->entries[it->index++];
            it->step++;
            ip += 1 - (int)ARG;
            sp[0] = e->value; /* UNPACK's order: the first item on top */
            sp[1] = e->key;
            sp += 2;
            if (vm->gc_pending | vm->interrupted) {
              SAVE();
              if (!safepoint(vm)) goto error;
            }
            NEXT();
          }
        }
      }
    }
    Value v;
    bool done;
    CHECK(ops_next(vm, itv, &v, &done));
    if (done) FOR_DONE();
    FOR_BACK(v);
  }
#undef FOR_BACK
#undef FOR_DONE
  TARGET(UNPACK) {
    int n = (int)ARG;
    Value seq = POP();
    CHECK(do_unpack(vm, seq, n, sp));
    sp += n;
    NEXT();
  }
  TARGET(UNPACK_EX) {
    int before = (int)(ARG & 0xFFF), after = (int)(ARG >> 12);
    Value seq = POP();
    SAVE();
    List *items = list_from_iterable(vm, seq, "*");
    if (!items) {
      if (err_matches(vm->exc, vm->b.type_error) && !IS_INSTANCE(seq)) {
        vm->exc = VAL_UNDEF;
        err_raise(vm, vm->b.type_error, "cannot unpack non-iterable %s object",
                  class_name_of(vm, seq));
      }
      goto error;
    }
    if (items->len < before + after) {
      err_raise(vm, vm->b.value_error,
                "not enough values to unpack (expected at least %d, got %lld)", before + after,
                (long long)items->len);
      goto error;
    }
    List *middle = list_slice(vm, items, before, items->len - after, "*");
    if (!middle) goto error;
    for (int i = 0; i < after; i++) PUSH(items->items[items->len - 1 - i]);
    PUSH(OBJ_VAL(middle));
    for (int i = before - 1; i >= 0; i--) PUSH(items->items[i]);
    NEXT();
  }
  TARGET(DICT_UPDATE) {
    Value m = POP();
    SAVE();
    if (!IS_DICT(m)) {
      err_raise(vm, vm->b.type_error, "'%s' object is not a mapping", class_name_of(vm, m));
      goto error;
    }
    if (!dict_copy_into(vm, AS_DICT(TOP), AS_DICT(m))) goto error;
    NEXT();
  }
  TARGET(BUILD_LIST) {
    int n = (int)ARG;
    SAVE();
    List *l = list_new(vm, n, n, "[...]");
    if (!l) goto error;
    sp -= n;
    if (n) memcpy(l->items, sp, sizeof(Value) * (size_t)n);
    PUSH(OBJ_VAL(l));
    NEXT();
  }
  TARGET(BUILD_TUPLE) {
    int n = (int)ARG;
    SAVE();
    Tuple *t = obj_tuple_new(vm, n);
    if (!t) goto error;
    sp -= n;
    memcpy(t->items, sp, sizeof(Value) * (size_t)n);
    PUSH(OBJ_VAL(t));
    NEXT();
  }
  TARGET(BUILD_SET) {
    int n = (int)ARG;
    SAVE();
    Set *s = set_new(vm);
    if (!s) goto error;
    for (int i = 0; i < n; i++)
      if (!set_add(vm, s, sp[i - n])) goto error;
    sp -= n;
    PUSH(OBJ_VAL(s));
    NEXT();
  }
  TARGET(BUILD_MAP) {
    int n = (int)ARG;
    SAVE();
    Dict *d = dict_new(vm);
    if (!d) goto error;
    /* CPython makes a display of more than 16 pairs in pieces, which lst
     * does not follow: its size is not reported */
    if (n > 16) {
      dict_forget_size(d);
    } else {
      bool str_keys = true;
      for (int i = 0; i < n; i++) str_keys = str_keys && IS_STR(sp[2 * (i - n)]);
      dict_presize(d, n, str_keys);
    }
    for (int i = 0; i < n; i++)
      if (!dict_set(vm, d, sp[2 * (i - n)], sp[2 * (i - n) + 1])) goto error;
    sp -= 2 * n;
    PUSH(OBJ_VAL(d));
    NEXT();
  }
  TARGET(LIST_EXTEND) {
    Value seq = POP();
    if (ARG == 1)
      CHECK(list_extend_display(vm, AS_LIST(TOP), AS_TUPLE(seq)));
    else
      CHECK(extend_starred(vm, AS_LIST(TOP), seq, ARG == 2 ? sp[-2] : VAL_UNDEF));
    NEXT();
  }
  TARGET(SET_UPDATE) {
    Value seq = POP();
    if (ARG == 1)
      CHECK(const_set_update(vm, AS_SET(TOP), AS_TUPLE(seq)));
    else
      CHECK(set_update(vm, AS_SET(TOP), seq));
    NEXT();
  }
  TARGET(LIST_TO_TUPLE) {
    List *l = AS_LIST(TOP);
    SAVE();
    Tuple *t = obj_tuple_new(vm, l->len);
    if (!t) goto error;
    if (l->len) memcpy(t->items, l->items, sizeof(Value) * (size_t)l->len);
    TOP = OBJ_VAL(t);
    NEXT();
  }
  TARGET(LIST_APPEND) {
    Value v = POP();
    List *l = AS_LIST(sp[-(int)ARG]);
    if (l->len < l->cap && !vm->list_changes) {
      l->items[l->len++] = v;
      NEXT();
    }
    CHECK(list_append(vm, l, v,
                      frame->code->nparams == 1 && frame->code->name->data[0] == '<' ? "listcomp"
                                                                                     : "[...]"));
    NEXT();
  }
  TARGET(SET_ADD) {
    Value v = POP();
    CHECK(set_add(vm, AS_SET(sp[-(int)ARG]), v));
    NEXT();
  }
  TARGET(MAP_ADD) {
    Value v = POP(), k = POP();
    CHECK(dict_set(vm, AS_DICT(sp[-(int)ARG]), k, v));
    NEXT();
  }
  /* The four call instructions differ in how they find the callee and the
 * arguments; call_common does the rest. */
  TARGET(CALL) {
    call_n = (int)ARG;
    call_base = sp - call_n - 1;
    call_kw = NULL;
    Value callee = call_base[0];
    /* the common cases, called in place as call_setup would call them: a
     * built-in function, and a built-in class's constructor (list, dict,
     * type ...) */
    NativeFn fn =
        IS_NATIVE(callee) && IS_UNDEF(AS_NATIVE(callee)->self) && !AS_NATIVE(callee)->owner
            ? AS_NATIVE(callee)->fn
        : IS_CLASS(callee) ? AS_CLASS(callee)->ctor
                           : NULL;
    if (fn) {
      Value result;
      SAVE();
      if (!fn(vm, call_base + 1, call_n, NULL, &result)) goto error;
      sp = call_base;
      PUSH(result);
      NEXT();
    }
    goto call_common;
  }
  TARGET(CALL_KW) {
    call_kw = AS_TUPLE(POP());
    call_base = sp - (int)ARG - 1;
    call_n = (int)ARG - (int)call_kw->len;
    goto call_common;
  }
  TARGET(CALL_APPEND) {
    /* list.append(lst, x) with lst an exact list, as LOAD_METHOD_APPEND
     * leaves it: what m_append does, without its argument checks; the None
     * it returns dropped at once when a POP follows.  A free slot and no
     * watcher is list_append's first case, written out as run() is too
     * large for the compiler to inline it.  Anything else is CALL_METHOD 1. */
    call_base = sp - 3;
    if (call_base[0] == OBJ_VAL(vm->list_append) && IS_LIST(call_base[1])) {
      List *l = AS_LIST(call_base[1]);
      if (l->len < l->cap && !vm->list_changes) {
        l->items[l->len++] = call_base[2];
      } else {
        SAVE();
        if (!list_append(vm, l, call_base[2], "append")) goto error;
      }
      sp = call_base;
      if (OP_CODE(*ip) == OP_POP) {
        ip++;
        NEXT();
      }
      PUSH(VAL_NONE);
      NEXT();
    }
    call_kw = NULL;
    call_n = 1;
    goto method_common;
  }
  TARGET(CALL_METHOD) {
    call_kw = NULL;
    call_n = (int)ARG;
    call_base = sp - call_n - 2;
    if (!IS_UNDEF(call_base[1]) && IS_NATIVE(call_base[0])) {
      /* a method of a built-in type: the receiver is the first argument */
      Value result;
      SAVE();
      if (!AS_NATIVE(call_base[0])->fn(vm, call_base + 1, call_n + 1, NULL, &result)) goto error;
      sp = call_base;
      PUSH(result);
      NEXT();
    }
    goto method_common;
  }
  TARGET(CALL_METHOD_KW) {
    call_kw = AS_TUPLE(POP());
    call_n = (int)ARG - (int)call_kw->len;
    call_base = sp - (int)ARG - 2;
method_common:
    if (IS_UNDEF(call_base[1])) {
      /* LOAD_METHOD found no method: drop its marker */
      memmove(call_base + 1, call_base + 2, sizeof(Value) * (size_t)(sp - call_base - 2));
      sp--;
    } else {
      call_n++;
    }
call_common:
    call_pushed = true;
    SAVE();
    if (IS_FUNCTION(call_base[0]) && !call_kw) {
      Function *fn = AS_FUNCTION(call_base[0]);
      Code *c = fn->code;
      Value *args = call_base + 1;
      if (call_plain_fits(vm, c, args, call_n)) {
        /* the commonest call, its frame pushed here as enter_function
         * would push it */
        for (int i = call_n; i < c->nlocals; i++) args[i] = VAL_UNDEF;
        call_push_frame(vm, fn, call_base, args, VAL_UNDEF);
      } else if (!call_function(vm, fn, call_base, call_n, &call_result, &call_pushed)) {
        /* any other Python function with positional arguments */
        goto error;
      }
    } else if (!call_setup(vm, call_base, call_n, call_kw, &call_result, &call_pushed)) {
      goto error;
    }
    if (call_pushed) {
      LOAD_FRAME();
      if (vm->gc_pending | vm->interrupted) {
        SAVE();
        if (!safepoint(vm)) goto error;
      }
      NEXT();
    }
    sp = call_base;
    PUSH(call_result);
    NEXT();
  }
  TARGET(CALL_EX) {
    /* callee, a list of positional arguments, and (arg 1) a dict of keywords:
   * spread on the stack as [callee, args..., values...] with the names in a tuple */
    Dict *kw = ARG ? AS_DICT(POP()) : NULL;
    List *args = AS_LIST(POP());
    Value *base = sp - 1;
    SAVE();
    int64_t nkw = kw ? kw->used : 0;
    if (sp + args->len + nkw + VM_FRAME_SLACK > vm->stack + VM_STACK_SLOTS) {
      /* deep recursion fills the stack; so can one call's arguments,
       * which CPython keeps in a tuple of any size */
      if (args->len + nkw > VM_STACK_SLOTS / 4)
        err_refuse(vm,
                   "a call with %lld arguments is not supported by lst (its stack holds %d values)",
                   (long long)(args->len + nkw), VM_STACK_SLOTS);
      else
        err_raise(vm, vm->b.recursion_error, "maximum recursion depth exceeded");
      goto error;
    }
    Tuple *names = NULL;
    if (nkw) {
      names = obj_tuple_new(vm, nkw);
      if (!names) goto error;
    }
    if (args->len) memcpy(sp, args->items, sizeof(Value) * (size_t)args->len);
    sp += args->len;
    for (int64_t i = 0, k = 0; kw && i < kw->nentries; i++) {
      DictEntry *e = &kw->entries[i];
      if (IS_UNDEF(e->key)) continue;
      names->items[k++] = e->key;
      *sp++ = e->value;
    }
    vm->sp = sp;
    bool pushed;
    Value result;
    if (!call_setup(vm, base, (int)args->len, names, &result, &pushed)) goto error;
    if (pushed) {
      LOAD_FRAME();
      NEXT();
    }
    sp = base;
    PUSH(result);
    NEXT();
  }
  TARGET(DICT_MERGE) {
    /* f(**m): m's keys become keywords, each given once; the stack holds
   * [callee, positional list, keyword dict, m] */
    Value m = POP();
    Dict *d = AS_DICT(TOP);
    char fname[300];
    SAVE();
    describe_callable(vm, sp[-3], fname, sizeof fname);
    if (!IS_DICT(m)) {
      err_raise(vm, vm->b.type_error, "%s argument after ** must be a mapping, not %s", fname,
                class_name_of(vm, m));
      goto error;
    }
    Dict *src = AS_DICT(m);
    for (int64_t i = 0; i < src->nentries; i++) {
      DictEntry e = src->entries[i];
      if (IS_UNDEF(e.key)) continue;
      if (!IS_STR(e.key)) {
        err_raise(vm, vm->b.type_error, "keywords must be strings");
        goto error;
      }
      Value old;
      bool found;
      if (!dict_get(vm, d, e.key, &old, &found)) goto error;
      if (found) {
        err_raise(vm, vm->b.type_error, "%s got multiple values for keyword argument '%s'", fname,
                  AS_STR(e.key)->data);
        goto error;
      }
      if (!dict_set(vm, d, e.key, e.value)) goto error;
    }
    NEXT();
  }
  TARGET(MAP_ADD_KW) {
    Value v = POP(), k = POP();
    Value old;
    bool found;
    SAVE();
    if (!dict_get(vm, AS_DICT(TOP), k, &old, &found)) goto error;
    if (found) {
      char fname[300];
      describe_callable(vm, sp[-3], fname, sizeof fname);
      err_raise(vm, vm->b.type_error, "%s got multiple values for keyword argument '%s'", fname,
                AS_STR(k)->data);
      goto error;
    }
    CHECK(dict_set(vm, AS_DICT(TOP), k, v));
    NEXT();
  }
  TARGET(YIELD) {
    /* save the frame into its generator and leave, as a return would */
    Generator *g = frame->gen;
    Value v = POP();
    int32_t n = (int32_t)(sp - slots);
    memcpy(g->saved, slots, sizeof(Value) * (size_t)n);
    g->nsaved = n;
    g->ip = (uint32_t)(ip - frame->code->code);
    g->state = GEN_SUSPENDED;
    finalize_paused(vm, g, frame->code->nhandlers && find_handler(frame->code, g->ip - 1) != NULL);
    Value *ret = frame->ret;
    vm->nframes--;
    *ret = v;
    vm->sp = ret + 1;
    return true;
  }
  TARGET(BEFORE_WITH) {
    Value mgr = TOP, enter, result;
    SAVE();
    CHECK(with_enter(vm, mgr, &TOP, &enter));
    CHECK(special_call(vm, enter, mgr, NULL, 0, &result));
    PUSH(result);
    NEXT();
  }
  TARGET(WITH_EXIT) {
    Value exit = ARG ? sp[-2] : sp[-1], r;
    Value none3[3] = {VAL_NONE, VAL_NONE, VAL_NONE};
    CHECK(vm_call(vm, exit, none3, 3, NULL, &r));
    if (ARG) sp[-2] = sp[-1];
    sp--;
    NEXT();
  }
  TARGET(WITH_EXCEPT) {
    Value exit = sp[-2], exc = sp[-1], r;
    Value args[3] = {OBJ_VAL(class_of(vm, exc)), exc, VAL_NONE};
    /* __exit__ runs while the exception is being handled */
    Value before = vm->handling;
    vm->handling = exc;
    bool exit_ok = vm_call(vm, exit, args, 3, NULL, &r);
    vm->handling = before;
    CHECK(exit_ok);
    bool suppress;
    CHECK(ops_truthy(vm, r, &suppress));
    PUSH(BOOL_VAL(suppress));
    NEXT();
  }
  TARGET(GET_YIELD_FROM_ITER) {
    if (!IS_GENERATOR(TOP)) CHECK(ops_iter(vm, TOP, &TOP));
    NEXT();
  }
  TARGET(SEND) {
    Value v = sp[-1], it = sp[-2], y;
    bool done;
    SAVE();
    if (IS_GENERATOR(it)) {
      CHECK(vm_resume(vm, (Generator *)AS_OBJ(it), v, VAL_UNDEF, &y, &done));
    } else if (IS_NONE(v)) {
      CHECK(ops_next(vm, it, &y, &done));
      if (done) y = VAL_NONE;
    } else {
      CHECK(send_other(vm, it, v, &y, &done));
    }
    if (done) {
      sp[-2] = y;
      sp--;
      ip = frame->code->code + ARG;
      NEXT();
    }
    sp[-1] = y;
    NEXT();
  }
  TARGET(RETURN) {
    Value result = POP();
    if (frame->gen) frame->gen->state = GEN_DONE;
    if (frame->klass) {
      CHECK(call_finish_class(vm, frame->klass));
      result = OBJ_VAL(frame->klass);
    } else if (!IS_UNDEF(frame->init_self)) {
      if (!IS_NONE(result)) {
        SAVE();
        err_raise(vm, vm->b.type_error, "__init__() should return None, not '%s'",
                  class_name_of(vm, result));
        goto error;
      }
      result = frame->init_self;
    }
    Value *ret = frame->ret;
    bool stop = frame->stop;
    vm->nframes--;
    *ret = result;
    vm->sp = ret + 1;
    /* the frame's locals go: one may have held the last reference to a
     * paused generator */
    if (vm->npending && !finalize_dropped_range(vm, ret + 1, sp)) {
      LOAD_FRAME();
      goto error;
    }
    if (stop) return true;
    LOAD_FRAME();
    NEXT();
  }
  TARGET(MAKE_FUNCTION) {
    Code *code = AS_CODE(CONSTS[ARG]);
    Function *once = code->made_once;
    if (once && once->klass == (frame->klass ? OBJ_VAL(frame->klass) : VAL_UNDEF)) {
      PUSH(OBJ_VAL(once));
      NEXT();
    }
    SAVE();
    Function *f = make_function(vm, frame, code);
    if (!f) goto error;
    if (code->reusable) code->made_once = f;
    PUSH(OBJ_VAL(f));
    NEXT();
  }
  TARGET(MAKE_FUNCTION_DEFAULTS) {
    SAVE();
    Function *f = make_function(vm, frame, AS_CODE(CONSTS[ARG]));
    if (!f) goto error;
    f->defaults = AS_TUPLE(TOP);
    TOP = OBJ_VAL(f);
    NEXT();
  }
  TARGET(BUILD_CLASS) {
    Value *base = sp - 2;
    bool pushed;
    Value result;
    SAVE();
    if (!call_build_class(vm, base, AS_STR(CONSTS[ARG]), &pushed, &result)) goto error;
    LOAD_FRAME();
    NEXT();
  }
  TARGET(FORMAT) {
    int conv = (int)(ARG & 3);
    Value spec = VAL_UNDEF;
    if (ARG & 4) spec = POP();
    CHECK(do_format(vm, TOP, conv, spec, &TOP));
    NEXT();
  }
  TARGET(BUILD_STRING) {
    int n = (int)ARG;
    Buf b;
    buf_init(&b);
    for (int i = n; i > 0; i--) buf_add(&b, AS_STR(sp[-i])->data, (size_t)AS_STR(sp[-i])->len);
    SAVE();
    Str *s = str_from_buf(vm, &b);
    if (!s) goto error;
    sp -= n;
    PUSH(OBJ_VAL(s));
    NEXT();
  }
  TARGET(IMPORT) {
    Value m = VAL_UNDEF;
    CHECK(do_import(vm, AS_STR(CONSTS[ARG]), &m));
    PUSH(m);
    NEXT();
  }
  TARGET(IMPORT_FROM) {
    Value v;
    Str *name = AS_STR(CONSTS[ARG]);
    Module *m = (Module *)AS_OBJ(TOP);
    v = dict_get_str(m->dict, name);
    if (IS_UNDEF(v)) {
      SAVE();
      err_raise(vm, vm->b.import_error, "cannot import name '%s' from '%s' (unknown location)",
                name->data, m->name->data);
      goto error;
    }
    PUSH(v);
    NEXT();
  }
  TARGET(RAISE) {
    SAVE();
    if (ARG == 0) {
      /* a bare raise outside an except clause: the exception being handled */
      if (is_exc(vm->handling)) {
        vm->exc = vm->handling;
        vm->exc_reraised = false;
      } else {
        err_raise(vm, vm->b.runtime_error, "No active exception to reraise");
      }
      goto error;
    }
    Value exc, cause = VAL_UNDEF;
    if (ARG == 2) {
      cause = POP();
      if (!IS_NONE(cause)) {
        if (IS_CLASS(cause) && AS_CLASS(cause)->is_exception) {
          vm->sp = sp + 1; /* keeps the raised value while the cause is made */
          if (!vm_call(vm, cause, NULL, 0, NULL, &cause)) goto error;
        } else if (!is_exc(cause)) {
          err_raise(vm, vm->b.type_error, "exception causes must derive from BaseException");
          goto error;
        }
      }
      sp[0] = cause; /* rooted above the raised value */
    }
    Value v = POP();
    vm->sp = sp + (ARG == 2 ? 2 : 0);
    if (make_exception(vm, v, &exc)) {
      if (!IS_UNDEF(cause)) err_chain(vm, exc, cause, true);
      err_set(vm, exc);
    }
    goto error;
  }
  TARGET(PUSH_EXC_INFO) {
    /* entering a handler: exc -- prev exc, and exc is being handled */
    Value exc = sp[-1];
    sp[-1] = IS_UNDEF(vm->handling) ? VAL_NONE : vm->handling;
    PUSH(exc);
    vm->handling = exc;
    NEXT();
  }
  TARGET(SET_EXC_INFO) {
    /* leaving a handler: the exception handled before it, kept in the slot */
    vm->handling = slots[frame->code->nlocals + ARG];
    NEXT();
  }
  TARGET(RERAISE) {
    Value exc = POP();
    SAVE();
    vm->exc = exc;
    vm->exc_reraised = true;
    goto error;
  }
  TARGET(RERAISE_SLOT) {
    Value exc = slots[frame->code->nlocals + ARG];
    SAVE();
    vm->exc = exc;
    vm->exc_reraised = true;
    goto error;
  }
  TARGET(CHECK_EXC_MATCH) {
    bool m;
    CHECK(exc_match(vm, sp[-2], sp[-1], &m));
    sp[-1] = BOOL_VAL(m);
    NEXT();
  }
  TARGET(LOAD_ASSERTION) {
    PUSH(OBJ_VAL(vm->b.assertion_error));
    NEXT();
  }
  TARGET(PRINT_EXPR) {
    Value v = POP();
    if (!IS_NONE(v)) {
      SAVE();
      Str *s = repr_of(vm, v);
      if (!s) goto error;
      fwrite(s->data, 1, (size_t)s->len, stdout);
      fputc('\n', stdout);
      /* as sys.displayhook: the value becomes the built-in _, which a
       * global _ of the program's own hides */
      int slot = vm_global_slot(vm, vm->s_underscore);
      if (slot >= 0) {
        vm->global_default[slot] = v;
        if (!vm->global_own[slot]) vm->globals[slot] = v;
      }
    }
    NEXT();
  }

error:
  /* vm->exc is set; frame->ip is just past the failing instruction */
  if (!unwind(vm)) return false;
  LOAD_FRAME();
  NEXT();
#undef TARGET
#undef LOAD_FRAME
#undef SAVE
#undef NEXT
#undef ARG
#undef CONSTS
#undef PUSH
#undef POP
#undef TOP
#undef CHECK
}

/* --------------------------------------------------------------- calls */

static bool call_and_run(VM *vm, Value callee, Value *args, int nargs, Tuple *kwnames, Value *out,
                         bool nested) {
  int nkw = kwnames ? (int)kwnames->len : 0;
  Value *base = vm->sp;
  if (base + 1 + nargs + nkw + VM_FRAME_SLACK > vm->stack + VM_STACK_SLOTS ||
      vm->nframes >= VM_MAX_FRAMES)
    return err_raise(vm, vm->b.recursion_error, "maximum recursion depth exceeded");
  base[0] = callee;
  if (nargs + nkw) memcpy(base + 1, args, sizeof(Value) * (size_t)(nargs + nkw));
  vm->sp = base + 1 + nargs + nkw;
  bool pushed;
  Value result;
  bool ok = call_setup(vm, base, nargs, kwnames, &result, &pushed);
  if (ok && pushed) {
    vm->frames[vm->nframes - 1].stop = true;
    if (nested) vm->native_depth++;
    ok = run(vm);
    if (nested) vm->native_depth--;
    result = *base;
  }
  vm->sp = base;
  if (ok) *out = result;
  return ok;
}

/* How a paused generator goes on: with a value for its yield, with an
 * exception raised at the yield, or (after its yield from finished by a
 * throw) with its stack as it stands. */
typedef enum { RESUME_SEND, RESUME_THROW, RESUME_CONTINUE } ResumeMode;

static bool resume(VM *vm, Generator *g, ResumeMode mode, Value sent, Value exc, Value *out,
                   bool *done) {
  Code *c = g->fn->code;
  Value *base = vm->sp;
  if (vm->nframes >= VM_MAX_FRAMES || vm->native_depth >= VM_MAX_NATIVE_DEPTH ||
      base + 1 + c->nlocals + c->max_stack + VM_FRAME_SLACK > vm->stack + VM_STACK_SLOTS)
    return err_raise(vm, vm->b.recursion_error, "maximum recursion depth exceeded");
  /* the frame comes back where the stack is now: [generator, locals, stack] */
  base[0] = OBJ_VAL(g);
  memcpy(base + 1, g->saved, sizeof(Value) * (size_t)g->nsaved);
  Value *sp = base + 1 + g->nsaved;
  if (g->state == GEN_SUSPENDED && mode == RESUME_SEND) *sp++ = sent; /* what the yield gives */
  vm->sp = sp;
  Frame *fr = &vm->frames[vm->nframes++];
  fr->fn = g->fn;
  fr->code = c;
  fr->ip = c->code + g->ip;
  fr->slots = base + 1;
  fr->ret = base;
  fr->klass = NULL;
  fr->init_self = VAL_UNDEF;
  fr->gen = g;
  fr->stop = true;
  g->state = GEN_RUNNING;
  finalize_resumed(vm, g);
  if (mode == RESUME_THROW) vm->exc = exc;
  /* a generator handles its exceptions apart from its caller's */
  Value outer = vm->handling;
  vm->handling = g->handling;
  vm->native_depth++;
  bool ok = run(vm);
  vm->native_depth--;
  vm->sp = base;
  g->handling = vm->handling;
  vm->handling = outer;
  if (!ok) {
    g->state = GEN_DONE;
    /* PEP 479: a StopIteration may not leave a generator as its end */
    if (err_matches(vm->exc, vm->b.stop_iteration)) {
      Value cause = vm->exc;
      vm->exc = VAL_UNDEF;
      err_raise(vm, vm->b.runtime_error, "generator raised StopIteration");
      err_chain(vm, vm->exc, cause, true);
    }
    return false;
  }
  *out = *base;
  *done = g->state == GEN_DONE;
  return true;
}

/* Where a generator paused inside yield from keeps its sub-iterator:
 * UNDEF when it is paused at a plain yield. */
static Value delegate_of(Generator *g) {
  if (g->state != GEN_SUSPENDED || g->ip < 2 || g->nsaved < 1) return VAL_UNDEF;
  uint32_t w = g->fn->code->code[g->ip - 1];
  if (OP_CODE(w) != OP_YIELD || OP_ARG(w) != 1) return VAL_UNDEF;
  return g->saved[g->nsaved - 1];
}

bool vm_resume(VM *vm, Generator *g, Value sent, Value exc, Value *out, bool *done) {
  *done = false;
  if (g->state == GEN_RUNNING)
    return err_raise(vm, vm->b.value_error, "generator already executing");
  if (g->state == GEN_DONE) {
    if (!IS_UNDEF(exc)) return err_set(vm, exc);
    *done = true;
    *out = VAL_NONE;
    return true;
  }
  if (IS_UNDEF(exc)) {
    if (g->state == GEN_CREATED && !IS_NONE(sent))
      return err_raise(vm, vm->b.type_error,
                       "can't send non-None value to a just-started generator");
    return resume(vm, g, RESUME_SEND, sent, VAL_UNDEF, out, done);
  }
  /* throw(): a yield from hands the exception to its sub-generator first */
  Value sub = delegate_of(g);
  if (IS_GENERATOR(sub)) {
    Generator *sg = (Generator *)AS_OBJ(sub);
    Value y;
    bool subdone;
    g->state = GEN_RUNNING; /* the delegate runs on behalf of g */
    bool ok = err_matches(exc, vm->b.generator_exit)
                  ? vm_close(vm, sg)
                  : vm_resume(vm, sg, VAL_NONE, exc, &y, &subdone);
    g->state = GEN_SUSPENDED;
    if (ok && !err_matches(exc, vm->b.generator_exit)) {
      if (!subdone) {
        *out = y;
        return true;
      }
      /* the sub-generator returned: yield from evaluates to its value */
      uint32_t send = g->fn->code->code[g->ip - 2];
      g->saved[g->nsaved - 1] = y;
      g->ip = OP_ARG(send);
      return resume(vm, g, RESUME_CONTINUE, VAL_NONE, VAL_UNDEF, out, done);
    }
    if (!ok) {
      exc = vm->exc; /* what the sub-generator raised goes on in g */
      vm->exc = VAL_UNDEF;
    }
  }
  return resume(vm, g, RESUME_THROW, VAL_NONE, exc, out, done);
}

bool vm_close(VM *vm, Generator *g) {
  if (g->state == GEN_CREATED || g->state == GEN_DONE) {
    g->state = GEN_DONE;
    return true;
  }
  Value exc = VAL_UNDEF, y;
  bool done;
  if (!vm_call(vm, OBJ_VAL(vm->b.generator_exit), NULL, 0, NULL, &exc)) return false;
  if (vm_resume(vm, g, VAL_NONE, exc, &y, &done)) {
    if (done) return true;
    return err_raise(vm, vm->b.runtime_error, "generator ignored GeneratorExit");
  }
  if (err_matches(vm->exc, vm->b.generator_exit) || err_matches(vm->exc, vm->b.stop_iteration)) {
    vm->exc = VAL_UNDEF;
    return true;
  }
  return false;
}

/* Natives calling back into Python: no collection runs until they return,
 * since their C locals are not roots. */
bool vm_call(VM *vm, Value callee, Value *args, int nargs, Tuple *kwnames, Value *out) {
  return call_and_run(vm, callee, args, nargs, kwnames, out, true);
}

/* ------------------------------------------------------------- programs */

bool vm_exec_code(VM *vm, Code *code, Value *result) {
  vm->main_code = OBJ_VAL(code);
  Function *f = obj_function_new(vm, code, 0);
  if (!f) return false;
  Value ignored;
  bool ok = call_and_run(vm, OBJ_VAL(f), NULL, 0, NULL, result ? result : &ignored, false);
  fflush(stdout);
  return ok;
}
