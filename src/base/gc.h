/* gc.h: the allocator and the mark-sweep collector.
 *
 * Every byte the runtime takes from the C library goes through gc_new_object
 * or gc_realloc, so the collector's count is the program's real footprint.
 * Collection happens only at safe points of the outermost dispatch loop
 * (gc_safepoint), where every live value is on the VM stack, in a frame, in
 * a global or in the VM's own fields; natives therefore never need to root
 * their temporaries.
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
void gc_free(VM *vm, void *p, size_t size);

/* Counts bytes taken (or, negative, given back); a collection is due when
 * the count passes the threshold. */
static inline void gc_account(VM *vm, size_t old_size, size_t new_size) {
  vm->bytes_allocated += new_size - old_size;
  if (vm->bytes_allocated > vm->next_gc) vm->gc_pending = true;
}

/* A new zeroed object of `size` bytes linked into the heap, or NULL with
 * MemoryError pending. */
static inline Obj *gc_new_object(VM *vm, size_t size, ObjType type) {
  /* a large object (a long tuple or str) goes the slow way, past the
   * --max-memory check */
  Obj *o = size - 1 < MEM_SMALL_MAX ? mem_alloc(&vm->pool, size) : NULL;
  if (!o) return gc_new_object_slow(vm, size, type);
  memset(o, 0, size);
  o->type = (uint8_t)type;
  o->next = vm->objects;
  vm->objects = o;
  gc_account(vm, 0, size);
  if (vm->gc_stress) vm->gc_pending = true;
  return o;
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
  return gc_realloc_slow(vm, p, old_size, new_size);
}

void gc_collect(VM *vm);
/* Whether o can be reached from the roots (a full marking, no sweep); only
 * where gc_collect could run, as natives' temporaries are no roots. */
bool gc_reachable(VM *vm, Obj *o);
void gc_free_all(VM *vm);

static inline void gc_safepoint(VM *vm) {
  if (vm->gc_pending && vm->native_depth == 0) gc_collect(vm);
}

void gc_mark_value(VM *vm, Value v);
void gc_mark_obj(VM *vm, Obj *o);

#endif
