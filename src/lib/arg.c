/* arg.c: argument count and keyword checks for natives. */
#include "lib/arg.h"

#include <string.h>

#include "core/error.h"

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
  if (nargs + nkw > nnames)
    return err_raise(vm, vm->b.type_error, "%s() takes at most %d argument%s (%d given)", fname,
                     nnames, nnames == 1 ? "" : "s", nargs + nkw);
  if (!arg_keywords(vm, fname, args, nargs, kwnames, names, values, nnames)) return false;
  for (int i = 0; i < nargs; i++) {
    if (!IS_UNDEF(values[i]))
      return err_raise(vm, vm->b.type_error,
                       "argument for %s() given by name ('%s') and position (%d)", fname, names[i],
                       i + 1);
    values[i] = args[i];
  }
  for (int i = 0; i < nrequired; i++)
    if (IS_UNDEF(values[i]))
      return err_raise(vm, vm->b.type_error, "%s() missing required argument '%s' (pos %d)", fname,
                       names[i], i + 1);
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
    int found = -1;
    for (int i = 0; i < nnames; i++)
      if (strcmp(kn->data, names[i]) == 0) found = i;
    if (found < 0)
      return err_raise(vm, vm->b.type_error, "'%s' is an invalid keyword argument for %s()",
                       kn->data, fname);
    values[found] = args[nargs + k];
  }
  return true;
}
