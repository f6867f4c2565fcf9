/* transcript.h: REPL transcripts in doctest's format: `>>> ` and `... `
 * lines of source, then the expected output up to a blank line or the
 * next `>>> `.  Found in text files (in Markdown, a code fence also ends
 * the expected output) and in a .lst file's docstrings; compared as
 * doctest's OutputChecker compares, with the ELLIPSIS,
 * NORMALIZE_WHITESPACE and SKIP directives, <BLANKLINE>, and an expected
 * traceback matched by its header and its last lines. */
#ifndef LST_TRANSCRIPT_H
#define LST_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

enum {
  TRANSCRIPT_ELLIPSIS = 1,
  TRANSCRIPT_NORMALIZE_WHITESPACE = 2,
  TRANSCRIPT_SKIP = 4,
};

typedef struct Example {
  int line;         /* the `>>> ` line in the file, 1-based */
  char *source;     /* after the prompts, each line ending in a newline */
  char *want;       /* the expected output, each line ending in a newline */
  char *exc_msg;    /* an expected exception's last lines, or NULL */
  int want_line;    /* the first line of want in the file (for --update) */
  int want_lines;   /* how many */
  int indent;       /* of the prompt */
  unsigned options; /* TRANSCRIPT_* */
} Example;

typedef struct Transcript {
  Example *items;
  int len, cap;
} Transcript;

/* The examples of text, whose first line is line first_line of its file;
 * markdown: a line opening with ``` or ~~~ ends an expected output.
 * False with a message in err (as doctest's ValueError) on a malformed
 * example. */
bool transcript_parse(const char *text, size_t n, int first_line, bool markdown, Transcript *t,
                      char *err, size_t cap);
void transcript_free(Transcript *t);

/* Whether got matches want under options, as doctest's check_output. */
bool transcript_matches(const char *want, const char *got, unsigned options);

/* A docstring of a .lst file: its text and the file line it starts on. */
typedef struct Docstring {
  char *text;
  int line;
  char name[96]; /* "module", "Bus", "Bus.pick" */
} Docstring;

/* The docstrings of the module, its classes and functions, in file order;
 * false if the file does not parse (*n is 0 then). */
bool transcript_docstrings(const char *src, size_t len, Docstring **out, int *n);
void transcript_docstrings_free(Docstring *d, int n);

#endif
