package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {
  /** Records each input applied, as a line. */
  private static class Recorder implements Batch.Target {
    final List<String> applied = new ArrayList<>();

    @Override
    public void open(long session, boolean admin, long time) {
      applied.add("open " + session + " " + admin + " @" + time);
    }

    @Override
    public void request(long session, byte[] frame, int offset, int length, long time) {
      applied.add(
          "request "
              + session
              + " "
              + Arrays.toString(Arrays.copyOfRange(frame, offset, offset + length))
              + " @"
              + time);
    }

    @Override
    public void about(Batch.Kind kind, long session, long requestId, long time) {
      applied.add(kind + " " + session + " " + requestId + " @" + time);
    }

    @Override
    public void close(long session, long time) {
      applied.add("close " + session + " @" + time);
    }

    @Override
    public void limits(ManagerState.Limits limits) {
      applied.add(limits.toString());
    }
  }

  @Test
  void everyInput_isAppliedInTheOrderItWasAdded_atTheTimeGiven() {
    Batch batch = new Batch();
    batch.open(7, true);
    batch.request(7, new byte[] {9, 1, 2, 3, 9}, 1, 3);
    batch.about(Batch.Kind.CANCEL, 7, 40);
    batch.about(Batch.Kind.EXPIRE, 8, 41);
    batch.about(Batch.Kind.DELIVERED, 8, 42);
    batch.about(Batch.Kind.UNDELIVERABLE, 8, 43);
    batch.add(Batch.Kind.CLOSE, 7);
    batch.limits(new ManagerState.Limits(1 << 20, 10, 100));
    ByteBuffer entry = ByteBuffer.wrap(batch.take(1234));
    Recorder recorder = new Recorder();

    assertThat(Batch.time(entry)).isEqualTo(1234);
    Batch.apply(entry, 5678, recorder);

    assertThat(recorder.applied)
        .containsExactly(
            "open 7 true @5678",
            "request 7 [1, 2, 3] @5678",
            "CANCEL 7 40 @5678",
            "EXPIRE 8 41 @5678",
            "DELIVERED 8 42 @5678",
            "UNDELIVERABLE 8 43 @5678",
            "close 7 @5678",
            new ManagerState.Limits(1 << 20, 10, 100).toString());
  }

  @Test
  void take_emptiesTheBatch_forTheNextEntry() {
    Batch batch = new Batch();
    batch.open(1, false);
    batch.take(1);

    assertThat(batch.isEmpty()).isTrue();
    batch.add(Batch.Kind.CLOSE, 1);
    Recorder recorder = new Recorder();
    Batch.apply(ByteBuffer.wrap(batch.take(2)), 2, recorder);
    assertThat(recorder.applied).containsExactly("close 1 @2");
  }

  @Test
  void aLargeRequest_growsTheBatch() {
    Batch batch = new Batch();
    byte[] frame = new byte[100_000];
    Arrays.fill(frame, (byte) 5);
    batch.request(3, frame, 0, frame.length);
    List<Integer> lengths = new ArrayList<>();

    Batch.apply(
        ByteBuffer.wrap(batch.take(1)),
        1,
        new Recorder() {
          @Override
          public void request(long session, byte[] bytes, int offset, int length, long time) {
            lengths.add(length);
            assertThat(bytes[offset + length - 1]).isEqualTo((byte) 5);
          }
        });

    assertThat(lengths).containsExactly(100_000);
  }

  @Test
  void aTruncatedEntry_isRefusedWithAClearError() {
    Batch batch = new Batch();
    batch.about(Batch.Kind.CANCEL, 1, 2);
    byte[] entry = batch.take(1);

    assertThatThrownBy(
            () ->
                Batch.apply(
                    ByteBuffer.wrap(Arrays.copyOf(entry, entry.length - 3)), 1, new Recorder()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ends inside an input");
  }

  @Test
  void anUnknownKind_isRefusedWithAClearError() {
    Batch batch = new Batch();
    batch.add(Batch.Kind.CLOSE, 1);
    byte[] entry = batch.take(1);
    entry[12] = 99;

    assertThatThrownBy(() -> Batch.apply(ByteBuffer.wrap(entry), 1, new Recorder()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown input kind 99");
  }
}
