/* gc.h: the allocator and the mark-sweep collector.
 *
 * Every byte the runtime takes from the C library goes through gc_new_object
 * or gc_realloc, so the collector's count is the program's real footprint.
 * Collection happens at the dispatch loop's safe points (gc_safepoint: loops,
 * calls, entries from natives) and in natives' long loops (vm_poll, which
 * sum() of a range or max() of a generator turn through). There every live value is on the VM stack, in a frame, in a
 * global or in the VM's own fields, except what natives under the running
 * Python code hold (sum's total, sorted's keys, a list being built). Those
 * are found two ways:
 * - the C stack between the collector and vm->c_stack_base is read
 *   conservatively: any word that points into an object keeps it (and
 *   what it refers to) alive, so natives' locals need no registration;
 * - Value arrays on the C heap (sort's working arrays) are named with
 *   gc_roots_push/gc_roots_pop around the code that may run Python.
 * Objects never move, so a word that only looks like a pointer costs at
 * most an object kept one cycle longer. Invariant for natives: whenever
 * Python code may run, every object they will use again is pointed to from
 * their C locals, a pushed root array or a reachable object, and every
 * object they can reach is consistent (a list's first len items are set).
 */
#ifndef LST_GC_H
#define LST_GC_H

#include <stddef.h>
#include <string.h>

#include "base/state.h"

/* Raises MemoryError: the instance made at start-up, so raising it needs
 * no memory.  Returns false, as the err_* raisers do. */
bool gc_memory_error(VM *vm);

Obj *gc_new_object_slow(VM *vm, size_t size, ObjType type);

/* Raw buffers owned by objects (list items, dict tables).  gc_realloc with
 * new_size 0 frees and returns NULL; on failure returns NULL with
 * MemoryError pending and leaves the old block alone. */
void *gc_realloc_slow(VM *vm, void *p, size_t old_size, size_t new_size);

/* Counts bytes taken (or, negative, given back); a collection is due when
 * the count passes the threshold. */
static inline void gc_account(VM *vm, size_t old_size, size_t new_size) {
  vm->bytes_allocated += new_size - old_size;
  if (vm->bytes_allocated > vm->next_gc) vm->gc_pending = true;
}

/* Zeroes the block o of `size` bytes, makes it an object of `type` and
 * links it into the heap: the one way both allocation paths end. */
static inline Obj *gc_link_object(VM *vm, Obj *o, size_t size, ObjType type) {
  memset(o, 0, size);
  o->type = (uint8_t)type;
  o->next = vm->objects;
  vm->objects = o;
  gc_account(vm, 0, size);
  if (vm->gc_stress) vm->gc_pending = true;
  return o;
}

/* A new zeroed object of `size` bytes linked into the heap, or NULL with
 * MemoryError pending. */
static inline Obj *gc_new_object(VM *vm, size_t size, ObjType type) {
  /* a large object (a long tuple or str) goes the slow way, past the
   * --max-memory check */
  Obj *o = size - 1 < MEM_SMALL_MAX ? mem_alloc(&vm->pool, size) : NULL;
  if (!o) return gc_new_object_slow(vm, size, type);
  return gc_link_object(vm, o, size, type);
}

static inline void *gc_realloc(VM *vm, void *p, size_t old_size, size_t new_size) {
  /* a first small buffer comes straight off a free list */
  if (!p && new_size - 1 < MEM_SMALL_MAX) {
    void *q = mem_alloc(&vm->pool, new_size);
    if (q) {
      gc_account(vm, 0, new_size);
      return q;
    }
  }
  /* a small buffer resized to another small size (a list growing by
   * append, shrinking by remove), without --max-memory's check, which the
   * slow way makes */
  if (MEM_USE_POOL && p && old_size - 1 < MEM_SMALL_MAX && new_size - 1 < MEM_SMALL_MAX &&
      !vm->mem_limit) {
    void *q = mem_resize_small(&vm->pool, p, old_size, new_size);
    if (q) {
      gc_account(vm, old_size, new_size);
      return q;
    }
  }
  return gc_realloc_slow(vm, p, old_size, new_size);
}

/* Frees a buffer gc_realloc gave (NULL is no buffer). */
static inline void gc_free(VM *vm, void *p, size_t size) {
  if (!p) return;
  mem_free(&vm->pool, p, size);
  gc_account(vm, size, 0);
}

/* A Value array outside the heap's objects that holds roots while Python
 * code runs: pushed and popped in nested order, from C stack frames. The
 * array's unset entries must be 0 or another non-object value. */
typedef struct GcRoots {
  const Value *values;
  int64_t n;
  struct GcRoots *prev;
} GcRoots;

static inline void gc_roots_push(VM *vm, GcRoots *r, const Value *values, int64_t n) {
  r->values = values;
  r->n = n;
  r->prev = vm->roots;
  vm->roots = r;
}

static inline void gc_roots_pop(VM *vm, GcRoots *r) { vm->roots = r->prev; }

void gc_collect(VM *vm);
/* A collection from inside a native's own loop (vm_poll), which holds its
 * values in C locals even when no Python code runs under it. */
void gc_collect_in_native(VM *vm);
/* Whether o can be reached from the roots (a full marking, no sweep); only
 * where gc_collect could run. */
bool gc_reachable(VM *vm, Obj *o);
void gc_free_all(VM *vm);

/* The least a program allocates between two collections (after one, the
 * next comes when the heap has doubled, or grown by this much).  Small
 * enough that what a run allocates between collections, with the pool's
 * headers and its free blocks, stays in a core's L2 cache (1 MiB and
 * more): the blocks a sweep frees are taken again while they are still
 * there, as CPython's reference counts reuse a block at once.  Under
 * cachegrind (a 1 MiB, 16-way data cache), a deep copy of small lists and
 * dicts misses 329,834 times at 1 MiB, 16,654 at 768 KiB, against
 * CPython's 136,089; at 4 MiB it missed 25 times as often as at 1 MiB in a
 * 2 MiB cache.  768 KiB costs that deep copy 1.4% more instructions (more
 * collections) and the other workloads about 0.3%. */
#define GC_MIN_HEAP (3u << 18)

/* Past GC_MIN_HEAP, the next collection comes when the heap has grown to
 * this many times what the last one left: each collection marks all that
 * is live, so a program that holds a large structure while it makes
 * garbage (a copy of a tree, again and again) marks it half as often as
 * at twice what was left, for a heap at most a half larger at its peak
 * (bench/clone.lst: 4.0% fewer instructions, its peak 2.4 to 2.9 MiB). */
#define GC_GROWTH 3u

/* Under a native (native_depth > 0) a collection needs the C stack's
 * extent; a VM whose embedder gave none collects only at the outermost
 * level. */
static inline void gc_safepoint(VM *vm) {
  if (vm->gc_pending && (vm->native_depth == 0 || vm->c_stack_base)) gc_collect(vm);
}

void gc_mark_value(VM *vm, Value v);
void gc_mark_obj(VM *vm, Obj *o);

#endif
