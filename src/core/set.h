/* set.h: the set, with CPython 3.11's table layout and probing, so that a
 * set iterates (and prints) in the same order as CPython's. */
#ifndef LST_SET_H
#define LST_SET_H

#include "core/vm.h"

Set *set_new(VM *vm);
bool set_add(VM *vm, Set *s, Value key);
bool set_contains(VM *vm, Set *s, Value key, bool *out);
bool set_discard(VM *vm, Set *s, Value key, bool *found);
/* s |= iterable, taking CPython's paths for a set, a dict and others. */
bool set_update(VM *vm, Set *s, Value iterable);
void set_clear(VM *vm, Set *s);
/* The set algebra, each building its result the way CPython's setobject
 * does (which table positions, in which order), so results print alike.
 * other may be any iterable. */
Set *set_union(VM *vm, Set *a, Value other);
Set *set_intersection(VM *vm, Set *a, Value other);
Set *set_difference(VM *vm, Set *a, Value other);
Set *set_symmetric_difference(VM *vm, Set *a, Value other);
/* The same in place (s &= other ...): every alias of s sees the change. */
bool set_intersection_update(VM *vm, Set *s, Value other);
bool set_difference_update(VM *vm, Set *s, Value other);
bool set_symmetric_difference_update(VM *vm, Set *s, Value other);

/* Iteration: *pos starts at 0; returns false at the end. */
bool set_next(Set *s, int64_t *pos, Value *key);

#endif
