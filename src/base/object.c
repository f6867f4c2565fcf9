/* object.c: the leaf constructors: objects made from values alone, which
 * need no other module (boxed numbers, tuples, ranges, cells, code,
 * functions, natives, bound methods, iterators, dict views, generators).
 * Lists, strings, dicts, sets and classes have modules of their own. */
#include "base/object.h"

#include <string.h>

#include "base/gc.h"

Value obj_int(VM *vm, int64_t i) {
  if (i >= SMALL_MIN && i <= SMALL_MAX) return SMALL_VAL(i);
  Int *o = (Int *)gc_new_object(vm, sizeof(Int), OBJ_INT);
  if (!o) return VAL_UNDEF;
  o->v = i;
  return OBJ_VAL(o);
}

Value obj_float(VM *vm, double d) {
  Float *o = (Float *)gc_new_object(vm, sizeof(Float), OBJ_FLOAT);
  if (!o) return VAL_UNDEF;
  o->v = d;
  return OBJ_VAL(o);
}

Tuple *obj_tuple_new(VM *vm, int64_t len) {
  if (len < 0 || (uint64_t)len > (SIZE_MAX - sizeof(Tuple)) / sizeof(Value) / 2) {
    gc_memory_error(vm);
    return NULL;
  }
  Tuple *t = (Tuple *)gc_new_object(vm, sizeof(Tuple) + (size_t)len * sizeof(Value), OBJ_TUPLE);
  if (!t) return NULL;
  t->len = len;
  for (int64_t i = 0; i < len; i++) t->items[i] = VAL_NONE;
  return t;
}

Range *obj_range_new(VM *vm, int64_t start, int64_t stop, int64_t step) {
  Range *r = (Range *)gc_new_object(vm, sizeof(Range), OBJ_RANGE);
  if (!r) return NULL;
  r->start = start;
  r->stop = stop;
  r->step = step;
  /* length computed without overflow: the span fits in unsigned 64 bits */
  uint64_t n = 0;
  if (step > 0 && start < stop)
    n = ((uint64_t)stop - (uint64_t)start - 1) / (uint64_t)step + 1;
  else if (step < 0 && start > stop)
    n = ((uint64_t)start - (uint64_t)stop - 1) / ((uint64_t)0 - (uint64_t)step) + 1;
  r->len = (int64_t)n;
  return r;
}

Cell *obj_cell_new(VM *vm, Value v) {
  Cell *c = (Cell *)gc_new_object(vm, sizeof(Cell), OBJ_CELL);
  if (c) c->v = v;
  return c;
}

Code *obj_code_new(VM *vm) {
  Code *c = (Code *)gc_new_object(vm, sizeof(Code), OBJ_CODE);
  if (c) c->doc = VAL_NONE;
  return c;
}

Function *obj_function_new(VM *vm, Code *code, int nfree) {
  Function *f = (Function *)gc_new_object(vm, sizeof(Function) + (size_t)nfree * sizeof(Cell *),
                                          OBJ_FUNCTION);
  if (!f) return NULL;
  f->code = code;
  f->name = code->name;
  f->qualname = code->qualname;
  f->doc = code->doc;
  f->nfree = nfree;
  f->klass = VAL_UNDEF;
  return f;
}

Native *obj_native_new(VM *vm, const char *name, NativeFn fn, uint16_t flags) {
  Native *n = (Native *)gc_new_object(vm, sizeof(Native), OBJ_NATIVE);
  if (!n) return NULL;
  n->fn = fn;
  n->name = name;
  n->obj.flags = flags;
  n->self = VAL_UNDEF;
  return n;
}

Bound *obj_bound_new(VM *vm, Value self, Value func) {
  Bound *b = (Bound *)gc_new_object(vm, sizeof(Bound), OBJ_BOUND);
  if (!b) return NULL;
  b->self = self;
  b->func = func;
  return b;
}

Iter *obj_iter_new(VM *vm, IterKind kind, Value src) {
  Iter *it = (Iter *)gc_new_object(vm, sizeof(Iter), OBJ_ITER);
  if (!it) return NULL;
  it->kind = (uint8_t)kind;
  it->src = src;
  return it;
}

Generator *obj_generator_new(VM *vm, Function *fn) {
  Code *c = fn->code;
  size_t n = (size_t)(c->nlocals + c->max_stack);
  Value *saved = gc_realloc(vm, NULL, 0, (n ? n : 1) * sizeof(Value));
  if (!saved) return NULL;
  Generator *g = (Generator *)gc_new_object(vm, sizeof(Generator), OBJ_GENERATOR);
  if (!g) {
    gc_free(vm, saved, (n ? n : 1) * sizeof(Value));
    return NULL;
  }
  g->fn = fn;
  g->saved = saved;
  g->cap = (int32_t)(n ? n : 1);
  g->state = GEN_CREATED;
  g->handling = VAL_NONE;
  return g;
}

DictView *obj_dictview_new(VM *vm, Dict *d, ViewKind kind) {
  DictView *v = (DictView *)gc_new_object(vm, sizeof(DictView), OBJ_DICTVIEW);
  if (!v) return NULL;
  v->dict = d;
  v->kind = (uint8_t)kind;
  return v;
}

Property *obj_property_new(VM *vm, Value fget, Value fset, Value fdel, Value doc) {
  Property *p = (Property *)gc_new_object(vm, sizeof(Property), OBJ_PROPERTY);
  if (!p) return NULL;
  p->fget = fget;
  p->fset = fset;
  p->fdel = fdel;
  p->doc = doc;
  return p;
}

MethodWrap *obj_method_wrap_new(VM *vm, ObjType type, Value func) {
  MethodWrap *w = (MethodWrap *)gc_new_object(vm, sizeof(MethodWrap), type);
  if (w) w->func = func;
  return w;
}

Slice *obj_slice_new(VM *vm, Value start, Value stop, Value step) {
  Slice *s = (Slice *)gc_new_object(vm, sizeof(Slice), OBJ_SLICE);
  if (!s) return NULL;
  s->start = start;
  s->stop = stop;
  s->step = step;
  return s;
}
