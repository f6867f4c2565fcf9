/* unicode.h: the character properties str methods need (case, letters,
 * digits, white space), with Python's answers, for the characters lst
 * knows: ASCII, Latin-1, and the caseless CJK, kana and Hangul blocks.
 * White space is known for every code point.  For any other character the
 * answer is "unknown", and the str method refuses rather than guess. */
#ifndef LST_UNICODE_H
#define LST_UNICODE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct UChar {
  bool known;
  bool alpha, digit, upper, lower; /* isalpha, isdigit; cased upper or lower */
  bool numeric;                    /* isnumeric without isdigit (fractions) */
  uint32_t to_upper, to_lower;     /* single code points */
  const char *upper_special;       /* a longer upper-case form ("SS"), or NULL */
  const char *title_special;       /* a longer title-case form ("Ss"), or NULL */
} UChar;

UChar unicode_info(uint32_t c);
bool unicode_is_space(uint32_t c);
/* str.isprintable of one character (what repr leaves unescaped): not a
 * control, format, surrogate, private-use or separator character other
 * than the space. */
bool unicode_is_printable(uint32_t c);

/* What a character may be in a name, as CPython's tokenizer judges it
 * (XID_Start, XID_Continue), for the characters lst knows; UNKNOWN for the
 * rest, and for the letters NFKC folds into others (ª is the name a), which
 * lst would have to fold too. */
typedef enum UNameChar {
  UNAME_START,    /* may begin a name */
  UNAME_CONTINUE, /* may follow its first character only */
  UNAME_INVALID,  /* never in a name: CPython's "invalid character" */
  UNAME_UNKNOWN,
} UNameChar;
UNameChar unicode_name_char(uint32_t c);

#endif
