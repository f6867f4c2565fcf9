/* gc.c: allocation accounting, marking, sweeping and freeing of objects.
 *
 * The collector counts bytes, not objects: a collection is due when the
 * bytes allocated since the last one reach the bytes that survived it, so
 * short-lived large lists are reclaimed as promptly as many small objects.
 */
#include "base/gc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"

/* The collector is left out of a fuzzing build's coverage tracing: its
 * comparisons are on addresses and mark bits, which steer no fuzzing, and
 * traced they make each collection (at every safe point, under GC stress)
 * many times slower. */
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
#endif

void *gc_realloc_slow(VM *vm, void *p, size_t old_size, size_t new_size) {
  if (new_size == 0) {
    mem_free(&vm->pool, p, old_size);
    gc_account(vm, old_size, 0);
    return NULL;
  }
  /* --max-memory: a buffer that would pass the limit is not given */
  if (vm->mem_limit && new_size > old_size &&
      vm->bytes_allocated + (new_size - old_size) > vm->mem_limit) {
    gc_memory_error(vm);
    return NULL;
  }
  void *q = mem_realloc(&vm->pool, p, old_size, new_size);
  if (!q) {
    gc_memory_error(vm);
    return NULL;
  }
  gc_account(vm, old_size, new_size);
  return q;
}

bool gc_memory_error(VM *vm) {
  vm->exc = vm->memory_error;
  vm->exc_reraised = false;
  if (IS_INSTANCE(vm->exc)) AS_INSTANCE(vm->exc)->traceback = VAL_UNDEF;
  return false;
}

/* A large object, or a small one the pool could not give: the
 * --max-memory check, then the allocator; MemoryError when it fails. */
Obj *gc_new_object_slow(VM *vm, size_t size, ObjType type) {
  Obj *o = NULL;
  if (!vm->mem_limit || vm->bytes_allocated + size <= vm->mem_limit) o = mem_alloc(&vm->pool, size);
  if (!o) {
    gc_memory_error(vm);
    return NULL;
  }
  return gc_link_object(vm, o, size, type);
}

/* ---------------------------------------------------------------- marking */

void gc_mark_obj(VM *vm, Obj *o) {
  if (!o || o->marked) return;
  o->marked = 1;
  if (vm->gray_len == vm->gray_cap) {
    size_t cap = vm->gray_cap ? vm->gray_cap * 2 : 256;
    Value *g = realloc(vm->gray, cap * sizeof(Value));
    if (!g) {
      /* Out of memory while marking: nothing safe to do but stop. */
      fputs("lst: out of memory during garbage collection\n", stderr);
      exit(1);
    }
    vm->gray = g;
    vm->gray_cap = cap;
  }
  vm->gray[vm->gray_len++] = OBJ_VAL(o);
}

void gc_mark_value(VM *vm, Value v) {
  if (IS_OBJ(v)) gc_mark_obj(vm, AS_OBJ(v));
}

static void mark_values(VM *vm, const Value *vs, int64_t n) {
  int64_t i = 0;
  /* four small ints at a time (their low bits all set): a list of
   * millions of ints is marked again at every collection while it grows */
  for (; i + 4 <= n; i += 4) {
    if (vs[i] & vs[i + 1] & vs[i + 2] & vs[i + 3] & 1) continue;
    gc_mark_value(vm, vs[i]);
    gc_mark_value(vm, vs[i + 1]);
    gc_mark_value(vm, vs[i + 2]);
    gc_mark_value(vm, vs[i + 3]);
  }
  for (; i < n; i++) gc_mark_value(vm, vs[i]);
}

/* Marks what o refers to.  ORDER OBJ */
static void blacken(VM *vm, Obj *o) {
  switch ((ObjType)o->type) {
  case OBJ_STR:
  case OBJ_INT:
  case OBJ_FLOAT:
  case OBJ_RANGE: break;
  case OBJ_LIST: {
    List *l = (List *)o;
    mark_values(vm, l->items, l->len);
    break;
  }
  case OBJ_TUPLE: {
    Tuple *t = (Tuple *)o;
    mark_values(vm, t->items, t->len);
    break;
  }
  case OBJ_DICT: {
    Dict *d = (Dict *)o;
    for (int64_t i = 0; i < d->nentries; i++) {
      gc_mark_value(vm, d->entries[i].key);
      gc_mark_value(vm, d->entries[i].value);
    }
    break;
  }
  case OBJ_SET: {
    Set *s = (Set *)o;
    if (s->table)
      for (int64_t i = 0; i <= s->mask; i++) gc_mark_value(vm, s->table[i].key);
    break;
  }
  case OBJ_CODE: {
    Code *c = (Code *)o;
    mark_values(vm, c->consts, c->nconsts);
    gc_mark_obj(vm, (Obj *)c->name);
    gc_mark_obj(vm, (Obj *)c->qualname);
    gc_mark_value(vm, c->doc);
    for (int i = 0; i < c->nlocals; i++) gc_mark_obj(vm, (Obj *)c->varnames[i]);
    for (int i = 0; i < c->ncaches; i++) gc_mark_obj(vm, (Obj *)c->caches[i].name);
    if (c->made_once) gc_mark_obj(vm, (Obj *)c->made_once);
    break;
  }
  case OBJ_FUNCTION: {
    Function *f = (Function *)o;
    gc_mark_obj(vm, (Obj *)f->code);
    gc_mark_obj(vm, (Obj *)f->name);
    gc_mark_obj(vm, (Obj *)f->qualname);
    gc_mark_value(vm, f->doc);
    gc_mark_obj(vm, (Obj *)f->attrs);
    gc_mark_obj(vm, (Obj *)f->defaults);
    gc_mark_value(vm, f->klass);
    for (int i = 0; i < f->nfree; i++) gc_mark_obj(vm, (Obj *)f->free[i]);
    break;
  }
  case OBJ_NATIVE: {
    Native *n = (Native *)o;
    gc_mark_value(vm, n->self);
    gc_mark_obj(vm, (Obj *)n->owner);
    break;
  }
  case OBJ_BOUND: {
    Bound *b = (Bound *)o;
    gc_mark_value(vm, b->self);
    gc_mark_value(vm, b->func);
    break;
  }
  case OBJ_CELL: gc_mark_value(vm, ((Cell *)o)->v); break;
  case OBJ_CLASS: {
    Class *k = (Class *)o;
    gc_mark_obj(vm, (Obj *)k->name);
    gc_mark_obj(vm, (Obj *)k->base);
    gc_mark_obj(vm, (Obj *)k->dict);
    gc_mark_value(vm, k->init);
    gc_mark_value(vm, k->new_);
    break;
  }
  case OBJ_INSTANCE: {
    Instance *in = (Instance *)o;
    gc_mark_obj(vm, (Obj *)in->klass);
    gc_mark_obj(vm, (Obj *)in->attrs);
    gc_mark_value(vm, in->payload);
    gc_mark_value(vm, in->traceback);
    if (o->flags & INSTANCE_EXC) {
      gc_mark_value(vm, ((ExcInstance *)o)->cause);
      gc_mark_value(vm, ((ExcInstance *)o)->context);
      gc_mark_value(vm, ((ExcInstance *)o)->name);
      gc_mark_value(vm, ((ExcInstance *)o)->obj);
    }
    break;
  }
  case OBJ_ITER: gc_mark_value(vm, ((Iter *)o)->src); break;
  case OBJ_MODULE: {
    Module *m = (Module *)o;
    gc_mark_obj(vm, (Obj *)m->name);
    gc_mark_obj(vm, (Obj *)m->dict);
    break;
  }
  case OBJ_DICTVIEW: gc_mark_obj(vm, (Obj *)((DictView *)o)->dict); break;
  case OBJ_GENERATOR: {
    Generator *g = (Generator *)o;
    gc_mark_obj(vm, (Obj *)g->fn);
    gc_mark_value(vm, g->handling);
    mark_values(vm, g->saved, g->nsaved);
    break;
  }
  case OBJ_PROPERTY: {
    Property *p = (Property *)o;
    gc_mark_value(vm, p->fget);
    gc_mark_value(vm, p->fset);
    gc_mark_value(vm, p->fdel);
    gc_mark_value(vm, p->doc);
    gc_mark_obj(vm, (Obj *)p->name);
    break;
  }
  case OBJ_STATICMETHOD:
  case OBJ_CLASSMETHOD:
    gc_mark_value(vm, ((MethodWrap *)o)->func);
    gc_mark_obj(vm, (Obj *)((MethodWrap *)o)->attrs);
    break;
  case OBJ_SLICE: {
    Slice *s = (Slice *)o;
    gc_mark_value(vm, s->start);
    gc_mark_value(vm, s->stop);
    gc_mark_value(vm, s->step);
    break;
  }
  case OBJ_TYPE_COUNT: break;
  }
}

/* ------------------------------------------------ natives' roots */

#if defined(__SANITIZE_ADDRESS__)
#define GC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GC_ASAN 1
#endif
#endif
#ifdef GC_ASAN
/* AddressSanitizer may move locals to a heap "fake stack" to catch their
 * use after return; the C stack scan must find them on the real one. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_stack_use_after_return=0"; }
#endif

static size_t obj_size(Obj *o);

/* Sorts w[0..n) with tmp[0..n) as scratch: a radix sort by bytes, low to
 * high, that skips a byte all the words share (the high bytes of heap
 * addresses mostly are): a few linear passes, where a comparison sort of
 * a deep stack's words would dominate a collection. */
static void sort_words(uintptr_t *w, uintptr_t *tmp, size_t n) {
  for (unsigned shift = 0; shift < 8 * sizeof(uintptr_t); shift += 8) {
    size_t count[256] = {0};
    for (size_t i = 0; i < n; i++) count[(w[i] >> shift) & 0xFF]++;
    if (count[(w[0] >> shift) & 0xFF] == n) continue; /* one value: in order already */
    size_t at = 0;
    for (int d = 0; d < 256; d++) {
      size_t c = count[d];
      count[d] = at;
      at += c;
    }
    for (size_t i = 0; i < n; i++) tmp[count[(w[i] >> shift) & 0xFF]++] = w[i];
    memcpy(w, tmp, n * sizeof(uintptr_t));
  }
}

/* The span of addresses the heap's objects cover. */
static void heap_span(VM *vm, uintptr_t *lo, uintptr_t *hi) {
  uintptr_t a = UINTPTR_MAX, b = 0;
  for (Obj *o = vm->objects; o; o = o->next) {
    uintptr_t s = (uintptr_t)o, e = s + obj_size(o);
    if (s < a) a = s;
    if (e > b) b = e;
  }
  *lo = a;
  *hi = b;
}

/* Copies the words of [lo, hi) that point into the heap's span into
 * vm->stack_words, sorted: most words of a deep C stack (counts, return
 * addresses, stack addresses) fall outside it, so few are sorted. Reads
 * other frames' slots, padding included, so the sanitizer is told to let
 * it. */
__attribute__((no_sanitize_address)) static bool copy_stack_words(VM *vm, uintptr_t lo,
                                                                  uintptr_t hi, size_t *n) {
  lo &= ~(uintptr_t)(sizeof(uintptr_t) - 1);
  /* lo came from one local's address: hidden from the optimiser, so that
   * reading the frames above it is not taken as reading past that local */
  __asm__ volatile("" : "+r"(lo));
  size_t count = hi > lo ? (hi - lo) / sizeof(uintptr_t) : 0;
  uintptr_t heap_lo, heap_hi;
  heap_span(vm, &heap_lo, &heap_hi);
  const volatile uintptr_t *p = (const volatile uintptr_t *)lo;
  size_t k = 0;
  for (size_t i = 0; i < count; i++) {
    uintptr_t w = p[i];
    if (w < heap_lo || w >= heap_hi) continue;
    if (2 * k == vm->stack_words_cap) { /* the upper half is the sort's scratch */
      size_t cap = vm->stack_words_cap ? vm->stack_words_cap * 2 : 512;
      uintptr_t *grown = realloc(vm->stack_words, cap * sizeof(uintptr_t));
      if (!grown) return false;
      vm->stack_words = grown;
      vm->stack_words_cap = cap;
    }
    vm->stack_words[k++] = w;
  }
  if (k) sort_words(vm->stack_words, vm->stack_words + vm->stack_words_cap / 2, k);
  *n = k;
  return true;
}

/* Marks every object that a word of the C stack points into: one pass over
 * the heap, each object's extent looked up among the sorted words. */
static void mark_stack_words(VM *vm, size_t n) {
  const uintptr_t *w = vm->stack_words;
  if (!n) return;
  uintptr_t lowest = w[0], highest = w[n - 1];
  for (Obj *o = vm->objects; o; o = o->next) {
    uintptr_t start = (uintptr_t)o, end = start + obj_size(o);
    if (end <= lowest || start > highest || o->marked) continue;
    size_t a = 0, b = n; /* the first word >= start */
    while (a < b) {
      size_t m = a + (b - a) / 2;
      if (w[m] < start)
        a = m + 1;
      else
        b = m;
    }
    if (a < n && w[a] < end) gc_mark_obj(vm, o);
  }
}

/* Takes the words from here (below the frame of the caller, whose
 * callee-saved registers __builtin_unwind_init put on the stack) up to the
 * base. */
__attribute__((noinline)) static bool scan_from_here(VM *vm) {
  volatile uintptr_t here = 0;
  size_t n = 0;
  if (!copy_stack_words(vm, (uintptr_t)&here, (uintptr_t)vm->c_stack_base, &n)) return false;
  mark_stack_words(vm, n);
  return true;
}

/* The C stack as roots, when natives are running under the Python code
 * that reached a safe point. False when out of memory for the scan. */
__attribute__((noinline)) static bool mark_c_stack(VM *vm, bool native) {
  if (!(native || vm->native_depth > 0) || !vm->c_stack_base) return true;
#ifdef __wasm__
  /* WebAssembly keeps a native's values in locals outside memory, where
   * no scan reaches: the collection waits for the outermost level */
  return false;
#endif
  __builtin_unwind_init(); /* every register a native may hold a value in, spilled */
  return scan_from_here(vm);
}

/* Marks the roots; false, before marking anything, when the C stack
 * could not be scanned. `native`: called from a native's loop (gc_poll),
 * whose frames are on the C stack even at the outermost level. */
static bool mark_roots(VM *vm, bool native) {
  if (!mark_c_stack(vm, native)) return false;
  for (GcRoots *r = vm->roots; r; r = r->prev) mark_values(vm, r->values, r->n);
  mark_values(vm, vm->stack, vm->sp - vm->stack);
  for (int i = 0; i < vm->nframes; i++) {
    gc_mark_obj(vm, (Obj *)vm->frames[i].fn);
    gc_mark_obj(vm, (Obj *)vm->frames[i].code);
    gc_mark_obj(vm, (Obj *)vm->frames[i].klass);
    gc_mark_obj(vm, (Obj *)vm->frames[i].gen);
    gc_mark_value(vm, vm->frames[i].init_self);
  }
  gc_mark_obj(vm, (Obj *)vm->global_index);
  mark_values(vm, vm->globals, vm->nglobals);
  mark_values(vm, vm->global_default, vm->nglobals);
  for (int i = 0; i < vm->nglobals; i++) gc_mark_obj(vm, (Obj *)vm->global_names[i]);
  /* Builtins holds nothing but Class pointers, in fields and arrays */
  Obj **classes = (Obj **)&vm->b;
  for (size_t i = 0; i < sizeof vm->b / sizeof(Obj *); i++) gc_mark_obj(vm, classes[i]);
  gc_mark_value(vm, vm->exc);
  gc_mark_value(vm, vm->memory_error);
  gc_mark_value(vm, vm->handling);
  gc_mark_value(vm, vm->modules);
  gc_mark_value(vm, vm->sys_dict);
  gc_mark_value(vm, vm->argv);
  gc_mark_value(vm, vm->main_code);
  for (size_t i = 0; i < vm->ndeferred; i++)
    if (vm->deferred[i].owner) gc_mark_value(vm, vm->deferred[i].value);
#define VM_NAME_MARK(field, text) gc_mark_obj(vm, (Obj *)vm->s_##field);
  VM_NAMES(VM_NAME_MARK)
#undef VM_NAME_MARK
  for (int i = 0; i < VM_BINOP_COUNT; i++)
    for (int f = 0; f < 3; f++) gc_mark_obj(vm, (Obj *)vm->s_binop[i][f]);
  return true;
}

/* ---------------------------------------------------------------- freeing */

static size_t obj_size(Obj *o) {
  switch ((ObjType)o->type) {
  case OBJ_STR: return sizeof(Str) + (size_t)((Str *)o)->len + 1;
  case OBJ_INT: return sizeof(Int);
  case OBJ_FLOAT: return sizeof(Float);
  case OBJ_LIST: return sizeof(List);
  case OBJ_TUPLE: return sizeof(Tuple) + (size_t)((Tuple *)o)->len * sizeof(Value);
  case OBJ_DICT: return sizeof(Dict);
  case OBJ_SET: return sizeof(Set);
  case OBJ_RANGE: return sizeof(Range);
  case OBJ_CODE: return sizeof(Code);
  case OBJ_FUNCTION: return sizeof(Function) + (size_t)((Function *)o)->nfree * sizeof(Cell *);
  case OBJ_NATIVE: return sizeof(Native);
  case OBJ_BOUND: return sizeof(Bound);
  case OBJ_CELL: return sizeof(Cell);
  case OBJ_CLASS: return sizeof(Class);
  case OBJ_INSTANCE: return (o->flags & INSTANCE_EXC) ? sizeof(ExcInstance) : sizeof(Instance);
  case OBJ_ITER: return sizeof(Iter);
  case OBJ_MODULE: return sizeof(Module);
  case OBJ_DICTVIEW: return sizeof(DictView);
  case OBJ_GENERATOR: return sizeof(Generator);
  case OBJ_PROPERTY: return sizeof(Property);
  case OBJ_STATICMETHOD:
  case OBJ_CLASSMETHOD: return sizeof(MethodWrap);
  case OBJ_SLICE: return sizeof(Slice);
  case OBJ_TYPE_COUNT: break;
  }
  return 0;
}

/* Frees o; `collected` when the collector found it unreachable (the list
 * hook hears of those lists), not when the heap is freed at the end. */
__attribute__((always_inline)) static inline void free_object(VM *vm, Obj *o, bool collected) {
  switch ((ObjType)o->type) {
  case OBJ_LIST: {
    List *l = (List *)o;
    if (collected && vm->list_hook) {
      ListEvent e = {LIST_COLLECTED, NULL, l->cap, l->len, 0};
      vm->list_hook(vm, l, &e);
    }
    gc_free(vm, l->items, (size_t)l->cap * sizeof(Value));
    break;
  }
  case OBJ_DICT: {
    Dict *d = (Dict *)o;
    gc_free(vm, d->entries, (size_t)d->entries_cap * sizeof(DictEntry));
    gc_free(vm, d->index, (size_t)d->index_size * sizeof(int64_t));
    break;
  }
  case OBJ_SET: {
    Set *s = (Set *)o;
    if (s->table) gc_free(vm, s->table, (size_t)(s->mask + 1) * sizeof(SetEntry));
    break;
  }
  case OBJ_GENERATOR: {
    Generator *g = (Generator *)o;
    if (g->pending) {
      /* paused inside try or with, and dropped where lst could not see it */
      for (int i = 0; i < vm->npending; i++)
        if (vm->pending[i] == g) {
          memmove(&vm->pending[i], &vm->pending[i + 1],
                  sizeof(Generator *) * (size_t)(vm->npending - i - 1));
          vm->npending--;
          break;
        }
      if (collected) vm->lost_pending = true;
    }
    gc_free(vm, g->saved, (size_t)g->cap * sizeof(Value));
    break;
  }
  case OBJ_CODE: {
    Code *c = (Code *)o;
    free(c->code);
    free(c->pos);
    free(c->consts);
    free(c->handlers);
    free(c->caches);
    free(c->varnames);
    free(c->captures);
    free(c->cell_slots);
    break;
  }
  default: break;
  }
  size_t size = obj_size(o);
  mem_free(&vm->pool, o, size);
  gc_account(vm, size, 0);
}

static void sweep(VM *vm) {
  Obj **link = &vm->objects;
  while (*link) {
    Obj *o = *link;
    if (o->marked) {
      o->marked = 0;
      link = &o->next;
    } else {
      *link = o->next;
      free_object(vm, o, true);
    }
  }
}

static void collect(VM *vm, bool native) {
  /* the C stack not scanned (no memory for it, or WebAssembly): collect
   * later, at the outermost level if not before */
  if (!mark_roots(vm, native)) return;
  while (vm->gray_len > 0) {
    Value v = vm->gray[--vm->gray_len];
    blacken(vm, AS_OBJ(v));
  }
  str_sweep_interned(vm);
  sweep(vm);
  /* the method cache holds unmarked pointers: a freed class or name may
   * come back at the same address */
  vm->class_epoch++;
  vm->next_gc =
      vm->bytes_allocated > SIZE_MAX / GC_GROWTH ? SIZE_MAX : vm->bytes_allocated * GC_GROWTH;
  if (vm->next_gc < GC_MIN_HEAP) vm->next_gc = GC_MIN_HEAP;
  /* near a memory limit, collect before passing it */
  if (vm->mem_limit && vm->next_gc > vm->mem_limit) vm->next_gc = vm->mem_limit;
  vm->gc_pending = false;
}

void gc_collect(VM *vm) { collect(vm, false); }

void gc_collect_in_native(VM *vm) { collect(vm, true); }

bool gc_reachable(VM *vm, Obj *target) {
  if (!mark_roots(vm, false)) return true; /* not known: kept */
  while (vm->gray_len > 0) {
    Value v = vm->gray[--vm->gray_len];
    blacken(vm, AS_OBJ(v));
  }
  bool r = target->marked;
  for (Obj *o = vm->objects; o; o = o->next) o->marked = 0;
  return r;
}

void gc_free_all(VM *vm) {
  Obj *o = vm->objects;
  while (o) {
    Obj *next = o->next;
    free_object(vm, o, false);
    o = next;
  }
  vm->objects = NULL;
  mem_release(&vm->pool);
  free(vm->gray);
  vm->gray = NULL;
  free(vm->stack_words);
  vm->stack_words = NULL;
  vm->stack_words_cap = 0;
  vm->gray_len = vm->gray_cap = 0;
}

#if defined(__clang__)
#pragma clang attribute pop
#endif
