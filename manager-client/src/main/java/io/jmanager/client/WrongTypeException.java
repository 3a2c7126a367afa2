package io.jmanager.client;

/** A name is bound to a shared object of another type than the one asked for. */
public final class WrongTypeException extends ManagerException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming both types. */
  public WrongTypeException(String message) {
    super(message);
  }
}
