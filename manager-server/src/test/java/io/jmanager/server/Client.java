package io.jmanager.server;

import io.jmanager.protocol.ErrorCode;
import io.jmanager.protocol.Message;
import io.jmanager.protocol.Op;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A fake client for unit tests: a session over an EmbeddedChannel, with frozen time. */
final class Client {
  private static final AtomicLong IDS = new AtomicLong();

  final EmbeddedChannel channel;
  final Session session;

  private Client(EmbeddedChannel channel, int parkable) {
    this.channel = channel;
    this.channel.freezeTime();
    this.session =
        session(
            channel, new WaiterLimits(parkable, Integer.MAX_VALUE), new IoBudget(Long.MAX_VALUE));
  }

  /** An admin session over {@code channel}, as an authenticated connection has. */
  static Session session(EmbeddedChannel channel, WaiterLimits limits, IoBudget outbound) {
    return session(new ClientLink(channel, outbound), limits);
  }

  /** An admin session whose answers go over {@code link}. */
  static Session session(ClientLink link, WaiterLimits limits) {
    return new Session(IDS.incrementAndGet(), link, link, limits, true);
  }

  /** A call of {@code session} applied now (time 0 of a frozen clock). */
  static Call call(Session session, long requestId, long objectId, Op op, Object... args) {
    return new Call(session, new Message.Request(requestId, objectId, op, list(args)), 0);
  }

  private Client(EmbeddedChannel channel) {
    this(channel, Integer.MAX_VALUE);
  }

  /** A connected client. */
  static Client connected() {
    return new Client(new EmbeddedChannel());
  }

  /** A connected client whose session may park at most {@code calls} calls. */
  static Client parkingAtMost(int calls) {
    return new Client(new EmbeddedChannel(), calls);
  }

  /** A client whose connection fails every write, as a peer that vanished mid-answer. */
  static Client failingWrites() {
    return new Client(
        new EmbeddedChannel(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                promise.setFailure(new IOException("connection reset"));
              }
            }));
  }

  /** Sends a request to an object; the answer, if any, waits in {@link #answer()}. */
  Call send(SharedObject object, Op op, Object... args) {
    return sendAs(IDS.incrementAndGet(), object, op, args);
  }

  /** Sends a request under a chosen id, as a misbehaving client may reuse one. */
  Call sendAs(long requestId, SharedObject object, Op op, Object... args) {
    Call call = call(session, requestId, object.id(), op, args);
    try {
      object.apply(call);
    } catch (OpException e) {
      call.fail(e.code(), e.getMessage());
    }
    return call;
  }

  /** The next answer's value; fails if there is none or it is a failure. */
  Object answer() {
    Message message = channel.readOutbound();
    if (!(message instanceof Message.Reply reply)) {
      throw new AssertionError("expected a reply, got " + message);
    }
    return reply.value();
  }

  /** The next answer's error code; fails if there is none or it is a reply. */
  ErrorCode failure() {
    Message message = channel.readOutbound();
    if (!(message instanceof Message.Failure failure)) {
      throw new AssertionError("expected a failure, got " + message);
    }
    return failure.code();
  }

  /** Whether no answer is waiting. */
  boolean silent() {
    return channel.outboundMessages().isEmpty();
  }

  /** Lets {@code millis} pass and runs what became due. */
  void advance(long millis) {
    channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
  }

  static byte[] value(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(Object bytes) {
    return new String((byte[]) bytes, StandardCharsets.UTF_8);
  }

  static ArrayList<Object> list(Object... items) {
    return new ArrayList<>(Arrays.asList(items));
  }
}
