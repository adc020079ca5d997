// The NEON kernels (arm64 only; Advanced SIMD is part of every ARMv8-A CPU, so no detection): the
// portable kernels' shapes — Philox 4 slots per group, MTGP32 4 steps, XORWOW and MRG32k3a 4 threads,
// MT19937 4 words of a row — with the steps GCC's generic vectors leave long written as NEON
// instructions: Philox's 32×32 → 64-bit products as UMULL/UMULL2 split by UZP1/UZP2, uint32 → float
// as one UCVTF (which rounds once, to nearest, as Math.fround), the uniform's scale and offset as one
// fused FMLA (exact: fround(x)·2^-32 is exact, so the fused sum rounds as the reference's), MTGP32's
// 16-entry tables as one TBL over their 64 bytes, and the blocks' transposed store as ST4. The
// draws' loops are the portable build's (kDrawsGeneric). Same bits as kernels_generic.cc.
#include <arm_neon.h>

#include "mt19937_impl.h"
#include "mtgp32_impl.h"
#include "philox_impl.h"
#include "mrg32k3a_impl.h"
#include "xorwow_impl.h"

namespace kernels {
namespace {

struct Neon {
  static constexpr int N = 4;
  using R = uint32x4_t;
  // No slot-order path (philox_impl.h SlotOrderGroup): ST4 writes slot by slot already.
  static constexpr int kSlotOrderSets = 0;

  // Philox's round: the high halves of the products feed x0 and x2, the low halves become x1 and x3.
  static inline void Blocks(uint32_t lo, uint32_t hi, uint32_t t, const uint32_t keys[10][2], R x[4]) {
    static const uint32_t kLanes[4] = {0, 1, 2, 3};
    R x0 = vdupq_n_u32(lo);
    R x1 = vdupq_n_u32(hi);
    R x2 = vaddq_u32(vld1q_u32(kLanes), vdupq_n_u32(t));
    R x3 = vdupq_n_u32(0);
    const R m0 = vdupq_n_u32(kM0);
    const R m1 = vdupq_n_u32(kM1);
    for (int r = 0; r < 10; r++) {
      const R p0lo = vreinterpretq_u32_u64(vmull_u32(vget_low_u32(x0), vget_low_u32(m0)));
      const R p0hi = vreinterpretq_u32_u64(vmull_high_u32(x0, m0));
      const R p1lo = vreinterpretq_u32_u64(vmull_u32(vget_low_u32(x2), vget_low_u32(m1)));
      const R p1hi = vreinterpretq_u32_u64(vmull_high_u32(x2, m1));
      x0 = veorq_u32(veorq_u32(vuzp2q_u32(p1lo, p1hi), x1), vdupq_n_u32(keys[r][0]));
      x1 = vuzp1q_u32(p1lo, p1hi);
      x2 = veorq_u32(veorq_u32(vuzp2q_u32(p0lo, p0hi), x3), vdupq_n_u32(keys[r][1]));
      x3 = vuzp1q_u32(p0lo, p0hi);
    }
    x[0] = x0;
    x[1] = x1;
    x[2] = x2;
    x[3] = x3;
  }

  // float(x) of each uint32 lane, rounded to nearest (as Math.fround; FPCR's default mode).
  static inline R ToFloat(R x) { return vreinterpretq_u32_f32(vcvtq_f32_u32(x)); }

  // uniform (src/distributions/uniform.ts uniformFloat): fround(fround(x)·2^-32 + 2^-33).
  static inline R Uniform(R x) {
    return vreinterpretq_u32_f32(vfmaq_f32(vdupq_n_f32(0x1p-33f), vcvtq_f32_u32(x), vdupq_n_f32(0x1p-32f)));
  }

  // MTGP32's 16-entry tables: 64 bytes, looked up by TBL with the byte indices 4i … 4i + 3 of entry i.
  using Table = uint8x16x4_t;
  static inline Table LoadTable(const uint32_t* t) { return vld1q_u8_x4(reinterpret_cast<const uint8_t*>(t)); }
  static inline R Lookup(const Table& t, R i) {
    const R bytes = vaddq_u32(vmulq_n_u32(i, 0x04040404u), vdupq_n_u32(0x03020100u));
    return vreinterpretq_u32_u8(vqtbl4q_u8(t, vreinterpretq_u8_u32(bytes)));
  }

  // Words base[i[l]] lane by lane (MT19937's rows; NEON has no gather).
  static inline R Gather(const uint32_t* base, R i) {
    R r = vdupq_n_u32(0);
    r = vsetq_lane_u32(base[vgetq_lane_u32(i, 0)], r, 0);
    r = vsetq_lane_u32(base[vgetq_lane_u32(i, 1)], r, 1);
    r = vsetq_lane_u32(base[vgetq_lane_u32(i, 2)], r, 2);
    r = vsetq_lane_u32(base[vgetq_lane_u32(i, 3)], r, 3);
    return r;
  }

  // Writes the 4 blocks (lane b of x[0..3] = block b) block by block, block b at dst + b·stride.
  static inline void Store(const R x[4], unsigned char* dst, size_t stride) {
    const uint32x4x4_t v = {{x[0], x[1], x[2], x[3]}};
    if (stride == 16) {
      vst4q_u32(reinterpret_cast<uint32_t*>(dst), v);
      return;
    }
    vst4q_lane_u32(reinterpret_cast<uint32_t*>(dst), v, 0);
    vst4q_lane_u32(reinterpret_cast<uint32_t*>(dst + stride), v, 1);
    vst4q_lane_u32(reinterpret_cast<uint32_t*>(dst + 2 * stride), v, 2);
    vst4q_lane_u32(reinterpret_cast<uint32_t*>(dst + 3 * stride), v, 3);
  }
};

}  // namespace

void PhiloxRunNeon(const PhiloxParams& params, uint32_t t, uint64_t counter, uint64_t count, unsigned char* dst) {
  Run<Neon>(params, t, counter, count, dst);
}

void ThreadSlotsRunNeon(int generator, const PhiloxParams& params, int words, void* states, uint32_t threads, uint32_t first, uint64_t slots,
                        uint32_t from, uint32_t to, unsigned char* dst) {
  ThreadSlotsRun<Neon, XorwowLanes, Mrg32k3aLanes>(generator, params, words, states, threads, first, slots, from, to, dst);
}

int Mtgp32RunNeon(const PhiloxParams& params, uint32_t* ring, int idx, const uint32_t* set, uint32_t mask, unsigned char* dst, int take) {
  return Mtgp32Run<Neon>(params, ring, idx, set, mask, dst, take);
}

void Mt19937RunNeon(const PhiloxParams& params, uint32_t* states, int32_t* twists, const int32_t* order, uint64_t position, uint64_t n,
                    uint32_t from, uint32_t to, unsigned char* dst) {
  Mt19937Run<Neon>(params, states, twists, order, position, n, from, to, dst);
}

}  // namespace kernels
