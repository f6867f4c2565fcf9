/* object.h: the heap object layouts and their constructors.
 *
 * Every heap object starts with an Obj header that links it into the
 * collector's list of all objects (gc.c).  This file owns the layouts; the
 * behaviour of each kind lives in its own module (list.c, str.c, dict.c ...).
 */
#ifndef LST_OBJECT_H
#define LST_OBJECT_H

#include <stddef.h>
#include <stdint.h>

#include "base/value.h"

typedef struct VM VM;

/* ORDER OBJ: keep in step with the switches on o->type in gc.c (blacken,
 * obj_size) and with the type names builtins_open gives. */
typedef enum {
  OBJ_STR,
  OBJ_INT,
  OBJ_FLOAT,
  OBJ_LIST,
  OBJ_TUPLE,
  OBJ_DICT,
  OBJ_SET,
  OBJ_RANGE,
  OBJ_CODE,
  OBJ_FUNCTION,
  OBJ_NATIVE,
  OBJ_BOUND,
  OBJ_CELL,
  OBJ_CLASS,
  OBJ_INSTANCE,
  OBJ_ITER,
  OBJ_MODULE,
  OBJ_DICTVIEW,
  OBJ_GENERATOR,
  OBJ_PROPERTY,
  OBJ_STATICMETHOD,
  OBJ_CLASSMETHOD,
  OBJ_SLICE,
  OBJ_TYPE_COUNT
} ObjType;

struct Obj {
  Obj *next;    /* the collector's list of every object */
  uint8_t type; /* ObjType */
  uint8_t marked;
  uint16_t flags; /* per-type bits */
  uint32_t aux;   /* per-type small field */
};

typedef struct Str {
  Obj obj;
  int64_t len;    /* bytes of UTF-8, excluding the terminating NUL */
  int64_t nchars; /* code points */
  int64_t hash;   /* -1 until computed */
  uint8_t ascii;  /* every byte < 0x80: byte index == char index */
  uint8_t interned;
  char data[]; /* NUL-terminated UTF-8 */
} Str;

typedef struct Int {
  Obj obj;
  int64_t v;
} Int; /* outside small range */
typedef struct Float {
  Obj obj;
  double v;
} Float;

/* List obj.flags bit: the buffer was shrunk to nothing by a resize, which
 * in CPython leaves a non-NULL zero-size block (unlike clear(), which frees
 * it); list.extend sizes a list with no block differently. */
#define LIST_ZERO_BLOCK 1
typedef struct List {
  Obj obj;
  Value *items;
  int64_t len;
  int64_t cap; /* slots allocated: what sys.getsizeof reports */
  uint64_t id; /* creation number, for the allocation trace */
} List;

typedef struct Tuple {
  Obj obj;
  int64_t len;
  Value items[];
} Tuple;

typedef struct DictEntry {
  Value key;
  Value value;
  int64_t hash;
} DictEntry;
/* Dict obj.flags bit: some key is not an interned string, so a lookup by
 * name cannot decide by identity alone. */
#define DICT_MIXED_KEYS 2
typedef struct Dict {
  Obj obj;
  DictEntry *entries; /* insertion order; deleted ones have key UNDEF */
  int64_t nentries;   /* entries used, deleted included */
  int64_t entries_cap;
  int64_t used;       /* live entries */
  int64_t *index;     /* open-addressing table of entry numbers, -1 empty, -2 deleted */
  int64_t index_size; /* power of two */
} Dict;

typedef struct SetEntry {
  Value key;
  int64_t hash;
} SetEntry;
typedef struct Set {
  Obj obj;
  SetEntry *table; /* key UNDEF = empty, VAL_NONE-with-hash -1 never used; dummy below */
  int64_t mask;
  int64_t fill; /* active + dummy */
  int64_t used; /* active */
  int64_t finger;
} Set;

typedef struct Range {
  Obj obj;
  int64_t start, stop, step, len;
} Range;

typedef struct Cell {
  Obj obj;
  Value v;
} Cell;

/* An exception-table entry: an exception raised at an instruction in
 * [start, end) jumps to handler with the frame's stack cut to depth. */
typedef struct Handler {
  uint32_t start, end, target, depth;
} Handler;

typedef enum { CODE_MODULE, CODE_FUNCTION, CODE_CLASS } CodeKind;

/* The inline cache of one attribute instruction (LOAD_ATTR, STORE_ATTR,
 * LOAD_METHOD, DELETE_ATTR, LOAD_SUPER_METHOD), whose argument is the
 * cache's number.  `index` guesses where the name sits among an instance's
 * attributes; `klass`, `value` and `epoch` remember what a lookup on a class
 * found, valid while epoch equals the VM's class epoch. */
typedef struct AttrCache {
  struct Str *name;
  struct Class *klass;
  Value value;
  uint64_t epoch;
  int64_t index;
} AttrCache;

/* Where an instruction's source is, as CPython's co_positions: its first
 * and last line and its byte columns, the end past the last byte
 * (COL_NONE where not known, or beyond what 16 bits hold).  A pair of
 * loads made one instruction (LOAD_LOCAL2, LOAD_GLOBAL2) keeps the second
 * name's columns, on the same line, in col2 and end_col2. */
typedef struct CodePos {
  int32_t line, end_line;
  uint16_t col, end_col;
  uint16_t col2, end_col2;
} CodePos;
#define COL_NONE 0xFFFF

typedef struct Code {
  Obj obj;
  uint32_t *code;
  CodePos *pos; /* one per instruction */
  int32_t ncode;
  Value *consts;
  int32_t nconsts;
  Handler *handlers;
  int32_t nhandlers;
  AttrCache *caches;
  int32_t ncaches;
  struct Str *name; /* function name, "<module>", "<lambda>", "<listcomp>" */
  struct Str *qualname;
  struct Str **varnames; /* parameters first, then the other locals */
  int32_t nparams;       /* positional parameters, *args excluded */
  int32_t nkwonly;       /* keyword-only parameters, in the slots after them */
  int32_t nposonly;      /* the first nposonly parameters, which no keyword names */
  int32_t nlocals;       /* all slots, parameters included */
  int32_t max_stack;
  uint8_t kind;         /* CodeKind */
  uint8_t has_varargs;  /* the slot after the parameters collects *args */
  uint8_t has_kwargs;   /* the slot after that collects **kwargs */
  uint8_t is_generator; /* calling it makes a Generator (it yields) */
  /* A list, set or dict comprehension without free variables: the program
   * never sees its function, so the first one made serves every later run
   * from a frame of the same class (made_once) */
  uint8_t reusable;
  struct Function *made_once;
  /* Positional parameters only, no cells, not a generator: a call with one
   * argument for each parameter only fills the other locals (the VM pushes
   * such a frame in the dispatch loop) */
  uint8_t plain;
  /* For each free variable of a function made from this code: where the
   * enclosing frame keeps its cell.  Entry i >= 0 is the enclosing local
   * slot i, entry -1-j is the enclosing function's free variable j. */
  int32_t *captures;
  int32_t ncaptures;
  int32_t *cell_slots; /* local slots that hold cells, made on entry */
  int32_t ncell_slots;
  int32_t firstline;
  Value doc; /* the docstring, or None */
} Code;

typedef struct Function {
  Obj obj;
  Code *code;
  struct Str *name, *qualname; /* __name__, __qualname__: the code's, until assigned */
  Value doc;                   /* __doc__: the docstring, or None */
  struct Dict *attrs;          /* attributes a program gives it; NULL until then */
  /* defaults of the last positional parameters, then one for each
   * keyword-only parameter (UNDEF: required); NULL when there are none */
  struct Tuple *defaults;
  Value klass; /* class whose body defined it, for super(); or UNDEF */
  int32_t nfree;
  Cell *free[];
} Function;

/* A native: returns false with an exception pending in vm, or true with
 * *out set.  args[0..nargs) are positional; with kwnames (a tuple of Str)
 * args[nargs..nargs+kwnames->len) are the keyword values. */
typedef bool (*NativeFn)(VM *vm, Value *args, int nargs, Tuple *kwnames, Value *out);

#define NATIVE_KW   1 /* takes keyword arguments */
#define NATIVE_SLOT 2 /* a special method of a built-in type: a "slot wrapper" */
/* a built-in type's own copy of one of object's methods (str's
 * __getattribute__), which behaves as object's: as object's, it is no
 * special method of the type's own (class_special) */
#define NATIVE_AS_OBJECT 4
typedef struct Native {
  Obj obj;
  NativeFn fn;
  const char *name;
  Value self;          /* the receiver for a method taken from an object, or UNDEF */
  struct Class *owner; /* type the method belongs to, or NULL for a free function */
} Native;

typedef struct Bound {
  Obj obj;
  Value self;
  Value func;
} Bound;

#define CLASS_BUILTIN 1 /* Class obj.flags bit: made by the runtime, not a class statement */
/* Class obj.flags bit: a built-in class with entries of its namespace
 * still in the VM's list of deferred entries (vm->deferred). */
#define CLASS_DEFERRED 2
/* Class obj.flags bit: a built-in class whose instances have a __dict__ of
 * their own, as CPython's do (sys.stdout, exit); a class statement's and
 * the exceptions' always do. */
#define CLASS_HOLDS_ATTRS 4
typedef struct Class {
  Obj obj;
  struct Str *name;
  struct Class *base;
  struct Dict *dict;    /* methods and class attributes */
  uint8_t builtin_type; /* ObjType of instances, or OBJ_INSTANCE */
  uint8_t is_exception;
  NativeFn ctor; /* for built-in types: what calling the class does */
  /* what instantiation finds (class_special of __init__ and __new__),
   * valid while ctor_epoch is the VM's class epoch + 1 */
  Value init, new_;
  uint64_t ctor_epoch;
} Class;

typedef struct Instance {
  Obj obj;
  Class *klass;
  Dict *attrs;
  Value payload;   /* exceptions: their args tuple; else UNDEF */
  Value traceback; /* exceptions: chain of (code, line, span, next) tuples (error.h); else UNDEF */
} Instance;

/* An exception instance (obj.flags INSTANCE_EXC) is an Instance with its
 * chaining: __cause__ (raise ... from), __context__ (the exception being
 * handled when it was raised), and __suppress_context__ in the flags. */
#define INSTANCE_EXC      1
#define INSTANCE_SUPPRESS 2
#define INSTANCE_REFUSAL  4 /* raised by err_refuse: no handler of the program runs */
typedef struct ExcInstance {
  Instance in;
  Value cause, context; /* None when absent */
  /* NameError and AttributeError made by the runtime: the missing name,
   * and the object (AttributeError) or the tuple of the frame's bound
   * local names (NameError), for the "Did you mean" of the traceback */
  Value name, obj;
} ExcInstance;
#define AS_EXC(v) ((ExcInstance *)AS_OBJ(v))

typedef enum {
  ITER_LIST,
  ITER_TUPLE,
  ITER_STR,
  ITER_RANGE,
  ITER_DICT_KEYS,
  ITER_DICT_VALUES,
  ITER_DICT_ITEMS,
  ITER_SET,
  ITER_REVERSED,
  ITER_ENUMERATE,
  ITER_ZIP,
  ITER_MAP,     /* src: a tuple of the function and the iterators */
  ITER_FILTER,  /* src: a tuple of the function (or None) and the iterator */
  ITER_CALL,    /* an object with __getitem__ only: index 0, 1 ... */
  ITER_CALLABLE /* iter(f, sentinel); src: a tuple of the two; end -1 once done */
} IterKind;

typedef struct Iter {
  Obj obj;
  uint8_t kind;
  Value src;     /* what is iterated; for ZIP a tuple of iterators */
  int64_t index; /* next position (ENUMERATE: the count) */
  int64_t end;   /* RANGE: remaining count; DICT/SET: size when made */
  int64_t step;
} Iter;

/* Item i of a range, for 0 <= i < len: the result fits in 64 bits but
 * i * step alone may not, so the sum is taken modulo 2^64. */
static inline int64_t obj_range_at(const Range *r, int64_t i) {
  return (int64_t)((uint64_t)r->start + (uint64_t)i * (uint64_t)r->step);
}

/* Where an int stands in a range: its position, or -1. The distances are
 * taken unsigned, where they always fit. */
static inline int64_t obj_range_position(const Range *r, int64_t v) {
  uint64_t d, step;
  if (r->step > 0) {
    if (v < r->start || v >= r->stop) return -1;
    d = (uint64_t)v - (uint64_t)r->start;
    step = (uint64_t)r->step;
  } else {
    if (v > r->start || v <= r->stop) return -1;
    d = (uint64_t)r->start - (uint64_t)v;
    step = (uint64_t)0 - (uint64_t)r->step;
  }
  return d % step == 0 ? (int64_t)(d / step) : -1;
}

/* A range iterator moves on. After the last value the next one may lie
 * past INT64_MAX; it is never read, so the sum wraps (unsigned) rather
 * than overflow. */
static inline void obj_iter_range_advance(Iter *it) {
  it->index = (int64_t)((uint64_t)it->index + (uint64_t)it->step);
  it->end--;
}

typedef struct Module {
  Obj obj;
  Str *name;
  Dict *dict;
} Module;

/* A generator: the frame of a function that yields, kept between runs.
 * While suspended, its locals and operand stack are copied out into saved;
 * each next() copies them back onto the VM stack and runs to the next
 * yield. */
typedef enum { GEN_CREATED, GEN_SUSPENDED, GEN_RUNNING, GEN_DONE } GenState;
typedef struct Generator {
  Obj obj;
  Function *fn;
  Value *saved;    /* room for nlocals + max_stack values */
  int32_t cap;     /* that room, in values */
  int32_t nsaved;  /* values in use: the locals, then the stack */
  uint32_t ip;     /* where to resume */
  uint8_t state;   /* GenState */
  uint8_t pending; /* paused inside try or with: in vm->pending (finalize.c) */
  Value handling;  /* the exception its own except clauses handle, kept across yields */
} Generator;

/* property(fget, fset, fdel, doc): a data descriptor. */
typedef struct Property {
  Obj obj;
  Value fget, fset, fdel, doc; /* None when absent */
  struct Str *name;            /* what __set_name__ gave, for error messages; or NULL */
} Property;

/* staticmethod(f) and classmethod(f), by obj.type: how a function found on
 * a class binds. */
typedef struct MethodWrap {
  Obj obj;
  Value func;
  struct Dict *attrs; /* __doc__, __name__ ... copied from func; NULL until asked */
} MethodWrap;

/* slice(start, stop, step): what obj[a:b:c] passes to __getitem__. */
typedef struct Slice {
  Obj obj;
  Value start, stop, step;
} Slice;

typedef enum { VIEW_KEYS, VIEW_VALUES, VIEW_ITEMS } ViewKind;
typedef struct DictView {
  Obj obj;
  Dict *dict;
  uint8_t kind;
} DictView;

#define OBJ_TYPE(v) (AS_OBJ(v)->type)
static inline bool is_obj_type(Value v, ObjType t) { return IS_OBJ(v) && AS_OBJ(v)->type == t; }
#define IS_STR(v)       is_obj_type(v, OBJ_STR)
#define IS_BIGINT(v)    is_obj_type(v, OBJ_INT)
#define IS_FLOAT(v)     is_obj_type(v, OBJ_FLOAT)
#define IS_LIST(v)      is_obj_type(v, OBJ_LIST)
#define IS_TUPLE(v)     is_obj_type(v, OBJ_TUPLE)
#define IS_DICT(v)      is_obj_type(v, OBJ_DICT)
#define IS_SET(v)       is_obj_type(v, OBJ_SET)
#define IS_RANGE(v)     is_obj_type(v, OBJ_RANGE)
#define IS_FUNCTION(v)  is_obj_type(v, OBJ_FUNCTION)
#define IS_NATIVE(v)    is_obj_type(v, OBJ_NATIVE)
#define IS_CLASS(v)     is_obj_type(v, OBJ_CLASS)
#define IS_INSTANCE(v)  is_obj_type(v, OBJ_INSTANCE)
#define IS_CODE(v)      is_obj_type(v, OBJ_CODE)
#define IS_ITER(v)      is_obj_type(v, OBJ_ITER)
#define IS_GENERATOR(v) is_obj_type(v, OBJ_GENERATOR)
#define IS_SLICE(v)     is_obj_type(v, OBJ_SLICE)
#define IS_PROPERTY(v)  is_obj_type(v, OBJ_PROPERTY)

#define AS_STR(v)      ((Str *)AS_OBJ(v))
#define AS_LIST(v)     ((List *)AS_OBJ(v))
#define AS_TUPLE(v)    ((Tuple *)AS_OBJ(v))
#define AS_DICT(v)     ((Dict *)AS_OBJ(v))
#define AS_SET(v)      ((Set *)AS_OBJ(v))
#define AS_RANGE(v)    ((Range *)AS_OBJ(v))
#define AS_FUNCTION(v) ((Function *)AS_OBJ(v))
#define AS_NATIVE(v)   ((Native *)AS_OBJ(v))
#define AS_CLASS(v)    ((Class *)AS_OBJ(v))
#define AS_INSTANCE(v) ((Instance *)AS_OBJ(v))
#define AS_CODE(v)     ((Code *)AS_OBJ(v))
#define AS_ITER(v)     ((Iter *)AS_OBJ(v))
#define AS_FLOAT(x)    (((Float *)AS_OBJ(x))->v)
#define AS_BIGINT(x)   (((Int *)AS_OBJ(x))->v)

/* Any int (bool included) as an int64. */
static inline bool is_int(Value v) { return IS_SMALL(v) || IS_BIGINT(v) || IS_BOOL(v); }
static inline int64_t as_int(Value v) {
  if (IS_SMALL(v)) return AS_SMALL(v);
  if (IS_BOOL(v)) return v == VAL_TRUE;
  return AS_BIGINT(v);
}

/* Constructors.  Each returns NULL/UNDEF only after setting MemoryError. */
Value obj_int(VM *vm, int64_t i);
Value obj_float(VM *vm, double d);
Tuple *obj_tuple_new(VM *vm, int64_t len); /* items set to None */
Range *obj_range_new(VM *vm, int64_t start, int64_t stop, int64_t step);
Cell *obj_cell_new(VM *vm, Value v);
Code *obj_code_new(VM *vm);
Function *obj_function_new(VM *vm, Code *code, int nfree);
Native *obj_native_new(VM *vm, const char *name, NativeFn fn, uint16_t flags);
Bound *obj_bound_new(VM *vm, Value self, Value func);
Iter *obj_iter_new(VM *vm, IterKind kind, Value src);
DictView *obj_dictview_new(VM *vm, Dict *d, ViewKind kind);
Generator *obj_generator_new(VM *vm, Function *fn);
Property *obj_property_new(VM *vm, Value fget, Value fset, Value fdel, Value doc);
/* type: OBJ_STATICMETHOD or OBJ_CLASSMETHOD */
MethodWrap *obj_method_wrap_new(VM *vm, ObjType type, Value func);
Slice *obj_slice_new(VM *vm, Value start, Value stop, Value step);

#endif
