/* main.c: the command line: run a file, -c code or stdin, with options for
 * the allocation trace and the disassembler.  This is the shell layer:
 * nothing in the runtime calls it. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "base/mem.h"
#include "base/str.h"
#include "core/error.h"
#include "core/list.h"
#include "shell/debug.h"
#include "shell/edit.h"
#include "shell/explore.h"
#include "shell/plot.h"
#include "shell/repl.h"
#include "shell/run.h"
#include "shell/stats.h"
#include "shell/testrun.h"
#include "shell/watch.h"

/* A program's heap goes back to the system with the process: freeing it
 * object by object would cost an empty program a tenth of its start-up.
 * A leak checker sees every object the VM still holds as leaked, though, so
 * sanitizer builds (MEM_CHECKED) free it all, and a leak in lst's own code
 * stays visible. */
static void main_release(VM *vm) {
  if (MEM_CHECKED) vm_free(vm);
}

static const char usage[] =
    "usage: lst [option] ... [-c cmd | file | -] [arg] ...\n"
    "       lst test [option] ... PATH ...   (lst test -h for its options)\n"
    "Options:\n"
    "  -c cmd              program passed in as string\n"
    "  -i                  start the interactive prompt after running the program\n"
    "  -q                  no banner at the prompt\n"
    "  -u, -E, -S, -B      accepted as CPython accepts them; they change nothing in lst\n"
    "  --trace-alloc       print every change of a list's buffer to stderr\n"
    "  --trace-items       --trace-alloc, and after the changes what each list holds\n"
    "  --growth=RULE[,...] the list growth rule: 3.11 (the default), 3.8, double or 1.5;\n"
    "                      several rules (with --alloc-plot or --alloc-stats) run the\n"
    "                      program once for each and compare them\n"
    "  --alloc-stats       print what the lists' buffers cost to stderr at exit\n"
    "  --alloc-plot=FILE   draw the lists whose buffer moved most into an SVG file\n"
    "  --dis               print the program's bytecode instead of running it\n"
    "  --max-memory=SIZE   allocation past SIZE (bytes, or with K, M or G) raises MemoryError\n"
    "  --max-time=SECONDS  stop the program with LimitExceeded (status 3) after SECONDS\n"
    "  --max-steps=N       stop it after N steps (loop iterations and calls)\n"
    "  --version           print the version and exit\n"
    "  -h, --help          print this help and exit\n"
    "file                  program read from a file\n"
    "-                     program read from stdin (the default when stdin is not a terminal;\n"
    "                      on a terminal, lst with no program starts the interactive prompt)\n"
    "arg ...               arguments passed to the program in sys.argv[1:]\n";

static VM *running;

static void on_sigint(int sig) {
  (void)sig;
  if (running) running->interrupted |= VM_STOP_INTERRUPT;
}

static void on_sigalrm(int sig) {
  (void)sig;
  if (running) running->interrupted |= VM_STOP_TIME;
}

/* Reads all of f; NUL-terminated.  NULL on failure with errno set. */
static char *read_all(FILE *f, size_t *len) {
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  if (!buf) return NULL;
  for (;;) {
    if (n + 1 >= cap) {
      char *b = realloc(buf, cap *= 2);
      if (!b) {
        free(buf);
        errno = ENOMEM;
        return NULL;
      }
      buf = b;
    }
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0) break;
  }
  if (ferror(f)) {
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

static int disassemble(VM *vm, const char *filename, const char *src, size_t len) {
  Code *code = run_compile(vm, filename, src, len, COMPILE_FILE);
  if (!code) return 1;
  debug_disassemble(vm, code, stdout);
  return 0;
}

/* What the options ask of a run. */
typedef struct Options {
  bool trace, items, dis, interactive, stats, quiet;
  size_t max_memory;
  double max_time;
  int64_t max_steps;
  const char *plot; /* --alloc-plot FILE */
  const ListRule *rules[EXPLORE_MAX_RULES];
  int nrules;
} Options;

/* A size with an optional K, M or G: 0 when it does not read as one. */
static size_t parse_size(const char *s) {
  char *end;
  unsigned long long n = strtoull(s, &end, 10);
  if (end == s) return 0;
  unsigned shift = *end == 'K' || *end == 'k'   ? 10
                   : *end == 'M' || *end == 'm' ? 20
                   : *end == 'G' || *end == 'g' ? 30
                                                : 0;
  if (shift) end++;
  if (*end == 'B' || *end == 'b') end++;
  if (*end || n > (~0ull >> shift)) return 0;
  return (size_t)(n << shift);
}

/* The limits the options set, on the VM that runs the program. */
static void limit(VM *vm, const Options *o) {
  vm->mem_limit = o->max_memory;
  if (o->max_steps > 0) {
    vm->steps_left = o->max_steps;
    vm->interrupted |= VM_STOP_STEPS;
  }
  if (o->max_time > 0) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigalrm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval t;
    memset(&t, 0, sizeof t);
    t.it_value.tv_sec = (time_t)o->max_time;
    t.it_value.tv_usec = (suseconds_t)((o->max_time - (double)(time_t)o->max_time) * 1e6);
    if (t.it_value.tv_sec == 0 && t.it_value.tv_usec == 0) t.it_value.tv_usec = 1;
    setitimer(ITIMER_REAL, &t, NULL);
  }
}

/* The value of `--name=VALUE` or `--name VALUE` at argv[*i], or NULL (with
 * a message) when it is missing. */
static const char *option_value(char **argv, int argc, int *i, const char *name) {
  size_t n = strlen(name);
  if (argv[*i][n] == '=') return argv[*i] + n + 1;
  if (*i + 1 < argc) return argv[++*i];
  fprintf(stderr, "Argument expected for the %s option\n%s", name, usage);
  return NULL;
}

/* A watch for what the options ask, installed on vm. */
static void watch_for(VM *vm, Watch *w, const Options *o) {
  memset(w, 0, sizeof *w);
  w->trace = o->trace;
  w->items = o->items;
  w->counts = o->stats || o->plot;
  w->samples = o->plot != NULL;
  if (w->trace || w->counts) watch_install(vm, w);
}

/* lst with no program, on a terminal. */
static int prompt(const Options *o, char **args, int nargs) {
  VM *vm = run_open();
  if (!vm) {
    fputs("lst: out of memory\n", stderr);
    return 1;
  }
  vm->list_rule = o->rules[0];
  if (!run_set_argv(vm, args, nargs, "")) {
    fputs("lst: out of memory\n", stderr);
    return 1;
  }
  Watch w;
  watch_for(vm, &w, o);
  int status = repl_run(vm, &w, o->quiet);
  watch_uninstall(vm, &w);
  vm_free(vm);
  return status;
}

/* The figures and the picture of a program's run (w) and of its silent
 * runs under the other rules.  False if the picture cannot be written. */
static bool explore_report(VM *vm, Watch *w, const Options *o, const char *name, const char *src,
                           size_t len, const char *argv0, char **args, int nargs) {
  Watch extra[EXPLORE_MAX_RULES];
  PlotRun runs[EXPLORE_MAX_RULES] = {{o->rules[0]->name, w}};
  int nruns = 1;
  for (int k = 1; k < o->nrules; k++) {
    memset(&extra[nruns - 1], 0, sizeof extra[0]);
    if (explore_silent_run(o->rules[k], name, src, len, argv0, args, nargs, &extra[nruns - 1])) {
      runs[nruns].rule = o->rules[k]->name;
      runs[nruns].watch = &extra[nruns - 1];
      nruns++;
    }
  }
  bool ok = true;
  if (o->stats) {
    stats_print(stderr, vm, w);
    for (int k = 1; k < nruns; k++) stats_print(stderr, NULL, runs[k].watch);
  }
  if (o->plot) {
    watch_finish(vm, w);
    FILE *f = fopen(o->plot, "w");
    const char *base = strrchr(name, '/');
    if (!f || !plot_write(f, runs, nruns, base ? base + 1 : name) || fclose(f) != 0) {
      fprintf(stderr, "lst: cannot write %s: %s\n", o->plot, strerror(errno));
      ok = false;
    }
  }
  for (int k = 1; k < nruns; k++) watch_uninstall(NULL, runs[k].watch);
  return ok;
}

int main(int argc, char **argv) {
  run_set_stack_base(__builtin_frame_address(0));
  /* `lst test ...`: the test runner (a program named test runs as ./test) */
  if (argc >= 2 && strcmp(argv[1], "test") == 0) return testrun_main(argc - 1, argv + 1);
  Options o = {.rules = {&list_rules[0]}, .nrules = 1};
  const char *code = NULL, *file = NULL;
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--trace-alloc") == 0) {
      o.trace = true;
    } else if (strcmp(a, "--trace-items") == 0) {
      o.trace = o.items = true;
    } else if (strcmp(a, "--alloc-stats") == 0) {
      o.stats = true;
    } else if (strncmp(a, "--alloc-plot", 12) == 0 && (a[12] == '=' || a[12] == '\0')) {
      if (!(o.plot = option_value(argv, argc, &i, "--alloc-plot"))) return 2;
    } else if (strncmp(a, "--growth", 8) == 0 && (a[8] == '=' || a[8] == '\0')) {
      const char *spec = option_value(argv, argc, &i, "--growth");
      if (!spec || !(o.nrules = explore_parse_rules(spec, o.rules, EXPLORE_MAX_RULES))) return 2;
    } else if (strcmp(a, "--dis") == 0) {
      o.dis = true;
    } else if (strncmp(a, "--max-memory", 12) == 0 && (a[12] == '=' || a[12] == '\0')) {
      const char *v = option_value(argv, argc, &i, "--max-memory");
      if (!v || !(o.max_memory = parse_size(v))) {
        if (v) fprintf(stderr, "lst: --max-memory wants a size such as 256M, not %s\n", v);
        return 2;
      }
    } else if (strncmp(a, "--max-time", 10) == 0 && (a[10] == '=' || a[10] == '\0')) {
      const char *v = option_value(argv, argc, &i, "--max-time");
      char *end = NULL;
      if (v) o.max_time = strtod(v, &end);
      if (!v || end == v || *end || !(o.max_time > 0) || o.max_time > 1e9) {
        if (v) fprintf(stderr, "lst: --max-time wants a number of seconds, not %s\n", v);
        return 2;
      }
    } else if (strncmp(a, "--max-steps", 11) == 0 && (a[11] == '=' || a[11] == '\0')) {
      const char *v = option_value(argv, argc, &i, "--max-steps");
      char *end = NULL;
      if (v) o.max_steps = strtoll(v, &end, 10);
      if (!v || end == v || *end || o.max_steps <= 0) {
        if (v) fprintf(stderr, "lst: --max-steps wants a positive count, not %s\n", v);
        return 2;
      }
    } else if (strcmp(a, "-i") == 0) {
      o.interactive = true;
    } else if (strcmp(a, "-q") == 0) {
      o.quiet = true;
    } else if (strcmp(a, "-u") == 0 || strcmp(a, "-E") == 0 || strcmp(a, "-S") == 0 ||
               strcmp(a, "-B") == 0) {
      /* CPython's: unbuffered output, no PYTHON* variables, no site, no .pyc
       * files; lst has nothing of these to change */
    } else if (strcmp(a, "-m") == 0) {
      fprintf(stderr, "lst: -m (running a module by name) is not supported by lst\n");
      return 2;
    } else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
      printf("lst %s\n", LST_VERSION);
      return 0;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(usage, stdout);
      return 0;
    } else if (strcmp(a, "-c") == 0) {
      if (i + 1 >= argc) {
        fprintf(stderr, "Argument expected for the -c option\n%s", usage);
        return 2;
      }
      code = argv[++i];
      i++;
      break;
    } else if (strcmp(a, "-") == 0) {
      file = "-";
      i++;
      break;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "unknown option %s\n%s", a, usage);
      return 2;
    } else {
      file = a;
      i++;
      break;
    }
  }
  if (o.nrules > 1 && !o.plot && !o.stats) {
    fprintf(stderr, "lst: several growth rules compare only with --alloc-plot or --alloc-stats\n");
    return 2;
  }
  /* a prompt that will edit lines (both ends a terminal), before anything
   * has run: a static lst hands over to its dynamic twin, which can load
   * the line editor */
  if ((o.interactive || (!code && !file)) && run_isatty(0) && run_isatty(1)) edit_exec_prompt(argv);
  if (!code && !file) {
    /* the prompt: on a terminal, or asked for with -i (reading stdin) */
    if (run_isatty(0) || o.interactive) return prompt(&o, argv + i, argc - i);
    file = "-";
  }
  char *src = NULL;
  size_t len = 0;
  const char *shown_name;
  if (code) {
    len = strlen(code);
    src = malloc(len + 1);
    if (!src) {
      fputs("MemoryError\n", stderr);
      return 1;
    }
    memcpy(src, code, len + 1);
    shown_name = "<string>";
  } else if (strcmp(file, "-") == 0) {
    src = read_all(stdin, &len);
    shown_name = "<stdin>";
  } else {
    FILE *f = fopen(file, "rb");
    if (!f) {
      char path[PATH_MAX];
      int err = errno;
      const char *shown = file;
      if (file[0] != '/' && getcwd(path, sizeof path) &&
          strlen(path) + strlen(file) + 2 < sizeof path) {
        strcat(path, "/");
        strcat(path, file);
        shown = path;
      }
      fprintf(stderr, "%s: can't open file '%s': [Errno %d] %s\n", argv[0], shown, err,
              strerror(err));
      return 2;
    }
    src = read_all(f, &len);
    fclose(f);
    /* CPython names the script by its absolute path in tracebacks */
    static char abs_path[PATH_MAX];
    shown_name = file;
    if (file[0] != '/' && getcwd(abs_path, sizeof abs_path) &&
        strlen(abs_path) + strlen(file) + 2 < sizeof abs_path) {
      strcat(abs_path, "/");
      strcat(abs_path, file);
      shown_name = abs_path;
    }
  }
  if (!src) {
    fprintf(stderr, "%s: cannot read the program: %s\n", argv[0], strerror(errno));
    return 1;
  }
  Source source;
  if (!run_prepare_source(shown_name, src, len, code ? SOURCE_COMMAND : SOURCE_FILE, &source)) {
    free(src);
    return 1;
  }
  const char *text = source.text;
  len = source.len;

  VM *vm = run_open();
  if (!vm) {
    fputs("lst: out of memory\n", stderr);
    source_free(&source);
    free(src);
    return 1;
  }
  if (getenv("LST_GC_STRESS")) vm->gc_stress = 1;
  /* a terminal and the prompt keep the C library's own stdout (the line
   * editor needs its descriptor) */
  if (!run_isatty(1) && !o.interactive && !run_open_stdout()) {
    static char outbuf[8192];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  }
  /* as CPython: a closed pipe is an error of the write, not a signal */
  signal(SIGPIPE, SIG_IGN);
  vm->list_rule = o.rules[0];
  int status;
  if (o.dis) {
    status = disassemble(vm, shown_name, text, len);
  } else {
    const char *argv0 = code ? "-c"
                        : strcmp(file, "-") == 0
                            ? (argc > i - 1 && strcmp(argv[i - 1], "-") == 0 ? "-" : "")
                            : file;
    if (!run_set_argv(vm, argv + i, argc - i, argv0)) {
      fputs("lst: out of memory\n", stderr);
      return 1;
    }
    Watch w;
    watch_for(vm, &w, &o);
    running = vm;
    /* as CPython: Ctrl-C raises KeyboardInterrupt, unless the caller made
     * lst ignore SIGINT (a background job) */
    struct sigaction old;
    if (sigaction(SIGINT, NULL, &old) == 0 && old.sa_handler != SIG_IGN) signal(SIGINT, on_sigint);
    limit(vm, &o);
    status = run_program(vm, shown_name, text, len, o.interactive);
    running = NULL;
    watch_show_items(vm, &w);
    if (o.interactive) status = repl_run(vm, &w, true);
    if ((o.stats || o.plot) &&
        !explore_report(vm, &w, &o, shown_name, text, len, argv0, argv + i, argc - i) &&
        status == 0)
      status = 1;
    watch_uninstall(vm, &w);
  }
  status = run_finish_stdout(status);
  main_release(vm);
  source_free(&source);
  free(src);
  if (run_ended_by_interrupt()) {
    fflush(stderr);
    signal(SIGINT, SIG_DFL);
    raise(SIGINT);
  }
  return status;
}
