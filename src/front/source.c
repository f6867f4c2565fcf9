/* source.c: a program's bytes made into the UTF-8 text the lexer reads: the
 * byte-order mark, the PEP 263 coding line, decoding, the null-byte check and
 * universal newlines, as CPython 3.11's tokenizer does them. See source.h. */
#include "front/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a coding line asks for, in the two ways CPython reads it: "utf-8"
 * after its own name folding is its fast path (bad bytes are found token by
 * token); every other name goes through a codec, which decodes the whole
 * file first and calls any failure an "encoding problem". */
typedef enum Coding {
  CODING_NONE,       /* no coding line: UTF-8 */
  CODING_UTF8,       /* folds to "utf-8": UTF-8, checked token by token */
  CODING_UTF8_CODEC, /* another name of the utf-8 codec ("utf8", "u8") */
  CODING_LATIN1,     /* the latin-1 codec under any of its names */
  CODING_ASCII,      /* the ascii codec under any of its names */
  CODING_UNKNOWN,    /* a codec lst does not decode */
} Coding;

/* The offset of the first byte that starts no valid UTF-8 sequence (no
 * overlong forms, no surrogates, nothing past U+10FFFF), or n. */
static size_t utf8_invalid_at(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t need;
    unsigned lo = 0x80, hi = 0xBF; /* the range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (n - i <= need || s[i + 1] < lo || s[i + 1] > hi) return i;
    for (size_t k = 2; k <= need; k++)
      if ((s[i + k] & 0xC0) != 0x80) return i;
    i += need + 1;
  }
  return n;
}

static int line_of(const char *text, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset; i++)
    if (text[i] == '\n') line++;
  return line;
}

/* \r\n and a lone \r become \n, in place; returns the new length. Safe on
 * any encoding lst reads, since \r and \n are never inside a sequence. */
static size_t universal_newlines(char *s, size_t n) {
  size_t w = 0;
  for (size_t r = 0; r < n; r++) {
    if (s[r] == '\r') {
      s[w++] = '\n';
      if (r + 1 < n && s[r + 1] == '\n') r++;
    } else {
      s[w++] = s[r];
    }
  }
  return w;
}

static bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

/* The encoding named on the line [s, e): the line starts, after blanks,
 * with '#', and somewhere after it "coding" is followed by ':' or '=',
 * blanks and a name. Writes the name (as spelled) to name; false if none. */
static bool coding_spec(const char *s, const char *e, char *name, size_t cap) {
  while (s < e && (*s == ' ' || *s == '\t' || *s == '\f')) s++;
  if (s == e || *s != '#') return false;
  for (const char *t = s; e - t > 6; t++) {
    if (memcmp(t, "coding", 6) != 0 || (t[6] != ':' && t[6] != '=')) continue;
    const char *b = t + 7;
    while (b < e && (*b == ' ' || *b == '\t')) b++;
    const char *f = b;
    while (f < e && is_name_char(*f)) f++;
    if (f == b) continue;
    /* room is left for " with BOM" after it */
    size_t room = cap - 16;
    size_t n = (size_t)(f - b) < room ? (size_t)(f - b) : room;
    memcpy(name, b, n);
    name[n] = '\0';
    return true;
  }
  return false;
}

/* Line 1 lets line 2 carry the coding line only if it is blank or a
 * comment. */
static bool comment_or_blank(const char *s, const char *e) {
  for (; s < e; s++) {
    if (*s == '#') return true;
    if (*s != ' ' && *s != '\t' && *s != '\f') return false;
  }
  return true;
}

static bool in_list(const char *name, const char *const *list) {
  for (; *list; list++)
    if (strcmp(name, *list) == 0) return true;
  return false;
}

/* The codec a name finds, as Python's codec registry looks it up: lower
 * case, each run of characters other than letters, digits and '.' made one
 * '_' (none at the ends), then the alias table of Python 3.11's encodings
 * package, tried again with '.' as '_'. Only the three codecs lst decodes
 * are known here. */
static Coding codec_lookup(const char *name) {
  static const char *const utf8[] = {"utf_8",     "u8",        "utf",     "utf8",
                                     "utf8_ucs2", "utf8_ucs4", "cp65001", NULL};
  static const char *const latin1[] = {"latin_1",         "8859",       "cp819",     "csisolatin1",
                                       "ibm819",          "iso8859",    "iso8859_1", "iso_8859_1",
                                       "iso_8859_1_1987", "iso_ir_100", "l1",        "latin",
                                       "latin1",          NULL};
  static const char *const ascii[] = {
      "ascii",    "646",    "ansi_x3.4_1968", "ansi_x3.4_1986",   "ansi_x3_4_1968", "cp367",
      "csascii",  "ibm367", "iso646_us",      "iso_646.irv_1991", "iso_ir_6",       "us",
      "us_ascii", NULL};
  char norm[96];
  size_t w = 0;
  bool gap = false;
  for (const char *s = name; *s && w < sizeof norm - 2; s++) {
    char c = *s;
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.') {
      if (gap && w) norm[w++] = '_';
      norm[w++] = c;
      gap = false;
    } else {
      gap = true;
    }
  }
  norm[w] = '\0';
  for (int pass = 0; pass < 2; pass++) {
    if (in_list(norm, utf8)) return CODING_UTF8_CODEC;
    if (in_list(norm, latin1)) return CODING_LATIN1;
    if (in_list(norm, ascii)) return CODING_ASCII;
    for (char *p = norm; *p; p++)
      if (*p == '.') *p = '_';
  }
  return CODING_UNKNOWN;
}

/* CPython's own folding of a coding name (its first 12 characters, lower
 * case, '_' as '-'), which sends the utf-8 and latin-1 spellings it knows
 * to "utf-8" and "iso-8859-1" (rewriting name so); anything else keeps its
 * spelling. */
static Coding coding_of(char *name) {
  char b[13];
  int i = 0;
  for (; i < 12 && name[i]; i++) {
    char c = name[i];
    b[i] = c == '_' ? '-' : (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  b[i] = '\0';
  if (strcmp(b, "utf-8") == 0 || strncmp(b, "utf-8-", 6) == 0) {
    strcpy(name, "utf-8");
    return CODING_UTF8;
  }
  if (strcmp(b, "latin-1") == 0 || strcmp(b, "iso-8859-1") == 0 || strcmp(b, "iso-latin-1") == 0 ||
      strncmp(b, "latin-1-", 8) == 0 || strncmp(b, "iso-8859-1-", 11) == 0 ||
      strncmp(b, "iso-latin-1-", 12) == 0) {
    strcpy(name, "iso-8859-1"); /* the name CPython reports it by */
    return CODING_LATIN1;
  }
  return codec_lookup(name);
}

/* The coding line of text, if any, with its name in out->what. */
static Coding find_coding(const char *text, size_t len, Source *out) {
  const char *end = text + len;
  const char *e1 = memchr(text, '\n', len);
  if (!e1) e1 = end;
  if (coding_spec(text, e1, out->what, sizeof out->what)) return coding_of(out->what);
  if (e1 == end || !comment_or_blank(text, e1)) return CODING_NONE;
  const char *s2 = e1 + 1;
  const char *e2 = memchr(s2, '\n', (size_t)(end - s2));
  if (!e2) e2 = end;
  if (coding_spec(s2, e2, out->what, sizeof out->what)) return coding_of(out->what);
  return CODING_NONE;
}

static bool fail(Source *out, SourceProblem p, size_t offset) {
  out->problem = p;
  out->offset = offset;
  out->line = line_of(out->text, offset);
  return false;
}

/* Latin-1 to UTF-8: each byte is the code point of its value. */
static bool latin1_decode(Source *out) {
  size_t extra = 0;
  for (size_t i = 0; i < out->len; i++) extra += (unsigned char)out->text[i] >> 7;
  char *t = malloc(out->len + extra + 1);
  if (!t) {
    out->problem = SOURCE_NO_MEMORY;
    return false;
  }
  size_t w = 0;
  for (size_t i = 0; i < out->len; i++) {
    unsigned char c = (unsigned char)out->text[i];
    if (c < 0x80) {
      t[w++] = (char)c;
    } else {
      t[w++] = (char)(0xC0 | (c >> 6));
      t[w++] = (char)(0x80 | (c & 0x3F));
    }
  }
  t[w] = '\0';
  out->owned = t;
  out->text = t;
  out->len = w;
  return true;
}

static bool prepare_command(char *bytes, size_t len, Source *out) {
  size_t bad = utf8_invalid_at((const unsigned char *)bytes, len);
  if (bad < len) {
    /* Python decodes the argument with surrogateescape: each bad byte is
     * one character, so the position counts characters, not bytes */
    for (size_t i = 0; i < bad; i++) out->chars += ((unsigned char)bytes[i] & 0xC0) != 0x80;
    out->byte = (unsigned char)bytes[bad];
    return fail(out, SOURCE_NOT_DECODED, bad);
  }
  out->len = universal_newlines(bytes, len);
  return true;
}

bool source_prepare(char *bytes, size_t len, SourceKind kind, Source *out) {
  memset(out, 0, sizeof *out);
  out->text = bytes;
  out->len = len;
  out->problem = SOURCE_OK;
  if (kind == SOURCE_COMMAND) return prepare_command(bytes, len, out);
  bool bom = len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0;
  if (bom) {
    bytes += 3;
    len -= 3;
    out->text = bytes;
  }
  out->len = len = universal_newlines(bytes, len);
  Coding coding = find_coding(bytes, len, out);
  if (bom && coding != CODING_NONE && coding != CODING_UTF8) {
    out->problem = SOURCE_ENCODING;
    strcat(out->what, " with BOM");
    return false;
  }
  const unsigned char *u = (const unsigned char *)bytes;
  switch (coding) {
  case CODING_NONE:
  case CODING_UTF8: {
    /* one pass in file order: a null byte and a bad one, whichever first */
    const char *nul = memchr(bytes, '\0', len);
    size_t upto = nul ? (size_t)(nul - bytes) : len;
    size_t bad = utf8_invalid_at(u, upto);
    if (bad < upto) {
      out->byte = u[bad];
      return fail(out, coding == CODING_NONE ? SOURCE_NOT_UTF8 : SOURCE_REFUSED, bad);
    }
    if (nul) return fail(out, SOURCE_NULL_BYTE, upto);
    return true;
  }
  case CODING_UTF8_CODEC:
    if (utf8_invalid_at(u, len) < len) return fail(out, SOURCE_ENCODING, 0);
    break;
  case CODING_ASCII:
    for (size_t i = 0; i < len; i++)
      if (u[i] >= 0x80) return fail(out, SOURCE_ENCODING, 0);
    break;
  case CODING_LATIN1:
    if (!latin1_decode(out)) return false;
    break;
  case CODING_UNKNOWN:
    out->problem = SOURCE_REFUSED;
    out->line = 0; /* the codec, not a line, is what lst lacks */
    return false;
  }
  /* a codec decodes first; the null byte is looked for in what it made */
  const char *nul = memchr(out->text, '\0', out->len);
  if (nul) return fail(out, SOURCE_NULL_BYTE, (size_t)(nul - out->text));
  return true;
}

void source_free(Source *s) {
  free(s->owned);
  s->owned = NULL;
}
