/* explore.c: parsing growth rules and running a program silently under
 * another one, so that several rules can be drawn and counted side by
 * side.  The program runs again from the start in a fresh VM; what it
 * prints is thrown away, so only the first rule's run is seen. */
#include "shell/explore.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "shell/run.h"

int explore_parse_rules(const char *spec, const ListRule **rules, int max) {
  int n = 0;
  const char *p = spec;
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    char name[32];
    if (len == 0 || len >= sizeof name) goto bad;
    memcpy(name, p, len);
    name[len] = '\0';
    const ListRule *r = list_rule_find(name);
    if (!r) goto bad;
    for (int i = 0; i < n; i++)
      if (rules[i] == r) goto bad;
    if (n == max) {
      fprintf(stderr, "lst: at most %d growth rules at once\n", max);
      return 0;
    }
    rules[n++] = r;
    if (!comma) return n;
    p = comma + 1;
  }
bad:
  fprintf(stderr, "lst: --growth takes a comma-separated list of distinct rules among:");
  for (int i = 0; i < list_nrules; i++) fprintf(stderr, " %s", list_rules[i].name);
  fputc('\n', stderr);
  return 0;
}

/* Points fd at /dev/null and returns a copy of what it was, or -1. */
static int silence(int fd) {
  int saved = dup(fd), null = open("/dev/null", O_WRONLY);
  if (saved < 0 || null < 0 || dup2(null, fd) < 0) {
    if (saved >= 0) close(saved);
    if (null >= 0) close(null);
    return -1;
  }
  close(null);
  return saved;
}

static void restore(int fd, int saved) {
  if (saved < 0) return;
  dup2(saved, fd);
  close(saved);
}

bool explore_silent_run(const ListRule *rule, const char *filename, const char *source, size_t len,
                        const char *argv0, char **args, int nargs, Watch *w) {
  VM *vm = run_open();
  if (!vm) return false;
  vm->list_rule = rule;
  if (!run_set_argv(vm, args, nargs, argv0)) {
    vm_free(vm);
    return false;
  }
  w->rule = rule->name;
  w->counts = w->samples = true;
  w->trace = false;
  watch_install(vm, w);
  fflush(stdout);
  fflush(stderr);
  int out = silence(1), err = silence(2);
  run_source(vm, filename, source, len);
  watch_finish(vm, w);
  fflush(stdout);
  fflush(stderr);
  restore(1, out);
  restore(2, err);
  /* the records outlive the VM: they hold copies, not pointers into it */
  vm->list_hook = NULL;
  vm_free(vm);
  return true;
}
