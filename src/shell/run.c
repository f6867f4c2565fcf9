/* run.c: the compile-and-run driver, and the printing of what stops a
 * program: syntax errors and uncaught exceptions, in CPython's format. */
#include "shell/run.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

#include "base/str.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/finalize.h"
#include "core/list.h"
#include "core/repr.h"
#include "front/parse.h"
#include "lib/builtins.h"
#include "shell/carets.h"

/* The compiler's view of the runtime it compiles for. */
static const CompileHost host = {vm_global_slot, builtins_has_module};

bool run_prepare_source(const char *filename, char *bytes, size_t len, SourceKind kind,
                        Source *out) {
  if (source_prepare(bytes, len, kind, out)) return true;
  fflush(stdout);
  switch (out->problem) {
  case SOURCE_NOT_UTF8:
    fprintf(stderr,
            "SyntaxError: Non-UTF-8 code starting with '\\x%02x' in file %s on line %d, but no "
            "encoding declared; see https://peps.python.org/pep-0263/ for details\n",
            out->byte, filename, out->line);
    break;
  case SOURCE_NULL_BYTE: {
    /* the line as far as the null byte, its indentation dropped */
    const char *s = out->text + out->offset;
    while (s > out->text && s[-1] != '\n') s--;
    while (s < out->text + out->offset && (*s == ' ' || *s == '\t' || *s == '\f')) s++;
    fprintf(stderr, "  File \"%s\", line %d\n    %.*s\n", filename, out->line,
            (int)(out->text + out->offset - s), s);
    fputs("SyntaxError: source code cannot contain null bytes\n", stderr);
    break;
  }
  case SOURCE_ENCODING: fprintf(stderr, "SyntaxError: encoding problem: %s\n", out->what); break;
  case SOURCE_REFUSED:
    if (out->line)
      fprintf(stderr,
              "NotImplementedError: a byte that is not UTF-8 (0x%02x, line %d) under a utf-8 "
              "coding line is not supported by lst\n",
              out->byte, out->line);
    else
      fprintf(stderr,
              "NotImplementedError: source encoding '%s' is not supported by lst (only utf-8, "
              "latin-1 and ascii)\n",
              out->what);
    break;
  case SOURCE_NOT_DECODED:
    fprintf(stderr,
            "Unable to decode the command from the command line:\nUnicodeEncodeError: 'utf-8' "
            "codec can't encode character '\\udc%02x' in position %zu: surrogates not allowed\n",
            out->byte, out->chars);
    break;
  case SOURCE_NO_MEMORY: fputs("MemoryError\n", stderr); break;
  case SOURCE_OK: break;
  }
  source_free(out);
  return false;
}

static void *stack_base;

void run_set_stack_base(void *base) { stack_base = base; }

VM *run_open(void) {
  VM *vm = vm_new();
  if (!vm) return NULL;
  vm->c_stack_base = stack_base;
  builtins_open(vm);
  /* the program runs as the main module */
  int slot = vm_global_slot(vm, vm->s_name);
  if (slot < 0) {
    vm_free(vm);
    return NULL;
  }
  vm->globals[slot] = OBJ_VAL(vm->s_main);
  vm->global_own[slot] = 1;
  /* and, as CPython's main module, with an __annotations__ dict for the
   * program's annotated names */
  Str *ann = str_intern_cstr(vm, "__annotations__");
  Dict *anns = dict_new(vm);
  slot = ann && anns ? vm_global_slot(vm, ann) : -1;
  if (slot < 0) {
    vm_free(vm);
    return NULL;
  }
  vm->globals[slot] = OBJ_VAL(anns);
  vm->global_own[slot] = 1;
  return vm;
}

bool run_set_argv(VM *vm, char **argv, int argc, const char *first) {
  List *l = list_new(vm, 0, 0, "list()");
  if (!l) return false;
  ListHook hook = vm->list_hook;
  vm->list_hook = NULL; /* made for the program, not by it: not watched */
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

/* ------------------------------------------------------------- programs */

static const char *line_start(const char *src, size_t len, int line) {
  const char *s = src, *end = src + len;
  for (int l = 1; l < line && s < end; s++)
    if (*s == '\n') l++;
  return s < end ? s : NULL;
}

/* A program the parser or compiler refused. A SyntaxError shows where; a
 * MemoryError or RecursionError, as in CPython, only says what. */
static void compile_error_print(const char *filename, const char *source, size_t len,
                                const char *kind, int line, int col, int end_col, const char *msg,
                                char *diag, size_t cap) {
  if (diag) snprintf(diag, cap, msg[0] ? "%s: %s" : "%s", kind, msg);
  if (strcmp(kind, "MemoryError") == 0 || strcmp(kind, "RecursionError") == 0) {
    fflush(stdout);
    fprintf(stderr, msg[0] ? "%s: %s\n" : "%s\n", kind, msg);
    return;
  }
  run_print_syntax_error(filename, line, col, end_col, line_start(source, len, line), kind, msg,
                         stderr);
}

Code *run_compile(VM *vm, const char *filename, const char *source, size_t len, CompileMode mode) {
  return run_compile_diag(vm, filename, source, len, mode, NULL, 0);
}

Code *run_compile_diag(VM *vm, const char *filename, const char *source, size_t len,
                       CompileMode mode, char *diag, size_t cap) {
  if (diag && cap) diag[0] = '\0';
  Arena arena;
  ast_arena_init(&arena);
  NodeList *body;
  ParseError perr;
  memset(&perr, 0, sizeof perr);
  if (memchr(source, '\0', len)) {
    fflush(stdout);
    fprintf(stderr, "SyntaxError: source code cannot contain null bytes\n");
    if (diag) snprintf(diag, cap, "SyntaxError: source code cannot contain null bytes");
    ast_arena_free(&arena);
    return NULL;
  }
  bool parsed = mode == COMPILE_INTERACTIVE ? parse_input(&arena, source, len, &body, &perr)
                                            : parse_module(&arena, source, len, &body, &perr);
  if (!parsed) {
    compile_error_print(filename, source, len, perr.kind, perr.line, perr.col, perr.end_col,
                        perr.msg, diag, cap);
    ast_arena_free(&arena);
    return NULL;
  }
  CompileError cerr;
  memset(&cerr, 0, sizeof cerr);
  Code *code = compile_module(vm, &host, body, &arena, mode, &cerr);
  ast_arena_free(&arena);
  if (!code) {
    if (cerr.kind)
      compile_error_print(filename, source, len, cerr.kind, cerr.line, cerr.col, cerr.end_col,
                          cerr.msg, diag, cap);
    else
      run_print_exception(vm, vm->exc, stderr);
    if (!cerr.kind && diag) snprintf(diag, cap, "MemoryError");
    vm->exc = VAL_UNDEF;
  }
  return code;
}

int run_source(VM *vm, const char *filename, const char *source, size_t len) {
  return run_program(vm, filename, source, len, false);
}

int run_program(VM *vm, const char *filename, const char *source, size_t len, bool inspect) {
  vm->filename = filename;
  vm->source = source;
  vm->source_len = len;
  Code *code = run_compile(vm, filename, source, len, COMPILE_FILE);
  if (!code) return 1;
  if (vm_exec_code(vm, code, NULL)) {
    /* at the end, as CPython's shutdown: paused generators are closed */
    if (inspect || finalize_at_exit(vm)) return 0;
    return run_uncaught(vm);
  }
  if (inspect) {
    /* before the prompt (-i), even a SystemExit is only printed */
    Value exc = vm->exc;
    vm->exc = VAL_UNDEF;
    run_print_exception(vm, exc, stderr);
    return 1;
  }
  /* after a refusal, nothing more of the program runs */
  bool refused = err_is_refusal(vm->exc);
  int status = run_uncaught(vm);
  if (!refused && !finalize_at_exit(vm)) vm->exc = VAL_UNDEF;
  return status;
}

#ifdef __EMSCRIPTEN__
/* node answers; in a browser's worker (the page) nothing is a terminal */
EM_JS(int, node_isatty, (int fd),
      { return typeof require == 'function' && require('tty').isatty(fd) ? 1 : 0; });
bool run_isatty(int fd) { return node_isatty(fd) != 0; }
#else
bool run_isatty(int fd) { return isatty(fd) != 0; }
#endif

static bool ended_by_interrupt;

/* stdout as a stream whose writes remember their error: a flush anywhere
 * (before a traceback, before a trace line, at the end of the program) may
 * be the one that fails, and the error indicator alone does not keep the
 * errno that the exit message names. */
static int stdout_errno;

#ifndef __GLIBC__
/* no fopencookie (the WebAssembly build's C library): the caller keeps the
 * C library's stdout */
bool run_open_stdout(void) { return false; }
#else
static ssize_t stdout_write(void *cookie, const char *buf, size_t n) {
  (void)cookie;
  size_t done = 0;
  while (done < n) {
    ssize_t w = write(1, buf + done, n - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      stdout_errno = w < 0 ? errno : EIO;
      errno = stdout_errno;
      return -1;
    }
    done += (size_t)w;
  }
  return (ssize_t)n;
}

bool run_open_stdout(void) {
  /* CPython's text layer passes writes on in chunks of 8192: a failed
   * write surfaces at about the same print as there */
  static char buf[8192];
  cookie_io_functions_t io = {.write = stdout_write};
  FILE *f = fopencookie(NULL, "w", io);
  if (!f) return false;
  setvbuf(f, buf, _IOFBF, sizeof buf);
  stdout = f;
  return true;
}
#endif

int run_finish_stdout(int status) {
  if (fflush(stdout) == 0 && !ferror(stdout)) return status;
  int err = stdout_errno ? stdout_errno : EIO;
  fprintf(stderr,
          "Exception ignored in: <_io.TextIOWrapper name='<stdout>' mode='w' "
          "encoding='utf-8'>\n%s: [Errno %d] %s\n",
          err == EPIPE || err == ESHUTDOWN ? "BrokenPipeError" : "OSError", err, strerror(err));
  return 120;
}

bool run_ended_by_interrupt(void) { return ended_by_interrupt; }

int run_uncaught(VM *vm) {
  Value exc = vm->exc;
  vm->exc = VAL_UNDEF;
  if (err_matches(exc, vm->b.system_exit)) {
    /* as CPython: None is success, an int the status, anything else is
     * printed and the status is 1 */
    Value code = dict_get_str(AS_INSTANCE(exc)->attrs, vm->s_code);
    if (IS_UNDEF(code) || IS_NONE(code)) return 0;
    if (is_int(code)) return (int)(as_int(code) & 0xFF);
    Str *s = repr_str_of(vm, code);
    fflush(stdout);
    if (s) fprintf(stderr, "%s\n", s->data);
    vm->exc = VAL_UNDEF;
    return 1;
  }
  run_print_exception(vm, exc, stderr);
  if (err_matches(exc, vm->b.limit_exceeded)) return RUN_LIMIT_STATUS;
  ended_by_interrupt = err_matches(exc, vm->b.keyboard_interrupt);
  return ended_by_interrupt ? 130 : 1;
}

/* ------------------------------------------------------------ printing */

/* Writes source line at.line (1-based) of the program without its
 * indentation, as CPython does (blanks after it kept), and the markers
 * under the span `at` (carets.c).  As CPython, only for a program read
 * from a file: "<stdin>" and "<string>" have no lines to show. */
static void print_source_line(VM *vm, CodePos at, FILE *out) {
  const char *s = vm->source, *end = vm->source + vm->source_len;
  int n = at.line;
  if (!s || n < 1 || !vm->filename || vm->filename[0] == '<') return;
  for (int line = 1; line < n && s < end; s++)
    if (*s == '\n') line++;
  if (s >= end) return;
  const char *e = s;
  while (e < end && *e != '\n') e++;
  if (e > s && e[-1] == '\r') e--;
  const char *t = s;
  while (t < e && (*t == ' ' || *t == '\t' || *t == '\f')) t++;
  if (t == e) return;
  fprintf(out, "    %.*s\n", (int)(e - t), t);
  Buf marks;
  buf_init(&marks);
  if (carets_line(s, (size_t)(e - s), at, &marks)) fwrite(marks.data, 1, marks.len, out);
  buf_free(&marks);
}

void run_exception_line(VM *vm, Value exc, Buf *out) {
  if (!IS_INSTANCE(exc)) {
    buf_adds(out, "SystemError: bad exception");
    return;
  }
  Buf b;
  buf_init(&b);
  Value saved = vm->exc;
  vm->exc = VAL_UNDEF;
  bool ok = repr_str(vm, exc, &b);
  vm->exc = saved;
  buf_adds(out, AS_INSTANCE(exc)->klass->name->data);
  if (!ok)
    buf_adds(out, ": <exception str() failed>");
  else if (b.len) {
    buf_adds(out, ": ");
    buf_add(out, b.data, b.len);
  }
  buf_free(&b);
  const char *suggestion = lib_suggest(vm, exc);
  if (suggestion) buf_addf(out, ". Did you mean: '%s'?", suggestion);
}

void run_print_exception_line(VM *vm, Value exc, FILE *out) {
  Buf b;
  buf_init(&b);
  run_exception_line(vm, exc, &b);
  fprintf(out, "%.*s\n", (int)b.len, b.data ? b.data : "");
  buf_free(&b);
}

/* One exception: its traceback and its line. */
static void print_one(VM *vm, Value exc, FILE *out) {
  if (IS_INSTANCE(exc) && IS_TUPLE(AS_INSTANCE(exc)->traceback)) {
    fputs("Traceback (most recent call last):\n", out);
    /* as CPython: a frame line repeated more than three times in a row is
     * summarised */
    Code *last_code = NULL;
    int last_line = -1, repeats = 0;
    for (Value v = AS_INSTANCE(exc)->traceback; IS_TUPLE(v); v = AS_TUPLE(v)->items[3]) {
      Code *code = AS_CODE(AS_TUPLE(v)->items[0]);
      CodePos at = err_traceback_pos(AS_TUPLE(v));
      int line = at.line;
      if (code == last_code && line == last_line) {
        if (++repeats >= 3) continue;
      } else {
        if (repeats > 2)
          fprintf(out, "  [Previous line repeated %d more time%s]\n", repeats - 2,
                  repeats - 2 == 1 ? "" : "s");
        repeats = 0;
      }
      last_code = code;
      last_line = line;
      fprintf(out, "  File \"%s\", line %d, in %s\n", vm->filename, line, code->name->data);
      print_source_line(vm, at, out);
    }
    if (repeats > 2)
      fprintf(out, "  [Previous line repeated %d more time%s]\n", repeats - 2,
              repeats - 2 == 1 ? "" : "s");
  }
  run_print_exception_line(vm, exc, out);
}

/* As CPython's traceback printing: the cause (or, unless suppressed, the
 * context) first, each exception printed once. */
static void print_chain(VM *vm, Value exc, FILE *out, Value *seen, int nseen) {
  seen[nseen++] = exc;
  if (is_exc(exc) && nseen < 64) {
    ExcInstance *e = AS_EXC(exc);
    Value next = VAL_UNDEF;
    const char *joint = NULL;
    if (is_exc(e->cause)) {
      next = e->cause;
      joint = "\nThe above exception was the direct cause of the following exception:\n\n";
    } else if (is_exc(e->context) && !(AS_OBJ(exc)->flags & INSTANCE_SUPPRESS)) {
      next = e->context;
      joint = "\nDuring handling of the above exception, another exception occurred:\n\n";
    }
    for (int i = 0; joint && i < nseen; i++)
      if (seen[i] == next) joint = NULL;
    if (joint) {
      print_chain(vm, next, out, seen, nseen);
      fputs(joint, out);
    }
  }
  print_one(vm, exc, out);
}

void run_print_exception(VM *vm, Value exc, FILE *out) {
  fflush(stdout);
  Value seen[64];
  print_chain(vm, exc, out, seen, 0);
  fflush(out);
}

void run_print_syntax_error(const char *filename, int line, int col, int end_col,
                            const char *source_line, const char *kind, const char *msg, FILE *out) {
  fflush(stdout);
  fprintf(out, "  File \"%s\", line %d\n", filename, line);
  if (source_line) {
    const char *s = source_line;
    const char *e = s;
    while (*e && *e != '\n') e++;
    int skip = 0;
    while (s + skip < e && (s[skip] == ' ' || s[skip] == '\t' || s[skip] == '\f')) skip++;
    if (e > s + skip && e[-1] == '\r') e--;
    if (e > s + skip) {
      /* as CPython, the blanks after the text are kept */
      fprintf(out, "    %.*s\n", (int)(e - s - skip), s + skip);
      /* a negative column (an error of the whole line, TabError) or one
       * in the indentation: no caret */
      if (col >= skip) {
        int c = col - skip;
        if (c > e - s - skip) c = (int)(e - s - skip);
        /* the columns count bytes; the carets go under characters, one at
         * the least, to the end of the span or of the line */
        int chars = 0, marks = 0;
        for (int k = 0; k < c; k++) chars += ((unsigned char)s[skip + k] & 0xC0) != 0x80;
        for (int k = c; k < end_col - skip && k < e - s - skip; k++)
          marks += ((unsigned char)s[skip + k] & 0xC0) != 0x80;
        fprintf(out, "    %*s^", chars, "");
        for (int k = 1; k < marks; k++) fputc('^', out);
        fputc('\n', out);
      }
    }
  }
  fprintf(out, "%s: %s\n", kind, msg);
  fflush(out);
}
