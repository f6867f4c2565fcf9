/* parse_build.h: the node builders the grammar's actions call, and the
 * parse context threaded through lemon's %extra_context.  Builders never
 * return NULL: when the arena is exhausted they return a scratch node and
 * mark the parse as failed, so actions need no checks. */
#ifndef LST_PARSE_BUILD_H
#define LST_PARSE_BUILD_H

#include "front/ast.h"
#include "front/lexer.h"
#include "front/parse.h"

typedef struct ParseCtx {
  Arena *arena;
  NodeList *body;
  bool failed;
  ParseError *err;
  Token prev, prev2;     /* the two tokens before the current one */
  Node scratch;
  NodeList scratch_list;
} ParseCtx;

void parse_syntax_error(ParseCtx *ctx, const Token *tok, int major);
void parse_overflow(ParseCtx *ctx);
void parse_fail(ParseCtx *ctx, const char *kind, int line, int col, const char *fmt, ...);

NodeList *P_list1(ParseCtx *ctx, Node *n);
NodeList *P_append(ParseCtx *ctx, NodeList *l, Node *n);
NodeList *P_concat(ParseCtx *ctx, NodeList *l, NodeList *more);
Node *P_expr_stmt(ParseCtx *ctx, Node *e);
Node *P_assign(ParseCtx *ctx, Node *target, Node *value);
Node *P_assign_more(ParseCtx *ctx, Node *assign, Node *value);
Node *P_augassign(ParseCtx *ctx, Node *target, const Token *op, Node *value);
Node *P_del(ParseCtx *ctx, const Token *k, Node *targets);
Node *P_stmt(ParseCtx *ctx, NodeKind kind, const Token *k);
Node *P_stmt_a(ParseCtx *ctx, NodeKind kind, const Token *k, Node *a);
Node *P_raise_from(ParseCtx *ctx, const Token *k, Node *e, Node *cause);
Node *P_stmt_list(ParseCtx *ctx, NodeKind kind, const Token *k, NodeList *l);
Node *P_assert(ParseCtx *ctx, const Token *k, Node *test, Node *msg);
Node *P_from_import(ParseCtx *ctx, const Token *k, const Token *module, NodeList *names);
Node *P_alias(ParseCtx *ctx, const Token *name, const Token *as);
Node *P_while(ParseCtx *ctx, const Token *k, Node *test, NodeList *body, NodeList *orelse);
Node *P_for(ParseCtx *ctx, const Token *k, Node *target, Node *iter, NodeList *body, NodeList *orelse);
Node *P_try(ParseCtx *ctx, const Token *k, NodeList *body, NodeList *handlers, NodeList *orelse, NodeList *final);
Node *P_handler(ParseCtx *ctx, const Token *k, Node *type, const Token *name, NodeList *body);
Node *P_def(ParseCtx *ctx, const Token *k, const Token *name, NodeList *params, NodeList *body);
Node *P_param(ParseCtx *ctx, const Token *name, Node *def, int kind);
Node *P_class(ParseCtx *ctx, const Token *k, const Token *name, NodeList *bases, NodeList *body);
Node *P_if(ParseCtx *ctx, const Token *k, Node *test, NodeList *body, NodeList *orelse);
Node *P_tuple(ParseCtx *ctx, NodeList *items);
Node *P_ifexp(ParseCtx *ctx, Node *cond, Node *then, Node *orelse);
Node *P_lambda(ParseCtx *ctx, const Token *k, NodeList *params, Node *body);
Node *P_binary(ParseCtx *ctx, NodeKind kind, int op, Node *a, const Token *optok, Node *b);
Node *P_unary(ParseCtx *ctx, int op, const Token *optok, Node *a);
Node *P_compare(ParseCtx *ctx, Node *a, int op, Node *b);
Node *P_attr(ParseCtx *ctx, Node *obj, const Token *name);
Node *P_call(ParseCtx *ctx, Node *callee, NodeList *args, const Token *close);
Node *P_subscript(ParseCtx *ctx, Node *obj, Node *index, const Token *close);
Node *P_keyword(ParseCtx *ctx, Node *name, Node *value);
Node *P_starred(ParseCtx *ctx, const Token *star, Node *value);
Node *P_dstarred(ParseCtx *ctx, const Token *star, Node *value);
Node *P_unsupported(ParseCtx *ctx, const Token *at, const char *what);
Node *P_comp(ParseCtx *ctx, NodeKind kind, Node *elt, Node *value, NodeList *gens);
Node *P_compfor(ParseCtx *ctx, const Token *k, Node *target, Node *iter);
NodeList *P_compif(ParseCtx *ctx, NodeList *gens, Node *cond);
Node *P_slice(ParseCtx *ctx, const Token *colon, Node *lo, Node *hi, Node *step);
Node *P_name(ParseCtx *ctx, const Token *t);
Node *P_int(ParseCtx *ctx, const Token *t);
Node *P_float(ParseCtx *ctx, const Token *t);
Node *P_const(ParseCtx *ctx, const Token *t, int which);
Node *P_display(ParseCtx *ctx, NodeKind kind, const Token *open, NodeList *items);
Node *P_paren(ParseCtx *ctx, Node *e);
Node *P_pair(ParseCtx *ctx, Node *k, Node *v);
Node *P_string(ParseCtx *ctx, Node *prev, const Token *t);

#endif
