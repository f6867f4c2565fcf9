/* hash.c: SipHash-1-3 for strings and CPython's numeric and tuple hashes.
 * The facts (constants, rounds, the modulus 2**61 - 1) are CPython's; with
 * PYTHONHASHSEED=0 the SipHash key is all zero. */
#include "base/hash.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

#define SIP_ROUND(v0, v1, v2, v3) \
  do {                            \
    v0 += v1;                     \
    v1 = ROTL(v1, 13);            \
    v1 ^= v0;                     \
    v0 = ROTL(v0, 32);            \
    v2 += v3;                     \
    v3 = ROTL(v3, 16);            \
    v3 ^= v2;                     \
    v0 += v3;                     \
    v3 = ROTL(v3, 21);            \
    v3 ^= v0;                     \
    v2 += v1;                     \
    v1 = ROTL(v1, 17);            \
    v1 ^= v2;                     \
    v2 = ROTL(v2, 32);            \
  } while (0)

static uint64_t siphash13(const unsigned char *p, size_t len) {
  const uint64_t k0 = 0, k1 = 0;
  uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
  uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
  uint64_t b = (uint64_t)len << 56;
  while (len >= 8) {
    uint64_t m = 0;
    for (int i = 7; i >= 0; i--) m = (m << 8) | p[i];
    v3 ^= m;
    SIP_ROUND(v0, v1, v2, v3);
    v0 ^= m;
    p += 8;
    len -= 8;
  }
  uint64_t t = 0;
  for (size_t i = len; i > 0; i--) t = (t << 8) | p[i - 1];
  b |= t;
  v3 ^= b;
  SIP_ROUND(v0, v1, v2, v3);
  v0 ^= b;
  v2 ^= 0xff;
  SIP_ROUND(v0, v1, v2, v3);
  SIP_ROUND(v0, v1, v2, v3);
  SIP_ROUND(v0, v1, v2, v3);
  return v0 ^ v1 ^ v2 ^ v3;
}

static int64_t fix(int64_t h) { return h == -1 ? -2 : h; }

int64_t hash_int(int64_t v) {
  uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  int64_t h = (int64_t)(a % HASH_MODULUS);
  return fix(v < 0 ? -h : h);
}

int64_t hash_double(double d) {
  if (isinf(d)) return d > 0 ? 314159 : -314159;
  if (isnan(d)) return 0;
  int e;
  double m = frexp(d, &e);
  int sign = 1;
  if (m < 0) {
    sign = -1;
    m = -m;
  }
  uint64_t x = 0;
  while (m) {
    x = ((x << 28) & HASH_MODULUS) | x >> (61 - 28);
    m *= 268435456.0;
    e -= 28;
    uint64_t y = (uint64_t)m;
    m -= (double)y;
    x += y;
    if (x >= HASH_MODULUS) x -= HASH_MODULUS;
  }
  e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
  x = ((x << e) & HASH_MODULUS) | x >> (61 - e);
  return fix((int64_t)x * sign);
}

int64_t hash_str(const char *s, int64_t len, bool ascii) {
  if (len == 0) return 0;
  if (ascii) return fix((int64_t)siphash13((const unsigned char *)s, (size_t)len));
  /* Decode to code points; the widest one picks CPython's storage width. */
  uint32_t *cps = malloc((size_t)len * sizeof(uint32_t));
  if (!cps) return 0;
  int64_t n = 0;
  uint32_t maxc = 0;
  const unsigned char *u = (const unsigned char *)s;
  for (int64_t i = 0; i < len;) {
    uint32_t c;
    if (u[i] < 0x80) {
      c = u[i];
      i += 1;
    } else if ((u[i] & 0xE0) == 0xC0 && i + 1 < len) {
      c = ((uint32_t)(u[i] & 0x1F) << 6) | (u[i + 1] & 0x3F);
      i += 2;
    } else if ((u[i] & 0xF0) == 0xE0 && i + 2 < len) {
      c = ((uint32_t)(u[i] & 0x0F) << 12) | ((uint32_t)(u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
      i += 3;
    } else if (i + 3 < len) {
      c = ((uint32_t)(u[i] & 0x07) << 18) | ((uint32_t)(u[i + 1] & 0x3F) << 12) |
          ((uint32_t)(u[i + 2] & 0x3F) << 6) | (u[i + 3] & 0x3F);
      i += 4;
    } else {
      c = u[i];
      i += 1;
    }
    cps[n++] = c;
    if (c > maxc) maxc = c;
  }
  int width = maxc < 0x100 ? 1 : maxc < 0x10000 ? 2 : 4;
  unsigned char *bytes = malloc((size_t)n * (size_t)width);
  if (!bytes) {
    free(cps);
    return 0;
  }
  for (int64_t i = 0; i < n; i++)
    for (int k = 0; k < width; k++) bytes[i * width + k] = (unsigned char)(cps[i] >> (8 * k));
  int64_t h = fix((int64_t)siphash13(bytes, (size_t)(n * width)));
  free(bytes);
  free(cps);
  return h;
}

#define XXPRIME_1 11400714785074694791ULL
#define XXPRIME_2 14029467366897019727ULL
#define XXPRIME_5 2870177450012600261ULL

void hash_tuple_begin(TupleHash *h) {
  h->acc = XXPRIME_5;
  h->n = 0;
}

void hash_tuple_add(TupleHash *h, int64_t item) {
  h->acc += (uint64_t)item * XXPRIME_2;
  h->acc = ROTL(h->acc, 31);
  h->acc *= XXPRIME_1;
  h->n++;
}

int64_t hash_tuple_end(TupleHash *h) {
  uint64_t acc = h->acc + ((uint64_t)h->n ^ (XXPRIME_5 ^ 3527539UL));
  if (acc == (uint64_t)-1) return 1546275796;
  return (int64_t)acc;
}

int64_t hash_pointer(const void *p) {
  uintptr_t y = (uintptr_t)p;
  y = (y >> 4) | (y << (8 * sizeof(void *) - 4));
  return fix((int64_t)y);
}
