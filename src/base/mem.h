/* mem.h: the small-block allocator under the collector.
 *
 * Objects and buffers of up to MEM_SMALL_MAX bytes come from per-size free
 * lists carved out of large chunks, so making and freeing the many small
 * objects of a program costs a few instructions instead of a malloc call.
 * Larger blocks go to the C library.  Sanitizer builds use the C library
 * for everything, so that AddressSanitizer sees every block.
 */
#ifndef LST_MEM_H
#define LST_MEM_H

#include <stddef.h>

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

#if defined(__SANITIZE_ADDRESS__)
#define MEM_USE_POOL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEM_USE_POOL 0
#endif
#endif
#ifndef MEM_USE_POOL
#define MEM_USE_POOL 1
#endif

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
