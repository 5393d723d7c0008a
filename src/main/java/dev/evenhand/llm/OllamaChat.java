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
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param callTimeout how long one call may take before it counts as timed out; it must fit a slow
   *                    local GPU (OLLAMA.md: a 1,000-token story can take minutes)
   */
  public OllamaChat(Duration callTimeout) { this.callTimeout = callTimeout; }

  /**
   * Sends one chat request and waits for the whole reply.
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
    RecordingHttpClient.Recording rec = new RecordingHttpClient.Recording();
    HttpClient shared = clients.computeIfAbsent(hostUrl, u -> JdkHttpClient.builder()
        .connectTimeout(Duration.ofSeconds(10)).readTimeout(callTimeout).build());
    OllamaChatModel model = OllamaChatModel.builder()
        .httpClientBuilder(new RecordingHttpClient.Builder(shared, rec))
        .baseUrl(hostUrl)
        .modelName(tag)
        .maxRetries(0)
        .timeout(callTimeout)
        .build();
    OllamaChatRequestParameters.Builder p = OllamaChatRequestParameters.builder()
        .modelName(tag)
        .temperature(options.temperature())
        .maxOutputTokens(options.numPredict())
        .numCtx(options.numCtx())
        .keepAlive(options.keepAliveSeconds())
        .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
            .jsonSchema(JsonSchema.builder().name("reply").rootElement(schema).build()).build());
    if (options.seed() != null) p.seed(options.seed());
    ChatRequest request = ChatRequest.builder()
        .messages(List.of(SystemMessage.from(system), UserMessage.from(prompt)))
        .parameters(p.build())
        .build();
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    RuntimeException thrown = null;
    try {
      model.chat(request);
    } catch (RuntimeException e) {
      thrown = e;
    }
    long wallMs = (System.nanoTime() - t0) / 1_000_000;
    String requestBody = rec.requestBody == null ? prompt : rec.requestBody;
    return classify(hostUrl, tag, requestBody, rec, thrown, started, wallMs);
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
    Timings t = new Timings(longOrNull(reply, "total_duration"), longOrNull(reply, "load_duration"),
        intOrNull(reply, "prompt_eval_count"), longOrNull(reply, "prompt_eval_duration"),
        intOrNull(reply, "eval_count"), longOrNull(reply, "eval_duration"));
    String doneReason = reply.hasNonNull("done_reason") ? reply.get("done_reason").asText() : null;
    return new ChatExchange(url, requestBody, body, reply.path("message").path("content").asText(""), doneReason, t,
        null, null, started, wallMs);
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
