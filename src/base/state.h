/* state.h: the interpreter's state as data: struct VM and its call frames.
 *
 * Every layer reads these fields; the functions that run the VM live in
 * core/vm.c.  Nothing here calls anything: a field that a higher layer must
 * fill in (the library's import hook, the shell's list hook) is a function
 * pointer that the higher layer installs.
 */
#ifndef LST_STATE_H
#define LST_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/mem.h"
#include "base/object.h"

#define VM_MAX_FRAMES       1000      /* CPython's default recursion limit */
#define VM_STACK_SLOTS      (1 << 22) /* Values shared by all frames (untouched pages cost nothing) */
#define VM_FRAME_SLACK      4         /* stack slots a call may use beyond a frame's max_stack */
#define VM_MAX_NATIVE_DEPTH 1000      /* C recursion: repr, ==, copy of nested data, generators */

/* The bits of vm->interrupted. */
#define VM_STOP_INTERRUPT 1
#define VM_STOP_TIME      2
#define VM_STOP_STEPS     4

/* The names the runtime uses itself: vm->s_init is "__init__" ... */
// clang-format off
#define VM_NAMES(X) \
  X(init, "__init__") X(repr, "__repr__") X(str, "__str__") X(eq, "__eq__") \
  X(lt, "__lt__") X(len, "__len__") X(getitem, "__getitem__") X(setitem, "__setitem__") \
  X(contains, "__contains__") X(iter, "__iter__") X(next, "__next__") X(hash, "__hash__") \
  X(copy, "__copy__") X(deepcopy, "__deepcopy__") X(name, "__name__") X(main, "__main__") \
  X(empty, "") X(args, "args") X(class, "__class__") X(dict, "__dict__") \
  X(call, "__call__") X(code, "code") X(underscore, "_") X(ne, "__ne__") X(le, "__le__") \
  X(gt, "__gt__") X(ge, "__ge__") X(bool, "__bool__") X(index, "__index__") X(int, "__int__") \
  X(float, "__float__") X(neg, "__neg__") X(pos, "__pos__") X(abs, "__abs__") \
  X(invert, "__invert__") X(new, "__new__") X(get, "__get__") X(set, "__set__") \
  X(delete, "__delete__") X(set_name, "__set_name__") X(getattr, "__getattr__") \
  X(getattribute, "__getattribute__") X(setattr, "__setattr__") X(delattr, "__delattr__") \
  X(delitem, "__delitem__") X(enter, "__enter__") X(exit, "__exit__") X(sizeof, "__sizeof__") \
  X(reversed, "__reversed__") X(doc, "__doc__") X(qualname, "__qualname__") \
  X(module, "__module__") X(defaults, "__defaults__") X(kwdefaults, "__kwdefaults__") \
  X(bases, "__bases__") X(base, "__base__") X(mro, "__mro__") X(self, "__self__") \
  X(func, "__func__") X(wrapped, "__wrapped__") X(cause, "__cause__") X(context, "__context__") \
  X(suppress_context, "__suppress_context__") X(traceback, "__traceback__") X(value, "value") \
  X(start, "start") X(stop, "stop") X(step, "step") X(fget, "fget") X(fset, "fset") \
  X(fdel, "fdel") X(missing, "__missing__") X(format, "__format__") X(round, "__round__") X(obj, "obj") \
  X(length_hint, "__length_hint__")

/* The binary operators in opcode order (OP_ADD ... OP_XOR): the stem of
 * their special methods and the operator as error messages write it. */
#define VM_BINOPS(X) \
  X(add, "+") X(sub, "-") X(mul, "*") X(truediv, "/") X(floordiv, "//") X(mod, "%") \
  X(pow, "**") X(lshift, "<<") X(rshift, ">>") X(and, "&") X(or, "|") X(xor, "^")
#define VM_BINOP_COUNT 12
// clang-format on

typedef struct Frame {
  Function *fn;
  Code *code;
  const uint32_t *ip; /* next instruction */
  Value *slots;       /* locals; the operand stack follows them */
  Value *ret;         /* where the result goes in the caller's stack */
  Class *klass;       /* a class body: the class being built (its dict is the namespace) */
  Value init_self;    /* an __init__ call: the new instance, the call's result */
  Generator *gen;     /* a generator's frame: where it is saved at a yield */
  bool stop;          /* returning from this frame ends the current run */
} Frame;

/* What the list module reports to the list hook (installed by the shell):
 * a list made, a change of its buffer, a change of its length (only while
 * vm->list_changes is set, as it costs a test on every append), and its
 * reclaiming by the collector. */
typedef struct List List;
typedef enum { LIST_CREATED, LIST_BUFFER, LIST_CHANGED, LIST_COLLECTED } ListEventKind;
typedef struct ListEvent {
  ListEventKind kind;
  const char *op;  /* BUFFER, CHANGED: the operation ("append", "del", "list()" ...) */
  int64_t old_cap; /* BUFFER: the capacity before */
  int64_t old_len; /* CHANGED: the length before */
  int64_t copies;  /* BUFFER: the live elements the move copied (0 for a first block) */
} ListEvent;
typedef void (*ListHook)(VM *vm, List *l, const ListEvent *e);

/* Makes the module an import statement names: true with *out set, or false
 * with an exception pending.  Installed by the library (builtins_open). */
typedef bool (*ImportHook)(VM *vm, Str *name, Value *out);
/* Makes the deferred entries of a built-in class's namespace (k's flags
 * have CLASS_DEFERRED); installed by the library with the first. */
typedef void (*ClassFillHook)(VM *vm, Class *k);
/* What a missing hook is asked about: a global name (CPython's builtins
 * would have it), an attribute of obj, or super().name in a method whose
 * self is obj. */
typedef enum MissKind { MISS_NAME, MISS_ATTR, MISS_SUPER } MissKind;
/* Called where a name is missing: when CPython has it, raises
 * NotImplementedError naming it and returns true; else returns false, and
 * the caller raises AttributeError or NameError.  Installed by the library. */
typedef bool (*MissingHook)(VM *vm, MissKind kind, Value obj, Str *name);

/* The classes the runtime raises and dispatches on, by role. */
typedef struct Builtins {
  Class *type[OBJ_TYPE_COUNT]; /* int, str, list ... indexed by ObjType */
  Class *bool_, *none, *object, *base_exception, *exception;
  Class *value_error, *index_error, *key_error, *type_error, *attribute_error;
  Class *name_error, *unbound_local_error, *zero_division_error, *recursion_error;
  Class *memory_error, *overflow_error, *stop_iteration, *assertion_error;
  Class *runtime_error, *not_implemented_error, *lookup_error, *arithmetic_error;
  Class *syntax_error, *import_error, *module_not_found_error, *keyboard_interrupt;
  Class *unicode_error, *indentation_error, *system_exit, *generator_exit;
  Class *limit_exceeded; /* --max-time, --max-steps: a BaseException programs cannot name */
  /* raised by a failed write to stdout (a closed pipe, a full disk); lst
   * has no files, so programs cannot name them */
  Class *os_error, *connection_error, *broken_pipe_error;
  Class *method_wrapper, *wrapper_descriptor, *method_descriptor; /* kinds of Native */
  Class *text_stream;                                             /* sys.stdout and sys.stderr */
  Class *mappingproxy; /* a class's __dict__: instances hold the dict as payload */
  Class *version_info; /* sys.version_info's type, which makes no new instances */
  Class *not_implemented_type, *ellipsis_type, *property, *staticmethod, *classmethod, *slice;
  Class *iter_type[ITER_CALLABLE + 1]; /* list_iterator ... by IterKind */
  Class *view_type[VIEW_ITEMS + 1];    /* dict_keys, dict_values, dict_items */
} Builtins;

/* An entry of a built-in class's namespace not made yet (lib/reg.c says
 * why and when it is made). */
typedef struct ClassEntry {
  Class *owner;     /* whose namespace; NULL once filled in */
  const char *name; /* a static string */
  NativeFn fn;      /* a native method to make, or NULL for value */
  Value value;      /* the entry's value when fn is NULL */
  uint16_t flags;   /* the native's flags */
  uint8_t wrap;     /* OBJ_STATICMETHOD or OBJ_CLASSMETHOD around the native, or 0 */
  bool owned;       /* the native names owner as its type */
} ClassEntry;

struct VM {
  /* collector (gc.c) and its allocator (mem.c) */
  MemPool pool;
  Obj *objects;
  size_t bytes_allocated;
  size_t next_gc;
  bool gc_pending; /* a collection is due at the next safe point */
  int gc_stress;   /* collect at every safe point */
  Value *gray;     /* mark stack */
  size_t gray_len, gray_cap;
  /* roots held by natives while Python code runs under them (gc.c): the C
   * stack from the collector's frame up to c_stack_base, read
   * conservatively (NULL: not known, so no collection under a native), and
   * the Value arrays on the C heap that natives name in the roots chain */
  void *c_stack_base;
  struct GcRoots *roots;
  uintptr_t *stack_words; /* the C stack's heap words, sorted, during a collection;
                           * the upper half of the capacity is the sort's */
  size_t stack_words_cap;

  /* interned strings (str.c): a weak open-addressing set */
  Str **interned;
  size_t interned_cap, interned_len;

  /* execution (vm.c) */
  Value *stack;
  Value *sp;
  Frame frames[VM_MAX_FRAMES + 8];
  int nframes;
  int native_depth; /* nested runs of the dispatch loop and recursive natives */
  /* Python frames CPython would have on the stack that lst's natives do
   * without (copy.deepcopy is Python code in CPython): they count against
   * the recursion limit as frames do */
  int virtual_frames;
  Obj *repr_active[VM_MAX_NATIVE_DEPTH]; /* containers being printed: [...] */
  int nrepr_active;
  Value exc;          /* the pending exception instance, or UNDEF */
  Value memory_error; /* made up front: raising it needs no memory */
  bool exc_reraised;  /* the pending exception keeps its traceback in this frame */
  Value handling;     /* the exception an except block is handling */

  /* module-level names, resolved to slots at compile time */
  Dict *global_index; /* name -> slot number */
  Value *globals;
  Value *global_default; /* a built-in's value for its name, or UNDEF */
  uint8_t *global_own;   /* the program assigned the name (a global, not the built-in) */
  Str **global_names;
  int nglobals, globals_cap;

  Builtins b;
  Value modules;   /* dict of imported modules by name */
  Value sys_dict;  /* the sys module's namespace once imported (print finds sys.stdout), or UNDEF */
  Value argv;      /* sys.argv list */
  Value main_code; /* the module code being run */

  /* names the runtime looks up often, interned once (VM_NAMES) */
#define VM_NAME_FIELD(field, text) Str *s_##field;
  VM_NAMES(VM_NAME_FIELD)
#undef VM_NAME_FIELD
  /* __add__, __radd__, __iadd__ ... by binary operator (VM_BINOPS order) */
  Str *s_binop[VM_BINOP_COUNT][3];

  /* the shell's view: where the program comes from */
  const char *filename;
  const char *source;
  size_t source_len;

  /* Seen at every safe point (loops and calls), so a bit set costs nothing
   * until then: VM_STOP_INTERRUPT (Ctrl-C: KeyboardInterrupt),
   * VM_STOP_TIME (--max-time ran out), VM_STOP_STEPS (--max-steps counts
   * each safe point in steps_left). */
  volatile int interrupted;
  int64_t steps_left;
  uint32_t poll_tick; /* native loops look at interrupted every 4096 rounds (vm_poll) */
  size_t mem_limit;   /* --max-memory: allocation past it is a MemoryError; 0 for none */
  /* Attribute lookups on classes, cached by (class, name); any change to
   * any class's dictionary moves the epoch on and so empties the cache. */
  struct {
    Class *klass;
    Str *name;
    Value value;
    uint64_t epoch;
  } method_cache[1024];
  uint64_t class_epoch;
  /* entries of built-in classes' namespaces not made yet, in the order
   * they were registered (lib/reg.c) */
  ClassEntry *deferred;
  size_t ndeferred, deferred_cap;
  /* list.append's native, which CALL_METHOD runs in place on a list with
   * a free slot (set by the library) */
  const struct Native *list_append;

  /* generators paused inside try or with, in the order they paused: the
   * program's dropping them runs their cleanup (core/finalize.c) */
  struct Generator **pending;
  int npending, pending_cap;
  bool lost_pending; /* one was collected before lst could close it */

  ImportHook import_hook;           /* NULL until the library is open */
  ClassFillHook class_fill_hook;    /* set with the first deferred entry */
  MissingHook missing_hook;         /* NULL until the library is open */
  NativeFn super_attr;              /* super().name as a value (core/vm.c), for the compiler */
  ListHook list_hook;               /* NULL when no one watches the lists */
  void *list_hook_data;             /* the hook's own state */
  bool list_changes;                /* the hook also hears of every change of length */
  const struct ListRule *list_rule; /* the growth rule (core/list.h) */
  uint64_t next_list_id;
};

#endif
