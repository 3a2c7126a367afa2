package io.jmanager.benchmarks;

import io.jmanager.benchmarks.linearizability.Operation;
import io.jmanager.benchmarks.linearizability.QueueModel;
import io.jmanager.benchmarks.linearizability.RegisterModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The linearizability histories of a soak, built from the clients' journals: the registers (keys of
 * the registers dict and the shared values) and the small queues. A dict key nobody has written
 * reads as null; it enters the history as {@code 0}, the register's initial value, which no client
 * writes. An operation in doubt enters as pending, except a read, which changes nothing and is left
 * out.
 */
final class Histories {
  private Histories() {}

  static List<Operation<RegisterModel.Input, Object>> registers(List<ClientLog> logs) {
    List<Operation<RegisterModel.Input, Object>> history = new ArrayList<>();
    for (ClientLog log : logs) {
      for (Call call : log.calls()) {
        RegisterModel.Input input = registerInput(call);
        if (input == null || (!call.returned() && input.kind() == RegisterModel.Kind.READ)) {
          continue;
        }
        history.add(
            call.returned()
                ? Operation.returned(call.client, input, registerOutput(call), call.call, call.ret)
                : Operation.pending(call.client, input, call.call));
      }
    }
    return history;
  }

  /** The queues' history: the clients' offers and polls, and the runner's final polls. */
  static List<Operation<QueueModel.Input, Object>> queues(
      List<ClientLog> logs, List<Operation<QueueModel.Input, Object>> drains) {
    List<Operation<QueueModel.Input, Object>> history = new ArrayList<>(drains);
    for (ClientLog log : logs) {
      for (Call call : log.calls()) {
        QueueModel.Input input =
            switch (call.op) {
              case "qoffer" -> QueueModel.Input.offer(call.arg(0), Long.parseLong(call.arg(1)));
              case "qpoll" -> QueueModel.Input.poll(call.arg(0));
              default -> null;
            };
        if (input == null) {
          continue;
        }
        Object output =
            !call.returned()
                ? null
                : input.kind() == QueueModel.Kind.OFFER
                    ? Boolean.valueOf(call.result)
                    : call.resultNumber();
        history.add(
            call.returned()
                ? Operation.returned(call.client, input, output, call.call, call.ret)
                : Operation.pending(call.client, input, call.call));
      }
    }
    return history;
  }

  private static RegisterModel.Input registerInput(Call call) {
    return switch (call.op) {
      case "rget", "vget" -> RegisterModel.Input.read(call.arg(0));
      case "vset" -> RegisterModel.Input.write(call.arg(0), Long.parseLong(call.arg(1)));
      case "rput", "vswap" -> RegisterModel.Input.swap(call.arg(0), Long.parseLong(call.arg(1)));
      case "rcas", "vcas" ->
          RegisterModel.Input.cas(
              call.arg(0), Long.parseLong(call.arg(1)), Long.parseLong(call.arg(2)));
      default -> null;
    };
  }

  private static Object registerOutput(Call call) {
    return switch (call.op) {
      case "rcas", "vcas" -> Boolean.valueOf(call.result);
      case "vset" -> null;
      default -> call.resultNumber() == null ? 0L : call.resultNumber();
    };
  }
}
