package dev.evenhand.llm;
import dev.evenhand.domain.ChatExchange;
import dev.evenhand.domain.Timings;
import dev.evenhand.domain.FaultKind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaChatRequestParameters;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.concurrent.TimeUnit;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One chat call to Ollama through LangChain4j's {@link OllamaChatModel}, with LangChain4j's own retries
 * off (Evenhand has one retry policy, in {@link StepCaller}) and the raw reply recorded. It never throws
 * for a fault of the model or the server: the fault is classified into a {@link FaultKind} in the
 * returned {@link ChatExchange} (OLLAMA.md, kinds 7 to 10).
 */
public final class OllamaChat {
  private final Duration callTimeout;
  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
  private final java.net.http.HttpClient streaming;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param callTimeout how long one call may take before it counts as timed out; it must fit a slow
   *                    local GPU (OLLAMA.md: a 1,000-token story can take minutes)
   */
  public OllamaChat(Duration callTimeout) {
    this.callTimeout = callTimeout;
    // HTTP/1.1 as Ollama speaks it: one connection per request, so closing it withdraws that request alone
    this.streaming = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * Sends one chat request and waits for the whole reply (non-streaming).
   *
   * @param hostUrl  Ollama base URL
   * @param tag      model tag
   * @param system   system message
   * @param prompt   user message
   * @param schema   JSON schema put in {@code format} (structured output)
   * @param options  decoding options
   * @return what happened, with the raw reply; never null
   */
  public ChatExchange call(String hostUrl, String tag, String system, String prompt, JsonObjectSchema schema, StepOptions options) {
    return call(hostUrl, tag, system, prompt, schema, options, false, t -> { });
  }

  /**
   * Sends one chat request, streaming or not, and waits for the whole reply. With streaming the
   * timeout counts from the last byte received (OLLAMA.md: a slow GPU can take minutes for a story,
   * but a stalled stream must not hang the batch); without, from the start of the call.
   *
   * @param hostUrl  Ollama base URL
   * @param tag      model tag
   * @param system   system message
   * @param prompt   user message
   * @param schema   JSON schema put in {@code format} (structured output), or null for a plain-text reply (no format)
   * @param options  decoding options
   * @param stream   stream the reply (NDJSON)
   * @param onToken  receives each piece of content as it arrives (streaming only; may be called on another thread)
   * @return what happened, with the raw reply (the whole NDJSON when streaming); never null
   */
  public ChatExchange call(String hostUrl, String tag, String system, String prompt, JsonObjectSchema schema, StepOptions options,
                           boolean stream, java.util.function.Consumer<String> onToken) {
    return call(hostUrl, tag, system, prompt, schema, options, stream, onToken, () -> false);
  }

  /**
   * As {@link #call(String, String, String, String, JsonObjectSchema, StepOptions, boolean, java.util.function.Consumer)};
   * when streaming, {@code cancelled} is polled and a true value closes the stream at once (the call then
   * fails as a dropped connection, with what arrived kept as its raw reply).
   */
  public ChatExchange call(String hostUrl, String tag, String system, String prompt, JsonObjectSchema schema, StepOptions options,
                           boolean stream, java.util.function.Consumer<String> onToken, java.util.function.BooleanSupplier cancelled) {
    return call(hostUrl, tag, system, prompt, schema, options, stream, onToken, cancelled, () -> false);
  }

  /**
   * As {@link #call(String, String, String, String, JsonObjectSchema, StepOptions, boolean, java.util.function.Consumer,
   * java.util.function.BooleanSupplier)}, for a request that may wait in Ollama's queue: while {@code queued} is true the
   * idle timeout does not run (the call has not started), and a true {@code cancelled} withdraws the request (its
   * connection is closed, so Ollama drops it from its queue).
   *
   * @param queued true while the request waits in the server's queue ({@link HostPool.Lease#queued()}); polled when streaming
   */
  public ChatExchange call(String hostUrl, String tag, String system, String prompt, JsonObjectSchema schema, StepOptions options,
                           boolean stream, java.util.function.Consumer<String> onToken, java.util.function.BooleanSupplier cancelled,
                           java.util.function.BooleanSupplier queued) {
    RecordingHttpClient.Recording rec = new RecordingHttpClient.Recording();
    HttpClient shared = clients.computeIfAbsent(hostUrl, u -> JdkHttpClient.builder()
        .connectTimeout(Duration.ofSeconds(10)).readTimeout(callTimeout).build());
    OllamaChatRequestParameters.Builder p = OllamaChatRequestParameters.builder()
        .modelName(tag)
        .temperature(options.temperature())
        .maxOutputTokens(options.numPredict())
        .numCtx(options.numCtx())
        .keepAlive(options.keepAliveSeconds());
    // no schema: a plain-text reply (the paper protocol's audit), no format sent
    if (schema != null) {
      p.responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
          .jsonSchema(JsonSchema.builder().name("reply").rootElement(schema).build()).build());
    }
    if (options.seed() != null) p.seed(options.seed());
    if (options.topP() != null) p.topP(options.topP());
    if (options.topK() != null) p.topK(options.topK());
    if (options.repeatPenalty() != null) p.repeatPenalty(options.repeatPenalty());
    ChatRequest request = ChatRequest.builder()
        .messages(List.of(SystemMessage.from(system), UserMessage.from(prompt)))
        .parameters(p.build())
        .build();
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    if (!stream) {
      OllamaChatModel model = OllamaChatModel.builder()
          .httpClientBuilder(new RecordingHttpClient.Builder(shared, streaming, rec))
          .baseUrl(hostUrl).modelName(tag).maxRetries(0).timeout(callTimeout).build();
      RuntimeException thrown = null;
      try {
        model.chat(request);
      } catch (RuntimeException e) {
        thrown = e;
      }
      long wallMs = (System.nanoTime() - t0) / 1_000_000;
      return classify(hostUrl, tag, rec.requestBody == null ? prompt : rec.requestBody, rec, thrown, started, wallMs);
    }
    OllamaStreamingChatModel model = OllamaStreamingChatModel.builder()
        .httpClientBuilder(new RecordingHttpClient.Builder(shared, streaming, rec))
        .baseUrl(hostUrl).modelName(tag).timeout(callTimeout).build();
    boolean timedOut = false;
    try {
      model.chat(request, new StreamingChatResponseHandler() {
        @Override public void onPartialResponse(String token) { onToken.accept(token); }
        @Override public void onCompleteResponse(ChatResponse response) { }
        @Override public void onError(Throwable error) { }
      });
      long idleLimit = callTimeout.toNanos();
      while (!rec.ended.await(100, TimeUnit.MILLISECONDS)) {
        if (cancelled.getAsBoolean()) {
          rec.abort();
          break;
        }
        // a request waiting in the server's queue has not started: its idle time counts from its start
        if (queued.getAsBoolean()) rec.lastActivityNanos = System.nanoTime();
        if (System.nanoTime() - rec.lastActivityNanos > idleLimit) {
          timedOut = true;
          rec.abort();
          break;
        }
      }
    } catch (InterruptedException e) {
      rec.abort();
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (rec.error == null) rec.error = e;
    }
    long wallMs = (System.nanoTime() - t0) / 1_000_000;
    return classifyStream(hostUrl, tag, rec.requestBody == null ? prompt : rec.requestBody, rec, timedOut, started, wallMs);
  }

  private ChatExchange classifyStream(String url, String tag, String requestBody, RecordingHttpClient.Recording rec, boolean timedOut,
                                     Instant started, long wallMs) {
    String raw = rec.streamText();
    if (timedOut) {
      return new ChatExchange(url, requestBody, raw, null, null, Timings.NONE, FaultKind.TIMEOUT,
          "no token from Ollama at " + url + " for " + callTimeout.toSeconds() + " s", started, wallMs);
    }
    if (rec.status == null || (raw.isEmpty() && rec.status < 400 && rec.error != null)) {
      RecordingHttpClient.Recording asPlain = rec;
      return classify(url, tag, requestBody, asPlain, rec.error instanceof RuntimeException r ? r
          : new RuntimeException(rec.error), started, wallMs);
    }
    if (rec.status >= 400) return classify(url, tag, requestBody, rec, null, started, wallMs);
    StringBuilder content = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    JsonNode last = null;
    for (String line : raw.split("\n")) {
      if (line.isBlank()) continue;
      JsonNode n;
      try {
        n = json.readTree(line);
      } catch (IOException e) {
        return new ChatExchange(url, requestBody, raw, null, null, Timings.NONE, FaultKind.STREAM_ERROR,
            "Ollama's stream broke off mid-line", started, wallMs);
      }
      if (n.has("error")) {
        return new ChatExchange(url, requestBody, raw, null, null, Timings.NONE, FaultKind.STREAM_ERROR,
            "Ollama reported an error mid-stream: " + oneLine(n.get("error").asText()), started, wallMs);
      }
      content.append(n.path("message").path("content").asText(""));
      thinking.append(n.path("message").path("thinking").asText(""));
      last = n;
    }
    if (last == null || !last.path("done").asBoolean(false)) {
      String why = rec.error == null ? "" : ": " + oneLine(String.valueOf(rec.error.getMessage()));
      return new ChatExchange(url, requestBody, raw, null, null, Timings.NONE, FaultKind.STREAM_ERROR,
          "Ollama's stream ended without done:true" + why, started, wallMs);
    }
    return new ChatExchange(url, requestBody, raw, content.toString(), last.hasNonNull("done_reason") ? last.get("done_reason").asText() : null,
        timings(last), null, null, started, wallMs, thinking.length() == 0 ? null : thinking.toString());
  }

  private static Timings timings(JsonNode reply) {
    return new Timings(longOrNull(reply, "total_duration"), longOrNull(reply, "load_duration"),
        intOrNull(reply, "prompt_eval_count"), longOrNull(reply, "prompt_eval_duration"),
        intOrNull(reply, "eval_count"), longOrNull(reply, "eval_duration"));
  }

  private ChatExchange classify(String url, String tag, String requestBody, RecordingHttpClient.Recording rec,
                                RuntimeException thrown, Instant started, long wallMs) {
    Integer status = rec.status;
    String body = rec.responseBody;
    if (status == null) {
      FaultKind kind = transportFault(thrown);
      String msg = switch (kind) {
        case UNREACHABLE -> OllamaException.unreachable(url, null).getMessage();
        case TIMEOUT -> "no reply from Ollama at " + url + " within " + callTimeout.toSeconds() + " s";
        default -> "Ollama at " + url + " dropped the connection" + (thrown == null || thrown.getMessage() == null ? "" : ": " + oneLine(thrown.getMessage()));
      };
      return new ChatExchange(url, requestBody, null, null, null, Timings.NONE, kind, msg, started, wallMs);
    }
    if (status >= 400) {
      FaultKind kind = status == 404 ? FaultKind.MODEL_NOT_FOUND : status == 400 ? FaultKind.BAD_REQUEST
          : status == 503 ? FaultKind.SERVER_BUSY : status >= 500 ? FaultKind.SERVER_ERROR : FaultKind.BAD_REQUEST;
      String msg = kind == FaultKind.MODEL_NOT_FOUND ? OllamaException.modelNotFound(tag, url).getMessage()
          : "Ollama answered HTTP " + status + ": " + errorText(body);
      return new ChatExchange(url, requestBody, body, null, null, Timings.NONE, kind, msg, started, wallMs);
    }
    JsonNode reply;
    try {
      reply = json.readTree(body == null ? "" : body);
    } catch (IOException e) {
      return new ChatExchange(url, requestBody, body, null, null, Timings.NONE, FaultKind.STREAM_ERROR,
          "Ollama's reply ended before it was complete", started, wallMs);
    }
    if (reply == null || !reply.isObject()) {
      return new ChatExchange(url, requestBody, body, null, null, Timings.NONE, FaultKind.STREAM_ERROR,
          "Ollama sent an empty reply", started, wallMs);
    }
    if (reply.has("error")) {
      return new ChatExchange(url, requestBody, body, null, null, Timings.NONE, FaultKind.STREAM_ERROR,
          "Ollama reported an error mid-reply: " + oneLine(reply.get("error").asText()), started, wallMs);
    }
    if (!reply.path("done").asBoolean(false) || !reply.path("message").has("content")) {
      return new ChatExchange(url, requestBody, body, null, null, Timings.NONE, FaultKind.STREAM_ERROR,
          "Ollama's reply ended without done:true", started, wallMs);
    }
    Timings t = timings(reply);
    String doneReason = reply.hasNonNull("done_reason") ? reply.get("done_reason").asText() : null;
    JsonNode thinking = reply.path("message").path("thinking");
    return new ChatExchange(url, requestBody, body, reply.path("message").path("content").asText(""), doneReason, t,
        null, null, started, wallMs, thinking.isTextual() && !thinking.asText().isEmpty() ? thinking.asText() : null);
  }

  static FaultKind transportFault(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpTimeoutException || t instanceof java.util.concurrent.TimeoutException) return FaultKind.TIMEOUT;
      if (t instanceof ConnectException) return FaultKind.UNREACHABLE;
      if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) return FaultKind.UNREACHABLE;
    }
    return FaultKind.DROPPED_CONNECTION;
  }

  private String errorText(String body) {
    if (body == null) return "(no body)";
    try {
      JsonNode n = json.readTree(body);
      if (n != null && n.has("error")) return oneLine(n.get("error").asText());
    } catch (IOException ignored) {
      // not JSON: fall through to the raw text
    }
    return oneLine(body.length() > 300 ? body.substring(0, 300) + "…" : body);
  }

  private static String oneLine(String s) { return s.replaceAll("\\s+", " ").strip(); }

  private static Long longOrNull(JsonNode n, String f) { return n.hasNonNull(f) ? n.get(f).asLong() : null; }

  private static Integer intOrNull(JsonNode n, String f) { return n.hasNonNull(f) ? n.get(f).asInt() : null; }
}
