/* compile.h: syntax tree to bytecode.
 *
 * The compiler resolves every name to a local slot, a cell, a free
 * variable, a module-level slot or a class-namespace lookup before emitting
 * code (a scope pass over the tree), so the VM never looks a name up by
 * string outside class bodies.
 */
#ifndef LST_COMPILE_H
#define LST_COMPILE_H

#include "base/object.h"
#include "front/ast.h"

typedef struct VM VM;

typedef struct CompileError {
  char msg[200];
  const char *kind; /* "SyntaxError" */
  int line, col;
  int end_col; /* the end of the span CPython marks, past col; 0: one character */
} CompileError;

typedef enum {
  COMPILE_FILE,        /* a program: expression statements discard their value */
  COMPILE_INTERACTIVE, /* REPL input: expression statements print their repr */
  COMPILE_EVAL         /* one expression: the code returns its value */
} CompileMode;

/* What the compiler asks of the runtime that will run the code, passed in
 * by the host (the shell), so that the front end calls nothing above it. */
typedef struct CompileHost {
  /* The slot of a module-level name, made on first use; -1 when out of memory. */
  int (*global_slot)(VM *vm, Str *name);
  /* Whether `import name` can succeed; an import of anything else is refused
   * at compile time, before the program prints anything. */
  bool (*has_module)(const char *name);
} CompileHost;

/* Compiles a module body.  NULL with err filled on a compile-time error
 * (or NULL with vm->exc set when out of memory). */
Code *compile_module(VM *vm, const CompileHost *host, NodeList *body, Arena *arena,
                     CompileMode mode, CompileError *err);

#endif
