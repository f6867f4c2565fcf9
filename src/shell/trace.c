/* trace.c: writes the allocation trace.  The format (see README):
 *
 *   [grow] line=7 list=#1 op=append len=5 cap=4->8 size=88->120
 *
 * event (alloc: from no buffer, grow, shrink, free: to no buffer), the
 * source line, the list's creation number, the operation, the new length,
 * the capacity and sys.getsizeof before and after. */
#include "shell/trace.h"

#include <stdio.h>

#include "core/list.h"

static void trace_list(VM *vm, List *l, const char *op, int64_t old_cap) {
  const char *event = old_cap == 0       ? "alloc"
                      : l->cap == 0      ? "free"
                      : l->cap > old_cap ? "grow"
                                         : "shrink";
  fflush(stdout);
  fprintf(stderr, "[%s] line=%d list=#%llu op=%s len=%lld cap=%lld->%lld size=%lld->%lld\n", event,
          vm_current_line(vm), (unsigned long long)l->id, op ? op : "?", (long long)l->len,
          (long long)old_cap, (long long)l->cap, (long long)list_sizeof(old_cap),
          (long long)list_sizeof(l->cap));
}

void trace_enable(VM *vm, bool on) { vm->list_hook = on ? trace_list : NULL; }
