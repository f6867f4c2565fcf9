/* plot.h: --alloc-plot: a self-contained SVG of the lists that moved most,
 * capacity as a step line and length as a line against the list's count
 * of operations, one panel a list, one capacity line for each growth rule
 * the program ran under. */
#ifndef LST_PLOT_H
#define LST_PLOT_H

#include <stdbool.h>
#include <stdio.h>

#include "shell/watch.h"

/* One run of the program: its growth rule and what was watched. */
typedef struct PlotRun {
  const char *rule;
  Watch *watch;
} PlotRun;

/* Writes the picture; the lists are the ones that moved most in runs[0].
 * title names the program.  False when the file cannot be written. */
bool plot_write(FILE *out, const PlotRun *runs, int nruns, const char *title);

#endif
