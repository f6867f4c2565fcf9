/* replay.c: replaying transcripts.  Each example runs as an input of an
 * interactive session (session.c): what it prints on stdout is its output;
 * an exception it raises is compared by its last line, as doctest does.
 * The oracle (CPython) replays the same examples through a small Python
 * driver, which reports each example's output and exception.  See
 * replay.h. */
#include "shell/replay.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/str.h"
#include "shell/diff.h"
#include "shell/repl.h"
#include "shell/run.h"
#include "shell/session.h"
#include "shell/transcript.h"
#include "shell/watch.h"

/* What an example did: its stdout, its stderr, and the last line of what
 * it raised (a SystemExit included). */
typedef struct Got {
  Buf out, err;
  bool raised;
  char exc[1024];
} Got;

static void got_free(Got *g, int n) {
  for (int i = 0; i < n; i++) {
    buf_free(&g[i].out);
    buf_free(&g[i].err);
  }
  free(g);
}

/* ------------------------------------------------------------ with lst */

/* Runs the examples (not the skipped ones) in vm, one after another, as
 * the prompt runs them: an example that starts with % is one of its
 * commands, and the allocation trace (%trace on) shows among the output,
 * as on the terminal. */
static void run_examples(VM *vm, const Transcript *t, Got *g) {
  Watch w;
  memset(&w, 0, sizeof w);
  w.counts = w.samples = true;
  w.out = stdout;
  watch_install(vm, &w);
  Capture co, ce;
  capture_begin(&co, 1);
  capture_begin(&ce, 2);
  int inputs = 0;
  for (int i = 0; i < t->len; i++) {
    if (t->items[i].options & TRANSCRIPT_SKIP) continue;
    const char *src = t->items[i].source;
    if (src[0] == '%') {
      char *line = strndup(src, strcspn(src, "\n"));
      if (line) repl_command(vm, &w, line);
      free(line);
      capture_take(&co, &g[i].out);
      capture_take(&ce, &g[i].err);
      continue;
    }
    w.input = ++inputs;
    int status;
    SessionOutcome r = session_run(vm, src, &status, g[i].exc, sizeof g[i].exc);
    g[i].raised = r != SESSION_DONE;
    capture_take(&co, &g[i].out);
    capture_take(&ce, &g[i].err);
  }
  capture_end(&co);
  capture_end(&ce);
  watch_uninstall(vm, &w);
}

/* A session for a file's docstrings: the module run first, its output
 * dropped, under its own name as `import` would run it.  NULL (with the
 * reason in why) if it does not run. */
static VM *module_session(const TestOptions *o, const char *path, const char *src, size_t len,
                          char *why, size_t cap) {
  VM *vm = testcase_vm(o);
  if (!vm) {
    snprintf(why, cap, "out of memory");
    return NULL;
  }
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  Str *name = str_new(vm, base, strlen(base) > 4 ? strlen(base) - 4 : strlen(base));
  int slot = vm_global_slot(vm, vm->s_name);
  if (name && slot >= 0) vm->globals[slot] = OBJ_VAL(name);
  Capture co, ce;
  Buf err;
  buf_init(&err);
  capture_begin(&co, 1);
  capture_begin(&ce, 2);
  int status = run_source(vm, path, src, len);
  capture_take(&ce, &err);
  capture_end(&co);
  capture_end(&ce);
  if (status != 0) {
    const char *e = err.data ? err.data : "";
    size_t n = strlen(e);
    while (n && e[n - 1] == '\n') n--;
    size_t s = n;
    while (s && e[s - 1] != '\n') s--;
    snprintf(why, cap, "the module does not run: %.*s", (int)(n - s), e + s);
    buf_free(&err);
    vm_free(vm);
    return NULL;
  }
  buf_free(&err);
  vm->filename = "<stdin>";
  vm->source = NULL;
  vm->source_len = 0;
  return vm;
}

/* ------------------------------------------------------- with the oracle */

/* The oracle's side: reads examples (a length-prefixed list) on stdin,
 * runs each in 'single' mode as doctest does, and writes for each its
 * output and the last line of the exception it raised. */
static const char oracle_driver[] =
    "import sys, io, traceback, runpy, contextlib\n"
    "data = sys.stdin.buffer.read()\n"
    "def take(pos):\n"
    "    nl = data.index(b'\\n', pos)\n"
    "    n = int(data[pos:nl])\n"
    "    return data[nl + 1:nl + 1 + n].decode('utf-8'), nl + 1 + n\n"
    "module, pos = take(0)\n"
    "name, pos = take(pos)\n"
    "g = {'__name__': '__main__'}\n"
    "if module:\n"
    "    with contextlib.redirect_stdout(io.StringIO()):\n"
    "        g = dict(runpy.run_path(module, run_name=name))\n"
    "out = sys.stdout.buffer\n"
    "while pos < len(data):\n"
    "    src, pos = take(pos)\n"
    "    got, exc = io.StringIO(), ''\n"
    "    try:\n"
    "        with contextlib.redirect_stdout(got):\n"
    "            exec(compile(src, '<stdin>', 'single'), g)\n"
    "    except BaseException as e:\n"
    "        exc = '!' + traceback.format_exception_only(type(e), e)[-1].rstrip('\\n')\n"
    "    for part in (got.getvalue(), exc):\n"
    "        b = part.encode('utf-8')\n"
    "        out.write(b'%d\\n' % len(b) + b)\n";

static void put_part(Buf *b, const char *s) { buf_addf(b, "%zu\n%s", strlen(s), s); }

static bool take_part(const char **p, const char *end, Buf *out) {
  char *nl = memchr(*p, '\n', (size_t)(end - *p));
  if (!nl) return false;
  size_t n = strtoul(*p, NULL, 10);
  if ((size_t)(end - nl - 1) < n) return false;
  buf_add(out, nl + 1, n);
  *p = nl + 1 + n;
  return true;
}

/* The oracle's outcomes for the examples; false if it cannot run. */
static bool oracle_examples(const char *oracle, const char *module, const char *name,
                            const Transcript *t, Got *g, char *why, size_t cap) {
  Buf in, out, err;
  buf_init(&in);
  buf_init(&out);
  buf_init(&err);
  put_part(&in, module ? module : "");
  put_part(&in, name ? name : "");
  for (int i = 0; i < t->len; i++) put_part(&in, t->items[i].source);
  char *argv[] = {(char *)oracle, "-c", (char *)oracle_driver, NULL};
  int status;
  bool ok =
      !in.failed && testcase_spawn(argv, NULL, NULL, in.data, &out, &err, &status) && status == 0;
  const char *p = out.data ? out.data : "", *end = p + out.len;
  for (int i = 0; ok && i < t->len; i++) {
    Buf exc;
    buf_init(&exc);
    ok = take_part(&p, end, &g[i].out) && take_part(&p, end, &exc);
    g[i].raised = ok && exc.len > 0;
    if (g[i].raised) snprintf(g[i].exc, sizeof g[i].exc, "%s", exc.data + 1);
    buf_free(&exc);
  }
  if (!ok)
    snprintf(why, cap, "the oracle %s could not replay it: %.300s", oracle,
             err.data ? err.data : "no output");
  buf_free(&in);
  buf_free(&out);
  buf_free(&err);
  return ok;
}

/* ------------------------------------------------------------- compare */

/* Whether an example's outcome is what it expects, as doctest's runner
 * decides; why names the kind of difference. */
static bool example_ok(const Example *e, const Got *g, const char **why) {
  if (g->raised) {
    if (!e->exc_msg) {
      *why = "unexpected exception";
      return false;
    }
    char line[1100];
    snprintf(line, sizeof line, "%s\n", g->exc);
    *why = "the exception differs";
    return transcript_matches(e->exc_msg, line, e->options);
  }
  *why = e->exc_msg ? "expected an exception" : "output differs";
  return transcript_matches(e->want, g->out.data ? g->out.data : "", e->options);
}

/* What the example printed, as an expected output would hold it. */
static char *shown(const Got *g) {
  Buf b;
  buf_init(&b);
  if (g->raised) {
    const char *err = g->err.data ? g->err.data : "";
    if (strncmp(err, "Traceback (most recent call last):", 34) == 0)
      buf_adds(&b, err);
    else
      buf_addf(&b, "Traceback (most recent call last):\n  ...\n%s\n", g->exc);
  } else {
    buf_add(&b, g->out.data ? g->out.data : "", g->out.len);
  }
  return b.data ? b.data : strdup("");
}

/* ------------------------------------------------------------ updating */

typedef struct Edit {
  int line, count, indent; /* the want lines to replace */
  char *text;              /* the new expected output */
  int prompt;              /* the example's `>>> ` line, which must still be there */
  char *first;             /* its first line of source */
} Edit;

/* Rewrites path with each edit's lines replaced by its text, indented and
 * with empty lines as <BLANKLINE>; the last edits first, so that the line
 * numbers of the others hold. */
static bool rewrite(const TestOptions *o, const char *path, Edit *edits, int n) {
  size_t len;
  char *src = testcase_read(path, &len);
  if (!src) return false;
  /* the file's lines */
  int nlines = 0;
  for (size_t i = 0; i < len; i++) nlines += src[i] == '\n';
  const char **at = malloc(((size_t)nlines + 2) * sizeof *at);
  size_t *ln = malloc(((size_t)nlines + 2) * sizeof *ln);
  if (!at || !ln) {
    free(src), free(at), free(ln);
    return false;
  }
  int k = 0;
  for (size_t i = 0; i < len;) {
    size_t j = i;
    while (j < len && src[j] != '\n') j++;
    at[k] = src + i;
    ln[k++] = j - i;
    i = j + 1;
  }
  Buf b;
  buf_init(&b);
  int next = 0; /* the next file line (0-based) to copy */
  for (int e = 0; e < n; e++) {
    /* the example must be where it was found (a docstring with escapes
     * would not map line for line): else the file is left alone */
    int at_prompt = edits[e].prompt - 1;
    size_t fl = edits[e].first ? strlen(edits[e].first) : 0;
    if (!edits[e].first || at_prompt >= k || ln[at_prompt] < fl + 4 ||
        memcmp(at[at_prompt] + ln[at_prompt] - fl, edits[e].first, fl) != 0) {
      buf_free(&b);
      free(src), free(at), free(ln);
      return false;
    }
    for (; next < edits[e].line - 1 && next < k; next++) {
      buf_add(&b, at[next], ln[next]);
      buf_addc(&b, '\n');
    }
    for (const char *t = edits[e].text; *t;) {
      const char *nl = strchr(t, '\n');
      size_t m = nl ? (size_t)(nl - t) : strlen(t);
      for (int s = 0; s < edits[e].indent; s++) buf_addc(&b, ' ');
      if (m)
        buf_add(&b, t, m);
      else
        buf_adds(&b, "<BLANKLINE>");
      buf_addc(&b, '\n');
      t += m + (nl ? 1 : 0);
    }
    next += edits[e].count;
  }
  for (; next < k; next++) {
    buf_add(&b, at[next], ln[next]);
    if (next < k - 1 || (len && src[len - 1] == '\n')) buf_addc(&b, '\n');
  }
  bool ok = !b.failed && testcase_write(o, path, b.data ? b.data : "", b.len);
  buf_free(&b);
  free(src), free(at), free(ln);
  return ok;
}

/* --------------------------------------------------------------- units */

/* Compares (and with --update, collects the edits of) one transcript's
 * examples.  module/name: the docstrings' module, or NULL for a text. */
static void check(const TestOptions *o, const char *path, const Transcript *t, Got *g,
                  const char *module, const char *name, Edit *edits, int *nedits) {
  Got *c = NULL; /* CPython's, to confirm an update */
  bool confirmed = false;
  for (int i = 0; i < t->len; i++) {
    const Example *e = &t->items[i];
    char test[PATH_MAX + 16];
    snprintf(test, sizeof test, "%s:%d", path, e->line);
    if (e->options & TRANSCRIPT_SKIP) {
      testcase_skip(o, test);
      continue;
    }
    const char *why;
    if (example_ok(e, &g[i], &why)) {
      testcase_pass(o, test);
      continue;
    }
    char *got = shown(&g[i]);
    if (!o->update) {
      testcase_fail(o, test, why, e->want, strlen(e->want), got, strlen(got));
      free(got);
      continue;
    }
    if (!o->oracle && !o->force && !confirmed) {
      confirmed = true;
      c = calloc((size_t)t->len, sizeof *c);
      char whynot[600];
      if (c && !oracle_examples("python3", module, name, t, c, whynot, sizeof whynot)) {
        got_free(c, t->len);
        c = NULL;
      }
    }
    bool agrees = o->oracle || o->force ||
                  (c && c[i].raised == g[i].raised &&
                   (g[i].raised ? strcmp(c[i].exc, g[i].exc) == 0
                                : strcmp(c[i].out.data ? c[i].out.data : "",
                                         g[i].out.data ? g[i].out.data : "") == 0));
    if (!agrees) {
      Buf r;
      buf_init(&r);
      buf_addf(&r, "%s; not updated: CPython (python3) %s; --force updates from lst anyway", why,
               c ? "gives something else" : "could not be run to confirm");
      testcase_fail(o, test, r.data, e->want, strlen(e->want), got, strlen(got));
      buf_free(&r);
      free(got);
      continue;
    }
    Buf r;
    buf_init(&r);
    buf_addf(&r, "%s\n", why);
    diff_unified(&r, "expected", e->want, strlen(e->want), "got", got, strlen(got));
    buf_addf(&r, "updated %s:%d\n", path, e->line);
    testcase_updated(o, test, r.data);
    buf_free(&r);
    const char *nl = strchr(e->source, '\n');
    char *first = strndup(e->source, nl ? (size_t)(nl - e->source) : strlen(e->source));
    edits[(*nedits)++] = (Edit){e->want_line, e->want_lines, e->indent, got, e->line, first};
  }
  if (c) got_free(c, t->len);
}

static void finish_edits(const TestOptions *o, const char *path, Edit *edits, int n) {
  if (n && !rewrite(o, path, edits, n)) {
    char note[PATH_MAX + 40];
    snprintf(note, sizeof note, "%s: the updates could not be written", path);
    testcase_note(o, note);
  }
  for (int i = 0; i < n; i++) free(edits[i].text), free(edits[i].first);
}

void replay_text(const TestOptions *o, const char *path) {
  size_t len;
  char *text = testcase_read(path, &len);
  if (!text) {
    testcase_fail(o, path, "cannot be read", NULL, 0, NULL, 0);
    return;
  }
  size_t plen = strlen(path);
  bool markdown = plen > 3 && strcmp(path + plen - 3, ".md") == 0;
  Transcript t;
  char err[300];
  if (!transcript_parse(text, len, 1, markdown, &t, err, sizeof err)) {
    testcase_fail(o, path, err, NULL, 0, NULL, 0);
    free(text);
    return;
  }
  Got *g = calloc((size_t)t.len + 1, sizeof *g);
  Edit *edits = calloc((size_t)t.len + 1, sizeof *edits);
  int nedits = 0;
  char why[600];
  VM *vm = o->oracle ? NULL : testcase_vm(o);
  if (!g || !edits) {
    testcase_fail(o, path, "out of memory", NULL, 0, NULL, 0);
  } else if (o->oracle ? !oracle_examples(o->oracle, NULL, NULL, &t, g, why, sizeof why) : !vm) {
    testcase_fail(o, path, o->oracle ? why : "out of memory", NULL, 0, NULL, 0);
  } else {
    if (vm) {
      vm->filename = "<stdin>";
      run_examples(vm, &t, g);
    }
    check(o, path, &t, g, NULL, NULL, edits, &nedits);
    finish_edits(o, path, edits, nedits);
  }
  if (vm) testcase_vm_done(vm);
  if (g) got_free(g, t.len);
  free(edits);
  transcript_free(&t);
  free(text);
}

void replay_docstrings(const TestOptions *o, const char *path) {
  size_t len;
  char *src = testcase_read(path, &len);
  if (!src) {
    testcase_fail(o, path, "cannot be read", NULL, 0, NULL, 0);
    return;
  }
  Docstring *docs;
  int ndocs;
  if (!transcript_docstrings(src, len, &docs, &ndocs)) {
    testcase_fail(o, path, "does not parse", NULL, 0, NULL, 0);
    free(src);
    return;
  }
  char absolute[PATH_MAX];
  if (!realpath(path, absolute)) snprintf(absolute, sizeof absolute, "%s", path);
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  char name[256];
  snprintf(name, sizeof name, "%.*s", (int)(strlen(base) > 4 ? strlen(base) - 4 : strlen(base)),
           base);
  int total = 0;
  for (int d = 0; d < ndocs; d++) total += 1 + (int)strlen(docs[d].text) / 4;
  Edit *edits = calloc((size_t)total + 1, sizeof *edits);
  int nedits = 0;
  for (int d = 0; d < ndocs && edits; d++) {
    Transcript t;
    char err[300];
    if (!transcript_parse(docs[d].text, strlen(docs[d].text), docs[d].line, false, &t, err,
                          sizeof err)) {
      char test[PATH_MAX + 16];
      snprintf(test, sizeof test, "%s:%d", path, docs[d].line);
      testcase_fail(o, test, err, NULL, 0, NULL, 0);
      continue;
    }
    if (t.len == 0) {
      transcript_free(&t);
      continue;
    }
    Got *g = calloc((size_t)t.len, sizeof *g);
    char why[600];
    VM *vm = NULL;
    bool ran =
        g && (o->oracle ? oracle_examples(o->oracle, absolute, name, &t, g, why, sizeof why)
                        : (vm = module_session(o, absolute, src, len, why, sizeof why)) != NULL);
    if (!ran) {
      for (int i = 0; i < t.len; i++) {
        char test[PATH_MAX + 16];
        snprintf(test, sizeof test, "%s:%d", path, t.items[i].line);
        testcase_fail(o, test, g ? why : "out of memory", NULL, 0, NULL, 0);
      }
    } else {
      if (vm) run_examples(vm, &t, g);
      check(o, path, &t, g, absolute, name, edits, &nedits);
    }
    if (vm) testcase_vm_done(vm);
    if (g) got_free(g, t.len);
    transcript_free(&t);
  }
  finish_edits(o, path, edits, nedits);
  free(edits);
  transcript_docstrings_free(docs, ndocs);
  free(src);
}
