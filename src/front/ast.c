/* ast.c: the arena and node constructors of the syntax tree. */
#include "front/ast.h"

#include <stdlib.h>
#include <string.h>

struct ArenaChunk {
  ArenaChunk *next;
  size_t used, size;
  _Alignas(16) unsigned char data[];
};

#define ARENA_CHUNK (64 * 1024)

void ast_arena_init(Arena *a) {
  a->chunks = NULL;
  a->failed = false;
}

void ast_arena_free(Arena *a) {
  ArenaChunk *c = a->chunks;
  while (c) {
    ArenaChunk *next = c->next;
    free(c);
    c = next;
  }
  a->chunks = NULL;
}

void *ast_arena_alloc(Arena *a, size_t size) {
  size = (size + 15) & ~(size_t)15;
  ArenaChunk *c = a->chunks;
  if (!c || c->used + size > c->size) {
    size_t n = size > ARENA_CHUNK ? size : ARENA_CHUNK;
    c = malloc(sizeof(ArenaChunk) + n);
    if (!c) {
      a->failed = true;
      return NULL;
    }
    c->used = 0;
    c->size = n;
    c->next = a->chunks;
    a->chunks = c;
  }
  void *p = c->data + c->used;
  c->used += size;
  memset(p, 0, size);
  return p;
}

char *ast_arena_strndup(Arena *a, const char *s, size_t n) {
  char *d = ast_arena_alloc(a, n + 1);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

Node *ast_node(Arena *a, NodeKind kind, int line, int col) {
  Node *n = ast_arena_alloc(a, sizeof(Node));
  if (!n) return NULL;
  n->kind = (uint8_t)kind;
  n->line = n->end_line = line;
  n->col = n->end_col = col;
  return n;
}

NodeList *ast_list(Arena *a) { return ast_arena_alloc(a, sizeof(NodeList)); }

NodeList *ast_append(Arena *a, NodeList *l, Node *n) {
  if (!l) l = ast_list(a);
  if (!l) return NULL;
  if (l->len == l->cap) {
    int cap = l->cap ? l->cap * 2 : 4;
    Node **items = ast_arena_alloc(a, (size_t)cap * sizeof(Node *));
    if (!items) return l;
    if (l->len) memcpy(items, l->items, (size_t)l->len * sizeof(Node *));
    l->items = items;
    l->cap = cap;
  }
  l->items[l->len++] = n;
  return l;
}
