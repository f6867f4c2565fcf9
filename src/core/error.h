/* error.h: raising exceptions from C, matching them, and printing them.
 *
 * Natives report an error by setting vm->exc and returning false; every
 * err_* raiser here returns false so that `return err_index(vm, ...);`
 * reads as what it does.
 */
#ifndef LST_ERROR_H
#define LST_ERROR_H

#include "core/vm.h"

bool err_raise(VM *vm, Class *klass, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool err_memory(VM *vm);
/* Raises klass with no arguments (StopIteration() and the like). */
bool err_raise_empty(VM *vm, Class *klass);
/* Raises klass with the single argument arg (KeyError(key) and the like). */
bool err_raise_value(VM *vm, Class *klass, Value arg);
/* Raise a ready exception instance (or a class, which is instantiated). */
bool err_set(VM *vm, Value exc);
/* "TypeError: unsupported operand type(s) for +: 'int' and 'str'" */
bool err_binop(VM *vm, const char *op, Value a, Value b);

/* Makes the built-in exception classes and registers them as names. */
void err_init_classes(VM *vm);

bool class_is_subclass(const Class *k, const Class *base);
bool err_matches(Value exc, const Class *klass);

/* Appends a frame line to exc's traceback (outermost frames added last). */
void err_add_traceback(VM *vm, Value exc, Code *code, int line);
/* Prints "Traceback ...", the frames and the "Type: message" line. */
void err_print(VM *vm, Value exc, FILE *out);
/* The "Type: message" line alone (str of exc). */
void err_print_last_line(VM *vm, Value exc, FILE *out);

/* Prints a SyntaxError in CPython's form: file, line, source, caret. */
void err_print_syntax(const char *filename, int line, int col, const char *source_line,
                      const char *kind, const char *msg, FILE *out);

#endif
