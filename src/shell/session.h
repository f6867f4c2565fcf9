/* session.h: an interactive session as CPython's prompt runs one: when the
 * lines so far make an input to run, compiling it so that an expression's
 * value is echoed, and running it, with a SystemExit ending the session.
 * The prompt on a terminal, the prompt on piped input (-i), %save and the
 * transcripts of `lst test` all run their inputs through here. */
#ifndef LST_SESSION_H
#define LST_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/vm.h"

/* Whether src, the lines so far (each ending in a newline), is an input to
 * run now: true when it is complete, or wrong in a way no further line can
 * mend, or at_eof (no line will come).  A compound statement (if, for,
 * def, class ...) runs only after a blank line, as at CPython's prompt. */
bool session_ready(const char *src, bool at_eof);

typedef enum {
  SESSION_DONE,   /* it ran */
  SESSION_RAISED, /* it did not compile, or raised: printed on stderr */
  SESSION_EXIT    /* a SystemExit: the session ends */
} SessionOutcome;

/* Compiles src in interactive mode and runs it, an error printed as CPython
 * prints it.  For RAISED and EXIT, exc (cap bytes, if not NULL) gets the
 * error's last line ("IndexError: list index out of range"); for EXIT,
 * *status gets the exit status. */
SessionOutcome session_run(VM *vm, const char *src, int *status, char *exc, size_t cap);

#endif
