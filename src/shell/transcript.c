/* transcript.c: finding the examples of a transcript, the docstrings of a
 * .lst file, and comparing an example's output as doctest does.  See
 * transcript.h. */
#include "shell/transcript.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "front/parse.h"

/* --------------------------------------------------------------- lines */

typedef struct Line {
  const char *at;
  size_t len;
} Line;

static int lines_of(const char *text, size_t n, Line **out) {
  int count = 0;
  for (size_t i = 0; i < n; i++) count += text[i] == '\n';
  Line *l = malloc(((size_t)count + 2) * sizeof *l);
  if (!l) return -1;
  int k = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && text[j] != '\n') j++;
    l[k++] = (Line){text + i, j - i};
    i = j + 1;
  }
  *out = l;
  return k;
}

static size_t indent_of(Line l) {
  size_t i = 0;
  while (i < l.len && l.at[i] == ' ') i++;
  return i;
}

static bool blank(Line l) {
  for (size_t i = 0; i < l.len; i++)
    if (l.at[i] != ' ' && l.at[i] != '\t' && l.at[i] != '\r') return false;
  return true;
}

/* Whether l, after i spaces, holds the prompt p (">>>" or "..."). */
static bool prompt_at(Line l, size_t i, const char *p) {
  return l.len >= i + 3 && memcmp(l.at + i, p, 3) == 0;
}

static bool fence(Line l) {
  size_t i = indent_of(l);
  return l.len >= i + 3 && (memcmp(l.at + i, "```", 3) == 0 || memcmp(l.at + i, "~~~", 3) == 0);
}

/* ------------------------------------------------------------- options */

/* `# doctest: +ELLIPSIS, -NORMALIZE_WHITESPACE` in an example's source. */
static bool parse_options(const char *source, unsigned *options, char *err, size_t cap) {
  static const struct {
    const char *name;
    unsigned bit;
  } known[] = {{"ELLIPSIS", TRANSCRIPT_ELLIPSIS},
               {"NORMALIZE_WHITESPACE", TRANSCRIPT_NORMALIZE_WHITESPACE},
               {"SKIP", TRANSCRIPT_SKIP}};
  for (const char *p = strstr(source, "doctest:"); p; p = strstr(p + 1, "doctest:")) {
    const char *hash = p;
    while (hash > source && hash[-1] != '\n' && hash[-1] != '#') hash--;
    if (hash == source || hash[-1] != '#') continue;
    const char *q = p + strlen("doctest:");
    while (*q && *q != '\n') {
      while (*q == ' ' || *q == ',' || *q == '\t') q++;
      if (!*q || *q == '\n') break;
      char sign = *q++;
      const char *name = q;
      while (*q && *q != ' ' && *q != ',' && *q != '\t' && *q != '\n') q++;
      size_t n = (size_t)(q - name);
      unsigned bit = 0;
      for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
        if (strlen(known[k].name) == n && memcmp(known[k].name, name, n) == 0) bit = known[k].bit;
      if ((sign != '+' && sign != '-') || !bit) {
        snprintf(err, cap, "bad option directive: %.*s%.*s", 1, &sign, (int)n, name);
        return false;
      }
      if (sign == '+')
        *options |= bit;
      else
        *options &= ~bit;
    }
  }
  return true;
}

/* The message part of an expected traceback: the lines from the first one
 * that starts with a word character after the header, as doctest takes it. */
static char *exception_message(const char *want) {
  const char *hdr = "Traceback (most recent call last):";
  if (strncmp(want, hdr, strlen(hdr)) != 0 && strncmp(want, "Traceback (innermost last):", 27) != 0)
    return NULL;
  const char *p = strchr(want, '\n');
  while (p && p[1]) {
    char c = p[1];
    if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
      return strdup(p + 1);
    p = strchr(p + 1, '\n');
  }
  return NULL;
}

/* -------------------------------------------------------------- parsing */

static char *join(Line *l, int from, int to, size_t skip, bool blankline) {
  Buf b;
  buf_init(&b);
  for (int i = from; i < to; i++) {
    Line x = l[i];
    size_t s = x.len < skip ? x.len : skip;
    const char *t = x.at + s;
    size_t n = x.len - s;
    /* <BLANKLINE> stands for an empty line of expected output */
    if (blankline && n == 11 && memcmp(t, "<BLANKLINE>", 11) == 0) n = 0;
    buf_add(&b, t, n);
    buf_addc(&b, '\n');
  }
  if (b.failed) {
    buf_free(&b);
    return NULL;
  }
  return b.data ? b.data : strdup("");
}

static bool add(Transcript *t, Example e) {
  if (t->len == t->cap) {
    int cap = t->cap ? t->cap * 2 : 16;
    Example *items = realloc(t->items, (size_t)cap * sizeof *items);
    if (!items) return false;
    t->items = items;
    t->cap = cap;
  }
  t->items[t->len++] = e;
  return true;
}

bool transcript_parse(const char *text, size_t n, int first_line, bool markdown, Transcript *t,
                      char *err, size_t cap) {
  memset(t, 0, sizeof *t);
  Line *l;
  int count = lines_of(text, n, &l);
  if (count < 0) {
    snprintf(err, cap, "out of memory");
    return false;
  }
  bool ok = true;
  for (int i = 0; i < count && ok;) {
    size_t ind = indent_of(l[i]);
    if (!prompt_at(l[i], ind, ">>>")) {
      i++;
      continue;
    }
    Example e = {.line = first_line + i, .indent = (int)ind};
    if (l[i].len > ind + 3 && l[i].at[ind + 3] != ' ') {
      snprintf(err, cap, "line %d lacks a blank after >>>", first_line + i);
      ok = false;
      break;
    }
    int src_end = i + 1;
    while (src_end < count && prompt_at(l[src_end], indent_of(l[src_end]), "...")) {
      Line x = l[src_end];
      if (indent_of(x) != ind || (x.len > ind + 3 && x.at[ind + 3] != ' ')) {
        snprintf(err, cap, "line %d: a `...` line does not line up with its `>>>`",
                 first_line + src_end);
        ok = false;
        break;
      }
      src_end++;
    }
    if (!ok) break;
    int want_end = src_end;
    while (want_end < count && !blank(l[want_end]) &&
           !prompt_at(l[want_end], indent_of(l[want_end]), ">>>") &&
           !(markdown && fence(l[want_end]))) {
      if (indent_of(l[want_end]) < ind) {
        snprintf(err, cap, "line %d: expected output indented less than its example",
                 first_line + want_end);
        ok = false;
        break;
      }
      want_end++;
    }
    if (!ok) break;
    e.source = join(l, i, src_end, ind + 4, false);
    e.want = join(l, src_end, want_end, ind, true);
    e.want_line = first_line + src_end;
    e.want_lines = want_end - src_end;
    if (!e.source || !e.want || !parse_options(e.source, &e.options, err, cap)) {
      if (!e.source || !e.want) snprintf(err, cap, "out of memory");
      free(e.source);
      free(e.want);
      ok = false;
      break;
    }
    e.exc_msg = exception_message(e.want);
    if (!add(t, e)) {
      snprintf(err, cap, "out of memory");
      ok = false;
    }
    i = want_end;
  }
  free(l);
  if (!ok) transcript_free(t);
  return ok;
}

void transcript_free(Transcript *t) {
  for (int i = 0; i < t->len; i++) {
    free(t->items[i].source);
    free(t->items[i].want);
    free(t->items[i].exc_msg);
  }
  free(t->items);
  memset(t, 0, sizeof *t);
}

/* ------------------------------------------------------------ matching */

/* Lines that hold only spaces become empty, as doctest treats got. */
static char *blank_spaces(const char *s) {
  char *r = malloc(strlen(s) + 1), *w = r;
  if (!r) return NULL;
  while (*s) {
    const char *e = s;
    while (*e == ' ' || *e == '\t') e++;
    if (*e == '\n' || !*e) s = e;
    while (*s && *s != '\n') *w++ = *s++;
    if (*s) *w++ = *s++;
  }
  *w = '\0';
  return r;
}

/* Words of s joined by single spaces. */
static char *squeeze(const char *s) {
  char *r = malloc(strlen(s) + 1), *w = r;
  if (!r) return NULL;
  bool space = false;
  for (; *s; s++) {
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v') {
      space = w > r;
    } else {
      if (space) *w++ = ' ';
      space = false;
      *w++ = *s;
    }
  }
  *w = '\0';
  return r;
}

/* doctest's ELLIPSIS: "..." in want matches any text of got. */
static bool ellipsis_match(const char *want, const char *got) {
  const char *mark = strstr(want, "...");
  if (!mark) return strcmp(want, got) == 0;
  size_t glen = strlen(got), head = (size_t)(mark - want);
  if (strncmp(got, want, head) != 0) return false;
  const char *last = want + strlen(want);
  const char *tail_start = want;
  for (const char *p = strstr(want, "..."); p; p = strstr(p + 3, "...")) tail_start = p + 3;
  size_t tail = (size_t)(last - tail_start);
  if (glen < head + tail || strcmp(got + glen - tail, tail_start) != 0) return false;
  size_t start = head, end = glen - tail;
  /* the pieces between the marks, in order, within got[start, end) */
  const char *p = mark + 3;
  while (p < tail_start) {
    const char *next = strstr(p, "...");
    size_t len = (size_t)(next - p);
    const char *found = NULL;
    for (size_t k = start; len && k + len <= end; k++)
      if (memcmp(got + k, p, len) == 0) {
        found = got + k;
        break;
      }
    if (len && !found) return false;
    if (found) start = (size_t)(found - got) + len;
    p = next + 3;
  }
  return start <= end;
}

bool transcript_matches(const char *want, const char *got, unsigned options) {
  if (strcmp(want, got) == 0) return true;
  if ((strcmp(got, "True\n") == 0 && strcmp(want, "1\n") == 0) ||
      (strcmp(got, "False\n") == 0 && strcmp(want, "0\n") == 0))
    return true;
  /* want's <BLANKLINE>s are empty lines already; got's blank lines empty */
  char *w = strdup(want), *g = blank_spaces(got);
  bool ok = w && g && strcmp(w, g) == 0;
  if (!ok && w && g && (options & TRANSCRIPT_NORMALIZE_WHITESPACE)) {
    char *w2 = squeeze(w), *g2 = squeeze(g);
    free(w);
    free(g);
    w = w2;
    g = g2;
    ok = w && g && strcmp(w, g) == 0;
  }
  if (!ok && w && g && (options & TRANSCRIPT_ELLIPSIS)) ok = ellipsis_match(w, g);
  free(w);
  free(g);
  return ok;
}

/* ---------------------------------------------------------- docstrings */

typedef struct Found {
  Docstring *items;
  int len, cap;
  bool failed;
} Found;

static void found_add(Found *f, const Node *s, const char *name) {
  if (!s || s->kind != S_EXPR || !s->a || s->a->kind != E_STR) return;
  if (f->len == f->cap) {
    int cap = f->cap ? f->cap * 2 : 8;
    Docstring *d = realloc(f->items, (size_t)cap * sizeof *d);
    if (!d) {
      f->failed = true;
      return;
    }
    f->items = d;
    f->cap = cap;
  }
  Docstring *d = &f->items[f->len];
  d->text = malloc(s->a->slen + 1);
  if (!d->text) {
    f->failed = true;
    return;
  }
  memcpy(d->text, s->a->str, s->a->slen);
  d->text[s->a->slen] = '\0';
  d->line = s->a->line;
  snprintf(d->name, sizeof d->name, "%s", name);
  f->len++;
}

static void walk(Found *f, NodeList *body, const char *prefix) {
  if (!body) return;
  for (int i = 0; i < body->len; i++) {
    Node *st = body->items[i];
    NodeList *inner = st->kind == S_DEF ? st->list2 : st->kind == S_CLASS ? st->list : NULL;
    if (!inner) continue;
    char name[96];
    snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", st->str);
    found_add(f, inner->len ? inner->items[0] : NULL, name);
    walk(f, inner, name);
  }
}

bool transcript_docstrings(const char *src, size_t len, Docstring **out, int *n) {
  *out = NULL;
  *n = 0;
  Arena arena;
  ast_arena_init(&arena);
  NodeList *body;
  ParseError err;
  memset(&err, 0, sizeof err);
  if (!parse_module(&arena, src, len, &body, &err)) {
    ast_arena_free(&arena);
    return false;
  }
  Found f = {0};
  found_add(&f, body && body->len ? body->items[0] : NULL, "module");
  walk(&f, body, "");
  ast_arena_free(&arena);
  if (f.failed) {
    transcript_docstrings_free(f.items, f.len);
    return false;
  }
  *out = f.items;
  *n = f.len;
  return true;
}

void transcript_docstrings_free(Docstring *d, int n) {
  for (int i = 0; i < n; i++) free(d[i].text);
  free(d);
}
