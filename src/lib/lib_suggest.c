/* lib_suggest.c: the "Did you mean: 'x'?" that CPython 3.11 adds to the
 * last line of a NameError or AttributeError traceback: the closest name by
 * its weighted Levenshtein distance (a change of case costs 1, any other
 * edit 2), among at most 750 candidates, within a third of the characters,
 * the first of equals winning.  The candidates are CPython's: a frame's
 * locals, then its globals, then the builtins (lib_names.h) for a name;
 * dir() of the object for an attribute.  With the same tables, the
 * refusal of an attribute that CPython's object has and lst's lacks. */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "core/class.h"
#include "core/error.h"
#include "lib/builtins.h"
#include "lib/lib_names.h"

#define MAX_CANDIDATES 750
#define MAX_STRING     40
#define MOVE_COST      2
#define CASE_COST      1

static size_t substitution_cost(char a, char b) {
  if (a == b) return 0;
  if (a >= 'A' && a <= 'Z') a = (char)(a + ('a' - 'A'));
  if (b >= 'A' && b <= 'Z') b = (char)(b + ('a' - 'A'));
  return a == b ? CASE_COST : MOVE_COST;
}

/* The distance, or max_cost + 1 once it is sure to pass max_cost. */
static size_t distance(const char *a, size_t na, const char *b, size_t nb, size_t max_cost) {
  while (na && nb && a[0] == b[0]) {
    a++;
    b++;
    na--;
    nb--;
  }
  while (na && nb && a[na - 1] == b[nb - 1]) {
    na--;
    nb--;
  }
  if (na == 0 || nb == 0) return (na + nb) * MOVE_COST;
  if (na > MAX_STRING || nb > MAX_STRING) return max_cost + 1;
  if (nb < na) {
    const char *t = a;
    a = b;
    b = t;
    size_t tn = na;
    na = nb;
    nb = tn;
  }
  if ((nb - na) * MOVE_COST > max_cost) return max_cost + 1;
  size_t row[MAX_STRING];
  for (size_t i = 0; i < na; i++) row[i] = (i + 1) * MOVE_COST;
  size_t result = 0;
  for (size_t bi = 0; bi < nb; bi++) {
    size_t d = result = bi * MOVE_COST, minimum = (size_t)-1;
    for (size_t i = 0; i < na; i++) {
      size_t substitute = d + substitution_cost(b[bi], a[i]);
      d = row[i];
      size_t insert_delete = (result < d ? result : d) + MOVE_COST;
      result = insert_delete < substitute ? insert_delete : substitute;
      row[i] = result;
      if (result < minimum) minimum = result;
    }
    if (minimum > max_cost) return max_cost + 1;
  }
  return result;
}

typedef struct Best {
  const char *name;
  size_t len;
  const char *found;
  size_t distance;
} Best;

static void consider(Best *best, const char *cand) {
  size_t n = strlen(cand);
  if (n == best->len && memcmp(cand, best->name, n) == 0) return;
  size_t max = (best->len + n + 3) * MOVE_COST / 6;
  if (best->found && best->distance - 1 < max) max = best->distance - 1;
  size_t d = distance(best->name, best->len, cand, n, max);
  if (d > max) return;
  if (!best->found || d < best->distance) {
    best->found = cand;
    best->distance = d;
  }
}

/* Searches one list of candidates, as CPython does each list apart. */
static const char *best_in(Best *best, const char *const *names, int n) {
  best->found = NULL;
  if (n >= MAX_CANDIDATES) return NULL;
  for (int i = 0; i < n; i++) consider(best, names[i]);
  return best->found;
}

static int count(const char *const *names) {
  int n = 0;
  while (names[n]) n++;
  return n;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds the keys of d that are strings. */
static void add_keys(const char **out, int *n, int cap, Dict *d) {
  for (int64_t i = 0; d && i < d->nentries && *n < cap; i++)
    if (IS_STR(d->entries[i].key)) out[(*n)++] = AS_STR(d->entries[i].key)->data;
}

/* The table of dir() for a module lst has or a built-in type's object (or
 * the type itself); NULL for a class statement's class and its instances,
 * whose names lst knows, and for anything else. */
static const char *const *builtin_table(VM *vm, Value obj, Class *k) {
  if (is_obj_type(obj, OBJ_MODULE)) {
    const char *mname = ((Module *)AS_OBJ(obj))->name->data;
    return strcmp(mname, "sys") == 0    ? names_module_sys
           : strcmp(mname, "copy") == 0 ? names_module_copy
                                        : NULL;
  }
  if (!(k->obj.flags & CLASS_BUILTIN)) return NULL;
  if (k->is_exception) return names_exception;
  static const struct {
    ObjType type;
    const char *const *names;
  } by_type[] = {
      {OBJ_INT, names_int},           {OBJ_FLOAT, names_float},
      {OBJ_STR, names_str},           {OBJ_LIST, names_list},
      {OBJ_TUPLE, names_tuple},       {OBJ_DICT, names_dict},
      {OBJ_SET, names_set},           {OBJ_RANGE, names_range},
      {OBJ_FUNCTION, names_function}, {OBJ_GENERATOR, names_generator},
      {OBJ_BOUND, names_method},      {OBJ_NATIVE, names_builtin_function},
      {OBJ_PROPERTY, names_property}, {OBJ_SLICE, names_slice},
  };
  if (k == vm->b.bool_) return names_bool;
  if (k == vm->b.none) return names_none;
  if (k == vm->b.object) return names_object;
  if (k == vm->b.view_type[VIEW_KEYS]) return names_dict_keys;
  if (k == vm->b.view_type[VIEW_VALUES]) return names_dict_values;
  if (k == vm->b.view_type[VIEW_ITEMS]) return names_dict_items;
  if (k == vm->b.iter_type[ITER_LIST]) return names_list_iterator;
  for (size_t i = 0; i < sizeof by_type / sizeof by_type[0]; i++)
    if (vm->b.type[by_type[i].type] == k) return by_type[i].names;
  return NULL;
}

/* dir() of an object as CPython lists it, sorted and without repeats;
 * NULL when lst does not know it.  *n: how many. */
static const char **dir_of(VM *vm, Value obj, int *n) {
  Class *k = IS_CLASS(obj) ? AS_CLASS(obj) : class_of(vm, obj);
  const char *const *table = builtin_table(vm, obj, k);
  if (!table && (is_obj_type(obj, OBJ_MODULE) || (k->obj.flags & CLASS_BUILTIN))) return NULL;
  if (table) {
    *n = count(table);
    const char **out = malloc(sizeof(char *) * (size_t)(*n ? *n : 1));
    if (out) memcpy(out, table, sizeof(char *) * (size_t)*n);
    return out; /* the tables are dir()'s output, sorted already */
  }
  /* an instance (or the class) of a class statement: object's (or the
   * exception's) names, what every such class adds, each class's own, and
   * the instance's */
  int cap = MAX_CANDIDATES + 1;
  const char **out = malloc(sizeof(char *) * (size_t)cap);
  if (!out) return NULL;
  *n = 0;
  const char *const *base = k->is_exception ? names_exception : names_object;
  for (int i = 0; base[i] && *n < cap; i++) out[(*n)++] = base[i];
  out[(*n)++] = "__module__";
  out[(*n)++] = "__weakref__";
  if (!k->is_exception) out[(*n)++] = "__dict__";
  for (Class *c = k; c && !(c->obj.flags & CLASS_BUILTIN); c = c->base)
    add_keys(out, n, cap, c->dict);
  if (IS_INSTANCE(obj)) add_keys(out, n, cap, AS_INSTANCE(obj)->attrs);
  qsort(out, (size_t)*n, sizeof(char *), by_name);
  int m = 0;
  for (int i = 0; i < *n; i++)
    if (m == 0 || strcmp(out[m - 1], out[i]) != 0) out[m++] = out[i];
  *n = m;
  return out;
}

/* The module's own names as CPython's module dict holds them: its
 * standard entries, then the program's globals. */
static const char **globals_of(VM *vm, int *n) {
  static const char *const module_names[] = {"__name__",     "__doc__",  "__package__",
                                             "__loader__",   "__spec__", "__annotations__",
                                             "__builtins__", "__file__", "__cached__"};
  int cap = 9 + vm->nglobals;
  const char **out = malloc(sizeof(char *) * (size_t)cap);
  if (!out) return NULL;
  *n = 0;
  for (int i = 0; i < 9; i++) out[(*n)++] = module_names[i];
  for (int i = 0; i < vm->nglobals; i++) {
    if (!vm->global_own[i] || IS_UNDEF(vm->globals[i])) continue;
    bool standard = false;
    for (int j = 0; j < 9; j++)
      standard = standard || strcmp(module_names[j], vm->global_names[i]->data) == 0;
    if (!standard) out[(*n)++] = vm->global_names[i]->data;
  }
  return out;
}

const char *lib_suggest(VM *vm, Value exc) {
  if (!is_exc(exc) || !IS_STR(AS_EXC(exc)->name)) return NULL;
  ExcInstance *e = AS_EXC(exc);
  Str *name = AS_STR(e->name);
  Best best = {name->data, (size_t)name->len, NULL, 0};
  const char *found = NULL;
  if (err_matches(exc, vm->b.name_error)) {
    if (IS_TUPLE(e->obj)) {
      Tuple *t = AS_TUPLE(e->obj);
      const char **locals = malloc(sizeof(char *) * (size_t)(t->len ? t->len : 1));
      if (!locals) return NULL;
      for (int64_t i = 0; i < t->len; i++) locals[i] = AS_STR(t->items[i])->data;
      found = best_in(&best, locals, (int)t->len);
      free(locals);
      if (found) return found;
    }
    int n;
    const char **globals = globals_of(vm, &n);
    if (globals) found = best_in(&best, globals, n);
    free(globals);
    if (found) return found;
    return best_in(&best, names_builtins, count(names_builtins));
  }
  if (err_matches(exc, vm->b.attribute_error) && !IS_NONE(e->obj)) {
    int n = 0;
    const char **dir = dir_of(vm, e->obj, &n);
    if (dir) found = best_in(&best, dir, n);
    free(dir);
  }
  return found;
}

static bool in_table(const char *const *table, const char *name) {
  for (int i = 0; table[i]; i++)
    if (strcmp(table[i], name) == 0) return true;
  return false;
}

/* Whether CPython's obj has the attribute: its dir(), and for a class
 * what every class has from type.  A class statement's class and its
 * instances have object's (or the exception's) names and the three every
 * such class adds; their own names lst knows. */
static bool cpython_has(VM *vm, Value obj, const char *name) {
  Class *k = IS_CLASS(obj) ? AS_CLASS(obj) : class_of(vm, obj);
  if (IS_CLASS(obj) && in_table(names_type, name)) return true;
  const char *const *table = builtin_table(vm, obj, k);
  if (table) return in_table(table, name);
  if (is_obj_type(obj, OBJ_MODULE) || (k->obj.flags & CLASS_BUILTIN)) return false;
  if (in_table(k->is_exception ? names_exception : names_object, name)) return true;
  return strcmp(name, "__module__") == 0 || strcmp(name, "__weakref__") == 0 ||
         (!k->is_exception && strcmp(name, "__dict__") == 0);
}

bool lib_suggest_refuse(VM *vm, MissKind kind, Value obj, Str *name) {
  if (kind == MISS_SUPER) {
    /* CPython's super object has its own few names, and finds on the rest
     * of the class's MRO what an instance of it would (object's, or a
     * built-in base's) */
    static const char *const super_names[] = {"__self__", "__self_class__", "__thisclass__",
                                              "__get__", NULL};
    if (!in_table(super_names, name->data) && !cpython_has(vm, obj, name->data)) return false;
    err_refuse(vm, "super().%s is not supported by lst", name->data);
    return true;
  }
  if (kind == MISS_NAME) {
    /* what CPython's __main__ module holds besides the builtins (its
     * __doc__, __spec__ ... shadow the builtins' own) */
    static const char *const module_names[] = {"__builtins__", "__cached__", "__doc__",
                                               "__file__",     "__loader__", "__package__",
                                               "__spec__",     NULL};
    if (in_table(module_names, name->data))
      err_refuse(vm, "the module's %s is not supported by lst", name->data);
    else if (in_table(names_builtins, name->data))
      err_refuse(vm, "built-in %s is not supported by lst", name->data);
    else
      return false;
    return true;
  }
  if (!cpython_has(vm, obj, name->data)) return false;
  const char *owner = is_obj_type(obj, OBJ_MODULE) ? ((Module *)AS_OBJ(obj))->name->data
                      : IS_CLASS(obj)              ? AS_CLASS(obj)->name->data
                                                   : class_name_of(vm, obj);
  err_refuse(vm, "%s.%s is not supported by lst", owner, name->data);
  return true;
}
