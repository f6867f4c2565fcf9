/* arg.h: checking the arguments a native receives: their count and their
 * keywords, with CPython's messages.  Shared by every lib_* module. */
#ifndef LST_ARG_H
#define LST_ARG_H

#include "base/state.h"

/* TypeError for a call to `name` with nargs arguments outside [min, max]. */
bool arg_count_error(VM *vm, const char *name, int nargs, int min, int max);
static inline bool arg_count(VM *vm, const char *name, int nargs, int min, int max) {
  return (nargs >= min && nargs <= max) || arg_count_error(vm, name, nargs, min, max);
}
/* TypeError unless kwnames is empty: "NAME() takes no keyword arguments". */
bool arg_keywords_refused(VM *vm, const char *name);
static inline bool arg_no_keywords(VM *vm, const char *name, Tuple *kwnames) {
  return !kwnames || kwnames->len == 0 || arg_keywords_refused(vm, name);
}
/* Sorts the keyword arguments of a call into values[] by names[] (UNDEF
 * where one was not given); an unknown keyword is a TypeError. */
bool arg_keywords(VM *vm, const char *fname, Value *args, int nargs, Tuple *kwnames,
                  const char *const *names, Value *values, int nnames);

#endif
