/* arg.c: argument count and keyword checks for natives. */
#include "lib/arg.h"

#include <string.h>

#include "core/error.h"

/* The parameter called name, or -1. */
static int name_index(const char *const *names, int nnames, const char *name) {
  for (int i = 0; i < nnames; i++)
    if (strcmp(name, names[i]) == 0) return i;
  return -1;
}

bool arg_count_error(VM *vm, const char *name, int nargs, int min, int max) {
  if (min == max && min == 1)
    return err_raise(vm, vm->b.type_error, "%s() takes exactly one argument (%d given)", name,
                     nargs);
  if (min == max && min == 0)
    return err_raise(vm, vm->b.type_error, "%s() takes no arguments (%d given)", name, nargs);
  if (min == max)
    return err_raise(vm, vm->b.type_error, "%s expected %d argument%s, got %d", name, min,
                     min == 1 ? "" : "s", nargs);
  if (nargs < min)
    return err_raise(vm, vm->b.type_error, "%s expected at least %d argument%s, got %d", name, min,
                     min == 1 ? "" : "s", nargs);
  return err_raise(vm, vm->b.type_error, "%s expected at most %d argument%s, got %d", name, max,
                   max == 1 ? "" : "s", nargs);
}

bool arg_count_parsed_error(VM *vm, const char *name, int nargs, int min, int max) {
  int bound = nargs < min ? min : max;
  return err_raise(vm, vm->b.type_error, "%s() takes %s %d argument%s (%d given)", name,
                   min == max    ? "exactly"
                   : nargs < min ? "at least"
                                 : "at most",
                   bound, bound == 1 ? "" : "s", nargs);
}

bool arg_parse(VM *vm, const char *fname, Value *args, int nargs, Tuple *kwnames,
               const char *const *names, int nnames, int nrequired, Value *values) {
  int nkw = kwnames ? (int)kwnames->len : 0;
  if (nargs + nkw > nnames) return arg_count_parsed_error(vm, fname, nargs + nkw, 0, nnames);
  /* in the clinic's order: the parameters in turn (a required one missing
   * is the first error), then the keywords no parameter took */
  for (int i = 0; i < nnames; i++) {
    values[i] = i < nargs ? args[i] : VAL_UNDEF;
    for (int k = 0; i >= nargs && k < nkw; k++)
      if (strcmp(AS_STR(kwnames->items[k])->data, names[i]) == 0) values[i] = args[nargs + k];
    if (i < nrequired && IS_UNDEF(values[i]))
      return err_raise(vm, vm->b.type_error, "%s() missing required argument '%s' (pos %d)", fname,
                       names[i], i + 1);
  }
  for (int k = 0; k < nkw; k++) {
    const char *kn = AS_STR(kwnames->items[k])->data;
    int found = name_index(names, nnames, kn);
    if (found < 0)
      return err_raise(vm, vm->b.type_error, "'%s' is an invalid keyword argument for %s()", kn,
                       fname);
    if (found < nargs)
      return err_raise(vm, vm->b.type_error,
                       "argument for %s() given by name ('%s') and position (%d)", fname, kn,
                       found + 1);
  }
  return true;
}

bool arg_bind(VM *vm, const char *fname, Value *args, int nargs, Tuple *kwnames,
              const char *const *names, int nnames, int nrequired, Value *values) {
  if (nargs > nnames) {
    if (nrequired == nnames)
      return err_raise(vm, vm->b.type_error, "%s() takes %d positional argument%s but %d %s given",
                       fname, nnames, nnames == 1 ? "" : "s", nargs, nargs == 1 ? "was" : "were");
    return err_raise(vm, vm->b.type_error,
                     "%s() takes from %d to %d positional arguments but %d were given", fname,
                     nrequired, nnames, nargs);
  }
  for (int i = 0; i < nnames; i++) values[i] = i < nargs ? args[i] : VAL_UNDEF;
  for (int64_t k = 0; kwnames && k < kwnames->len; k++) {
    const char *kn = AS_STR(kwnames->items[k])->data;
    int found = name_index(names, nnames, kn);
    if (found < 0)
      return err_raise(vm, vm->b.type_error, "%s() got an unexpected keyword argument '%s'", fname,
                       kn);
    if (!IS_UNDEF(values[found]))
      return err_raise(vm, vm->b.type_error, "%s() got multiple values for argument '%s'", fname,
                       kn);
    values[found] = args[nargs + k];
  }
  /* nrequired is at most 1, so what is missing is one argument */
  if (nrequired == 1 && IS_UNDEF(values[0]))
    return err_raise(vm, vm->b.type_error, "%s() missing 1 required positional argument: '%s'",
                     fname, names[0]);
  return true;
}

bool arg_keywords_refused(VM *vm, const char *name) {
  return err_raise(vm, vm->b.type_error, "%s() takes no keyword arguments", name);
}

bool arg_keywords(VM *vm, const char *fname, Value *args, int nargs, Tuple *kwnames,
                  const char *const *names, Value *values, int nnames) {
  for (int i = 0; i < nnames; i++) values[i] = VAL_UNDEF;
  if (!kwnames) return true;
  for (int64_t k = 0; k < kwnames->len; k++) {
    Str *kn = AS_STR(kwnames->items[k]);
    int found = name_index(names, nnames, kn->data);
    if (found < 0)
      return err_raise(vm, vm->b.type_error, "'%s' is an invalid keyword argument for %s()",
                       kn->data, fname);
    values[found] = args[nargs + k];
  }
  return true;
}
