package dev.evenhand.testing;

import com.sun.net.httpserver.HttpServer;
import dev.evenhand.exchange.GenmoSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process HTTP server (port 0) standing in for GitHub's raw file host in the GenMO download tests. It
 * serves one file at {@code /genmo.json}, and the faults: {@code /drop.json} sends the headers of the whole
 * file and half its body, then breaks the connection; {@code /slow.json} sends half and then waits until the
 * test releases it ({@link #release()}); any other path answers 404. Each path's requests are counted.
 */
public final class GenmoServer implements AutoCloseable {
  private final HttpServer server;
  private final byte[] body;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final CountDownLatch released = new CountDownLatch(1);

  /**
   * @param body the bytes served
   * @throws IOException when the server cannot start
   */
  public GenmoServer(byte[] body) throws IOException {
    this.body = body.clone();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      requests.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      try (ex) {
        switch (path) {
          case "/genmo.json" -> {
            ex.sendResponseHeaders(200, this.body.length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(this.body);
            }
          }
          case "/drop.json", "/slow.json" -> {
            ex.sendResponseHeaders(200, this.body.length);
            OutputStream out = ex.getResponseBody();
            out.write(this.body, 0, this.body.length / 2);
            out.flush();
            if (path.equals("/slow.json")) awaitRelease();
            // a handler that throws makes the server close the connection: the client sees it end mid-body
            throw new IOException("dropped mid-body on purpose");
          }
          default -> ex.sendResponseHeaders(404, -1);
        }
      }
    });
    server.start();
  }

  /** A server of the real GenMO file when it is present (the shared copy), else of the project's 24-pair fixture. */
  public static GenmoServer ofGenmoOrFixture() throws IOException {
    return new GenmoServer(Files.readAllBytes(realGenmoPresent() ? Genmo.path() : Genmo.fixture()));
  }

  /** @return true when the shared copy of GenMO is there */
  public static boolean realGenmoPresent() {
    try {
      Genmo.path();
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private void awaitRelease() {
    try {
      released.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lets {@code /slow.json} finish (by breaking its connection). */
  public void release() { released.countDown(); }

  /** @return the base URL, e.g. {@code http://127.0.0.1:41234} */
  public String url() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

  /** @return the URL of a path, e.g. {@code url("/genmo.json")} */
  public String url(String path) { return url() + path; }

  /** @return the requests made for a path so far */
  public int requests(String path) { return requests.getOrDefault(path, new AtomicInteger()).get(); }

  /** @return the SHA-256 of the bytes served, lower-case hex */
  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return true when the bytes served are the pinned GenMO file */
  public boolean servesPinned() { return sha256().equals(GenmoSource.PINNED.sha256()); }

  /** @return the number of story pairs in the bytes served: 908 for GenMO, 24 for the fixture */
  public int pairs() { return servesPinned() ? 908 : 24; }

  /**
   * Points the app at {@code path} on this server through the system properties of {@link GenmoSource}: the
   * URL, and the hash of the bytes served when they are not the pinned file.
   */
  public void use(String path) {
    System.setProperty(GenmoSource.URL_PROPERTY, url(path));
    if (servesPinned()) System.clearProperty(GenmoSource.SHA256_PROPERTY);
    else System.setProperty(GenmoSource.SHA256_PROPERTY, sha256());
  }

  /** Clears the system properties {@link #use} set. */
  public static void forget() {
    System.clearProperty(GenmoSource.URL_PROPERTY);
    System.clearProperty(GenmoSource.SHA256_PROPERTY);
  }

  /** @return a URL on a port nothing listens on (connection refused) */
  public static String closedPortUrl() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return "http://127.0.0.1:" + port + "/genmo.json";
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
