/** A deterministic pseudo-random source in [0, 1), so a failing randomised test replays. */
export function random(seed: number): () => number {
  let x = seed >>> 0
  return () => {
    // xorshift32: integer-exact in 32 bits, never stuck (x never becomes 0 from a non-zero seed).
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return x / 4_294_967_296
  }
}
