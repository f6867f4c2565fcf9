/* gc.h: the allocator and the mark-sweep collector.
 *
 * Every byte the runtime takes from the C library goes through gc_alloc or
 * gc_realloc, so the collector's count is the program's real footprint.
 * Collection happens only at safe points of the outermost dispatch loop
 * (gc_safepoint), where every live value is on the VM stack, in a frame, in
 * a global or in the VM's own fields; natives therefore never need to root
 * their temporaries.
 */
#ifndef LST_GC_H
#define LST_GC_H

#include <stddef.h>
#include "vm.h"

/* A new object of `size` bytes linked into the heap, or NULL with
 * MemoryError pending. */
Obj *gc_new_object(VM *vm, size_t size, ObjType type);

/* Raw buffers owned by objects (list items, dict tables).  gc_realloc with
 * new_size 0 frees and returns NULL; on failure returns NULL with
 * MemoryError pending and leaves the old block alone. */
void *gc_realloc(VM *vm, void *p, size_t old_size, size_t new_size);
void gc_free(VM *vm, void *p, size_t size);

void gc_collect(VM *vm);
void gc_free_all(VM *vm);

static inline void gc_safepoint(VM *vm) {
  if (vm->gc_pending && vm->native_depth == 0) gc_collect(vm);
}

void gc_mark_value(VM *vm, Value v);
void gc_mark_obj(VM *vm, Obj *o);

#endif
