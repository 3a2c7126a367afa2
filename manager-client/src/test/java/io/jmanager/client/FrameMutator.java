package io.jmanager.client;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutates protocol frames as a fuzzer would: flipped and replaced bytes, insertions, deletions,
 * huge varints, class names, deep nesting, truncation, other message kinds, bad lengths. A mutated
 * request keeps its request and object ids and its frame boundary, and a garbage frame never starts
 * as a request, so fuzzed traffic can touch no object but the ones it was built for.
 */
final class FrameMutator {
  /** Kryo's varint of the Request class id (20 + 2). */
  private static final byte REQUEST = 0x16;

  private static final byte[] INTERESTING = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, 0x0c, 0x0d, 3};
  private static final List<String> GADGETS =
      List.of(
          "io.jmanager.client.Gadget",
          "org.apache.commons.collections.functors.InvokerTransformer",
          "java.net.URL");

  private final Random random;

  FrameMutator(Random random) {
    this.random = random;
  }

  /** {@code frame} (length prefix included) with its body mutated one to four times. */
  byte[] mutate(byte[] frame) {
    byte[] body = Arrays.copyOfRange(frame, Integer.BYTES, frame.length);
    int fixed = body[0] == REQUEST ? idsEnd(body) : 1;
    for (int i = random.nextInt(4); i >= 0; i--) {
      body = mutateOnce(body, fixed);
    }
    return RawClient.frame(body);
  }

  /** A frame of random bytes, or of a class named by a hostile payload; never a request. */
  byte[] garbage() {
    byte[] body = new byte[1 + random.nextInt(24)];
    random.nextBytes(body);
    if (random.nextBoolean()) {
      body = concat(new byte[] {0x17, 1}, className());
    }
    if (body[0] == REQUEST) {
      body[0] = 0x7f;
    }
    return RawClient.frame(body);
  }

  /** A length prefix the server must refuse or wait on: negative, huge, zero or too long. */
  byte[] badLength(byte[] frame) {
    int length =
        switch (random.nextInt(4)) {
          case 0 -> -1 - random.nextInt(Integer.MAX_VALUE);
          case 1 -> Integer.MAX_VALUE - random.nextInt(1 << 20);
          case 2 -> 0;
          default -> frame.length - Integer.BYTES + 1 + random.nextInt(64);
        };
    byte[] mutated = frame.clone();
    ByteBuffer.wrap(mutated).putInt(length);
    return mutated;
  }

  /** Any change at all, boundaries included; for connections that have not authenticated. */
  byte[] anything(byte[] bytes) {
    byte[] mutated = bytes.clone();
    for (int i = random.nextInt(4); i >= 0; i--) {
      mutated = mutateOnce(mutated, 0);
    }
    return mutated;
  }

  private byte[] mutateOnce(byte[] body, int fixed) {
    int at = fixed + random.nextInt(Math.max(1, body.length - fixed + 1));
    return switch (random.nextInt(11)) {
      case 0 -> set(body, at, (byte) (byteAt(body, at) ^ (1 << random.nextInt(8))));
      case 1 -> set(body, at, (byte) random.nextInt(256));
      case 2 -> set(body, at, INTERESTING[random.nextInt(INTERESTING.length)]);
      case 3 -> insert(body, at, randomBytes(1 + random.nextInt(8)));
      case 4 -> delete(body, at, random.nextInt(8));
      case 5 -> insert(body, at, Arrays.copyOfRange(body, at, Math.min(body.length, at + 16)));
      case 6 -> insert(body, at, new byte[] {-1, -1, -1, -1, 7});
      case 7 -> insert(body, at, className());
      case 8 -> insert(body, at, nesting(20 + random.nextInt(200)));
      case 9 -> Arrays.copyOf(body, Math.max(fixed, at));
      default -> fixed > 0 ? set(body, 0, (byte) (0x17 + random.nextInt(4))) : body;
    };
  }

  /** Where a request body's class id, request id and object id end. */
  private static int idsEnd(byte[] body) {
    int at = 1;
    for (int varints = 0; varints < 2 && at < body.length; at++) {
      if ((body[at] & 0x80) == 0) {
        varints++;
      }
    }
    return at;
  }

  private byte[] className() {
    byte[] name = GADGETS.get(random.nextInt(GADGETS.size())).getBytes(StandardCharsets.US_ASCII);
    name[name.length - 1] |= (byte) 0x80; // Kryo's ASCII string ends with the high bit set
    return concat(new byte[] {1, 0}, name);
  }

  private static byte[] nesting(int depth) {
    byte[] lists = new byte[depth * 2 + 1];
    for (int i = 0; i < depth; i++) {
      lists[2 * i] = 0x0d;
      lists[2 * i + 1] = 1;
    }
    return lists;
  }

  private byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte byteAt(byte[] bytes, int at) {
    return at < bytes.length ? bytes[at] : 0;
  }

  private static byte[] set(byte[] bytes, int at, byte value) {
    if (at >= bytes.length) {
      return concat(bytes, new byte[] {value});
    }
    byte[] copy = bytes.clone();
    copy[at] = value;
    return copy;
  }

  private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
    int split = Math.min(at, bytes.length);
    return concat(
        Arrays.copyOf(bytes, split), inserted, Arrays.copyOfRange(bytes, split, bytes.length));
  }

  private static byte[] delete(byte[] bytes, int at, int count) {
    int from = Math.min(at, bytes.length);
    int to = Math.min(bytes.length, from + count);
    return concat(Arrays.copyOf(bytes, from), Arrays.copyOfRange(bytes, to, bytes.length));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
