/* golden.h: one golden program of `lst test`: NAME.lst run and compared
 * with the expected files beside it (the layout of tests/golden):
 *
 *   NAME.out     stdout, byte for byte
 *   NAME.status  the exit status on line 1 and the last stderr line on
 *                line 2 (without it the status must be 0)
 *   NAME.err     all of stderr, less the lines of ^ and ~ markers under
 *                source lines, the program's folder written as <dir>
 *   NAME.refuse  lst refuses the program: status 1 with this last stderr
 *                line, stdout a prefix of NAME.out
 *   NAME.trace   the allocation trace of the run
 *   NAME.args    arguments for the program (one line)
 *   NAME.stdin   present: the program is fed on stdin instead of named
 */
#ifndef LST_GOLDEN_H
#define LST_GOLDEN_H

#include "shell/testcase.h"

/* Runs the program at path (NAME.lst, with NAME.out beside it) and sends
 * one record for it. */
void golden_check(const TestOptions *o, const char *path);

#endif
