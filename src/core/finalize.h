/* finalize.h: generators dropped while paused inside try or with are
 * closed when the program lets them go, as CPython does (see finalize.c). */
#ifndef LST_FINALIZE_H
#define LST_FINALIZE_H

#include "core/vm.h"

/* g paused at a yield; protected_block: inside try, except, finally or with. */
void finalize_paused(VM *vm, Generator *g, bool protected_block);
/* g runs again (or ends): no longer watched. */
void finalize_resumed(VM *vm, Generator *g);
/* v was let go (a popped for-loop iterator, an overwritten variable): a
 * watched generator that nothing reaches is closed now. */
bool finalize_dropped(VM *vm, Value v);
/* The same for each value of a stack region just cut off. */
bool finalize_dropped_range(VM *vm, const Value *from, const Value *to);
/* NotImplementedError if the collector freed a watched generator. */
bool finalize_check_lost(VM *vm);
/* The end of the program: the watched generators still alive are closed. */
bool finalize_at_exit(VM *vm);

#endif
