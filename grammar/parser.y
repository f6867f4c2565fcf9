/* parser.y: the lemon grammar of lst, a subset of Python 3.11.
 *
 * The rules follow the layering of Python's own grammar (test, or_test,
 * and_test, not_test, comparison, expr ... atom) instead of precedence
 * declarations, so each level reads like the language reference.  Actions
 * are one-line calls to the builders in src/parse_build.h; the nodes live in
 * an arena, so nothing needs a destructor on error recovery.
 */

%include {
#include <assert.h>
#include "front/parse_build.h"
}

%name lstParse
%token_prefix TK_
%token_type {Token}
%extra_context {ParseCtx *ctx}
%stack_size 4000
%syntax_error { parse_syntax_error(ctx, &yyminor, yymajor); }
%stack_overflow { parse_overflow(ctx); }

/* Tokens only the lexer produces or the grammar refuses. */
%token UNSUPPORTED ARROW.

%type stmts {NodeList *}
%type stmts1 {NodeList *}
%type stmt {NodeList *}
%type simple_stmts {NodeList *}
%type small_list {NodeList *}
%type suite {NodeList *}
%type elif_tail {NodeList *}
%type else_opt {NodeList *}
%type finally_opt {NodeList *}
%type handlers {NodeList *}
%type decorators {NodeList *}
%type with_items {NodeList *}
%type with_item {Node *}
%type funcdef {Node *}
%type yield_expr {Node *}
%type namelist {NodeList *}
%type import_list {NodeList *}
%type params {NodeList *}
%type param_list {NodeList *}
%type lparams {NodeList *}
%type lparam_list {NodeList *}
%type args {NodeList *}
%type arglist {NodeList *}
%type tl {NodeList *}
%type xl {NodeList *}
%type items {NodeList *}
%type dictitems {NodeList *}
%type comp {NodeList *}
%type strings {Node *}
%type small {Node *}
%type assign {Node *}
%type compound {Node *}
%type if_stmt {Node *}
%type handler {Node *}
%type param {Node *}
%type lparam {Node *}
%type import_as {Node *}
%type argument {Node *}
%type testlist {Node *}
%type exprlist {Node *}
%type star {Node *}
%type test {Node *}
%type opt_test {Node *}
%type lambdef {Node *}
%type or_test {Node *}
%type and_test {Node *}
%type not_test {Node *}
%type comparison {Node *}
%type expr {Node *}
%type xor_expr {Node *}
%type and_expr {Node *}
%type shift_expr {Node *}
%type arith {Node *}
%type term {Node *}
%type factor {Node *}
%type power {Node *}
%type primary {Node *}
%type atom {Node *}
%type subscript {Node *}
%type dictpair {Node *}
%type compop {int}
%type ann {int}

/* ================================================================ files */

program ::= stmts(L).                            { ctx->body = L; }

stmts(A) ::= .                                   { A = NULL; }
stmts(A) ::= stmts(L) stmt(S).                   { A = parse_concat(ctx, L, S); }
stmts1(A) ::= stmt(A).
stmts1(A) ::= stmts1(L) stmt(S).                 { A = parse_concat(ctx, L, S); }

stmt(A) ::= simple_stmts(A).
stmt(A) ::= compound(S).                         { A = parse_list1(ctx, S); }

simple_stmts(A) ::= small_list(A) NEWLINE.
simple_stmts(A) ::= small_list(A) SEMI NEWLINE.
small_list(A) ::= small(S).                      { A = parse_list1(ctx, parse_small_end(ctx, S)); }
small_list(A) ::= small_list(L) SEMI small(S).   { A = parse_append(ctx, L, parse_small_end(ctx, S)); }

suite(A) ::= simple_stmts(A).
suite(A) ::= NEWLINE INDENT stmts1(L) DEDENT.         { A = L; }

/* ======================================================= simple statements */

small(A) ::= testlist(E).                        { A = parse_expr_stmt(ctx, E); }
small(A) ::= assign(A).
small(A) ::= yield_expr(E).                      { A = parse_expr_stmt(ctx, E); }
assign(A) ::= testlist(T) ASSIGN testlist(V).    { A = parse_assign(ctx, T, V); }
assign(A) ::= testlist(T) ASSIGN yield_expr(V).  { A = parse_assign(ctx, T, V); }
assign(A) ::= assign(P) ASSIGN testlist(V).      { A = parse_assign_more(ctx, P, V); }
assign(A) ::= assign(P) ASSIGN yield_expr(V).    { A = parse_assign_more(ctx, P, V); }
small(A) ::= testlist(T) COLON test(N).          { A = parse_annassign(ctx, T, N, NULL); }
small(A) ::= testlist(T) COLON test(N) ASSIGN testlist(V). { A = parse_annassign(ctx, T, N, V); }
small(A) ::= testlist(T) COLON test(N) ASSIGN yield_expr(V). { A = parse_annassign(ctx, T, N, V); }
small(A) ::= testlist(T) AUGASSIGN(O) testlist(V). { A = parse_augassign(ctx, T, &O, V); }
small(A) ::= testlist(T) AUGASSIGN(O) yield_expr(V). { A = parse_augassign(ctx, T, &O, V); }
yield_expr(A) ::= YIELD(K).                      { A = parse_yield(ctx, &K, NULL, false); }
yield_expr(A) ::= YIELD(K) testlist(E).          { A = parse_yield(ctx, &K, E, false); }
yield_expr(A) ::= YIELD(K) FROM test(E).         { A = parse_yield(ctx, &K, E, true); }
small(A) ::= DEL(K) exprlist(T).                 { A = parse_del(ctx, &K, T); }
small(A) ::= DEL(K) star(T).                     { A = parse_del(ctx, &K, T); }
small(A) ::= PASS(K).                            { A = parse_stmt(ctx, S_PASS, &K); }
small(A) ::= BREAK(K).                           { A = parse_stmt(ctx, S_BREAK, &K); }
small(A) ::= CONTINUE(K).                        { A = parse_stmt(ctx, S_CONTINUE, &K); }
small(A) ::= RETURN(K).                          { A = parse_stmt(ctx, S_RETURN, &K); }
small(A) ::= RETURN(K) testlist(E).              { A = parse_stmt_a(ctx, S_RETURN, &K, E); }
small(A) ::= RAISE(K).                           { A = parse_stmt(ctx, S_RAISE, &K); }
small(A) ::= RAISE(K) test(E).                   { A = parse_stmt_a(ctx, S_RAISE, &K, E); }
small(A) ::= RAISE(K) test(E) FROM test(C).      { A = parse_raise_from(ctx, &K, E, C); }
small(A) ::= GLOBAL(K) namelist(L).              { A = parse_stmt_list(ctx, S_GLOBAL, &K, L); }
small(A) ::= NONLOCAL(K) namelist(L).            { A = parse_stmt_list(ctx, S_NONLOCAL, &K, L); }
small(A) ::= ASSERT(K) test(E).                  { A = parse_stmt_a(ctx, S_ASSERT, &K, E); }
small(A) ::= ASSERT(K) test(E) COMMA test(M).    { A = parse_assert(ctx, &K, E, M); }
small(A) ::= IMPORT(K) import_list(L).           { A = parse_stmt_list(ctx, S_IMPORT, &K, L); }
small(A) ::= FROM(K) NAME(M) IMPORT import_list(L). { A = parse_from_import(ctx, &K, &M, L); }
small(A) ::= FROM(K) NAME(M) IMPORT LPAR import_list(L) RPAR. { A = parse_from_import(ctx, &K, &M, L); }
small(A) ::= FROM(K) NAME(M) IMPORT LPAR import_list(L) COMMA RPAR. { A = parse_from_import(ctx, &K, &M, L); }

namelist(A) ::= NAME(N).                         { A = parse_list1(ctx, parse_name(ctx, &N)); }
namelist(A) ::= namelist(L) COMMA NAME(N).       { A = parse_append(ctx, L, parse_name(ctx, &N)); }
import_list(A) ::= import_as(I).                 { A = parse_list1(ctx, I); }
import_list(A) ::= import_list(L) COMMA import_as(I). { A = parse_append(ctx, L, I); }
import_as(A) ::= NAME(N).                        { A = parse_alias(ctx, &N, NULL); }
import_as(A) ::= NAME(N) AS NAME(M).             { A = parse_alias(ctx, &N, &M); }

/* ===================================================== compound statements */

compound(A) ::= if_stmt(A).
compound(A) ::= WHILE(K) test(C) COLON suite(B) else_opt(E). { A = parse_while(ctx, &K, C, B, E); }
compound(A) ::= FOR(K) exprlist(T) IN testlist(I) COLON suite(B) else_opt(E). { A = parse_for(ctx, &K, T, I, B, E); }
compound(A) ::= TRY(K) COLON suite(B) handlers(H) else_opt(E) finally_opt(F). { A = parse_try(ctx, &K, B, H, E, F); }
compound(A) ::= TRY(K) COLON suite(B) FINALLY COLON suite(F). { A = parse_try(ctx, &K, B, NULL, NULL, F); }
compound(A) ::= funcdef(A).
compound(A) ::= decorators(D) funcdef(F).        { A = parse_decorated(ctx, D, F); }
funcdef(A) ::= DEF(K) NAME(N) LPAR params(P) RPAR ann COLON suite(B). { A = parse_def(ctx, &K, &N, P, B); }
funcdef(A) ::= CLASS(K) NAME(N) COLON suite(B).  { A = parse_class(ctx, &K, &N, NULL, B); }
funcdef(A) ::= CLASS(K) NAME(N) LPAR args(L) RPAR COLON suite(B). { A = parse_class(ctx, &K, &N, L, B); }
compound(A) ::= WITH(K) with_items(L) COLON suite(B). { A = parse_with(ctx, &K, L, B); }

/* @decorator lines: any expression, each on its own line */
decorators(A) ::= AT test(E) NEWLINE.            { A = parse_list1(ctx, E); }
decorators(A) ::= decorators(L) AT test(E) NEWLINE. { A = parse_append(ctx, L, E); }

with_items(A) ::= with_item(I).                  { A = parse_list1(ctx, I); }
with_items(A) ::= with_items(L) COMMA with_item(I). { A = parse_append(ctx, L, I); }
with_item(A) ::= test(E).                        { A = parse_with_item(ctx, E, NULL); }
with_item(A) ::= test(E) AS expr(T).             { A = parse_with_item(ctx, E, T); }

if_stmt(A) ::= IF(K) test(C) COLON suite(B) elif_tail(E). { A = parse_if(ctx, &K, C, B, E); }
elif_tail(A) ::= .                                { A = NULL; }
elif_tail(A) ::= ELSE COLON suite(B).                 { A = B; }
elif_tail(A) ::= ELIF(K) test(C) COLON suite(B) elif_tail(E). { A = parse_list1(ctx, parse_if(ctx, &K, C, B, E)); }

else_opt(A) ::= .                                 { A = NULL; }
else_opt(A) ::= ELSE COLON suite(B).                  { A = B; }
finally_opt(A) ::= .                              { A = NULL; }
finally_opt(A) ::= FINALLY COLON suite(B).            { A = B; }

handlers(A) ::= handler(H).                       { A = parse_list1(ctx, H); }
handlers(A) ::= handlers(L) handler(H).           { A = parse_append(ctx, L, H); }
handler(A) ::= EXCEPT(K) COLON suite(B).          { A = parse_handler(ctx, &K, NULL, NULL, B); }
handler(A) ::= EXCEPT(K) test(T) COLON suite(B).  { A = parse_handler(ctx, &K, T, NULL, B); }
handler(A) ::= EXCEPT(K) test(T) AS NAME(N) COLON suite(B). { A = parse_handler(ctx, &K, T, &N, B); }

ann(A) ::= .                                      { A = 0; }
ann(A) ::= ARROW test.                            { A = 0; }

params(A) ::= .                                   { A = NULL; }
params(A) ::= param_list(A).
params(A) ::= param_list(A) COMMA.
param_list(A) ::= param(P).                       { A = parse_list1(ctx, P); }
param_list(A) ::= param_list(L) COMMA param(P).   { A = parse_append(ctx, L, P); }
param(A) ::= NAME(N).                             { A = parse_param(ctx, &N, NULL, 0); }
param(A) ::= NAME(N) COLON test.                  { A = parse_param(ctx, &N, NULL, 0); }
param(A) ::= NAME(N) ASSIGN test(D).              { A = parse_param(ctx, &N, D, 0); }
param(A) ::= NAME(N) COLON test ASSIGN test(D).   { A = parse_param(ctx, &N, D, 0); }
param(A) ::= STAR NAME(N).                        { A = parse_param(ctx, &N, NULL, '*'); }
param(A) ::= STAR NAME(N) COLON test.             { A = parse_param(ctx, &N, NULL, '*'); }
param(A) ::= STAR(S).                             { A = parse_param(ctx, &S, NULL, '/'); }
param(A) ::= SLASH(S).                            { A = parse_param(ctx, &S, NULL, 'P'); }
param(A) ::= DSTAR NAME(N).                       { A = parse_param(ctx, &N, NULL, 'K'); }
param(A) ::= DSTAR NAME(N) COLON test.            { A = parse_param(ctx, &N, NULL, 'K'); }

lparams(A) ::= .                                  { A = NULL; }
lparams(A) ::= lparam_list(A).
lparams(A) ::= lparam_list(A) COMMA.
lparam_list(A) ::= lparam(P).                     { A = parse_list1(ctx, P); }
lparam_list(A) ::= lparam_list(L) COMMA lparam(P). { A = parse_append(ctx, L, P); }
lparam(A) ::= NAME(N).                            { A = parse_param(ctx, &N, NULL, 0); }
lparam(A) ::= NAME(N) ASSIGN test(D).             { A = parse_param(ctx, &N, D, 0); }
lparam(A) ::= STAR NAME(N).                       { A = parse_param(ctx, &N, NULL, '*'); }
lparam(A) ::= STAR(S).                            { A = parse_param(ctx, &S, NULL, '/'); }
lparam(A) ::= SLASH(S).                           { A = parse_param(ctx, &S, NULL, 'P'); }
lparam(A) ::= DSTAR NAME(N).                      { A = parse_param(ctx, &N, NULL, 'K'); }

/* ============================================================ expressions */

/* Tuples without parentheses; a *starred item makes an unpacking target
 * (a, *rest = ...) or a tuple display (t = 1, *xs). */
testlist(A) ::= test(A).
testlist(A) ::= test(E) COMMA.                    { A = parse_tuple(ctx, parse_list1(ctx, E)); }
testlist(A) ::= star(E) COMMA.                    { A = parse_tuple(ctx, parse_list1(ctx, E)); }
testlist(A) ::= tl(L).                            { A = parse_tuple(ctx, L); }
testlist(A) ::= tl(L) COMMA.                      { A = parse_tuple(ctx, L); }
tl(A) ::= test(X) COMMA test(Y).                  { A = parse_append(ctx, parse_list1(ctx, X), Y); }
tl(A) ::= test(X) COMMA star(Y).                  { A = parse_append(ctx, parse_list1(ctx, X), Y); }
tl(A) ::= star(X) COMMA test(Y).                  { A = parse_append(ctx, parse_list1(ctx, X), Y); }
tl(A) ::= star(X) COMMA star(Y).                  { A = parse_append(ctx, parse_list1(ctx, X), Y); }
tl(A) ::= tl(L) COMMA test(Y).                    { A = parse_append(ctx, L, Y); }
tl(A) ::= tl(L) COMMA star(Y).                    { A = parse_append(ctx, L, Y); }
star(A) ::= STAR(S) expr(X).                      { A = parse_starred(ctx, &S, X); }

exprlist(A) ::= expr(A).
exprlist(A) ::= expr(E) COMMA.                    { A = parse_tuple(ctx, parse_list1(ctx, E)); }
exprlist(A) ::= xl(L).                            { A = parse_tuple(ctx, L); }
exprlist(A) ::= xl(L) COMMA.                      { A = parse_tuple(ctx, L); }
xl(A) ::= expr(X) COMMA expr(Y).                  { A = parse_append(ctx, parse_list1(ctx, X), Y); }
xl(A) ::= expr(X) COMMA star(Y).                  { A = parse_append(ctx, parse_list1(ctx, X), Y); }
xl(A) ::= star(X) COMMA expr(Y).                  { A = parse_append(ctx, parse_list1(ctx, X), Y); }
xl(A) ::= xl(L) COMMA expr(Y).                    { A = parse_append(ctx, L, Y); }
xl(A) ::= xl(L) COMMA star(Y).                    { A = parse_append(ctx, L, Y); }

test(A) ::= or_test(A).
test(A) ::= or_test(B) IF or_test(C) ELSE test(E). { A = parse_ifexp(ctx, C, B, E); }
test(A) ::= lambdef(A).
test(A) ::= NAME(N) WALRUS(W) test(V).             { A = parse_namedexpr(ctx, &N, &W, V); }
lambdef(A) ::= LAMBDA(K) lparams(P) COLON test(B). { A = parse_lambda(ctx, &K, P, B); }

or_test(A) ::= and_test(A).
or_test(A) ::= or_test(X) OR(O) and_test(Y).      { A = parse_binary(ctx, E_BOOLOP, TK_OR, X, &O, Y); }
and_test(A) ::= not_test(A).
and_test(A) ::= and_test(X) AND(O) not_test(Y).   { A = parse_binary(ctx, E_BOOLOP, TK_AND, X, &O, Y); }
not_test(A) ::= comparison(A).
not_test(A) ::= NOT(O) not_test(X).               { A = parse_unary(ctx, TK_NOT, &O, X); }

comparison(A) ::= expr(A).
comparison(A) ::= comparison(X) compop(O) expr(Y). { A = parse_compare(ctx, X, O, Y); }
compop(A) ::= LT.      { A = CMP_LT; }
compop(A) ::= LE.      { A = CMP_LE; }
compop(A) ::= EQ.      { A = CMP_EQ; }
compop(A) ::= NE.      { A = CMP_NE; }
compop(A) ::= GT.      { A = CMP_GT; }
compop(A) ::= GE.      { A = CMP_GE; }
compop(A) ::= IN.      { A = CMP_IN; }
compop(A) ::= NOT IN.  { A = CMP_NOT_IN; }
compop(A) ::= IS.      { A = CMP_IS; }
compop(A) ::= IS NOT.  { A = CMP_IS_NOT; }

expr(A) ::= xor_expr(A).
expr(A) ::= expr(X) BAR(O) xor_expr(Y).           { A = parse_binary(ctx, E_BINOP, TK_BAR, X, &O, Y); }
xor_expr(A) ::= and_expr(A).
xor_expr(A) ::= xor_expr(X) CARET(O) and_expr(Y). { A = parse_binary(ctx, E_BINOP, TK_CARET, X, &O, Y); }
and_expr(A) ::= shift_expr(A).
and_expr(A) ::= and_expr(X) AMP(O) shift_expr(Y). { A = parse_binary(ctx, E_BINOP, TK_AMP, X, &O, Y); }
shift_expr(A) ::= arith(A).
shift_expr(A) ::= shift_expr(X) LSHIFT(O) arith(Y). { A = parse_binary(ctx, E_BINOP, TK_LSHIFT, X, &O, Y); }
shift_expr(A) ::= shift_expr(X) RSHIFT(O) arith(Y). { A = parse_binary(ctx, E_BINOP, TK_RSHIFT, X, &O, Y); }
arith(A) ::= term(A).
arith(A) ::= arith(X) PLUS(O) term(Y).            { A = parse_binary(ctx, E_BINOP, TK_PLUS, X, &O, Y); }
arith(A) ::= arith(X) MINUS(O) term(Y).           { A = parse_binary(ctx, E_BINOP, TK_MINUS, X, &O, Y); }
term(A) ::= factor(A).
term(A) ::= term(X) STAR(O) factor(Y).            { A = parse_binary(ctx, E_BINOP, TK_STAR, X, &O, Y); }
term(A) ::= term(X) SLASH(O) factor(Y).           { A = parse_binary(ctx, E_BINOP, TK_SLASH, X, &O, Y); }
term(A) ::= term(X) DSLASH(O) factor(Y).          { A = parse_binary(ctx, E_BINOP, TK_DSLASH, X, &O, Y); }
term(A) ::= term(X) PERCENT(O) factor(Y).         { A = parse_binary(ctx, E_BINOP, TK_PERCENT, X, &O, Y); }
term(A) ::= term AT(O) factor.                    { A = parse_unsupported(ctx, &O, "the '@' operator is"); }
factor(A) ::= power(A).
factor(A) ::= PLUS(O) factor(X).                  { A = parse_unary(ctx, TK_PLUS, &O, X); }
factor(A) ::= MINUS(O) factor(X).                 { A = parse_unary(ctx, TK_MINUS, &O, X); }
factor(A) ::= TILDE(O) factor(X).                 { A = parse_unary(ctx, TK_TILDE, &O, X); }
power(A) ::= primary(A).
power(A) ::= primary(X) DSTAR(O) factor(Y).       { A = parse_binary(ctx, E_BINOP, TK_DSTAR, X, &O, Y); }

primary(A) ::= atom(A).
primary(A) ::= primary(X) DOT NAME(N).            { A = parse_attr(ctx, X, &N); }
primary(A) ::= primary(X) LPAR(O) args(L) RPAR(E). { A = parse_call(ctx, X, &O, L, &E); }
primary(A) ::= primary(X) LBRACK subscript(S) RBRACK(E). { A = parse_subscript(ctx, X, S, &E); }

args(A) ::= .                                     { A = NULL; }
args(A) ::= arglist(A).
args(A) ::= arglist(A) COMMA.
arglist(A) ::= argument(X).                       { A = parse_list1(ctx, X); }
arglist(A) ::= arglist(L) COMMA argument(X).      { A = parse_append(ctx, L, X); }
argument(A) ::= test(A).
argument(A) ::= test(N) ASSIGN test(V).           { A = parse_keyword(ctx, N, V); }
argument(A) ::= STAR(S) test(X).                  { A = parse_starred(ctx, &S, X); }
argument(A) ::= DSTAR(S) test(X).                 { A = parse_dstarred(ctx, &S, X); }
argument(A) ::= test(E) comp(C).                  { A = parse_comp(ctx, E_GENEXP, E, NULL, C); }

subscript(A) ::= test(A).
subscript(A) ::= test(E) COMMA.                   { A = parse_tuple(ctx, parse_list1(ctx, E)); }
subscript(A) ::= tl(L).                           { A = parse_tuple(ctx, L); }
subscript(A) ::= opt_test(X) COLON(C) opt_test(Y). { A = parse_slice(ctx, &C, X, Y, NULL); }
subscript(A) ::= opt_test(X) COLON(C) opt_test(Y) COLON opt_test(Z). { A = parse_slice(ctx, &C, X, Y, Z); }
opt_test(A) ::= .                                 { A = NULL; }
opt_test(A) ::= test(A).

atom(A) ::= NAME(N).                              { A = parse_name(ctx, &N); }
atom(A) ::= INT(N).                               { A = parse_int(ctx, &N); }
atom(A) ::= FLOAT(N).                             { A = parse_float(ctx, &N); }
atom(A) ::= strings(A).
atom(A) ::= NONE(K).                              { A = parse_const(ctx, &K, 'N'); }
atom(A) ::= TRUE(K).                              { A = parse_const(ctx, &K, 'T'); }
atom(A) ::= FALSE(K).                             { A = parse_const(ctx, &K, 'F'); }
atom(A) ::= ELLIPSIS(K).                          { A = parse_const(ctx, &K, 'E'); }
atom(A) ::= LPAR(P) RPAR(R).                      { A = parse_display(ctx, E_TUPLE, &P, NULL, &R); }
atom(A) ::= LPAR(P) testlist(E) RPAR(R).          { A = parse_paren(ctx, &P, E, &R); }
atom(A) ::= LPAR(P) yield_expr(E) RPAR(R).        { A = parse_paren(ctx, &P, E, &R); }
atom(A) ::= LPAR(P) test(E) comp(C) RPAR(R).      { A = parse_paren(ctx, &P, parse_comp(ctx, E_GENEXP, E, NULL, C), &R); }
atom(A) ::= LBRACK(P) RBRACK(R).                  { A = parse_display(ctx, E_LIST, &P, NULL, &R); }
atom(A) ::= LBRACK(P) items(L) RBRACK(R).         { A = parse_display(ctx, E_LIST, &P, L, &R); }
atom(A) ::= LBRACK(P) items(L) COMMA RBRACK(R).   { A = parse_display(ctx, E_LIST, &P, L, &R); }
atom(A) ::= LBRACK(P) test(E) comp(C) RBRACK(R).  { A = parse_bracketed(ctx, &P, parse_comp(ctx, E_LISTCOMP, E, NULL, C), &R); }
atom(A) ::= LBRACE(P) RBRACE(R).                  { A = parse_display(ctx, E_DICT, &P, NULL, &R); }
atom(A) ::= LBRACE(P) dictitems(L) RBRACE(R).     { A = parse_display(ctx, E_DICT, &P, L, &R); }
atom(A) ::= LBRACE(P) dictitems(L) COMMA RBRACE(R). { A = parse_display(ctx, E_DICT, &P, L, &R); }
atom(A) ::= LBRACE(P) test(K) COLON test(V) comp(C) RBRACE(R). { A = parse_bracketed(ctx, &P, parse_comp(ctx, E_DICTCOMP, K, V, C), &R); }
atom(A) ::= LBRACE(P) items(L) RBRACE(R).         { A = parse_display(ctx, E_SET, &P, L, &R); }
atom(A) ::= LBRACE(P) items(L) COMMA RBRACE(R).   { A = parse_display(ctx, E_SET, &P, L, &R); }
atom(A) ::= LBRACE(P) test(E) comp(C) RBRACE(R).  { A = parse_bracketed(ctx, &P, parse_comp(ctx, E_SETCOMP, E, NULL, C), &R); }

items(A) ::= test(X).                             { A = parse_list1(ctx, X); }
items(A) ::= STAR(S) test(X).                     { A = parse_list1(ctx, parse_starred(ctx, &S, X)); }
items(A) ::= items(L) COMMA test(X).              { A = parse_append(ctx, L, X); }
items(A) ::= items(L) COMMA STAR(S) test(X).      { A = parse_append(ctx, L, parse_starred(ctx, &S, X)); }
dictitems(A) ::= dictpair(X).                     { A = parse_list1(ctx, X); }
dictitems(A) ::= dictitems(L) COMMA dictpair(X).  { A = parse_append(ctx, L, X); }
dictpair(A) ::= test(K) COLON test(V).            { A = parse_pair(ctx, K, V); }
dictpair(A) ::= DSTAR(S) expr(X).                 { A = parse_starred(ctx, &S, X); }

comp(A) ::= FOR(K) exprlist(T) IN or_test(I).     { A = parse_list1(ctx, parse_compfor(ctx, &K, T, I)); }
comp(A) ::= comp(L) FOR(K) exprlist(T) IN or_test(I). { A = parse_append(ctx, L, parse_compfor(ctx, &K, T, I)); }
comp(A) ::= comp(L) IF or_test(C).                { A = parse_compif(ctx, L, C); }

strings(A) ::= STRING(S).                         { A = parse_string(ctx, NULL, &S); }
strings(A) ::= strings(P) STRING(S).              { A = parse_string(ctx, P, &S); }
