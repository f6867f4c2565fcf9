/* hash.h: CPython 3.11's hash functions (with PYTHONHASHSEED=0), so that
 * hash() and the iteration order of sets agree with CPython's. */
#ifndef LST_HASH_H
#define LST_HASH_H

#include <stdbool.h>
#include <stdint.h>

#define HASH_MODULUS (((uint64_t)1 << 61) - 1)

int64_t hash_int(int64_t v);
int64_t hash_double(double d);
/* UTF-8 text, hashed as CPython hashes the str's fixed-width form. */
int64_t hash_str(const char *utf8, int64_t len, bool ascii);
/* Folds item hashes as CPython's tuple hash does. */
typedef struct {
  uint64_t acc;
  int64_t n;
} TupleHash;
void hash_tuple_begin(TupleHash *h);
void hash_tuple_add(TupleHash *h, int64_t item);
int64_t hash_tuple_end(TupleHash *h);
int64_t hash_pointer(const void *p);

#endif
