package io.jmanager.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * SipHash-1-3, the keyed hash CPython gives its dict for str and bytes, over serialized keys and
 * values. The key is drawn at random once per server process, so a client cannot choose keys that
 * collide (hash flooding): lookups stay a few probes whatever the keys. Nothing the server answers
 * depends on a hash, so the key never shows. Written here rather than taken from a library because
 * it must not allocate on every lookup (Guava's SipHash builds a hasher and a result object per
 * call) and it is forty lines. Stateless and thread-safe.
 */
final class SipHash {
  private static final VarHandle LITTLE_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long K0;
  private static final long K1;

  static {
    SecureRandom random = new SecureRandom();
    K0 = random.nextLong();
    K1 = random.nextLong();
  }

  private SipHash() {}

  /** The hash of {@code data} under this process's key, folded to 32 bits. */
  static int hash32(byte[] data) {
    long hash = hash(K0, K1, data);
    return (int) (hash ^ (hash >>> 32));
  }

  /** SipHash-1-3 of {@code data} under the key {@code k0, k1}, as the reference defines it. */
  static long hash(long k0, long k1, byte[] data) {
    long v0 = k0 ^ 0x736f6d6570736575L;
    long v1 = k1 ^ 0x646f72616e646f6dL;
    long v2 = k0 ^ 0x6c7967656e657261L;
    long v3 = k1 ^ 0x7465646279746573L;
    int words = data.length >>> 3;
    // one round per 8-byte word, one for the last word (the tail and the length), then three
    for (int step = 0; step < words + 4; step++) {
      long m = step < words ? word(data, step) : step == words ? last(data, words) : 0;
      if (step == words + 1) {
        v2 ^= 0xff;
      }
      v3 ^= m;
      v0 += v1;
      v1 = Long.rotateLeft(v1, 13) ^ v0;
      v0 = Long.rotateLeft(v0, 32);
      v2 += v3;
      v3 = Long.rotateLeft(v3, 16) ^ v2;
      v0 += v3;
      v3 = Long.rotateLeft(v3, 21) ^ v0;
      v2 += v1;
      v1 = Long.rotateLeft(v1, 17) ^ v2;
      v2 = Long.rotateLeft(v2, 32);
      v0 ^= m;
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }

  private static long word(byte[] data, int index) {
    return (long) LITTLE_ENDIAN_LONGS.get(data, index << 3);
  }

  /** The bytes after the last whole word, little-endian, with the length in the top byte. */
  private static long last(byte[] data, int words) {
    long last = (long) data.length << 56;
    for (int i = words << 3; i < data.length; i++) {
      last |= (data[i] & 0xffL) << ((i & 7) << 3);
    }
    return last;
  }
}
