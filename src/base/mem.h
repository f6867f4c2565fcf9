/* mem.h: the small-block allocator under the collector.
 *
 * Objects and buffers of up to MEM_SMALL_MAX bytes come from per-size free
 * lists carved out of large chunks, so making and freeing the many small
 * objects of a program costs a few instructions instead of a malloc call.
 * Larger blocks go to the C library, and the largest (from 4 MiB) are
 * mappings of their own (mem.c).  Sanitizer builds use the C library for
 * everything, so that AddressSanitizer sees every block.
 */
#ifndef LST_MEM_H
#define LST_MEM_H

#include <stddef.h>
#include <string.h>

#define MEM_GRANULE   16
#define MEM_SMALL_MAX 256
#define MEM_CLASSES   (MEM_SMALL_MAX / MEM_GRANULE)

typedef struct MemChunk MemChunk;
typedef struct MemPool {
  void *free[MEM_CLASSES]; /* free blocks of each size class, linked through their first word */
  MemChunk *chunks;        /* every chunk, freed with the pool */
  char *bump, *bump_end;   /* the unused tail of the newest chunk */
} MemPool;

void *mem_alloc_slow(MemPool *p, size_t size); /* NULL when out of memory */
void mem_free_slow(MemPool *p, void *block, size_t size);

/* MEM_CHECKED: a build under AddressSanitizer, which must see every block
 * from the C library and every block freed (so the pool is off, and the
 * heap is freed at exit) */
#if defined(__SANITIZE_ADDRESS__)
#define MEM_CHECKED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEM_CHECKED 1
#endif
#endif
#ifndef MEM_CHECKED
#define MEM_CHECKED 0
#endif
#define MEM_USE_POOL (!MEM_CHECKED)

/* The fast paths: a block off its class's free list, and back onto it. */
static inline void *mem_alloc(MemPool *p, size_t size) {
  if (MEM_USE_POOL && size - 1 < MEM_SMALL_MAX) {
    size_t c = (size - 1) / MEM_GRANULE;
    void *b = p->free[c];
    if (b) {
      p->free[c] = *(void **)b;
      return b;
    }
  }
  return mem_alloc_slow(p, size);
}

static inline void mem_free(MemPool *p, void *block, size_t size) {
  if (MEM_USE_POOL && block && size - 1 < MEM_SMALL_MAX) {
    size_t c = (size - 1) / MEM_GRANULE;
    *(void **)block = p->free[c];
    p->free[c] = block;
    return;
  }
  mem_free_slow(p, block, size);
}

/* A pool block resized to another pool size (both at most MEM_SMALL_MAX):
 * the same block within its size class, else the contents copied to a
 * block of the new class and the old one freed; NULL when out of memory,
 * the old block left alone. */
static inline void *mem_resize_small(MemPool *p, void *block, size_t old_size, size_t new_size) {
  if ((old_size - 1) / MEM_GRANULE == (new_size - 1) / MEM_GRANULE) return block;
  void *q = mem_alloc(p, new_size);
  if (!q) return NULL;
  memcpy(q, block, old_size < new_size ? old_size : new_size);
  mem_free(p, block, old_size);
  return q;
}
/* As realloc; size 0 frees.  On failure returns NULL and keeps the block. */
void *mem_realloc(MemPool *p, void *block, size_t old_size, size_t new_size);

/* A zeroed block of `size` bytes straight from the system's fresh pages
 * (mmap), none of them touched until used: for large tables that a run
 * mostly never reaches (the VM's frames); freed with mem_free_pages.  The
 * C library's calloc where there is no mmap.  NULL when out of memory. */
void *mem_zeroed_pages(size_t size);
void mem_free_pages(void *block, size_t size);
void mem_release(MemPool *p);

#endif
