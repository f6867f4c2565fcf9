/* repl.h: the interactive prompt (shell layer). */
#ifndef LST_REPL_H
#define LST_REPL_H

#include "core/vm.h"
#include "shell/watch.h"

/* Runs the prompt until end of input (Ctrl-D) or a SystemExit; returns the
 * exit status.  On a terminal lines are edited with libedit; otherwise
 * they are read as they come, the prompts going to stderr, as CPython
 * does.  w watches the session's lists (the caller's, installed here);
 * quiet (-q) leaves out the banner. */
int repl_run(VM *vm, Watch *w, bool quiet);

/* Runs one of the prompt's % commands (line starts with %): %trace,
 * %growth, %stats, %plot, %mem, %dis, %help. */
void repl_command(VM *vm, Watch *w, const char *line);

#endif
