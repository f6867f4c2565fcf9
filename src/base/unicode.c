/* unicode.c: Python's character properties for the ranges lst knows. */
#include "base/unicode.h"

bool unicode_is_space(uint32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

UChar unicode_info(uint32_t c) {
  UChar u = {.known = true, .to_upper = c, .to_lower = c};
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') {
      u.alpha = u.upper = true;
      u.to_lower = c + 32;
    } else if (c >= 'a' && c <= 'z') {
      u.alpha = u.lower = true;
      u.to_upper = c - 32;
    } else if (c >= '0' && c <= '9')
      u.digit = true;
    return u;
  }
  if (c <= 0xFF) {
    if (c == 0xAA || c == 0xBA)
      u.alpha = true; /* ª º: letters without case */
    else if (c == 0xB5) {
      u.alpha = u.lower = true;
      u.to_upper = 0x39C;
    } /* µ -> Greek capital mu */
    else if (c == 0xB2 || c == 0xB3 || c == 0xB9)
      u.digit = true; /* ² ³ ¹ */
    else if (c >= 0xBC && c <= 0xBE)
      u.numeric = true; /* ¼ ½ ¾ */
    else if (c == 0xDF) {
      u.alpha = u.lower = true;
      u.upper_special = "SS";
      u.title_special = "Ss";
    } else if (c == 0xFF) {
      u.alpha = u.lower = true;
      u.to_upper = 0x178;
    } else if (c >= 0xC0 && c <= 0xDE && c != 0xD7) {
      u.alpha = u.upper = true;
      u.to_lower = c + 32;
    } else if (c >= 0xE0 && c <= 0xFE && c != 0xF7) {
      u.alpha = u.lower = true;
      u.to_upper = c - 32;
    }
    return u;
  }
  if (c == 0x178) {
    u.alpha = u.upper = true;
    u.to_lower = 0xFF;
    return u;
  }
  if (c == 0x39C) {
    u.alpha = u.upper = true;
    u.to_lower = 0x3BC;
    return u;
  }
  /* scripts without case: CJK ideographs, kana, Hangul syllables */
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3041 && c <= 0x3096) ||
      (c >= 0x30A1 && c <= 0x30FA) || (c >= 0xAC00 && c <= 0xD7A3)) {
    u.alpha = true;
    return u;
  }
  if (unicode_is_space(c)) return u;
  u.known = false;
  return u;
}

bool unicode_is_printable(uint32_t c) {
  if (c < 0x80) return c >= 0x20 && c < 0x7F;
  bool hidden = c <= 0xA0 || c == 0xAD || unicode_is_space(c) || (c >= 0x200B && c <= 0x200F) ||
                (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF ||
                (c >= 0xD800 && c <= 0xF8FF);
  return !hidden;
}

UNameChar unicode_name_char(uint32_t c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return UNAME_START;
    return c >= '0' && c <= '9' ? UNAME_CONTINUE : UNAME_INVALID;
  }
  if (c <= 0xFF) {
    if (c == 0xAA || c == 0xB5 || c == 0xBA) return UNAME_UNKNOWN; /* NFKC: a, Greek mu, o */
    if (c == 0xB7) return UNAME_CONTINUE;                          /* middle dot */
    return c >= 0xC0 && c != 0xD7 && c != 0xF7 ? UNAME_START : UNAME_INVALID;
  }
  UChar u = unicode_info(c);
  if (u.known && u.alpha) return UNAME_START; /* the caseless scripts lst knows */
  if (unicode_is_space(c) || !unicode_is_printable(c)) {
    /* the separators and format characters unicode_is_printable names:
     * known to be in no name */
    if (unicode_is_space(c) || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
        (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF || c == 0x2028 || c == 0x2029)
      return UNAME_INVALID;
  }
  return UNAME_UNKNOWN;
}
