/* opcodes.h: the instruction set, as one X-macro list.
 *
 * An instruction is one 32-bit word: the opcode in the low 8 bits and an
 * unsigned argument in the upper 24 (OP_ARG).  Each entry gives the name
 * and the net stack effect when it is fixed (VAR where it depends on the
 * argument; the compiler computes those itself).  This list generates the
 * opcode enum, the dispatch table and the disassembler's names.
 */
#ifndef LST_OPCODES_H
#define LST_OPCODES_H

#include <stdint.h>

#define VAR 99

#define OPCODES(X) \
  X(NOP, 0)               /* */ \
  X(POP, -1)              /* x -- */ \
  X(DUP, 1)               /* x -- x x */ \
  X(DUP2, 2)              /* x y -- x y x y */ \
  X(ROT2, 0)              /* x y -- y x */ \
  X(ROT3, 0)              /* x y z -- z x y */ \
  X(ROT4, 0)              /* w x y z -- z w x y */ \
  X(LOAD_CONST, 1)        /* -- consts[arg] */ \
  X(LOAD_SMALL, 1)        /* -- int(arg - 2^23) */ \
  X(LOAD_NONE, 1) \
  X(LOAD_TRUE, 1) \
  X(LOAD_FALSE, 1) \
  X(LOAD_LOCAL, 1)        /* -- slots[arg] */ \
  X(LOAD_LOCAL2, 2)       /* -- slots[arg & 0xFFF] slots[arg >> 12]: two loads fused */ \
  X(STORE_LOCAL, -1) \
  X(DELETE_LOCAL, 0) \
  X(LOAD_CELL, 1)         /* -- slots[arg]->v, the slot holding a Cell */ \
  X(STORE_CELL, -1) \
  X(DELETE_CELL, 0) \
  X(LOAD_FREE, 1)         /* -- fn->free[arg]->v */ \
  X(STORE_FREE, -1) \
  X(DELETE_FREE, 0) \
  X(LOAD_GLOBAL, 1)       /* -- globals[arg] */ \
  X(STORE_GLOBAL, -1) \
  X(DELETE_GLOBAL, 0) \
  X(LOAD_NAME, 1)         /* class body: namespace, then globals; arg: const name */ \
  X(STORE_NAME, -1) \
  X(DELETE_NAME, 0) \
  X(LOAD_ATTR, 0)         /* obj -- obj.name */ \
  X(STORE_ATTR, -2)       /* value obj -- */ \
  X(DELETE_ATTR, -1) \
  X(LOAD_METHOD, 1)       /* obj -- func self | callable UNDEF */ \
  X(LOAD_SUPER_METHOD, 2) /* -- func self, from the defining class's base */ \
  X(SUBSCR, -1)           /* obj key -- obj[key] */ \
  X(STORE_SUBSCR, -3)     /* value obj key -- */ \
  X(DELETE_SUBSCR, -2) \
  X(SLICE, -3)            /* obj lo hi step -- obj[lo:hi:step] */ \
  X(STORE_SLICE, -5)      /* value obj lo hi step -- */ \
  X(DELETE_SLICE, -4) \
  X(ADD, -1) X(SUB, -1) X(MUL, -1) X(DIV, -1) X(FLOORDIV, -1) X(MOD, -1) X(POW, -1) \
  X(LSHIFT, -1) X(RSHIFT, -1) X(AND, -1) X(OR, -1) X(XOR, -1) \
  X(INPLACE_ADD, -1) X(INPLACE_MUL, -1)  /* lists extend / repeat in place */ \
  X(NEG, 0) X(POS, 0) X(INVERT, 0) X(NOT, 0) \
  /* x op k for a small int constant k: arg = k + K_BIAS */ \
  X(ADD_K, 0) X(SUB_K, 0) X(MUL_K, 0) X(MOD_K, 0) X(FLOORDIV_K, 0) \
  X(COMPARE_K, 0)         /* x -- x cmp k; arg: CMP_* | (k + K_BIAS) << 4 */ \
  X(COMPARE, -1)          /* a b -- result; arg: CMP_* */ \
  X(JUMP, 0)              /* ip = arg */ \
  X(LOOP, 0)              /* ip = arg, backwards: a collection safe point */ \
  X(JUMP_IF_FALSE, -1)    /* pops the condition */ \
  X(JUMP_IF_TRUE, -1) \
  X(JUMP_IF_FALSE_OR_POP, VAR) /* keeps it when jumping */ \
  X(JUMP_IF_TRUE_OR_POP, VAR) \
  X(GET_ITER, 0)          /* iterable -- iterator */ \
  X(FOR_ITER, 1)          /* it -- it next | (jump, it popped) */ \
  X(UNPACK, VAR)          /* seq -- item[n-1] ... item[0] */ \
  X(UNPACK_EX, VAR)       /* seq -- after... [middle] before...; arg: before | after << 12 */ \
  X(DICT_UPDATE, -1)      /* dict mapping -- dict: a ** item of a display */ \
  X(DICT_MERGE, -1)       /* dict mapping -- dict: ** in a call; a repeated keyword is an error */ \
  X(MAP_ADD_KW, -2)       /* dict name value -- dict: a keyword next to ** in a call */ \
  X(BUILD_LIST, VAR)      /* n items -- list */ \
  X(BUILD_TUPLE, VAR) \
  X(BUILD_SET, VAR) \
  X(BUILD_MAP, VAR)       /* k1 v1 ... kn vn -- dict */ \
  X(LIST_EXTEND, -1)      /* list seq -- list; a constant list display */ \
  X(LIST_APPEND, -1)      /* comprehension: list at depth arg gets TOS */ \
  X(SET_UPDATE, -1)       /* set iterable -- set; arg 1: a constant set display's tuple */ \
  X(LIST_TO_TUPLE, 0)     /* list -- tuple */ \
  X(SET_ADD, -1) \
  X(MAP_ADD, -2) \
  X(CALL, VAR)            /* callee args[arg] -- result */ \
  X(CALL_KW, VAR)         /* callee args[arg] kwnames -- result */ \
  X(CALL_METHOD, VAR)     /* func self args[arg] -- result */ \
  X(CALL_METHOD_KW, VAR) \
  X(CALL_EX, VAR)         /* callee argslist [kwargs] -- result; arg 1: with kwargs */ \
  X(RETURN, -1) \
  X(YIELD, 0)             /* value -- None: suspends the generator, resumes with None */ \
  X(MAKE_FUNCTION, 1)     /* -- function; arg: const code */ \
  X(MAKE_FUNCTION_DEFAULTS, 0) /* defaults -- function */ \
  X(BUILD_CLASS, 0)       /* body-function base -- class; arg: const name */ \
  X(FORMAT, VAR)          /* value [spec] -- str; arg: conversion | 4 if spec */ \
  X(BUILD_STRING, VAR)    /* n strs -- str */ \
  X(IMPORT, 1)            /* -- module; arg: const name */ \
  X(IMPORT_FROM, 1)       /* module -- module attr */ \
  X(RAISE, VAR)           /* arg 0: re-raise; 1: exc; 2: exc cause */ \
  X(RERAISE, -1)          /* exc -- ; raise it again, traceback kept */ \
  X(RERAISE_SLOT, 0)      /* re-raise the exception kept at stack depth arg */ \
  X(CHECK_EXC_MATCH, 0)   /* exc type -- exc bool */ \
  X(LOAD_ASSERTION, 1)    /* -- AssertionError */ \
  X(PRINT_EXPR, -1)       /* REPL: print repr of TOS unless None */

typedef enum {
#define OP_ENUM(name, effect) OP_##name,
  OPCODES(OP_ENUM)
#undef OP_ENUM
  OP_COUNT
} Opcode;

/* The argument of COMPARE.  ORDER CMP: cmp_symbols in ops.c, cmp_names in debug.c. */
enum { CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_GT, CMP_GE, CMP_IN, CMP_NOT_IN, CMP_IS, CMP_IS_NOT };

#define OP_CODE(w) ((Opcode)((w) & 0xFF))
#define OP_ARG(w) ((uint32_t)(w) >> 8)
#define OP_MAKE(op, arg) ((uint32_t)(op) | ((uint32_t)(arg) << 8))
#define OP_ARG_MAX 0xFFFFFF
#define SMALL_BIAS (1 << 23)
#define K_BIAS (1 << 19)   /* constants of the _K instructions: -2^19 <= k < 2^19 */

extern const char *const opcode_names[OP_COUNT];
extern const int opcode_effects[OP_COUNT];

#endif
