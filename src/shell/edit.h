/* edit.h: the prompt's line editor, libedit, loaded with dlopen when the
 * prompt starts on a terminal (or, from a static lst, by the dynamic
 * build it runs then).  A program run never loads it: the dynamic
 * loader's work for libedit and what it needs (libtinfo, libbsd, libmd)
 * was most of lst's start-up.
 *
 * The entry points are libedit's readline interface, reached through
 * edit_lib's pointers; they are set only after edit_load returned true. */
#ifndef LST_EDIT_H
#define LST_EDIT_H

#include <stdbool.h>

typedef char *EditEntryFn(const char *text, int state);
typedef char **EditCompleteFn(const char *text, int start, int end);
typedef void EditLineFn(char *line);

typedef struct EditLib {
  void (*callback_handler_install)(const char *prompt, EditLineFn *handler);
  void (*callback_handler_remove)(void);
  void (*callback_read_char)(void);
  void (*replace_line)(const char *text, int clear_undo);
  char **(*completion_matches)(const char *text, EditEntryFn *entry);
  int (*initialize)(void);
  void (*using_history)(void);
  int (*read_history)(const char *path);
  int (*write_history)(const char *path);
  int (*add_history)(const char *line);
  /* libedit's settings */
  const char **readline_name;
  const char **basic_word_break_characters;
  EditCompleteFn **attempted_completion_function;
  int *completion_append_character;
  int *catch_signals;
} EditLib;

extern EditLib edit_lib;

/* Loads libedit once: true when it and every entry point were found;
 * false (the prompt then reads plain lines) when lst was built without
 * its headers or the library is missing. */
bool edit_load(void);

/* A statically linked lst starts fastest, but cannot load libedit: dlopen
 * would bring a second C library, with its own malloc and stdio, into the
 * process.  Such a build names its dynamic twin (LST_PROMPT_PROGRAM, built
 * from the same sources beside it), which edit_exec_prompt runs in place
 * of this process, with the same arguments, when a prompt that edits lines
 * is about to start.  It returns only if that fails, or in a build with no
 * twin: the prompt then reads plain lines. */
void edit_exec_prompt(char **argv);

#endif
