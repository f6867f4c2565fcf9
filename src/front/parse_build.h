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
  Token prev, prev2;    /* the two tokens before the current one */
  const Lexer *lexer;   /* for the bracket depth an error occurs at */
  Token head;           /* the first token of the last logical line begun before this token */
  const Node *meant_eq; /* the target of "cannot assign to ... here", while a chain may follow */
  Node scratch;
  NodeList scratch_list;
} ParseCtx;

void parse_syntax_error(ParseCtx *ctx, const Token *tok, int major);
void parse_overflow(ParseCtx *ctx);
void parse_fail(ParseCtx *ctx, const char *kind, int line, int col, const char *fmt, ...);

NodeList *parse_list1(ParseCtx *ctx, Node *n);
NodeList *parse_append(ParseCtx *ctx, NodeList *l, Node *n);
NodeList *parse_concat(ParseCtx *ctx, NodeList *l, NodeList *more);
Node *parse_expr_stmt(ParseCtx *ctx, Node *e);
Node *parse_assign(ParseCtx *ctx, Node *target, Node *value);
Node *parse_assign_more(ParseCtx *ctx, Node *assign, Node *value);
Node *parse_annassign(ParseCtx *ctx, Node *target, Node *annotation, Node *value);
Node *parse_augassign(ParseCtx *ctx, Node *target, const Token *op, Node *value);
Node *parse_del(ParseCtx *ctx, const Token *k, Node *targets);
Node *parse_stmt(ParseCtx *ctx, NodeKind kind, const Token *k);
Node *parse_stmt_a(ParseCtx *ctx, NodeKind kind, const Token *k, Node *a);
Node *parse_raise_from(ParseCtx *ctx, const Token *k, Node *e, Node *cause);
Node *parse_stmt_list(ParseCtx *ctx, NodeKind kind, const Token *k, NodeList *l);
Node *parse_assert(ParseCtx *ctx, const Token *k, Node *test, Node *msg);
Node *parse_from_import(ParseCtx *ctx, const Token *k, const Token *module, NodeList *names);
Node *parse_alias(ParseCtx *ctx, const Token *name, const Token *as);
Node *parse_while(ParseCtx *ctx, const Token *k, Node *test, NodeList *body, NodeList *orelse);
Node *parse_for(ParseCtx *ctx, const Token *k, Node *target, Node *iter, NodeList *body,
                NodeList *orelse);
Node *parse_try(ParseCtx *ctx, const Token *k, NodeList *body, NodeList *handlers, NodeList *orelse,
                NodeList *final);
Node *parse_handler(ParseCtx *ctx, const Token *k, Node *type, const Token *name, NodeList *body);
Node *parse_def(ParseCtx *ctx, const Token *k, const Token *name, NodeList *params, NodeList *body);
Node *parse_param(ParseCtx *ctx, const Token *name, Node *def, int kind);
Node *parse_class(ParseCtx *ctx, const Token *k, const Token *name, NodeList *bases,
                  NodeList *body);
Node *parse_if(ParseCtx *ctx, const Token *k, Node *test, NodeList *body, NodeList *orelse);
Node *parse_tuple(ParseCtx *ctx, NodeList *items);
Node *parse_ifexp(ParseCtx *ctx, Node *cond, Node *then, Node *orelse);
Node *parse_lambda(ParseCtx *ctx, const Token *k, NodeList *params, Node *body);
Node *parse_binary(ParseCtx *ctx, NodeKind kind, int op, Node *a, const Token *optok, Node *b);
Node *parse_unary(ParseCtx *ctx, int op, const Token *optok, Node *a);
Node *parse_compare(ParseCtx *ctx, Node *a, int op, Node *b);
Node *parse_attr(ParseCtx *ctx, Node *obj, const Token *name);
Node *parse_call(ParseCtx *ctx, Node *callee, const Token *open, NodeList *args,
                 const Token *close);
Node *parse_subscript(ParseCtx *ctx, Node *obj, Node *index, const Token *close);
Node *parse_keyword(ParseCtx *ctx, Node *name, Node *value);
Node *parse_starred(ParseCtx *ctx, const Token *star, Node *value);
Node *parse_dstarred(ParseCtx *ctx, const Token *star, Node *value);
Node *parse_unsupported(ParseCtx *ctx, const Token *at, const char *what);
/* A def or class with its @decorators (outermost first). */
Node *parse_decorated(ParseCtx *ctx, NodeList *decorators, Node *def);
Node *parse_yield(ParseCtx *ctx, const Token *k, Node *value, bool from);
Node *parse_with(ParseCtx *ctx, const Token *k, NodeList *items, NodeList *body);
Node *parse_with_item(ParseCtx *ctx, Node *manager, Node *target);
Node *parse_comp(ParseCtx *ctx, NodeKind kind, Node *elt, Node *value, NodeList *gens);
Node *parse_compfor(ParseCtx *ctx, const Token *k, Node *target, Node *iter);
NodeList *parse_compif(ParseCtx *ctx, NodeList *gens, Node *cond);
Node *parse_slice(ParseCtx *ctx, const Token *colon, Node *lo, Node *hi, Node *step);
Node *parse_name(ParseCtx *ctx, const Token *t);
Node *parse_namedexpr(ParseCtx *ctx, const Token *name, const Token *walrus, Node *value);
Node *parse_int(ParseCtx *ctx, const Token *t);
Node *parse_float(ParseCtx *ctx, const Token *t);
Node *parse_const(ParseCtx *ctx, const Token *t, int which);
Node *parse_display(ParseCtx *ctx, NodeKind kind, const Token *open, NodeList *items,
                    const Token *close);
/* e written in parentheses (open and close): a tuple or generator takes
 * them into its own span, as CPython's ast does; other nodes keep theirs. */
Node *parse_paren(ParseCtx *ctx, const Token *open, Node *e, const Token *close);
/* A comprehension's span: its brackets. */
Node *parse_bracketed(ParseCtx *ctx, const Token *open, Node *e, const Token *close);
/* A simple statement ends with the token before the ; or newline after it. */
Node *parse_small_end(ParseCtx *ctx, Node *st);
Node *parse_pair(ParseCtx *ctx, Node *k, Node *v);
Node *parse_string(ParseCtx *ctx, Node *prev, const Token *t);

#endif
