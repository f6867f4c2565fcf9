/* watch.h: what the shell learns about each list while it watches them,
 * through the list hook: a name (the variable, attribute or parameter it
 * was first stored in), where it was made, and the counts and samples that
 * the allocation trace, --alloc-stats and --alloc-plot report.
 *
 * A list gets a record when it is made (while someone watches); it counts
 * from its first buffer on.  A record is dropped when the collector
 * reclaims its list, unless the list is among the ones that moved most.
 *
 * What a list holds (--trace-items) is shown after its changes, not at
 * them: at a change of buffer the operation has not yet stored its items
 * (append grows, then stores).  A changed list is marked dirty, and its
 * [items] line comes just before the next trace line of another list, or at
 * the end of the run: by then every list but the one changing is whole
 * (the collector's invariant: natives fill a list before the next list
 * operation).  Never during a sweep, whose lists may hold freed objects.
 */
#ifndef LST_WATCH_H
#define LST_WATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/state.h"

#define WATCH_NAME_MAX 64
#define WATCH_TOP      5    /* lists shown by --alloc-stats and --alloc-plot */
#define WATCH_SAMPLES  2048 /* samples kept per list, thinned beyond */

/* One point of a list's history: after `op` changes of length. */
typedef struct WatchSample {
  int64_t op, len, cap;
} WatchSample;

typedef struct WatchList {
  uint64_t id;
  char name[WATCH_NAME_MAX]; /* "" until known */
  int line, input;           /* where it was made (input: the prompt's input, or 0) */
  int64_t len, cap;          /* as last seen */
  int64_t ops;               /* changes of length */
  int64_t grows, shrinks;    /* changes of buffer: first blocks and growths, shrinks and frees */
  int64_t copies;            /* live items the moves copied */
  int64_t added;             /* items added: appended, inserted, extended, made with */
  int64_t bytes;             /* buffer bytes asked for */
  int64_t peak_cap, len_at_peak, peak_len; /* len_at_peak: when the capacity peaked */
  bool alive;
  List *list;           /* while alive */
  int64_t dirty_at;     /* its place among the lists whose items are to show, or -1 */
  bool items_shown;     /* an [items] line showed what it held ... */
  uint64_t items_hash;  /* ... these items */
  WatchSample *samples; /* plot only */
  int nsamples, samples_cap;
  int64_t stride; /* a change sample is kept every stride changes */
} WatchList;

/* The whole run's figures. */
typedef struct WatchTotals {
  int64_t lists, grows, shrinks, copies, added, bytes;
  int64_t cap, len; /* over the lists alive now */
  int64_t peak_cap, len_at_peak, peak_len;
} WatchTotals;

typedef struct Watch {
  bool trace;       /* print each change of buffer (--trace-alloc) */
  bool items;       /* and, after the changes, what the lists hold (--trace-items) */
  bool counts;      /* keep the figures of --alloc-stats and --alloc-plot */
  bool samples;     /* keep samples for --alloc-plot */
  FILE *out;        /* where the trace goes */
  int input;        /* the prompt's input being run, or 0 for a program */
  const char *rule; /* the growth rule's name */
  WatchTotals totals;
  WatchList **table; /* open addressing by id, NULL: empty */
  int64_t table_cap, table_len;
  WatchList *dead[WATCH_TOP]; /* reclaimed lists that moved most */
  bool failed;                /* out of memory: figures incomplete */
  WatchList **dirty;          /* lists changed since their last [items] line */
  int64_t ndirty, dirty_cap;
} Watch;

/* Starts watching vm's lists (vm->list_hook); w stays the caller's. */
void watch_install(VM *vm, Watch *w);
/* Stops, and frees what w holds. */
void watch_uninstall(VM *vm, Watch *w);

/* The record of a live list, or NULL if it has none. */
WatchList *watch_find(Watch *w, uint64_t id);
/* The record of a list alive or kept among the dead, or NULL. */
WatchList *watch_lookup(Watch *w, uint64_t id);
/* The name of a list: its record's, or found now as a record would be. */
void watch_name(VM *vm, Watch *w, List *l, char *out, size_t cap);
/* At the end of a run (--trace-items): an [items] line for every list whose
 * items changed since its last one, the changes that move no length
 * (a[i] = x, sort) included. */
void watch_show_items(VM *vm, Watch *w);
/* Brings the records of the lists still alive up to date (at exit). */
void watch_finish(VM *vm, Watch *w);
/* The lists that moved most, most first, alive or not; returns how many. */
int watch_top(Watch *w, WatchList **out, int max);

#endif
