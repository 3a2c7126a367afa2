package io.jmanager.server;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Output;
import io.jmanager.protocol.BoundedInput;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.IdsOnlyClassResolver;

/**
 * Reads and writes the built-in number types in the encoding clients use for values, for the few
 * ops that compute on the server. Its Kryo knows only Kryo's fixed built-in ids, so a user class is
 * refused before anything is instantiated. Not thread-safe: one per shared object, used under its
 * lock.
 */
final class Numbers {
  private final Kryo kryo = new Kryo(new IdsOnlyClassResolver(), null);

  Numbers() {
    kryo.setRegistrationRequired(true);
  }

  /** Returns {@code current + delta} in the type of {@code current}, serialized. */
  byte[] add(byte[] current, byte[] delta) {
    Number base = read(current);
    Number step = read(delta);
    Number sum = sum(base, step);
    Output output = new Output(16, -1);
    kryo.writeClassAndObject(output, sum);
    return output.toBytes();
  }

  private static Number sum(Number base, Number step) {
    if (base instanceof Integer i) {
      return i + step.intValue();
    } else if (base instanceof Long l) {
      return l + step.longValue();
    } else if (base instanceof Double d) {
      return d + step.doubleValue();
    } else if (base instanceof Float f) {
      return f + step.floatValue();
    } else if (base instanceof Short s) {
      return (short) (s + step.shortValue());
    } else if (base instanceof Byte b) {
      return (byte) (b + step.byteValue());
    }
    throw notANumber();
  }

  private Number read(byte[] bytes) {
    try {
      Object value = kryo.readClassAndObject(new BoundedInput(bytes));
      if (value instanceof Number number) {
        return number;
      }
    } catch (KryoException | IllegalArgumentException e) {
      throw notANumber();
    }
    throw notANumber();
  }

  private static OpException notANumber() {
    return new OpException(
        ErrorCode.ILLEGAL_ARGUMENT,
        "addAndGet works on Integer, Long, Short, Byte, Double and Float values only");
  }
}
