/* run.h: the compile-and-run driver every way of running lst shares (a
 * file, -c, stdin, the prompt, `lst test`), and the printing of syntax
 * errors and tracebacks in CPython's format. */
#ifndef LST_RUN_H
#define LST_RUN_H

#include <stdio.h>

#include "base/buf.h"
#include "core/vm.h"
#include "front/compile.h"
#include "front/source.h"

/* A program's bytes as the front end takes them (front/source.h): true
 * with the text in *out (source_free it), or false after printing, as
 * CPython does, why the bytes cannot be read (not UTF-8, a null byte, a
 * coding line's encoding problem, or lst's refusal of an encoding). */
bool run_prepare_source(const char *filename, char *bytes, size_t len, SourceKind kind,
                        Source *out);
/* The end of the C stack nearest main(), where no VM value lives: main
 * sets it first thing, and every VM run_open makes scans natives' frames
 * up to it (base/gc.h). Without it, nothing is collected under a native. */
void run_set_stack_base(void *base);
/* A VM with the library open and __name__ set to "__main__", as CPython
 * runs a program; NULL when out of memory. */
VM *run_open(void);
/* The exit status of a program stopped by --max-time or --max-steps. */
#define RUN_LIMIT_STATUS 3

/* sys.argv: first (the program's name as CPython gives it) and the
 * arguments after it.  False when out of memory. */
bool run_set_argv(VM *vm, char **argv, int argc, const char *first);

/* Parses and compiles a program; on an error prints it as CPython would
 * (a SyntaxError with file, line and caret) and returns NULL. */
Code *run_compile(VM *vm, const char *filename, const char *source, size_t len, CompileMode mode);

/* As run_compile; an error's last line ("SyntaxError: invalid syntax") also
 * goes to diag (cap bytes), which is "" when there is none. */
Code *run_compile_diag(VM *vm, const char *filename, const char *source, size_t len,
                       CompileMode mode, char *diag, size_t cap);

/* Compiles and runs a whole program.  Returns the process exit status; an
 * uncaught exception is printed to stderr as CPython prints it. */
int run_source(VM *vm, const char *filename, const char *source, size_t len);
/* As run_source; with inspect (-i: a prompt follows), an uncaught
 * SystemExit is printed as a traceback and ends nothing, as in CPython. */
int run_program(VM *vm, const char *filename, const char *source, size_t len, bool inspect);

/* Makes stdout a stream that keeps the error of a failed write (for
 * run_finish_stdout), buffered as CPython's; false if it could not. */
bool run_open_stdout(void);
/* isatty(fd), asked of the host: under node (the WebAssembly build) the C
 * library calls every standard stream a terminal. */
bool run_isatty(int fd);
/* Flushes stdout at exit; if what was left cannot be written, says so as
 * CPython does ("Exception ignored in: <_io.TextIOWrapper name='<stdout>'
 * ...>" and the error) and returns its status 120, else status. */
int run_finish_stdout(int status);
/* The exit status for the uncaught exception pending in vm, which it
 * clears: a traceback and 1, or what a SystemExit asks. */
int run_uncaught(VM *vm);
/* Whether the last uncaught exception was a KeyboardInterrupt: CPython
 * then ends by SIGINT itself, so that a shell loop over programs stops. */
bool run_ended_by_interrupt(void);

/* Prints "Traceback ...", the frames and the "Type: message" line. */
void run_print_exception(VM *vm, Value exc, FILE *out);
/* The "Type: message" line of exc, without its newline, into out. */
void run_exception_line(VM *vm, Value exc, Buf *out);
/* The "Type: message" line alone (str of exc). */
void run_print_exception_line(VM *vm, Value exc, FILE *out);
/* Prints a SyntaxError in CPython's form: file, line, source, caret. */
void run_print_syntax_error(const char *filename, int line, int col, int end_col,
                            const char *source_line, const char *kind, const char *msg, FILE *out);

#endif
