/* repr.c: the text of values.  Containers guard against cycles the way
 * CPython's Py_ReprEnter does: a container already being printed further
 * up shows as [...] or {...}. */
#include "core/repr.h"

#include <string.h>

#include "base/str.h"
#include "base/unicode.h"
#include "core/error.h"
#include "core/format.h"
#include "core/ops.h"
#include "core/special.h"

void repr_quoted(const char *s, size_t n, Buf *out) {
  bool has_single = memchr(s, '\'', n) != NULL, has_double = memchr(s, '"', n) != NULL;
  char q = has_single && !has_double ? '"' : '\'';
  buf_addc(out, q);
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if (c == (unsigned char)q || c == '\\') {
        buf_addc(out, '\\');
        buf_addc(out, (char)c);
      } else if (c == '\n')
        buf_adds(out, "\\n");
      else if (c == '\r')
        buf_adds(out, "\\r");
      else if (c == '\t')
        buf_adds(out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        buf_addf(out, "\\x%02x", c);
      else
        buf_addc(out, (char)c);
      i++;
      continue;
    }
    int len;
    uint32_t cp = str_decode(s + i, &len);
    if (i + (size_t)len > n) len = (int)(n - i);
    /* what Python's str.isprintable calls unprintable is escaped: C1
     * controls, white space other than ' ', format characters, surrogates
     * and private use */
    bool hidden = !unicode_is_printable(cp);
    if (hidden && cp <= 0xFF)
      buf_addf(out, "\\x%02x", cp);
    else if (hidden)
      buf_addf(out, "\\u%04x", cp);
    else
      buf_add(out, s + i, (size_t)len);
    i += (size_t)len;
  }
  buf_addc(out, q);
}

static bool enter(VM *vm, Obj *o, bool *seen) {
  *seen = false;
  for (int i = 0; i < vm->nrepr_active; i++)
    if (vm->repr_active[i] == o) {
      *seen = true;
      return true;
    }
  if (vm->nrepr_active >= VM_MAX_NATIVE_DEPTH || vm->native_depth >= VM_MAX_NATIVE_DEPTH)
    return err_raise(vm, vm->b.recursion_error,
                     "maximum recursion depth exceeded while getting the repr of an object");
  vm->repr_active[vm->nrepr_active++] = o;
  return true;
}

static void leave(VM *vm) { vm->nrepr_active--; }

static bool repr_items(VM *vm, const Value *items, int64_t n, Buf *out) {
  for (int64_t i = 0; i < n; i++) {
    if (i) buf_adds(out, ", ");
    if (!repr_value(vm, items[i], out)) return false;
  }
  return true;
}

static bool call_text_method(VM *vm, Value v, Value method, const char *what, Buf *out) {
  Value r;
  if (IS_NONE(method)) return err_raise(vm, vm->b.type_error, "'NoneType' object is not callable");
  if (!special_call(vm, method, v, NULL, 0, &r)) return false;
  if (!IS_STR(r))
    return err_raise(vm, vm->b.type_error, "%s returned non-string (type %s)", what,
                     class_name_of(vm, r));
  buf_add(out, AS_STR(r)->data, (size_t)AS_STR(r)->len);
  return true;
}

static void repr_address(Buf *out, const void *p) {
  buf_addf(out, "0x%012llx", (unsigned long long)(uintptr_t)p);
}

static bool repr_exception(VM *vm, Instance *in, Buf *out) {
  buf_adds(out, in->klass->name->data);
  buf_addc(out, '(');
  if (IS_TUPLE(in->payload)) {
    Tuple *t = AS_TUPLE(in->payload);
    if (!repr_items(vm, t->items, t->len, out)) return false;
  }
  buf_addc(out, ')');
  return true;
}

static bool repr_dict_items(VM *vm, Dict *d, Buf *out) {
  bool first = true;
  for (int64_t i = 0; i < d->nentries; i++) {
    DictEntry e = d->entries[i];
    if (IS_UNDEF(e.key)) continue;
    if (!first) buf_adds(out, ", ");
    first = false;
    if (!repr_value(vm, e.key, out)) return false;
    buf_adds(out, ": ");
    if (!repr_value(vm, e.value, out)) return false;
    if (i >= d->nentries) break;
  }
  return true;
}

void repr_default(VM *vm, Value v, Buf *out) {
  Class *k = class_of(vm, v);
  buf_addf(out, "<%s%s object at ", (k->obj.flags & CLASS_BUILTIN) ? "" : "__main__.",
           k->name->data);
  repr_address(out, AS_OBJ(v));
  buf_addc(out, '>');
}

bool repr_value(VM *vm, Value v, Buf *out) {
  if (IS_SMALL(v)) {
    buf_add_int(out, AS_SMALL(v));
    return true;
  }
  if (v == VAL_NONE) {
    buf_adds(out, "None");
    return true;
  }
  if (v == VAL_TRUE) {
    buf_adds(out, "True");
    return true;
  }
  if (v == VAL_FALSE) {
    buf_adds(out, "False");
    return true;
  }
  if (v == VAL_NOTIMPL) {
    buf_adds(out, "NotImplemented");
    return true;
  }
  if (v == VAL_ELLIPSIS) {
    buf_adds(out, "Ellipsis");
    return true;
  }
  if (!IS_OBJ(v)) {
    buf_adds(out, "<undefined>");
    return true;
  }
  Obj *o = AS_OBJ(v);
  switch ((ObjType)o->type) {
  case OBJ_STR: repr_quoted(((Str *)o)->data, (size_t)((Str *)o)->len, out); return true;
  case OBJ_INT: buf_add_int(out, ((Int *)o)->v); return true;
  case OBJ_FLOAT: format_float_repr(((Float *)o)->v, out); return true;
  case OBJ_LIST: {
    List *l = (List *)o;
    bool seen;
    if (!enter(vm, o, &seen)) return false;
    if (seen) {
      buf_adds(out, "[...]");
      return true;
    }
    buf_addc(out, '[');
    bool ok = true;
    for (int64_t i = 0; ok && i < l->len; i++) {
      if (i) buf_adds(out, ", ");
      ok = repr_value(vm, l->items[i], out);
    }
    leave(vm);
    buf_addc(out, ']');
    return ok;
  }
  case OBJ_TUPLE: {
    Tuple *t = (Tuple *)o;
    bool seen;
    if (!enter(vm, o, &seen)) return false;
    if (seen) {
      buf_adds(out, "(...)");
      return true;
    }
    buf_addc(out, '(');
    bool ok = repr_items(vm, t->items, t->len, out);
    leave(vm);
    if (t->len == 1) buf_addc(out, ',');
    buf_addc(out, ')');
    return ok;
  }
  case OBJ_DICT: {
    bool seen;
    if (!enter(vm, o, &seen)) return false;
    if (seen) {
      buf_adds(out, "{...}");
      return true;
    }
    buf_addc(out, '{');
    bool ok = repr_dict_items(vm, (Dict *)o, out);
    leave(vm);
    buf_addc(out, '}');
    return ok;
  }
  case OBJ_SET: {
    Set *s = (Set *)o;
    if (s->used == 0) {
      buf_adds(out, "set()");
      return true;
    }
    bool seen;
    if (!enter(vm, o, &seen)) return false;
    if (seen) {
      buf_adds(out, "set(...)");
      return true;
    }
    buf_addc(out, '{');
    bool ok = true, first = true;
    for (int64_t i = 0; ok && i <= s->mask; i++) {
      Value k = s->table[i].key;
      if (IS_UNDEF(k)) continue;
      if (!first) buf_adds(out, ", ");
      first = false;
      ok = repr_value(vm, k, out);
    }
    leave(vm);
    buf_addc(out, '}');
    return ok;
  }
  case OBJ_RANGE: {
    Range *r = (Range *)o;
    if (r->step == 1)
      buf_addf(out, "range(%lld, %lld)", (long long)r->start, (long long)r->stop);
    else
      buf_addf(out, "range(%lld, %lld, %lld)", (long long)r->start, (long long)r->stop,
               (long long)r->step);
    return true;
  }
  case OBJ_GENERATOR:
    buf_addf(out, "<generator object %s at ", ((Generator *)o)->fn->code->qualname->data);
    repr_address(out, o);
    buf_addc(out, '>');
    return true;
  case OBJ_FUNCTION:
    buf_addf(out, "<function %s at ", ((Function *)o)->qualname->data);
    repr_address(out, o);
    buf_addc(out, '>');
    return true;
  case OBJ_NATIVE: {
    Native *n = (Native *)o;
    if ((n->obj.flags & NATIVE_SLOT) && !IS_UNDEF(n->self)) {
      buf_addf(out, "<method-wrapper '%s' of %s object at ", n->name, class_name_of(vm, n->self));
      repr_address(out, AS_OBJ(n->self));
      buf_addc(out, '>');
    } else if ((n->obj.flags & NATIVE_SLOT) && n->owner) {
      buf_addf(out, "<slot wrapper '%s' of '%s' objects>", n->name, n->owner->name->data);
    } else if (!IS_UNDEF(n->self)) {
      buf_addf(out, "<built-in method %s of %s object at ", n->name, class_name_of(vm, n->self));
      repr_address(out, AS_OBJ(n->self));
      buf_addc(out, '>');
    } else if (n->owner) {
      buf_addf(out, "<method '%s' of '%s' objects>", n->name, n->owner->name->data);
    } else {
      buf_addf(out, "<built-in function %s>", n->name);
    }
    return true;
  }
  case OBJ_BOUND: {
    Bound *b = (Bound *)o;
    if (IS_NATIVE(b->func)) {
      /* a built-in function bound as a classmethod */
      buf_addf(out, "<built-in method %s of ", AS_NATIVE(b->func)->name);
      if (!repr_value(vm, b->self, out)) return false;
      buf_addc(out, '>');
      return true;
    }
    const char *name = IS_FUNCTION(b->func) ? AS_FUNCTION(b->func)->qualname->data : "?";
    buf_addf(out, "<bound method %s of ", name);
    if (!repr_value(vm, b->self, out)) return false;
    buf_addc(out, '>');
    return true;
  }
  case OBJ_CLASS: {
    Class *k = (Class *)o;
    buf_addf(out, "<class '%s%s'>", (k->obj.flags & CLASS_BUILTIN) ? "" : "__main__.",
             k->name->data);
    return true;
  }
  case OBJ_INSTANCE: {
    Instance *in = (Instance *)o;
    Value m = class_special(vm, in->klass, vm->s_repr);
    if (!IS_UNDEF(m)) return call_text_method(vm, v, m, "__repr__", out);
    if (in->klass->is_exception) return repr_exception(vm, in, out);
    repr_default(vm, v, out);
    return true;
  }
  case OBJ_PROPERTY:
    buf_adds(out, "<property object at ");
    repr_address(out, o);
    buf_addc(out, '>');
    return true;
  case OBJ_STATICMETHOD:
  case OBJ_CLASSMETHOD:
    buf_adds(out, o->type == OBJ_STATICMETHOD ? "<staticmethod(" : "<classmethod(");
    if (!repr_value(vm, ((MethodWrap *)o)->func, out)) return false;
    buf_adds(out, ")>");
    return true;
  case OBJ_SLICE: {
    Slice *sl = (Slice *)o;
    buf_adds(out, "slice(");
    if (!repr_value(vm, sl->start, out)) return false;
    buf_adds(out, ", ");
    if (!repr_value(vm, sl->stop, out)) return false;
    buf_adds(out, ", ");
    if (!repr_value(vm, sl->step, out)) return false;
    buf_addc(out, ')');
    return true;
  }
  case OBJ_MODULE:
    buf_addf(out, "<module '%s' (built-in)>", ((Module *)o)->name->data);
    return true;
  case OBJ_DICTVIEW: {
    DictView *dv = (DictView *)o;
    bool seen;
    buf_addf(out, "%s([", class_name_of(vm, v));
    if (!enter(vm, o, &seen)) return false;
    if (seen) {
      buf_adds(out, "...])");
      return true;
    }
    bool ok = true, first = true;
    Dict *d = dv->dict;
    for (int64_t i = 0; ok && i < d->nentries; i++) {
      DictEntry e = d->entries[i];
      if (IS_UNDEF(e.key)) continue;
      if (!first) buf_adds(out, ", ");
      first = false;
      if (dv->kind == VIEW_KEYS)
        ok = repr_value(vm, e.key, out);
      else if (dv->kind == VIEW_VALUES)
        ok = repr_value(vm, e.value, out);
      else {
        buf_addc(out, '(');
        ok = repr_value(vm, e.key, out);
        buf_adds(out, ", ");
        ok = ok && repr_value(vm, e.value, out);
        buf_addc(out, ')');
      }
    }
    leave(vm);
    buf_adds(out, "])");
    return ok;
  }
  default:
    buf_addf(out, "<%s object at ", class_name_of(vm, v));
    repr_address(out, o);
    buf_addc(out, '>');
    return true;
  }
}

bool repr_str(VM *vm, Value v, Buf *out) {
  if (IS_STR(v)) {
    buf_add(out, AS_STR(v)->data, (size_t)AS_STR(v)->len);
    return true;
  }
  if (IS_INSTANCE(v)) {
    Instance *in = AS_INSTANCE(v);
    Value m = class_special(vm, in->klass, vm->s_str);
    if (!IS_UNDEF(m)) return call_text_method(vm, v, m, "__str__", out);
    if (in->klass->is_exception) {
      if (IS_TUPLE(in->payload)) {
        Tuple *t = AS_TUPLE(in->payload);
        if (t->len == 0) return true;
        if (t->len == 1) {
          /* KeyError shows its key as a repr */
          if (class_is_subclass(in->klass, vm->b.key_error))
            return repr_value(vm, t->items[0], out);
          return repr_str(vm, t->items[0], out);
        }
        return repr_value(vm, in->payload, out);
      }
      return true;
    }
  }
  return repr_value(vm, v, out);
}

Str *repr_of(VM *vm, Value v) {
  Buf b;
  buf_init(&b);
  if (!repr_value(vm, v, &b)) {
    buf_free(&b);
    return NULL;
  }
  return str_from_buf(vm, &b);
}

Str *repr_ascii_of(VM *vm, Value v) {
  Buf b, a;
  buf_init(&b);
  if (!repr_value(vm, v, &b)) {
    buf_free(&b);
    return NULL;
  }
  /* the repr with every code point past ASCII escaped, as ascii() does */
  buf_init(&a);
  for (size_t i = 0; i < b.len;) {
    unsigned char c = (unsigned char)b.data[i];
    if (c < 0x80) {
      buf_addc(&a, (char)c);
      i++;
      continue;
    }
    int n;
    uint32_t cp = str_decode(b.data + i, &n);
    if (cp < 0x100)
      buf_addf(&a, "\\x%02x", (unsigned)cp);
    else if (cp < 0x10000)
      buf_addf(&a, "\\u%04x", (unsigned)cp);
    else
      buf_addf(&a, "\\U%08x", (unsigned)cp);
    i += (size_t)n;
  }
  buf_free(&b);
  return str_from_buf(vm, &a);
}

Str *repr_str_of(VM *vm, Value v) {
  if (IS_STR(v)) return AS_STR(v);
  Buf b;
  buf_init(&b);
  if (!repr_str(vm, v, &b)) {
    buf_free(&b);
    return NULL;
  }
  return str_from_buf(vm, &b);
}
