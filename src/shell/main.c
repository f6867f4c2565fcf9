/* main.c: the command line: run a file, -c code or stdin, with options for
 * the allocation trace and the disassembler.  This is the shell layer:
 * nothing in the runtime calls it. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/str.h"
#include "core/error.h"
#include "core/list.h"
#include "shell/debug.h"
#include "shell/repl.h"
#include "shell/run.h"
#include "shell/trace.h"

static const char usage[] =
    "usage: lst [option] ... [-c cmd | file | -] [arg] ...\n"
    "Options:\n"
    "  -c cmd         program passed in as string\n"
    "  -i             start the interactive prompt after running the program\n"
    "  --trace-alloc  print every change of a list's buffer to stderr\n"
    "  --dis          print the program's bytecode instead of running it\n"
    "  --version      print the version and exit\n"
    "  -h, --help     print this help and exit\n"
    "file             program read from a file\n"
    "-                program read from stdin (the default when stdin is not a terminal;\n"
    "                 on a terminal, lst with no program starts the interactive prompt)\n"
    "arg ...          arguments passed to the program in sys.argv[1:]\n";

static VM *running;

static void on_sigint(int sig) {
  (void)sig;
  if (running) running->interrupted = 1;
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

static bool set_argv(VM *vm, char **argv, int argc, const char *first) {
  List *l = list_new(vm, 0, 0, "list()");
  if (!l) return false;
  ListHook hook = vm->list_hook;
  vm->list_hook = NULL;
  Str *s = str_cstr(vm, first);
  if (!s || !list_append(vm, l, OBJ_VAL(s), NULL)) return false;
  for (int i = 0; i < argc; i++) {
    s = str_cstr(vm, argv[i]);
    if (!s || !list_append(vm, l, OBJ_VAL(s), NULL)) return false;
  }
  vm->list_hook = hook;
  vm->argv = OBJ_VAL(l);
  /* sys.argv is made for the program, not by it: the program's first list is #1 */
  l->id = 0;
  vm->next_list_id = 0;
  return true;
}

static int disassemble(VM *vm, const char *filename, const char *src, size_t len) {
  Code *code = run_compile(vm, filename, src, len, COMPILE_FILE);
  if (!code) return 1;
  debug_disassemble(vm, code, stdout);
  return 0;
}

/* lst with no program, on a terminal. */
static int prompt(bool trace, char **args, int nargs) {
  VM *vm = run_open();
  if (!vm) {
    fputs("lst: out of memory\n", stderr);
    return 1;
  }
  if (!set_argv(vm, args, nargs, "")) {
    fputs("lst: out of memory\n", stderr);
    return 1;
  }
  trace_enable(vm, trace);
  int status = repl_run(vm);
  vm_free(vm);
  return status;
}

int main(int argc, char **argv) {
  bool trace = false, dis = false, interactive = false;
  const char *code = NULL, *file = NULL;
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--trace-alloc") == 0)
      trace = true;
    else if (strcmp(a, "--dis") == 0)
      dis = true;
    else if (strcmp(a, "-i") == 0)
      interactive = true;
    else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
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
  if (!code && !file) {
    if (isatty(0)) return prompt(trace, argv + i, argc - i);
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
  const char *text = src;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    text += 3;
    len -= 3;
  }

  VM *vm = run_open();
  if (!vm) {
    fputs("lst: out of memory\n", stderr);
    free(src);
    return 1;
  }
  if (getenv("LST_GC_STRESS")) vm->gc_stress = 1;
  static char outbuf[1 << 16];
  if (!isatty(1)) setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  int status;
  if (dis) {
    status = disassemble(vm, shown_name, text, len);
  } else {
    if (!set_argv(vm, argv + i, argc - i,
                  code ? "-c"
                  : strcmp(file, "-") == 0
                      ? (argc > i - 1 && file && strcmp(argv[i - 1], "-") == 0 ? "-" : "")
                      : file)) {
      fputs("lst: out of memory\n", stderr);
      return 1;
    }
    trace_enable(vm, trace);
    running = vm;
    signal(SIGINT, on_sigint);
    status = run_source(vm, shown_name, text, len);
    running = NULL;
    if (interactive && isatty(0)) status = repl_run(vm);
  }
  fflush(stdout);
  vm_free(vm);
  free(src);
  return status;
}
