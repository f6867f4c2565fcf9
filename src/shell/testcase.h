/* testcase.h: what a test unit of `lst test` (a golden program, a text
 * transcript, a file's docstrings) uses while it runs in its own child
 * process: the options, the records of results it sends to the parent,
 * capturing what a run prints, and running the oracle interpreter. */
#ifndef LST_TESTCASE_H
#define LST_TESTCASE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

typedef struct TestOptions {
  bool update;        /* --update: rewrite expected output that differs */
  bool force;         /* --force: update even where the oracle disagrees */
  const char *oracle; /* --oracle CMD: expected output comes from CMD (python3) */
  const char *lst;    /* --lst CMD: the golden programs run by CMD, another lst */
  int result_fd;      /* where the child writes its records */
  struct VM *ready;   /* a VM the parent opened before forking (or NULL) */
} TestOptions;

/* A fresh VM as run_open makes it: the first call in a child takes the
 * parent's ready one (a copy of its memory: no start-up cost), later ones
 * open their own.  NULL when out of memory. */
struct VM *testcase_vm(const TestOptions *o);
/* Done with a VM of testcase_vm: freed only under the sanitizers, where the
 * leak check must see every block given back; otherwise the child's exit
 * frees it, without touching (and so copying) every page of its heap. */
void testcase_vm_done(struct VM *vm);
/* Whether this is a sanitizer build (AddressSanitizer: no memory limit). */
bool testcase_under_sanitizer(void);

/* The records a unit sends: one per test (a program, an example). */
void testcase_pass(const TestOptions *o, const char *name);
void testcase_skip(const TestOptions *o, const char *name);
/* A failure: the reason, and (if want or got is not NULL) their diff. */
void testcase_fail(const TestOptions *o, const char *name, const char *reason, const char *want,
                   size_t nwant, const char *got, size_t ngot);
/* A test whose expected output --update rewrote: report holds the diff
 * and the files written.  It counts as passed. */
void testcase_updated(const TestOptions *o, const char *name, const char *report);
/* A line for the report that is not a result ("cannot write ..."). */
void testcase_note(const TestOptions *o, const char *text);

/* Points stdout (fd 1) or stderr (fd 2) at an anonymous file until
 * capture_end, which gives what was written there. */
typedef struct Capture {
  int fd, saved;
} Capture;
bool capture_begin(Capture *c, int which);
/* Appends what was written since capture_begin (or the last take) to out. */
void capture_take(Capture *c, Buf *out);
void capture_end(Capture *c);

/* Runs argv (argv[0] found on PATH) in folder with PYTHONHASHSEED=0, stdin
 * from stdin_path (or /dev/null) and input on its stdin when not NULL;
 * fills out and err, and *status (-1 if it could not run). */
bool testcase_spawn(char *const argv[], const char *folder, const char *stdin_path,
                    const char *input, Buf *out, Buf *err, int *status);

/* Reads a whole file; NULL if it cannot. */
char *testcase_read(const char *path, size_t *len);
/* Writes a whole file; false (and a note) if it cannot. */
bool testcase_write(const TestOptions *o, const char *path, const char *data, size_t len);

#endif
