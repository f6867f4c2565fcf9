/* session.c: CPython's rules for the inputs of an interactive session, and
 * running one.  See session.h. */
#include "shell/session.h"

#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "front/ast.h"
#include "front/parse.h"
#include "shell/run.h"

/* Whether the input opens with a compound statement, which CPython's
 * single-input grammar ends with an extra blank line. */
static bool compound_start(const char *src) {
  static const char *const words[] = {"if", "while", "for", "try", "with", "def", "class", "async"};
  while (*src == ' ' || *src == '\t') src++;
  if (*src == '@') return true;
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    size_t n = strlen(words[i]);
    char after = src[n];
    if (strncmp(src, words[i], n) == 0 &&
        !(after == '_' || (after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z') ||
          (after >= '0' && after <= '9') || (after & 0x80)))
      return true;
  }
  return false;
}

static bool blank_line(const char *start, const char *end) {
  for (const char *p = start; p < end; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\f') return false;
  return true;
}

bool session_ready(const char *src, bool at_eof) {
  if (at_eof) return true;
  size_t len = strlen(src);
  /* the last line, without its newline */
  const char *end = len && src[len - 1] == '\n' ? src + len - 1 : src + len;
  const char *last = end;
  while (last > src && last[-1] != '\n') last--;
  bool compound = compound_start(src);
  if (compound && blank_line(last, end)) return true;
  Arena arena;
  ast_arena_init(&arena);
  NodeList *body;
  ParseError err;
  memset(&err, 0, sizeof err);
  bool ok = parse_input(&arena, src, len, &body, &err);
  ast_arena_free(&arena);
  if (!ok) return !err.at_eof; /* an error more lines cannot mend: now */
  return !compound;
}

SessionOutcome session_run(VM *vm, const char *src, int *status, char *exc, size_t cap) {
  Code *code = run_compile_diag(vm, "<stdin>", src, strlen(src), COMPILE_INTERACTIVE, exc, cap);
  if (!code) return SESSION_RAISED;
  vm->interrupted &= ~VM_STOP_INTERRUPT;
  bool ok = vm_exec_code(vm, code, NULL);
  fflush(stdout);
  if (ok) return SESSION_DONE;
  if (exc && cap) {
    Buf b;
    buf_init(&b);
    run_exception_line(vm, vm->exc, &b);
    snprintf(exc, cap, "%.*s", (int)b.len, b.data ? b.data : "");
    buf_free(&b);
  }
  if (err_matches(vm->exc, vm->b.system_exit)) {
    *status = run_uncaught(vm);
    return SESSION_EXIT;
  }
  run_uncaught(vm);
  return SESSION_RAISED;
}
