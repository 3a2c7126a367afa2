package io.jmanager.client;

/**
 * {@link Manager#fromEnvironment()} found no manager to connect to: {@code JMANAGER_ADDRESS} is not
 * set. In a {@link JvmProcess} child this means its parent did not pass a manager ({@code
 * JvmProcess.builder(Main.class).manager(m)}); the parent's {@link JvmProcess#join()} then throws
 * {@link ProcessStartException}. An {@link IllegalStateException}, as every other missing or
 * malformed setting of the environment.
 */
public final class NoManagerSettingsException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  NoManagerSettingsException(String message) {
    super(message);
  }
}
