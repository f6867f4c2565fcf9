/* stats.c: the --alloc-stats summary, one line for all lists and one for
 * each list that moved most, in the trace's key=value form:
 *
 *   [stats] rule=3.11 list=all lists=1 reallocs=11 grows=11 shrinks=0 copies=408
 *     appends=100 per_append=4.08 peak_cap=108 peak_len=100 slack_peak=13.9%
 *     slack_exit=7.4% bytes=4128
 *
 * (one line each).  copies counts the live items each change of buffer
 * would copy if the block moved; appends the items added (appended,
 * inserted, extended in, or made with); per_append is copies / appends;
 * slack is the share of slots that hold no item, when the capacity peaked
 * and when the run ended (or the list was reclaimed: end=collected). */
#include "shell/stats.h"

static double share(int64_t free_slots, int64_t cap) {
  return cap > 0 ? 100.0 * (double)free_slots / (double)cap : 0.0;
}

static void figures(FILE *out, int64_t grows, int64_t shrinks, int64_t copies, int64_t added,
                    int64_t peak_cap, int64_t peak_len, int64_t len_at_peak, int64_t cap,
                    int64_t len, int64_t bytes) {
  fprintf(out,
          " reallocs=%lld grows=%lld shrinks=%lld copies=%lld appends=%lld per_append=%.2f"
          " peak_cap=%lld peak_len=%lld slack_peak=%.1f%% slack_exit=%.1f%% bytes=%lld",
          (long long)(grows + shrinks), (long long)grows, (long long)shrinks, (long long)copies,
          (long long)added, added ? (double)copies / (double)added : 0.0, (long long)peak_cap,
          (long long)peak_len, share(peak_cap - len_at_peak, peak_cap), share(cap - len, cap),
          (long long)bytes);
}

void stats_print(FILE *out, VM *vm, Watch *w) {
  watch_finish(vm, w);
  fflush(stdout);
  const WatchTotals *t = &w->totals;
  fprintf(out, "[stats] rule=%s list=all lists=%lld", w->rule, (long long)t->lists);
  figures(out, t->grows, t->shrinks, t->copies, t->added, t->peak_cap, t->peak_len, t->len_at_peak,
          t->cap, t->len, t->bytes);
  fputc('\n', out);
  WatchList *top[WATCH_TOP];
  int n = watch_top(w, top, WATCH_TOP);
  for (int i = 0; i < n; i++) {
    const WatchList *r = top[i];
    fprintf(out, "[stats] rule=%s list=#%llu name=%s ", w->rule, (unsigned long long)r->id,
            r->name);
    if (r->input > 0) fprintf(out, "input=%d ", r->input);
    fprintf(out, "line=%d end=%s", r->line, r->alive ? "exit" : "collected");
    figures(out, r->grows, r->shrinks, r->copies, r->added, r->peak_cap, r->peak_len,
            r->len_at_peak, r->cap, r->len, r->bytes);
    fputc('\n', out);
  }
  if (w->failed) fprintf(out, "[stats] note=out-of-memory-while-counting\n");
  fflush(out);
}
