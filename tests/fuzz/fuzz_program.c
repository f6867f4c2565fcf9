/* fuzz_program.c: a libFuzzer target.  Each input is a program's source,
 * run through the whole pipeline in this process (lexer, parser, compiler,
 * VM, library, traceback printing) with a step and a memory limit, in a
 * fresh VM.  With LST_FUZZ_GC_STRESS set, the collector runs at every safe
 * point.  An input of odd length runs watched, as under --trace-items (the
 * hook reads every list's items as the program changes them).  The
 * program's own output and the trace go to /dev/null; a crash, a sanitizer
 * report or a hang is what the fuzzer looks for.
 *
 * Built with `meson setup build-fuzz -Dfuzz=true` (clang); see the README
 * for how to run it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/run.h"
#include "shell/watch.h"

#define FUZZ_STEPS 200000 /* loop iterations and calls */
/* With the collector at every safe point each step costs a whole
 * collection, so a program whose heap grows as it runs costs the square of
 * its steps: fewer steps keep an input's time bounded. */
#define FUZZ_STRESS_STEPS 5000
#define FUZZ_MEMORY       (64 << 20)

static FILE *sink;
static bool gc_stress;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  sink = fopen("/dev/null", "w");
  gc_stress = getenv("LST_FUZZ_GC_STRESS") != NULL;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *src = malloc(size + 1);
  if (!src) return 0;
  memcpy(src, data, size);
  src[size] = '\0';
  VM *vm = run_open();
  if (!vm) {
    free(src);
    return 0;
  }
  vm->c_stack_base = __builtin_frame_address(0); /* the VM runs below this frame */
  vm->gc_stress = gc_stress;
  vm->mem_limit = FUZZ_MEMORY;
  vm->steps_left = gc_stress ? FUZZ_STRESS_STEPS : FUZZ_STEPS;
  vm->interrupted |= VM_STOP_STEPS;
  /* what the program and lst print goes nowhere (sanitizers write to fd 2
   * directly, and so still report) */
  FILE *out = stdout, *err = stderr;
  stdout = sink;
  stderr = sink;
  run_set_argv(vm, NULL, 0, "fuzz");
  Watch w;
  memset(&w, 0, sizeof w);
  w.trace = w.items = w.counts = w.samples = true;
  w.out = sink;
  if (size & 1) watch_install(vm, &w);
  Source source;
  /* named as a file, so that a traceback prints source lines and their
   * markers (a name in <> has no lines to show) */
  if (run_prepare_source("fuzz.lst", src, size, SOURCE_FILE, &source)) {
    run_program(vm, "fuzz.lst", source.text, source.len, false);
    source_free(&source);
  }
  watch_show_items(vm, &w);
  watch_uninstall(vm, &w);
  stdout = out;
  stderr = err;
  vm_free(vm);
  free(src);
  return 0;
}
