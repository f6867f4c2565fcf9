/* diff.c: unified diffs.  The common head and tail are cut off first (a
 * failing test usually differs in a few lines); the rest is aligned by a
 * longest common subsequence when it is small, else shown as removed then
 * added. */
#include "shell/diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DIFF_CONTEXT   2
#define DIFF_MAX_CELLS (4u << 20) /* table of the LCS: 4M entries at most */

typedef struct Lines {
  const char **at;
  size_t *len;
  size_t n;
} Lines;

/* Splits text into lines (without their newlines); false when out of memory. */
static bool split(const char *text, size_t n, Lines *l) {
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    if (text[i] == '\n') count++;
  if (n && text[n - 1] != '\n') count++;
  l->at = malloc((count + 1) * sizeof *l->at);
  l->len = malloc((count + 1) * sizeof *l->len);
  l->n = 0;
  if (!l->at || !l->len) return false;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && text[j] != '\n') j++;
    l->at[l->n] = text + i;
    l->len[l->n++] = j - i;
    i = j + 1;
  }
  return true;
}

static bool same(const Lines *a, size_t i, const Lines *b, size_t j) {
  return a->len[i] == b->len[j] && memcmp(a->at[i], b->at[j], a->len[i]) == 0;
}

/* One line of the edit script: ' ' kept, '-' only in want, '+' only in got. */
typedef struct Edit {
  char op;
  size_t a, b; /* line numbers in want and got (0-based) */
} Edit;

typedef struct Script {
  Edit *e;
  size_t n, cap;
  bool failed;
} Script;

static void push(Script *s, char op, size_t a, size_t b) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    Edit *e = realloc(s->e, cap * sizeof *e);
    if (!e) {
      s->failed = true;
      return;
    }
    s->e = e;
    s->cap = cap;
  }
  s->e[s->n++] = (Edit){op, a, b};
}

/* The edits for want[a0, a1) against got[b0, b1). */
static void middle(Script *s, const Lines *x, size_t a0, size_t a1, const Lines *y, size_t b0,
                   size_t b1) {
  size_t n = a1 - a0, m = b1 - b0;
  uint32_t *t = (n + 1) * (m + 1) <= DIFF_MAX_CELLS ? calloc((n + 1) * (m + 1), sizeof *t) : NULL;
  if (!t) {
    for (size_t i = a0; i < a1; i++) push(s, '-', i, b0);
    for (size_t j = b0; j < b1; j++) push(s, '+', a1, j);
    return;
  }
  /* t[i][j]: the longest common subsequence of want[a0+i..a1) and got[b0+j..b1) */
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      t[i * (m + 1) + j] =
          same(x, a0 + i, y, b0 + j)
              ? t[(i + 1) * (m + 1) + j + 1] + 1
              : (t[(i + 1) * (m + 1) + j] > t[i * (m + 1) + j + 1] ? t[(i + 1) * (m + 1) + j]
                                                                   : t[i * (m + 1) + j + 1]);
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(x, a0 + i, y, b0 + j)) {
      push(s, ' ', a0 + i++, b0 + j++);
    } else if (i < n && (j == m || t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1])) {
      push(s, '-', a0 + i++, b0 + j); /* removals before additions, as diff -u */
    } else {
      push(s, '+', a0 + i, b0 + j++);
    }
  }
  free(t);
}

static void put_line(Buf *out, char op, const Lines *l, size_t i) {
  buf_addc(out, op);
  buf_add(out, l->at[i], l->len[i]);
  buf_addc(out, '\n');
}

void diff_unified(Buf *out, const char *from, const char *want, size_t na, const char *to,
                  const char *got, size_t nb) {
  Lines x = {0}, y = {0};
  Script s = {0};
  if (!split(want, na, &x) || !split(got, nb, &y)) goto done;
  size_t head = 0, tail = 0;
  while (head < x.n && head < y.n && same(&x, head, &y, head)) head++;
  while (tail < x.n - head && tail < y.n - head && same(&x, x.n - 1 - tail, &y, y.n - 1 - tail))
    tail++;
  for (size_t i = 0; i < head; i++) push(&s, ' ', i, i);
  middle(&s, &x, head, x.n - tail, &y, head, y.n - tail);
  for (size_t k = 0; k < tail; k++) push(&s, ' ', x.n - tail + k, y.n - tail + k);
  if (s.failed) goto done;
  buf_addf(out, "--- %s\n+++ %s\n", from, to);
  /* hunks: the changes, each with DIFF_CONTEXT kept lines around it */
  size_t k = 0;
  while (k < s.n) {
    while (k < s.n && s.e[k].op == ' ') k++;
    if (k == s.n) break;
    size_t start = k >= DIFF_CONTEXT ? k - DIFF_CONTEXT : 0, end = k;
    for (;;) {
      while (end < s.n && s.e[end].op != ' ') end++;
      size_t run = end;
      while (run < s.n && s.e[run].op == ' ' && run - end < 2 * DIFF_CONTEXT) run++;
      if (run < s.n && s.e[run].op != ' ') {
        end = run;
        continue;
      }
      end = end + DIFF_CONTEXT < s.n ? end + DIFF_CONTEXT : s.n;
      break;
    }
    size_t a0 = s.e[start].a, b0 = s.e[start].b, ca = 0, cb = 0;
    for (size_t i = start; i < end; i++) {
      ca += s.e[i].op != '+';
      cb += s.e[i].op != '-';
    }
    buf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n", ca ? a0 + 1 : a0, ca, cb ? b0 + 1 : b0, cb);
    for (size_t i = start; i < end; i++) {
      if (s.e[i].op == '+')
        put_line(out, '+', &y, s.e[i].b);
      else
        put_line(out, s.e[i].op, &x, s.e[i].a);
    }
    k = end;
  }
  if (na && want[na - 1] != '\n') buf_adds(out, "\\ No newline at end of expected\n");
  if (nb && got[nb - 1] != '\n') buf_adds(out, "\\ No newline at end of output\n");
done:
  free(x.at);
  free(x.len);
  free(y.at);
  free(y.len);
  free(s.e);
}
