/* opcodes.h: the instruction set, as one X-macro list.
 *
 * An instruction is one 32-bit word: the opcode in the low 8 bits and an
 * unsigned argument in the upper 24 (OP_ARG).  Each entry gives the name,
 * the net stack effect when it is fixed (VAR where it depends on the
 * argument; the compiler computes those itself) and what the argument is
 * (ArgKind).  This list generates the opcode enum, the dispatch table and
 * the disassembler's names and argument kinds.
 */
#ifndef LST_OPCODES_H
#define LST_OPCODES_H

#include <stdint.h>

#define VAR 99

/* What an instruction's argument means, for the disassembler. */
typedef enum {
  ARG_NONE,    /* unused */
  ARG_COUNT,   /* a count or flags, shown as the number */
  ARG_CONST,   /* consts[arg] */
  ARG_NAME,    /* consts[arg], a name */
  ARG_CACHE,   /* caches[arg], the attribute cache of a name */
  ARG_SMALL,   /* the int arg - SMALL_BIAS */
  ARG_LOCAL,   /* a local slot */
  ARG_LOCAL2,  /* two local slots: arg & 0xFFF, arg >> 12 */
  ARG_GLOBAL,  /* a module-level slot */
  ARG_GLOBAL2, /* two module-level slots: arg & 0xFFF, arg >> 12 */
  ARG_CMP,     /* a CMP_* */
  ARG_K,       /* the int arg - K_BIAS */
  ARG_CMP_K,   /* CMP_* | (k + K_BIAS) << 4 */
  ARG_JUMP,    /* a code offset */
  ARG_BACK,    /* a backward jump: the next instruction's offset minus the target's */
  ARG_OP       /* a binary operator's opcode (OP_ADD ... OP_XOR) */
} ArgKind;

// clang-format off
#define OPCODES(X)                                                                                 \
  X(NOP, 0, ARG_NONE)                                                                              \
  X(POP, -1, ARG_NONE)             /* x -- */                                                      \
  X(POP_ITER, -1, ARG_NONE)        /* it -- : a for loop left early drops its iterator */         \
  X(DUP, 1, ARG_NONE)              /* x -- x x */                                                  \
  X(DUP2, 2, ARG_NONE)             /* x y -- x y x y */                                            \
  X(ROT2, 0, ARG_NONE)             /* x y -- y x */                                                \
  X(ROT3, 0, ARG_NONE)             /* x y z -- z x y */                                            \
  X(ROT4, 0, ARG_NONE)             /* w x y z -- z w x y */                                        \
  X(LOAD_CONST, 1, ARG_CONST)      /* -- consts[arg] */                                            \
  X(LOAD_SMALL, 1, ARG_SMALL)      /* -- int(arg - 2^23) */                                        \
  X(LOAD_NONE, 1, ARG_NONE)                                                                        \
  X(LOAD_TRUE, 1, ARG_NONE)                                                                        \
  X(LOAD_FALSE, 1, ARG_NONE)                                                                       \
  X(LOAD_LOCAL, 1, ARG_LOCAL)      /* -- slots[arg] */                                             \
  X(LOAD_LOCAL2, 2, ARG_LOCAL2)    /* -- slots[arg & 0xFFF] slots[arg >> 12]: two loads fused */   \
  X(STORE_LOCAL, -1, ARG_LOCAL)                                                                    \
  X(DELETE_LOCAL, 0, ARG_LOCAL)                                                                    \
  X(LOAD_CELL, 1, ARG_LOCAL)       /* -- slots[arg]->v, the slot holding a Cell */                 \
  X(STORE_CELL, -1, ARG_LOCAL)                                                                     \
  X(DELETE_CELL, 0, ARG_LOCAL)                                                                     \
  X(LOAD_FREE, 1, ARG_COUNT)       /* -- fn->free[arg]->v */                                       \
  X(STORE_FREE, -1, ARG_COUNT)                                                                     \
  X(DELETE_FREE, 0, ARG_COUNT)                                                                     \
  X(LOAD_GLOBAL, 1, ARG_GLOBAL)    /* -- globals[arg] */                                           \
  X(LOAD_GLOBAL2, 2, ARG_GLOBAL2)  /* -- globals[arg & 0xFFF] globals[arg >> 12]: two loads fused */\
  X(STORE_GLOBAL, -1, ARG_GLOBAL)                                                                  \
  X(DELETE_GLOBAL, 0, ARG_GLOBAL)                                                                  \
  X(LOAD_NAME, 1, ARG_NAME)        /* class body: namespace, then globals; arg: const name */      \
  X(STORE_NAME, -1, ARG_NAME)                                                                      \
  X(DELETE_NAME, 0, ARG_NAME)                                                                      \
  X(LOAD_ATTR, 0, ARG_CACHE)       /* obj -- obj.name */                                           \
  X(STORE_ATTR, -2, ARG_CACHE)     /* value obj -- */                                              \
  X(DELETE_ATTR, -1, ARG_CACHE)                                                                    \
  X(LOAD_METHOD, 1, ARG_CACHE)     /* obj -- func self | callable UNDEF */                         \
  X(LOAD_METHOD_APPEND, 1, ARG_CACHE) /* LOAD_METHOD of obj.append(x): an exact list's at once */   \
  X(LOAD_SUPER_METHOD, 2, ARG_CACHE) /* -- func self, from the defining class's base */            \
  X(SUBSCR, -1, ARG_NONE)          /* obj key -- obj[key] */                                       \
  X(STORE_SUBSCR, -3, ARG_NONE)    /* value obj key -- */                                          \
  X(DELETE_SUBSCR, -2, ARG_NONE)                                                                   \
  X(SLICE, -3, ARG_NONE)           /* obj lo hi step -- obj[lo:hi:step] */                         \
  X(STORE_SLICE, -5, ARG_NONE)     /* value obj lo hi step -- */                                   \
  X(DELETE_SLICE, -4, ARG_NONE)                                                                    \
  X(ADD, -1, ARG_NONE)                                                                             \
  X(SUB, -1, ARG_NONE)                                                                             \
  X(MUL, -1, ARG_NONE)                                                                             \
  X(DIV, -1, ARG_NONE)                                                                             \
  X(FLOORDIV, -1, ARG_NONE)                                                                        \
  X(MOD, -1, ARG_NONE)                                                                             \
  X(POW, -1, ARG_NONE)                                                                             \
  X(LSHIFT, -1, ARG_NONE)                                                                          \
  X(RSHIFT, -1, ARG_NONE)                                                                          \
  X(AND, -1, ARG_NONE)                                                                             \
  X(OR, -1, ARG_NONE)                                                                              \
  X(XOR, -1, ARG_NONE)                                                                             \
  /* a op= b: the in-place method first; arg: OP_ADD ... OP_XOR */                                  \
  X(INPLACE, -1, ARG_OP)                                                                           \
  X(INPLACE_ADD, -1, ARG_NONE)     /* a += b and a -= b, the commonest, with their own fast path */ \
  X(INPLACE_SUB, -1, ARG_NONE)                                                                     \
  X(NEG, 0, ARG_NONE)                                                                              \
  X(POS, 0, ARG_NONE)                                                                              \
  X(INVERT, 0, ARG_NONE)                                                                           \
  X(NOT, 0, ARG_NONE)                                                                              \
  /* x op k for a small int constant k: arg = k + K_BIAS */                                        \
  X(ADD_K, 0, ARG_K)                                                                               \
  X(SUB_K, 0, ARG_K)                                                                               \
  X(MUL_K, 0, ARG_K)                                                                               \
  X(MOD_K, 0, ARG_K)                                                                               \
  X(FLOORDIV_K, 0, ARG_K)                                                                          \
  X(INPLACE_ADD_K, 0, ARG_K)       /* x += k, x -= k */                                            \
  X(INPLACE_SUB_K, 0, ARG_K)                                                                       \
  X(COMPARE_K, 0, ARG_CMP_K)       /* x -- x cmp k; arg: CMP_* | (k + K_BIAS) << 4 */              \
  X(COMPARE, -1, ARG_CMP)          /* a b -- result; arg: CMP_* */                                 \
  X(JUMP, 0, ARG_JUMP)             /* ip = arg */                                                  \
  X(LOOP, 0, ARG_BACK)             /* ip -= arg, after the fetch: a collection safe point */      \
  X(JUMP_IF_FALSE, -1, ARG_JUMP)   /* pops the condition */                                        \
  X(JUMP_IF_TRUE, -1, ARG_JUMP)                                                                    \
  X(JUMP_IF_FALSE_OR_POP, VAR, ARG_JUMP) /* keeps it when jumping */                               \
  /* a b -- : jumps unless a cmp b is true; ORDER CMP, so OP_JUMP_UNLESS_LT + CMP_* to GE */      \
  X(JUMP_UNLESS_LT, -2, ARG_JUMP)                                                                  \
  X(JUMP_UNLESS_LE, -2, ARG_JUMP)                                                                  \
  X(JUMP_UNLESS_EQ, -2, ARG_JUMP)                                                                  \
  X(JUMP_UNLESS_NE, -2, ARG_JUMP)                                                                  \
  X(JUMP_UNLESS_GT, -2, ARG_JUMP)                                                                  \
  X(JUMP_UNLESS_GE, -2, ARG_JUMP)                                                                  \
  X(JUMP_UNLESS_IS, -2, ARG_JUMP)                                                                  \
  X(JUMP_UNLESS_IS_NOT, -2, ARG_JUMP)                                                              \
  /* a b -- : the back edge of a while loop on a comparison: jumps back (ip -= arg, a safe point,  \
   * as LOOP) when a cmp b is true; ORDER CMP */                                                    \
  X(LOOP_IF_LT, -2, ARG_BACK)                                                                      \
  X(LOOP_IF_LE, -2, ARG_BACK)                                                                      \
  X(LOOP_IF_EQ, -2, ARG_BACK)                                                                      \
  X(LOOP_IF_NE, -2, ARG_BACK)                                                                      \
  X(LOOP_IF_GT, -2, ARG_BACK)                                                                      \
  X(LOOP_IF_GE, -2, ARG_BACK)                                                                      \
  X(JUMP_IF_TRUE_OR_POP, VAR, ARG_JUMP)                                                            \
  X(GET_ITER, 0, ARG_NONE)         /* iterable -- iterator */                                      \
  X(FOR_ITER, VAR, ARG_BACK)       /* it -- it next (jumping back) | (falling through) */          \
  X(UNPACK, VAR, ARG_COUNT)        /* seq -- item[n-1] ... item[0] */                              \
  /* seq -- after... [middle] before...; arg: before | after << 12 */                              \
  X(UNPACK_EX, VAR, ARG_COUNT)                                                                     \
  X(DICT_UPDATE, -1, ARG_NONE)     /* dict mapping -- dict: a ** item of a display */              \
  /* dict mapping -- dict: ** in a call; a repeated keyword is an error */                         \
  X(DICT_MERGE, -1, ARG_NONE)                                                                      \
  X(MAP_ADD_KW, -2, ARG_NONE)      /* dict name value -- dict: a keyword next to ** in a call */   \
  X(BUILD_LIST, VAR, ARG_COUNT)    /* n items -- list */                                           \
  X(BUILD_TUPLE, VAR, ARG_COUNT)                                                                   \
  X(BUILD_SET, VAR, ARG_COUNT)                                                                     \
  X(BUILD_MAP, VAR, ARG_COUNT)     /* k1 v1 ... kn vn -- dict */                                   \
  X(LIST_EXTEND, -1, ARG_COUNT)    /* list seq -- list; arg 1: a constant display, 2: f(*seq) */   \
  X(LIST_APPEND, -1, ARG_COUNT)    /* comprehension: list at depth arg gets TOS */                 \
  /* set iterable -- set; arg 1: a constant set display's tuple */                                 \
  X(SET_UPDATE, -1, ARG_COUNT)                                                                     \
  X(LIST_TO_TUPLE, 0, ARG_NONE)    /* list -- tuple */                                             \
  X(SET_ADD, -1, ARG_COUNT)                                                                        \
  X(MAP_ADD, -2, ARG_COUNT)                                                                        \
  X(CALL, VAR, ARG_COUNT)          /* callee args[arg] -- result */                                \
  X(CALL_KW, VAR, ARG_COUNT)       /* callee args[arg] kwnames -- result */                        \
  X(CALL_METHOD, VAR, ARG_COUNT)   /* func self args[arg] -- result */                             \
  X(CALL_APPEND, VAR, ARG_COUNT)   /* CALL_METHOD 1 after LOAD_METHOD_APPEND */                    \
  X(CALL_METHOD_KW, VAR, ARG_COUNT)                                                                \
  X(CALL_EX, VAR, ARG_COUNT)       /* callee argslist [kwargs] -- result; arg 1: with kwargs */    \
  /* mgr -- exit mgr.__enter__(): exit is the bound __exit__ */                                   \
  X(BEFORE_WITH, 1, ARG_NONE)                                                                      \
  /* exit -- (arg 0) or exit v -- v (arg 1): calls exit(None, None, None) */                       \
  X(WITH_EXIT, VAR, ARG_COUNT)                                                                     \
  /* exit exc -- exit exc suppress: calls exit(type(exc), exc, None) */                            \
  X(WITH_EXCEPT, 1, ARG_NONE)                                                                      \
  X(RETURN, -1, ARG_NONE)                                                                          \
  /* value -- sent: suspends the generator; resumed, pushes what send() gave (None for next());  \
   * arg 1: the yield of a yield from */                                                          \
  X(YIELD, 0, ARG_COUNT)                                                                           \
  X(GET_YIELD_FROM_ITER, 0, ARG_NONE) /* iterable -- iterator (a generator is its own) */          \
  /* it v -- it y: it.send(v) (next(it) for None) gave y; or, at its end, -- value and jump */     \
  X(SEND, 0, ARG_JUMP)                                                                             \
  X(MAKE_FUNCTION, 1, ARG_CONST)   /* -- function; arg: const code */                              \
  X(MAKE_FUNCTION_DEFAULTS, 0, ARG_CONST) /* defaults -- function */                               \
  X(BUILD_CLASS, 0, ARG_NAME)      /* body-function base -- class; arg: const name */              \
  X(FORMAT, VAR, ARG_COUNT)        /* value [spec] -- str; arg: conversion | 4 if spec */          \
  X(BUILD_STRING, VAR, ARG_COUNT)  /* n strs -- str */                                             \
  X(IMPORT, 1, ARG_NAME)           /* -- module; arg: const name */                                \
  X(IMPORT_FROM, 1, ARG_NAME)      /* module -- module attr */                                     \
  X(RAISE, VAR, ARG_COUNT)         /* arg 0: re-raise; 1: exc; 2: exc cause */                     \
  X(PUSH_EXC_INFO, 1, ARG_NONE)    /* exc -- prev exc: a handler starts handling exc */        \
  X(SET_EXC_INFO, 0, ARG_COUNT)    /* the handled exception is again the one in slot arg */    \
  X(RERAISE, -1, ARG_NONE)         /* exc -- ; raise it again, traceback kept */                   \
  X(RERAISE_SLOT, 0, ARG_COUNT)    /* re-raise the exception kept at stack depth arg */            \
  X(CHECK_EXC_MATCH, 0, ARG_NONE)  /* exc type -- exc bool */                                      \
  X(LOAD_ASSERTION, 1, ARG_NONE)   /* -- AssertionError */                                         \
  X(PRINT_EXPR, -1, ARG_NONE)      /* REPL: print repr of TOS unless None */
// clang-format on

typedef enum {
#define OP_ENUM(name, effect, kind) OP_##name,
  OPCODES(OP_ENUM)
#undef OP_ENUM
      OP_COUNT
} Opcode;

/* The argument of COMPARE.  ORDER CMP: cmp_symbols in ops.c, cmp_names in debug.c,
 * the JUMP_UNLESS_* and LOOP_IF_* opcodes. */
enum { CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_GT, CMP_GE, CMP_IN, CMP_NOT_IN, CMP_IS, CMP_IS_NOT };

#define OP_CODE(w)       ((Opcode)((w)&0xFF))
#define OP_ARG(w)        ((uint32_t)(w) >> 8)
#define OP_MAKE(op, arg) ((uint32_t)(op) | ((uint32_t)(arg) << 8))
#define OP_ARG_MAX       0xFFFFFF
#define SMALL_BIAS       (1 << 23)
#define K_BIAS           (1 << 19) /* constants of the _K instructions: -2^19 <= k < 2^19 */

extern const char *const opcode_names[OP_COUNT];
extern const int opcode_effects[OP_COUNT];
extern const ArgKind opcode_arg_kinds[OP_COUNT];

#endif
