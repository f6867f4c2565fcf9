/* session.h: an interactive session as CPython's prompt runs one: when the
 * lines so far make an input to run, compiling it so that an expression's
 * value is echoed, and running it, with a SystemExit ending the session.
 * The prompt on a terminal, the prompt on piped input (-i), %save and the
 * transcripts of `lst test` all run their inputs through here. */
#ifndef LST_SESSION_H
#define LST_SESSION_H

#include <stdbool.h>

#include "core/vm.h"

/* Whether src, the lines so far (each ending in a newline), is an input to
 * run now: true when it is complete, or wrong in a way no further line can
 * mend, or at_eof (no line will come).  A compound statement (if, for,
 * def, class ...) runs only after a blank line, as at CPython's prompt. */
bool session_ready(const char *src, bool at_eof);

/* Compiles src in interactive mode and runs it, an error printed as
 * CPython prints it.  False when a SystemExit ends the session, with
 * *status its exit status. */
bool session_run(VM *vm, const char *src, int *status);

#endif
