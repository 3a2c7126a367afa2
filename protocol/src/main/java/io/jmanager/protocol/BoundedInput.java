package io.jmanager.protocol;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * A Kryo input over a byte array that checks every length it is asked to allocate for against the
 * bytes left. Each char, array element or collection item takes at least one byte, so a longer
 * length is a lie, refused as a {@link KryoException} before Kryo allocates up to 16 GB for it. Use
 * it for every decode of bytes that came from another process.
 */
public final class BoundedInput extends Input {
  /** Reads {@code bytes}, all of them. */
  public BoundedInput(byte[] bytes) {
    super(bytes);
  }

  /** Throws {@link KryoException} unless {@code count} items can fit in the bytes left. */
  public static void checkCount(Input input, int count) {
    int left = input.limit() - input.position();
    if (count < 0 || count > left) {
      throw new KryoException("a length of " + count + " exceeds the " + left + " bytes left");
    }
  }

  @Override
  public String readString() {
    checkStringLength();
    return super.readString();
  }

  @Override
  public StringBuilder readStringBuilder() {
    checkStringLength();
    return super.readStringBuilder();
  }

  /**
   * Kryo allocates a UTF-8 string's chars from its prefix, chars + 1 (0 is null); an ASCII string
   * has no prefix and is read byte by byte.
   */
  private void checkStringLength() {
    int start = position();
    if (readVarIntFlag()) {
      int charsPlusOne = readVarIntFlag(true);
      if (charsPlusOne != 0) {
        checkCount(this, charsPlusOne - 1);
      }
    }
    setPosition(start);
  }

  @Override
  public byte[] readBytes(int length) {
    checkCount(this, length);
    return super.readBytes(length);
  }

  @Override
  public int[] readInts(int length) {
    checkCount(this, length);
    return super.readInts(length);
  }

  @Override
  public int[] readInts(int length, boolean optimizePositive) {
    checkCount(this, length);
    return super.readInts(length, optimizePositive);
  }

  @Override
  public long[] readLongs(int length) {
    checkCount(this, length);
    return super.readLongs(length);
  }

  @Override
  public long[] readLongs(int length, boolean optimizePositive) {
    checkCount(this, length);
    return super.readLongs(length, optimizePositive);
  }

  @Override
  public float[] readFloats(int length) {
    checkCount(this, length);
    return super.readFloats(length);
  }

  @Override
  public double[] readDoubles(int length) {
    checkCount(this, length);
    return super.readDoubles(length);
  }

  @Override
  public short[] readShorts(int length) {
    checkCount(this, length);
    return super.readShorts(length);
  }

  @Override
  public char[] readChars(int length) {
    checkCount(this, length);
    return super.readChars(length);
  }

  @Override
  public boolean[] readBooleans(int length) {
    checkCount(this, length);
    return super.readBooleans(length);
  }
}
