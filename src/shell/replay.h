/* replay.h: the transcripts of `lst test`: the examples of a text file
 * (.md, .txt), or of each docstring of a .lst file, replayed in a fresh
 * session and compared as doctest compares them; with --update, the
 * expected output of each example that differs is rewritten in place. */
#ifndef LST_REPLAY_H
#define LST_REPLAY_H

#include "shell/testcase.h"

/* The examples of a text file, in one session; a record for each. */
void replay_text(const TestOptions *o, const char *path);
/* The examples of each docstring of a .lst file, each docstring in a
 * session of its own where the module has run (as doctest imports it). */
void replay_docstrings(const TestOptions *o, const char *path);

#endif
