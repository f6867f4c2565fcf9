/* list.h: the list and its buffer.
 *
 * Every change of a list's length goes through list_resize, which sizes the
 * buffer by the VM's growth rule (by default CPython 3.11's), and every
 * constructor allocates what CPython's allocates, so that sys.getsizeof
 * (list_sizeof) agrees with CPython after any sequence of operations.  Each
 * change of capacity is reported to vm->list_hook with the operation that
 * caused it, once the operation has set the length it leaves.
 *
 * `op` arguments name the Python-level operation for the trace ("append",
 * "del", "list()" ...).
 */
#ifndef LST_LIST_H
#define LST_LIST_H

#include "core/vm.h"

/* sys.getsizeof of a list with cap slots, as CPython 3.11 reports it: its
 * 56-byte object (with the collector's header) and 8 bytes a slot. */
#define LIST_HEADER_BYTES 56
static inline int64_t list_sizeof(int64_t cap) { return LIST_HEADER_BYTES + 8 * cap; }

/* A growth rule, as data: the one resize routine and the constructors ask
 * the VM's rule (vm->list_rule) how big a buffer to make.
 *
 *   resize(newsize, len, cap)  the capacity for newsize items, or -1 when
 *                              the buffer stays as it is (only the length
 *                              changes); len is the length before
 *   exact(n)                   a block made for exactly n items
 *                              (CPython's list_preallocate_exact)
 *   extend_presizes            extend of a list with no block makes an
 *                              exact block (CPython 3.9 on) rather than
 *                              resizing to the total (3.8)
 *   displays_exact             a constant display [1, 2, 3] gets exactly
 *                              its items (3.8's BUILD_LIST) rather than an
 *                              exact block by extend (3.9 on) */
typedef struct ListRule {
  const char *name;
  const char *about;
  int64_t (*resize)(int64_t newsize, int64_t len, int64_t cap);
  int64_t (*exact)(int64_t n);
  bool extend_presizes;
  bool displays_exact;
} ListRule;

/* The rules lst knows, the default (CPython 3.11's) first. */
extern const ListRule list_rules[];
extern const int list_nrules;
/* The rule of that name ("3.11", "3.8", "double", "1.5"), or NULL. */
const ListRule *list_rule_find(const char *name);

/* Tells the hook that l's length changed from old_len (when it listens). */
void list_report_change(VM *vm, List *l, int64_t old_len, const char *op);

/* A list with exactly `cap` slots (CPython's list_new_prealloc) and length
 * len <= cap; the caller fills items[0..len) before anything else runs. */
List *list_new(VM *vm, int64_t cap, int64_t len, const char *op);

/* Sets the length to newsize, growing or shrinking the buffer by the
 * growth rule.  New slots are uninitialised: the caller fills them.  The
 * buffer may move. */
bool list_resize(VM *vm, List *l, int64_t newsize, const char *op);
/* Allocates an empty list's first buffer for exactly n items, as the
 * growth rule makes such a block (CPython 3.11 rounds up to even). */
bool list_preallocate_exact(VM *vm, List *l, int64_t n, int64_t new_len, const char *op);
/* Drops the buffer: length and capacity 0. */
void list_clear(VM *vm, List *l, const char *op);

static inline bool list_append(VM *vm, List *l, Value v, const char *op) {
  if (l->len < l->cap) {
    l->items[l->len++] = v;
    if (vm->list_changes) list_report_change(vm, l, l->len - 1, op);
    return true;
  }
  if (!list_resize(vm, l, l->len + 1, op)) return false;
  l->items[l->len - 1] = v;
  if (vm->list_changes) list_report_change(vm, l, l->len - 1, op);
  return true;
}
bool list_insert(VM *vm, List *l, int64_t where, Value v);
/* list.extend with CPython's sizing: exact for a first fill, by length hint
 * for iterators, and a final shrink. */
bool list_extend(VM *vm, List *l, Value iterable, const char *op);
/* The items of a constant list display ([1, 2, 3]) into its new list. */
bool list_extend_display(VM *vm, List *l, Tuple *items);
/* A new list filled from any iterable by extend, as CPython's
 * PySequence_List (sorted(), unpacking ...). */
List *list_from_iterable(VM *vm, Value iterable, const char *op);
/* list(iterable): as list_from_iterable, but a sized iterable first gets an
 * exact block, as CPython's list.__init__ does. */
List *list_init(VM *vm, Value iterable, const char *op);
/* list.__init__(l, iterable): l emptied (its block freed), then filled as
 * list(iterable) fills a new list; iterable UNDEF leaves it empty. */
bool list_reinit(VM *vm, List *l, Value iterable, const char *op);

/* a[lo:hi] = v (v UNDEF: deletion); lo and hi are clamped. */
bool list_assign_slice(VM *vm, List *l, int64_t lo, int64_t hi, Value v, const char *op);
List *list_slice(VM *vm, List *l, int64_t lo, int64_t hi, const char *op);
bool list_get_slice(VM *vm, List *l, Value lo, Value hi, Value step, Value *out);
bool list_set_slice(VM *vm, List *l, Value lo, Value hi, Value step, Value v);
bool list_del_slice(VM *vm, List *l, Value lo, Value hi, Value step);
bool list_pop(VM *vm, List *l, int64_t index, Value *out);
bool list_del_item(VM *vm, List *l, int64_t index, const char *op);

List *list_concat(VM *vm, List *a, List *b);
List *list_repeat(VM *vm, List *a, int64_t n);
bool list_inplace_repeat(VM *vm, List *l, int64_t n);

/* Stable sort by a key function (UNDEF for none). */
bool list_sort(VM *vm, List *l, Value key, bool reverse);
void list_reverse(List *l);

/* Resolves a slice against a length as CPython's PySlice_Unpack and
 * PySlice_AdjustIndices do; returns false with an exception on bad bounds. */
bool list_slice_indices(VM *vm, Value lo, Value hi, Value step, int64_t length, int64_t *start,
                        int64_t *stop, int64_t *stepv, int64_t *slicelen);

/* The length hint CPython's list.extend uses for an iterable, or dflt. */
bool list_length_hint(VM *vm, Value iterable, int64_t dflt, int64_t *out);

#endif
