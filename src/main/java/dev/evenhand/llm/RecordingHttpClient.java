package dev.evenhand.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;

/**
 * A LangChain4j {@link HttpClient} that passes every call to a shared delegate and records the raw
 * request and response: LangChain4j's chat response drops Ollama's timings, done_reason and the raw
 * text (DESIGN.md, Testing), and Evenhand stores them with every call. For a stream it keeps every
 * byte of the NDJSON as it arrives, the time of the last byte (for the idle timeout), and signals when
 * the stream has ended, however it ended; a streamed request is sent on our own JDK client so that it can
 * be withdrawn while it waits in Ollama's queue ({@link Recording#abort()}). One instance records one call.
 */
final class RecordingHttpClient implements HttpClient {
  /** What one call sent and got back; fields are null when that part never happened. */
  static final class Recording {
    volatile String requestBody;
    volatile Integer status;
    volatile String responseBody;
    volatile Throwable error;
    volatile long lastActivityNanos = System.nanoTime();
    final ByteArrayOutputStream stream = new ByteArrayOutputStream();
    final CountDownLatch ended = new CountDownLatch(1);
    volatile InputStream open;
    volatile Future<?> pending;

    synchronized String streamText() { return stream.toString(StandardCharsets.UTF_8); }

    synchronized void append(byte[] b, int off, int len) {
      stream.write(b, off, len);
      lastActivityNanos = System.nanoTime();
    }

    /**
     * Withdraws a streamed request whose answer has not begun (its connection is closed, so Ollama drops
     * it from its queue) and closes the stream being read, so a stalled read ends (idle timeout or cancel).
     */
    void abort() {
      Future<?> f = pending;
      if (f != null) f.cancel(true);
      InputStream in = open;
      if (in != null) {
        try {
          in.close();
        } catch (IOException ignored) {
          // closing is all we want
        }
      }
      ended.countDown();
    }
  }

  private final HttpClient delegate;
  private final java.net.http.HttpClient streaming;
  private final Recording recording;

  RecordingHttpClient(HttpClient delegate, java.net.http.HttpClient streaming, Recording recording) {
    this.delegate = delegate;
    this.streaming = streaming;
    this.recording = recording;
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    recording.requestBody = request.body();
    try {
      SuccessfulHttpResponse r = delegate.execute(request);
      recording.status = r.statusCode();
      recording.responseBody = r.body();
      return r;
    } catch (HttpException e) {
      recording.status = e.statusCode();
      recording.responseBody = e.getMessage();
      throw e;
    }
  }

  @Override
  public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    recording.requestBody = request.body();
    ServerSentEventParser tee = (in, l) -> {
      InputStream wrapped = new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) recording.append(new byte[] {(byte) b}, 0, 1);
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) recording.append(b, off, n);
          return n;
        }
      };
      recording.open = wrapped;
      try {
        parser.parse(wrapped, l);
      } catch (RuntimeException e) {
        recording.error = e;
        throw e;
      } finally {
        recording.ended.countDown();
      }
    };
    ServerSentEventListener watch = new ServerSentEventListener() {
      @Override
      public void onOpen(SuccessfulHttpResponse response) {
        recording.status = response.statusCode();
        recording.lastActivityNanos = System.nanoTime();
        listener.onOpen(response);
      }

      @Override
      public void onEvent(ServerSentEvent event) { listener.onEvent(event); }

      @Override
      public void onError(Throwable t) {
        if (t instanceof HttpException h) {
          recording.status = h.statusCode();
          recording.responseBody = h.getMessage();
        }
        recording.error = t;
        try {
          listener.onError(t);
        } finally {
          recording.ended.countDown();
        }
      }

      @Override
      public void onClose() {
        try {
          listener.onClose();
        } finally {
          recording.ended.countDown();
        }
      }
    };
    try {
      send(request, tee, watch);
    } catch (RuntimeException e) {
      recording.error = e;
      recording.ended.countDown();
      throw e;
    }
  }

  /**
   * Sends a streamed request on our own JDK client, keeping its future in the recording so that
   * {@link Recording#abort()} can withdraw it before the answer begins (LangChain4j's client drops the
   * future). No request timeout: the caller's idle timeout covers a stream that never starts.
   */
  private void send(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
        .method(request.method().name(), request.body() == null ? BodyPublishers.noBody() : BodyPublishers.ofString(request.body()));
    request.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
    CompletableFuture<java.net.http.HttpResponse<InputStream>> sent = streaming.sendAsync(b.build(), BodyHandlers.ofInputStream());
    recording.pending = sent;
    sent.whenComplete((response, failure) -> {
      if (failure != null) {
        listener.onError(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
        return;
      }
      int status = response.statusCode();
      try (InputStream body = response.body()) {
        if (status < 200 || status > 299) {
          listener.onError(new HttpException(status, new String(body.readAllBytes(), StandardCharsets.UTF_8)));
          return;
        }
        listener.onOpen(SuccessfulHttpResponse.builder().statusCode(status).headers(response.headers().map()).build());
        parser.parse(body, listener);
        listener.onClose();
      } catch (IOException | RuntimeException e) {
        listener.onError(e);
      }
    });
  }

  /**
   * Builds a recording client around a shared delegate (whole replies) and a shared JDK client (streamed
   * replies); LangChain4j's timeout settings are ignored (the clients have ours).
   */
  static final class Builder implements HttpClientBuilder {
    private final HttpClient delegate;
    private final java.net.http.HttpClient streaming;
    private final Recording recording;
    private Duration connect;
    private Duration read;

    Builder(HttpClient delegate, java.net.http.HttpClient streaming, Recording recording) {
      this.delegate = delegate;
      this.streaming = streaming;
      this.recording = recording;
    }

    @Override public Duration connectTimeout() { return connect; }
    @Override public HttpClientBuilder connectTimeout(Duration d) { connect = d; return this; }
    @Override public Duration readTimeout() { return read; }
    @Override public HttpClientBuilder readTimeout(Duration d) { read = d; return this; }
    @Override public HttpClient build() { return new RecordingHttpClient(delegate, streaming, recording); }
  }
}
