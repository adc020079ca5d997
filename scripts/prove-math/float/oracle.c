/*
 * glibc oracle for the float math proofs (scripts/prove-math/float/run.mjs).
 * Built at run time against the machine's libm; no -ffast-math, -fno-builtin so gcc neither folds nor
 * replaces the calls, and every input comes from a loop counter or stdin, never a constant.
 *
 *   oracle hash FN LO HI BLOCKLOG2   FNV-1a hash of the output words of each block of 2^BLOCKLOG2 input
 *                                    patterns LO, LO+1, ... HI (inclusive); one little-endian uint32 per
 *                                    block on stdout.
 *   oracle eval FN                   reads little-endian uint32 input patterns on stdin, writes the output
 *                                    words on stdout.
 * FN is logf, expf, sinf, cosf or sincosf (two output words per input: sin, then cos). NaN outputs are
 * hashed and written as 0x7fc00000: JavaScript does not promise NaN sign or payload bits.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float value(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static uint32_t canon(uint32_t w) { return (w & 0x7fffffffu) > 0x7f800000u ? 0x7fc00000u : w; }

enum fn { LOGF, EXPF, SINF, COSF, SINCOSF };

static int parse_fn(const char *s) {
  if (!strcmp(s, "logf")) return LOGF;
  if (!strcmp(s, "expf")) return EXPF;
  if (!strcmp(s, "sinf")) return SINF;
  if (!strcmp(s, "cosf")) return COSF;
  if (!strcmp(s, "sincosf")) return SINCOSF;
  fprintf(stderr, "unknown function %s\n", s);
  exit(2);
}

/* Writes the output word(s) for input pattern u; returns how many (1 or 2). */
static int eval(int fn, uint32_t u, uint32_t out[2]) {
  volatile float x = value(u);
  float s, c;
  switch (fn) {
  case LOGF: out[0] = canon(bits(logf(x))); return 1;
  case EXPF: out[0] = canon(bits(expf(x))); return 1;
  case SINF: out[0] = canon(bits(sinf(x))); return 1;
  case COSF: out[0] = canon(bits(cosf(x))); return 1;
  default:
    sincosf(x, &s, &c);
    out[0] = canon(bits(s));
    out[1] = canon(bits(c));
    return 2;
  }
}

int main(int argc, char **argv) {
  if (argc == 6 && !strcmp(argv[1], "hash")) {
    int fn = parse_fn(argv[2]);
    uint64_t lo = strtoull(argv[3], 0, 0), hi = strtoull(argv[4], 0, 0);
    uint64_t block = 1ull << atoi(argv[5]);
    for (uint64_t start = lo; start <= hi; start += block) {
      uint64_t end = start + block - 1 < hi ? start + block - 1 : hi;
      uint32_t h = 0x811c9dc5u, out[2];
      for (uint64_t u = start; u <= end; u++) {
        int n = eval(fn, (uint32_t)u, out);
        for (int j = 0; j < n; j++) h = (h ^ out[j]) * 16777619u;
      }
      fwrite(&h, 4, 1, stdout);
    }
    return fflush(stdout) != 0;
  }
  if (argc == 3 && !strcmp(argv[1], "eval")) {
    int fn = parse_fn(argv[2]);
    uint32_t u, out[2];
    while (fread(&u, 4, 1, stdin) == 1) fwrite(out, 4, eval(fn, u, out), stdout);
    return fflush(stdout) != 0;
  }
  fprintf(stderr, "usage: oracle hash FN LO HI BLOCKLOG2 | oracle eval FN\n");
  return 2;
}
