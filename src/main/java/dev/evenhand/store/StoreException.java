package dev.evenhand.store;

/** A failure of the store (the H2 file could not be opened, written or read), with a plain message. */
public class StoreException extends RuntimeException {
  /** @param message what failed, in words a researcher understands; @param cause the JDBC error */
  public StoreException(String message, Throwable cause) { super(message, cause); }

  /** @param message what failed */
  public StoreException(String message) { super(message); }
}
