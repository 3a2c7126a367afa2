package io.jmanager.client;

/**
 * A value could not be serialized or read back, most often because its class is not registered in
 * this JVM ({@link Manager.Builder#register(Class)}). Nothing unregistered is ever instantiated.
 */
public final class SerializationException extends ManagerException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message and Kryo's cause. */
  public SerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
