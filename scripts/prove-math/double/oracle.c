/*
 * glibc oracle for scripts/prove-math/double/run.mjs: reads blocks of doubles from stdin, writes the C
 * library's results to stdout. Inputs arrive at run time, so nothing can be constant-folded (gcc folds
 * exp(constant) with MPFR, which is correctly rounded and not glibc's answer).
 *
 * Protocol, repeated until EOF: uint32 count n, then n doubles; reply n doubles (2n for sincos:
 * sin, cos pairs). Usage: oracle exp|log|log1p|sincos
 * Whether glibc runs its FMA or its SSE2 bodies is chosen by the environment
 * (GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4,-AVX512F selects the non-FMA ones).
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: oracle exp|log|log1p|sincos\n");
    return 2;
  }
  int fn = !strcmp(argv[1], "exp") ? 0 : !strcmp(argv[1], "log") ? 1 : !strcmp(argv[1], "log1p") ? 2
         : !strcmp(argv[1], "sincos") ? 3 : -1;
  if (fn < 0) {
    fprintf(stderr, "unknown function %s\n", argv[1]);
    return 2;
  }
  size_t cap = 0;
  double *in = NULL, *out = NULL;
  uint32_t n;
  while (fread(&n, sizeof n, 1, stdin) == 1) {
    if (n > cap) {
      cap = n;
      in = realloc(in, cap * sizeof *in);
      out = realloc(out, 2 * cap * sizeof *out);
      if (!in || !out) return 3;
    }
    if (fread(in, sizeof *in, n, stdin) != n) return 4;
    size_t m = n;
    switch (fn) {
      case 0: for (size_t i = 0; i < n; i++) out[i] = exp(in[i]); break;
      case 1: for (size_t i = 0; i < n; i++) out[i] = log(in[i]); break;
      case 2: for (size_t i = 0; i < n; i++) out[i] = log1p(in[i]); break;
      case 3: for (size_t i = 0; i < n; i++) sincos(in[i], &out[2 * i], &out[2 * i + 1]); m = 2 * (size_t)n; break;
    }
    if (fwrite(out, sizeof *out, m, stdout) != m) return 5;
    fflush(stdout);
  }
  return 0;
}
