/* repl.h: the interactive prompt (shell layer). */
#ifndef LST_REPL_H
#define LST_REPL_H

#include "core/vm.h"

/* Runs the prompt on the terminal until Ctrl-D; returns the exit status. */
int repl_run(VM *vm);

#endif
