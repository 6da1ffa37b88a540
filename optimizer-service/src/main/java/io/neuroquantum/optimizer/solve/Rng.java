package io.neuroquantum.optimizer.solve;

/**
 * xoshiro256++ (Blackman and Vigna), seeded through SplitMix64. Not thread-safe: one per
 * worker. {@link #stream(long, long)} derives independent, reproducible streams
 * (one per restart or replica) from a user seed.
 */
public final class Rng {

    // Package-private so that hot loops can keep the state in registers (see Kernel.IntKernel).
    long s0;
    long s1;
    long s2;
    long s3;

    public Rng(long seed) {
        long x = seed;
        s0 = mix(x += 0x9E3779B97F4A7C15L);
        s1 = mix(x += 0x9E3779B97F4A7C15L);
        s2 = mix(x += 0x9E3779B97F4A7C15L);
        s3 = mix(x + 0x9E3779B97F4A7C15L);
    }

    /** A generator for sub-stream {@code index} of {@code seed}. */
    public static Rng stream(long seed, long index) {
        return new Rng(mix(seed ^ mix(index + 0x632BE59BD9B4E019L)));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long r = Long.rotateLeft(s0 + s3, 23) + s0;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return r;
    }

    /** Uniform in [0, 2^53), the unit of the acceptance thresholds. */
    public long next53() {
        return nextLong() >>> 11;
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Random spins (+1/-1). */
    public void randomSpins(int[] s) {
        for (int i = 0; i < s.length; i++) {
            s[i] = (nextLong() & 1) == 0 ? -1 : 1;
        }
    }
}
