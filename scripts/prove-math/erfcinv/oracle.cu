// Oracle for scripts/prove-math/erfcinv/prove.mjs: CUDA's host double erfcinv (from the CUDA math
// headers, compiled for the CPU by nvcc) with the C library's log/log1p/exp/expf, applied the way
// cuRAND's host generators apply it to one 32-bit word (docs/spec/curand-host-semantics.md §4.3).
// Writes binary records to stdout; the JS side recomputes and compares every bit.
//
//   oracle float  FIRST END          zf (float bits) for every word in [FIRST, END)
//   oracle double FIRST END          zd (double bits) for every word in [FIRST, END)
//   oracle random COUNT SEED M S     COUNT records for pseudo-random words (xorshift64*)
//   oracle words  M S < words.u32    one record per little-endian u32 word on stdin
//
// A record is { u32 word; f32 zf; f32 normal; f32 logNormal; f64 zd; f64 logNormalDouble }
// with normal = m + s·zf in float, logNormal = expf(normal), logNormalDouble = exp(m + s·zd).
// Inputs are runtime values, so the compiler cannot constant-fold any libm call.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

static float zf_of(uint32_t x) {
  float sign = -1.4142135f;
  if (x > 0x80000000u) { x = 0xffffffffu - x; sign = -sign; }
  float p = (float)x * 0x1p-32f + 0x1p-33f;
  return sign * (float)erfcinv(2.0 * (double)p);
}

static double zd_of(uint32_t x) {
  double sign = -1.4142135623730951;
  if (x > 0x80000000u) { x = 0xffffffffu - x; sign = -sign; }
  double p = (double)x * 0x1p-32 + 0x1p-33;
  return sign * erfcinv(2.0 * p);
}

struct Record { uint32_t word; float zf, normal, logNormal; double zd, logNormalDouble; };
static_assert(sizeof(Record) == 32, "record layout");

static Record record_of(uint32_t x, float mf, float sf, double m, double s) {
  Record r;
  r.word = x;
  r.zf = zf_of(x);
  r.normal = mf + sf * r.zf;
  r.logNormal = expf(r.normal);
  r.zd = zd_of(x);
  r.logNormalDouble = exp(m + s * r.zd);
  return r;
}

template <typename T> static void emit(T *buf, size_t n) {
  if (fwrite(buf, sizeof(T), n, stdout) != n) exit(3);
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  const char *mode = argv[1];
  if ((!strcmp(mode, "float") || !strcmp(mode, "double")) && argc == 4) {
    uint64_t first = strtoull(argv[2], 0, 0), end = strtoull(argv[3], 0, 0);
    const bool isFloat = !strcmp(mode, "float");
    static float fbuf[1 << 16];
    static double dbuf[1 << 16];
    size_t k = 0;
    for (uint64_t x = first; x < end; x++) {
      if (isFloat) fbuf[k++] = zf_of((uint32_t)x); else dbuf[k++] = zd_of((uint32_t)x);
      if (k == (1 << 16)) { if (isFloat) emit(fbuf, k); else emit(dbuf, k); k = 0; }
    }
    if (isFloat) emit(fbuf, k); else emit(dbuf, k);
    return 0;
  }
  if (!strcmp(mode, "random") && argc == 6) {
    uint64_t count = strtoull(argv[2], 0, 0), state = strtoull(argv[3], 0, 0) | 1;
    double m = strtod(argv[4], 0), s = strtod(argv[5], 0);
    static Record buf[1 << 12];
    size_t k = 0;
    for (uint64_t i = 0; i < count; i++) {
      state ^= state >> 12; state ^= state << 25; state ^= state >> 27;
      buf[k++] = record_of((uint32_t)((state * 0x2545F4914F6CDD1Dull) >> 32), (float)m, (float)s, m, s);
      if (k == (1 << 12)) { emit(buf, k); k = 0; }
    }
    emit(buf, k);
    return 0;
  }
  if (!strcmp(mode, "words") && argc == 4) {
    double m = strtod(argv[2], 0), s = strtod(argv[3], 0);
    uint32_t x;
    while (fread(&x, 4, 1, stdin) == 1) {
      Record r = record_of(x, (float)m, (float)s, m, s);
      emit(&r, 1);
    }
    return 0;
  }
  return 2;
}
