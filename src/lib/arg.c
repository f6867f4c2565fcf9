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
  if (nargs < min)
    return err_raise(vm, vm->b.type_error, "%s expected at least %d argument%s, got %d", name, min,
                     min == 1 ? "" : "s", nargs);
  return err_raise(vm, vm->b.type_error, "%s expected at most %d argument%s, got %d", name, max,
                   max == 1 ? "" : "s", nargs);
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
