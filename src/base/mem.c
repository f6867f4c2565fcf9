/* mem.c: size-class free lists over 64 KiB chunks (see mem.h). */
#include "base/mem.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#if defined(__unix__) && !defined(__EMSCRIPTEN__)
#include <sys/mman.h>
#define MEM_HAVE_MMAP 1
#else
#define MEM_HAVE_MMAP 0
#endif

#define CHUNK_BYTES (64 * 1024)

struct MemChunk {
  MemChunk *next;
  _Alignas(16) char data[];
};

static size_t class_of(size_t size) { return (size + MEM_GRANULE - 1) / MEM_GRANULE - 1; }

void *mem_alloc_slow(MemPool *p, size_t size) {
  if (!MEM_USE_POOL || size == 0 || size > MEM_SMALL_MAX) return malloc(size ? size : 1);
  size_t c = class_of(size);
  void *b = p->free[c];
  if (b) {
    p->free[c] = *(void **)b;
    return b;
  }
  size_t bytes = (c + 1) * MEM_GRANULE;
  if (!p->bump || (size_t)(p->bump_end - p->bump) < bytes) {
    /* the tail of the old chunk goes to the free lists */
    while (p->bump && (size_t)(p->bump_end - p->bump) >= MEM_GRANULE) {
      size_t left = (size_t)(p->bump_end - p->bump);
      size_t k = class_of(left > MEM_SMALL_MAX ? MEM_SMALL_MAX : left);
      size_t kb = (k + 1) * MEM_GRANULE;
      *(void **)p->bump = p->free[k];
      p->free[k] = p->bump;
      p->bump += kb;
    }
    MemChunk *ch = malloc(sizeof(MemChunk) + CHUNK_BYTES);
    if (!ch) return NULL;
    ch->next = p->chunks;
    p->chunks = ch;
    p->bump = ch->data;
    p->bump_end = ch->data + CHUNK_BYTES;
  }
  b = p->bump;
  p->bump += bytes;
  return b;
}

void mem_free_slow(MemPool *p, void *block, size_t size) {
  if (!block) return;
  if (!MEM_USE_POOL || size == 0 || size > MEM_SMALL_MAX) {
    free(block);
    return;
  }
  size_t c = class_of(size);
  *(void **)block = p->free[c];
  p->free[c] = block;
}

void *mem_realloc(MemPool *p, void *block, size_t old_size, size_t new_size) {
  if (new_size == 0) {
    mem_free(p, block, old_size);
    return NULL;
  }
  if (!block) return mem_alloc(p, new_size);
  bool old_small = MEM_USE_POOL && old_size > 0 && old_size <= MEM_SMALL_MAX;
  bool new_small = MEM_USE_POOL && new_size <= MEM_SMALL_MAX;
  if (!old_small && !new_small) return realloc(block, new_size);
  if (old_small && new_small) return mem_resize_small(p, block, old_size, new_size);
  void *q = mem_alloc(p, new_size);
  if (!q) return NULL;
  memcpy(q, block, old_size < new_size ? old_size : new_size);
  mem_free(p, block, old_size);
  return q;
}

void mem_release(MemPool *p) {
  MemChunk *c = p->chunks;
  while (c) {
    MemChunk *next = c->next;
    free(c);
    c = next;
  }
  memset(p, 0, sizeof *p);
}

/* Sanitizer builds take these from the C library too, so that they are
 * checked and counted as every other block. */
void *mem_zeroed_pages(size_t size) {
  if (!MEM_HAVE_MMAP || !MEM_USE_POOL) return calloc(1, size);
#if MEM_HAVE_MMAP
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
#endif
}

void mem_free_pages(void *block, size_t size) {
  if (!block) return;
  if (!MEM_HAVE_MMAP || !MEM_USE_POOL) {
    free(block);
    return;
  }
#if MEM_HAVE_MMAP
  munmap(block, size);
#endif
}
