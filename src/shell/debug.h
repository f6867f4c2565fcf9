/* debug.h: the disassembler, for `lst --dis` and the REPL's %dis. */
#ifndef LST_DEBUG_H
#define LST_DEBUG_H

#include <stdio.h>

#include "core/vm.h"

/* Prints code and, after it, every function compiled inside it. */
void debug_disassemble(VM *vm, Code *code, FILE *out);

#endif
