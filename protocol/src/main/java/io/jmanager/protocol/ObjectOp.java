package io.jmanager.protocol;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Operations on a user-registered object, Python's {@code register()}: an instance of a class the
 * server's operator installed, called only through the methods of its registered interface.
 */
public enum ObjectOp implements Op {
  /**
   * [String method, ArrayList arguments] : result bytes, or null; the method is named as {@code
   * name(fully.qualified.ParamType,...)} and the arguments are value bytes or null. A method that
   * throws is answered with REMOTE_EXCEPTION, whose message names the exception's class.
   */
  CALL;

  @Override
  public ObjectType type() {
    return ObjectType.OBJECT;
  }

  /** A method as CALL names it: its name and its parameter types' names. */
  public static String signature(Method method) {
    return method.getName()
        + Arrays.stream(method.getParameterTypes())
            .map(Class::getName)
            .collect(Collectors.joining(",", "(", ")"));
  }
}
