package dev.evenhand.store;

/** A failure of the store (the H2 file could not be opened, written or read), with a plain message. */
public class StoreException extends RuntimeException {
  /** @param message what failed, in words a researcher understands; @param cause the JDBC error */
  public StoreException(String message, Throwable cause) { super(message, cause); }

  /** @param message what failed */
  public StoreException(String message) { super(message); }

  private boolean badLocation;

  /**
   * @param message     what failed
   * @param cause       the underlying error, may be null
   * @param badLocation true when the database path itself is unusable (the user's input, exit code 2)
   */
  public StoreException(String message, Throwable cause, boolean badLocation) {
    super(message, cause);
    this.badLocation = badLocation;
  }

  /** @return true when the database path itself is unusable */
  public boolean badLocation() { return badLocation; }

  /**
   * The process serving the database over AUTO_SERVER ended while work that must not run twice was under
   * way, before its commit: nothing of it was stored, so the caller may run the whole work again from the
   * start (an import re-reads its file).
   */
  public static final class ServerGone extends StoreException {
    /** @param message what failed; @param cause the broken connection */
    public ServerGone(String message, Throwable cause) { super(message, cause); }
  }

  /**
   * The process serving the database over AUTO_SERVER ended while a change was being committed: the change
   * is either wholly stored or not at all, and which cannot be told from here. Work that can look at what
   * is stored and go on from there (a generation run resumes) may carry on; anything else reports it.
   */
  public static final class CommitUnknown extends StoreException {
    /** @param message what failed; @param cause the broken connection */
    public CommitUnknown(String message, Throwable cause) { super(message, cause); }
  }
}
