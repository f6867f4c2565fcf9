/* carets.c: the marker line under a traceback's source line.
 *
 * CPython 3.11's rules, for the span of the failing instruction (the
 * expression or statement it was compiled from):
 * - columns count characters, not bytes;
 * - a span ending on a later line is taken to the last non-blank
 *   character of its first line;
 * - a span on one line is parsed again on its own: when it is a binary
 *   operation, the operator (the first non-blank characters between the
 *   operands that are not a closing parenthesis, two when the next one is
 *   not blank) is marked ^ and the rest ~; when it is a subscript, its
 *   [index] is marked ^ and the rest ~;
 * - no line is drawn when the span, with no operator to point at, covers
 *   the whole line after its indentation (trailing blanks included).
 */
#include "shell/carets.h"

#include <string.h>

#include "front/ast.h"
#include "front/parse.h"

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

/* Characters in the first n bytes of UTF-8 text s. */
static size_t chars(const char *s, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) k++;
  return k;
}

/* The operator or subscript to point at in seg (n bytes), parsed on its
 * own: *left and *right delimit it (byte offsets into seg); false when
 * seg is neither, or does not parse. */
static bool anchors(const char *seg, size_t n, size_t *left, size_t *right) {
  Arena arena;
  ast_arena_init(&arena);
  NodeList *body = NULL;
  ParseError err;
  bool found = false;
  if (parse_module(&arena, seg, n, &body, &err) && body && body->len == 1 &&
      body->items[0]->kind == S_EXPR) {
    const Node *e = body->items[0]->a;
    if (e->kind == E_BINOP && e->a->line == 1 && e->b->line == 1) {
      /* the first character after the left operand that is neither blank
       * nor a closing parenthesis (a last one still counts) */
      size_t from = (size_t)e->a->end_col, to = (size_t)e->b->col;
      for (size_t i = from; i < to && i < n; i++) {
        if (is_blank(seg[i])) continue;
        *left = i;
        *right = i + 1;
        found = true;
        if (i + 1 < to && !is_blank(seg[i + 1])) ++*right;
        if (i + 1 < to && seg[i] == ')') continue;
        break;
      }
    } else if (e->kind == E_SUBSCRIPT && e->a->line == 1 && e->b->end_line == 1) {
      size_t l = (size_t)e->a->end_col, r = (size_t)e->b->end_col + 1;
      while (l < n && seg[l] != '[') l++;
      while (r < n && seg[r] != ']') r++;
      if (r < n) r++;
      *left = l;
      *right = r;
      found = true;
    }
  }
  ast_arena_free(&arena);
  /* within seg, whatever the nodes said */
  if (*left > n) *left = n;
  if (*right > n) *right = n;
  return found;
}

bool carets_line(const char *text, size_t len, CodePos at, Buf *out) {
  if (at.col == COL_NONE || at.end_col == COL_NONE || at.end_line < at.line || at.col > len)
    return false;
  size_t indent = 0;
  while (indent < len && is_blank(text[indent])) indent++;
  size_t start = chars(text, at.col), end;
  size_t left = 0, right = 0;
  bool anchored = false;
  if (at.end_line == at.line) {
    size_t end_byte = at.end_col < len ? at.end_col : len;
    if (end_byte < at.col) return false;
    end = chars(text, end_byte);
    anchored = anchors(text + at.col, end_byte - at.col, &left, &right);
    if (anchored) {
      left = start + chars(text + at.col, left);
      right = start + chars(text + at.col, right);
    }
  } else {
    size_t e = len;
    while (e > 0 && is_blank(text[e - 1])) e--;
    end = chars(text, e);
  }
  if (!anchored && end - start == chars(text, len) - indent) return false;
  buf_adds(out, "    ");
  for (size_t i = indent; i < start; i++) buf_addc(out, ' ');
  for (size_t i = start; i < end; i++)
    buf_addc(out, anchored && (i < left || i >= right) ? '~' : '^');
  buf_addc(out, '\n');
  return true;
}
