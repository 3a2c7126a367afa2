package io.jmanager.server;

import java.util.Arrays;

/**
 * A serialized value as a key: equal when the bytes are equal, as Hazelcast compares keys. Hashed
 * with {@link SipHash}, so a client cannot fill a hash set's bucket with values of its choosing.
 */
final class Bytes {
  private final byte[] data;
  private final int hash;

  Bytes(byte[] data) {
    this.data = data;
    this.hash = SipHash.hash32(data);
  }

  /** The bytes; callers must not change them. */
  byte[] data() {
    return data;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bytes bytes && hash == bytes.hash && Arrays.equals(data, bytes.data);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return data.length + " bytes";
  }
}
