/* testrun.h: the `lst test` command: golden programs and transcripts found
 * under the paths given, each run in a child process of its own (with a
 * time and a memory limit), several at once, and reported one line per
 * failure with a diff, ending with `N passed, M failed`. */
#ifndef LST_TESTRUN_H
#define LST_TESTRUN_H

/* argv[0] is "test"; returns the exit status: 0 all passed, 1 a failure,
 * 2 bad usage. */
int testrun_main(int argc, char **argv);

#endif
