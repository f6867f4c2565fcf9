/* mem.c: size-class free lists over 64 KiB chunks, and the big blocks
 * that are mappings of their own (see mem.h). */
#include "base/mem.h"

#include <stdbool.h>
#include <stdint.h>
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

/* ------------------------------------------------------------ big blocks
 *
 * A block of MEM_BIG_MIN bytes or more (a list of half a million items)
 * is a mapping of its own.  It grows and shrinks by mremap, which moves
 * page tables, not bytes, and the pages it gains are filled in by one
 * madvise call rather than one page fault each: for a list growing by
 * append the faults were a fifth of its time, and a call fills the same
 * pages in about half of theirs.  Only the pages the block gained are
 * filled, and a list's buffer is used up to its end before it grows again.
 * The mapping's length is kept in a header before the block, so freeing it
 * needs nothing from the caller.  A kernel without the call (before Linux
 * 5.14) refuses it, and the pages fault in as before. */
#define MEM_BIG_MIN    ((size_t)4 << 20)
#define MEM_BIG_HEADER ((size_t)16) /* keeps the block 16-byte aligned */
#define MEM_USE_BIG    (MEM_USE_POOL && MEM_HAVE_MMAP)

static bool is_big(size_t size) { return MEM_USE_BIG && size >= MEM_BIG_MIN; }

#if MEM_USE_BIG
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux's number, for older C libraries */
#endif
#define MEM_PAGE ((size_t)4096)

static size_t big_length(size_t size) {
  return (size + MEM_BIG_HEADER + MEM_PAGE - 1) & ~(MEM_PAGE - 1);
}

/* The block of a mapping of len bytes, whose pages from `from` on are new. */
static void *big_block(char *map, size_t from, size_t len) {
  if (len > from) (void)madvise(map + from, len - from, MADV_POPULATE_WRITE);
  *(size_t *)map = len;
  return map + MEM_BIG_HEADER;
}

static void *big_alloc(size_t size) {
  if (size > SIZE_MAX / 2) return NULL;
  size_t len = big_length(size);
  void *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return map == MAP_FAILED ? NULL : big_block(map, 0, len);
}

static void big_free(void *block) {
  char *map = (char *)block - MEM_BIG_HEADER;
  munmap(map, *(size_t *)map);
}

static void *big_resize(void *block, size_t new_size) {
  if (new_size > SIZE_MAX / 2) return NULL;
  char *map = (char *)block - MEM_BIG_HEADER;
  size_t len = *(size_t *)map, new_len = big_length(new_size);
  if (new_len == len) return block;
  void *moved = mremap(map, len, new_len, MREMAP_MAYMOVE);
  return moved == MAP_FAILED ? NULL : big_block(moved, len, new_len);
}
#else
static void *big_alloc(size_t size) { return malloc(size); }
static void big_free(void *block) { free(block); }
static void *big_resize(void *block, size_t new_size) { return realloc(block, new_size); }
#endif

/* A block of more than MEM_SMALL_MAX bytes: from the C library, or big. */
static void *large_alloc(size_t size) { return is_big(size) ? big_alloc(size) : malloc(size); }
static void large_free(void *block, size_t size) {
  if (is_big(size))
    big_free(block);
  else
    free(block);
}

void *mem_alloc_slow(MemPool *p, size_t size) {
  if (!MEM_USE_POOL || size == 0 || size > MEM_SMALL_MAX) return large_alloc(size ? size : 1);
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
    large_free(block, size);
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
  /* within a kind of block, resized in place where it can be */
  if (!old_small && !new_small && is_big(old_size) == is_big(new_size))
    return is_big(old_size) ? big_resize(block, new_size) : realloc(block, new_size);
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
