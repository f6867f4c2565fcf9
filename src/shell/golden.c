/* golden.c: running a golden program and comparing what it did with its
 * expected files; with --update, rewriting the files that differ (only
 * those, and only where CPython agrees unless --force); with --oracle,
 * taking the oracle interpreter's output instead of lst's.  See golden.h.
 * Runs in the unit's own child process (testrun.c). */
#include "shell/golden.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell/diff.h"
#include "shell/run.h"
#include "shell/watch.h"

typedef struct Expected {
  char *out, *status, *err, *refuse, *trace, *args;
  size_t nout, nstatus, nerr, nrefuse, ntrace, nargs;
  bool fed; /* NAME.stdin: the program comes on stdin */
} Expected;

typedef struct Outcome {
  Buf out, err, trace;
  int status;
} Outcome;

/* NAME + suffix; a path too long for the buffer is no file's, and empty. */
static void sibling(char *out, size_t cap, const char *stem, const char *suffix) {
  if (snprintf(out, cap, "%s%s", stem, suffix) >= (int)cap) out[0] = '\0';
}

static char *load(const char *stem, const char *suffix, size_t *n) {
  char p[PATH_MAX];
  sibling(p, sizeof p, stem, suffix);
  return testcase_read(p, n);
}

static void expected_free(Expected *e) {
  free(e->out);
  free(e->status);
  free(e->err);
  free(e->refuse);
  free(e->trace);
  free(e->args);
}

/* The program's arguments from NAME.args: words split at white space. */
static int split_args(char *args, char **argv, int max) {
  int n = 0;
  for (char *p = args; p && *p && n < max;) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') *p++ = '\0';
    if (!*p) break;
    argv[n++] = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') p++;
  }
  return n;
}

/* Runs the program in this process with lst: its stdout, stderr, trace
 * (when NAME.trace exists) and exit status. */
static bool run_lst(const TestOptions *o, const char *folder, const char *base, const Expected *e,
                    char **args, int nargs, Outcome *r) {
  size_t len;
  char *src = testcase_read(base, &len);
  if (!src) return false;
  char shown[PATH_MAX];
  if (snprintf(shown, sizeof shown, "%s/%s", folder, base) >= (int)sizeof shown)
    shown[sizeof shown - 1] = '\0'; /* shown cut short: it only names the file */
  VM *vm = testcase_vm(o);
  if (!vm || !run_set_argv(vm, args, nargs, e->fed ? "" : base)) {
    free(src);
    return false;
  }
  if (getenv("LST_GC_STRESS")) vm->gc_stress = 1;
  Watch w;
  memset(&w, 0, sizeof w);
  char *trace_text = NULL;
  size_t trace_len = 0;
  FILE *trace = e->trace ? open_memstream(&trace_text, &trace_len) : NULL;
  if (trace) {
    w.trace = true;
    w.out = trace;
    watch_install(vm, &w);
  }
  Capture co, ce;
  capture_begin(&co, 1);
  capture_begin(&ce, 2);
  const char *name = e->fed ? "<stdin>" : shown;
  Source source;
  if (run_prepare_source(name, src, len, SOURCE_FILE, &source)) {
    r->status = run_source(vm, name, source.text, source.len);
    source_free(&source);
  } else {
    r->status = 1;
  }
  capture_take(&co, &r->out);
  capture_take(&ce, &r->err);
  capture_end(&co);
  capture_end(&ce);
  watch_uninstall(vm, &w);
  testcase_vm_done(vm);
  if (trace) {
    fclose(trace);
    buf_add(&r->trace, trace_text, trace_len);
    free(trace_text);
  }
  free(src);
  return true;
}

/* Runs the program with another interpreter, as a process: cmd [option]
 * NAME.lst ARGS (or the program on stdin). */
static bool run_command(const char *cmd, const char *option, const char *folder, const char *base,
                        const Expected *e, char **args, int nargs, Outcome *r) {
  char *argv[70];
  int n = 0;
  argv[n++] = (char *)cmd;
  if (option) argv[n++] = (char *)option;
  if (!e->fed) argv[n++] = (char *)base;
  for (int i = 0; i < nargs && n < 68; i++) argv[n++] = args[i];
  argv[n] = NULL;
  return testcase_spawn(argv, folder, e->fed ? base : NULL, NULL, &r->out, &r->err, &r->status) ||
         r->status >= 0;
}

/* The oracle interpreter (CPython). */
static bool run_oracle(const char *oracle, const char *folder, const char *base, const Expected *e,
                       char **args, int nargs, Outcome *r) {
  return run_command(oracle, NULL, folder, base, e, args, nargs, r);
}

/* Another build of lst (--lst CMD): with NAME.trace, under --trace-alloc,
 * whose lines are then taken out of stderr into the trace (each starts
 * "[event] line="). */
static bool run_other_lst(const char *cmd, const char *folder, const char *base, const Expected *e,
                          char **args, int nargs, Outcome *r) {
  if (!run_command(cmd, e->trace ? "--trace-alloc" : NULL, folder, base, e, args, nargs, r))
    return false;
  if (!e->trace || !r->err.data) return true;
  Buf rest;
  buf_init(&rest);
  for (const char *s = r->err.data, *end = s + r->err.len; s < end;) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *eol = nl ? nl + 1 : end;
    const char *close = s[0] == '[' ? memchr(s, ']', (size_t)(eol - s)) : NULL;
    bool event = close && (size_t)(eol - close) > 7 && memcmp(close, "] line=", 7) == 0;
    buf_add(event ? &r->trace : &rest, s, (size_t)(eol - s));
    s = eol;
  }
  buf_free(&r->err);
  r->err = rest;
  return true;
}

/* stderr as the expected files hold it: the folder written as <dir>. */
static char *normal_err(const Buf *err, const char *folder) {
  Buf b;
  buf_init(&b);
  char prefix[PATH_MAX + 2];
  snprintf(prefix, sizeof prefix, "%s/", folder);
  size_t np = strlen(prefix);
  const char *p = err->data ? err->data : "", *end = p + err->len;
  while (p < end) {
    if ((size_t)(end - p) >= np && memcmp(p, prefix, np) == 0) {
      buf_adds(&b, "<dir>/");
      p += np;
    } else {
      buf_addc(&b, *p++);
    }
  }
  return b.data ? b.data : strdup("");
}

/* The last line of text, without its newline. */
static void last_line(const char *text, char *out, size_t cap) {
  size_t n = strlen(text);
  while (n && text[n - 1] == '\n') n--;
  size_t s = n;
  while (s && text[s - 1] != '\n') s--;
  snprintf(out, cap, "%.*s", (int)(n - s), text + s);
}

/* Lines of a trace, less [collect] ones when the collector runs at every
 * safe point (LST_GC_STRESS): when a list is reclaimed is its own then. */
static char *trace_lines(const char *t, size_t n) {
  Buf b;
  buf_init(&b);
  bool stress = getenv("LST_GC_STRESS") != NULL;
  for (const char *s = t, *end = t + n; s < end;) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *e = nl ? nl + 1 : end;
    if (!(stress && (size_t)(e - s) >= 9 && memcmp(s, "[collect]", 9) == 0))
      buf_add(&b, s, (size_t)(e - s));
    s = e;
  }
  return b.data ? b.data : strdup("");
}

static bool text_ok(const char *s, size_t n) { return memchr(s, '\0', n) == NULL; }

/* Adds a section to the report: a reason and the diff. */
static void section(Buf *report, const char *reason, const char *want, size_t nw, const char *got,
                    size_t ng) {
  buf_addf(report, "%s\n", reason);
  diff_unified(report, "expected", want, nw, "got", got, ng);
}

static bool equal(const char *a, size_t na, const char *b, size_t nb) {
  return na == nb && memcmp(a, b, na) == 0;
}

/* --update: the expected files that differ are rewritten from what the
 * run printed, and no other file is touched; lst's output is kept only
 * where CPython (python3) prints the same, unless --force. */
static void golden_update(const TestOptions *o, const char *path, const char *stem,
                          const Expected *e, const Outcome *r, const char *err,
                          const char *status_text, Buf *report, const char *folder, char **args,
                          int nargs) {
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  if (e->refuse && !o->oracle) {
    buf_adds(report, "not updated: lst refuses this program (its NAME.refuse says how)\n");
    testcase_fail(o, path, report->data, NULL, 0, NULL, 0);
    return;
  }
  if (!o->oracle && !o->force) {
    Outcome c;
    memset(&c, 0, sizeof c);
    bool ran = run_oracle("python3", folder, base, e, args, nargs, &c);
    char *cerr = normal_err(&c.err, folder);
    char clast[1024], cstatus[1200];
    last_line(cerr, clast, sizeof clast);
    snprintf(cstatus, sizeof cstatus, "%d\n%s\n", c.status, clast);
    bool agree = ran &&
                 equal(c.out.data ? c.out.data : "", c.out.len, r->out.data ? r->out.data : "",
                       r->out.len) &&
                 (c.status == 0 ? r->status == 0 : strcmp(cstatus, status_text) == 0);
    if (!agree) {
      buf_adds(report,
               ran ? "not updated: CPython (python3) prints something else; --force updates "
                     "from lst anyway\n"
                   : "not updated: python3 could not be run to confirm; --force updates "
                     "from lst anyway\n");
      if (ran) {
        diff_unified(report, "CPython", c.out.data ? c.out.data : "", c.out.len, "lst",
                     r->out.data ? r->out.data : "", r->out.len);
        if (strcmp(cstatus, status_text) != 0)
          diff_unified(report, "CPython", cstatus, strlen(cstatus), "lst", status_text,
                       strlen(status_text));
      }
      testcase_fail(o, path, report->data, NULL, 0, NULL, 0);
      free(cerr);
      buf_free(&c.out);
      buf_free(&c.err);
      return;
    }
    free(cerr);
    buf_free(&c.out);
    buf_free(&c.err);
  }
  char p[PATH_MAX];
  bool ok = true;
  const char *out = r->out.data ? r->out.data : "";
  if (!equal(e->out, e->nout, out, r->out.len)) {
    sibling(p, sizeof p, stem, ".out");
    ok &= testcase_write(o, p, out, r->out.len);
    buf_addf(report, "updated %s.out\n", stem);
  }
  if ((e->status || r->status != 0) && (!e->status || strcmp(e->status, status_text) != 0)) {
    sibling(p, sizeof p, stem, ".status");
    ok &= testcase_write(o, p, status_text, strlen(status_text));
    buf_addf(report, "updated %s.status\n", stem);
  }
  if (e->err && strcmp(e->err, err) != 0) {
    sibling(p, sizeof p, stem, ".err");
    ok &= testcase_write(o, p, err, strlen(err));
    buf_addf(report, "updated %s.err\n", stem);
  }
  if (e->trace && !o->oracle &&
      !equal(e->trace, e->ntrace, r->trace.data ? r->trace.data : "", r->trace.len)) {
    sibling(p, sizeof p, stem, ".trace");
    ok &= testcase_write(o, p, r->trace.data ? r->trace.data : "", r->trace.len);
    buf_addf(report, "updated %s.trace\n", stem);
  }
  if (ok)
    testcase_updated(o, path, report->data);
  else
    testcase_fail(o, path, report->data, NULL, 0, NULL, 0);
}

void golden_check(const TestOptions *o, const char *path) {
  char folder[PATH_MAX], stem[PATH_MAX];
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  if (slash)
    snprintf(folder, sizeof folder, "%.*s", (int)(slash - path), path);
  else
    snprintf(folder, sizeof folder, ".");
  char absolute[PATH_MAX];
  if (!realpath(folder, absolute)) {
    testcase_fail(o, path, "cannot find its folder", NULL, 0, NULL, 0);
    return;
  }
  if (chdir(absolute) != 0) {
    testcase_fail(o, path, "cannot enter its folder", NULL, 0, NULL, 0);
    return;
  }
  snprintf(stem, sizeof stem, "%.*s", (int)(strlen(base) - 4), base);
  Expected e;
  memset(&e, 0, sizeof e);
  e.out = load(stem, ".out", &e.nout);
  e.status = load(stem, ".status", &e.nstatus);
  e.err = load(stem, ".err", &e.nerr);
  e.refuse = load(stem, ".refuse", &e.nrefuse);
  e.trace = load(stem, ".trace", &e.ntrace);
  e.args = load(stem, ".args", &e.nargs);
  char p[PATH_MAX];
  sibling(p, sizeof p, stem, ".stdin");
  e.fed = access(p, F_OK) == 0;
  if (!e.out) {
    testcase_fail(o, path, "no expected output: NAME.out is missing or unreadable", NULL, 0, NULL,
                  0);
    expected_free(&e);
    return;
  }
  if (!text_ok(e.out, e.nout) || (e.err && !text_ok(e.err, e.nerr))) {
    testcase_fail(o, path, "an expected file is not text (it holds NUL bytes)", NULL, 0, NULL, 0);
    expected_free(&e);
    return;
  }
  char *args[64];
  int nargs = split_args(e.args, args, 64);
  Outcome r;
  memset(&r, 0, sizeof r);
  buf_init(&r.out);
  buf_init(&r.err);
  buf_init(&r.trace);
  bool ran = o->oracle ? run_oracle(o->oracle, absolute, base, &e, args, nargs, &r)
             : o->lst  ? run_other_lst(o->lst, absolute, base, &e, args, nargs, &r)
                       : run_lst(o, absolute, base, &e, args, nargs, &r);
  if (!ran) {
    testcase_fail(o, path, o->oracle ? "the oracle could not be run" : "could not be run", NULL, 0,
                  NULL, 0);
    expected_free(&e);
    return;
  }
  const char *out = r.out.data ? r.out.data : "";
  char *err = normal_err(&r.err, absolute);
  char last[1024];
  last_line(err, last, sizeof last);
  char status_text[1200];
  snprintf(status_text, sizeof status_text, "%d\n%s\n", r.status, last);
  Buf report;
  buf_init(&report);
  char want_status[1200] = "";
  if (e.refuse && !o->oracle) {
    char refuse_line[1024];
    last_line(e.refuse, refuse_line, sizeof refuse_line);
    snprintf(want_status, sizeof want_status, "1\n%s\n", refuse_line);
    if (r.status != 1 || strcmp(last, refuse_line) != 0)
      section(&report, "the refusal differs", want_status, strlen(want_status), status_text,
              strlen(status_text));
    if (r.out.len > e.nout || memcmp(out, e.out, r.out.len) != 0)
      section(&report, "stdout is not a prefix of CPython's", e.out, e.nout, out, r.out.len);
  } else {
    if (!equal(e.out, e.nout, out, r.out.len))
      section(&report, "stdout differs", e.out, e.nout, out, r.out.len);
    if (e.status) {
      if (strcmp(e.status, status_text) != 0 && !(e.nstatus && e.status[e.nstatus - 1] != '\n' &&
                                                  strncmp(e.status, status_text, e.nstatus) == 0))
        section(&report, "exit status or last stderr line differs", e.status, e.nstatus,
                status_text, strlen(status_text));
    } else if (r.status != 0) {
      char why[64];
      snprintf(why, sizeof why, "exit status %d", r.status);
      section(&report, why, "", 0, err, strlen(err));
    }
    if (e.err && strcmp(e.err, err) != 0)
      section(&report, "stderr differs", e.err, e.nerr, err, strlen(err));
    if (e.trace && !o->oracle) {
      char *want = trace_lines(e.trace, e.ntrace),
           *got = trace_lines(r.trace.data ? r.trace.data : "", r.trace.len);
      if (strcmp(want, got) != 0)
        section(&report, "allocation trace differs", want, strlen(want), got, strlen(got));
      free(want);
      free(got);
    }
  }
  if (!report.len) {
    testcase_pass(o, path);
  } else if (!o->update) {
    testcase_fail(o, path, report.data, NULL, 0, NULL, 0);
  } else {
    golden_update(o, path, stem, &e, &r, err, status_text, &report, absolute, args, nargs);
  }
  buf_free(&report);
  free(err);
  buf_free(&r.out);
  buf_free(&r.err);
  buf_free(&r.trace);
  expected_free(&e);
}
