/* edit.c: finds libedit's readline interface at run time, or from a
 * static lst runs the dynamic twin that can (see edit.h).
 *
 * The header is read at build time only to check that edit_lib's pointer
 * types are libedit's own: the checks name its functions in _Generic,
 * which never evaluates them, so nothing links against the library. */
#include "shell/edit.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef LST_HAVE_LIBEDIT
#include <dlfcn.h>
/* readline.h names a typedef Function, as lst names its function objects */
#define Function rl_Function
#include <editline/readline.h>
#undef Function
#endif

EditLib edit_lib;

#ifdef LST_HAVE_LIBEDIT
/* Each pointer of edit_lib has the type of libedit's declaration. */
#define SAME_TYPE(field, symbol)                                                   \
  _Static_assert(_Generic(&(symbol), __typeof__(edit_lib.field) : 1, default : 0), \
                 #symbol " is declared as edit_lib." #field " expects")
#endif

#ifdef LST_HAVE_LIBEDIT
/* One symbol into its field: false when the library lacks it. */
static bool find(void *lib, const char *name, void *field, size_t size) {
  void *p = dlsym(lib, name);
  if (!p) return false;
  /* an object pointer to a function pointer: the POSIX way of dlsym */
  memcpy(field, &p, size);
  return true;
}
#endif

bool edit_load(void) {
#ifndef LST_HAVE_LIBEDIT
  return false;
#else
  static int loaded; /* 0: not tried, 1: loaded, -1: failed */
  if (loaded) return loaded > 0;
  loaded = -1;
  void *lib = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
  if (!lib) lib = dlopen("libedit.so", RTLD_NOW | RTLD_LOCAL);
  if (!lib) return false;
  EditLib e;
#define FIND(field, symbol)                            \
  SAME_TYPE(field, symbol);                            \
  if (!find(lib, #symbol, &e.field, sizeof e.field)) { \
    dlclose(lib);                                      \
    return false;                                      \
  }
  FIND(callback_handler_install, rl_callback_handler_install);
  FIND(callback_handler_remove, rl_callback_handler_remove);
  FIND(callback_read_char, rl_callback_read_char);
  FIND(replace_line, rl_replace_line);
  FIND(completion_matches, rl_completion_matches);
  FIND(initialize, rl_initialize);
  FIND(using_history, using_history);
  FIND(read_history, read_history);
  FIND(write_history, write_history);
  FIND(add_history, add_history);
  FIND(readline_name, rl_readline_name);
  FIND(basic_word_break_characters, rl_basic_word_break_characters);
  FIND(attempted_completion_function, rl_attempted_completion_function);
  FIND(completion_append_character, rl_completion_append_character);
  FIND(catch_signals, rl_catch_signals);
#undef FIND
  edit_lib = e;
  loaded = 1;
  return true;
#endif
}

void edit_exec_prompt(char **argv) {
#ifndef LST_PROMPT_PROGRAM
  (void)argv;
#else
  /* the twin is found beside this binary, wherever that is installed */
  char path[4096];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path);
  if (n <= 0 || (size_t)n >= sizeof path) return;
  path[n] = '\0';
  char *slash = strrchr(path, '/');
  size_t name = sizeof LST_PROMPT_PROGRAM;
  if (!slash || (size_t)(slash + 1 - path) + name > sizeof path) return;
  memcpy(slash + 1, LST_PROMPT_PROGRAM, name);
  fflush(NULL);
  execv(path, argv);
#endif
}
