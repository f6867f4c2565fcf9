/* compile.c: the scope pass and the bytecode generator.
 *
 * Pass 1 (scope_*) walks the tree once and records, per function, class
 * and comprehension scope, which names are bound, used, declared global or
 * nonlocal.  Resolution then marks locals captured by inner functions as
 * cells and threads free variables through the scopes between.  Pass 2
 * (emit_*) generates code for one function at a time into a FuncState.
 */
#include "front/compile.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gc.h"
#include "base/str.h"
#include "front/opcodes.h"
#include "front/parser.h"

/* ============================================================== scopes */

enum {
  SYM_ASSIGNED = 1,
  SYM_PARAM = 2,
  SYM_USED = 4,
  SYM_GLOBAL = 8,
  SYM_NONLOCAL = 16,
  SYM_CELL = 32,
  SYM_FREE = 64
};

typedef enum { SCOPE_MODULE, SCOPE_FUNCTION, SCOPE_CLASS } ScopeKind;

typedef struct Symbol {
  const char *name;
  int flags;
  const Node *decl; /* a nonlocal declaration: where, for its error */
  int slot;         /* local slot, or index among free variables */
} Symbol;

typedef struct Scope {
  ScopeKind kind;
  struct Scope *parent;
  Symbol *syms;
  int nsyms, cap;
  int *index; /* a scope with many names: open addressing over syms, -1 empty */
  int index_cap;
  struct Scope **children;
  int nchildren, children_cap;
  const char **freevars; /* in order of their free slots */
  int nfree, free_cap;
  int nlocals;
  int line;
  bool is_generator; /* a function that yields */
  uint8_t comp_kind; /* a comprehension's own scope: its kind (E_LISTCOMP ...); else 0 (E_INT) */
} Scope;

typedef struct Block {
  /* BLK_EXCEPT: an except clause, or the finally body run for an
   * exception: the exception and the one handled before it are on the
   * stack.  BLK_HANDLER: the protected range of a try's handlers, whose
   * cleanup restores the handled exception when one leaves them. */
  enum { BLK_LOOP, BLK_EXCEPT, BLK_FINALLY, BLK_TRY, BLK_WITH, BLK_HANDLER } kind;
  int depth;           /* stack depth at entry; BLK_EXCEPT: the slot of its exception */
  int prev_slot;       /* BLK_EXCEPT: the slot of the exception handled before it */
  int continue_target; /* a while loop's test; -1 in a for loop, whose test follows */
  int *breaks;         /* jumps to patch at loop exit (arena memory) */
  int nbreaks, breaks_cap;
  int *continues; /* a for loop's jumps to its test, below the body (arena memory) */
  int ncontinues, continues_cap;
  bool is_for;     /* the iterator is on the stack */
  NodeList *final; /* BLK_FINALLY: the body to inline */
  int range_start; /* BLK_TRY/BLK_FINALLY/BLK_WITH: start of the protected range */
  int handler;     /* where the protected range's handler is, once known */
  struct PendingRange *ranges;
  int nranges, ranges_cap;
} Block;

typedef struct PendingRange {
  int start, end;
} PendingRange;

#define MAX_BLOCKS 64

typedef struct FuncState {
  struct FuncState *parent;
  Scope *scope;
  Code *code;
  uint32_t *ops;
  CodePos *pos;
  int n, cap;
  Value *consts;
  int nconsts, consts_cap;
  Handler *handlers;
  int nhandlers, handlers_cap;
  AttrCache *caches;
  int ncaches, caches_cap;
  int depth, max_depth;
  int label_at; /* the last position taken as a jump target */
  Block blocks[MAX_BLOCKS];
  int nblocks;
  CodePos loc; /* where the instructions emitted now are: the node being compiled, as CPython's */
} FuncState;

typedef struct Compiler {
  VM *vm;
  const CompileHost *host;
  Arena *arena;
  CompileError *err;
  FuncState *fs;
  jmp_buf fail;        /* taken on the first error; everything is freed after */
  FuncState *all[256]; /* every FuncState alive, for cleanup on failure */
  int nall;
  int nesting;
  CompileMode mode;
} Compiler;

/* How deep expressions may nest: the compiler recurses on them, and CPython
 * refuses past about 3000 levels. */
#define COMPILE_MAX_NESTING 1000

/* Stops compiling; err already holds the message. */
static _Noreturn void fail_kind(Compiler *c, const char *kind, int line, int col) {
  c->err->kind = kind;
  c->err->line = line;
  c->err->col = col;
  c->err->end_col = 0;
  longjmp(c->fail, 1);
}

static _Noreturn void fail_with(Compiler *c, const char *kind, int line, int col, const char *fmt,
                                ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->err->msg, sizeof c->err->msg, fmt, ap);
  va_end(ap);
  fail_kind(c, kind, line, col);
}

/* A SyntaxError that CPython marks under all of node n (when it is on
 * one line). */
static _Noreturn void fail_span(Compiler *c, const Node *n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->err->msg, sizeof c->err->msg, fmt, ap);
  va_end(ap);
  c->err->kind = "SyntaxError";
  c->err->line = n->line;
  c->err->col = n->col;
  c->err->end_col = n->end_line == n->line ? n->end_col : 0;
  longjmp(c->fail, 1);
}

/* A program that is not valid Python. */
#define fail_at(c, line, col, ...) fail_with(c, "SyntaxError", line, col, __VA_ARGS__)
/* A valid program lst cannot run: refused by name, never a SyntaxError. */
#define refuse_at(c, line, col, ...) fail_with(c, "NotImplementedError", line, col, __VA_ARGS__)

static _Noreturn void fail_oom(Compiler *c) {
  c->err->kind = NULL;
  if (IS_UNDEF(c->vm->exc)) gc_memory_error(c->vm);
  longjmp(c->fail, 1);
}

static void *grow(Compiler *c, void *p, int *cap, int need, size_t elem) {
  if (need <= *cap) return p;
  int n = *cap ? *cap * 2 : 8;
  while (n < need) n *= 2;
  void *q = realloc(p, (size_t)n * elem);
  if (!q) fail_oom(c);
  *cap = n;
  return q;
}

static void *agrow(Compiler *c, void *p, int *cap, int len, size_t elem) {
  if (len < *cap) return p;
  int n = *cap ? *cap * 2 : 8;
  void *q = ast_arena_alloc(c->arena, (size_t)n * elem);
  if (!q) fail_oom(c);
  if (len) memcpy(q, p, (size_t)len * elem);
  *cap = n;
  return q;
}

/* Scratch memory for the rest of the compilation: taken from the arena, so
 * that it is freed on every path, a failing one included. */
static void *scratch(Compiler *c, size_t size) {
  void *p = ast_arena_alloc(c->arena, size);
  if (!p) fail_oom(c);
  return p;
}

static Scope *scope_new(Compiler *c, ScopeKind kind, Scope *parent, int line) {
  Scope *s = ast_arena_alloc(c->arena, sizeof(Scope));
  if (!s) fail_oom(c);
  s->kind = kind;
  s->parent = parent;
  s->line = line;
  if (parent) {
    parent->children =
        agrow(c, parent->children, &parent->children_cap, parent->nchildren, sizeof(Scope *));
    parent->children[parent->nchildren++] = s;
  }
  return s;
}

/* Scopes with more names than this get a hash index, so that a module of
 * tens of thousands of names compiles in linear time. */
#define SYM_SCAN 16

static uint64_t name_hash(const char *s) {
  uint64_t h = 1469598103934665603u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static Symbol *sym_find(Scope *s, const char *name) {
  if (!s->index) {
    for (int i = 0; i < s->nsyms; i++)
      if (strcmp(s->syms[i].name, name) == 0) return &s->syms[i];
    return NULL;
  }
  uint64_t mask = (uint64_t)s->index_cap - 1;
  for (uint64_t j = name_hash(name) & mask;; j = (j + 1) & mask) {
    int k = s->index[j];
    if (k < 0) return NULL;
    if (strcmp(s->syms[k].name, name) == 0) return &s->syms[k];
  }
}

static void index_put(Scope *s, int k) {
  uint64_t mask = (uint64_t)s->index_cap - 1;
  uint64_t j = name_hash(s->syms[k].name) & mask;
  while (s->index[j] >= 0) j = (j + 1) & mask;
  s->index[j] = k;
}

static Symbol *sym_add(Compiler *c, Scope *s, const char *name, int flags) {
  Symbol *y = sym_find(s, name);
  if (!y) {
    s->syms = agrow(c, s->syms, &s->cap, s->nsyms, sizeof(Symbol));
    y = &s->syms[s->nsyms++];
    y->name = name;
    y->flags = 0;
    y->slot = -1;
    y->decl = NULL;
    if (s->nsyms > SYM_SCAN && s->nsyms * 2 > s->index_cap) {
      /* (re)built at twice the names, so that probes stay short */
      s->index_cap = s->index_cap ? s->index_cap * 2 : 64;
      s->index = scratch(c, sizeof(int) * (size_t)s->index_cap);
      for (int i = 0; i < s->index_cap; i++) s->index[i] = -1;
      for (int i = 0; i < s->nsyms; i++) index_put(s, i);
    } else if (s->index) {
      index_put(s, s->nsyms - 1);
    }
  }
  y->flags |= flags;
  return y;
}

static bool sym_is_local(const Symbol *y) {
  return y && (y->flags & (SYM_ASSIGNED | SYM_PARAM)) && !(y->flags & (SYM_GLOBAL | SYM_NONLOCAL));
}

static void scope_expr(Compiler *c, Scope *s, Node *e);
static void scope_stmts(Compiler *c, Scope *s, NodeList *l);

static void scope_exprs(Compiler *c, Scope *s, NodeList *l) {
  if (l)
    for (int i = 0; i < l->len; i++) scope_expr(c, s, l->items[i]);
}

static void scope_target(Compiler *c, Scope *s, Node *t) {
  switch ((NodeKind)t->kind) {
  case E_NAME: sym_add(c, s, t->str, SYM_ASSIGNED); break;
  case E_TUPLE:
  case E_LIST:
    if (t->list)
      for (int i = 0; i < t->list->len; i++) scope_target(c, s, t->list->items[i]);
    break;
  default: scope_expr(c, s, t); break;
  }
}

static void scope_params(Compiler *c, Scope *fn, NodeList *params) {
  if (!params) return;
  for (int i = 0; i < params->len; i++) sym_add(c, fn, params->items[i]->str, SYM_PARAM);
}

static void scope_defaults(Compiler *c, Scope *s, NodeList *params) {
  if (!params) return;
  for (int i = 0; i < params->len; i++)
    if (params->items[i]->a) scope_expr(c, s, params->items[i]->a);
}

static void scope_comprehension(Compiler *c, Scope *s, Node *e) {
  NodeList *gens = e->list;
  scope_expr(c, s, gens->items[0]->b); /* the first iterable: outer scope */
  Scope *inner = scope_new(c, SCOPE_FUNCTION, s, e->line);
  e->scope = inner;
  inner->comp_kind = e->kind;
  inner->is_generator = e->kind == E_GENEXP;
  sym_add(c, inner, ".0", SYM_PARAM);
  for (int i = 0; i < gens->len; i++) {
    Node *g = gens->items[i];
    if (i > 0) scope_expr(c, inner, g->b);
    scope_target(c, inner, g->a);
    scope_exprs(c, inner, g->list);
  }
  scope_expr(c, inner, e->a);
  if (e->b) scope_expr(c, inner, e->b);
}

static void scope_expr(Compiler *c, Scope *s, Node *e) {
  if (!e) return;
  switch ((NodeKind)e->kind) {
  case E_NAME: sym_add(c, s, e->str, SYM_USED); break;
  case E_NAMEDEXPR:
    /* in a comprehension := binds in the function around it, which a
     * comprehension's own scope here cannot give */
    if (s->comp_kind)
      refuse_at(c, e->line, e->col,
                "assignment expressions (':=') in a comprehension are not supported by lst");
    scope_expr(c, s, e->b);
    sym_add(c, s, e->a->str, SYM_ASSIGNED);
    break;
  case E_LAMBDA: {
    scope_defaults(c, s, e->list);
    Scope *fn = scope_new(c, SCOPE_FUNCTION, s, e->line);
    e->scope = fn;
    scope_params(c, fn, e->list);
    scope_expr(c, fn, e->a);
    break;
  }
  case E_LISTCOMP:
  case E_SETCOMP:
  case E_DICTCOMP:
  case E_GENEXP: scope_comprehension(c, s, e); break;
  case E_YIELD:
    if (s->kind != SCOPE_FUNCTION) fail_span(c, e, "'yield' outside function");
    if (s->comp_kind)
      fail_span(c, e, "'yield' inside %s",
                s->comp_kind == E_LISTCOMP   ? "list comprehension"
                : s->comp_kind == E_SETCOMP  ? "set comprehension"
                : s->comp_kind == E_DICTCOMP ? "dict comprehension"
                                             : "generator expression");
    s->is_generator = true;
    scope_expr(c, s, e->a);
    break;
  case E_COMPARE:
  case E_LIST:
  case E_TUPLE:
  case E_SET:
  case E_DICT:
  case E_FSTRING: scope_exprs(c, s, e->list); break;
  case E_CALL:
    scope_expr(c, s, e->a);
    scope_exprs(c, s, e->list);
    break;
  default:
    scope_expr(c, s, e->a);
    scope_expr(c, s, e->b);
    scope_expr(c, s, e->c);
    break;
  }
}

/* Whether the statements annotate a name, in their blocks too but not in
 * a def or class inside them (CPython's find_ann). */
static bool has_annotations(const NodeList *stmts) {
  for (int i = 0; stmts && i < stmts->len; i++) {
    const Node *st = stmts->items[i];
    if (st->kind == S_ANNASSIGN && st->op) return true;
    if (st->kind == S_DEF || st->kind == S_CLASS) continue;
    /* a try's handlers are in list2, each with its body in list */
    if (has_annotations(st->list) || has_annotations(st->list2) || has_annotations(st->list3) ||
        has_annotations(st->list4))
      return true;
  }
  return false;
}

static void scope_stmt(Compiler *c, Scope *s, Node *st) {
  switch ((NodeKind)st->kind) {
  case S_EXPR: scope_expr(c, s, st->a); break;
  case S_ASSIGN:
    scope_expr(c, s, st->a);
    for (int i = 0; i < st->list->len; i++) scope_target(c, s, st->list->items[i]);
    break;
  case S_AUGASSIGN:
    scope_expr(c, s, st->b);
    if (st->a->kind == E_NAME)
      sym_add(c, s, st->a->str, SYM_ASSIGNED | SYM_USED);
    else
      scope_expr(c, s, st->a);
    break;
  case S_ANNASSIGN:
    /* an annotated name is the scope's own even without a value; only a
     * module or class evaluates the annotation (and a simple name's goes
     * into its __annotations__) */
    scope_expr(c, s, st->c);
    if (st->a->kind == E_NAME) {
      Symbol *y = sym_find(s, st->a->str);
      if (st->op && y && (y->flags & (SYM_GLOBAL | SYM_NONLOCAL)) && s->kind != SCOPE_MODULE)
        fail_at(c, st->line, st->col, "annotated name '%s' can't be %s", st->a->str,
                (y->flags & SYM_GLOBAL) ? "global" : "nonlocal");
      sym_add(c, s, st->a->str, SYM_ASSIGNED);
    } else {
      scope_expr(c, s, st->a);
    }
    if (s->kind != SCOPE_FUNCTION) scope_expr(c, s, st->b);
    if (s->kind != SCOPE_FUNCTION && st->op) sym_add(c, s, "__annotations__", SYM_USED);
    break;
  case S_DEL:
    for (int i = 0; i < st->list->len; i++) scope_target(c, s, st->list->items[i]);
    break;
  case S_RETURN:
  case S_RAISE:
  case S_ASSERT:
    scope_expr(c, s, st->a);
    scope_expr(c, s, st->b);
    break;
  case S_GLOBAL:
  case S_NONLOCAL:
    for (int i = 0; i < st->list->len; i++) {
      Node *n = st->list->items[i];
      if (st->kind == S_NONLOCAL && s->kind == SCOPE_MODULE)
        fail_at(c, st->line, st->col, "nonlocal declaration not allowed at module level");
      Symbol *y = sym_find(s, n->str);
      if (y && (y->flags & (SYM_ASSIGNED | SYM_USED)) && !(y->flags & (SYM_GLOBAL | SYM_NONLOCAL)))
        fail_span(c, st, "name '%s' is %s prior to %s declaration", n->str,
                  (y->flags & SYM_ASSIGNED) ? "assigned to" : "used",
                  st->kind == S_GLOBAL ? "global" : "nonlocal");
      if (y && (y->flags & SYM_PARAM))
        fail_span(c, st, "name '%s' is parameter and %s", n->str,
                  st->kind == S_GLOBAL ? "global" : "nonlocal");
      Symbol *d = sym_add(c, s, n->str, st->kind == S_GLOBAL ? SYM_GLOBAL : SYM_NONLOCAL);
      if (!d->decl) d->decl = st;
    }
    break;
  case S_IMPORT:
  case S_FROMIMPORT:
    for (int i = 0; i < st->list->len; i++) {
      Node *a = st->list->items[i];
      sym_add(c, s, a->str2 ? a->str2 : a->str, SYM_ASSIGNED);
    }
    break;
  case S_IF:
  case S_WHILE:
    scope_expr(c, s, st->a);
    scope_stmts(c, s, st->list);
    scope_stmts(c, s, st->list2);
    break;
  case S_FOR:
    scope_expr(c, s, st->b);
    scope_target(c, s, st->a);
    scope_stmts(c, s, st->list);
    scope_stmts(c, s, st->list2);
    break;
  case S_TRY:
    scope_stmts(c, s, st->list);
    if (st->list2)
      for (int i = 0; i < st->list2->len; i++) {
        Node *h = st->list2->items[i];
        scope_expr(c, s, h->a);
        if (h->str) sym_add(c, s, h->str, SYM_ASSIGNED);
        scope_stmts(c, s, h->list);
      }
    scope_stmts(c, s, st->list3);
    scope_stmts(c, s, st->list4);
    break;
  case S_WITH:
    for (int i = 0; i < st->list->len; i++) {
      scope_expr(c, s, st->list->items[i]->a);
      if (st->list->items[i]->b) scope_target(c, s, st->list->items[i]->b);
    }
    scope_stmts(c, s, st->list2);
    break;
  case S_DEF: {
    if (st->list3)
      for (int i = 0; i < st->list3->len; i++) scope_expr(c, s, st->list3->items[i]);
    scope_defaults(c, s, st->list);
    sym_add(c, s, st->str, SYM_ASSIGNED);
    Scope *fn = scope_new(c, SCOPE_FUNCTION, s, st->line);
    st->scope = fn;
    scope_params(c, fn, st->list);
    scope_stmts(c, fn, st->list2);
    break;
  }
  case S_CLASS: {
    if (st->list3)
      for (int i = 0; i < st->list3->len; i++) scope_expr(c, s, st->list3->items[i]);
    scope_expr(c, s, st->a);
    sym_add(c, s, st->str, SYM_ASSIGNED);
    Scope *k = scope_new(c, SCOPE_CLASS, s, st->line);
    st->scope = k;
    scope_stmts(c, k, st->list);
    break;
  }
  default: break;
  }
}

static void scope_stmts(Compiler *c, Scope *s, NodeList *l) {
  if (l)
    for (int i = 0; i < l->len; i++) scope_stmt(c, s, l->items[i]);
}

static int add_free(Compiler *c, Scope *s, const char *name) {
  for (int i = 0; i < s->nfree; i++)
    if (strcmp(s->freevars[i], name) == 0) return i;
  s->freevars = agrow(c, s->freevars, &s->free_cap, s->nfree, sizeof(char *));
  s->freevars[s->nfree] = name;
  return s->nfree++;
}

/* Makes `name` free in s and in every scope up to (not including) owner. */
static void thread_free(Compiler *c, Scope *s, Scope *owner, const char *name) {
  for (Scope *t = s; t != owner; t = t->parent) {
    Symbol *y = sym_add(c, t, name, SYM_FREE);
    y->slot = add_free(c, t, name);
  }
}

static void scope_resolve(Compiler *c, Scope *s) {
  if (s->kind != SCOPE_MODULE) {
    for (int i = 0; i < s->nsyms; i++) {
      Symbol *y = &s->syms[i];
      if (sym_is_local(y) && !(s->kind == SCOPE_CLASS)) continue;
      if (y->flags & SYM_GLOBAL) continue;
      if (s->kind == SCOPE_CLASS && sym_is_local(y)) continue;
      if (!(y->flags & (SYM_USED | SYM_NONLOCAL))) continue;
      if (y->flags & SYM_FREE) continue;
      Scope *owner = NULL;
      for (Scope *p = s->parent; p && p->kind != SCOPE_MODULE; p = p->parent) {
        if (p->kind == SCOPE_CLASS) continue;
        Symbol *py = sym_find(p, y->name);
        if (py && (py->flags & SYM_GLOBAL)) break;
        if (sym_is_local(py)) {
          owner = p;
          py->flags |= SYM_CELL;
          break;
        }
      }
      if (owner) {
        const char *name = y->name;
        thread_free(c, s, owner, name);
      } else if (y->flags & SYM_NONLOCAL) {
        fail_span(c, y->decl, "no binding for nonlocal '%s' found", y->name);
      }
    }
  }
  for (int i = 0; i < s->nchildren; i++) scope_resolve(c, s->children[i]);
}

/* ========================================================= code buffers */

static FuncState *fs_new(Compiler *c, Scope *scope, FuncState *parent) {
  if (c->nall == (int)(sizeof c->all / sizeof c->all[0]))
    fail_at(c, scope->line, 0, "too many nested functions");
  FuncState *fs = calloc(1, sizeof(FuncState));
  if (!fs) fail_oom(c);
  c->all[c->nall++] = fs;
  fs->parent = parent;
  fs->scope = scope;
  fs->code = obj_code_new(c->vm);
  if (!fs->code) fail_oom(c);
  fs->loc = (CodePos){scope->line, scope->line, COL_NONE, COL_NONE, COL_NONE, COL_NONE};
  return fs;
}

static void fs_release(Compiler *c, FuncState *fs) {
  free(fs->ops);
  free(fs->pos);
  free(fs->consts);
  free(fs->handlers);
  free(fs->caches);
  for (int i = 0; i < c->nall; i++)
    if (c->all[i] == fs) {
      c->all[i] = c->all[--c->nall];
      break;
    }
  free(fs);
}

static void adjust(Compiler *c, int effect) {
  FuncState *fs = c->fs;
  fs->depth += effect;
  if (fs->depth > fs->max_depth) fs->max_depth = fs->depth;
}

static int emit_raw(Compiler *c, Opcode op, uint32_t arg) {
  FuncState *fs = c->fs;
  if (arg > OP_ARG_MAX)
    fail_at(c, fs->loc.line, 0, "program too large: an instruction argument overflows");
  int cap = fs->cap;
  fs->ops = grow(c, fs->ops, &cap, fs->n + 1, sizeof(uint32_t));
  int cap2 = fs->cap;
  fs->pos = grow(c, fs->pos, &cap2, fs->n + 1, sizeof(CodePos));
  fs->cap = cap;
  fs->ops[fs->n] = OP_MAKE(op, arg);
  fs->pos[fs->n] = fs->loc;
  return fs->n++;
}

/* Emits an instruction whose stack effect is fixed in opcodes.h.  Two
 * loads of locals, or of globals, in a row become one LOAD_LOCAL2 or
 * LOAD_GLOBAL2, unless the second one may be jumped to or is on another
 * line (each instruction keeps one line for tracebacks). */
static int emit(Compiler *c, Opcode op, uint32_t arg) {
  FuncState *fs = c->fs;
  if ((op == OP_LOAD_LOCAL || op == OP_LOAD_GLOBAL) && arg < 4096 && fs->n > 0 &&
      fs->label_at < fs->n && OP_CODE(fs->ops[fs->n - 1]) == op &&
      OP_ARG(fs->ops[fs->n - 1]) < 4096 && fs->pos[fs->n - 1].line == fs->loc.line) {
    Opcode pair = op == OP_LOAD_LOCAL ? OP_LOAD_LOCAL2 : OP_LOAD_GLOBAL2;
    fs->ops[fs->n - 1] = OP_MAKE(pair, OP_ARG(fs->ops[fs->n - 1]) | (arg << 12));
    fs->pos[fs->n - 1].col2 = fs->loc.col;
    fs->pos[fs->n - 1].end_col2 = fs->loc.end_col;
    adjust(c, 1);
    return fs->n - 1;
  }
  int at = emit_raw(c, op, arg);
  if (opcode_effects[op] != VAR) adjust(c, opcode_effects[op]);
  return at;
}

/* Emits the backward jump to `target`.  Its argument is the distance back
 * from the instruction after it, so that the dispatch loop computes the
 * target from ip alone. */
static void emit_loop(Compiler *c, int target) {
  emit(c, OP_LOOP, (uint32_t)(c->fs->n + 1 - target));
}

/* Emits an instruction with an explicit stack effect. */
static int emit_n(Compiler *c, Opcode op, uint32_t arg, int effect) {
  int at = emit_raw(c, op, arg);
  adjust(c, effect);
  return at;
}

/* A position that may be jumped to: instructions are never fused across it. */
static int here(Compiler *c) {
  c->fs->label_at = c->fs->n;
  return c->fs->n;
}

static void patch(Compiler *c, int at, int target) {
  c->fs->ops[at] = OP_MAKE(OP_CODE(c->fs->ops[at]), (uint32_t)target);
}

static int add_const(Compiler *c, Value v) {
  FuncState *fs = c->fs;
  for (int i = 0; i < fs->nconsts; i++) {
    Value k = fs->consts[i];
    if (k == v) return i;
    if (IS_STR(k) && IS_STR(v) && str_eq(AS_STR(k), AS_STR(v))) return i;
  }
  fs->consts = grow(c, fs->consts, &fs->consts_cap, fs->nconsts + 1, sizeof(Value));
  fs->consts[fs->nconsts] = v;
  return fs->nconsts++;
}

static Str *intern(Compiler *c, const char *s) {
  Str *r = str_intern_cstr(c->vm, s);
  if (!r) fail_oom(c);
  return r;
}

static int name_const(Compiler *c, const char *s) { return add_const(c, OBJ_VAL(intern(c, s))); }

/* A new inline cache for an attribute instruction on `name`: its number is
 * the instruction's argument. */
static uint32_t attr_cache(Compiler *c, const char *name) {
  FuncState *fs = c->fs;
  fs->caches = grow(c, fs->caches, &fs->caches_cap, fs->ncaches + 1, sizeof(AttrCache));
  AttrCache *ic = &fs->caches[fs->ncaches];
  memset(ic, 0, sizeof *ic);
  ic->name = intern(c, name);
  ic->index = -1;
  return (uint32_t)fs->ncaches++;
}

static void emit_const(Compiler *c, Value v) { emit(c, OP_LOAD_CONST, (uint32_t)add_const(c, v)); }

/* ====================================================== names and slots */

typedef enum { ACC_LOAD, ACC_STORE, ACC_DELETE } Access;

static void emit_name(Compiler *c, const char *name, Access acc, int line, int col) {
  FuncState *fs = c->fs;
  Scope *s = fs->scope;
  Symbol *y = sym_find(s, name);
  static const Opcode ops[][3] = {
      {OP_LOAD_LOCAL, OP_STORE_LOCAL, OP_DELETE_LOCAL},
      {OP_LOAD_CELL, OP_STORE_CELL, OP_DELETE_CELL},
      {OP_LOAD_FREE, OP_STORE_FREE, OP_DELETE_FREE},
      {OP_LOAD_GLOBAL, OP_STORE_GLOBAL, OP_DELETE_GLOBAL},
      {OP_LOAD_NAME, OP_STORE_NAME, OP_DELETE_NAME},
  };
  int kind, arg;
  if (y && (y->flags & SYM_FREE)) {
    kind = 2;
    arg = y->slot;
  } else if (s->kind == SCOPE_FUNCTION && sym_is_local(y)) {
    kind = (y->flags & SYM_CELL) ? 1 : 0;
    arg = y->slot;
  } else if (s->kind == SCOPE_CLASS && !(y && (y->flags & SYM_GLOBAL))) {
    kind = 4;
    arg = name_const(c, name);
  } else {
    kind = 3;
    arg = c->host->global_slot(c->vm, intern(c, name));
    if (arg < 0) fail_oom(c);
  }
  (void)line;
  (void)col;
  emit(c, ops[kind][acc], (uint32_t)arg);
}

/* ================================================== expressions: helpers */

static void emit_expr(Compiler *c, Node *e);
static int emit_jump_if(Compiler *c, Node *e, bool when);
static void emit_stmts(Compiler *c, NodeList *l);
static void emit_with(Compiler *c, Node *st, int item);
static void emit_function(Compiler *c, Node *def, const char *name, NodeList *params,
                          NodeList *body, Node *expr_body);

static bool is_const_node(const Node *e) {
  switch ((NodeKind)e->kind) {
  case E_INT:
  case E_FLOAT:
  case E_STR: return true;
  case E_CONST: return e->op != 0;
  case E_UNARY:
    return (e->op == TK_MINUS || e->op == TK_PLUS) &&
           (e->a->kind == E_INT || e->a->kind == E_FLOAT);
  case E_TUPLE:
    if (e->list)
      for (int i = 0; i < e->list->len; i++)
        if (!is_const_node(e->list->items[i])) return false;
    return true;
  default: return false;
  }
}

static Value const_value(Compiler *c, const Node *e) {
  VM *vm = c->vm;
  Value v = VAL_NONE;
  switch ((NodeKind)e->kind) {
  case E_INT:
    if (e->op == 'M')
      refuse_at(c, e->line, e->col, "integer literals past 64 bits are not supported by lst");
    v = obj_int(vm, e->ival);
    break;
  case E_FLOAT: v = obj_float(vm, e->fval); break;
  case E_STR: {
    Str *s = e->slen < 40 ? str_intern(vm, e->str, e->slen) : str_new(vm, e->str, e->slen);
    if (!s) fail_oom(c);
    v = OBJ_VAL(s);
    break;
  }
  case E_CONST:
    v = e->op == 'T' ? VAL_TRUE : e->op == 'F' ? VAL_FALSE : e->op == 'E' ? VAL_ELLIPSIS : VAL_NONE;
    break;
  case E_UNARY:
    if (e->a->kind == E_INT) {
      if (e->op == TK_MINUS)
        v = obj_int(vm, e->a->op == 'M' ? INT64_MIN : -e->a->ival);
      else
        v = const_value(c, e->a);
    } else {
      v = obj_float(vm, e->op == TK_MINUS ? -e->a->fval : e->a->fval);
    }
    break;
  case E_TUPLE: {
    int n = e->list ? e->list->len : 0;
    Tuple *t = obj_tuple_new(vm, n);
    if (!t) fail_oom(c);
    for (int i = 0; i < n; i++) t->items[i] = const_value(c, e->list->items[i]);
    v = OBJ_VAL(t);
    break;
  }
  default: break;
  }
  if (IS_UNDEF(v)) fail_oom(c);
  return v;
}

/* An int literal (or its negation) that fits a _K instruction. */
static bool small_const(const Node *e, int64_t *k) {
  const Node *lit = e;
  int sign = 1;
  if (e->kind == E_UNARY && e->op == TK_MINUS) {
    lit = e->a;
    sign = -1;
  }
  if (lit->kind != E_INT || lit->op == 'M') return false;
  int64_t v = sign * lit->ival;
  if (v < -K_BIAS || v >= K_BIAS) return false;
  *k = v;
  return true;
}

/* The instructions emitted next are n's: its line, and its span for the
 * traceback's markers (none when it ends before it starts or too far
 * right). */
static void set_line(Compiler *c, const Node *n) {
  if (n->line <= 0) return;
  FuncState *fs = c->fs;
  fs->loc.line = n->line;
  bool known = n->end_line > n->line || (n->end_line == n->line && n->end_col >= n->col);
  fs->loc.end_line = known ? n->end_line : n->line;
  fs->loc.col = known && n->col < COL_NONE ? (uint16_t)n->col : COL_NONE;
  fs->loc.end_col = known && n->end_col < COL_NONE ? (uint16_t)n->end_col : COL_NONE;
}

/* ========================================================== targets */

static void emit_store(Compiler *c, Node *t);
static void emit_target(Compiler *c, Node *t, Access acc);

static void emit_unpack(Compiler *c, Node *t) {
  int n = t->list ? t->list->len : 0;
  int star = -1;
  for (int i = 0; i < n; i++)
    if (t->list->items[i]->kind == E_STARRED) {
      if (star >= 0) fail_at(c, t->line, t->col, "multiple starred expressions in assignment");
      star = i;
    }
  if (star < 0) {
    emit_n(c, OP_UNPACK, (uint32_t)n, n - 1);
  } else {
    int after = n - star - 1;
    if (star >= 4096 || after >= 4096)
      fail_at(c, t->line, t->col, "too many expressions in star-unpacking assignment");
    emit_n(c, OP_UNPACK_EX, (uint32_t)star | ((uint32_t)after << 12), n - 1);
  }
  for (int i = 0; i < n; i++) {
    Node *x = t->list->items[i];
    emit_store(c, x->kind == E_STARRED ? x->a : x);
  }
}

static void emit_slice_parts(Compiler *c, Node *s) {
  if (s->a)
    emit_expr(c, s->a);
  else
    emit(c, OP_LOAD_NONE, 0);
  if (s->b)
    emit_expr(c, s->b);
  else
    emit(c, OP_LOAD_NONE, 0);
  if (s->c)
    emit_expr(c, s->c);
  else
    emit(c, OP_LOAD_NONE, 0);
}

/* Stores TOS into target t (popping it), or deletes target t. */
static void emit_target(Compiler *c, Node *t, Access acc) {
  set_line(c, t);
  bool del = acc == ACC_DELETE;
  switch ((NodeKind)t->kind) {
  case E_NAME: emit_name(c, t->str, acc, t->line, t->col); break;
  case E_ATTR:
    emit_expr(c, t->a);
    emit(c, del ? OP_DELETE_ATTR : OP_STORE_ATTR, attr_cache(c, t->str));
    break;
  case E_SUBSCRIPT:
    emit_expr(c, t->a);
    if (t->b->kind == E_SLICE) {
      emit_slice_parts(c, t->b);
      emit(c, del ? OP_DELETE_SLICE : OP_STORE_SLICE, 0);
    } else {
      emit_expr(c, t->b);
      emit(c, del ? OP_DELETE_SUBSCR : OP_STORE_SUBSCR, 0);
    }
    break;
  case E_TUPLE:
  case E_LIST:
    if (!del)
      emit_unpack(c, t);
    else if (t->list)
      for (int i = 0; i < t->list->len; i++) emit_target(c, t->list->items[i], ACC_DELETE);
    break;
  default:
    fail_at(c, t->line, t->col, del ? "cannot delete expression" : "cannot assign to expression");
  }
}

static void emit_store(Compiler *c, Node *t) { emit_target(c, t, ACC_STORE); }

/* ======================================================== expressions */

static Opcode binop_opcode(int tk) {
  switch (tk) {
  case TK_PLUS: return OP_ADD;
  case TK_MINUS: return OP_SUB;
  case TK_STAR: return OP_MUL;
  case TK_SLASH: return OP_DIV;
  case TK_DSLASH: return OP_FLOORDIV;
  case TK_PERCENT: return OP_MOD;
  case TK_DSTAR: return OP_POW;
  case TK_LSHIFT: return OP_LSHIFT;
  case TK_RSHIFT: return OP_RSHIFT;
  case TK_AMP: return OP_AND;
  case TK_BAR: return OP_OR;
  default: return OP_XOR;
  }
}

/* A display with *starred items: CPython builds the items before the first
 * star with one BUILD, then extends by each starred iterable and appends
 * (or adds) each plain item. */
static void emit_starred_display(Compiler *c, Node *e, Opcode build) {
  int n = e->list->len;
  Opcode seq = build == OP_BUILD_SET ? OP_BUILD_SET : OP_BUILD_LIST;
  int i = 0;
  while (i < n && e->list->items[i]->kind != E_STARRED) emit_expr(c, e->list->items[i++]);
  emit_n(c, seq, (uint32_t)i, 1 - i);
  for (; i < n; i++) {
    Node *x = e->list->items[i];
    if (x->kind == E_STARRED) {
      emit_expr(c, x->a);
      emit(c, seq == OP_BUILD_SET ? OP_SET_UPDATE : OP_LIST_EXTEND, 0);
    } else {
      emit_expr(c, x);
      emit(c, seq == OP_BUILD_SET ? OP_SET_ADD : OP_LIST_APPEND, 1);
    }
  }
  if (build == OP_BUILD_TUPLE) emit(c, OP_LIST_TO_TUPLE, 0);
}

static void emit_display(Compiler *c, Node *e, Opcode build) {
  int n = e->list ? e->list->len : 0;
  for (int i = 0; i < n; i++)
    if (e->list->items[i]->kind == E_STARRED) {
      emit_starred_display(c, e, build);
      return;
    }
  /* A list display of three or more constants is built the way CPython
   * builds it, by extending an empty list with a constant tuple, which
   * gives the list an even capacity. */
  if (build == OP_BUILD_LIST && n > 2) {
    bool all_const = true;
    for (int i = 0; i < n && all_const; i++) all_const = is_const_node(e->list->items[i]);
    if (all_const) {
      emit_n(c, OP_BUILD_LIST, 0, 1);
      Tuple *t = obj_tuple_new(c->vm, n);
      if (!t) fail_oom(c);
      for (int i = 0; i < n; i++) t->items[i] = const_value(c, e->list->items[i]);
      emit_const(c, OBJ_VAL(t));
      emit(c, OP_LIST_EXTEND, 1);
      return;
    }
    /* More items than CPython keeps on its stack: built by appending. */
    if (n > 30) {
      emit_n(c, OP_BUILD_LIST, 0, 1);
      for (int i = 0; i < n; i++) {
        emit_expr(c, e->list->items[i]);
        emit(c, OP_LIST_APPEND, 1);
      }
      return;
    }
  }
  /* A constant set display is a frozenset constant in CPython, which
   * SET_UPDATE 1 rebuilds in that constant's order (see the VM). */
  if (build == OP_BUILD_SET && n > 2) {
    bool all_const = true;
    for (int i = 0; i < n && all_const; i++) all_const = is_const_node(e->list->items[i]);
    if (all_const) {
      emit_n(c, OP_BUILD_SET, 0, 1);
      Tuple *t = obj_tuple_new(c->vm, n);
      if (!t) fail_oom(c);
      for (int i = 0; i < n; i++) t->items[i] = const_value(c, e->list->items[i]);
      emit_const(c, OBJ_VAL(t));
      emit(c, OP_SET_UPDATE, 1);
      return;
    }
  }
  if (build == OP_BUILD_TUPLE && is_const_node(e)) {
    emit_const(c, const_value(c, e));
    return;
  }
  for (int i = 0; i < n; i++) emit_expr(c, e->list->items[i]);
  emit_n(c, build, (uint32_t)n, 1 - n);
}

static bool is_super_call(const Node *e) {
  return e->kind == E_CALL && e->a->kind == E_NAME && strcmp(e->a->str, "super") == 0 && !e->list;
}

/* super(klass, obj), both arguments plain. */
static bool is_super2_call(const Node *e) {
  if (e->kind != E_CALL || e->a->kind != E_NAME || strcmp(e->a->str, "super") != 0 || !e->list ||
      e->list->len != 2)
    return false;
  for (int i = 0; i < 2; i++) {
    NodeKind k = e->list->items[i]->kind;
    if (k == E_KEYWORD || k == E_STARRED || k == E_DSTARRED) return false;
  }
  return true;
}

/* super() with no arguments finds its class and self as the method it is
 * in does: a function directly in a class body. */
static void check_super_scope(Compiler *c, const Node *call) {
  if (c->fs->scope->kind != SCOPE_FUNCTION || !c->fs->parent ||
      c->fs->parent->scope->kind != SCOPE_CLASS)
    refuse_at(c, call->line, call->col,
              "super() outside a method of a class is not supported by lst");
}

/* super().name or super(klass, obj).name as a value: a call of the VM's
 * super_attr with the arguments and the name. */
static void emit_super_attr(Compiler *c, Node *e) {
  Native *fn = obj_native_new(c->vm, "super", c->vm->super_attr, 0);
  if (!fn) fail_oom(c);
  emit_const(c, OBJ_VAL(fn));
  int n = 0;
  if (is_super_call(e->a)) {
    check_super_scope(c, e->a);
  } else {
    for (; n < 2; n++) emit_expr(c, e->a->list->items[n]);
  }
  emit_const(c, OBJ_VAL(intern(c, e->str)));
  emit_n(c, OP_CALL, (uint32_t)(n + 1), -(n + 1));
}

/* Emits a call; a method call on an attribute avoids making a bound method. */
static void emit_call(Compiler *c, Node *e) {
  NodeList *args = e->list;
  int n = args ? args->len : 0;
  int nkw = 0;
  bool star = false;
  for (int i = 0; i < n; i++) {
    if (args->items[i]->kind == E_KEYWORD) nkw++;
    if (args->items[i]->kind == E_STARRED || args->items[i]->kind == E_DSTARRED) star = true;
  }
  bool method = e->a->kind == E_ATTR && !star && !is_super2_call(e->a->a);
  /* obj.append(x), the commonest call on a list, has instructions of its
   * own that take an exact list's append without looking it up */
  bool append = method && n == 1 && nkw == 0 && strcmp(e->a->str, "append") == 0;
  if (method) {
    Node *obj = e->a->a;
    if (is_super_call(obj)) {
      check_super_scope(c, obj);
      set_line(c, e->a); /* the lookup is the attribute's */
      emit(c, OP_LOAD_SUPER_METHOD, attr_cache(c, e->a->str));
    } else {
      emit_expr(c, obj);
      set_line(c, e->a);
      emit(c, append ? OP_LOAD_METHOD_APPEND : OP_LOAD_METHOD, attr_cache(c, e->a->str));
    }
    set_line(c, e);
  } else {
    if (is_super_call(e->a) || (e->a->kind == E_NAME && strcmp(e->a->str, "super") == 0))
      refuse_at(
          c, e->line, e->col,
          "super() other than as super().name or super(type, obj).name is not supported by lst");
    emit_expr(c, e->a);
  }
  if (star) {
    /* the positional arguments gathered in a list, the keywords in a dict */
    emit_n(c, OP_BUILD_LIST, 0, 1);
    for (int i = 0; i < n; i++) {
      Node *x = args->items[i];
      if (x->kind == E_STARRED) {
        emit_expr(c, x->a);
        emit(c, OP_LIST_EXTEND, 2); /* 2: for the callee below the list */
      } else if (x->kind != E_KEYWORD && x->kind != E_DSTARRED) {
        emit_expr(c, x);
        emit(c, OP_LIST_APPEND, 1);
      }
    }
    bool kwargs = false;
    for (int i = 0; i < n; i++) {
      Node *x = args->items[i];
      if (x->kind != E_KEYWORD && x->kind != E_DSTARRED) continue;
      if (!kwargs) emit_n(c, OP_BUILD_MAP, 0, 1);
      kwargs = true;
      if (x->kind == E_KEYWORD) {
        emit_const(c, OBJ_VAL(intern(c, x->str)));
        emit_expr(c, x->a);
        emit(c, OP_MAP_ADD_KW, 1);
      } else {
        emit_expr(c, x->a);
        emit(c, OP_DICT_MERGE, 0);
      }
    }
    emit_n(c, OP_CALL_EX, kwargs ? 1 : 0, kwargs ? -2 : -1);
    return;
  }
  for (int i = 0; i < n; i++) {
    Node *x = args->items[i];
    emit_expr(c, x->kind == E_KEYWORD ? x->a : x);
  }
  if (nkw) {
    Tuple *names = obj_tuple_new(c->vm, nkw);
    if (!names) fail_oom(c);
    for (int i = 0, k = 0; i < n; i++) {
      Node *x = args->items[i];
      if (x->kind != E_KEYWORD) continue;
      for (int j = 0; j < k; j++)
        if (str_eq(AS_STR(names->items[j]), intern(c, x->str)))
          fail_span(c, x, "keyword argument repeated: %s", x->str);
      names->items[k++] = OBJ_VAL(intern(c, x->str));
    }
    emit_const(c, OBJ_VAL(names));
    emit_n(c, method ? OP_CALL_METHOD_KW : OP_CALL_KW, (uint32_t)n, -(n + 1) - (method ? 1 : 0));
  } else {
    emit_n(c,
           !method  ? OP_CALL
           : append ? OP_CALL_APPEND
                    : OP_CALL_METHOD,
           (uint32_t)n, -n - (method ? 1 : 0));
  }
}

static void emit_compare(Compiler *c, Node *e) {
  NodeList *l = e->list;
  int nops = l->len - 1;
  emit_expr(c, l->items[0]);
  if (nops == 1) {
    int64_t k;
    if (e->ops[0] <= CMP_GE && small_const(l->items[1], &k)) {
      emit(c, OP_COMPARE_K, (uint32_t)e->ops[0] | (uint32_t)(k + K_BIAS) << 4);
      return;
    }
    emit_expr(c, l->items[1]);
    emit(c, OP_COMPARE, e->ops[0]);
    return;
  }
  int *cleanups = scratch(c, sizeof(int) * (size_t)nops);
  for (int i = 0; i < nops - 1; i++) {
    emit_expr(c, l->items[i + 1]);
    emit(c, OP_DUP, 0);
    emit(c, OP_ROT3, 0);
    emit(c, OP_COMPARE, e->ops[i]);
    cleanups[i] = emit_n(c, OP_JUMP_IF_FALSE_OR_POP, 0, -1);
  }
  emit_expr(c, l->items[nops]);
  emit(c, OP_COMPARE, e->ops[nops - 1]);
  int end = emit(c, OP_JUMP, 0);
  /* cleanup: stack is [.. middle false]; drop the middle operand */
  for (int i = 0; i < nops - 1; i++) patch(c, cleanups[i], here(c));
  adjust(c, 1);
  emit(c, OP_ROT2, 0);
  emit(c, OP_POP, 0);
  patch(c, end, here(c));
}

static void emit_fstring(Compiler *c, Node *e) {
  int n = e->list ? e->list->len : 0;
  if (n == 0) {
    emit_const(c, OBJ_VAL(intern(c, "")));
    return;
  }
  for (int i = 0; i < n; i++) {
    Node *p = e->list->items[i];
    if (p->kind == E_STR) {
      emit_const(c, const_value(c, p));
      continue;
    }
    emit_expr(c, p->a);
    int conv = p->op == 's' ? 1 : p->op == 'r' ? 2 : p->op == 'a' ? 3 : 0;
    if (p->b) {
      emit_fstring(c, p->b);
      emit_n(c, OP_FORMAT, (uint32_t)(conv | 4), -1);
    } else {
      emit_n(c, OP_FORMAT, (uint32_t)conv, 0);
    }
  }
  if (n > 1) emit_n(c, OP_BUILD_STRING, (uint32_t)n, 1 - n);
}

static void emit_comprehension(Compiler *c, Node *e) {
  const char *name = e->kind == E_LISTCOMP   ? "<listcomp>"
                     : e->kind == E_SETCOMP  ? "<setcomp>"
                     : e->kind == E_DICTCOMP ? "<dictcomp>"
                                             : "<genexpr>";
  emit_function(c, e, name, NULL, NULL, NULL);
  emit_expr(c, e->list->items[0]->b);
  emit(c, OP_GET_ITER, 0);
  emit_n(c, OP_CALL, 1, -1);
}

static void emit_expr(Compiler *c, Node *e) {
  /* Expressions nest in the C stack here; CPython stops deeper ones too */
  if (++c->nesting > COMPILE_MAX_NESTING) {
    snprintf(c->err->msg, sizeof c->err->msg,
             "maximum recursion depth exceeded during compilation");
    fail_kind(c, "RecursionError", e->line, e->col);
  }
  /* e's instructions are e's, and what follows it is its parent's again:
   * each instruction has the place of the innermost node it was compiled
   * for, as in CPython (the traceback's line and markers) */
  CodePos saved_loc = c->fs->loc;
  set_line(c, e);
  switch ((NodeKind)e->kind) {
  case E_INT:
    if (e->op != 'M' && e->ival >= -SMALL_BIAS && e->ival < SMALL_BIAS)
      emit(c, OP_LOAD_SMALL, (uint32_t)(e->ival + SMALL_BIAS));
    else
      emit_const(c, const_value(c, e));
    break;
  case E_FLOAT:
  case E_STR: emit_const(c, const_value(c, e)); break;
  case E_CONST:
    if (e->op == 'E')
      emit_const(c, VAL_ELLIPSIS);
    else
      emit(c, e->op == 'T' ? OP_LOAD_TRUE : e->op == 'F' ? OP_LOAD_FALSE : OP_LOAD_NONE, 0);
    break;
  case E_FSTRING: emit_fstring(c, e); break;
  case E_NAME: emit_name(c, e->str, ACC_LOAD, e->line, e->col); break;
  case E_NAMEDEXPR:
    emit_expr(c, e->b);
    emit(c, OP_DUP, 0);
    emit_store(c, e->a);
    break;
  case E_BINOP: {
    /* x op k with a small constant k: one instruction instead of two */
    int64_t k;
    Opcode op = binop_opcode(e->op);
    if (small_const(e->b, &k) &&
        (op == OP_ADD || op == OP_SUB || op == OP_MUL || op == OP_MOD || op == OP_FLOORDIV)) {
      emit_expr(c, e->a);
      Opcode kop = op == OP_ADD   ? OP_ADD_K
                   : op == OP_SUB ? OP_SUB_K
                   : op == OP_MUL ? OP_MUL_K
                   : op == OP_MOD ? OP_MOD_K
                                  : OP_FLOORDIV_K;
      emit(c, kop, (uint32_t)(k + K_BIAS));
      break;
    }
    emit_expr(c, e->a);
    emit_expr(c, e->b);
    emit(c, op, 0);
    break;
  }
  case E_UNARY:
    if (is_const_node(e)) {
      emit_const(c, const_value(c, e));
      break;
    }
    emit_expr(c, e->a);
    emit(c,
         e->op == TK_MINUS   ? OP_NEG
         : e->op == TK_PLUS  ? OP_POS
         : e->op == TK_TILDE ? OP_INVERT
                             : OP_NOT,
         0);
    break;
  case E_BOOLOP: {
    emit_expr(c, e->a);
    int j = emit_n(c, e->op == TK_AND ? OP_JUMP_IF_FALSE_OR_POP : OP_JUMP_IF_TRUE_OR_POP, 0, -1);
    emit_expr(c, e->b);
    patch(c, j, here(c));
    break;
  }
  case E_COMPARE: emit_compare(c, e); break;
  case E_IFEXP: {
    int jf = emit_jump_if(c, e->a, false);
    emit_expr(c, e->b);
    int je = emit(c, OP_JUMP, 0);
    adjust(c, -1);
    patch(c, jf, here(c));
    emit_expr(c, e->c);
    patch(c, je, here(c));
    break;
  }
  case E_LAMBDA: emit_function(c, e, "<lambda>", e->list, NULL, e->a); break;
  case E_CALL: emit_call(c, e); break;
  case E_ATTR:
    if (is_super_call(e->a) || is_super2_call(e->a)) {
      emit_super_attr(c, e);
      break;
    }
    emit_expr(c, e->a);
    emit(c, OP_LOAD_ATTR, attr_cache(c, e->str));
    break;
  case E_SUBSCRIPT:
    emit_expr(c, e->a);
    if (e->b->kind == E_SLICE) {
      emit_slice_parts(c, e->b);
      emit(c, OP_SLICE, 0);
    } else {
      emit_expr(c, e->b);
      emit(c, OP_SUBSCR, 0);
    }
    break;
  case E_LIST: emit_display(c, e, OP_BUILD_LIST); break;
  case E_TUPLE: emit_display(c, e, OP_BUILD_TUPLE); break;
  case E_SET: emit_display(c, e, OP_BUILD_SET); break;
  case E_DICT: {
    /* pairs before the first ** item are built at once; the rest are added */
    int n = e->list ? e->list->len : 0, i = 0;
    while (i < n && e->list->items[i]->kind == E_PAIR) {
      emit_expr(c, e->list->items[i]->a);
      emit_expr(c, e->list->items[i]->b);
      i++;
    }
    emit_n(c, OP_BUILD_MAP, (uint32_t)i, 1 - 2 * i);
    /* as CPython: each later run of pairs is built apart, then merged */
    while (i < n) {
      Node *x = e->list->items[i];
      if (x->kind == E_STARRED) {
        emit_expr(c, x->a);
        i++;
      } else {
        int k = 0;
        for (; i < n && e->list->items[i]->kind == E_PAIR; i++, k++) {
          emit_expr(c, e->list->items[i]->a);
          emit_expr(c, e->list->items[i]->b);
        }
        emit_n(c, OP_BUILD_MAP, (uint32_t)k, 1 - 2 * k);
      }
      emit(c, OP_DICT_UPDATE, 0);
    }
    break;
  }
  case E_LISTCOMP:
  case E_SETCOMP:
  case E_DICTCOMP:
  case E_GENEXP: emit_comprehension(c, e); break;
  case E_YIELD:
    if (e->op) {
      /* yield from: the sub-iterator stays on the stack while it runs:
       *   GET_YIELD_FROM_ITER; None; L: SEND exit; YIELD 1; JUMP L; exit: */
      emit_expr(c, e->a);
      emit(c, OP_GET_YIELD_FROM_ITER, 0);
      emit(c, OP_LOAD_NONE, 0);
      int loop = here(c);
      int depth = c->fs->depth;
      int send = emit(c, OP_SEND, 0);
      emit(c, OP_YIELD, 1);
      emit_loop(c, loop);
      patch(c, send, here(c));
      c->fs->depth = depth - 1;
      break;
    }
    if (e->a)
      emit_expr(c, e->a);
    else
      emit(c, OP_LOAD_NONE, 0);
    emit(c, OP_YIELD, 0);
    break;
  case E_STARRED: fail_at(c, e->line, e->col, "can't use starred expression here");
  case E_SLICE: refuse_at(c, e->line, e->col, "slices outside [] are not supported by lst");
  case E_KEYWORD: fail_at(c, e->line, e->col, "invalid syntax");
  default: fail_at(c, e->line, e->col, "invalid syntax");
  }
  c->fs->loc = saved_loc;
  c->nesting--;
}

/* Whether e is one comparison that compares and jumps in one instruction
 * (JUMP_UNLESS_*, LOOP_IF_*); a comparison with a small constant keeps
 * COMPARE_K, which looks ahead to the jump itself. */
static bool fused_compare(const Node *e) {
  int64_t k;
  return e->kind == E_COMPARE && e->list->len == 2 &&
         ((e->ops[0] <= CMP_GE && !small_const(e->list->items[1], &k)) || e->ops[0] == CMP_IS ||
          e->ops[0] == CMP_IS_NOT);
}

/* Emits a fused_compare's operands; the instruction after them is on its
 * line. */
static void emit_compare_operands(Compiler *c, Node *e) {
  emit_expr(c, e->list->items[0]);
  emit_expr(c, e->list->items[1]);
  set_line(c, e);
}

/* Jumps to the returned instruction (to patch) when e is false (or true). */
static int emit_jump_if(Compiler *c, Node *e, bool when) {
  if (e->kind == E_UNARY && e->op == TK_NOT) return emit_jump_if(c, e->a, !when);
  if (!when && fused_compare(e)) {
    emit_compare_operands(c, e);
    int cmp = e->ops[0];
    return emit(c,
                cmp <= CMP_GE   ? (Opcode)(OP_JUMP_UNLESS_LT + cmp)
                : cmp == CMP_IS ? OP_JUMP_UNLESS_IS
                                : OP_JUMP_UNLESS_IS_NOT,
                0);
  }
  emit_expr(c, e);
  return emit(c, when ? OP_JUMP_IF_TRUE : OP_JUMP_IF_FALSE, 0);
}

/* ========================================================= statements */

static Block *push_block(Compiler *c, int kind, int line) {
  FuncState *fs = c->fs;
  if (fs->nblocks == MAX_BLOCKS) fail_at(c, line, 0, "too many statically nested blocks");
  Block *b = &fs->blocks[fs->nblocks++];
  memset(b, 0, sizeof *b);
  b->kind = kind;
  b->depth = fs->depth;
  return b;
}

/* A block's arrays live in the arena: popping it frees nothing. */
static void pop_block(Compiler *c) { c->fs->nblocks--; }

/* A protected range of a try statement is paused while code that must not
 * be covered by its handler (an inlined finally body) is emitted. */
static void range_close(Compiler *c, Block *b) {
  int end = here(c);
  if (end > b->range_start) {
    b->ranges = agrow(c, b->ranges, &b->ranges_cap, b->nranges, sizeof(PendingRange));
    b->ranges[b->nranges].start = b->range_start;
    b->ranges[b->nranges].end = end;
    b->nranges++;
  }
  b->range_start = -1;
}

static void range_open(Compiler *c, Block *b) { b->range_start = here(c); }

static void add_handlers(Compiler *c, Block *b, int target) {
  FuncState *fs = c->fs;
  for (int i = 0; i < b->nranges; i++) {
    fs->handlers = grow(c, fs->handlers, &fs->handlers_cap, fs->nhandlers + 1, sizeof(Handler));
    Handler *h = &fs->handlers[fs->nhandlers++];
    h->start = (uint32_t)b->ranges[i].start;
    h->end = (uint32_t)b->ranges[i].end;
    h->target = (uint32_t)target;
    h->depth = (uint32_t)b->depth;
  }
}

static bool is_protected(const Block *b) {
  return b->kind == BLK_FINALLY || b->kind == BLK_TRY || b->kind == BLK_WITH ||
         b->kind == BLK_HANDLER;
}

/* Leaves the blocks above index `upto` on a break, continue or return:
 * pops what they keep on the stack and runs finally bodies inline. */
static void unwind_blocks(Compiler *c, int upto, bool keep_top) {
  FuncState *fs = c->fs;
  int saved_depth = fs->depth;
  for (int i = fs->nblocks - 1; i > upto; i--) {
    Block *b = &fs->blocks[i];
    /* A return leaves the whole frame, so only breaks and continues pop. */
    if (b->kind == BLK_EXCEPT) {
      /* the clause ends: its exception is dropped, the one before is handled again */
      if (!keep_top) emit(c, OP_POP, 0);
      emit(c, OP_SET_EXC_INFO, (uint32_t)b->prev_slot);
      if (!keep_top) emit(c, OP_POP, 0);
    } else if (b->kind == BLK_LOOP && b->is_for) {
      if (!keep_top) emit(c, OP_POP_ITER, 0);
    } else if (b->kind == BLK_FINALLY || b->kind == BLK_WITH) {
      /* The finally body (or the __exit__ call) runs outside this and the
       * enclosing protected ranges of the same statement, then they
       * resume. */
      int nb = fs->nblocks;
      for (int j = i; j < nb; j++)
        if (is_protected(&fs->blocks[j])) range_close(c, &fs->blocks[j]);
      fs->nblocks = i;
      if (b->kind == BLK_FINALLY)
        emit_stmts(c, b->final);
      else
        emit_n(c, OP_WITH_EXIT, keep_top, -1); /* exit [value] -- [value] */
      fs->nblocks = nb;
      for (int j = i; j < nb; j++)
        if (is_protected(&fs->blocks[j])) range_open(c, &fs->blocks[j]);
    }
  }
  fs->depth = saved_depth;
}

static int find_loop(Compiler *c) {
  for (int i = c->fs->nblocks - 1; i >= 0; i--)
    if (c->fs->blocks[i].kind == BLK_LOOP) return i;
  return -1;
}

static void emit_break_continue(Compiler *c, Node *st) {
  int li = find_loop(c);
  if (li < 0)
    fail_at(c, st->line, st->col,
            st->kind == S_BREAK ? "'break' outside loop" : "'continue' not properly in loop");
  Block *loop = &c->fs->blocks[li];
  int depth = c->fs->depth;
  unwind_blocks(c, li, false);
  if (st->kind == S_BREAK) {
    if (loop->is_for) emit(c, OP_POP_ITER, 0);
    int j = emit(c, OP_JUMP, 0);
    loop->breaks = agrow(c, loop->breaks, &loop->breaks_cap, loop->nbreaks, sizeof(int));
    loop->breaks[loop->nbreaks++] = j;
  } else if (loop->continue_target < 0) {
    int j = emit(c, OP_JUMP, 0);
    loop->continues =
        agrow(c, loop->continues, &loop->continues_cap, loop->ncontinues, sizeof(int));
    loop->continues[loop->ncontinues++] = j;
  } else {
    emit_loop(c, loop->continue_target);
  }
  c->fs->depth = depth;
}

/* A for loop is tested at its bottom: FOR_ITER there jumps back to the
 * body with the next item, and falls through when the iterator is done,
 * so each turn is one instruction fewer than a test at the top and a LOOP
 * back to it.  The loop is entered by a jump to the test. */
static void emit_for(Compiler *c, Node *st) {
  emit_expr(c, st->b);
  emit(c, OP_GET_ITER, 0);
  Block *loop = push_block(c, BLK_LOOP, st->line);
  loop->is_for = true;
  loop->continue_target = -1;
  int enter = emit(c, OP_JUMP, 0);
  int body = here(c);
  adjust(c, 1); /* the item FOR_ITER pushes when it jumps back */
  emit_store(c, st->a);
  emit_stmts(c, st->list);
  loop = &c->fs->blocks[c->fs->nblocks - 1];
  int test = here(c);
  patch(c, enter, test);
  for (int i = 0; i < loop->ncontinues; i++) patch(c, loop->continues[i], test);
  set_line(c, st);
  emit_n(c, OP_FOR_ITER, (uint32_t)(c->fs->n + 1 - body), -1); /* done: the iterator popped */
  int nb = loop->nbreaks;
  int *breaks = loop->breaks;
  loop->breaks = NULL;
  pop_block(c);
  emit_stmts(c, st->list2);
  for (int i = 0; i < nb; i++) patch(c, breaks[i], here(c));
}

static void emit_while(Compiler *c, Node *st) {
  Block *loop = push_block(c, BLK_LOOP, st->line);
  int top = here(c);
  loop->continue_target = top;
  int exit = -1;
  bool forever = st->a->kind == E_CONST && st->a->op == 'T';
  if (!forever) exit = emit_jump_if(c, st->a, false);
  int body = here(c);
  emit_stmts(c, st->list);
  set_line(c, st);
  if (!forever && fused_compare(st->a) && st->a->ops[0] <= CMP_GE) {
    /* the condition tested again at the bottom, the back edge taken when
     * it holds (as CPython inverts a loop): one instruction per turn
     * fewer; continue still goes to the test at the top */
    emit_compare_operands(c, st->a);
    emit(c, (Opcode)(OP_LOOP_IF_LT + st->a->ops[0]), (uint32_t)(c->fs->n + 1 - body));
  } else {
    emit_loop(c, top);
  }
  if (exit >= 0) patch(c, exit, here(c));
  loop = &c->fs->blocks[c->fs->nblocks - 1];
  int nb = loop->nbreaks;
  int *breaks = loop->breaks;
  loop->breaks = NULL;
  pop_block(c);
  emit_stmts(c, st->list2);
  for (int i = 0; i < nb; i++) patch(c, breaks[i], here(c));
}

static void emit_if(Compiler *c, Node *st) {
  int jf = emit_jump_if(c, st->a, false);
  emit_stmts(c, st->list);
  if (st->list2) {
    int je = emit(c, OP_JUMP, 0);
    patch(c, jf, here(c));
    emit_stmts(c, st->list2);
    patch(c, je, here(c));
  } else {
    patch(c, jf, here(c));
  }
}

/* Starts a handler: exc -- prev exc, with exc handled, and the clauses
 * that follow protected by a cleanup (end_handlers). */
static int begin_handlers(Compiler *c, int line) {
  FuncState *fs = c->fs;
  emit(c, OP_PUSH_EXC_INFO, 0);
  Block *hb = push_block(c, BLK_HANDLER, line);
  hb->depth = fs->depth - 1; /* an exception leaving keeps prev below it */
  range_open(c, hb);
  return fs->nblocks - 1;
}

/* After the clauses (which end by jumping away): the re-raise when none
 * took the exception, then the cleanup for an exception raised inside
 * them; both first make the exception handled before current again. */
static void end_handlers(Compiler *c, int hb_index, int prev_slot) {
  FuncState *fs = c->fs;
  Block *hb = &fs->blocks[hb_index];
  range_close(c, hb);
  emit(c, OP_SET_EXC_INFO, (uint32_t)prev_slot);
  emit(c, OP_RERAISE, 0);
  int cleanup = here(c);
  add_handlers(c, hb, cleanup);
  pop_block(c);
  fs->depth = prev_slot + 2; /* prev, the new exception */
  emit(c, OP_SET_EXC_INFO, (uint32_t)prev_slot);
  emit(c, OP_RERAISE, 0);
}

/* try / except / else / finally.  The finally body is inlined: once on
 * the normal path, once in its handler (which re-raises), and once before
 * each break, continue or return that leaves it (unwind_blocks).
 *   protected by F: [protected by T: body] JUMP else
 *   T's handler: PUSH_EXC_INFO; clauses, each: match; body; POP;
 *                SET_EXC_INFO; POP; JUMP end
 *                (none matched / cleanup: SET_EXC_INFO; RERAISE)
 *   else: else body
 *   end: finally body; JUMP out
 *   F's handler: PUSH_EXC_INFO; finally body; SET_EXC_INFO; RERAISE
 */
static void emit_try(Compiler *c, Node *st) {
  FuncState *fs = c->fs;
  Block *fin = NULL;
  int fin_index = -1;
  if (st->list4) {
    fin = push_block(c, BLK_FINALLY, st->line);
    fin->final = st->list4;
    range_open(c, fin);
    fin_index = fs->nblocks - 1;
  }
  if (st->list2) {
    Block *tb = push_block(c, BLK_TRY, st->line);
    range_open(c, tb);
    int tb_index = fs->nblocks - 1;
    emit_stmts(c, st->list);
    tb = &fs->blocks[tb_index];
    range_close(c, tb);
    int to_else = emit(c, OP_JUMP, 0);
    /* the handler */
    int handler = here(c);
    add_handlers(c, tb, handler);
    int base_depth = tb->depth;
    pop_block(c);
    fs->depth = base_depth + 1; /* the exception */
    int prev_slot = base_depth, exc_slot = base_depth + 1;
    int hb_index = begin_handlers(c, st->line);
    int *ends = scratch(c, sizeof(int) * (size_t)st->list2->len);
    int nends = 0;
    for (int i = 0; i < st->list2->len; i++) {
      Node *h = st->list2->items[i];
      set_line(c, h);
      int next = -1;
      if (h->a) {
        emit_expr(c, h->a);
        emit(c, OP_CHECK_EXC_MATCH, 0);
        next = emit(c, OP_JUMP_IF_FALSE, 0);
      }
      if (h->str) {
        emit(c, OP_DUP, 0);
        emit_name(c, h->str, ACC_STORE, h->line, h->col);
      }
      Block *eb = push_block(c, BLK_EXCEPT, h->line);
      eb->depth = exc_slot;
      eb->prev_slot = prev_slot;
      emit_stmts(c, h->list);
      pop_block(c);
      if (h->str) {
        /* Python unbinds the name at the end of the clause. */
        emit(c, OP_LOAD_NONE, 0);
        emit_name(c, h->str, ACC_STORE, h->line, h->col);
        emit_name(c, h->str, ACC_DELETE, h->line, h->col);
      }
      emit(c, OP_POP, 0);
      emit(c, OP_SET_EXC_INFO, (uint32_t)prev_slot);
      emit(c, OP_POP, 0);
      ends[nends++] = emit(c, OP_JUMP, 0);
      fs->depth = base_depth + 2;
      if (next >= 0) patch(c, next, here(c));
    }
    end_handlers(c, hb_index, prev_slot);
    fs->depth = base_depth;
    patch(c, to_else, here(c));
    emit_stmts(c, st->list3);
    for (int i = 0; i < nends; i++) patch(c, ends[i], here(c));
  } else {
    emit_stmts(c, st->list);
  }
  if (fin) {
    fin = &fs->blocks[fin_index];
    range_close(c, fin);
    int depth = fin->depth;
    Block saved = *fin;
    fs->nblocks--; /* the normal-path copy runs outside the block */
    emit_stmts(c, st->list4);
    int je = emit(c, OP_JUMP, 0);
    int handler = here(c);
    fs->nblocks++;
    *fin = saved;
    add_handlers(c, fin, handler);
    pop_block(c);
    fs->depth = depth + 1;
    int hb_index = begin_handlers(c, st->line);
    /* a break, continue or return in it drops the exception */
    Block *eb = push_block(c, BLK_EXCEPT, st->line);
    eb->depth = depth + 1;
    eb->prev_slot = depth;
    emit_stmts(c, st->list4);
    pop_block(c);
    end_handlers(c, hb_index, depth);
    fs->depth = depth;
    patch(c, je, here(c));
  }
}

/* with m as t: body, item by item (each later item nested in the one
 * before):
 *   m; BEFORE_WITH (-> exit, m.__enter__()); store t or POP
 *   protected: body
 *   WITH_EXIT 0; JUMP end
 *   handler (exit exc): WITH_EXCEPT (-> exit exc suppress); JUMP_IF_FALSE re
 *                       POP; POP; JUMP end
 *   re: RERAISE
 * A break, continue or return inside calls __exit__ on the way out
 * (unwind_blocks). */
static void emit_with(Compiler *c, Node *st, int item) {
  FuncState *fs = c->fs;
  Node *w = st->list->items[item];
  emit_expr(c, w->a);
  set_line(c, st);
  emit_n(c, OP_BEFORE_WITH, 0, 1);
  if (w->b)
    emit_store(c, w->b);
  else
    emit(c, OP_POP, 0);
  Block *b = push_block(c, BLK_WITH, st->line);
  int index = fs->nblocks - 1;
  range_open(c, b);
  if (item + 1 < st->list->len)
    emit_with(c, st, item + 1);
  else
    emit_stmts(c, st->list2);
  b = &fs->blocks[index];
  range_close(c, b);
  int depth = b->depth;
  set_line(c, st);
  emit_n(c, OP_WITH_EXIT, 0, -1);
  int to_end = emit(c, OP_JUMP, 0);
  int handler = here(c);
  add_handlers(c, b, handler);
  pop_block(c);
  fs->depth = depth + 1; /* exit exc */
  set_line(c, st);
  emit_n(c, OP_WITH_EXCEPT, 0, 1);
  int re = emit(c, OP_JUMP_IF_FALSE, 0);
  emit(c, OP_POP, 0);
  emit(c, OP_POP, 0);
  int to_end2 = emit(c, OP_JUMP, 0);
  fs->depth = depth + 1;
  patch(c, re, here(c));
  emit(c, OP_RERAISE, 0);
  fs->depth = depth - 1;
  patch(c, to_end, here(c));
  patch(c, to_end2, here(c));
}

static int module_const(Compiler *c, const char *name) {
  return c->host->has_module(name) ? name_const(c, name) : -1;
}

static void emit_import(Compiler *c, Node *st) {
  for (int i = 0; i < st->list->len; i++) {
    Node *a = st->list->items[i];
    const char *mod = st->kind == S_IMPORT ? a->str : st->str;
    int k = module_const(c, mod);
    if (k < 0)
      refuse_at(c, st->line, st->col, "module '%s' is not supported by lst (only sys and copy)",
                mod);
    set_line(c, st);
    if (st->kind == S_IMPORT) {
      emit(c, OP_IMPORT, (uint32_t)k);
      emit_name(c, a->str2 ? a->str2 : a->str, ACC_STORE, a->line, a->col);
    } else {
      if (strcmp(a->str, "*") == 0)
        refuse_at(c, st->line, st->col, "'import *' is not supported by lst");
      emit(c, OP_IMPORT, (uint32_t)k);
      emit(c, OP_IMPORT_FROM, (uint32_t)name_const(c, a->str));
      emit_name(c, a->str2 ? a->str2 : a->str, ACC_STORE, a->line, a->col);
      emit(c, OP_POP, 0);
    }
  }
}

static void emit_return(Compiler *c, Node *st) {
  if (c->fs->scope->kind != SCOPE_FUNCTION || !c->fs->parent)
    fail_at(c, st->line, st->col, "'return' outside function");
  if (st->a)
    emit_expr(c, st->a);
  else
    emit(c, OP_LOAD_NONE, 0);
  unwind_blocks(c, -1, true);
  set_line(c, st);
  emit(c, OP_RETURN, 0);
}

static void emit_raise(Compiler *c, Node *st) {
  if (!st->a) {
    /* A bare raise re-raises the exception the innermost except clause handles. */
    for (int i = c->fs->nblocks - 1; i >= 0; i--)
      if (c->fs->blocks[i].kind == BLK_EXCEPT) {
        emit(c, OP_RERAISE_SLOT, (uint32_t)c->fs->blocks[i].depth);
        return;
      }
    emit_n(c, OP_RAISE, 0, 0);
    return;
  }
  emit_expr(c, st->a);
  if (st->b) {
    emit_expr(c, st->b);
    emit_n(c, OP_RAISE, 2, -2);
  } else {
    emit_n(c, OP_RAISE, 1, -1);
  }
}

/* The decorators of a def or class are evaluated first, top to bottom;
 * after the definition, each is called on it, the innermost first. */
static void emit_decorators(Compiler *c, Node *st) {
  if (st->list3)
    for (int i = 0; i < st->list3->len; i++) emit_expr(c, st->list3->items[i]);
}

static void apply_decorators(Compiler *c, Node *st) {
  if (st->list3)
    for (int i = st->list3->len - 1; i >= 0; i--) {
      set_line(c, st->list3->items[i]);
      emit_n(c, OP_CALL, 1, -1);
    }
}

static void emit_class(Compiler *c, Node *st) {
  emit_decorators(c, st);
  emit_function(c, st, st->str, NULL, st->list, NULL);
  if (st->a)
    emit_expr(c, st->a);
  else
    emit(c, OP_LOAD_NONE, 0);
  set_line(c, st);
  emit_n(c, OP_BUILD_CLASS, (uint32_t)name_const(c, st->str), -1);
  apply_decorators(c, st);
  emit_name(c, st->str, ACC_STORE, st->line, st->col);
}

/* The operand and operator of `target op= value`, the target's value
 * already on the stack: += and -= have their own instructions, and with a
 * small int constant they take it as their arg (x += 1 is one instruction). */
static void emit_inplace(Compiler *c, Node *st, Opcode op) {
  int64_t k;
  if ((op == OP_ADD || op == OP_SUB) && small_const(st->b, &k)) {
    set_line(c, st);
    emit(c, op == OP_ADD ? OP_INPLACE_ADD_K : OP_INPLACE_SUB_K, (uint32_t)(k + K_BIAS));
    return;
  }
  emit_expr(c, st->b);
  set_line(c, st);
  if (op == OP_ADD || op == OP_SUB)
    emit(c, op == OP_ADD ? OP_INPLACE_ADD : OP_INPLACE_SUB, 0);
  else
    emit(c, OP_INPLACE, op);
}

/* The last comparison a condition's jumps are compiled through (by not,
 * and, or and conditional expressions), else `last`: CPython 3.11 places
 * the instructions after a condition there. */
static const Node *last_comparison(const Node *e, const Node *last) {
  switch ((NodeKind)e->kind) {
  case E_COMPARE: return e;
  case E_UNARY: return e->op == TK_NOT ? last_comparison(e->a, last) : last;
  case E_BOOLOP: return last_comparison(e->b, last_comparison(e->a, last));
  case E_IFEXP: return last_comparison(e->c, last_comparison(e->b, last_comparison(e->a, last)));
  default: return last;
  }
}

static void emit_stmt(Compiler *c, Node *st) {
  set_line(c, st);
  switch ((NodeKind)st->kind) {
  case S_EXPR:
    if (c->mode == COMPILE_INTERACTIVE && c->fs->scope->kind == SCOPE_MODULE) {
      emit_expr(c, st->a);
      emit(c, OP_PRINT_EXPR, 0);
      break;
    }
    if (st->a->kind == E_STR || (st->a->kind == E_CONST && st->a->op)) break; /* docstrings */
    emit_expr(c, st->a);
    emit(c, OP_POP, 0);
    break;
  case S_ASSIGN: {
    emit_expr(c, st->a);
    int n = st->list->len;
    for (int i = 0; i < n; i++) {
      if (i < n - 1) emit(c, OP_DUP, 0);
      emit_store(c, st->list->items[i]);
    }
    break;
  }
  case S_ANNASSIGN: {
    /* as CPython: the assignment, else the target's parts evaluated; then
     * the annotation, in a module or class only */
    Node *t = st->a;
    if (st->c) {
      emit_expr(c, st->c);
      emit_store(c, t);
    } else if (t->kind == E_ATTR) {
      emit_expr(c, t->a);
      emit(c, OP_POP, 0);
    } else if (t->kind == E_SUBSCRIPT) {
      /* the object, then the index or the slice's parts (a missing one
       * is None, which evaluates to nothing) */
      emit_expr(c, t->a);
      int n = 2;
      if (t->b->kind == E_SLICE) {
        emit_slice_parts(c, t->b);
        n = 4;
      } else {
        emit_expr(c, t->b);
      }
      for (int i = 0; i < n; i++) emit(c, OP_POP, 0);
    }
    if (c->fs->scope->kind == SCOPE_FUNCTION) break;
    emit_expr(c, st->b);
    if (st->op) {
      emit_name(c, "__annotations__", ACC_LOAD, st->line, st->col);
      emit_const(c, OBJ_VAL(intern(c, t->str)));
      emit(c, OP_STORE_SUBSCR, 0);
    } else {
      emit(c, OP_POP, 0);
    }
    break;
  }
  case S_AUGASSIGN: {
    Node *t = st->a;
    Opcode op = binop_opcode(st->op);
    /* the target is read where it is written, the operation is the
     * statement's */
    if (t->kind == E_NAME) {
      set_line(c, t);
      emit_name(c, t->str, ACC_LOAD, t->line, t->col);
      emit_inplace(c, st, op);
      emit_name(c, t->str, ACC_STORE, t->line, t->col);
    } else if (t->kind == E_ATTR) {
      set_line(c, t);
      emit_expr(c, t->a);
      emit(c, OP_DUP, 0);
      emit(c, OP_LOAD_ATTR, attr_cache(c, t->str));
      emit_inplace(c, st, op);
      emit(c, OP_ROT2, 0);
      emit(c, OP_STORE_ATTR, attr_cache(c, t->str));
    } else if (t->b->kind == E_SLICE) {
      refuse_at(c, st->line, st->col, "augmented assignment to a slice is not supported by lst");
    } else {
      set_line(c, t);
      emit_expr(c, t->a);
      emit_expr(c, t->b);
      emit(c, OP_DUP2, 0);
      emit(c, OP_SUBSCR, 0);
      emit_inplace(c, st, op);
      emit(c, OP_ROT3, 0);
      emit(c, OP_STORE_SUBSCR, 0);
    }
    break;
  }
  case S_DEL:
    for (int i = 0; i < st->list->len; i++) emit_target(c, st->list->items[i], ACC_DELETE);
    break;
  case S_PASS:
  case S_GLOBAL:
  case S_NONLOCAL: break;
  case S_BREAK:
  case S_CONTINUE: emit_break_continue(c, st); break;
  case S_RETURN: emit_return(c, st); break;
  case S_RAISE: emit_raise(c, st); break;
  case S_ASSERT: {
    int j = emit_jump_if(c, st->a, true);
    /* the raise is placed where CPython 3.11 leaves its place after the
     * test: at the last comparison of it, or at the statement */
    set_line(c, last_comparison(st->a, st));
    emit(c, OP_LOAD_ASSERTION, 0);
    if (st->b) {
      emit_expr(c, st->b);
      emit_n(c, OP_CALL, 1, -1);
    }
    emit_n(c, OP_RAISE, 1, -1);
    patch(c, j, here(c));
    break;
  }
  case S_IMPORT:
  case S_FROMIMPORT: emit_import(c, st); break;
  case S_IF: emit_if(c, st); break;
  case S_WHILE: emit_while(c, st); break;
  case S_FOR: emit_for(c, st); break;
  case S_TRY: emit_try(c, st); break;
  case S_DEF:
    emit_decorators(c, st);
    emit_function(c, st, st->str, st->list, st->list2, NULL);
    apply_decorators(c, st);
    emit_name(c, st->str, ACC_STORE, st->line, st->col);
    break;
  case S_CLASS: emit_class(c, st); break;
  case S_WITH: emit_with(c, st, 0); break;
  default: fail_at(c, st->line, st->col, "invalid syntax");
  }
}

static void emit_stmts(Compiler *c, NodeList *l) {
  if (l)
    for (int i = 0; i < l->len; i++) emit_stmt(c, l->items[i]);
}

/* ========================================================== functions */

/* Moves a finished FuncState into its Code object. */
static Code *finish_code(Compiler *c, FuncState *fs, const char *name, const char *qualname,
                         CodeKind kind) {
  /* Every path ends in RETURN, which leaves nothing: any other count is a
   * stack-effect bug, caught here instead of as a corrupt handler depth. */
  if (fs->depth != 0) fail_at(c, fs->loc.line, 0, "internal error: unbalanced stack in %s", name);
  /* Every backward jump is a LOOP, the safe point where the collector,
   * Ctrl-C and the limits get in: any other would make a loop that runs
   * unseen. */
  for (int i = 0; i < fs->n; i++) {
    Opcode op = (Opcode)OP_CODE(fs->ops[i]);
    if (opcode_arg_kinds[op] == ARG_JUMP && (int)OP_ARG(fs->ops[i]) <= i)
      fail_at(c, fs->loc.line, 0, "internal error: a backward jump that is no safe point in %s",
              name);
  }
  Code *code = fs->code;
  Scope *s = fs->scope;
  code->kind = (uint8_t)kind;
  code->name = intern(c, name);
  code->qualname = intern(c, qualname);
  code->code = fs->ops;
  code->pos = fs->pos;
  code->ncode = fs->n;
  code->consts = fs->consts;
  code->nconsts = fs->nconsts;
  code->handlers = fs->handlers;
  code->nhandlers = fs->nhandlers;
  code->caches = fs->caches;
  code->ncaches = fs->ncaches;
  fs->caches = NULL;
  code->max_stack = fs->max_depth + 2;
  code->firstline = s->line;
  fs->ops = NULL;
  fs->pos = NULL;
  fs->consts = NULL;
  fs->handlers = NULL;
  /* locals: parameters first (their slots were fixed in order), then others */
  if (kind == CODE_FUNCTION) {
    code->nlocals = s->nlocals;
    code->varnames = calloc((size_t)(s->nlocals ? s->nlocals : 1), sizeof(Str *));
    if (!code->varnames) fail_oom(c);
    int ncell = 0;
    for (int i = 0; i < s->nsyms; i++) {
      Symbol *y = &s->syms[i];
      if (y->slot >= 0 && sym_is_local(y) && !(y->flags & SYM_FREE)) {
        code->varnames[y->slot] = intern(c, y->name);
        if (y->flags & SYM_CELL) ncell++;
      }
    }
    if (ncell) {
      code->cell_slots = malloc(sizeof(int32_t) * (size_t)ncell);
      if (!code->cell_slots) fail_oom(c);
      for (int i = 0; i < s->nsyms; i++) {
        Symbol *y = &s->syms[i];
        if (y->slot >= 0 && sym_is_local(y) && !(y->flags & SYM_FREE) && (y->flags & SYM_CELL))
          code->cell_slots[code->ncell_slots++] = y->slot;
      }
    }
  }
  return code;
}

/* Gives each local of a function scope its slot.  Parameters take the
 * first slots: positional, keyword-only, *args, **kwargs (the order
 * call.c binds them in). */
static void assign_slots(Compiler *c, Scope *s, NodeList *params) {
  int n = 0;
  static const int order[] = {0, 'k', '*', 'K'};
  /* A function is compiled again for each copy of an inlined finally body
   * that holds it, so the slots are given afresh each time.  (The slot of a
   * free variable is its free index, which stays.) */
  for (int i = 0; i < s->nsyms; i++)
    if (!(s->syms[i].flags & SYM_FREE)) s->syms[i].slot = -1;
  if (params) {
    for (int k = 0; k < 4; k++)
      for (int i = 0; i < params->len; i++)
        if (params->items[i]->op == order[k]) sym_find(s, params->items[i]->str)->slot = n++;
  } else if (sym_find(s, ".0") && (sym_find(s, ".0")->flags & SYM_PARAM))
    sym_find(s, ".0")->slot = n++;
  for (int i = 0; i < s->nsyms; i++) {
    Symbol *y = &s->syms[i];
    if (sym_is_local(y) && !(y->flags & SYM_FREE) && y->slot < 0) y->slot = n++;
  }
  s->nlocals = n;
  (void)c;
}

/* A comprehension's function: nested loops over the generators, adding each
 * element to the result (or, for a generator expression, yielding it). */
static void emit_comprehension_body(Compiler *c, Node *e) {
  NodeList *gens = e->list;
  bool gen = e->kind == E_GENEXP;
  Opcode build = e->kind == E_LISTCOMP  ? OP_BUILD_LIST
                 : e->kind == E_SETCOMP ? OP_BUILD_SET
                                        : OP_BUILD_MAP;
  if (!gen) emit_n(c, build, 0, 1);
  /* each loop is tested at its bottom, as a for statement is: per level,
   * the jump that enters it and where its body starts */
  int *tops = scratch(c, sizeof(int) * (size_t)gens->len * 2);
  /* a failed condition goes on to the next item of its loop through the
   * loop's FOR_ITER, so that a filter rejecting every item still passes a
   * safe point: (level, jump) pairs, patched when the tests are emitted */
  int nconds = 0;
  for (int i = 0; i < gens->len; i++)
    nconds += gens->items[i]->list ? gens->items[i]->list->len : 0;
  int *conds = scratch(c, sizeof(int) * (size_t)(nconds ? nconds : 1) * 2);
  int ncond = 0;
  for (int i = 0; i < gens->len; i++) {
    Node *g = gens->items[i];
    /* the loops' own instructions are the comprehension's, as CPython's */
    set_line(c, e);
    if (i == 0) {
      emit(c, OP_LOAD_LOCAL, 0); /* the iterator passed in as .0 */
    } else {
      emit_expr(c, g->b);
      emit(c, OP_GET_ITER, 0);
    }
    tops[2 * i] = emit(c, OP_JUMP, 0);
    tops[2 * i + 1] = here(c);
    adjust(c, 1); /* the item FOR_ITER pushes when it jumps back */
    emit_store(c, g->a);
    if (g->list)
      for (int k = 0; k < g->list->len; k++) {
        conds[2 * ncond] = i;
        conds[2 * ncond + 1] = emit_jump_if(c, g->list->items[k], false);
        ncond++;
      }
  }
  /* the iterators sit between the result and the element */
  int depth = gens->len + 1;
  set_line(c, e);
  if (gen) {
    emit_expr(c, e->a);
    emit(c, OP_YIELD, 0);
    emit(c, OP_POP, 0);
  } else if (e->kind == E_DICTCOMP) {
    emit_expr(c, e->a);
    emit_expr(c, e->b);
    emit(c, OP_MAP_ADD, (uint32_t)depth);
  } else {
    emit_expr(c, e->a);
    emit(c, build == OP_BUILD_LIST ? OP_LIST_APPEND : OP_SET_ADD, (uint32_t)depth);
  }
  for (int i = gens->len - 1; i >= 0; i--) {
    int test = here(c);
    patch(c, tops[2 * i], test);
    for (int k = 0; k < ncond; k++)
      if (conds[2 * k] == i) patch(c, conds[2 * k + 1], test);
    set_line(c, e);
    emit_n(c, OP_FOR_ITER, (uint32_t)(c->fs->n + 1 - tops[2 * i + 1]), -1);
  }
  if (gen) emit(c, OP_LOAD_NONE, 0);
  emit(c, OP_RETURN, 0);
}

/* Compiles a def, lambda, class body or comprehension into a Code constant
 * and emits the instructions that make the function object. */
static void emit_function(Compiler *c, Node *def, const char *name, NodeList *params,
                          NodeList *body, Node *expr_body) {
  Scope *s = def->scope;
  FuncState *outer = c->fs;
  bool is_class = s->kind == SCOPE_CLASS;
  bool is_comp = s->comp_kind != 0;
  /* defaults are evaluated in the enclosing scope, before the function
   * exists: positional ones, then one per keyword-only parameter */
  int ndefaults = 0;
  bool any_default = false;
  if (params)
    for (int i = 0; i < params->len; i++) any_default = any_default || params->items[i]->a;
  if (any_default) {
    for (int i = 0; i < params->len; i++)
      if (params->items[i]->op == 0 && params->items[i]->a) {
        emit_expr(c, params->items[i]->a);
        ndefaults++;
      }
    for (int i = 0; i < params->len; i++)
      if (params->items[i]->op == 'k') {
        if (params->items[i]->a)
          emit_expr(c, params->items[i]->a);
        else
          emit_const(c, VAL_UNDEF);
        ndefaults++;
      }
    emit_n(c, OP_BUILD_TUPLE, (uint32_t)ndefaults, 1 - ndefaults);
  }

  if (!is_class) assign_slots(c, s, params);
  char qual[256];
  const char *outer_q = outer->code->qualname ? outer->code->qualname->data : "";
  if (outer->scope->kind == SCOPE_MODULE)
    snprintf(qual, sizeof qual, "%s", name);
  else if (outer->scope->kind == SCOPE_CLASS)
    snprintf(qual, sizeof qual, "%s.%s", outer_q, name);
  else
    snprintf(qual, sizeof qual, "%s.<locals>.%s", outer_q, name);
  FuncState *fs = fs_new(c, s, outer);
  fs->code->qualname = intern(c, qual);
  c->fs = fs;
  fs->depth = 0;
  set_line(c, def);
  /* a docstring: the first statement, a plain string */
  Node *doc =
      body && body->len && body->items[0]->kind == S_EXPR && body->items[0]->a->kind == E_STR
          ? body->items[0]->a
          : NULL;
  if (is_class) {
    if (doc) {
      emit_const(c, const_value(c, doc));
      emit(c, OP_STORE_NAME, (uint32_t)name_const(c, "__doc__"));
    }
    /* a body that annotates a name has its __annotations__ from the start */
    if (has_annotations(body)) {
      emit_n(c, OP_BUILD_MAP, 0, 1);
      emit(c, OP_STORE_NAME, (uint32_t)name_const(c, "__annotations__"));
    }
    emit_stmts(c, body);
    emit(c, OP_LOAD_NONE, 0);
    emit(c, OP_RETURN, 0);
  } else if (is_comp) {
    emit_comprehension_body(c, def);
  } else if (expr_body) {
    emit_expr(c, expr_body);
    emit(c, OP_RETURN, 0);
  } else {
    emit_stmts(c, body);
    emit(c, OP_LOAD_NONE, 0);
    emit(c, OP_RETURN, 0);
  }
  Code *code = finish_code(c, fs, name, qual, is_class ? CODE_CLASS : CODE_FUNCTION);
  code->is_generator = s->is_generator;
  if (doc && !is_class) code->doc = const_value(c, doc);
  code->nparams = 0;
  if (params)
    for (int i = 0; i < params->len; i++) {
      int op = params->items[i]->op;
      if (op == '*')
        code->has_varargs = 1;
      else if (op == 'K')
        code->has_kwargs = 1;
      else if (op == 'k')
        code->nkwonly++;
      else
        code->nparams++;
    }
  if (is_comp) code->nparams = 1;
  if (def->kind == S_DEF || def->kind == E_LAMBDA) code->nposonly = (int32_t)def->ival;
  code->reusable = is_comp && !s->is_generator && s->nfree == 0;
  if (s->nfree) {
    code->captures = malloc(sizeof(int32_t) * (size_t)s->nfree);
    if (!code->captures) fail_oom(c);
    code->ncaptures = s->nfree;
    for (int i = 0; i < s->nfree; i++) {
      Symbol *py = sym_find(outer->scope, s->freevars[i]);
      if (py && (py->flags & SYM_FREE))
        code->captures[i] = -1 - py->slot;
      else
        code->captures[i] = py->slot;
    }
  }
  code->plain = !code->nkwonly && !code->has_varargs && !code->has_kwargs && !code->ncell_slots &&
                !code->is_generator;
  c->fs = outer;
  fs_release(c, fs);
  set_line(c, def);
  int k = add_const(c, OBJ_VAL(code));
  if (ndefaults)
    emit(c, OP_MAKE_FUNCTION_DEFAULTS, (uint32_t)k);
  else
    emit(c, OP_MAKE_FUNCTION, (uint32_t)k);
}

/* =============================================================== entry */

Code *compile_module(VM *vm, const CompileHost *host, NodeList *body, Arena *arena,
                     CompileMode mode, CompileError *err) {
  Compiler *c = calloc(1, sizeof(Compiler));
  if (!c) {
    gc_memory_error(vm);
    err->kind = NULL;
    return NULL;
  }
  c->vm = vm;
  c->host = host;
  c->arena = arena;
  c->err = err;
  c->mode = mode;
  err->kind = NULL;
  Code *result = NULL;
  if (setjmp(c->fail) == 0) {
    Scope *top = scope_new(c, SCOPE_MODULE, NULL, 1);
    scope_stmts(c, top, body);
    scope_resolve(c, top);
    FuncState *fs = fs_new(c, top, NULL);
    c->fs = fs;
    fs->code->qualname = intern(c, "<module>");
    if (mode == COMPILE_EVAL) {
      if (!body || body->len != 1 || body->items[0]->kind != S_EXPR)
        fail_at(c, body && body->len ? body->items[0]->line : 1, 0,
                "an expression is expected here");
      emit_expr(c, body->items[0]->a);
      emit(c, OP_RETURN, 0);
    } else {
      emit_stmts(c, body);
      emit(c, OP_LOAD_NONE, 0);
      emit(c, OP_RETURN, 0);
    }
    result = finish_code(c, fs, "<module>", "<module>", CODE_MODULE);
    fs_release(c, fs);
  }
  while (c->nall > 0) fs_release(c, c->all[c->nall - 1]);
  free(c);
  return result;
}
