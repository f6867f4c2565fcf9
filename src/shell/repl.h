/* repl.h: the interactive prompt (shell layer). */
#ifndef LST_REPL_H
#define LST_REPL_H

#include "core/vm.h"
#include "shell/watch.h"

/* Runs the prompt on the terminal until Ctrl-D; returns the exit status.
 * w watches the session's lists (the caller's, installed here). */
int repl_run(VM *vm, Watch *w);

#endif
