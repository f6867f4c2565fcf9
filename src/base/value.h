/* value.h: the 8-byte Value that every slot, stack cell and constant holds.
 *
 * A Value is a 64-bit word with a tag in its low bits:
 *
 *   ...............................1   small int: the upper 63 bits, signed
 *   ..............................00   pointer to a heap Obj (never 0)
 *   ......................kkkkkk010    immediate: None, False, True, Undef,
 *                                      NotImplemented, Ellipsis
 *
 * Heap objects are at least 8-byte aligned, so pointers have their three
 * low bits clear.  Ints that need all 64 bits live in a boxed OBJ_INT; every
 * int-producing path goes through obj_int(), which picks the form, so a
 * given integer always has exactly one representation and equality of small
 * ints is equality of words.  Floats are boxed: list programs are about ints
 * and references, and a boxed float keeps the int path branch-free.
 */
#ifndef LST_VALUE_H
#define LST_VALUE_H

#include <stdbool.h>
#include <stdint.h>

typedef uint64_t Value;
typedef struct Obj Obj;

#define VAL_NONE  ((Value)0x02)
#define VAL_FALSE ((Value)0x0A)
#define VAL_TRUE  ((Value)0x12)
/* Marks an unbound variable or an empty slot; never visible to programs. */
#define VAL_UNDEF ((Value)0x1A)
/* What a special method returns for operands it does not handle; the
 * operators then try the other operand's reflected method. */
#define VAL_NOTIMPL  ((Value)0x22)
#define VAL_ELLIPSIS ((Value)0x2A)

#define IS_SMALL(v) (((v)&1) != 0)
#define IS_OBJ(v)   (((v)&3) == 0)
#define IS_NONE(v)  ((v) == VAL_NONE)
#define IS_BOOL(v)  ((v) == VAL_TRUE || (v) == VAL_FALSE)
#define IS_UNDEF(v) ((v) == VAL_UNDEF)

#define AS_OBJ(v)   ((Obj *)(uintptr_t)(v))
#define OBJ_VAL(o)  ((Value)(uintptr_t)(o))
#define BOOL_VAL(b) ((b) ? VAL_TRUE : VAL_FALSE)

/* Small ints hold 63 bits: [-2^62, 2^62). */
#define SMALL_MIN    (-((int64_t)1 << 62))
#define SMALL_MAX    (((int64_t)1 << 62) - 1)
#define SMALL_VAL(i) ((Value)(((uint64_t)(int64_t)(i) << 1) | 1))
#define AS_SMALL(v)  ((int64_t)(v) >> 1)

#endif
