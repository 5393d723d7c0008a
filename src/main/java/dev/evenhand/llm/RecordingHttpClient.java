package dev.evenhand.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.time.Duration;

/**
 * A LangChain4j {@link HttpClient} that passes every call to a shared delegate and records the raw
 * request and response bodies: LangChain4j's chat response drops Ollama's timings, done_reason and
 * the raw text (DESIGN.md, Testing), and Evenhand stores them with every call. One instance records
 * one call.
 */
final class RecordingHttpClient implements HttpClient {
  /** What one call sent and got back; fields are null when that part never happened. */
  static final class Recording {
    volatile String requestBody;
    volatile Integer status;
    volatile String responseBody;
  }

  private final HttpClient delegate;
  private final Recording recording;

  RecordingHttpClient(HttpClient delegate, Recording recording) {
    this.delegate = delegate;
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
    delegate.execute(request, parser, listener);
  }

  /** Builds a recording client around a shared delegate; LangChain4j's timeout settings are ignored (the delegate has ours). */
  static final class Builder implements HttpClientBuilder {
    private final HttpClient delegate;
    private final Recording recording;
    private Duration connect;
    private Duration read;

    Builder(HttpClient delegate, Recording recording) {
      this.delegate = delegate;
      this.recording = recording;
    }

    @Override public Duration connectTimeout() { return connect; }
    @Override public HttpClientBuilder connectTimeout(Duration d) { connect = d; return this; }
    @Override public Duration readTimeout() { return read; }
    @Override public HttpClientBuilder readTimeout(Duration d) { read = d; return this; }
    @Override public HttpClient build() { return new RecordingHttpClient(delegate, recording); }
  }
}
