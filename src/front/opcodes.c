/* opcodes.c: the tables generated from the opcode list in opcodes.h. */
#include "front/opcodes.h"

const char *const opcode_names[OP_COUNT] = {
#define OP_NAME(name, effect, kind) #name,
    OPCODES(OP_NAME)
#undef OP_NAME
};

const int opcode_effects[OP_COUNT] = {
#define OP_EFFECT(name, effect, kind) effect,
    OPCODES(OP_EFFECT)
#undef OP_EFFECT
};

const ArgKind opcode_arg_kinds[OP_COUNT] = {
#define OP_KIND(name, effect, kind) kind,
    OPCODES(OP_KIND)
#undef OP_KIND
};
