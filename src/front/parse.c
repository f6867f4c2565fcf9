/* parse.c: drives the re2c lexer into the lemon parser, builds the tree
 * (the P_* builders the grammar calls), decodes literals and f-strings, and
 * words syntax errors as CPython does. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "front/parse_build.h"
#include "front/parser.h"

void *lstParseAlloc(void *(*malloc_fn)(size_t), ParseCtx *ctx);
void lstParse(void *p, int major, Token minor);
void lstParseFree(void *p, void (*free_fn)(void *));

/* ------------------------------------------------------------------ errors */

void parse_fail(ParseCtx *ctx, const char *kind, int line, int col, const char *fmt, ...) {
  if (ctx->failed) return;
  ctx->failed = true;
  ctx->err->kind = kind;
  ctx->err->line = line;
  ctx->err->col = col;
  ctx->err->end_col = 0;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ctx->err->msg, sizeof ctx->err->msg, fmt, ap);
  va_end(ap);
}

static const char *unsupported_what(const Token *t) {
  static char what[64];
  if (t->len > 0 && (t->start[t->len - 1] == 'j' || t->start[t->len - 1] == 'J'))
    return "complex numbers are";
  snprintf(what, sizeof what, "'%.*s' is", t->len > 20 ? 20 : t->len, t->start);
  return what;
}

/* Where CPython says "invalid syntax. Maybe you meant '==' or ':='
 * instead of '='?": at an = the grammar does not allow after a name that
 * begins an expression (after if, elif or while, or inside brackets), when
 * an operand follows (CPython's bitwise_or: no comparison, not, and, or,
 * lambda, yield) and no other = or := after it.  Returns the end column of
 * that operand (or of the name's line, if it goes on past it), or -1.
 * Reads on with a copy of the lexer. */
static int meant_comparison(ParseCtx *ctx, const Token *eq) {
  const Token *name = &ctx->prev;
  int before = ctx->prev2.type;
  if (name->type != TK_NAME || eq->line != name->line) return -1;
  if (!(before == TK_IF || before == TK_ELIF || before == TK_WHILE || before == TK_LPAR ||
        before == TK_LBRACK || before == TK_LBRACE ||
        (before == TK_COMMA && ctx->lexer->paren > 0)))
    return -1;
  Lexer lx = *ctx->lexer;
  Token t, last = *eq; /* last: the operand's last token so far */
  bool operand = true; /* an operand is due (not an operator or a trailer) */
  int depth = 0;
  for (;;) {
    int type = lexer_next(&lx, &t);
    if (type <= 0) return -1;
    if (depth > 0) {
      if (type == TK_LPAR || type == TK_LBRACK || type == TK_LBRACE) depth++;
      if (type == TK_RPAR || type == TK_RBRACK || type == TK_RBRACE) depth--;
    } else if (operand) {
      if (type == TK_PLUS || type == TK_MINUS || type == TK_TILDE) continue;
      if (type == TK_LPAR || type == TK_LBRACK || type == TK_LBRACE)
        depth = 1;
      else if (!(type == TK_NAME || type == TK_INT || type == TK_FLOAT || type == TK_STRING ||
                 type == TK_NONE || type == TK_TRUE || type == TK_FALSE || type == TK_ELLIPSIS))
        return -1;
      operand = false;
    } else if (type == TK_DOT) {
      if (lexer_next(&lx, &t) != TK_NAME) return -1;
    } else if (type == TK_LPAR || type == TK_LBRACK) {
      depth = 1;
    } else if (type == TK_STRING && last.type == TK_STRING) {
    } else if (type == TK_PLUS || type == TK_MINUS || type == TK_STAR || type == TK_SLASH ||
               type == TK_DSLASH || type == TK_PERCENT || type == TK_DSTAR || type == TK_LSHIFT ||
               type == TK_RSHIFT || type == TK_AMP || type == TK_BAR || type == TK_CARET) {
      operand = true;
      continue;
    } else {
      if (type == TK_ASSIGN || type == TK_WALRUS) return -1;
      if (last.end_line == name->line) return last.end_col;
      /* an operand over several lines: marked to the end of the first */
      const char *e = name->start;
      while (e < lx.end && *e != '\n') e++;
      return name->col + (int)(e - name->start);
    }
    last = t;
  }
}

void parse_syntax_error(ParseCtx *ctx, const Token *tok, int major) {
  if (ctx->failed) return;
  if (major == TK_ASSIGN) {
    /* yield [value] = ...: CPython's words, under the yield */
    if (ctx->head.type == TK_YIELD) {
      parse_fail(ctx, "SyntaxError", ctx->head.line, ctx->head.col,
                 "assignment to yield expression not possible");
      if (ctx->prev.line == ctx->head.line) ctx->err->end_col = ctx->prev.end_col;
      return;
    }
    /* *name = ... alone: CPython's words for a star outside a tuple */
    if (ctx->prev.type == TK_NAME && ctx->prev2.type == TK_STAR &&
        ctx->head.start == ctx->prev2.start) {
      parse_fail(ctx, "SyntaxError", ctx->prev2.line, ctx->prev2.col,
                 "starred assignment target must be in a list or tuple");
      ctx->err->end_col = ctx->prev.end_col;
      return;
    }
    int end = meant_comparison(ctx, tok);
    if (end >= 0) {
      parse_fail(ctx, "SyntaxError", ctx->prev.line, ctx->prev.col,
                 "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
      ctx->err->end_col = end;
      return;
    }
  }
  if (major == TK_UNSUPPORTED) {
    parse_fail(ctx, "NotImplementedError", tok->line, tok->col, "%s not supported by lst",
               unsupported_what(tok));
    return;
  }
  if (major == TK_YIELD) {
    parse_fail(ctx, "NotImplementedError", tok->line, tok->col,
               "'yield' inside an expression is not supported by lst");
    return;
  }
  if (major == TK_INDENT) {
    /* CPython points into the indentation, so draws no caret */
    parse_fail(ctx, "IndentationError", tok->line, tok->col - 1, "unexpected indent");
    return;
  }
  if (ctx->prev.type == TK_NEWLINE && ctx->prev2.type == TK_COLON) {
    const Token *h = &ctx->head;
    /* at the end of input CPython points at the header's line */
    bool at_end =
        major == 0 || (major == TK_DEDENT && ctx->lexer && ctx->lexer->cur >= ctx->lexer->end);
    const Token *at = at_end ? &ctx->prev : tok;
    const char *what = h->type == TK_DEF       ? "function definition"
                       : h->type == TK_CLASS   ? "class definition"
                       : h->type == TK_IF      ? "'if' statement"
                       : h->type == TK_ELIF    ? "'elif' statement"
                       : h->type == TK_ELSE    ? "'else' statement"
                       : h->type == TK_FOR     ? "'for' statement"
                       : h->type == TK_WHILE   ? "'while' statement"
                       : h->type == TK_TRY     ? "'try' statement"
                       : h->type == TK_EXCEPT  ? "'except' statement"
                       : h->type == TK_FINALLY ? "'finally' statement"
                                               : NULL;
    if (what)
      parse_fail(ctx, "IndentationError", at->line, at->col,
                 "expected an indented block after %s on line %d", what, h->line);
    else
      parse_fail(ctx, "IndentationError", at->line, at->col, "expected an indented block");
    ctx->err->at_eof = major == 0 || major == TK_DEDENT;
    return;
  }
  /* Python 3.10's match statement, whose match is a soft keyword: a line
   * that begins with the name and fails where a subject or its colon is */
  const Token *h = &ctx->head;
  bool match_line = h->type == TK_NAME && h->len == 5 && strncmp(h->start, "match", 5) == 0 &&
                    h->line == tok->line;
  /* (match (x): and match [a]: read as an annotation until the line ends) */
  bool subject_ends = major == TK_COLON || (major == TK_NEWLINE && ctx->prev.type == TK_COLON);
  if (match_line && (subject_ends || (ctx->prev.type == TK_NAME && ctx->prev.start == h->start &&
                                      major != TK_NEWLINE))) {
    parse_fail(ctx, "NotImplementedError", h->line, h->col,
               "the match statement is not supported by lst");
    return;
  }
  if (major == TK_STAR && ctx->prev.type == TK_EXCEPT) {
    parse_fail(ctx, "NotImplementedError", ctx->prev.line, ctx->prev.col,
               "'except*' (exception groups) is not supported by lst");
    return;
  }
  if (major == 0) {
    parse_fail(ctx, "SyntaxError", tok->line, tok->col, "unexpected EOF while parsing");
    ctx->err->at_eof = true;
    return;
  }
  /* As CPython's invalid_expression rule: inside brackets, an expression
   * right after another (not a name before a string, and not print or
   * exec, which have errors of their own) is a missing comma. */
  const Token *p = &ctx->prev;
  bool ends = p->type == TK_NAME || p->type == TK_INT || p->type == TK_FLOAT ||
              p->type == TK_STRING || p->type == TK_RPAR || p->type == TK_RBRACK ||
              p->type == TK_RBRACE || p->type == TK_TRUE || p->type == TK_FALSE ||
              p->type == TK_NONE;
  bool starts = major == TK_NAME || major == TK_INT || major == TK_FLOAT || major == TK_STRING ||
                major == TK_LPAR || major == TK_LBRACK || major == TK_LBRACE || major == TK_TRUE ||
                major == TK_FALSE || major == TK_NONE || major == TK_LAMBDA || major == TK_NOT;
  bool legacy = p->type == TK_NAME && ((p->len == 5 && strncmp(p->start, "print", 5) == 0) ||
                                       (p->len == 4 && strncmp(p->start, "exec", 4) == 0));
  if (legacy && starts) {
    int n = p->len;
    parse_fail(ctx, "SyntaxError", p->line, p->col,
               "Missing parentheses in call to '%.*s'. Did you mean %.*s(...)?", n, p->start, n,
               p->start);
    return;
  }
  if (ctx->lexer && ctx->lexer->paren > 0 && ends && starts && !legacy &&
      !(p->type == TK_NAME && major == TK_STRING)) {
    parse_fail(ctx, "SyntaxError", p->line, p->col, "invalid syntax. Perhaps you forgot a comma?");
    return;
  }
  parse_fail(ctx, "SyntaxError", tok->line, tok->col, "invalid syntax");
  /* CPython marks the whole token it stopped at */
  if (tok->type != TK_NEWLINE && tok->end_col > tok->col) ctx->err->end_col = tok->end_col;
}

void parse_overflow(ParseCtx *ctx) {
  parse_fail(ctx, "RecursionError", ctx->prev.line, ctx->prev.col,
             "maximum recursion depth exceeded during compilation");
}

/* --------------------------------------------------------------- basics */

static Node *node(ParseCtx *ctx, NodeKind kind, int line, int col) {
  Node *n = ast_node(ctx->arena, kind, line, col);
  if (!n) {
    parse_fail(ctx, "MemoryError", line, col, "out of memory while parsing");
    memset(&ctx->scratch, 0, sizeof ctx->scratch);
    return &ctx->scratch;
  }
  return n;
}

static void end_at_token(Node *n, const Token *t) {
  n->end_line = t->end_line;
  n->end_col = t->end_col;
}

static Node *tnode(ParseCtx *ctx, NodeKind kind, const Token *t) {
  Node *n = node(ctx, kind, t->line, t->col);
  end_at_token(n, t);
  return n;
}

/* Spans: a node made of others starts where its first part starts and ends
 * where its last part ends, each with its parentheses, as CPython's ast
 * places them ((a) + b starts at the parenthesis). */
static void start_at(Node *n, const Node *first) {
  n->line = first->parenthesized ? first->pline : first->line;
  n->col = first->parenthesized ? first->pcol : first->col;
}

static void end_at(Node *n, const Node *last) {
  n->end_line = last->parenthesized ? last->pend_line : last->end_line;
  n->end_col = last->parenthesized ? last->pend_col : last->end_col;
}

/* A node starting where first starts (with its parentheses). */
static Node *node_at(ParseCtx *ctx, NodeKind kind, const Node *first) {
  Node *n = node(ctx, kind, 0, 0);
  start_at(n, first);
  n->end_line = n->line;
  n->end_col = n->col;
  return n;
}

/* A compound statement ends with the last statement of its last suite. */
static void end_at_body(Node *n, const NodeList *body) {
  if (body && body->len) end_at(n, body->items[body->len - 1]);
}

static const char *tstr(ParseCtx *ctx, const Token *t) {
  const char *s = ast_arena_strndup(ctx->arena, t->start, (size_t)t->len);
  if (!s) {
    parse_fail(ctx, "MemoryError", t->line, t->col, "out of memory while parsing");
    return "";
  }
  return s;
}

NodeList *parse_append(ParseCtx *ctx, NodeList *l, Node *n) {
  NodeList *r = ast_append(ctx->arena, l, n);
  if (!r || ctx->arena->failed) {
    parse_fail(ctx, "MemoryError", 0, 0, "out of memory while parsing");
    return &ctx->scratch_list;
  }
  return r;
}

NodeList *parse_list1(ParseCtx *ctx, Node *n) { return parse_append(ctx, NULL, n); }

NodeList *parse_concat(ParseCtx *ctx, NodeList *l, NodeList *more) {
  if (!more) return l;
  for (int i = 0; i < more->len; i++) l = parse_append(ctx, l, more->items[i]);
  return l;
}

/* ------------------------------------------------------------ statements */

static const char *describe(const Node *e) {
  switch ((NodeKind)e->kind) {
  case E_CALL: return "function call";
  case E_INT:
  case E_FLOAT:
  case E_STR:
  case E_CONST: return e->op == 'E' ? "ellipsis" : "literal";
  case E_FSTRING: return "f-string expression";
  case E_BINOP:
  case E_UNARY: return "expression";
  case E_BOOLOP: return "expression";
  case E_COMPARE: return "comparison";
  case E_IFEXP: return "conditional expression";
  case E_LAMBDA: return "lambda";
  case E_DICT: return "dict literal";
  case E_SET: return "set display";
  case E_LISTCOMP: return "list comprehension";
  case E_SETCOMP: return "set comprehension";
  case E_DICTCOMP: return "dict comprehension";
  case E_GENEXP: return "generator expression";
  case E_TUPLE: return "tuple";
  case E_LIST: return "list";
  case E_YIELD: return "yield expression";
  case E_NAMEDEXPR: return "named expression";
  case E_STARRED: return "starred";
  case E_NAME: return "name";
  case E_ATTR: return "attribute";
  case E_SUBSCRIPT: return "subscript";
  default: return "expression";
  }
}

/* Checks that e can be assigned to (or deleted, with del set). */
static void check_target(ParseCtx *ctx, Node *e, bool del) {
  switch ((NodeKind)e->kind) {
  case E_NAME:
  case E_ATTR:
  case E_SUBSCRIPT: return;
  case E_TUPLE:
  case E_LIST:
    if (e->list)
      for (int i = 0; i < e->list->len; i++) check_target(ctx, e->list->items[i], del);
    return;
  case E_STARRED:
    if (del) break;
    check_target(ctx, e->a, del);
    return;
  default: break;
  }
  bool first = !ctx->failed;
  if (e->kind == E_CONST && e->op != 0 && e->op != 'E')
    parse_fail(ctx, "SyntaxError", e->line, e->col, "cannot %s %s", del ? "delete" : "assign to",
               e->op == 'N'   ? "None"
               : e->op == 'T' ? "True"
                              : "False");
  else
    parse_fail(ctx, "SyntaxError", e->line, e->col, "cannot %s %s", del ? "delete" : "assign to",
               describe(e));
  /* CPython marks the whole target */
  if (first && e->end_col > e->col) ctx->err->end_col = e->end_col;
}

/* CPython's grammar takes := unparenthesized only inside an expression:
 * as a statement or an assignment's value it is invalid syntax there. */
static void check_not_named(ParseCtx *ctx, const Node *e) {
  if (e->kind == E_NAMEDEXPR && !e->parenthesized && !ctx->failed) {
    parse_fail(ctx, "SyntaxError", e->op, (int)e->ival, "invalid syntax");
    ctx->err->end_col = (int)e->ival + 2; /* the := */
  }
}

Node *parse_expr_stmt(ParseCtx *ctx, Node *e) {
  check_not_named(ctx, e);
  Node *n = node_at(ctx, S_EXPR, e);
  n->a = e;
  return n;
}

/* Whether e, not a target, reads as CPython's bitwise_or: an operand an
 * = could have been meant as == after (no comparison, not, and, or,
 * lambda, conditional or yield unless in parentheses; no tuple, list or
 * generator; not True, None, False). */
static bool meant_equality(const Node *e) {
  switch ((NodeKind)e->kind) {
  case E_COMPARE:
  case E_BOOLOP:
  case E_IFEXP:
  case E_LAMBDA:
  case E_NAMEDEXPR:
  case E_YIELD: return e->parenthesized; /* in parentheses, an operand again */
  case E_TUPLE:
  case E_LIST:
  case E_GENEXP:
  case E_NAME:
  case E_ATTR:
  case E_SUBSCRIPT:
  case E_STARRED: return false;
  case E_UNARY: return e->op != TK_NOT || e->parenthesized;
  case E_CONST: return e->op == 'E';
  default: return true;
  }
}

Node *parse_assign(ParseCtx *ctx, Node *target, Node *value) {
  if (meant_equality(target) && !ctx->failed) {
    parse_fail(ctx, "SyntaxError", target->line, target->col,
               "cannot assign to %s here. Maybe you meant '==' instead of '='?", describe(target));
    ctx->err->end_col = target->end_col;
    ctx->meant_eq = target;
  }
  check_target(ctx, target, false);
  check_not_named(ctx, value);
  Node *n = node_at(ctx, S_ASSIGN, target);
  n->list = parse_list1(ctx, target);
  n->a = value;
  return n;
}

Node *parse_assign_more(ParseCtx *ctx, Node *assign, Node *value) {
  /* a chain (1 = x = 2) is no comparison misspelt: CPython's plain error */
  if (ctx->meant_eq && ctx->meant_eq == assign->list->items[0])
    snprintf(ctx->err->msg, sizeof ctx->err->msg, "cannot assign to %s", describe(ctx->meant_eq));
  if (assign->a->kind == E_YIELD && !assign->a->parenthesized && !ctx->failed) {
    parse_fail(ctx, "SyntaxError", assign->a->line, assign->a->col,
               "assignment to yield expression not possible");
    if (assign->a->end_line == assign->a->line) ctx->err->end_col = assign->a->end_col;
  }
  check_target(ctx, assign->a, false);
  check_not_named(ctx, value);
  assign->list = parse_append(ctx, assign->list, assign->a);
  assign->a = value;
  return assign;
}

Node *parse_annassign(ParseCtx *ctx, Node *target, Node *annotation, Node *value) {
  if (target->kind == E_TUPLE || target->kind == E_LIST)
    parse_fail(ctx, "SyntaxError", target->line, target->col,
               "only single target (not %s) can be annotated",
               target->kind == E_TUPLE ? "tuple" : "list");
  else if (target->kind != E_NAME && target->kind != E_ATTR && target->kind != E_SUBSCRIPT &&
           !ctx->failed) {
    parse_fail(ctx, "SyntaxError", target->line, target->col, "illegal target for annotation");
    ctx->err->end_col = target->end_col; /* CPython marks the target */
  }
  Node *n = node_at(ctx, S_ANNASSIGN, target);
  n->a = target;
  n->b = annotation;
  n->c = value;
  /* a name in parentheses is annotated but not recorded */
  n->op = target->kind == E_NAME && !target->parenthesized;
  return n;
}

Node *parse_augassign(ParseCtx *ctx, Node *target, const Token *op, Node *value) {
  if (target->kind != E_NAME && target->kind != E_ATTR && target->kind != E_SUBSCRIPT &&
      !ctx->failed) {
    parse_fail(ctx, "SyntaxError", target->line, target->col,
               "'%s' is an illegal expression for augmented assignment", describe(target));
    if (target->end_line == target->line) ctx->err->end_col = target->end_col;
  }
  Node *n = node_at(ctx, S_AUGASSIGN, target);
  n->op = op->aux;
  n->a = target;
  n->b = value;
  return n;
}

Node *parse_del(ParseCtx *ctx, const Token *k, Node *targets) {
  Node *n = tnode(ctx, S_DEL, k);
  if (targets->kind == E_TUPLE && !targets->parenthesized)
    n->list = targets->list;
  else
    n->list = parse_list1(ctx, targets);
  if (n->list)
    for (int i = 0; i < n->list->len; i++) check_target(ctx, n->list->items[i], true);
  return n;
}

Node *parse_stmt(ParseCtx *ctx, NodeKind kind, const Token *k) { return tnode(ctx, kind, k); }

Node *parse_stmt_a(ParseCtx *ctx, NodeKind kind, const Token *k, Node *a) {
  Node *n = tnode(ctx, kind, k);
  n->a = a;
  return n;
}

Node *parse_raise_from(ParseCtx *ctx, const Token *k, Node *e, Node *cause) {
  Node *n = parse_stmt_a(ctx, S_RAISE, k, e);
  n->b = cause;
  return n;
}

Node *parse_stmt_list(ParseCtx *ctx, NodeKind kind, const Token *k, NodeList *l) {
  Node *n = tnode(ctx, kind, k);
  n->list = l;
  return n;
}

Node *parse_assert(ParseCtx *ctx, const Token *k, Node *test, Node *msg) {
  Node *n = parse_stmt_a(ctx, S_ASSERT, k, test);
  n->b = msg;
  return n;
}

Node *parse_from_import(ParseCtx *ctx, const Token *k, const Token *module, NodeList *names) {
  Node *n = parse_stmt_list(ctx, S_FROMIMPORT, k, names);
  n->str = tstr(ctx, module);
  return n;
}

Node *parse_alias(ParseCtx *ctx, const Token *name, const Token *as) {
  Node *n = tnode(ctx, N_ALIAS, name);
  n->str = tstr(ctx, name);
  n->str2 = as ? tstr(ctx, as) : NULL;
  return n;
}

Node *parse_while(ParseCtx *ctx, const Token *k, Node *test, NodeList *body, NodeList *orelse) {
  Node *n = parse_stmt_a(ctx, S_WHILE, k, test);
  n->list = body;
  n->list2 = orelse;
  end_at_body(n, body);
  end_at_body(n, orelse);
  return n;
}

Node *parse_for(ParseCtx *ctx, const Token *k, Node *target, Node *iter, NodeList *body,
                NodeList *orelse) {
  check_target(ctx, target, false);
  Node *n = parse_stmt_a(ctx, S_FOR, k, target);
  n->b = iter;
  n->list = body;
  n->list2 = orelse;
  end_at_body(n, body);
  end_at_body(n, orelse);
  return n;
}

Node *parse_try(ParseCtx *ctx, const Token *k, NodeList *body, NodeList *handlers, NodeList *orelse,
                NodeList *final) {
  Node *n = tnode(ctx, S_TRY, k);
  n->list = body;
  n->list2 = handlers;
  n->list3 = orelse;
  n->list4 = final;
  end_at_body(n, body);
  if (handlers && handlers->len) end_at(n, handlers->items[handlers->len - 1]);
  end_at_body(n, orelse);
  end_at_body(n, final);
  if (handlers)
    for (int i = 0; i + 1 < handlers->len; i++)
      if (!handlers->items[i]->a)
        parse_fail(ctx, "SyntaxError", handlers->items[i]->line, handlers->items[i]->col,
                   "default 'except:' must be last");
  return n;
}

Node *parse_handler(ParseCtx *ctx, const Token *k, Node *type, const Token *name, NodeList *body) {
  Node *n = parse_stmt_a(ctx, N_HANDLER, k, type);
  n->str = name ? tstr(ctx, name) : NULL;
  n->list = body;
  end_at_body(n, body);
  return n;
}

Node *parse_param(ParseCtx *ctx, const Token *name, Node *def, int kind) {
  Node *n = tnode(ctx, N_PARAM, name);
  n->str = kind == '/' ? "*" : kind == 'P' ? "/" : tstr(ctx, name);
  n->a = def;
  n->op = kind;
  return n;
}

/* Checks the order of parameters (positional-only and a /, positional,
 * *args or a bare *, keyword-only, **kwargs), marks those after the star
 * keyword-only, drops a bare star and the /, and returns how many come
 * before the / (positional-only). */
static int check_params(ParseCtx *ctx, NodeList *params, bool lambda) {
  if (!params) return 0;
  bool seen_default = false, seen_star = false, seen_kwargs = false;
  int out = 0, nposonly = 0;
  for (int i = 0; i < params->len; i++) {
    Node *p = params->items[i];
    if (seen_kwargs)
      parse_fail(ctx, "SyntaxError", p->line, p->col,
                 "arguments cannot follow var-keyword argument");
    if (p->op == 'P') {
      if (nposonly)
        parse_fail(ctx, "SyntaxError", p->line, p->col, "/ may appear only once");
      else if (seen_star)
        parse_fail(ctx, "SyntaxError", p->line, p->col, "/ must be ahead of *");
      else if (out == 0) /* CPython's grammar words this for a def only */
        parse_fail(ctx, "SyntaxError", p->line, p->col,
                   lambda ? "invalid syntax" : "at least one argument must precede /");
      nposonly = out;
      continue;
    }
    if (p->op != '/')
      for (int j = 0; j < out; j++)
        if (strcmp(params->items[j]->str, p->str) == 0)
          parse_fail(ctx, "SyntaxError", p->line, p->col,
                     "duplicate argument '%s' in function definition", p->str);
    if (p->op == '*' || p->op == '/') {
      if (seen_star)
        parse_fail(ctx, "SyntaxError", p->line, p->col, "* argument may appear only once");
      seen_star = true;
      if (p->op == '/') {
        if (i + 1 >= params->len || params->items[i + 1]->op == 'K')
          parse_fail(ctx, "SyntaxError", p->line, p->col, "named arguments must follow bare *");
        continue;
      }
    } else if (p->op == 'K') {
      seen_kwargs = true;
    } else if (seen_star) {
      p->op = 'k';
    } else if (p->a) {
      seen_default = true;
    } else if (seen_default) {
      parse_fail(ctx, "SyntaxError", p->line, p->col,
                 "non-default argument follows default argument");
    }
    params->items[out++] = p;
  }
  params->len = out;
  return nposonly;
}

Node *parse_def(ParseCtx *ctx, const Token *k, const Token *name, NodeList *params,
                NodeList *body) {
  int nposonly = check_params(ctx, params, false);
  Node *n = tnode(ctx, S_DEF, k);
  n->ival = nposonly;
  n->str = tstr(ctx, name);
  n->list = params;
  n->list2 = body;
  end_at_body(n, body);
  return n;
}

Node *parse_class(ParseCtx *ctx, const Token *k, const Token *name, NodeList *bases,
                  NodeList *body) {
  Node *n = tnode(ctx, S_CLASS, k);
  n->str = tstr(ctx, name);
  n->list = body;
  end_at_body(n, body);
  if (bases && bases->len > 1)
    parse_fail(ctx, "NotImplementedError", k->line, k->col,
               "multiple inheritance is not supported by lst");
  else if (bases && bases->len == 1) {
    Node *b = bases->items[0];
    if (b->kind == E_KEYWORD || b->kind == E_STARRED)
      parse_fail(ctx, "NotImplementedError", b->line, b->col,
                 "class keywords are not supported by lst");
    n->a = b;
  }
  return n;
}

Node *parse_decorated(ParseCtx *ctx, NodeList *decorators, Node *def) {
  (void)ctx;
  def->list3 = decorators;
  return def;
}

Node *parse_yield(ParseCtx *ctx, const Token *k, Node *value, bool from) {
  Node *n = tnode(ctx, E_YIELD, k);
  n->a = value;
  n->op = from;
  if (value) end_at(n, value);
  return n;
}

Node *parse_with(ParseCtx *ctx, const Token *k, NodeList *items, NodeList *body) {
  Node *n = tnode(ctx, S_WITH, k);
  n->list = items;
  n->list2 = body;
  end_at_body(n, body);
  return n;
}

Node *parse_with_item(ParseCtx *ctx, Node *manager, Node *target) {
  Node *n = node_at(ctx, N_WITHITEM, manager);
  n->a = manager;
  n->b = target;
  if (target) check_target(ctx, target, false);
  return n;
}

Node *parse_if(ParseCtx *ctx, const Token *k, Node *test, NodeList *body, NodeList *orelse) {
  Node *n = parse_stmt_a(ctx, S_IF, k, test);
  n->list = body;
  n->list2 = orelse;
  end_at_body(n, body);
  end_at_body(n, orelse);
  return n;
}

/* ----------------------------------------------------------- expressions */

Node *parse_tuple(ParseCtx *ctx, NodeList *items) {
  Node *n = node(ctx, E_TUPLE, 0, 0);
  if (items->len) {
    start_at(n, items->items[0]);
    end_at(n, items->items[items->len - 1]);
  }
  n->list = items;
  return n;
}

Node *parse_ifexp(ParseCtx *ctx, Node *cond, Node *then, Node *orelse) {
  Node *n = node_at(ctx, E_IFEXP, then);
  n->a = cond;
  n->b = then;
  n->c = orelse;
  end_at(n, orelse);
  return n;
}

Node *parse_lambda(ParseCtx *ctx, const Token *k, NodeList *params, Node *body) {
  int nposonly = check_params(ctx, params, true);
  Node *n = tnode(ctx, E_LAMBDA, k);
  n->ival = nposonly;
  n->list = params;
  n->a = body;
  end_at(n, body);
  return n;
}

Node *parse_binary(ParseCtx *ctx, NodeKind kind, int op, Node *a, const Token *optok, Node *b) {
  (void)optok;
  Node *n = node_at(ctx, kind, a);
  n->op = op;
  n->a = a;
  n->b = b;
  end_at(n, b);
  return n;
}

Node *parse_unary(ParseCtx *ctx, int op, const Token *optok, Node *a) {
  Node *n = tnode(ctx, E_UNARY, optok);
  n->op = op;
  n->a = a;
  end_at(n, a);
  return n;
}

Node *parse_compare(ParseCtx *ctx, Node *a, int op, Node *b) {
  Node *n = a;
  if (a->kind != E_COMPARE || a->parenthesized) {
    n = node_at(ctx, E_COMPARE, a);
    n->list = parse_list1(ctx, a);
  }
  /* the operators grow by doubling (the room in ival): a long chain
   * costs memory linear in its length */
  int nops = n->list->len - 1;
  if (nops + 1 > n->ival) {
    int64_t cap = n->ival ? n->ival * 2 : 4;
    uint8_t *ops = ast_arena_alloc(ctx->arena, (size_t)cap);
    if (!ops) {
      parse_fail(ctx, "MemoryError", a->line, a->col, "out of memory while parsing");
      return n;
    }
    if (nops) memcpy(ops, n->ops, (size_t)nops);
    n->ops = ops;
    n->ival = cap;
  }
  n->ops[nops] = (uint8_t)op;
  n->list = parse_append(ctx, n->list, b);
  end_at(n, b);
  return n;
}

Node *parse_attr(ParseCtx *ctx, Node *obj, const Token *name) {
  Node *n = node_at(ctx, E_ATTR, obj);
  n->a = obj;
  n->str = tstr(ctx, name);
  end_at_token(n, name);
  return n;
}

Node *parse_call(ParseCtx *ctx, Node *callee, const Token *open, NodeList *args,
                 const Token *close) {
  Node *n = node_at(ctx, E_CALL, callee);
  n->a = callee;
  n->list = args;
  end_at_token(n, close);
  /* f(x for x in y): the generator's span is the call's parentheses */
  if (args && args->len == 1 && args->items[0]->kind == E_GENEXP && !args->items[0]->parenthesized)
    parse_bracketed(ctx, open, args->items[0], close);
  /* a positional argument may follow neither name=value nor **mapping, a
   * *iterable not **mapping; CPython points at the ) for the first */
  bool seen_kw = false, seen_dstar = false;
  if (args)
    for (int i = 0; i < args->len; i++) {
      Node *x = args->items[i];
      if (x->kind == E_KEYWORD)
        seen_kw = true;
      else if (x->kind == E_DSTARRED)
        seen_dstar = true;
      else if (x->kind == E_STARRED && seen_dstar)
        parse_fail(ctx, "SyntaxError", x->line, x->col,
                   "iterable argument unpacking follows keyword argument unpacking");
      else if (x->kind != E_STARRED && (seen_kw || seen_dstar))
        parse_fail(ctx, "SyntaxError", close->line, close->col,
                   seen_dstar ? "positional argument follows keyword argument unpacking"
                              : "positional argument follows keyword argument");
      if (x->kind == E_GENEXP && !x->parenthesized && args->len > 1 && !ctx->failed) {
        parse_fail(ctx, "SyntaxError", x->line, x->col,
                   "Generator expression must be parenthesized");
        if (x->end_line == x->line) ctx->err->end_col = x->end_col;
      }
    }
  return n;
}

Node *parse_subscript(ParseCtx *ctx, Node *obj, Node *index, const Token *close) {
  Node *n = node_at(ctx, E_SUBSCRIPT, obj);
  n->a = obj;
  n->b = index;
  end_at_token(n, close);
  return n;
}

Node *parse_keyword(ParseCtx *ctx, Node *name, Node *value) {
  if (name->kind != E_NAME || name->parenthesized) {
    parse_fail(ctx, "SyntaxError", name->line, name->col,
               "expression cannot contain assignment, perhaps you meant \"==\"?");
    return name;
  }
  Node *n = node_at(ctx, E_KEYWORD, name);
  n->str = name->str;
  check_not_named(ctx, value);
  n->a = value;
  end_at(n, value);
  return n;
}

Node *parse_starred(ParseCtx *ctx, const Token *star, Node *value) {
  Node *n = tnode(ctx, E_STARRED, star);
  n->a = value;
  end_at(n, value);
  return n;
}

Node *parse_dstarred(ParseCtx *ctx, const Token *star, Node *value) {
  Node *n = tnode(ctx, E_DSTARRED, star);
  n->a = value;
  end_at(n, value);
  return n;
}

Node *parse_unsupported(ParseCtx *ctx, const Token *at, const char *what) {
  parse_fail(ctx, "NotImplementedError", at->line, at->col, "%s not supported by lst", what);
  return tnode(ctx, E_CONST, at);
}

Node *parse_comp(ParseCtx *ctx, NodeKind kind, Node *elt, Node *value, NodeList *gens) {
  Node *n = node_at(ctx, kind, elt);
  n->a = elt;
  n->b = value;
  n->list = gens;
  if (gens && gens->len) end_at(n, gens->items[gens->len - 1]);
  return n;
}

Node *parse_compfor(ParseCtx *ctx, const Token *k, Node *target, Node *iter) {
  check_target(ctx, target, false);
  Node *n = tnode(ctx, N_COMPFOR, k);
  n->a = target;
  n->b = iter;
  end_at(n, iter);
  return n;
}

NodeList *parse_compif(ParseCtx *ctx, NodeList *gens, Node *cond) {
  Node *last = gens->items[gens->len - 1];
  last->list = parse_append(ctx, last->list, cond);
  end_at(last, cond);
  return gens;
}

Node *parse_slice(ParseCtx *ctx, const Token *colon, Node *lo, Node *hi, Node *step) {
  Node *n = tnode(ctx, E_SLICE, colon);
  n->a = lo;
  n->b = hi;
  n->c = step;
  if (lo) start_at(n, lo);
  if (hi) end_at(n, hi);
  if (step) end_at(n, step);
  return n;
}

Node *parse_namedexpr(ParseCtx *ctx, const Token *name, const Token *walrus, Node *value) {
  Node *n = tnode(ctx, E_NAMEDEXPR, name);
  n->a = parse_name(ctx, name);
  n->b = value;
  end_at(n, value);
  n->op = walrus->line;
  n->ival = walrus->col;
  return n;
}

Node *parse_name(ParseCtx *ctx, const Token *t) {
  Node *n = tnode(ctx, E_NAME, t);
  n->str = tstr(ctx, t);
  return n;
}

Node *parse_int(ParseCtx *ctx, const Token *t) {
  Node *n = tnode(ctx, E_INT, t);
  const char *s = t->start;
  int base = 10, i = 0;
  if (t->len > 1 && s[0] == '0') {
    char c = s[1];
    if (c == 'x' || c == 'X') {
      base = 16;
      i = 2;
    } else if (c == 'o' || c == 'O') {
      base = 8;
      i = 2;
    } else if (c == 'b' || c == 'B') {
      base = 2;
      i = 2;
    }
  }
  uint64_t v = 0;
  bool overflow = false;
  for (; i < t->len; i++) {
    char c = s[i];
    if (c == '_') continue;
    int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) overflow = true;
    v = v * (uint64_t)base + (uint64_t)d;
  }
  /* One past INT64_MAX is allowed so that -9223372036854775808 can be negated. */
  if (overflow || v > (uint64_t)INT64_MAX + 1)
    parse_fail(ctx, "NotImplementedError", t->line, t->col,
               "integer literals past 64 bits are not supported by lst");
  n->ival = (int64_t)v;
  if (v == (uint64_t)INT64_MAX + 1) n->op = 'M'; /* valid only under unary minus */
  return n;
}

Node *parse_float(ParseCtx *ctx, const Token *t) {
  Node *n = tnode(ctx, E_FLOAT, t);
  char tmp[128];
  int j = 0;
  for (int i = 0; i < t->len && j < (int)sizeof tmp - 1; i++)
    if (t->start[i] != '_') tmp[j++] = t->start[i];
  tmp[j] = '\0';
  n->fval = strtod(tmp, NULL);
  return n;
}

Node *parse_const(ParseCtx *ctx, const Token *t, int which) {
  Node *n = tnode(ctx, E_CONST, t);
  n->op = which;
  return n;
}

Node *parse_display(ParseCtx *ctx, NodeKind kind, const Token *open, NodeList *items,
                    const Token *close) {
  Node *n = tnode(ctx, kind, open);
  n->list = items;
  end_at_token(n, close);
  return n;
}

Node *parse_bracketed(ParseCtx *ctx, const Token *open, Node *e, const Token *close) {
  (void)ctx;
  e->line = open->line;
  e->col = open->col;
  end_at_token(e, close);
  return e;
}

Node *parse_paren(ParseCtx *ctx, const Token *open, Node *e, const Token *close) {
  if (!e->parenthesized && ((e->kind == E_TUPLE && e->list && e->list->len) || e->kind == E_GENEXP))
    parse_bracketed(ctx, open, e, close);
  e->parenthesized = true;
  e->pline = open->line;
  e->pcol = open->col;
  e->pend_line = close->end_line;
  e->pend_col = close->end_col;
  return e;
}

Node *parse_small_end(ParseCtx *ctx, Node *st) {
  end_at_token(st, &ctx->prev);
  return st;
}

Node *parse_pair(ParseCtx *ctx, Node *k, Node *v) {
  Node *n = node(ctx, E_PAIR, k->line, k->col);
  n->a = k;
  n->b = v;
  return n;
}

/* ---------------------------------------------------------------- strings */

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes the escapes of s[0..n) into b (raw: kept as written).  Returns
 * false with ctx failed on a malformed escape. */
static bool decode_escapes(ParseCtx *ctx, const Token *t, const char *s, size_t n, bool raw,
                           Buf *b) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c != '\\' || raw) {
      if (raw && c == '\\' && i + 1 < n) {
        buf_addc(b, c);
        buf_addc(b, s[++i]);
        continue;
      }
      buf_addc(b, c);
      continue;
    }
    if (++i >= n) {
      buf_addc(b, '\\');
      break;
    }
    c = s[i];
    switch (c) {
    case '\n': break;
    case '\\': buf_addc(b, '\\'); break;
    case '\'': buf_addc(b, '\''); break;
    case '"': buf_addc(b, '"'); break;
    case 'a': buf_addc(b, '\a'); break;
    case 'b': buf_addc(b, '\b'); break;
    case 'f': buf_addc(b, '\f'); break;
    case 'n': buf_addc(b, '\n'); break;
    case 'r': buf_addc(b, '\r'); break;
    case 't': buf_addc(b, '\t'); break;
    case 'v': buf_addc(b, '\v'); break;
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      unsigned v = 0;
      int k = 0;
      while (k < 3 && i < n && s[i] >= '0' && s[i] <= '7') {
        v = v * 8 + (unsigned)(s[i] - '0');
        i++;
        k++;
      }
      i--;
      buf_add_utf8(b, v);
      break;
    }
    case 'x':
    case 'u':
    case 'U': {
      int digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
      uint32_t v = 0;
      for (int k = 0; k < digits; k++) {
        int h = i + 1 + (size_t)k < n ? hexval(s[i + 1 + k]) : -1;
        if (h < 0) {
          parse_fail(
              ctx, "SyntaxError", t->line, t->col,
              "(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\%cXX escape",
              c);
          return false;
        }
        v = v * 16 + (uint32_t)h;
      }
      if (v > 0x10FFFF) {
        parse_fail(ctx, "SyntaxError", t->line, t->col,
                   "(unicode error) illegal Unicode character");
        return false;
      }
      i += (size_t)digits;
      buf_add_utf8(b, v);
      break;
    }
    case 'N':
      parse_fail(ctx, "NotImplementedError", t->line, t->col,
                 "'\\N{...}' escapes are not supported by lst");
      return false;
    default:
      buf_addc(b, '\\');
      buf_addc(b, c);
      break;
    }
  }
  return true;
}

static Node *str_node(ParseCtx *ctx, const Token *t, const char *s, size_t n) {
  Node *e = tnode(ctx, E_STR, t);
  e->str = ast_arena_strndup(ctx->arena, s, n);
  if (!e->str) {
    parse_fail(ctx, "MemoryError", t->line, t->col, "out of memory while parsing");
    e->str = "";
    n = 0;
  }
  e->slen = n;
  return e;
}

static Node *parse_fstring_body(ParseCtx *ctx, const Token *t, const char *s, size_t n, bool raw,
                                int depth);

/* Moves the nodes of an f-string field, parsed on their own from line 1,
 * to the source: line 1 is the source's `line`, where the field's text
 * starts `shift` columns further right than its parser saw it; a later
 * line keeps its columns.  shift < 0: the nodes get no columns (they end
 * before they start). */
static void place_at(int *l, int *c, int line, int shift) {
  if (*c >= 0 && *l == 1 && shift >= 0) *c += shift;
  *l += line - 1;
}

static void place_field(Node *n, int line, int shift) {
  if (!n) return;
  place_at(&n->line, &n->col, line, shift);
  place_at(&n->end_line, &n->end_col, line, shift);
  place_at(&n->pline, &n->pcol, line, shift);
  place_at(&n->pend_line, &n->pend_col, line, shift);
  if (shift < 0) n->end_line = 0;
  place_field(n->a, line, shift);
  place_field(n->b, line, shift);
  place_field(n->c, line, shift);
  NodeList *lists[] = {n->list, n->list2, n->list3, n->list4};
  for (int k = 0; k < 4; k++)
    if (lists[k])
      for (int i = 0; i < lists[k]->len; i++) place_field(lists[k]->items[i], line, shift);
}

/* Parses the expression text of an f-string field with a parser of its own. */
static Node *parse_field_expr(ParseCtx *ctx, const Token *t, const char *s, size_t n) {
  char *text = ast_arena_alloc(ctx->arena, n + 4);
  if (!text) {
    parse_fail(ctx, "MemoryError", t->line, t->col, "out of memory while parsing");
    return &ctx->scratch;
  }
  text[0] = '(';
  memcpy(text + 1, s, n);
  text[n + 1] = ')';
  text[n + 2] = '\n';
  text[n + 3] = '\0';
  size_t k = 0;
  while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n')) k++;
  if (k == n) {
    parse_fail(ctx, "SyntaxError", t->line, t->col, "f-string: empty expression not allowed");
    return &ctx->scratch;
  }
  NodeList *body = NULL;
  ParseError sub;
  memset(&sub, 0, sizeof sub);
  if (!parse_module(ctx->arena, text, n + 3, &body, &sub)) {
    parse_fail(ctx, sub.kind, t->line, t->col, "f-string: %s", sub.msg);
    return &ctx->scratch;
  }
  if (!body || body->len != 1 || body->items[0]->kind != S_EXPR) {
    parse_fail(ctx, "SyntaxError", t->line, t->col, "f-string: invalid syntax");
    return &ctx->scratch;
  }
  Node *e = body->items[0]->a;
  /* The field's nodes are placed in the source: from the line its text
   * starts on, shifted to where it is there (its parser saw it after a
   * "(") */
  int line = t->line, col = -1;
  if (s >= t->start && s + n <= t->start + t->len) {
    const char *line_start = NULL;
    for (const char *p = t->start; p < s; p++)
      if (*p == '\n') {
        line++;
        line_start = p + 1;
      }
    col = line_start ? (int)(s - line_start) : t->col + (int)(s - t->start);
  }
  place_field(e, line, col < 0 ? -1 : col - 1);
  return e;
}

static Node *parse_fstring_body(ParseCtx *ctx, const Token *t, const char *s, size_t n, bool raw,
                                int depth) {
  Node *f = tnode(ctx, E_FSTRING, t);
  Buf lit;
  buf_init(&lit);
  size_t i = 0;
  while (i < n && !ctx->failed) {
    char c = s[i];
    if (c == '{' && i + 1 < n && s[i + 1] == '{') {
      buf_addc(&lit, '{');
      i += 2;
      continue;
    }
    if (c == '}' && i + 1 < n && s[i + 1] == '}') {
      buf_addc(&lit, '}');
      i += 2;
      continue;
    }
    if (c == '}') {
      parse_fail(ctx, "SyntaxError", t->line, t->col, "f-string: single '}' is not allowed");
      break;
    }
    if (c != '{') {
      /* a run of literal text up to the next brace, escapes decoded */
      size_t j = i;
      while (j < n && s[j] != '{' && s[j] != '}') j++;
      if (!decode_escapes(ctx, t, s + i, j - i, raw, &lit)) break;
      i = j;
      continue;
    }
    if (depth > 1) {
      parse_fail(ctx, "SyntaxError", t->line, t->col, "f-string: expressions nested too deeply");
      break;
    }
    if (lit.len) f->list = parse_append(ctx, f->list, str_node(ctx, t, lit.data, lit.len));
    lit.len = 0;
    /* find the end of the expression: a top-level '!', ':' or '}' (or an
     * '=' before one of them: the self-documenting form, f"{x=}") */
    size_t j = ++i;
    int nest = 0;
    char quote = 0, opened[200];
    size_t self_doc_end = 0;
    while (j < n) {
      char d = s[j];
      if (d == '\\') {
        parse_fail(ctx, "SyntaxError", t->line, t->col,
                   "f-string expression part cannot include a backslash");
        break;
      }
      if (quote) {
        if (d == quote) quote = 0;
        j++;
        continue;
      }
      if (d == '\'' || d == '"') {
        quote = d;
        j++;
        continue;
      }
      if (d == '(' || d == '[' || d == '{') {
        if (nest >= 200) {
          parse_fail(ctx, "SyntaxError", t->line, t->col, "f-string: too many nested parenthesis");
          break;
        }
        opened[nest++] = d;
      } else if (d == ')' || d == ']' || (d == '}' && nest > 0)) {
        /* CPython's f-string messages for brackets that do not pair */
        if (nest == 0) {
          parse_fail(ctx, "SyntaxError", t->line, t->col, "f-string: unmatched '%c'", d);
          break;
        }
        char want = opened[nest - 1] == '(' ? ')' : opened[nest - 1] == '[' ? ']' : '}';
        if (d != want) {
          parse_fail(ctx, "SyntaxError", t->line, t->col,
                     "f-string: closing parenthesis '%c' does not match opening parenthesis '%c'",
                     d, opened[nest - 1]);
          break;
        }
        nest--;
      } else if (nest == 0 && (d == '}' || d == ':' || (d == '!' && j + 1 < n && s[j + 1] != '=')))
        break;
      else if (nest == 0 && d == '=' && j > i && s[j - 1] != '=' && s[j - 1] != '!' &&
               s[j - 1] != '<' && s[j - 1] != '>' && j + 1 < n && s[j + 1] != '=') {
        size_t k = j + 1;
        while (k < n && (s[k] == ' ' || s[k] == '\t')) k++;
        if (k < n && (s[k] == '}' || s[k] == '!' || s[k] == ':')) {
          self_doc_end = k;
          break;
        }
      }
      j++;
    }
    if (ctx->failed) break;
    if (j >= n) {
      if (quote)
        parse_fail(ctx, "SyntaxError", t->line, t->col, "f-string: unterminated string");
      else if (nest)
        parse_fail(ctx, "SyntaxError", t->line, t->col, "f-string: unmatched '%c'",
                   opened[nest - 1]);
      else
        parse_fail(ctx, "SyntaxError", t->line, t->col, "f-string: expecting '}'");
      break;
    }
    Node *field = tnode(ctx, E_FORMAT, t);
    field->a = parse_field_expr(ctx, t, s + i, j - i);
    if (self_doc_end) {
      /* f"{x = }" shows the text "x = " and then repr(x), unless a
       * conversion or a format spec says otherwise */
      f->list = parse_append(ctx, f->list, str_node(ctx, t, s + i, self_doc_end - i));
      j = self_doc_end;
      if (s[j] == '}') field->op = 'r';
    }
    if (s[j] == '!') {
      if (j + 1 >= n || (s[j + 1] != 'r' && s[j + 1] != 's' && s[j + 1] != 'a')) {
        parse_fail(ctx, "SyntaxError", t->line, t->col,
                   "f-string: invalid conversion character: expected 's', 'r', or 'a'");
        break;
      }
      field->op = s[j + 1];
      j += 2;
    }
    if (j < n && s[j] == ':') {
      size_t k = ++j;
      int inner = 0;
      while (k < n && (s[k] != '}' || inner > 0)) {
        if (s[k] == '{')
          inner++;
        else if (s[k] == '}')
          inner--;
        k++;
      }
      if (k >= n) {
        parse_fail(ctx, "SyntaxError", t->line, t->col, "f-string: expecting '}'");
        break;
      }
      field->b = parse_fstring_body(ctx, t, s + j, k - j, raw, depth + 1);
      j = k;
    }
    if (j >= n || s[j] != '}') {
      parse_fail(ctx, "SyntaxError", t->line, t->col, "f-string: expecting '}'");
      break;
    }
    i = j + 1;
    f->list = parse_append(ctx, f->list, field);
  }
  if (lit.failed) parse_fail(ctx, "MemoryError", t->line, t->col, "out of memory while parsing");
  if (lit.len && !ctx->failed)
    f->list = parse_append(ctx, f->list, str_node(ctx, t, lit.data, lit.len));
  buf_free(&lit);
  return f;
}

/* One literal token: a plain string (E_STR) or an f-string (E_FSTRING). */
static Node *string_token(ParseCtx *ctx, const Token *t) {
  const char *s = t->start;
  bool raw = false, fmt = false;
  int p = 0;
  while (s[p] != '\'' && s[p] != '"') {
    char c = (char)(s[p] | 0x20);
    if (c == 'r') raw = true;
    if (c == 'f') fmt = true;
    if (c == 'b') {
      parse_fail(ctx, "NotImplementedError", t->line, t->col,
                 "bytes literals are not supported by lst");
      return str_node(ctx, t, "", 0);
    }
    p++;
  }
  int q = (t->len - p >= 6 && s[p + 1] == s[p] && s[p + 2] == s[p]) ? 3 : 1;
  const char *body = s + p + q;
  size_t n = (size_t)(t->len - p - 2 * q);
  if (fmt) return parse_fstring_body(ctx, t, body, n, raw, 0);
  Buf b;
  buf_init(&b);
  decode_escapes(ctx, t, body, n, raw, &b);
  if (b.failed) parse_fail(ctx, "MemoryError", t->line, t->col, "out of memory while parsing");
  Node *e = str_node(ctx, t, b.data ? b.data : "", b.len);
  buf_free(&b);
  return e;
}

/* Adjacent literals concatenate; any f-string among them makes the whole an
 * f-string whose pieces are the parts in order. */
Node *parse_string(ParseCtx *ctx, Node *prev, const Token *t) {
  Node *cur = string_token(ctx, t);
  if (!prev) return cur;
  if (prev->kind == E_STR && cur->kind == E_STR) {
    /* the joined text grows by doubling (its room kept in ival), so that
     * many adjacent literals cost time and memory linear in their length */
    size_t need = prev->slen + cur->slen + 1;
    if (need > (size_t)prev->ival) {
      size_t cap = (size_t)prev->ival * 2 > need ? (size_t)prev->ival * 2 : need;
      char *s = ast_arena_alloc(ctx->arena, cap);
      if (!s) {
        parse_fail(ctx, "MemoryError", t->line, t->col, "out of memory while parsing");
        return prev;
      }
      memcpy(s, prev->str, prev->slen);
      prev->str = s;
      prev->ival = (int64_t)cap;
    }
    char *s = (char *)prev->str;
    memcpy(s + prev->slen, cur->str, cur->slen);
    prev->slen += cur->slen;
    s[prev->slen] = '\0';
    end_at_token(prev, t);
    return prev;
  }
  Node *f = prev;
  if (prev->kind == E_STR) {
    f = node(ctx, E_FSTRING, prev->line, prev->col);
    f->list = parse_list1(ctx, prev);
  }
  if (cur->kind == E_STR)
    f->list = parse_append(ctx, f->list, cur);
  else
    f->list = parse_concat(ctx, f->list, cur->list);
  end_at_token(f, t);
  return f;
}

/* ----------------------------------------------------------------- driver */

static bool compound(const Node *st) {
  switch ((NodeKind)st->kind) {
  case S_IF:
  case S_WHILE:
  case S_FOR:
  case S_TRY:
  case S_DEF:
  case S_CLASS: return true;
  default: return false;
  }
}

/* The driver: a whole module, or (interactive) one input at the prompt. */
static bool parse(Arena *arena, const char *src, size_t len, NodeList **body, ParseError *err,
                  bool interactive) {
  ParseCtx ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.arena = arena;
  ctx.err = err;
  *body = NULL;
  Lexer lx;
  lexer_init(&lx, src, len);
  ctx.lexer = &lx;
  void *parser = lstParseAlloc(malloc, &ctx);
  if (!parser) {
    parse_fail(&ctx, "MemoryError", 0, 0, "out of memory while parsing");
    return false;
  }
  Token t;
  for (;;) {
    int type = lexer_next(&lx, &t);
    if (type < 0) {
      parse_fail(&ctx, lx.error_kind, lx.error_line, lx.error_col, "%s", lx.error);
      err->at_eof = lx.error_at_eof;
      break;
    }
    lstParse(parser, type, t);
    if (ctx.failed || type == 0) break;
    /* the first token of a logical line (after its INDENT or DEDENTs),
     * taken after the parser has seen it, so that an error in the next
     * line's first token still knows the header before */
    if ((ctx.prev.type == 0 || ctx.prev.type == TK_NEWLINE || ctx.prev.type == TK_INDENT ||
         ctx.prev.type == TK_DEDENT) &&
        type != TK_INDENT && type != TK_DEDENT)
      ctx.head = t;
    ctx.prev2 = ctx.prev;
    ctx.prev = t;
  }
  lstParseFree(parser, free);
  /* As CPython: in a file, a generic "invalid syntax" gives way to an error
   * the lexer finds further on (a bracket never closed, a bad dedent ...).
   * At the prompt nothing after the error is read. */
  if (ctx.failed && !interactive && strncmp(err->msg, "invalid syntax", 14) == 0) {
    int type;
    while ((type = lexer_next(&lx, &t)) > 0) {}
    if (type < 0) {
      err->at_eof = lx.error_at_eof;
      err->kind = lx.error_kind;
      snprintf(err->msg, sizeof err->msg, "%s", lx.error);
      err->line = lx.error_line;
      err->col = lx.error_col;
    }
  }
  if (ctx.failed) return false;
  /* CPython's single_input: one statement (simple ones on a line count as
   * one); a second statement on a later line is invalid syntax */
  NodeList *b = ctx.body;
  if (interactive && b && b->len > 1) {
    for (int i = 1; i < b->len; i++)
      if (b->items[i]->line != b->items[0]->line || compound(b->items[0])) {
        Node *second = b->items[i];
        parse_fail(&ctx, "SyntaxError", second->line, second->col, "invalid syntax");
        return false;
      }
  }
  *body = ctx.body;
  return true;
}

bool parse_module(Arena *arena, const char *src, size_t len, NodeList **body, ParseError *err) {
  return parse(arena, src, len, body, err, false);
}

bool parse_input(Arena *arena, const char *src, size_t len, NodeList **body, ParseError *err) {
  return parse(arena, src, len, body, err, true);
}
