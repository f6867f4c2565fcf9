/* ast.h: the syntax tree the parser builds and the compiler walks.
 *
 * Nodes live in an arena that is freed as a whole after compilation, so the
 * parser never frees a node one by one, error paths included.  One Node
 * layout serves every kind; the comment on each kind says which fields it
 * uses.  Names and decoded string literals point into arena memory.
 */
#ifndef LST_AST_H
#define LST_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "front/opcodes.h"

typedef struct Node Node;

typedef struct NodeList {
  Node **items;
  int len, cap;
} NodeList;

typedef enum {
  /* expressions */
  E_INT,       /* ival */
  E_FLOAT,     /* fval */
  E_STR,       /* str, slen; ival: the room of str once adjacent literals are joined */
  E_FSTRING,   /* list: E_STR pieces and E_FORMAT fields */
  E_FORMAT,    /* a: value, b: spec (E_FSTRING) or NULL, op: 0, 'r', 's', 'a' */
  E_NAME,      /* str */
  E_CONST,     /* op: 'T' True, 'F' False, 'N' None, 'E' Ellipsis */
  E_BINOP,     /* op: TK_PLUS ..., a, b */
  E_UNARY,     /* op: TK_MINUS, TK_PLUS, TK_TILDE, TK_NOT; a */
  E_BOOLOP,    /* op: TK_AND or TK_OR; a, b */
  E_COMPARE,   /* list: operands; ops: one per operator (CMP_*), ival: their room */
  E_IFEXP,     /* a: condition, b: then, c: else */
  E_LAMBDA,    /* list: params, a: body, ival: how many params are positional-only */
  E_CALL,      /* a: callee, list: arguments (E_KEYWORD, E_STARRED or expression) */
  E_KEYWORD,   /* str: name, a: value */
  E_STARRED,   /* a */
  E_NAMEDEXPR, /* a: the E_NAME assigned, b: value; op, ival: the line and column of := */
  E_DSTARRED,  /* a: a mapping unpacked into keyword arguments (**a) */
  E_ATTR,      /* a: object, str: attribute */
  E_SUBSCRIPT, /* a: object, b: index or E_SLICE */
  E_SLICE,     /* a, b, c: lower, upper, step, each may be NULL */
  E_LIST,      /* list */
  E_TUPLE,     /* list */
  E_SET,       /* list */
  E_DICT,      /* list: E_PAIR */
  E_PAIR,      /* a: key, b: value */
  E_LISTCOMP,  /* a: element, list: N_COMPFOR */
  E_SETCOMP,   /* a: element, list: N_COMPFOR */
  E_DICTCOMP,  /* a: key, b: value, list: N_COMPFOR */
  E_GENEXP,    /* a: element, list: N_COMPFOR */
  E_YIELD,     /* a: value or NULL; op 1: yield from a */
  N_COMPFOR,   /* a: target, b: iterable, list: conditions */
  /* statements */
  S_EXPR,      /* a */
  S_ASSIGN,    /* list: targets, a: value */
  S_AUGASSIGN, /* op, a: target, b: value */
  S_ANNASSIGN, /* a: target, b: annotation, c: value or NULL; op: 1 for a bare name */
  S_DEL,       /* list: targets */
  S_PASS,
  S_BREAK,
  S_CONTINUE,
  S_RETURN,     /* a or NULL */
  S_RAISE,      /* a: exception or NULL, b: cause or NULL */
  S_GLOBAL,     /* list: E_NAME */
  S_NONLOCAL,   /* list: E_NAME */
  S_ASSERT,     /* a: test, b: message or NULL */
  S_IMPORT,     /* list: N_ALIAS */
  S_FROMIMPORT, /* str: module, list: N_ALIAS */
  N_ALIAS,      /* str: name, str2: as-name or NULL */
  S_IF,         /* a: test, list: body, list2: else */
  S_WHILE,      /* a: test, list: body, list2: else */
  S_FOR,        /* a: target, b: iterable, list: body, list2: else */
  S_TRY,        /* list: body, list2: handlers (N_HANDLER), list3: else, list4: finally */
  N_HANDLER,    /* a: type or NULL, str: name or NULL, list: body */
  S_DEF,        /* str: name, list: params (N_PARAM), list2: body, list3: decorators;
                   ival: how many params are positional-only */
  N_PARAM,      /* str: name, a: default or NULL; op: 0 positional, 'k' keyword-only,
                   '*' *args, 'K' **kwargs ('/' a bare *, dropped after checking) */
  S_CLASS,      /* str: name, a: base or NULL, list: body, list3: decorators */
  S_WITH,       /* list: N_WITHITEM, list2: body */
  N_WITHITEM,   /* a: context manager, b: target or NULL */
  S_UNSUPPORTED /* str: what, for a clear refusal at compile time */
} NodeKind;

/* E_COMPARE.ops holds CMP_* values (opcodes.h), the COMPARE argument. */

struct Node {
  uint8_t kind;
  int op;
  /* where the node's source is, as CPython's ast has it: 1-based lines,
   * 0-based byte columns, the end past the last byte.  A node written in
   * parentheses keeps its own span; the one with them is pline ...
   * pend_col, where the enclosing node starts or ends (parenthesized) */
  int line, col, end_line, end_col;
  int pline, pcol, pend_line, pend_col;
  Node *a, *b, *c;
  NodeList *list, *list2, *list3, *list4;
  const char *str; /* NUL-terminated, in the arena */
  size_t slen;
  const char *str2;
  int64_t ival;
  double fval;
  uint8_t *ops;       /* E_COMPARE */
  bool parenthesized; /* written in parentheses (a tuple so written is not a bare list) */
  void *scope;        /* S_DEF, S_CLASS, E_LAMBDA, comprehensions: the compiler's Scope */
};

typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
  ArenaChunk *chunks;
  bool failed;
} Arena;

void ast_arena_init(Arena *a);
void ast_arena_free(Arena *a);
/* Zeroed memory, or NULL (and a->failed) when out of memory. */
void *ast_arena_alloc(Arena *a, size_t size);
char *ast_arena_strndup(Arena *a, const char *s, size_t n);

Node *ast_node(Arena *a, NodeKind kind, int line, int col);
NodeList *ast_list(Arena *a);
/* Appends n to l (l may be NULL: a new list is made); returns the list. */
NodeList *ast_append(Arena *a, NodeList *l, Node *n);

#endif
