/* stats.h: the summary --alloc-stats prints at exit (and %stats at the
 * prompt): what the lists' buffers cost, in all and for the lists that
 * moved most. */
#ifndef LST_STATS_H
#define LST_STATS_H

#include <stdio.h>

#include "shell/watch.h"

void stats_print(FILE *out, VM *vm, Watch *w);

#endif
