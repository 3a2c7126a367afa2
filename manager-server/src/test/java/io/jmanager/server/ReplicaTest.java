package io.jmanager.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.Kryo;
import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Frames;
import io.jmanager.protocol.ManagerOp;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.ObjectType;
import io.jmanager.protocol.ProtocolKryo;
import io.jmanager.protocol.QueueOp;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The durable mode's applying of logged inputs, without the log: what a resumed session sees. */
class ReplicaTest {
  private static final ServerConfig CONFIG = ServerConfig.builder().build();

  private final Replica replica =
      new Replica(CONFIG, Session.Timers.NONE, () -> {}, Replica.Listener.NONE);
  private final Kryo kryo = ProtocolKryo.create();
  private final EmbeddedChannel first = new EmbeddedChannel();
  private long time;

  @Test
  void aRequestSentAgain_isAppliedOnce_andItsKeptAnswerIsSentAgain() {
    replica.attach(1, link(first));
    replica.open(1, false, tick());
    long queue = openQueue(1);

    apply(1, new Message.Request(2, queue, QueueOp.OFFER, list(new byte[] {1})));
    apply(1, new Message.Request(2, queue, QueueOp.OFFER, list(new byte[] {1})));
    apply(1, new Message.Request(3, queue, QueueOp.SIZE, list()));

    List<Message.Reply> answers = replies(first);
    assertThat(answers).extracting(Message.Reply::id).containsExactly(1L, 2L, 2L, 3L);
    assertThat(answers.get(1)).isSameAs(answers.get(2));
    assertThat(answers.get(3).value()).isEqualTo(1);
  }

  @Test
  void aResumedSession_getsAgainEveryAnswerNotAcknowledged_inTheOrderSent() {
    replica.attach(1, link(first));
    replica.open(1, false, tick());
    long queue = openQueue(1);
    apply(1, new Message.Request(2, queue, QueueOp.OFFER, list(new byte[] {1})));
    apply(1, new Message.Request(3, queue, QueueOp.OFFER, list(new byte[] {2})));
    replica.about(Batch.Kind.DELIVERED, 1, 2, tick());
    replica.about(Batch.Kind.DELIVERED, 1, 1, tick());

    EmbeddedChannel second = new EmbeddedChannel();
    replica.reattach(1, link(second));

    assertThat(first.isOpen()).isFalse();
    assertThat(replies(second)).extracting(Message.Reply::id).containsExactly(3L);
  }

  @Test
  void whatATakeHandedOut_isTheClientsOnceAcknowledged_andGoesBackIfTheSessionClosesFirst() {
    replica.attach(1, link(first));
    replica.open(1, false, tick());
    replica.open(2, false, tick());
    long queue = openQueue(1);
    apply(1, new Message.Request(2, queue, QueueOp.OFFER, list(new byte[] {1})));
    apply(1, new Message.Request(3, queue, QueueOp.OFFER, list(new byte[] {2})));
    apply(2, new Message.Request(1, queue, QueueOp.POLL, list()));
    apply(2, new Message.Request(2, queue, QueueOp.POLL, list()));
    replica.about(Batch.Kind.DELIVERED, 2, 1, tick());

    replica.close(2, tick());
    apply(1, new Message.Request(4, queue, QueueOp.SIZE, list()));

    List<Message.Reply> answers = replies(first);
    assertThat(answers.get(answers.size() - 1).value()).isEqualTo(1);
  }

  @Test
  void aClientThatAcknowledgesNothing_isRefusedOnceItsSessionKeepsTheMost_andServedOnceItDoes() {
    replica.attach(1, link(first));
    replica.open(1, false, tick());
    long queue = openQueue(1);
    for (long id = 2; id <= Session.MAX_KEPT; id++) {
      apply(1, new Message.Request(id, queue, QueueOp.OFFER, list(new byte[] {1})));
    }
    long refused = Session.MAX_KEPT + 1;

    apply(1, new Message.Request(refused, queue, QueueOp.OFFER, list(new byte[] {2})));
    replica.about(Batch.Kind.DELIVERED, 1, 1, tick());
    apply(1, new Message.Request(refused + 1, queue, QueueOp.SIZE, list()));

    List<Object> sent = new ArrayList<>(first.outboundMessages());
    assertThat(sent.get(sent.size() - 2))
        .isInstanceOfSatisfying(
            Message.Failure.class,
            failure -> {
              assertThat(failure.id()).isEqualTo(refused);
              assertThat(failure.code()).isEqualTo(ErrorCode.BUSY);
            });
    assertThat(sent.get(sent.size() - 1))
        .as("served again, and the refused offer changed nothing")
        .isEqualTo(new Message.Reply(refused + 1, Session.MAX_KEPT - 1));
  }

  private long openQueue(long session) {
    apply(session, new Message.Request(1, 0, ManagerOp.OPEN, list("q", ObjectType.QUEUE, 0)));
    return replica.state().registry().lastId();
  }

  private void apply(long session, Message.Request request) {
    byte[] body = frame(request);
    replica.request(session, body, 0, body.length, tick());
  }

  private byte[] frame(Message message) {
    com.esotericsoftware.kryo.io.Output output = Frames.newOutput();
    int length = Frames.frame(kryo, output, message);
    byte[] body = new byte[length - Integer.BYTES];
    System.arraycopy(output.getBuffer(), Integer.BYTES, body, 0, body.length);
    return body;
  }

  private long tick() {
    return time += 1_000;
  }

  private static ClientLink link(EmbeddedChannel channel) {
    return new ClientLink(channel, new IoBudget(0));
  }

  private static List<Message.Reply> replies(EmbeddedChannel channel) {
    List<Message.Reply> replies = new ArrayList<>();
    for (Object message : channel.outboundMessages()) {
      replies.add((Message.Reply) message);
    }
    return replies;
  }

  private static ArrayList<Object> list(Object... items) {
    return Client.list(items);
  }
}
