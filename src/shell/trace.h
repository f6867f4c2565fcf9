/* trace.h: the allocation trace (--trace-alloc): one line on stderr for
 * every change of a list's buffer.  Installed into vm->list_hook. */
#ifndef LST_TRACE_H
#define LST_TRACE_H

#include "core/vm.h"

void trace_enable(VM *vm, bool on);

#endif
