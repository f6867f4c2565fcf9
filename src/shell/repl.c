/* repl.c: the interactive prompt.
 *
 * Reads input with libedit when it loads (edit.c: line editing, a history
 * file, Tab completion of names and attributes), decides when an input is complete as CPython's
 * prompt does (a compound statement ends at a blank line), runs it with
 * expression values echoed, and offers commands for watching lists:
 * %trace, %mem, %dis and %help.  Part of the shell: nothing below calls it.
 */
#include "shell/repl.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/str.h"
#include "core/attr.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/list.h"
#include "core/ops.h"
#include "front/compile.h"
#include "front/parse.h"
#include "shell/debug.h"
#include "shell/edit.h"
#include "shell/plot.h"
#include "shell/run.h"
#include "shell/session.h"
#include "shell/stats.h"
#include "shell/watch.h"

static VM *repl_vm;
static volatile sig_atomic_t reading;     /* waiting for input, not running code */
static volatile sig_atomic_t sigint_seen; /* Ctrl-C while reading */

static void on_sigint(int sig) {
  (void)sig;
  if (reading)
    sigint_seen = 1;
  else if (repl_vm)
    repl_vm->interrupted |= VM_STOP_INTERRUPT;
}

/* ------------------------------------------------------------- reading */

typedef enum { READ_LINE, READ_EOF, READ_INTERRUPT } ReadResult;

/* Whether lines come through libedit: only when both stdin and stdout are
 * terminals, as CPython uses readline, and the library loads. */
static bool editing;

/* A line as plain text, the prompt on stderr, as CPython reads when stdin
 * or stdout is not a terminal. */
static ReadResult read_plain(const char *prompt, char **out) {
  fputs(prompt, stderr);
  fflush(stderr);
  sigint_seen = 0;
  reading = 1;
  Buf b;
  buf_init(&b);
  int c;
  while ((c = fgetc(stdin)) != EOF && c != '\n') buf_addc(&b, (char)c);
  reading = 0;
  if (sigint_seen) {
    clearerr(stdin);
    buf_free(&b);
    return READ_INTERRUPT;
  }
  if (c == EOF && b.len == 0) {
    buf_free(&b);
    return READ_EOF;
  }
  *out = b.data ? b.data : strdup("");
  return *out ? READ_LINE : READ_EOF;
}

static char *got_line;
static bool line_done;

static void line_handler(char *line) {
  got_line = line;
  line_done = true;
  edit_lib.callback_handler_remove();
}

static ReadResult read_edited_line(const char *prompt, char **out);

/* The terminal's settings, and the same without echoed control keys; libedit
 * is set up while the latter are in force, so its editing mode keeps them. */
static struct termios tty_normal, tty_quiet;
static bool tty_saved;

/* One line through libedit's callback interface, so that Ctrl-C can end
 * the wait (poll is interrupted) and the line being typed is dropped. */
static ReadResult read_edited(const char *prompt, char **out) {
  got_line = NULL;
  line_done = false;
  sigint_seen = 0;
  reading = 1;
  /* while a line is typed the terminal does not echo Ctrl-D and Ctrl-C as
   * ^D and ^C, as under CPython's readline; running code it does */
  if (tty_saved) tcsetattr(0, TCSANOW, &tty_quiet);
  ReadResult r = read_edited_line(prompt, out);
  if (tty_saved) tcsetattr(0, TCSANOW, &tty_normal);
  return r;
}

static ReadResult read_edited_line(const char *prompt, char **out) {
  edit_lib.callback_handler_install(prompt, line_handler);
  while (!line_done) {
    struct pollfd p = {.fd = 0, .events = POLLIN};
    /* Ctrl-C may come while libedit handles a key, or while waiting */
    int r = sigint_seen ? -1 : poll(&p, 1, -1);
    if (sigint_seen) {
      reading = 0;
      edit_lib.replace_line("", 0);
      edit_lib.callback_handler_remove();
      return READ_INTERRUPT;
    }
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) break;
    edit_lib.callback_read_char();
  }
  reading = 0;
  if (!got_line) {
    /* libedit showed the Ctrl-D it took as ^D: take it back off the screen */
    fputs("\b\b  \b\b", stdout);
    return READ_EOF;
  }
  *out = got_line;
  return READ_LINE;
}

static ReadResult read_line(const char *prompt, char **out) {
  if (editing) return read_edited(prompt, out);
  return read_plain(prompt, out);
}

/* ---------------------------------------------------------- completion */

static const char *const keywords[] = {
    "False",    "None",   "True", "and",    "as",     "assert", "break",   "class",
    "continue", "def",    "del",  "elif",   "else",   "except", "finally", "for",
    "from",     "global", "if",   "import", "in",     "is",     "lambda",  "nonlocal",
    "not",      "or",     "pass", "raise",  "return", "try",    "while",
};

typedef struct Candidates {
  char **items;
  size_t len, cap;
} Candidates;
static Candidates cands;
static size_t cand_next;

/* Adds text[0..plen) + name when name extends the partial name text[plen..];
 * a callable gets "(" after it, as CPython's completer does. */
static void cand_add(size_t plen, const char *name, const char *text, bool callable) {
  size_t tlen = strlen(text);
  size_t nlen = strlen(name);
  /* text is prefix + partial name */
  if (nlen < tlen - plen || strncmp(name, text + plen, tlen - plen) != 0) return;
  for (size_t i = 0; i < cands.len; i++)
    if (strncmp(cands.items[i], text, plen) == 0 &&
        strncmp(cands.items[i] + plen, name, nlen) == 0 &&
        (cands.items[i][plen + nlen] == '\0' || cands.items[i][plen + nlen] == '('))
      return;
  if (cands.len == cands.cap) {
    size_t cap = cands.cap ? cands.cap * 2 : 32;
    char **items = realloc(cands.items, cap * sizeof(char *));
    if (!items) return;
    cands.items = items;
    cands.cap = cap;
  }
  char *s = malloc(plen + nlen + 2);
  if (!s) return;
  memcpy(s, text, plen);
  memcpy(s + plen, name, nlen + 1);
  if (callable) strcat(s + plen, "(");
  cands.items[cands.len++] = s;
}

static bool callable(Value v) {
  return IS_FUNCTION(v) || IS_NATIVE(v) || IS_CLASS(v) || is_obj_type(v, OBJ_BOUND);
}

static void cand_dict(Dict *d, size_t plen, const char *text) {
  for (int64_t i = 0; i < d->nentries; i++)
    if (IS_STR(d->entries[i].key))
      cand_add(plen, AS_STR(d->entries[i].key)->data, text, callable(d->entries[i].value));
}

/* Resolves a dotted name ("bus.passengers") without running any code:
 * globals and attributes only. */
static bool resolve(VM *vm, const char *path, size_t len, Value *out) {
  size_t i = 0;
  Value v = VAL_UNDEF;
  while (i < len) {
    size_t j = i;
    while (j < len && path[j] != '.') j++;
    Str *name = str_intern(vm, path + i, j - i);
    if (!name) return false;
    if (IS_UNDEF(v)) {
      Value slot = dict_get_str(vm->global_index, name);
      if (IS_UNDEF(slot)) return false;
      v = vm->globals[AS_SMALL(slot)];
      if (IS_UNDEF(v)) return false;
    } else {
      Value next;
      if (!attr_get(vm, v, name, &next)) {
        vm->exc = VAL_UNDEF;
        return false;
      }
      v = next;
    }
    i = j + 1;
  }
  *out = v;
  return !IS_UNDEF(v);
}

static void build_candidates(const char *text) {
  VM *vm = repl_vm;
  for (size_t i = 0; i < cands.len; i++) free(cands.items[i]);
  cands.len = 0;
  const char *dot = strrchr(text, '.');
  if (dot) {
    size_t plen = (size_t)(dot - text) + 1;
    Value obj;
    if (!resolve(vm, text, plen - 1, &obj)) return;
    if (IS_INSTANCE(obj)) cand_dict(AS_INSTANCE(obj)->attrs, plen, text);
    if (is_obj_type(obj, OBJ_MODULE)) cand_dict(((Module *)AS_OBJ(obj))->dict, plen, text);
    for (Class *k = IS_CLASS(obj) ? AS_CLASS(obj) : class_of(vm, obj); k; k = k->base)
      cand_dict(class_dict(vm, k), plen, text);
    return;
  }
  for (int i = 0; i < vm->nglobals; i++)
    if (!IS_UNDEF(vm->globals[i]))
      cand_add(0, vm->global_names[i]->data, text, callable(vm->globals[i]));
  for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
    cand_add(0, keywords[i], text, false);
}

static char *complete_next(const char *text, int state) {
  if (state == 0) {
    build_candidates(text);
    cand_next = 0;
  }
  if (cand_next < cands.len) return strdup(cands.items[cand_next++]);
  return NULL;
}

static char **complete(const char *text, int start, int end) {
  (void)start;
  (void)end;
  return edit_lib.completion_matches(text, complete_next);
}

/* -------------------------------------------------------------- inputs */

static const char *history_path(char *buf, size_t cap) {
  const char *p = getenv("LST_HISTORY");
  if (p && *p) return p;
  const char *home = getenv("HOME");
  if (!home || !*home) return NULL;
  snprintf(buf, cap, "%s/.lst_history", home);
  return buf;
}

static bool blank(const char *line) {
  for (; *line; line++)
    if (*line != ' ' && *line != '\t' && *line != '\r') return false;
  return true;
}

/* Parses and compiles src; NULL after printing a syntax error. */
static Code *compile_input(VM *vm, const char *src, CompileMode mode) {
  return run_compile(vm, "<stdin>", src, strlen(src), mode);
}

/* Runs a command's code, an error printed as at the prompt. */
static bool repl_exec(VM *vm, Code *code, Value *result) {
  vm->interrupted &= ~VM_STOP_INTERRUPT;
  bool ok = vm_exec_code(vm, code, result);
  fflush(stdout);
  if (!ok) run_uncaught(vm);
  return ok;
}

/* ------------------------------------------------------------ commands */

static void show_mem(VM *vm, const char *expr) {
  Code *code = compile_input(vm, expr, COMPILE_EVAL);
  Value v;
  if (!code || !repl_exec(vm, code, &v)) return;
  if (!IS_LIST(v)) {
    printf("%%mem shows lists; this is a '%s'\n", class_name_of(vm, v));
    return;
  }
  List *l = AS_LIST(v);
  printf("list #%llu: len=%lld cap=%lld size=%lld bytes, %lld slots free\n",
         (unsigned long long)l->id, (long long)l->len, (long long)l->cap,
         (long long)list_sizeof(l->cap), (long long)(l->cap - l->len));
  /* one character a slot, or a slot range when there are many:
   * '#' used, '.' free, '+' partly used */
  int64_t width = l->cap <= 64 ? l->cap : 64;
  Buf b;
  buf_init(&b);
  buf_addc(&b, '[');
  for (int64_t i = 0; i < width; i++) {
    int64_t from = l->cap * i / width, to = l->cap * (i + 1) / width;
    char c = to <= l->len ? '#' : from >= l->len ? '.' : '+';
    buf_addc(&b, c);
  }
  buf_addc(&b, ']');
  if (l->cap > 64)
    buf_addf(&b, " (each mark is about %lld slots)", (long long)((l->cap + 63) / 64));
  if (b.data) puts(b.data);
  buf_free(&b);
}

void repl_command(VM *vm, Watch *w, const char *line) {
  const char *p = line + 1;
  const char *arg = p;
  while (*arg && *arg != ' ' && *arg != '\t') arg++;
  size_t n = (size_t)(arg - p);
  while (*arg == ' ' || *arg == '\t') arg++;
  if (n == 5 && strncmp(p, "trace", 5) == 0) {
    if (strcmp(arg, "on") == 0)
      w->trace = true;
    else if (strcmp(arg, "off") == 0)
      w->trace = false;
    else if (*arg) {
      puts("usage: %trace on|off");
      return;
    }
    printf("allocation trace %s\n", w->trace ? "on" : "off");
  } else if (n == 6 && strncmp(p, "growth", 6) == 0) {
    if (*arg) {
      const ListRule *r = list_rule_find(arg);
      if (!r) {
        printf("unknown growth rule %s; the rules:\n", arg);
        for (int i = 0; i < list_nrules; i++)
          printf("  %-7s %s\n", list_rules[i].name, list_rules[i].about);
        return;
      }
      vm->list_rule = r;
      w->rule = r->name;
    }
    printf("growth rule %s: %s\n", vm->list_rule->name, vm->list_rule->about);
  } else if (n == 5 && strncmp(p, "stats", 5) == 0) {
    stats_print(stdout, vm, w);
  } else if (n == 4 && strncmp(p, "plot", 4) == 0) {
    if (!*arg) {
      puts("usage: %plot FILE.svg");
      return;
    }
    watch_finish(vm, w);
    PlotRun run = {vm->list_rule->name, w};
    FILE *f = fopen(arg, "w");
    if (!f || !plot_write(f, &run, 1, "<stdin>") || fclose(f) != 0)
      printf("cannot write %s: %s\n", arg, strerror(errno));
    else
      printf("wrote %s\n", arg);
  } else if (n == 3 && strncmp(p, "mem", 3) == 0) {
    if (!*arg)
      puts("usage: %mem EXPRESSION");
    else
      show_mem(vm, arg);
  } else if (n == 3 && strncmp(p, "dis", 3) == 0) {
    if (!*arg) {
      puts("usage: %dis STATEMENT");
      return;
    }
    Code *code = compile_input(vm, arg, COMPILE_INTERACTIVE);
    if (code) debug_disassemble(vm, code, stdout);
  } else if (n == 4 && strncmp(p, "help", 4) == 0) {
    puts("%trace on|off   print every change of a list's buffer as it happens (to stderr)");
    puts("%growth [RULE]  show or choose the list growth rule: 3.11, 3.8, double or 1.5");
    puts("%stats          what the lists' buffers cost so far");
    puts("%plot FILE.svg  draw the lists whose buffer moved most");
    puts("%save FILE      the session so far as a transcript `lst test` replays");
    puts("%mem EXPR       show a list's length, capacity and size, and a picture of its slots");
    puts("%dis STATEMENT  show the bytecode a statement compiles to");
    puts("%help           this list");
    puts("Ctrl-C interrupts running code or drops the line; Ctrl-D on an empty line exits.");
  } else {
    printf("unknown command %.*s; %%help lists the commands\n", (int)n + 1, line);
  }
  fflush(stdout);
}

/* ----------------------------------------------------------------- loop */

/* The inputs run so far, for %save. */
typedef struct History {
  char **items;
  size_t len, cap;
} History;

static void history_add(History *h, const char *src) {
  if (h->len == h->cap) {
    size_t cap = h->cap ? h->cap * 2 : 32;
    char **items = realloc(h->items, cap * sizeof *items);
    if (!items) return;
    h->items = items;
    h->cap = cap;
  }
  char *copy = strdup(src);
  if (copy) h->items[h->len++] = copy;
}

static void history_free(History *h) {
  for (size_t i = 0; i < h->len; i++) free(h->items[i]);
  free(h->items);
}

/* Writes fd's new bytes since *pos to out, each line after prefix. */
static void copy_output(int fd, off_t *pos, FILE *out) {
  char buf[4096];
  ssize_t n;
  lseek(fd, *pos, SEEK_SET);
  while ((n = read(fd, buf, sizeof buf)) > 0) {
    fwrite(buf, 1, (size_t)n, out);
    *pos += n;
  }
}

/* %save FILE: the session so far as a transcript that `lst test` (and
 * CPython's doctest) replays: each input after its prompts, then what it
 * printed.  The inputs run again in a fresh session to collect that. */
static void save_session(VM *vm, const History *h, const char *path) {
  FILE *out = fopen(path, "w");
  char tmpl[] = "/tmp/lst-save-XXXXXX";
  int fd = mkstemp(tmpl);
  VM *replay = fd >= 0 ? run_open() : NULL;
  if (!out || !replay) {
    printf("cannot write %s: %s\n", path, strerror(errno));
    if (out) fclose(out);
    if (fd >= 0) close(fd), unlink(tmpl);
    return;
  }
  unlink(tmpl);
  replay->list_rule = vm->list_rule;
  replay->filename = "<stdin>";
  replay->argv = vm->argv;
  fflush(stdout);
  fflush(stderr);
  int saved_out = dup(1), saved_err = dup(2);
  off_t pos = 0;
  for (size_t i = 0; i < h->len; i++) {
    const char *src = h->items[i];
    for (const char *line = src; *line;) {
      const char *nl = strchr(line, '\n');
      size_t n = nl ? (size_t)(nl - line) : strlen(line);
      fprintf(out, "%s%.*s\n", line == src ? ">>> " : "... ", (int)n, line);
      line += n + (nl ? 1 : 0);
    }
    dup2(fd, 1);
    dup2(fd, 2);
    int status = 0;
    bool go_on = session_run(replay, src, &status, NULL, 0) != SESSION_EXIT;
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    copy_output(fd, &pos, out);
    if (!go_on) break;
  }
  close(saved_out);
  close(saved_err);
  close(fd);
  bool ok = fclose(out) == 0;
  replay->argv = VAL_UNDEF;
  vm_free(replay);
  if (ok)
    printf("saved %zu input%s to %s\n", h->len, h->len == 1 ? "" : "s", path);
  else
    printf("cannot write %s: %s\n", path, strerror(errno));
}

int repl_run(VM *vm, Watch *w, bool quiet) {
  repl_vm = vm;
  /* the prompt always watches its lists, for %stats and %plot */
  w->counts = w->samples = true;
  watch_install(vm, w);
  int inputs = 0;
  vm->filename = "<stdin>";
  vm->source = NULL;
  vm->source_len = 0;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL); /* no SA_RESTART: poll must return on Ctrl-C */
  editing = run_isatty(0) && run_isatty(1) && edit_load();
  /* typed text is UTF-8: libedit needs a locale that says so */
  if (editing && !setlocale(LC_CTYPE, "")) setlocale(LC_CTYPE, "C.UTF-8");
  if (editing && strcmp(nl_langinfo(CODESET), "UTF-8") != 0) setlocale(LC_CTYPE, "C.UTF-8");
  char hist_buf[4096];
  const char *hist = editing ? history_path(hist_buf, sizeof hist_buf) : NULL;
  if (editing) {
    if (tcgetattr(0, &tty_normal) == 0) {
      tty_quiet = tty_normal;
      tty_quiet.c_lflag &= (tcflag_t)~ECHOCTL;
      tty_saved = tcsetattr(0, TCSANOW, &tty_quiet) == 0;
    }
    *edit_lib.readline_name = "lst";
    *edit_lib.catch_signals = 0;
    *edit_lib.basic_word_break_characters = " \t\n\"\\'`@$><=;|&{([,+-*/%";
    *edit_lib.attempted_completion_function = complete;
    *edit_lib.completion_append_character = '\0';
    edit_lib.initialize();
    edit_lib.using_history();
    if (hist) edit_lib.read_history(hist);
    if (tty_saved) tcsetattr(0, TCSANOW, &tty_normal);
  }
  if (!quiet && run_isatty(0)) {
    printf("lst %s: a subset of Python 3.11 for lists\n", LST_VERSION);
    printf("Type %%help for lst's commands, Ctrl-D to exit.\n");
    fflush(stdout);
  }
  History done = {0};
  Buf input;
  buf_init(&input);
  int status = 0;
  for (;;) {
    char *line = NULL;
    ReadResult r = read_line(input.len == 0 ? ">>> " : "... ", &line);
    if (r == READ_INTERRUPT) {
      fputs("\nKeyboardInterrupt\n", stdout);
      fflush(stdout);
      buf_free(&input);
      continue;
    }
    bool eof = r == READ_EOF;
    if (eof && input.len == 0) {
      fputc('\n', editing ? stdout : stderr);
      break;
    }
    if (!eof) {
      if (editing && !blank(line)) edit_lib.add_history(line);
      if (input.len == 0 && line[0] == '%') {
        if (strncmp(line, "%save", 5) == 0 && (line[5] == ' ' || line[5] == '\0')) {
          const char *path = line + 5;
          while (*path == ' ') path++;
          if (*path)
            save_session(vm, &done, path);
          else
            puts("usage: %save FILE");
        } else {
          repl_command(vm, w, line);
        }
        free(line);
        continue;
      }
      if (input.len == 0 && blank(line)) {
        free(line);
        continue;
      }
      buf_adds(&input, line);
      buf_addc(&input, '\n');
      free(line);
    } else {
      /* end of input at "... " ends the input, which then runs */
      fputc('\n', editing ? stdout : stderr);
    }
    if (input.failed) {
      fputs("MemoryError\n", stderr);
      buf_free(&input);
      continue;
    }
    if (!session_ready(input.data, eof)) continue;
    /* events name the input they happen in, as CPython 3.13 names it
     * <python-input-N> */
    w->input = ++inputs;
    history_add(&done, input.data);
    bool go_on = session_run(vm, input.data, &status, NULL, 0) != SESSION_EXIT;
    buf_free(&input);
    if (!go_on) break;
  }
  buf_free(&input);
  history_free(&done);
  if (hist) edit_lib.write_history(hist);
  for (size_t i = 0; i < cands.len; i++) free(cands.items[i]);
  free(cands.items);
  fflush(stdout);
  return status;
}
