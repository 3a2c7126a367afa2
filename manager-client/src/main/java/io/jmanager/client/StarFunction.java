package io.jmanager.client;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A function of two, three or four arguments applied to an argument list, made by {@link
 * Pool#star}. A pool never serializes this wrapper: it sends the function itself, as a task of kind
 * {@link TaskCodec.Kind#SPREAD}, checks each list's size before sending, and the worker spreads
 * each list over the function's parameters ({@link #spread}).
 */
record StarFunction<R>(Object function, int arity)
    implements SerializableFunction<List<Object>, R> {
  @Override
  public R apply(List<Object> arguments) {
    return spread(function, arguments);
  }

  /**
   * Throws {@link IllegalArgumentException} unless {@code arguments} is a list of {@link #arity}.
   */
  void check(Object arguments) {
    if (!(arguments instanceof List<?> list) || list.size() != arity) {
      throw new IllegalArgumentException(
          "a function of " + arity + " arguments was given " + arguments);
    }
  }

  /**
   * Applies a function of two, three or four arguments to the items of {@code arguments}, or any
   * other function to the list itself.
   */
  @SuppressWarnings("unchecked")
  static <R> R spread(Object function, List<Object> arguments) {
    if (function instanceof BiFunction<?, ?, ?> f) {
      return ((BiFunction<Object, Object, R>) f).apply(arguments.get(0), arguments.get(1));
    }
    if (function instanceof SerializableFunction3<?, ?, ?, ?> f) {
      return ((SerializableFunction3<Object, Object, Object, R>) f)
          .apply(arguments.get(0), arguments.get(1), arguments.get(2));
    }
    if (function instanceof SerializableFunction4<?, ?, ?, ?, ?> f) {
      return ((SerializableFunction4<Object, Object, Object, Object, R>) f)
          .apply(arguments.get(0), arguments.get(1), arguments.get(2), arguments.get(3));
    }
    if (function instanceof Function<?, ?> f) {
      return ((Function<List<Object>, R>) f).apply(arguments);
    }
    throw new IllegalArgumentException(
        "a starmap task needs a function of its argument list, not a " + function.getClass());
  }
}
