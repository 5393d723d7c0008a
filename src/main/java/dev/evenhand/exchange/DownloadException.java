package dev.evenhand.exchange;

import java.net.URI;

/**
 * A download that did not yield the expected file; nothing was kept under the target name. The message is
 * one line a person can act on and names the URL.
 */
public final class DownloadException extends Exception {
  /** Why the download failed. */
  public enum Kind {
    /** The host could not be reached: connection refused, name not resolved, connect or response timeout. */
    OFFLINE,
    /** The server answered with an HTTP status other than 200 (e.g. 404: the file is not at that address). */
    HTTP_STATUS,
    /** The connection broke or stalled before the whole body arrived. */
    CUT_SHORT,
    /** The bytes arrived but their SHA-256 is not the expected one. */
    HASH_MISMATCH
  }

  private final Kind kind;
  private final URI url;

  /**
   * @param kind    why it failed
   * @param url     the address fetched
   * @param message one line naming the URL and what happened
   * @param cause   the underlying exception, or null
   */
  public DownloadException(Kind kind, URI url, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.url = url;
  }

  /** @return why it failed */
  public Kind kind() { return kind; }

  /** @return the address fetched */
  public URI url() { return url; }
}
