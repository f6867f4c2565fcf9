/* plot.c: writes the --alloc-plot SVG by hand: no library, no script, only
 * elements any browser draws.
 *
 * Layout: a title and a legend on top, then one panel per list.  A panel
 * has its axes (operations across, slots up) with round-number ticks, the
 * length as a thin dark line and each rule's capacity as a coloured step
 * line.  Every slot tick is a grid line (class ygrid) with a <text> label
 * holding its number (class ytick), in the same order, and every line a
 * <polyline> with a class (`length`, `capacity`) and the rule in
 * data-rule, so that a test can read the picture back.
 */
#include "shell/plot.h"

#include <math.h>
#include <string.h>

#define PLOT_WIDTH   960
#define PANEL_HEIGHT 250
#define PANEL_GAP    30
#define LEFT         80 /* room for the slot ticks */
#define RIGHT        24
#define TOP          86 /* title and legend */
#define AXIS_GAP     44 /* below a panel's plot area: ticks and the axis label */

/* Line colours, one a rule, all with a contrast of at least 4.5:1 on white. */
static const char *const rule_colours[] = {"#1f4e9e", "#b3261e", "#1b6e35", "#6b3aa0"};
#define LENGTH_COLOUR "#3a3a3a"

/* Escapes text for XML. */
static void put_text(FILE *out, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '&': fputs("&amp;", out); break;
    case '"': fputs("&quot;", out); break;
    default: fputc(*s, out);
    }
  }
}

/* A round step for about `want` ticks over [0, max]: 1, 2 or 5 times a
 * power of ten, at least 1. */
static int64_t tick_step(int64_t max, int want) {
  double raw = (double)max / want;
  if (raw <= 1) return 1;
  double p = pow(10, floor(log10(raw)));
  double m = raw / p;
  double step = m <= 1 ? p : m <= 2 ? 2 * p : m <= 5 ? 5 * p : 10 * p;
  return (int64_t)step;
}

typedef struct Axes {
  double x0, y0, w, h; /* the plot area: x0,y0 its top left corner */
  int64_t xmax, ymax;
} Axes;

static double px(const Axes *a, int64_t x) { return a->x0 + a->w * (double)x / (double)a->xmax; }
static double py(const Axes *a, int64_t y) {
  return a->y0 + a->h - a->h * (double)y / (double)a->ymax;
}

static void draw_axes(FILE *out, const Axes *a) {
  fprintf(out, "<g class=\"axes\" font-size=\"12\" fill=\"#222222\">\n");
  fprintf(out,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
          "stroke=\"#767676\"/>\n",
          a->x0, a->y0, a->w, a->h);
  int64_t xs = tick_step(a->xmax, 8), ys = tick_step(a->ymax, 5);
  for (int64_t x = 0; x <= a->xmax; x += xs) {
    double X = px(a, x);
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#767676\"/>\n", X,
            a->y0 + a->h, X, a->y0 + a->h + 5);
    fprintf(out, "<text class=\"xtick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%lld</text>\n",
            X, a->y0 + a->h + 18, (long long)x);
  }
  for (int64_t y = 0; y <= a->ymax; y += ys) {
    double Y = py(a, y);
    fprintf(out,
            "<line class=\"ygrid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"#d0d0d0\"/>\n",
            a->x0, Y, a->x0 + a->w, Y);
    fprintf(out, "<text class=\"ytick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%lld</text>\n",
            a->x0 - 8, Y + 4, (long long)y);
  }
  fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">operations on the list</text>\n",
          a->x0 + a->w / 2, a->y0 + a->h + 36);
  fprintf(out,
          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
          "transform=\"rotate(-90 %.1f %.1f)\">slots</text>\n",
          a->x0 - 56, a->y0 + a->h / 2, a->x0 - 56, a->y0 + a->h / 2);
  fputs("</g>\n", out);
}

/* The capacity as a step line: it holds until the next sample changes it. */
static void draw_capacity(FILE *out, const Axes *a, const WatchList *r, const char *rule,
                          const char *colour) {
  fprintf(out,
          "<polyline class=\"capacity\" data-rule=\"%s\" fill=\"none\" stroke=\"%s\" "
          "stroke-width=\"2.5\" points=\"",
          rule, colour);
  for (int i = 0; i < r->nsamples; i++) {
    const WatchSample *s = &r->samples[i];
    if (i > 0) fprintf(out, " %.1f,%.1f", px(a, s->op), py(a, r->samples[i - 1].cap));
    fprintf(out, "%s%.1f,%.1f", i ? " " : "", px(a, s->op), py(a, s->cap));
  }
  fputs("\"/>\n", out);
}

static void draw_length(FILE *out, const Axes *a, const WatchList *r) {
  fprintf(out,
          "<polyline class=\"length\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"",
          LENGTH_COLOUR);
  for (int i = 0; i < r->nsamples; i++)
    fprintf(out, "%s%.1f,%.1f", i ? " " : "", px(a, r->samples[i].op), py(a, r->samples[i].len));
  fputs("\"/>\n", out);
}

static void draw_legend(FILE *out, const PlotRun *runs, int nruns) {
  double x = LEFT;
  fprintf(out, "<g class=\"legend\" font-size=\"13\" fill=\"#222222\">\n");
  for (int i = 0; i < nruns; i++) {
    fprintf(
        out,
        "<line x1=\"%.1f\" y1=\"58\" x2=\"%.1f\" y2=\"58\" stroke=\"%s\" stroke-width=\"2.5\"/>", x,
        x + 28, rule_colours[i % 4]);
    fprintf(out, "<text x=\"%.1f\" y=\"62\">capacity, rule ", x + 34);
    put_text(out, runs[i].rule);
    fputs("</text>\n", out);
    x += 190;
  }
  fprintf(out,
          "<line x1=\"%.1f\" y1=\"58\" x2=\"%.1f\" y2=\"58\" stroke=\"%s\" stroke-width=\"1.5\"/>"
          "<text x=\"%.1f\" y=\"62\">length</text>\n</g>\n",
          x, x + 28, LENGTH_COLOUR, x + 34);
}

bool plot_write(FILE *out, const PlotRun *runs, int nruns, const char *title) {
  WatchList *top[WATCH_TOP];
  int n = watch_top(runs[0].watch, top, WATCH_TOP);
  int height = TOP + (n ? n : 1) * (PANEL_HEIGHT + PANEL_GAP);
  fprintf(out,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
          "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" role=\"img\">\n",
          PLOT_WIDTH, height, PLOT_WIDTH, height);
  fputs("<title>List capacity and length: ", out);
  put_text(out, title);
  fputs("</title>\n", out);
  fprintf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", PLOT_WIDTH, height);
  fprintf(out, "<text x=\"%d\" y=\"30\" font-size=\"18\" fill=\"#111111\">", LEFT);
  put_text(out, title);
  fputs(n ? ": the lists whose buffer moved most</text>\n" : ": no list's buffer moved</text>\n",
        out);
  draw_legend(out, runs, nruns);
  for (int p = 0; p < n; p++) {
    Axes a = {LEFT,
              TOP + p * (PANEL_HEIGHT + PANEL_GAP) + 24.0,
              PLOT_WIDTH - LEFT - RIGHT,
              PANEL_HEIGHT - AXIS_GAP - 24.0,
              1,
              1};
    const WatchList *rs[8];
    for (int i = 0; i < nruns && i < 8; i++) {
      rs[i] = i == 0 ? top[p] : watch_lookup(runs[i].watch, top[p]->id);
      for (int k = 0; rs[i] && k < rs[i]->nsamples; k++) {
        const WatchSample *s = &rs[i]->samples[k];
        if (s->op > a.xmax) a.xmax = s->op;
        if (s->cap > a.ymax) a.ymax = s->cap;
        if (s->len > a.ymax) a.ymax = s->len;
      }
    }
    /* room above the highest line: the next round tick */
    int64_t ys = tick_step(a.ymax, 5);
    a.ymax = (a.ymax / ys + 1) * ys;
    fprintf(out, "<g class=\"panel\" data-list=\"%llu\">\n", (unsigned long long)top[p]->id);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" fill=\"#111111\">list #%llu ", a.x0,
            a.y0 - 8, (unsigned long long)top[p]->id);
    put_text(out, top[p]->name);
    fprintf(out, ", made on line %d: %lld reallocations, %lld items copied</text>\n", top[p]->line,
            (long long)(top[p]->grows + top[p]->shrinks), (long long)top[p]->copies);
    draw_axes(out, &a);
    for (int i = nruns - 1; i >= 0; i--)
      if (i < 8 && rs[i]) draw_capacity(out, &a, rs[i], runs[i].rule, rule_colours[i % 4]);
    draw_length(out, &a, top[p]);
    fputs("</g>\n", out);
  }
  fputs("</svg>\n", out);
  return !ferror(out);
}
