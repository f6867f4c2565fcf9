/* explore.h: the growth explorer's command-line side: --growth with one
 * rule or several, and the silent extra runs that let --alloc-plot and
 * --alloc-stats compare rules. */
#ifndef LST_EXPLORE_H
#define LST_EXPLORE_H

#include "core/list.h"
#include "shell/watch.h"

#define EXPLORE_MAX_RULES 4

/* Parses "3.8,3.11,double" into rules; the number of rules, or 0 (with a
 * message on stderr) for an unknown or repeated name. */
int explore_parse_rules(const char *spec, const ListRule **rules, int max);

/* Runs the program again under rule, with stdout and stderr discarded,
 * watching its lists into w (counts and samples).  argv0 and args make its
 * sys.argv, as for the first run.  False when it could not be run. */
bool explore_silent_run(const ListRule *rule, const char *filename, const char *source, size_t len,
                        const char *argv0, char **args, int nargs, Watch *w);

#endif
