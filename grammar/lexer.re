/* lexer.re: the re2c scanner for lst source, and the line structure around
 * it (indentation, brackets, continuation).  See src/lexer.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "base/unicode.h"
#include "front/lexer.h"
#include "front/parser.h"

void lexer_init(Lexer *lx, const char *src, size_t len) {
  memset(lx, 0, sizeof *lx);
  lx->src = lx->cur = lx->line_start = src;
  lx->end = src + len;
  lx->line = 1;
  lx->nindent = 1;
  lx->indents[0] = 0;
  lx->alt_indents[0] = 0;
  lx->at_line_start = true;
  lx->last_was_newline = true;
}

static int fail(Lexer *lx, const char *kind, const char *msg, const char *at) {
  lx->error_kind = kind;
  lx->error = msg;
  lx->error_line = lx->line;
  lx->error_col = at ? (int)(at - lx->line_start) : -1;
  return -1;
}

/* The end of the line p is on (its newline, or the end of input). */
static const char *line_end(const Lexer *lx, const char *p) {
  while (p < lx->end && *p != '\n') p++;
  if (p > lx->line_start && p[-1] == '\r') p--;
  return p;
}

/* fail with a message made here */
static int failf(Lexer *lx, const char *kind, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int failf(Lexer *lx, const char *kind, const char *at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(lx->error_text, sizeof lx->error_text, fmt, ap);
  va_end(ap);
  return fail(lx, kind, lx->error_text, at);
}

/* The code point of the UTF-8 sequence at *p (advanced past it), or -1 for
 * a byte that starts none (only the prompt's input can hold one: files are
 * checked by front/source.c first). */
static long utf8_next(const char **p, const char *end) {
  const unsigned char *s = (const unsigned char *)*p;
  unsigned c = s[0];
  int n = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
  if (n < 0 || end - *p <= n) { *p += 1; return -1; }
  long cp = n == 0 ? (long)c : (long)(c & (0x3F >> n));
  for (int k = 1; k <= n; k++) {
    if ((s[k] & 0xC0) != 0x80) { *p += 1; return -1; }
    cp = (cp << 6) | (s[k] & 0x3F);
  }
  *p += n + 1;
  return cp;
}

/* A name with characters past ASCII: each must be one a name may hold
 * (CPython's "invalid character" for the first that is not), and one lst
 * knows, else refused by name. */
static int check_name(Lexer *lx, const char *start, const char *end) {
  for (const char *p = start; p < end;) {
    const char *at = p;
    long c = utf8_next(&p, end);
    if (c < 0)
      return failf(lx, "NotImplementedError", at,
                   "bytes that are not UTF-8 are not supported by lst");
    UNameChar k = unicode_name_char((uint32_t)c);
    if (k == UNAME_START || (k == UNAME_CONTINUE && at > start)) continue;
    if (k == UNAME_UNKNOWN)
      return failf(lx, "NotImplementedError", at,
                   "the character '%.*s' (U+%04lX) in a name is not supported by lst",
                   (int)(p - at), at, c);
    if (unicode_is_printable((uint32_t)c))
      return failf(lx, "SyntaxError", at, "invalid character '%.*s' (U+%04lX)", (int)(p - at), at,
                   c);
    return failf(lx, "SyntaxError", at, "invalid non-printable character U+%04lX", c);
  }
  return 0;
}

typedef struct { const char *word; int type; } Keyword;
static const Keyword keywords[] = {
  {"False", TK_FALSE}, {"None", TK_NONE}, {"True", TK_TRUE}, {"and", TK_AND},
  {"as", TK_AS}, {"assert", TK_ASSERT}, {"break", TK_BREAK}, {"class", TK_CLASS},
  {"continue", TK_CONTINUE}, {"def", TK_DEF}, {"del", TK_DEL}, {"elif", TK_ELIF},
  {"else", TK_ELSE}, {"except", TK_EXCEPT}, {"finally", TK_FINALLY}, {"for", TK_FOR},
  {"from", TK_FROM}, {"global", TK_GLOBAL}, {"if", TK_IF}, {"import", TK_IMPORT},
  {"in", TK_IN}, {"is", TK_IS}, {"lambda", TK_LAMBDA}, {"nonlocal", TK_NONLOCAL},
  {"not", TK_NOT}, {"or", TK_OR}, {"pass", TK_PASS}, {"raise", TK_RAISE},
  {"return", TK_RETURN}, {"try", TK_TRY}, {"while", TK_WHILE},
  /* Python keywords lst does not implement: the parser refuses them by name. */
  {"yield", TK_YIELD},
  {"with", TK_WITH}, {"async", TK_UNSUPPORTED},
  {"await", TK_UNSUPPORTED},
};

int lexer_keyword(const char *s, int len) {
  for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
    if ((int)strlen(keywords[i].word) == len && memcmp(keywords[i].word, s, (size_t)len) == 0)
      return keywords[i].type;
  return 0;
}

/* Scans the body of a string literal whose opening quote(s) end at p.
 * Returns the position after the closing quote(s), or NULL if unterminated. */
static const char *scan_string(Lexer *lx, const char *p, char quote, bool triple, bool raw) {
  (void)raw;
  while (p < lx->end) {
    char c = *p;
    if (c == '\\') {
      if (p + 1 < lx->end && p[1] == '\n') { lx->line++; lx->line_start = p + 2; }
      p += 2;
      continue;
    }
    if (c == '\n') {
      if (!triple) return NULL;
      lx->line++;
      lx->line_start = p + 1;
      p++;
      continue;
    }
    if (c == quote) {
      if (!triple) return p + 1;
      if (p + 2 < lx->end && p[1] == quote && p[2] == quote) return p + 3;
    }
    p++;
  }
  return NULL;
}

/* Measures the indentation at the start of a line twice, as CPython's
 * tokenizer does: with tabs to the next multiple of 8, and (*alt) with a
 * tab as one column.  Indentation that the two measures order differently
 * mixes tabs and spaces ambiguously: a TabError. */
static int measure_indent(const char **pp, int *alt) {
  const char *p = *pp;
  int w = 0, a = 0;
  for (;; p++) {
    if (*p == ' ') w++, a++;
    else if (*p == '\t') w = (w / 8 + 1) * 8, a++;
    else if (*p == '\f') w = a = 0;
    else break;
  }
  *pp = p;
  *alt = a;
  return w;
}

/* Brackets: remembered so that a missing or wrong closing one is reported
 * at the opening one, in CPython's words. */
static int open_bracket(Lexer *lx, Token *t, int type, const char *start);
static int close_bracket(Lexer *lx, Token *t, int type, const char *start);

static int emit(Lexer *lx, Token *t, int type, const char *start, const char *end) {
  t->type = type;
  t->start = start;
  t->len = (int)(end - start);
  t->line = lx->line;
  t->col = (int)(start - lx->line_start);
  t->end_line = lx->line;
  t->end_col = t->col + t->len;
  t->aux = 0;
  if (type != TK_DEDENT && type != TK_INDENT) lx->last_was_newline = type == TK_NEWLINE;
  return type;
}

/* Handles the start of a logical line: skips blank lines and sets up
 * INDENT or DEDENTs.  Returns a token type to emit, or 0 for none. */
static int line_start(Lexer *lx, Token *t) {
  for (;;) {
    const char *p = lx->cur;
    int alt;
    int w = measure_indent(&p, &alt);
    if (*p == '#') while (p < lx->end && *p != '\n') p++;
    if (p < lx->end && (*p == '\n' || *p == '\r')) {
      if (*p == '\r') p++;
      if (p < lx->end && *p == '\n') p++;
      lx->line++;
      lx->cur = lx->line_start = p;
      continue;
    }
    if (p >= lx->end) { lx->cur = p; return 0; }
    if (*p == '\\' && p + 1 < lx->end && p[1] == '\n') { lx->cur = p; lx->at_line_start = false; return 0; }
    lx->cur = p;
    lx->at_line_start = false;
    int top = lx->indents[lx->nindent - 1], alt_top = lx->alt_indents[lx->nindent - 1];
    const char *tab_error = "inconsistent use of tabs and spaces in indentation";
    if (w > top) {
      if (alt <= alt_top) return fail(lx, "TabError", tab_error, NULL);
      if (lx->nindent == LEX_MAX_INDENT)
        return fail(lx, "IndentationError", "too many levels of indentation", p);
      lx->alt_indents[lx->nindent] = alt;
      lx->indents[lx->nindent++] = w;
      return emit(lx, t, TK_INDENT, p, p);
    }
    if (w < top) {
      int n = 0;
      while (lx->nindent > 1 && lx->indents[lx->nindent - 1] > w) { lx->nindent--; n++; }
      if (lx->indents[lx->nindent - 1] != w)
        /* CPython points past the end of the line */
        return fail(lx, "IndentationError", "unindent does not match any outer indentation level",
                    line_end(lx, p));
      if (alt != lx->alt_indents[lx->nindent - 1]) return fail(lx, "TabError", tab_error, NULL);
      lx->pending_dedents = n - 1;
      return emit(lx, t, TK_DEDENT, p, p);
    }
    if (alt != alt_top) return fail(lx, "TabError", tab_error, NULL);
    return 0;
  }
}

static int open_bracket(Lexer *lx, Token *t, int type, const char *start) {
  if (lx->paren >= LEX_MAX_PAREN) return fail(lx, "SyntaxError", "too many nested parentheses", start);
  lx->open[lx->paren].ch = *start;
  lx->open[lx->paren].line = lx->line;
  lx->open[lx->paren].col = (int)(start - lx->line_start);
  lx->open[lx->paren].line_start = lx->line_start;
  lx->paren++;
  lx->cur = start + 1;
  return emit(lx, t, type, start, start + 1);
}

static int close_bracket(Lexer *lx, Token *t, int type, const char *start) {
  static char msg[96];
  char want = *start == ')' ? '(' : *start == ']' ? '[' : '{';
  if (lx->paren == 0) {
    snprintf(msg, sizeof msg, "unmatched '%c'", *start);
    return fail(lx, "SyntaxError", msg, start);
  }
  char have = lx->open[lx->paren - 1].ch;
  if (have != want) {
    if (lx->open[lx->paren - 1].line != lx->line)
      snprintf(msg, sizeof msg, "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d", *start, have,
               lx->open[lx->paren - 1].line);
    else
      snprintf(msg, sizeof msg, "closing parenthesis '%c' does not match opening parenthesis '%c'", *start, have);
    return fail(lx, "SyntaxError", msg, start);
  }
  lx->paren--;
  lx->cur = start + 1;
  return emit(lx, t, type, start, start + 1);
}

int lexer_next(Lexer *lx, Token *t) {
  if (lx->pending_dedents > 0) {
    lx->pending_dedents--;
    return emit(lx, t, TK_DEDENT, lx->cur, lx->cur);
  }
  if (lx->done) return emit(lx, t, 0, lx->cur, lx->cur);
  if (lx->at_line_start && lx->paren == 0) {
    int r = line_start(lx, t);
    if (r != 0) return r;
  }
  for (;;) {
    const char *start = lx->cur;
    const char *YYCURSOR = lx->cur, *YYMARKER = NULL;
    if (YYCURSOR >= lx->end) {
      if (lx->paren > 0) {
        static char msg[64];
        snprintf(msg, sizeof msg, "'%c' was never closed", lx->open[lx->paren - 1].ch);
        lx->error_kind = "SyntaxError";
        lx->error = msg;
        lx->error_line = lx->open[lx->paren - 1].line;
        lx->error_col = lx->open[lx->paren - 1].col;
        lx->error_at_eof = true;
        return -1;
      }
      if (!lx->last_was_newline) return emit(lx, t, TK_NEWLINE, lx->cur, lx->cur);
      if (lx->nindent > 1) {
        lx->nindent--;
        return emit(lx, t, TK_DEDENT, lx->cur, lx->cur);
      }
      lx->done = true;
      return emit(lx, t, 0, lx->cur, lx->cur);
    }
    /*!re2c
      re2c:define:YYCTYPE = "unsigned char";
      re2c:yyfill:enable = 0;
      re2c:flags:input = custom;
      re2c:api:style = free-form;
      re2c:define:YYPEEK = "(unsigned char)*YYCURSOR";
      re2c:define:YYSKIP = "++YYCURSOR;";
      re2c:define:YYBACKUP = "YYMARKER = YYCURSOR;";
      re2c:define:YYRESTORE = "YYCURSOR = YYMARKER;";

      dig = [0-9];
      digs = dig ("_"? dig)*;
      hexd = [0-9a-fA-F];
      exp = [eE] [+-]? digs;
      name = [a-zA-Z_\x80-\xff] [a-zA-Z_0-9\x80-\xff]*;
      strprefix = [rRbBuUfF] | [rR][fFbB] | [fFbB][rR];

      [ \t\f]+ { lx->cur = YYCURSOR; continue; }
      "#" [^\n\x00]* { lx->cur = YYCURSOR; continue; }
      "\\" "\r"? "\n" { lx->line++; lx->cur = lx->line_start = YYCURSOR; continue; }
      "\r"? "\n" {
        lx->cur = YYCURSOR;
        if (lx->paren > 0) { lx->line++; lx->line_start = YYCURSOR; continue; }
        emit(lx, t, TK_NEWLINE, start, start);
        lx->line++;
        lx->line_start = YYCURSOR;
        lx->at_line_start = true;
        return TK_NEWLINE;
      }

      strprefix? ["'] {
        const char *q = YYCURSOR - 1;
        bool triple = q + 2 < lx->end && q[1] == *q && q[2] == *q;
        bool raw = false;
        for (const char *c = start; c < q; c++) if (*c == 'r' || *c == 'R') raw = true;
        int line = lx->line;
        const char *ls = lx->line_start;
        const char *e = scan_string(lx, triple ? q + 3 : q + 1, *q, triple, raw);
        if (!e) {
          /* CPython names the line where it gave up: for a triple-quoted
           * string the last line of the input (a final newline ends that
           * line, it starts none) */
          int detected = lx->line - (triple && lx->end > lx->src && lx->end[-1] == '\n');
          lx->line = line;
          lx->line_start = ls;
          lx->error_at_eof = triple;
          return failf(lx, "SyntaxError", start, "%s (detected at line %d)",
                       triple ? "unterminated triple-quoted string literal"
                              : "unterminated string literal", detected);
        }
        lx->cur = e;
        t->type = TK_STRING; t->start = start; t->len = (int)(e - start);
        t->line = line; t->col = (int)(start - ls); t->aux = 0;
        t->end_line = lx->line; t->end_col = (int)(e - lx->line_start);
        lx->last_was_newline = false;
        return TK_STRING;
      }

      name {
        lx->cur = YYCURSOR;
        for (const char *c = start; c < YYCURSOR; c++)
          if ((unsigned char)*c >= 0x80) {
            if (check_name(lx, start, YYCURSOR) < 0) return -1;
            break;
          }
        int kw = lexer_keyword(start, (int)(YYCURSOR - start));
        return emit(lx, t, kw ? kw : TK_NAME, start, YYCURSOR);
      }

      ("0" [xX] ("_"? hexd)+) | ("0" [oO] ("_"? [0-7])+) | ("0" [bB] ("_"? [01])+)
      | ([1-9] ("_"? dig)*) | ("0"+ ("_"? "0")*) {
        lx->cur = YYCURSOR;
        return emit(lx, t, TK_INT, start, YYCURSOR);
      }
      (digs "." digs? exp?) | ("." digs exp?) | (digs exp) {
        lx->cur = YYCURSOR;
        return emit(lx, t, TK_FLOAT, start, YYCURSOR);
      }
      (digs ("." digs?)? exp? | "." digs exp?) [jJ] {
        lx->cur = YYCURSOR;
        return emit(lx, t, TK_UNSUPPORTED, start, YYCURSOR);
      }

      "(" { return open_bracket(lx, t, TK_LPAR, start); }
      "[" { return open_bracket(lx, t, TK_LBRACK, start); }
      "{" { return open_bracket(lx, t, TK_LBRACE, start); }
      ")" { return close_bracket(lx, t, TK_RPAR, start); }
      "]" { return close_bracket(lx, t, TK_RBRACK, start); }
      "}" { return close_bracket(lx, t, TK_RBRACE, start); }

      "+=" | "-=" | "*=" | "/=" | "//=" | "%=" | "**=" | "&=" | "|=" | "^=" | "<<=" | ">>=" {
        lx->cur = YYCURSOR;
        emit(lx, t, TK_AUGASSIGN, start, YYCURSOR);
        switch (*start) {
        case '+': t->aux = TK_PLUS; break;
        case '-': t->aux = TK_MINUS; break;
        case '*': t->aux = start[1] == '*' ? TK_DSTAR : TK_STAR; break;
        case '/': t->aux = start[1] == '/' ? TK_DSLASH : TK_SLASH; break;
        case '%': t->aux = TK_PERCENT; break;
        case '&': t->aux = TK_AMP; break;
        case '|': t->aux = TK_BAR; break;
        case '^': t->aux = TK_CARET; break;
        case '<': t->aux = TK_LSHIFT; break;
        default: t->aux = TK_RSHIFT; break;
        }
        return TK_AUGASSIGN;
      }
      "->" { lx->cur = YYCURSOR; return emit(lx, t, TK_ARROW, start, YYCURSOR); }
      "**" { lx->cur = YYCURSOR; return emit(lx, t, TK_DSTAR, start, YYCURSOR); }
      "//" { lx->cur = YYCURSOR; return emit(lx, t, TK_DSLASH, start, YYCURSOR); }
      "<<" { lx->cur = YYCURSOR; return emit(lx, t, TK_LSHIFT, start, YYCURSOR); }
      ">>" { lx->cur = YYCURSOR; return emit(lx, t, TK_RSHIFT, start, YYCURSOR); }
      "<=" { lx->cur = YYCURSOR; return emit(lx, t, TK_LE, start, YYCURSOR); }
      ">=" { lx->cur = YYCURSOR; return emit(lx, t, TK_GE, start, YYCURSOR); }
      "==" { lx->cur = YYCURSOR; return emit(lx, t, TK_EQ, start, YYCURSOR); }
      "!=" { lx->cur = YYCURSOR; return emit(lx, t, TK_NE, start, YYCURSOR); }
      ":=" { lx->cur = YYCURSOR; return emit(lx, t, TK_WALRUS, start, YYCURSOR); }
      "@=" { lx->cur = YYCURSOR; return emit(lx, t, TK_UNSUPPORTED, start, YYCURSOR); }
      "..." { lx->cur = YYCURSOR; return emit(lx, t, TK_ELLIPSIS, start, YYCURSOR); }
      "@" { lx->cur = YYCURSOR; return emit(lx, t, TK_AT, start, YYCURSOR); }
      "+" { lx->cur = YYCURSOR; return emit(lx, t, TK_PLUS, start, YYCURSOR); }
      "-" { lx->cur = YYCURSOR; return emit(lx, t, TK_MINUS, start, YYCURSOR); }
      "*" { lx->cur = YYCURSOR; return emit(lx, t, TK_STAR, start, YYCURSOR); }
      "/" { lx->cur = YYCURSOR; return emit(lx, t, TK_SLASH, start, YYCURSOR); }
      "%" { lx->cur = YYCURSOR; return emit(lx, t, TK_PERCENT, start, YYCURSOR); }
      "&" { lx->cur = YYCURSOR; return emit(lx, t, TK_AMP, start, YYCURSOR); }
      "|" { lx->cur = YYCURSOR; return emit(lx, t, TK_BAR, start, YYCURSOR); }
      "^" { lx->cur = YYCURSOR; return emit(lx, t, TK_CARET, start, YYCURSOR); }
      "~" { lx->cur = YYCURSOR; return emit(lx, t, TK_TILDE, start, YYCURSOR); }
      "<" { lx->cur = YYCURSOR; return emit(lx, t, TK_LT, start, YYCURSOR); }
      ">" { lx->cur = YYCURSOR; return emit(lx, t, TK_GT, start, YYCURSOR); }
      "=" { lx->cur = YYCURSOR; return emit(lx, t, TK_ASSIGN, start, YYCURSOR); }
      "." { lx->cur = YYCURSOR; return emit(lx, t, TK_DOT, start, YYCURSOR); }
      "," { lx->cur = YYCURSOR; return emit(lx, t, TK_COMMA, start, YYCURSOR); }
      ":" { lx->cur = YYCURSOR; return emit(lx, t, TK_COLON, start, YYCURSOR); }
      ";" { lx->cur = YYCURSOR; return emit(lx, t, TK_SEMI, start, YYCURSOR); }
      "\\" {
        if (YYCURSOR >= lx->end) lx->error_at_eof = true;
        return fail(lx, "SyntaxError", "unexpected character after line continuation character", start);
      }
      "\x00" { return fail(lx, "SyntaxError", "source code cannot contain null bytes", start); }
      * { return fail(lx, "SyntaxError", "invalid character in source", start); }
    */
  }
}
