/* parse.h: source text to syntax tree (the lexer and lemon parser driven
 * together), with CPython-style syntax error reports. */
#ifndef LST_PARSE_H
#define LST_PARSE_H

#include "front/ast.h"

typedef struct ParseError {
  const char *kind; /* "SyntaxError", "IndentationError", "RecursionError" or "MemoryError" */
  char msg[160];
  int line, col; /* 1-based line, 0-based column */
  int end_col;   /* the end of the span CPython marks, past col; 0: one character */
  bool at_eof;   /* the input ended too early (a REPL would read more) */
} ParseError;

/* Parses a whole module.  On success *body is its statements (NULL for an
 * empty file); on failure err says what and where.  Nodes live in arena. */
bool parse_module(Arena *arena, const char *src, size_t len, NodeList **body, ParseError *err);
/* As parse_module, for one input at the interactive prompt, as CPython
 * parses it: the first error the parser meets stands (the prompt reads no
 * further), and the input is one statement. */
bool parse_input(Arena *arena, const char *src, size_t len, NodeList **body, ParseError *err);

#endif
