package dev.evenhand.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Fetches one file over HTTP(S) with the JDK's {@link HttpClient} and keeps it only when its SHA-256 is the
 * expected one. The body is written to a temporary file beside the target ({@link AtomicFile}) and moved
 * into place only after the hash matched; a refused, broken, cancelled or mismatching download leaves no
 * file under the target name and any earlier file there untouched.
 *
 * <p>Timeouts: {@code connect} bounds opening the connection; {@code response} bounds the wait for the
 * response headers; {@code stall} bounds any wait for the next bytes of the body (a stalled connection is
 * closed and reported as cut short).
 */
public final class VerifiedDownload {
  /** Receives progress: bytes received so far and the total, or -1 when the server gives no length. */
  @FunctionalInterface
  public interface Progress {
    /**
     * @param received bytes received so far
     * @param total    the body's length in bytes, -1 when unknown
     */
    void bytes(long received, long total);
  }

  /** The defaults: 15 s to connect, 30 s to the response headers, 30 s without a byte of the body. */
  public static final Duration CONNECT = Duration.ofSeconds(15), RESPONSE = Duration.ofSeconds(30), STALL = Duration.ofSeconds(30);

  private final Duration connect;
  private final Duration response;
  private final Duration stall;

  /**
   * @param connect  the longest wait to open a connection
   * @param response the longest wait for the response headers
   * @param stall    the longest wait for the next bytes of the body
   */
  public VerifiedDownload(Duration connect, Duration response, Duration stall) {
    this.connect = connect;
    this.response = response;
    this.stall = stall;
  }

  /** A download with the default timeouts ({@link #CONNECT}, {@link #RESPONSE}, {@link #STALL}). */
  public VerifiedDownload() { this(CONNECT, RESPONSE, STALL); }

  /**
   * Downloads {@code url} to {@code target}, keeping it only when its SHA-256 is {@code sha256}.
   *
   * @param url       the address (http or https); redirects are followed
   * @param sha256    the expected SHA-256, lower-case hex
   * @param target    where the file goes; parent folders are created
   * @param progress  receives bytes received (called from this thread)
   * @param cancelled polled while downloading (also while a read blocks); true stops it
   * @return the SHA-256 of the file kept (equal to {@code sha256})
   * @throws DownloadException when the host is unreachable, the server answers other than 200, the body is
   *                           cut short or stalls, or the hash differs (nothing kept)
   * @throws CancellationException when cancelled (nothing kept)
   * @throws IOException when the target folder cannot be written
   */
  public String fetch(URI url, String sha256, Path target, Progress progress, BooleanSupplier cancelled) throws DownloadException, IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(connect).followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(response).header("User-Agent", "Evenhand").GET().build();
    HttpResponse<InputStream> r;
    try {
      r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("download of " + url + " interrupted");
    } catch (IOException e) {
      throw unreachable(url, e);
    }
    try (InputStream body = r.body()) {
      if (r.statusCode() != 200) {
        throw new DownloadException(DownloadException.Kind.HTTP_STATUS, url, url + " answered HTTP " + r.statusCode()
            + (r.statusCode() == 404 ? " (not found)" : ""), null);
      }
      long total = r.headers().firstValueAsLong("Content-Length").orElse(-1);
      return save(url, body, total, sha256, target, progress, cancelled);
    }
  }

  private String save(URI url, InputStream body, long total, String sha256, Path target, Progress progress, BooleanSupplier cancelled)
      throws DownloadException, IOException {
    MessageDigest sha = sha256();
    AtomicLong lastByte = new AtomicLong(System.nanoTime());
    AtomicBoolean stalled = new AtomicBoolean();
    AtomicBoolean stopped = new AtomicBoolean();
    ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "download-watch");
      t.setDaemon(true);
      return t;
    });
    // a blocked read polls nothing: the watch closes the body when the download is cancelled or stalls
    watch.scheduleWithFixedDelay(() -> {
      boolean stall = System.nanoTime() - lastByte.get() > this.stall.toNanos();
      if (cancelled.getAsBoolean() || stall) {
        stalled.set(stall && !cancelled.getAsBoolean());
        stopped.set(true);
        try {
          body.close();
        } catch (IOException ignored) {
          // closing is all we can do
        }
      }
    }, 100, 100, TimeUnit.MILLISECONDS);
    long received = 0;
    try (AtomicFile out = AtomicFile.open(target)) {
      byte[] buf = new byte[1 << 14];
      progress.bytes(0, total);
      for (;;) {
        int n;
        try {
          n = body.read(buf);
        } catch (IOException e) {
          if (cancelled.getAsBoolean()) throw new CancellationException("download cancelled");
          throw cutShort(url, received, total, stalled.get(), e);
        }
        if (n < 0) break;
        lastByte.set(System.nanoTime());
        sha.update(buf, 0, n);
        out.stream().write(buf, 0, n);
        received += n;
        progress.bytes(received, total);
        if (cancelled.getAsBoolean()) throw new CancellationException("download cancelled");
      }
      if (cancelled.getAsBoolean()) throw new CancellationException("download cancelled");
      if (stopped.get() || total >= 0 && received != total) throw cutShort(url, received, total, stalled.get(), null);
      String got = HexFormat.of().formatHex(sha.digest());
      if (!got.equals(sha256)) {
        throw new DownloadException(DownloadException.Kind.HASH_MISMATCH, url, "the file at " + url + " (" + received + " bytes) has SHA-256 "
            + got + ", not the expected " + sha256 + ": it was not kept", null);
      }
      out.commit();
      return got;
    } finally {
      watch.shutdownNow();
    }
  }

  private DownloadException cutShort(URI url, long received, long total, boolean stalled, IOException cause) {
    return new DownloadException(DownloadException.Kind.CUT_SHORT, url, "the download of " + url + " was cut short after " + received
        + (total >= 0 ? " of " + total : "") + " bytes (" + (stalled ? "no data for " + (stall.toMillis() % 1000 == 0 ? stall.toSeconds() + " s" : stall.toMillis() + " ms") : "the connection broke")
        + "); nothing was kept", cause);
  }

  private DownloadException unreachable(URI url, IOException e) {
    String why = e instanceof HttpConnectTimeoutException ? "no connection within " + connect.toSeconds() + " s"
        : e instanceof HttpTimeoutException ? "no response within " + response.toSeconds() + " s"
        : rootIs(e, UnknownHostException.class) || rootIs(e, UnresolvedAddressException.class) ? "the name " + url.getHost() + " did not resolve"
        : rootIs(e, ConnectException.class) ? "connection refused" : FileProblems.why(e);
    return new DownloadException(DownloadException.Kind.OFFLINE, url, "cannot reach " + url.getHost() + " (" + why + "): this machine seems to be offline, or "
        + url.getHost() + " is blocked from it", e);
  }

  private static boolean rootIs(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) if (type.isInstance(t)) return true;
    return false;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
