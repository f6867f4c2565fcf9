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
/* The same, worded as CPython's functions that parse an argument tuple
 * (str.find, sum): "find() takes at least 1 argument (0 given)". */
bool arg_count_parsed_error(VM *vm, const char *name, int nargs, int min, int max);
static inline bool arg_count_parsed(VM *vm, const char *name, int nargs, int min, int max) {
  return (nargs >= min && nargs <= max) || arg_count_parsed_error(vm, name, nargs, min, max);
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

/* The arguments of a function whose parameters are all positional or
 * keyword, as CPython's argument clinic takes them: values[] gets each by
 * names[] (UNDEF where an optional one was not given), with CPython's
 * messages for too many, one given twice, a missing one among the first
 * nrequired, and an unknown keyword. */
bool arg_parse(VM *vm, const char *fname, Value *args, int nargs, Tuple *kwnames,
               const char *const *names, int nnames, int nrequired, Value *values);

/* The arguments of a function CPython writes in Python (copy.deepcopy),
 * bound as a call binds a def's parameters, with its messages: too many
 * positional, an unexpected keyword, one given twice, the first missing
 * (nrequired is 0 or 1). */
bool arg_bind(VM *vm, const char *fname, Value *args, int nargs, Tuple *kwnames,
              const char *const *names, int nnames, int nrequired, Value *values);

#endif
