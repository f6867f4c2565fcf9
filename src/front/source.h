/* source.h: a program's bytes made into the text the lexer reads.
 *
 * As CPython reads a script: a UTF-8 byte-order mark is skipped; a PEP 263
 * coding line (line 1, or line 2 under a comment or blank line 1) names the
 * encoding, of which lst decodes the utf-8, latin-1 and ascii families and
 * refuses the others by name; without one the bytes must be UTF-8; no null
 * byte may appear; and \r\n or a lone \r ends a line. The checks run over
 * the whole file before the lexer sees any of it, in the order CPython makes
 * them, so the first problem in the file is the one reported.
 */
#ifndef LST_SOURCE_H
#define LST_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum SourceKind {
  SOURCE_FILE,    /* a script or stdin: BOM and coding line honoured */
  SOURCE_COMMAND, /* -c: already text, so neither is looked for */
} SourceKind;

typedef enum SourceProblem {
  SOURCE_OK,
  SOURCE_NOT_UTF8,    /* no coding line and a byte that is not UTF-8 */
  SOURCE_NULL_BYTE,   /* a null byte, at line and column */
  SOURCE_ENCODING,    /* CPython's "encoding problem: NAME[ with BOM]" */
  SOURCE_REFUSED,     /* valid Python that lst does not decode */
  SOURCE_NOT_DECODED, /* -c text that is not UTF-8 */
  SOURCE_NO_MEMORY,
} SourceProblem;

typedef struct Source {
  const char *text; /* UTF-8 with \n line ends; into the bytes or owned */
  size_t len;
  char *owned; /* a transcoded copy, or NULL */
  SourceProblem problem;
  int line;           /* 1-based line of the problem */
  size_t offset;      /* byte offset of the problem in text (null byte) */
  size_t chars;       /* characters before the bad byte (SOURCE_NOT_DECODED) */
  unsigned char byte; /* the first byte that is not UTF-8 */
  char what[96];      /* the encoding's name, as the coding line spells it */
} Source;

/* Reads bytes[0..len) (which it may rewrite in place) into *out. False with
 * out->problem set when the program cannot be read; out->text is then still
 * the text as far as it was made, for showing the line of a null byte. */
bool source_prepare(char *bytes, size_t len, SourceKind kind, Source *out);

/* Releases what source_prepare allocated. */
void source_free(Source *s);

#endif
