package dev.philjs.benchmarks;

/**
 * A bit-exact Java port of js-reactivity-benchmark's {@code pseudoRandom(seed)}: the
 * 32-bit state of an sfc32 generator (PractRand's "small fast counter") seeded with four
 * outputs of the xmur3a string hash (MurmurHash3 mixing), all on unsigned 32-bit
 * arithmetic, which Java's wrapping {@code int} operations reproduce. Not thread-safe.
 *
 * @since 0.1.0
 */
public final class PseudoRandom {

	private static final double TWO_TO_32 = 4294967296.0;

	private int a;

	private int b;

	private int c;

	private int d;

	private PseudoRandom(int a, int b, int c, int d) {
		this.a = a;
		this.b = b;
		this.c = c;
		this.d = d;
	}

	/**
	 * Creates the generator the JavaScript harness gets from {@code pseudoRandom(seed)}.
	 * @param seed the seed string ({@code "seed"} in the harness)
	 * @return a new generator
	 */
	public static PseudoRandom seeded(String seed) {
		// xmur3a: hash the string, then derive one 32-bit word per call
		int h = 0x811C9DC5;
		for (int i = 0; i < seed.length(); i++) {
			int k = seed.charAt(i) * 0xCC9E2D51;
			k = Integer.rotateLeft(k, 15);
			h ^= k * 0x1B873593;
			h = Integer.rotateLeft(h, 13);
			h = h * 5 + 0xE6546B64;
		}
		h ^= seed.length();
		int[] words = new int[4];
		for (int i = 0; i < 4; i++) {
			h ^= h >>> 16;
			h *= 0x85EBCA6B;
			h ^= h >>> 13;
			h *= 0xC2B2AE35;
			h ^= h >>> 16;
			words[i] = h;
		}
		return new PseudoRandom(words[0], words[1], words[2], words[3]);
	}

	/**
	 * Returns the next number, uniform in [0, 1), with the 32-bit resolution of the
	 * original.
	 * @return the next number
	 */
	public double next() {
		int t = this.a + this.b;
		this.a = this.b ^ (this.b >>> 9);
		this.b = this.c + (this.c << 3);
		this.c = Integer.rotateLeft(this.c, 21);
		this.d = this.d + 1;
		t = t + this.d;
		this.c = this.c + t;
		return Integer.toUnsignedLong(t) / TWO_TO_32;
	}

}
