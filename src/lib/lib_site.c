/* lib_site.c: the names CPython's site module adds to the built-ins, which
 * every program and prompt has: exit and quit (which raise SystemExit),
 * help, and copyright, credits and license, with CPython's reprs.  Their
 * classes are the ones of CPython's _sitebuiltins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "core/class.h"
#include "core/dict.h"
#include "core/error.h"
#include "lib/builtins.h"

static const char copyright_text[] =
    "Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.\n\n"
    "Copyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\n"
    "Copyright (c) 1995-2001 Corporation for National Research Initiatives.\n"
    "All Rights Reserved.\n\n"
    "Copyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\nAll Rights Reserved.";
static const char credits_text[] =
    "    Thanks to CWI, CNRI, BeOpen.com, Zope Corporation and a cast of thousands\n"
    "    for supporting Python development.  See www.python.org for more information.";

/* Each object keeps its text (or its name, for exit and quit) as its
 * exception-free payload. */
static const char *text_of(Value self) {
  Value t = IS_INSTANCE(self) ? AS_INSTANCE(self)->payload : VAL_UNDEF;
  return IS_STR(t) ? AS_STR(t)->data : "";
}

static bool str_result(VM *vm, const char *s, Value *out) {
  Str *r = str_cstr(vm, s);
  if (!r) return false;
  *out = OBJ_VAL(r);
  return true;
}

static bool quitter_repr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  (void)nargs;
  char text[64];
  snprintf(text, sizeof text, "Use %s() or Ctrl-D (i.e. EOF) to exit", text_of(args[0]));
  return str_result(vm, text, out);
}

/* exit([code]): SystemExit(code), as site's Quitter raises it. */
static bool quitter_call(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  (void)out;
  if (!arg_count(vm, text_of(args[0]), nargs - 1, 0, 1)) return false;
  Value exc;
  if (!vm_call(vm, OBJ_VAL(vm->b.system_exit), args + 1, nargs - 1, NULL, &exc)) return false;
  return err_set(vm, exc);
}

static bool printer_repr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  (void)nargs;
  return str_result(vm, text_of(args[0]), out);
}

/* copyright() and credits(): the text on stdout. */
static bool printer_call(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "__call__", nargs - 1, 0, 0)) return false;
  if (strncmp(text_of(args[0]), "Type license()", 14) == 0)
    return err_refuse(vm, "license() (the full license text) is not supported by lst");
  puts(text_of(args[0]));
  *out = VAL_NONE;
  return true;
}

static bool helper_repr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)args;
  (void)kw;
  (void)nargs;
  return str_result(vm, "Type help() for interactive help, or help(object) for help about object.",
                    out);
}

static bool helper_call(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)args;
  (void)nargs;
  (void)kw;
  (void)out;
  return err_refuse(vm, "help() is not supported by lst");
}

static void startup_oom(void) {
  fputs("lst: out of memory at startup\n", stderr);
  exit(1);
}

/* A class of _sitebuiltins, shown by type() but named by no program. */
static Class *site_class(VM *vm, const char *name, NativeFn repr, NativeFn call) {
  Str *s = str_intern_cstr(vm, name);
  Class *k = s ? class_new(vm, s, vm->b.object) : NULL;
  if (!k) startup_oom();
  k->obj.flags |= CLASS_BUILTIN | CLASS_HOLDS_ATTRS;
  reg_method(vm, k, "__repr__", repr, 0);
  reg_method(vm, k, "__call__", call, 0);
  return k;
}

static void site_object(VM *vm, Class *k, const char *name, const char *text) {
  Instance *in = class_new_instance(vm, k);
  Str *t = str_cstr(vm, text);
  if (!in || !t) startup_oom();
  in->payload = OBJ_VAL(t);
  vm_define_builtin(vm, name, OBJ_VAL(in));
}

void lib_site_register(VM *vm) {
  Class *quitter = site_class(vm, "_sitebuiltins.Quitter", quitter_repr, quitter_call);
  Class *printer = site_class(vm, "_sitebuiltins._Printer", printer_repr, printer_call);
  Class *helper = site_class(vm, "_sitebuiltins._Helper", helper_repr, helper_call);
  site_object(vm, quitter, "exit", "exit");
  site_object(vm, quitter, "quit", "quit");
  site_object(vm, printer, "copyright", copyright_text);
  site_object(vm, printer, "credits", credits_text);
  site_object(vm, printer, "license", "Type license() to see the full license text");
  site_object(vm, helper, "help", "");
}
