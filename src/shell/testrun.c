/* testrun.c: `lst test`.  Finds the units (a golden program, a text
 * transcript, the docstrings of a .lst file), runs each in a forked child
 * that sends its records back through a pipe, at most -j at once, kills a
 * child past --timeout, turns a crash into a failure, and prints the
 * results in the order the units were found.  See testrun.h. */
#include "shell/testrun.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "shell/golden.h"
#include "shell/replay.h"
#include "shell/run.h"
#include "shell/testcase.h"

#define TEST_MEMORY ((rlim_t)4 << 30) /* address space a test may use */

static const char usage[] =
    "usage: lst test [options] PATH...\n"
    "Runs the golden programs (NAME.lst with NAME.out beside it) and the transcripts\n"
    "(>>> examples in .md and .txt files and in the docstrings of .lst files) found\n"
    "under each PATH, a file or a folder.\n"
    "Options:\n"
    "  -v              list every test, not only the failures\n"
    "  --tap           report in TAP (for meson's protocol: 'tap')\n"
    "  --update        rewrite the expected output that differs, from lst's run, where\n"
    "                  CPython (python3) prints the same\n"
    "  --force         with --update: rewrite even where CPython prints something else\n"
    "  --oracle CMD    take the expected output from CMD (python3) instead of lst:\n"
    "                  check the expected files against it, or write them (--update)\n"
    "  --lst CMD       run the golden programs with CMD, another build of lst (the\n"
    "                  WebAssembly one under node), checked as this one's runs are;\n"
    "                  transcripts are skipped\n"
    "  -j N            run N tests at once (default: the number of cores)\n"
    "  --timeout S     a test that runs longer than S seconds fails (default 10)\n";

typedef enum { UNIT_GOLDEN, UNIT_TEXT, UNIT_DOCSTRINGS, UNIT_NONE } UnitKind;

typedef struct Unit {
  UnitKind kind;
  char *path;
  pid_t pid; /* while it runs */
  int fd;    /* its records come here */
  double deadline;
  Buf records;
  bool done, printed;
  char failure[160]; /* how the child ended, when it did not end well */
} Unit;

typedef struct Run {
  Unit *units;
  int len, cap;
  TestOptions opt;
  bool verbose, tap;
  int jobs;
  double timeout;
  int passed, failed, skipped, tap_count;
} Run;

static volatile sig_atomic_t stop;
static void on_signal(int sig) {
  (void)sig;
  stop = 1;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ discovery */

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool has_examples(const char *path) {
  size_t len;
  char *text = testcase_read(path, &len);
  bool yes = text && memmem(text, len, ">>>", 3) != NULL;
  free(text);
  return yes;
}

static bool add_unit(Run *r, UnitKind kind, const char *path) {
  if (r->len == r->cap) {
    int cap = r->cap ? r->cap * 2 : 64;
    Unit *u = realloc(r->units, (size_t)cap * sizeof *u);
    if (!u) return false;
    r->units = u;
    r->cap = cap;
  }
  Unit *u = &r->units[r->len++];
  memset(u, 0, sizeof *u);
  u->kind = kind;
  u->path = strdup(path);
  u->fd = -1;
  buf_init(&u->records);
  return u->path != NULL;
}

/* The units of a file; named: given on the command line (a file that holds
 * no test is then reported, not passed over). */
static void discover_file(Run *r, const char *path, bool named) {
  bool found = false;
  if (ends_with(path, ".lst")) {
    char out[PATH_MAX];
    snprintf(out, sizeof out, "%.*s.out", (int)(strlen(path) - 4), path);
    if (access(out, F_OK) == 0) found = add_unit(r, UNIT_GOLDEN, path);
    if (has_examples(path)) found = add_unit(r, UNIT_DOCSTRINGS, path) || found;
  } else if (ends_with(path, ".md") || ends_with(path, ".txt")) {
    if (has_examples(path)) found = add_unit(r, UNIT_TEXT, path);
  }
  if (!found && named) add_unit(r, UNIT_NONE, path);
}

static int by_name(const struct dirent **a, const struct dirent **b) {
  return strcmp((*a)->d_name, (*b)->d_name);
}

static void discover(Run *r, const char *path, bool named) {
  struct stat st;
  if (stat(path, &st) != 0) return;
  if (!S_ISDIR(st.st_mode)) {
    discover_file(r, path, named);
    return;
  }
  struct dirent **list;
  int n = scandir(path, &list, NULL, by_name);
  for (int i = 0; i < n; i++) {
    const char *name = list[i]->d_name;
    if (name[0] != '.') {
      char sub[PATH_MAX];
      snprintf(sub, sizeof sub, "%s%s%s", path, ends_with(path, "/") ? "" : "/", name);
      discover(r, sub, false);
    }
    free(list[i]);
  }
  if (n >= 0) free(list);
}

/* -------------------------------------------------------------- running */

static void run_unit_here(const TestOptions *o, const Unit *u) {
  switch (u->kind) {
  case UNIT_GOLDEN: golden_check(o, u->path); break;
  case UNIT_TEXT:
  case UNIT_DOCSTRINGS:
    /* a transcript is replayed through this process's prompt */
    if (o->lst)
      testcase_skip(o, u->path);
    else if (u->kind == UNIT_TEXT)
      replay_text(o, u->path);
    else
      replay_docstrings(o, u->path);
    break;
  case UNIT_NONE:
    testcase_fail(o, u->path, "holds no test: no NAME.out beside it and no >>> examples", NULL, 0,
                  NULL, 0);
    break;
  }
}

static bool start(Run *r, Unit *u) {
  int p[2];
  if (pipe(p) < 0) return false;
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    close(p[0]);
    close(p[1]);
    return false;
  }
  if (pid == 0) {
    setpgid(0, 0);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    close(p[0]);
    if (!testcase_under_sanitizer()) {
      /* the soft limit only: an oracle the unit starts (testcase_spawn)
       * is another program and lifts it again */
      struct rlimit lim;
      if (getrlimit(RLIMIT_AS, &lim) == 0 && lim.rlim_max > TEST_MEMORY) {
        lim.rlim_cur = TEST_MEMORY;
        setrlimit(RLIMIT_AS, &lim);
      }
    }
    TestOptions o = r->opt;
    o.result_fd = p[1];
    run_unit_here(&o, u);
    close(p[1]);
    /* exit, not _exit: under LeakSanitizer the child's run is checked too */
    exit(0);
  }
  setpgid(pid, pid);
  close(p[1]);
  u->pid = pid;
  u->fd = p[0];
  u->deadline = now() + r->timeout;
  return true;
}

static const char *signal_name(int sig) {
  switch (sig) {
  case SIGSEGV: return "SIGSEGV";
  case SIGABRT: return "SIGABRT";
  case SIGBUS: return "SIGBUS";
  case SIGFPE: return "SIGFPE";
  case SIGILL: return "SIGILL";
  case SIGKILL: return "SIGKILL";
  default: return "a signal";
  }
}

static void finish(Unit *u, int status) {
  if (!u->failure[0]) {
    if (WIFSIGNALED(status))
      snprintf(u->failure, sizeof u->failure, "crashed (signal %d, %s)", WTERMSIG(status),
               signal_name(WTERMSIG(status)));
    else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
      snprintf(u->failure, sizeof u->failure, "ended with status %d", WEXITSTATUS(status));
    else if (u->kind == UNIT_GOLDEN && u->records.len == 0)
      snprintf(u->failure, sizeof u->failure, "gave no result");
  }
  u->done = true;
  u->pid = 0;
}

/* ------------------------------------------------------------ reporting */

static void print_indented(FILE *out, const char *text, size_t n, const char *prefix) {
  for (const char *s = text, *end = text + n; s < end;) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *e = nl ? nl : end;
    fprintf(out, "%s%.*s\n", prefix, (int)(e - s), s);
    s = e + 1;
  }
}

static void report(Run *r, const char *kind, const char *body, size_t n) {
  const char *nl = memchr(body, '\n', n);
  size_t name_len = nl ? (size_t)(nl - body) : n;
  const char *rest = nl ? nl + 1 : body + n;
  size_t nrest = (size_t)(body + n - rest);
  bool fail = strcmp(kind, "FAIL") == 0, pass = strcmp(kind, "PASS") == 0;
  bool skip = strcmp(kind, "SKIP") == 0, upd = strcmp(kind, "UPDT") == 0;
  if (strcmp(kind, "NOTE") == 0) {
    print_indented(stdout, body, n, r->tap ? "# " : "");
    return;
  }
  if (fail)
    r->failed++;
  else if (skip)
    r->skipped++;
  else
    r->passed++;
  if (r->tap) {
    printf("%s %d - %.*s%s\n", fail ? "not ok" : "ok", ++r->tap_count, (int)name_len, body,
           skip ? " # SKIP" : "");
    if (nrest) print_indented(stdout, rest, nrest, "# ");
    return;
  }
  if (fail) {
    /* the failure's line: the name and the reason; the diff follows */
    const char *nl2 = memchr(rest, '\n', nrest);
    size_t rlen = nl2 ? (size_t)(nl2 - rest) : nrest;
    printf("FAIL %.*s: %.*s\n", (int)name_len, body, (int)rlen, rest);
    if (nl2) fwrite(nl2 + 1, 1, (size_t)(rest + nrest - nl2 - 1), stdout);
  } else if (upd) {
    printf("UPDATED %.*s\n", (int)name_len, body);
    fwrite(rest, 1, nrest, stdout);
  } else if (r->verbose && (pass || skip)) {
    printf("%s %.*s\n", pass ? "PASS" : "SKIP", (int)name_len, body);
  }
}

static void print_unit(Run *r, Unit *u) {
  const char *p = u->records.data ? u->records.data : "", *end = p + u->records.len;
  while (p < end) {
    char kind[8];
    size_t n;
    int used;
    if (sscanf(p, "%4s %zu\n%n", kind, &n, &used) != 2 || (size_t)(end - p - used) < n) break;
    report(r, kind, p + used, n);
    p += used + n;
  }
  if (u->failure[0]) {
    char body[PATH_MAX + 200];
    int n = snprintf(body, sizeof body, "%s\n%s", u->path, u->failure);
    report(r, "FAIL", body, (size_t)n);
  }
  u->printed = true;
  fflush(stdout);
}

/* ---------------------------------------------------------------- main */

static int parse_options(Run *r, int argc, char **argv, int *first_path) {
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-v") == 0)
      r->verbose = true;
    else if (strcmp(a, "--tap") == 0)
      r->tap = true;
    else if (strcmp(a, "--update") == 0)
      r->opt.update = true;
    else if (strcmp(a, "--force") == 0)
      r->opt.force = true;
    else if (strncmp(a, "--oracle=", 9) == 0)
      r->opt.oracle = a + 9;
    else if (strcmp(a, "--oracle") == 0 && i + 1 < argc)
      r->opt.oracle = argv[++i];
    else if (strncmp(a, "--lst=", 6) == 0)
      r->opt.lst = a + 6;
    else if (strcmp(a, "--lst") == 0 && i + 1 < argc)
      r->opt.lst = argv[++i];
    else if ((strcmp(a, "-j") == 0 || strcmp(a, "--timeout") == 0) && i + 1 < argc) {
      char *end;
      double v = strtod(argv[++i], &end);
      if (*end || v <= 0) {
        fprintf(stderr, "lst test: %s needs a positive number\n%s", a, usage);
        return 2;
      }
      if (a[1] == 'j')
        r->jobs = (int)v;
      else
        r->timeout = v;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(usage, stdout);
      return 0;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "lst test: unknown option %s\n%s", a, usage);
      return 2;
    } else {
      break;
    }
  }
  /* the programs run in their own folder: a relative path is made whole */
  static char lst_path[PATH_MAX];
  if (r->opt.lst && strchr(r->opt.lst, '/') && realpath(r->opt.lst, lst_path))
    r->opt.lst = lst_path;
  if (r->opt.lst && (r->opt.update || r->opt.oracle)) {
    fprintf(stderr, "lst test: --lst goes with neither --update nor --oracle\n%s", usage);
    return 2;
  }
  if (r->opt.force && !r->opt.update) {
    fprintf(stderr, "lst test: --force goes with --update\n%s", usage);
    return 2;
  }
  if (i == argc) {
    fprintf(stderr, "lst test: no PATH given\n%s", usage);
    return 2;
  }
  *first_path = i;
  return -1;
}

int testrun_main(int argc, char **argv) {
  Run r;
  memset(&r, 0, sizeof r);
  r.timeout = 10;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  r.jobs = cores > 0 ? (int)cores : 1;
  int first;
  int status = parse_options(&r, argc, argv, &first);
  if (status >= 0) return status;
  for (int i = first; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      fprintf(stderr, "lst test: %s: %s\n", argv[i], strerror(errno));
      return 2;
    }
    discover(&r, argv[i], true);
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  if (r.tap) puts("TAP version 13");
  /* every child starts from this VM, already open: copied by fork */
  r.opt.ready = r.opt.oracle || r.opt.lst ? NULL : run_open();
  int next = 0, running = 0, next_print = 0;
  struct pollfd *fds = calloc((size_t)(r.jobs > 0 ? r.jobs : 1) + 1, sizeof *fds);
  int *which = calloc((size_t)(r.jobs > 0 ? r.jobs : 1) + 1, sizeof *which);
  if (!fds || !which) {
    fputs("lst test: out of memory\n", stderr);
    return 1;
  }
  while ((next < r.len || running) && !stop) {
    while (running < r.jobs && next < r.len) {
      Unit *u = &r.units[next++];
      if (start(&r, u))
        running++;
      else {
        snprintf(u->failure, sizeof u->failure, "could not be started: %s", strerror(errno));
        u->done = true;
      }
    }
    int n = 0;
    double t = now(), wait = 1e9;
    for (int i = 0; i < next; i++) {
      Unit *u = &r.units[i];
      if (u->done || u->pid == 0) continue;
      if (t >= u->deadline && !u->failure[0]) {
        snprintf(u->failure, sizeof u->failure, "timed out after %g s", r.timeout);
        kill(-u->pid, SIGKILL);
      }
      if (u->deadline - t < wait) wait = u->deadline - t;
      fds[n] = (struct pollfd){.fd = u->fd, .events = POLLIN};
      which[n++] = i;
    }
    int ms = wait <= 0 ? 0 : wait > 1 ? 1000 : (int)(wait * 1000) + 1;
    if (n && poll(fds, (nfds_t)n, ms) < 0 && errno != EINTR) break;
    for (int k = 0; k < n; k++) {
      Unit *u = &r.units[which[k]];
      if (!fds[k].revents) continue;
      char chunk[65536];
      ssize_t got = read(u->fd, chunk, sizeof chunk);
      if (got > 0) {
        buf_add(&u->records, chunk, (size_t)got);
        continue;
      }
      if (got < 0 && errno == EINTR) continue;
      close(u->fd);
      u->fd = -1;
      int st = 0;
      while (waitpid(u->pid, &st, 0) < 0 && errno == EINTR) {}
      kill(-u->pid, SIGKILL); /* whatever it left behind (an oracle) */
      finish(u, st);
      running--;
    }
    while (next_print < r.len && r.units[next_print].done) print_unit(&r, &r.units[next_print++]);
  }
  if (stop) {
    for (int i = 0; i < r.len; i++)
      if (r.units[i].pid) kill(-r.units[i].pid, SIGKILL);
    fputs("lst test: interrupted\n", stderr);
    return 1;
  }
  if (r.tap) {
    printf("1..%d\n", r.tap_count);
    printf("# %d passed, %d failed%s\n", r.passed, r.failed, r.skipped ? "" : "");
  } else {
    if (r.skipped) printf("%d skipped\n", r.skipped);
    printf("%d passed, %d failed\n", r.passed, r.failed);
  }
  for (int i = 0; i < r.len; i++) {
    free(r.units[i].path);
    buf_free(&r.units[i].records);
  }
  free(r.units);
  if (r.opt.ready) vm_free(r.opt.ready);
  free(fds);
  free(which);
  return r.failed ? 1 : 0;
}
