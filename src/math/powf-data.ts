/**
 * glibc 2.36's powf data (sysdeps/ieee754/flt-32/e_powf_log2_data.c and e_exp2f_data.c, from ARM
 * optimized-routines math/powf_log2_data.c and math/exp2f_data.c), as x86-64 builds them
 * (POWF_SCALE_BITS = 0: nothing scaled; no TOINT_INTRINSICS). Coefficient tables as data, each
 * value the exact double the C hex float denotes.
 */

/**
 * log2(x) = k + log2(c) + log1p(z/c − 1)/ln2 for x = 2^k·z, z in [OFF, 2·OFF): per subinterval
 * (the top 4 mantissa bits of z − OFF) 1/c and log2(c), interleaved [invc0, logc0, invc1, …].
 */
export const POWF_LOG2_TABLE = new Float64Array([
  1.398907162146528, -0.48430022186289673,
  1.3403141896637998, -0.42257122959194704,
  1.286432210124115, -0.3633754347673556,
  1.2367150214269895, -0.30651309567405577,
  1.1906977166711752, -0.25180720160537634,
  1.1479821020556429, -0.19910014943794563,
  1.1082251448272158, -0.14825100623281615,
  1.0711297413057381, -0.09913323807318392,
  1.036437278977283, -0.051632812977629436,
  1, 0,
  0.9492859795739057, 0.07508531937943004,
  0.8951049428609004, 0.15987125980713107,
  0.8476821620351103, 0.2384046664317681,
  0.8050314851692001, 0.31288288605863257,
  0.7664671008843108, 0.38370422656453185,
  0.731428603316328, 0.451211048935815,
]);

/** The log1p(r)/ln2 polynomial's coefficients, highest degree first (A[0] … A[4]). */
export const POWF_A0 = 0.288457581109214;
export const POWF_A1 = -0.36092606229713164;
export const POWF_A2 = 0.480898481472577;
export const POWF_A3 = -0.7213474675006291;
export const POWF_A4 = 1.4426950408774342;

/** OFF: z's range starts at asfloat(0x3f330000). */
export const POWF_OFF = 0x3f330000;

/** exp2f's polynomial for 2^r, r in [−1/64, 1/64] (exp2f_data.poly, unscaled): C0·r³ + C1·r² + C2·r + 1. */
export const EXP2F_C0 = 0.05550361559341535;
export const EXP2F_C1 = 0.2402284522445722;
export const EXP2F_C2 = 0.6931471806916203;

/** exp2f_data.shift_scaled, 1.5·2^52 / 32 = 1.5·2^47: adding it rounds x to a multiple of 1/32. */
export const EXP2F_SHIFT = 211106232532992;

/** Where powf leaves the common path: |y·log2 x| ≥ 126; above 0x1.fffffffd1d571p+6 (just below 128) it overflows. */
export const POWF_SPECIAL = 126;
export const POWF_OVERFLOW = 127.99999995700433;
