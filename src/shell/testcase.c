/* testcase.c: records, captures and the oracle's processes for the units
 * of `lst test`.  A record is a header line `KIND LENGTH` and LENGTH bytes:
 * the test's name, then (for FAIL) a newline and the report. */
#include "shell/testcase.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shell/diff.h"
#include "shell/run.h"

extern char **environ;

static void write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    p += w;
    n -= (size_t)w;
  }
}

static void record(const TestOptions *o, const char *kind, const char *text, size_t n) {
  char head[64];
  int h = snprintf(head, sizeof head, "%s %zu\n", kind, n);
  write_all(o->result_fd, head, (size_t)h);
  write_all(o->result_fd, text, n);
}

void testcase_pass(const TestOptions *o, const char *name) {
  record(o, "PASS", name, strlen(name));
}
void testcase_skip(const TestOptions *o, const char *name) {
  record(o, "SKIP", name, strlen(name));
}
void testcase_note(const TestOptions *o, const char *text) {
  record(o, "NOTE", text, strlen(text));
}

void testcase_updated(const TestOptions *o, const char *name, const char *report) {
  Buf b;
  buf_init(&b);
  buf_adds(&b, name);
  buf_addc(&b, '\n');
  buf_adds(&b, report);
  record(o, "UPDT", b.data ? b.data : name, b.data ? b.len : strlen(name));
  buf_free(&b);
}

void testcase_fail(const TestOptions *o, const char *name, const char *reason, const char *want,
                   size_t nwant, const char *got, size_t ngot) {
  Buf b;
  buf_init(&b);
  buf_adds(&b, name);
  buf_addc(&b, '\n');
  buf_adds(&b, reason);
  if (!*reason || reason[strlen(reason) - 1] != '\n') buf_addc(&b, '\n');
  if (want || got)
    diff_unified(&b, "expected", want ? want : "", want ? nwant : 0, "got", got ? got : "",
                 got ? ngot : 0);
  record(o, "FAIL", b.data ? b.data : name, b.data ? b.len : strlen(name));
  buf_free(&b);
}

struct VM *testcase_vm(const TestOptions *o) {
  static bool taken;
  if (o->ready && !taken) {
    taken = true;
    return o->ready;
  }
  return run_open();
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

bool testcase_under_sanitizer(void) { return UNDER_ASAN; }

void testcase_vm_done(struct VM *vm) {
  if (UNDER_ASAN) vm_free(vm);
}

/* ------------------------------------------------------------- capture */

bool capture_begin(Capture *c, int which) {
  fflush(which == 1 ? stdout : stderr);
#ifdef __GLIBC__
  c->fd = memfd_create("lst-test", 0);
#else
  c->fd = -1;
#endif
  if (c->fd < 0) {
    char tmpl[] = "/tmp/lst-test-XXXXXX";
    c->fd = mkstemp(tmpl);
    if (c->fd >= 0) unlink(tmpl);
  }
  c->saved = which;
  if (c->fd < 0) return false;
  if (dup2(c->fd, which) < 0) {
    close(c->fd);
    c->fd = -1;
    return false;
  }
  return true;
}

void capture_take(Capture *c, Buf *out) {
  fflush(c->saved == 1 ? stdout : stderr);
  if (c->fd < 0) return;
  off_t end = lseek(c->fd, 0, SEEK_CUR);
  if (end <= 0) return;
  if (!buf_reserve(out, (size_t)end)) return;
  ssize_t got = pread(c->fd, out->data + out->len, (size_t)end, 0);
  if (got > 0) {
    out->len += (size_t)got;
    out->data[out->len] = '\0';
  }
  /* the next take starts afresh */
  if (ftruncate(c->fd, 0) == 0) lseek(c->fd, 0, SEEK_SET);
}

void capture_end(Capture *c) {
  fflush(c->saved == 1 ? stdout : stderr);
  int null = open("/dev/null", O_WRONLY);
  if (null >= 0) {
    dup2(null, c->saved);
    close(null);
  }
  if (c->fd >= 0) close(c->fd);
  c->fd = -1;
}

/* --------------------------------------------------------------- files */

char *testcase_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  Buf b;
  buf_init(&b);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(&b, chunk, n);
  bool bad = ferror(f) || b.failed;
  fclose(f);
  if (bad) {
    buf_free(&b);
    return NULL;
  }
  *len = b.len;
  return b.data ? b.data : strdup("");
}

bool testcase_write(const TestOptions *o, const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  bool ok = f && fwrite(data, 1, len, f) == len;
  if (f && fclose(f) != 0) ok = false;
  if (!ok) {
    char note[600];
    snprintf(note, sizeof note, "cannot write %s: %s", path, strerror(errno));
    testcase_note(o, note);
  }
  return ok;
}

/* ------------------------------------------------------------- spawning */

/* Reads both pipes to their ends (poll: neither may fill while the other
 * is read), writing input to the child's stdin as it goes. */
static void drain(int out_fd, int err_fd, int in_fd, const char *input, Buf *out, Buf *err) {
  size_t in_left = input ? strlen(input) : 0;
  if (in_fd >= 0 && !in_left) close(in_fd), in_fd = -1;
  while (out_fd >= 0 || err_fd >= 0) {
    struct pollfd p[3];
    int n = 0, io = -1, ie = -1, ii = -1;
    if (out_fd >= 0) io = n, p[n++] = (struct pollfd){.fd = out_fd, .events = POLLIN};
    if (err_fd >= 0) ie = n, p[n++] = (struct pollfd){.fd = err_fd, .events = POLLIN};
    if (in_fd >= 0) ii = n, p[n++] = (struct pollfd){.fd = in_fd, .events = POLLOUT};
    if (poll(p, (nfds_t)n, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    char chunk[65536];
    if (io >= 0 && p[io].revents) {
      ssize_t r = read(out_fd, chunk, sizeof chunk);
      if (r > 0)
        buf_add(out, chunk, (size_t)r);
      else
        close(out_fd), out_fd = -1;
    }
    if (ie >= 0 && p[ie].revents) {
      ssize_t r = read(err_fd, chunk, sizeof chunk);
      if (r > 0)
        buf_add(err, chunk, (size_t)r);
      else
        close(err_fd), err_fd = -1;
    }
    if (ii >= 0 && p[ii].revents) {
      ssize_t w = write(in_fd, input, in_left);
      if (w > 0) input += w, in_left -= (size_t)w;
      if (w <= 0 || !in_left) close(in_fd), in_fd = -1;
    }
  }
  if (in_fd >= 0) close(in_fd);
}

bool testcase_spawn(char *const argv[], const char *folder, const char *stdin_path,
                    const char *input, Buf *out, Buf *err, int *status) {
  *status = -1;
  int po[2], pe[2], pi[2] = {-1, -1};
  if (pipe(po) < 0) return false;
  if (pipe(pe) < 0) {
    close(po[0]), close(po[1]);
    return false;
  }
  if (input && pipe(pi) < 0) {
    close(po[0]), close(po[1]), close(pe[0]), close(pe[1]);
    return false;
  }
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    close(po[0]), close(po[1]), close(pe[0]), close(pe[1]);
    if (input) close(pi[0]), close(pi[1]);
    return false;
  }
  if (pid == 0) {
    int in = input ? pi[0] : open(stdin_path ? stdin_path : "/dev/null", O_RDONLY);
    if (in < 0 || dup2(in, 0) < 0 || dup2(po[1], 1) < 0 || dup2(pe[1], 2) < 0) _exit(127);
#ifdef __GLIBC__
    closefrom(3);
#else
    for (int fd = 3; fd < 1024; fd++) close(fd);
#endif
    if (folder && chdir(folder) != 0) _exit(127);
    /* the test runner's memory cap is for lst's own run; the program
     * started here (CPython, node) gets the hard limit */
    struct rlimit lim;
    if (getrlimit(RLIMIT_AS, &lim) == 0 && lim.rlim_cur != lim.rlim_max) {
      lim.rlim_cur = lim.rlim_max;
      setrlimit(RLIMIT_AS, &lim);
    }
    setenv("PYTHONHASHSEED", "0", 1);
    setenv("PYTHONIOENCODING", "utf-8", 1);
    execvp(argv[0], argv);
    _exit(127);
  }
  close(po[1]);
  close(pe[1]);
  if (input) close(pi[0]);
  drain(po[0], pe[0], input ? pi[1] : -1, input, out, err);
  int st;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
  *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return WIFEXITED(st) && WEXITSTATUS(st) != 127;
}
