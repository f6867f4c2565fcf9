/* debug.c: a readable listing of bytecode: line, offset, opcode, argument
 * and what the argument means (a constant, a name, a jump target). */
#include "shell/debug.h"

#include "base/str.h"
#include "core/repr.h"
#include "front/opcodes.h"
#include "front/parser.h"

static const char *const cmp_names[] = {"<",  "<=", "==",     "!=", ">",
                                        ">=", "in", "not in", "is", "is not"};

static void show_const(VM *vm, Value v, FILE *out) {
  if (IS_CODE(v)) {
    fprintf(out, "<code %s>", AS_CODE(v)->qualname->data);
    return;
  }
  Buf b;
  buf_init(&b);
  Value saved = vm->exc;
  if (repr_value(vm, v, &b))
    fprintf(out, "%.*s", (int)(b.len > 60 ? 60 : b.len), b.data ? b.data : "");
  vm->exc = saved;
  buf_free(&b);
}

void debug_disassemble(VM *vm, Code *code, FILE *out) {
  fprintf(out, "Disassembly of %s:\n", code->qualname->data);
  int last_line = -1;
  for (int i = 0; i < code->ncode; i++) {
    uint32_t w = code->code[i];
    Opcode op = OP_CODE(w);
    uint32_t arg = OP_ARG(w);
    if (code->pos[i].line != last_line) {
      fprintf(out, "%4d ", code->pos[i].line);
      last_line = code->pos[i].line;
    } else {
      fputs("     ", out);
    }
    fprintf(out, "%5d %-22s %u", i, opcode_names[op], arg);
    switch (opcode_arg_kinds[op]) {
    case ARG_NONE:
    case ARG_COUNT: break;
    case ARG_CONST:
    case ARG_NAME:
      if ((int)arg < code->nconsts) {
        fputs(" (", out);
        show_const(vm, code->consts[arg], out);
        fputc(')', out);
      }
      break;
    case ARG_CACHE:
      if ((int)arg < code->ncaches) fprintf(out, " (.%s)", code->caches[arg].name->data);
      break;
    case ARG_SMALL: fprintf(out, " (%lld)", (long long)arg - SMALL_BIAS); break;
    case ARG_LOCAL:
      if ((int)arg < code->nlocals && code->varnames[arg])
        fprintf(out, " (%s)", code->varnames[arg]->data);
      break;
    case ARG_LOCAL2:
      if ((int)(arg & 0xFFF) < code->nlocals && (int)(arg >> 12) < code->nlocals)
        fprintf(out, " (%s, %s)", code->varnames[arg & 0xFFF]->data,
                code->varnames[arg >> 12]->data);
      break;
    case ARG_GLOBAL:
      if ((int)arg < vm->nglobals) fprintf(out, " (%s)", vm->global_names[arg]->data);
      break;
    case ARG_GLOBAL2:
      if ((int)(arg & 0xFFF) < vm->nglobals && (int)(arg >> 12) < vm->nglobals)
        fprintf(out, " (%s, %s)", vm->global_names[arg & 0xFFF]->data,
                vm->global_names[arg >> 12]->data);
      break;
    case ARG_CMP:
      if (arg < 10) fprintf(out, " (%s)", cmp_names[arg]);
      break;
    case ARG_K: fprintf(out, " (%lld)", (long long)arg - K_BIAS); break;
    case ARG_CMP_K:
      if ((arg & 0xF) < 10)
        fprintf(out, " (%s %lld)", cmp_names[arg & 0xF], (long long)(arg >> 4) - K_BIAS);
      break;
    case ARG_JUMP: fprintf(out, " (to %u)", arg); break;
    case ARG_BACK: fprintf(out, " (to %lld)", (long long)i + 1 - (long long)arg); break;
    case ARG_OP:
      if (arg < OP_COUNT) fprintf(out, " (%s)", opcode_names[arg]);
      break;
    }
    fputc('\n', out);
  }
  for (int i = 0; i < code->nhandlers; i++)
    fprintf(out, "  handler: %u to %u -> %u, depth %u\n", code->handlers[i].start,
            code->handlers[i].end, code->handlers[i].target, code->handlers[i].depth);
  for (int i = 0; i < code->nconsts; i++)
    if (IS_CODE(code->consts[i])) {
      fputc('\n', out);
      debug_disassemble(vm, AS_CODE(code->consts[i]), out);
    }
}
