/* lib_stream.c: sys.stdout and sys.stderr, the two text streams a program
 * has (lst has no files), and the writing print does: to one of them, or
 * through the write method of any other object given as file=. */
#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>
#include <unistd.h>

#include "base/str.h"
#include "core/attr.h"
#include "core/class.h"
#include "core/dict.h"
#include "core/error.h"
#include "core/ops.h"
#include "lib/builtins.h"

/* A stream is an instance of the hidden class _io.TextIOWrapper whose payload
 * is its file descriptor, 1 or 2. */
static FILE *file_of(VM *vm, Value v) {
  if (!IS_INSTANCE(v) || AS_INSTANCE(v)->klass != vm->b.text_stream) return NULL;
  return AS_SMALL(AS_INSTANCE(v)->payload) == 2 ? stderr : stdout;
}

/* A write to f failed with errno err: OSError as CPython raises it
 * ([Errno 28] for a full disk; BrokenPipeError for a pipe whose reader is
 * gone). A write drops what is still buffered, as CPython's text layer
 * hands its pending text on and loses it; a flush keeps its failure for
 * the exit (CPython's buffer keeps the bytes, and fails on them again
 * there). A failed write to stderr is not reported. */
static bool failed(VM *vm, FILE *f, int err, bool flushing) {
  if (!flushing) {
    __fpurge(f);
    clearerr(f);
  }
  if (f == stderr) return true;
  Class *k = err == EPIPE || err == ESHUTDOWN ? vm->b.broken_pipe_error : vm->b.os_error;
  Str *text = str_cstr(vm, strerror(err));
  Tuple *args = text ? obj_tuple_new(vm, 2) : NULL;
  Instance *e = args ? class_new_instance(vm, k) : NULL;
  if (!e) return false;
  args->items[0] = SMALL_VAL(err);
  args->items[1] = OBJ_VAL(text);
  e->payload = OBJ_VAL(args);
  return err_set(vm, OBJ_VAL(e));
}

static bool put(VM *vm, FILE *f, const char *s, size_t n) {
  if (f == stderr && fflush(stdout) != 0) return failed(vm, stdout, errno, false);
  errno = 0;
  if (n && fwrite(s, 1, n, f) != n) return failed(vm, f, errno ? errno : EIO, false);
  return true;
}

bool lib_stream_put(VM *vm, bool to_stderr, const char *s, size_t n) {
  return put(vm, to_stderr ? stderr : stdout, s, n);
}

bool lib_stream_flush_stdout(VM *vm) {
  errno = 0;
  return fflush(stdout) == 0 || failed(vm, stdout, errno ? errno : EIO, true);
}

bool lib_stream_write(VM *vm, Value file, const char *s, size_t n) {
  FILE *f = file_of(vm, file);
  if (f) return put(vm, f, s, n);
  /* any object with a write method, called as print calls it */
  Str *text = str_new(vm, s, n), *name = str_intern_cstr(vm, "write");
  if (!text || !name) return false;
  Value m, r, arg = OBJ_VAL(text);
  if (!attr_get(vm, file, name, &m)) return false;
  return vm_call(vm, m, &arg, 1, NULL, &r);
}

bool lib_stream_flush(VM *vm, Value file) {
  FILE *f = file_of(vm, file);
  if (f == stdout) return lib_stream_flush_stdout(vm);
  if (f) {
    fflush(f);
    return true;
  }
  Str *name = str_intern_cstr(vm, "flush");
  Value m, r;
  if (!name || !attr_get(vm, file, name, &m)) return false;
  return vm_call(vm, m, NULL, 0, NULL, &r);
}

#define SELF_FILE file_of(vm, args[0])

static bool m_write(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "write", nargs - 1, 1, 1)) return false;
  if (!IS_STR(args[1]))
    return err_raise(vm, vm->b.type_error, "write() argument must be str, not %s",
                     class_name_of(vm, args[1]));
  Str *s = AS_STR(args[1]);
  if (!put(vm, SELF_FILE, s->data, (size_t)s->len)) return false;
  *out = obj_int(vm, s->nchars);
  return !IS_UNDEF(*out);
}

static bool m_flush(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "flush", nargs - 1, 0, 0)) return false;
  if (!lib_stream_flush(vm, args[0])) return false;
  *out = VAL_NONE;
  return true;
}

static bool m_isatty(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "isatty", nargs - 1, 0, 0)) return false;
  /* the descriptor, not the FILE: stdout may be lst's own stream (run.c) */
  *out = BOOL_VAL(isatty((int)AS_SMALL(AS_INSTANCE(args[0])->payload)));
  return true;
}

static bool m_fileno(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "fileno", nargs - 1, 0, 0)) return false;
  *out = AS_INSTANCE(args[0])->payload;
  return true;
}

static bool m_writelines(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "writelines", nargs - 1, 1, 1)) return false;
  Value it;
  if (!ops_iter(vm, args[1], &it)) return false;
  for (;;) {
    Value v;
    bool done;
    if (!ops_next(vm, it, &v, &done)) return false;
    if (done) break;
    if (!IS_STR(v))
      return err_raise(vm, vm->b.type_error, "write() argument must be str, not %s",
                       class_name_of(vm, v));
    if (!put(vm, SELF_FILE, AS_STR(v)->data, (size_t)AS_STR(v)->len)) return false;
  }
  *out = VAL_NONE;
  return true;
}

static bool m_repr(VM *vm, Value *args, int nargs, Tuple *kw, Value *out) {
  (void)kw;
  if (!arg_count(vm, "__repr__", nargs - 1, 0, 0)) return false;
  Str *s = str_cstr(vm, SELF_FILE == stderr
                            ? "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>"
                            : "<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>");
  if (!s) return false;
  *out = OBJ_VAL(s);
  return true;
}

static bool set_attr(VM *vm, Instance *in, const char *name, const char *value) {
  Str *k = str_intern_cstr(vm, name), *v = str_cstr(vm, value);
  return k && v && dict_set_str(vm, in->attrs, k, OBJ_VAL(v));
}

bool lib_stream_new(VM *vm, int fd, Value *out) {
  Instance *in = class_new_instance(vm, vm->b.text_stream);
  if (!in) return false;
  in->payload = SMALL_VAL(fd);
  if (!set_attr(vm, in, "name", fd == 2 ? "<stderr>" : "<stdout>") ||
      !set_attr(vm, in, "mode", "w") || !set_attr(vm, in, "encoding", "utf-8"))
    return false;
  *out = OBJ_VAL(in);
  return true;
}

void lib_stream_register(VM *vm) {
  Class *k = reg_hidden_type(vm, "_io.TextIOWrapper", OBJ_INSTANCE);
  vm->b.text_stream = k;
  k->obj.flags |= CLASS_HOLDS_ATTRS;
  reg_method(vm, k, "write", m_write, 0);
  reg_method(vm, k, "writelines", m_writelines, 0);
  reg_method(vm, k, "flush", m_flush, 0);
  reg_method(vm, k, "isatty", m_isatty, 0);
  reg_method(vm, k, "fileno", m_fileno, 0);
  reg_method(vm, k, "__repr__", m_repr, NATIVE_SLOT);
}
