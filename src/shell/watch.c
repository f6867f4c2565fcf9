/* watch.c: the list hook of the shell: records of the lists that have a
 * buffer, their names, counts and samples, and the trace lines
 * (trace.c) as the events come.  See watch.h.
 *
 * The hook runs inside list and collector code: it reads the VM's frames
 * but never allocates on the VM's heap nor runs Python code.
 */
#include "shell/watch.h"

#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "core/dict.h"
#include "core/list.h"
#include "core/repr.h"
#include "front/opcodes.h"
#include "shell/trace.h"

/* ------------------------------------------------------------ the table */

static size_t slot_of(uint64_t id, int64_t cap) {
  return (size_t)((id * 0x9E3779B97F4A7C15u) >> 32) & (size_t)(cap - 1);
}

WatchList *watch_find(Watch *w, uint64_t id) {
  if (!w->table) return NULL;
  for (size_t i = slot_of(id, w->table_cap);; i = (i + 1) & (size_t)(w->table_cap - 1)) {
    WatchList *r = w->table[i];
    if (!r) return NULL;
    if (r->id == id) return r;
  }
}

WatchList *watch_lookup(Watch *w, uint64_t id) {
  WatchList *r = watch_find(w, id);
  for (int i = 0; !r && i < WATCH_TOP; i++)
    if (w->dead[i] && w->dead[i]->id == id) r = w->dead[i];
  return r;
}

static bool table_put(Watch *w, WatchList *r) {
  if ((w->table_len + 1) * 2 > w->table_cap) {
    int64_t cap = w->table_cap ? w->table_cap * 2 : 64;
    WatchList **t = calloc((size_t)cap, sizeof *t);
    if (!t) return false;
    for (int64_t i = 0; i < w->table_cap; i++) {
      WatchList *o = w->table[i];
      if (!o) continue;
      size_t j = slot_of(o->id, cap);
      while (t[j]) j = (j + 1) & (size_t)(cap - 1);
      t[j] = o;
    }
    free(w->table);
    w->table = t;
    w->table_cap = cap;
  }
  size_t i = slot_of(r->id, w->table_cap);
  while (w->table[i]) i = (i + 1) & (size_t)(w->table_cap - 1);
  w->table[i] = r;
  w->table_len++;
  return true;
}

/* Removes r from the table (open addressing: the run after it moves up). */
static void table_remove(Watch *w, WatchList *r) {
  size_t mask = (size_t)(w->table_cap - 1), i = slot_of(r->id, w->table_cap);
  while (w->table[i] != r) i = (i + 1) & mask;
  w->table[i] = NULL;
  w->table_len--;
  for (size_t j = (i + 1) & mask; w->table[j]; j = (j + 1) & mask) {
    WatchList *o = w->table[j];
    w->table[j] = NULL;
    size_t k = slot_of(o->id, w->table_cap);
    while (w->table[k]) k = (k + 1) & mask;
    w->table[k] = o;
  }
}

static void record_free(WatchList *r) {
  if (!r) return;
  free(r->samples);
  free(r);
}

/* ---------------------------------------------------------------- names */

static bool is_comprehension(const Code *c) { return c->name->data[0] == '<' && c->nparams == 1; }

/* The name of the variable an instruction stores to, or NULL. */
static const char *stored_name(VM *vm, const Frame *f, uint32_t w) {
  const Code *c = f->code;
  uint32_t arg = OP_ARG(w);
  switch (OP_CODE(w)) {
  case OP_STORE_LOCAL:
  case OP_STORE_CELL:
    return (int)arg < c->nlocals && c->varnames[arg] ? c->varnames[arg]->data : NULL;
  case OP_STORE_GLOBAL: return (int)arg < vm->nglobals ? vm->global_names[arg]->data : NULL;
  case OP_STORE_NAME: return IS_STR(c->consts[arg]) ? AS_STR(c->consts[arg])->data : NULL;
  default: return NULL;
  }
}

/* The name of the variable an instruction loads, or NULL. */
static const char *loaded_name(VM *vm, const Frame *f, uint32_t w) {
  const Code *c = f->code;
  uint32_t arg = OP_ARG(w);
  switch (OP_CODE(w)) {
  case OP_LOAD_LOCAL:
  case OP_LOAD_CELL:
    return (int)arg < c->nlocals && c->varnames[arg] ? c->varnames[arg]->data : NULL;
  case OP_LOAD_GLOBAL: return (int)arg < vm->nglobals ? vm->global_names[arg]->data : NULL;
  case OP_LOAD_NAME: return IS_STR(c->consts[arg]) ? AS_STR(c->consts[arg])->data : NULL;
  default: return NULL;
  }
}

/* Where the instructions after a frame's current one put the value just
 * made: `x = ...`, `a = b = ...`, `obj.attr = ...` or `d[k] = ...`. */
static bool name_from_store(VM *vm, const Frame *f, char *out, size_t cap) {
  const Code *c = f->code;
  const uint32_t *ip = f->ip, *end = c->code + c->ncode;
  if (ip < c->code || ip >= end) return false;
  if (OP_CODE(*ip) == OP_DUP && ip + 1 < end) ip++;
  const char *name = stored_name(vm, f, *ip);
  if (name) {
    snprintf(out, cap, "%s", name);
    return true;
  }
  if (ip + 1 < end && OP_CODE(ip[1]) == OP_STORE_ATTR && (name = loaded_name(vm, f, ip[0]))) {
    snprintf(out, cap, "%s.%s", name, c->caches[OP_ARG(ip[1])].name->data);
    return true;
  }
  if (ip + 1 < end && OP_CODE(*ip) == OP_LOAD_LOCAL2 && OP_CODE(ip[1]) == OP_STORE_SUBSCR) {
    uint32_t arg = OP_ARG(*ip);
    Str *obj = c->varnames[arg & 0xFFF], *key = c->varnames[arg >> 12];
    if (!obj || !key) return false;
    snprintf(out, cap, "%s[%s]", obj->data, key->data);
    return true;
  }
  if (ip + 2 < end && OP_CODE(ip[2]) == OP_STORE_SUBSCR && (name = loaded_name(vm, f, ip[0]))) {
    Value k = OP_CODE(ip[1]) == OP_LOAD_CONST   ? c->consts[OP_ARG(ip[1])]
              : OP_CODE(ip[1]) == OP_LOAD_SMALL ? SMALL_VAL((int64_t)OP_ARG(ip[1]) - SMALL_BIAS)
                                                : VAL_UNDEF;
    const char *kn = loaded_name(vm, f, ip[1]);
    if (kn) {
      snprintf(out, cap, "%s[%s]", name, kn);
      return true;
    }
    if (IS_SMALL(k)) {
      snprintf(out, cap, "%s[%lld]", name, (long long)AS_SMALL(k));
      return true;
    }
    if (IS_STR(k) && AS_STR(k)->len < 32) {
      Buf b;
      buf_init(&b);
      repr_quoted(AS_STR(k)->data, (size_t)AS_STR(k)->len, &b);
      bool ok = !b.failed;
      if (ok) snprintf(out, cap, "%s[%.*s]", name, (int)b.len, b.data);
      buf_free(&b);
      return ok;
    }
  }
  return false;
}

/* A variable of the frame (or a global) that holds l now, or an attribute
 * of an object a local holds: `out`, `lst`, `self.passengers`. */
static bool name_from_holder(VM *vm, const Frame *f, List *l, char *out, size_t cap) {
  Value v = OBJ_VAL(l);
  const Code *c = f->code;
  if (c->kind == CODE_FUNCTION) {
    for (int i = 0; i < c->nlocals; i++) {
      Value s = f->slots[i];
      if (is_obj_type(s, OBJ_CELL)) s = ((Cell *)AS_OBJ(s))->v;
      if (s == v && c->varnames[i]) {
        snprintf(out, cap, "%s", c->varnames[i]->data);
        return true;
      }
    }
    for (int i = 0; i < c->nlocals; i++) {
      Value s = f->slots[i];
      if (!IS_INSTANCE(s) || !c->varnames[i]) continue;
      Dict *d = AS_INSTANCE(s)->attrs;
      for (int64_t k = 0; k < d->nentries; k++)
        if (d->entries[k].value == v && IS_STR(d->entries[k].key)) {
          snprintf(out, cap, "%s.%s", c->varnames[i]->data, AS_STR(d->entries[k].key)->data);
          return true;
        }
    }
  }
  for (int i = 0; i < vm->nglobals; i++)
    if (vm->globals[i] == v && vm->global_own[i]) {
      snprintf(out, cap, "%s", vm->global_names[i]->data);
      return true;
    }
  return false;
}

/* The name of a list being made (made: only where the code stores it
 * next) or being changed (also where it is held now); false if none. */
static bool find_name(VM *vm, List *l, bool made, char *out, size_t cap) {
  if (vm->nframes == 0) return false;
  const Frame *f = &vm->frames[vm->nframes - 1];
  if (name_from_store(vm, f, out, cap) || (!made && name_from_holder(vm, f, l, out, cap)))
    return true;
  /* a comprehension's list is stored by the code that called it */
  return is_comprehension(f->code) && vm->nframes > 1 && name_from_store(vm, f - 1, out, cap);
}

void watch_name(VM *vm, Watch *w, List *l, char *out, size_t cap) {
  WatchList *r = watch_find(w, l->id);
  if (r && r->name[0])
    snprintf(out, cap, "%s", r->name);
  else if (!find_name(vm, l, false, out, cap))
    snprintf(out, cap, "<temporary>");
}

/* -------------------------------------------------------------- samples */

/* Records the list as it is: after r->ops changes, r->len items (for a
 * change of buffer: the length before the operation that is making it,
 * whose change of length comes next) and r->cap slots. */
static void sample(Watch *w, WatchList *r, bool buffer) {
  if (!w->samples) return;
  if (!buffer && r->ops % r->stride) return;
  if (r->nsamples) {
    const WatchSample *last = &r->samples[r->nsamples - 1];
    if (last->op == r->ops && last->len == r->len && last->cap == r->cap) return;
  }
  if (r->nsamples == r->samples_cap) {
    if (r->samples_cap >= WATCH_SAMPLES) {
      /* thin out: keep every other sample, the first and last, and every
       * change of capacity; change samples come half as often from now */
      int n = 0;
      for (int i = 0; i < r->nsamples; i++) {
        bool step = i > 0 && r->samples[i].cap != r->samples[i - 1].cap;
        if (i % 2 == 0 || step || i == r->nsamples - 1) r->samples[n++] = r->samples[i];
      }
      if (n >= r->samples_cap - 1)
        for (int i = n = 0; i < r->nsamples; i += 2) r->samples[n++] = r->samples[i];
      r->nsamples = n;
      r->stride *= 2;
    } else {
      int cap = r->samples_cap ? r->samples_cap * 2 : 16;
      WatchSample *s = realloc(r->samples, (size_t)cap * sizeof *s);
      if (!s) {
        w->failed = true;
        return;
      }
      r->samples = s;
      r->samples_cap = cap;
    }
  }
  r->samples[r->nsamples++] = (WatchSample){r->ops, r->len, r->cap};
}

/* ---------------------------------------------------------------- hook */

/* Keeps the totals' length the sum of the records' lengths. */
static void count_len(Watch *w, WatchList *r, int64_t len) {
  w->totals.len += len - r->len;
  r->len = len;
  if (w->totals.len > w->totals.peak_len) w->totals.peak_len = w->totals.len;
  if (len > r->peak_len) r->peak_len = len;
}

/* A record for a list just made (named where the code stores it, if it
 * does at once), or for a list met after it was made (named now). */
static WatchList *record_new(VM *vm, Watch *w, List *l, bool made) {
  WatchList *r = calloc(1, sizeof *r);
  if (!r) {
    w->failed = true;
    return NULL;
  }
  r->id = l->id;
  r->line = (int)l->obj.aux;
  r->input = w->input;
  r->alive = true;
  r->list = l;
  r->dirty_at = -1;
  r->stride = 1;
  if (!find_name(vm, l, made, r->name, sizeof r->name)) r->name[0] = '\0';
  if (!table_put(w, r)) {
    free(r);
    w->failed = true;
    return NULL;
  }
  return r;
}

/* ---------------------------------------------------------------- items */

/* The identity of what the shown part of l holds. */
static uint64_t items_hash(const List *l) {
  uint64_t h = (uint64_t)l->len * 0x9E3779B97F4A7C15u;
  int64_t shown = l->len < TRACE_ITEMS_MAX ? l->len : TRACE_ITEMS_MAX;
  for (int64_t i = 0; i < shown; i++) {
    Value v = l->items[i];
    /* a list by its number too: a new one may take a freed one's address */
    uint64_t x = IS_LIST(v) ? (uint64_t)v ^ (AS_LIST(v)->id << 48) : (uint64_t)v;
    h = (h ^ x) * 0x100000001B3u;
  }
  return h;
}

static void mark_dirty(Watch *w, WatchList *r) {
  if (r->dirty_at >= 0) return;
  if (w->ndirty == w->dirty_cap) {
    int64_t cap = w->dirty_cap ? w->dirty_cap * 2 : 16;
    WatchList **d = realloc(w->dirty, (size_t)cap * sizeof *d);
    if (!d) {
      w->failed = true;
      return;
    }
    w->dirty = d;
    w->dirty_cap = cap;
  }
  r->dirty_at = w->ndirty;
  w->dirty[w->ndirty++] = r;
}

static void unmark_dirty(Watch *w, WatchList *r) {
  if (r->dirty_at < 0) return;
  WatchList *last = w->dirty[--w->ndirty];
  w->dirty[r->dirty_at] = last;
  last->dirty_at = r->dirty_at;
  r->dirty_at = -1;
}

static void show_items(VM *vm, Watch *w, WatchList *r) {
  r->items_hash = items_hash(r->list);
  r->items_shown = true;
  trace_print_items(w->out, vm, w->input, r, r->list);
}

/* The [items] lines of the dirty lists but `busy`, whose operation is
 * under way. */
static void show_dirty(VM *vm, Watch *w, const List *busy) {
  for (int64_t i = 0; i < w->ndirty;) {
    WatchList *r = w->dirty[i];
    if (r->list == busy) {
      i++;
      continue;
    }
    unmark_dirty(w, r); /* the last moves to i */
    show_items(vm, w, r);
  }
}

static int by_id(const void *a, const void *b) {
  uint64_t x = (*(WatchList *const *)a)->id, y = (*(WatchList *const *)b)->id;
  return x < y ? -1 : x > y;
}

void watch_show_items(VM *vm, Watch *w) {
  if (!w->items) return;
  show_dirty(vm, w, NULL);
  /* the lists changed with no event since: in the order they were made */
  WatchList **all = malloc((size_t)(w->table_len ? w->table_len : 1) * sizeof *all);
  if (!all) return;
  int64_t n = 0;
  for (int64_t i = 0; i < w->table_cap; i++) {
    WatchList *r = w->table[i];
    if (r && r->grows + r->shrinks > 0 && (!r->items_shown || r->items_hash != items_hash(r->list)))
      all[n++] = r;
  }
  qsort(all, (size_t)n, sizeof *all, by_id);
  for (int64_t i = 0; i < n; i++) show_items(vm, w, all[i]);
  free(all);
}

/* ---------------------------------------------------------------- events */

static void on_buffer(VM *vm, Watch *w, List *l, const ListEvent *e) {
  WatchList *r = watch_find(w, l->id);
  if (!r) r = record_new(vm, w, l, false);
  if (!r) return;
  if (!r->name[0]) watch_name(vm, w, l, r->name, sizeof r->name);
  if (r->grows + r->shrinks == 0) {
    /* its first buffer: from now on it counts, and is drawn from here */
    w->totals.lists++;
    sample(w, r, true);
  }
  if (w->items) {
    show_dirty(vm, w, l);
    mark_dirty(w, r);
  }
  if (w->trace) trace_print_buffer(w->out, vm, w->input, r, l, e);
  int64_t *moves = l->cap > e->old_cap ? &r->grows : &r->shrinks;
  ++*moves;
  if (l->cap > e->old_cap)
    w->totals.grows++;
  else
    w->totals.shrinks++;
  r->copies += e->copies;
  w->totals.copies += e->copies;
  r->bytes += 8 * l->cap;
  w->totals.bytes += 8 * l->cap;
  w->totals.cap += l->cap - r->cap;
  r->cap = l->cap;
  /* the picture: the capacity changes while the length is still the old
   * one, when a change of length follows (counts on) */
  sample(w, r, true);
  count_len(w, r, l->len);
  if (r->cap > r->peak_cap) {
    r->peak_cap = r->cap;
    r->len_at_peak = r->len;
  }
  if (w->totals.cap > w->totals.peak_cap) {
    w->totals.peak_cap = w->totals.cap;
    w->totals.len_at_peak = w->totals.len;
  }
}

static void on_change(Watch *w, List *l, const ListEvent *e) {
  WatchList *r = watch_find(w, l->id);
  if (!r) return; /* made before the watch began */
  if (w->items && r->grows + r->shrinks > 0) mark_dirty(w, r);
  r->ops++;
  if (l->len > e->old_len) {
    r->added += l->len - e->old_len;
    w->totals.added += l->len - e->old_len;
  }
  count_len(w, r, l->len);
  sample(w, r, false);
}

/* Orders records by how much they moved: reallocations, then copies, then
 * the older first. */
static bool moved_more(const WatchList *a, const WatchList *b) {
  int64_t ma = a->grows + a->shrinks, mb = b->grows + b->shrinks;
  if (ma != mb) return ma > mb;
  if (a->copies != b->copies) return a->copies > b->copies;
  return a->id < b->id;
}

/* A reclaimed list's record: kept if it is among the dead that moved most. */
static void bury(Watch *w, WatchList *r) {
  if (r->grows + r->shrinks < 2) {
    record_free(r);
    return;
  }
  int at = WATCH_TOP;
  while (at > 0 && (!w->dead[at - 1] || moved_more(r, w->dead[at - 1]))) at--;
  if (at >= WATCH_TOP) {
    record_free(r);
    return;
  }
  record_free(w->dead[WATCH_TOP - 1]);
  memmove(&w->dead[at + 1], &w->dead[at], (size_t)(WATCH_TOP - 1 - at) * sizeof r);
  w->dead[at] = r;
}

static void on_collect(VM *vm, Watch *w, List *l) {
  WatchList *r = watch_find(w, l->id);
  if (!r) return;
  /* the trace follows buffers: a list that never had one ends unseen */
  if (w->trace && r->grows + r->shrinks > 0) trace_print_collect(w->out, vm, w->input, r, l);
  unmark_dirty(w, r);
  r->list = NULL;
  w->totals.cap -= r->cap;
  count_len(w, r, 0);
  r->len = l->len; /* its last length, for the record */
  r->alive = false;
  sample(w, r, true);
  table_remove(w, r);
  bury(w, r);
}

static void hook(VM *vm, List *l, const ListEvent *e) {
  Watch *w = vm->list_hook_data;
  switch (e->kind) {
  case LIST_CREATED: record_new(vm, w, l, true); break;
  case LIST_BUFFER: on_buffer(vm, w, l, e); break;
  case LIST_CHANGED: on_change(w, l, e); break;
  case LIST_COLLECTED: on_collect(vm, w, l); break;
  }
}

void watch_install(VM *vm, Watch *w) {
  if (!w->out) w->out = stderr;
  if (!w->rule) w->rule = vm->list_rule->name;
  vm->list_hook = hook;
  vm->list_hook_data = w;
  /* the items follow changes of length too */
  vm->list_changes = w->counts || w->items;
}

void watch_finish(VM *vm, Watch *w) {
  (void)vm;
  for (int64_t i = 0; i < w->table_cap; i++)
    if (w->table[i]) sample(w, w->table[i], true);
}

static int by_moves(const void *a, const void *b) {
  const WatchList *x = *(WatchList *const *)a, *y = *(WatchList *const *)b;
  return moved_more(x, y) ? -1 : moved_more(y, x) ? 1 : 0;
}

int watch_top(Watch *w, WatchList **out, int max) {
  /* a list moved when its buffer changed after its first block */
  int64_t n = 0, cap = w->table_len + WATCH_TOP;
  WatchList **all = malloc((size_t)(cap ? cap : 1) * sizeof *all);
  if (!all) return 0;
  for (int i = 0; i < WATCH_TOP; i++)
    if (w->dead[i]) all[n++] = w->dead[i];
  for (int64_t i = 0; i < w->table_cap; i++)
    if (w->table[i] && w->table[i]->grows + w->table[i]->shrinks >= 2) all[n++] = w->table[i];
  qsort(all, (size_t)n, sizeof *all, by_moves);
  int k = n < max ? (int)n : max;
  memcpy(out, all, (size_t)k * sizeof *out);
  free(all);
  return k;
}

void watch_uninstall(VM *vm, Watch *w) {
  if (vm && vm->list_hook_data == w) {
    vm->list_hook = NULL;
    vm->list_hook_data = NULL;
    vm->list_changes = false;
  }
  for (int64_t i = 0; i < w->table_cap; i++) record_free(w->table[i]);
  free(w->table);
  free(w->dirty);
  w->dirty = NULL;
  w->ndirty = w->dirty_cap = 0;
  for (int i = 0; i < WATCH_TOP; i++) record_free(w->dead[i]);
  w->table = NULL;
  w->table_cap = w->table_len = 0;
  memset(w->dead, 0, sizeof w->dead);
}
