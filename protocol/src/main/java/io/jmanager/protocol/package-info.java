/**
 * What the jmanager server and its clients share on the wire. A connection opens with the {@link
 * io.jmanager.protocol.Handshake} (no Kryo before it), then carries length-prefixed frames of
 * {@link io.jmanager.protocol.Message}s: requests naming an object's id and an {@link
 * io.jmanager.protocol.Op} of its type's enum ({@code DictOp}, {@code QueueOp}, ..., {@code
 * ManagerOp} for the manager itself), and answers, a reply or an {@link
 * io.jmanager.protocol.ErrorCode} with a message. Two Kryo configurations with fixed registration
 * ids read and write them: one for messages, which never sees a user class, and one for the user
 * values clients serialize, whose bytes the server keeps unread. Timeouts, TLS files and the socket
 * transport are here too, since both ends need them alike.
 */
package io.jmanager.protocol;
