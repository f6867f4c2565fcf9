/* trace.c: writes the allocation trace.  The format (see README):
 *
 *   [grow] line=7 list=#1 name=lst op=append len=5 cap=4->8 size=88->120 copies=4
 *   [collect] line=12 list=#3 name=<temporary> len=0 cap=4 size=88
 *   [items] line=9 list=#2 name=b len=3 cap=4 items=[#1,7,str@0x7f3a2c0e1b40]
 *
 * One line an event, `key=value` fields separated by single spaces, so that
 * one regular expression reads them all.  The event is alloc (from no
 * buffer), grow, shrink, free (to no buffer) or collect, and with
 * --trace-items also items (what a list holds); at the prompt an
 * `input=N` field comes first, the number of the input being run. */
#include "shell/trace.h"

#include "core/class.h"
#include "core/list.h"

static void head(FILE *out, VM *vm, int input, const char *event) {
  fflush(stdout);
  fprintf(out, "[%s] ", event);
  if (input > 0) fprintf(out, "input=%d ", input);
  fprintf(out, "line=%d", vm_current_line(vm));
}

void trace_print_buffer(FILE *out, VM *vm, int input, const WatchList *r, const List *l,
                        const ListEvent *e) {
  const char *event = e->old_cap == 0       ? "alloc"
                      : l->cap == 0         ? "free"
                      : l->cap > e->old_cap ? "grow"
                                            : "shrink";
  head(out, vm, input, event);
  fprintf(out, " list=#%llu name=%s op=%s len=%lld cap=%lld->%lld size=%lld->%lld copies=%lld\n",
          (unsigned long long)l->id, r->name, e->op ? e->op : "?", (long long)l->len,
          (long long)e->old_cap, (long long)l->cap, (long long)list_sizeof(e->old_cap),
          (long long)list_sizeof(l->cap), (long long)e->copies);
}

void trace_print_collect(FILE *out, VM *vm, int input, const WatchList *r, const List *l) {
  head(out, vm, input, "collect");
  fprintf(out, " list=#%llu name=%s len=%lld cap=%lld size=%lld\n", (unsigned long long)l->id,
          r->name, (long long)l->len, (long long)l->cap, (long long)list_sizeof(l->cap));
}

/* One item by identity, never running code nor allocating: the hook may run
 * inside list code. */
static void print_item(FILE *out, VM *vm, Value v) {
  if (IS_SMALL(v))
    fprintf(out, "%lld", (long long)AS_SMALL(v));
  else if (IS_LIST(v))
    fprintf(out, "#%llu", (unsigned long long)AS_LIST(v)->id);
  else if (IS_NONE(v))
    fputs("None", out);
  else if (IS_BOOL(v))
    fputs(v == VAL_TRUE ? "True" : "False", out);
  else
    fprintf(out, "%s@0x%llx", class_name_of(vm, v), (unsigned long long)v);
}

void trace_print_items(FILE *out, VM *vm, int input, const WatchList *r, const List *l) {
  head(out, vm, input, "items");
  fprintf(out, " list=#%llu name=%s len=%lld cap=%lld items=[", (unsigned long long)l->id, r->name,
          (long long)l->len, (long long)l->cap);
  int64_t shown = l->len < TRACE_ITEMS_MAX ? l->len : TRACE_ITEMS_MAX;
  for (int64_t i = 0; i < shown; i++) {
    if (i) fputc(',', out);
    print_item(out, vm, l->items[i]);
  }
  fputs(l->len > shown ? ",...]\n" : "]\n", out);
}
