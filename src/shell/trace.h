/* trace.h: the lines of the allocation trace (--trace-alloc, %trace), one
 * for every change of a list's buffer and one when the collector reclaims
 * a list that had one.  The watcher (watch.c) calls them. */
#ifndef LST_TRACE_H
#define LST_TRACE_H

#include <stdio.h>

#include "shell/watch.h"

/* [alloc] [grow] [shrink] [free]: the change e of l's buffer. */
void trace_print_buffer(FILE *out, VM *vm, int input, const WatchList *r, const List *l,
                        const ListEvent *e);
/* The most items an [items] line shows; a longer list ends with "...". */
#define TRACE_ITEMS_MAX 128

/* [items]: what l holds now (--trace-items), each item by identity: a list
 * by its number (#N), a small int, None, True or False by its value, any
 * other object by its type and hex(id(x)) (str@0x7f12...). */
void trace_print_items(FILE *out, VM *vm, int input, const WatchList *r, const List *l);
/* [collect]: l is reclaimed. */
void trace_print_collect(FILE *out, VM *vm, int input, const WatchList *r, const List *l);

#endif
