package dev.evenhand.llm;
import dev.evenhand.domain.FaultKind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Ollama's admin calls as plain HTTP with Jackson (OLLAMA.md, "Endpoints used"): version, tags, show, ps.
 * Every method throws {@link OllamaException}: {@link FaultKind#UNREACHABLE} when nothing answers,
 * {@link FaultKind#MODEL_NOT_FOUND} on 404, {@link FaultKind#SERVER_ERROR} on any other error status.
 */
public final class OllamaAdmin {
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
  private final String baseUrl;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  /** @param baseUrl normalised base URL ({@link OllamaUrls#normalise}) */
  public OllamaAdmin(String baseUrl) {
    this.baseUrl = baseUrl;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** @return the base URL this client talks to */
  public String baseUrl() { return baseUrl; }

  /** @return the server's version from {@code GET /api/version}, e.g. {@code 0.12.6} */
  public String version() {
    return get("/api/version").path("version").asText("");
  }

  /** @return the models the server has, from {@code GET /api/tags}, in the server's order */
  public List<ServerModel> tags() {
    List<ServerModel> out = new ArrayList<>();
    for (JsonNode m : get("/api/tags").path("models")) {
      JsonNode d = m.path("details");
      String name = m.path("name").asText(m.path("model").asText(""));
      out.add(new ServerModel(name, m.path("digest").asText(""), m.path("size").asLong(0),
          d.path("family").asText(""), d.path("parameter_size").asText(""), d.path("quantization_level").asText("")));
    }
    return out;
  }

  /**
   * Checks that the server answers and has the model, as every command that talks to Ollama must
   * before anything else (DESIGN.md, CLI contract).
   *
   * @param tag the model tag wanted
   * @return the server version and the model as listed
   * @throws OllamaException UNREACHABLE or MODEL_NOT_FOUND with the one-line message for the user
   */
  public Preflight preflight(String tag) {
    String version = version();
    for (ServerModel m : tags()) if (m.answersTo(tag)) return new Preflight(version, m);
    throw OllamaException.modelNotFound(tag, baseUrl);
  }

  /**
   * The result of {@link #preflight}.
   *
   * @param ollamaVersion the server's version
   * @param model         the model as {@code /api/tags} lists it (with its digest)
   */
  public record Preflight(String ollamaVersion, ServerModel model) {}

  /** @return the raw {@code POST /api/show} answer for a model (capabilities, model_info, details) */
  public JsonNode show(String tag) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/show"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":" + quote(tag) + "}")), tag);
  }

  /**
   * The model's context length, from {@code POST /api/show}: {@code model_info."<arch>.context_length"}
   * where {@code <arch>} is {@code model_info."general.architecture"} (OLLAMA.md, "Endpoints used").
   *
   * @param tag the model tag
   * @return the context length in tokens, or 0 when the server does not report it or {@code /api/show} fails
   */
  public int contextLength(String tag) {
    try {
      JsonNode info = show(tag).path("model_info");
      String arch = info.path("general.architecture").asText("");
      JsonNode n = info.path(arch + ".context_length");
      if (!arch.isEmpty() && n.canConvertToInt() && n.asInt() > 0) return n.asInt();
      return 0;
    } catch (OllamaException e) {
      return 0;
    }
  }

  /** @return the raw {@code GET /api/ps} answer: loaded models with size and size_vram */
  public JsonNode ps() { return get("/api/ps"); }

  /**
   * Progress of a pull, from one line of the {@code /api/pull} NDJSON stream.
   *
   * @param status    Ollama's status text, e.g. {@code pulling manifest}, {@code pulling 6a0746a1ec1a}, {@code success}
   * @param digest    the layer being pulled, empty when none
   * @param total     bytes of that layer, 0 when not known yet
   * @param completed bytes of that layer received so far (0 when Ollama has not said yet: it may be missing at first)
   */
  public record PullProgress(String status, String digest, long total, long completed) {
    /** @return completed / total in [0, 1], or -1 when the total is not known */
    public double fraction() { return total <= 0 ? -1 : Math.min(1.0, (double) completed / total); }
  }

  /**
   * Pulls a model with {@code POST /api/pull} ({@code stream: true}), reporting every progress line.
   *
   * @param tag       the model tag
   * @param progress  receives each line as it arrives (on the calling thread)
   * @param cancelled polled between lines; when true the connection is closed and the pull stops
   * @return true when Ollama reported {@code success}; false when cancelled
   * @throws OllamaException UNREACHABLE, or SERVER_ERROR with Ollama's message (e.g. an unknown tag)
   */
  public boolean pull(String tag, java.util.function.Consumer<PullProgress> progress, java.util.function.BooleanSupplier cancelled) {
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/api/pull"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":" + quote(tag) + ",\"stream\":true}")).build();
    HttpResponse<java.io.InputStream> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (ConnectException e) {
      throw OllamaException.unreachable(baseUrl, e);
    } catch (IOException e) {
      throw new OllamaException(FaultKind.DROPPED_CONNECTION, "Ollama at " + baseUrl + " dropped the connection: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), java.nio.charset.StandardCharsets.UTF_8))) {
      if (r.statusCode() >= 400) {
        String body = in.lines().collect(java.util.stream.Collectors.joining("\n"));
        throw new OllamaException(FaultKind.SERVER_ERROR, "pulling " + tag + " failed: " + errorText(body), null);
      }
      String line;
      while ((line = in.readLine()) != null) {
        if (cancelled.getAsBoolean()) return false;
        if (line.isBlank()) continue;
        JsonNode n = json.readTree(line);
        if (n.has("error")) throw new OllamaException(FaultKind.SERVER_ERROR, "pulling " + tag + " failed: " + n.get("error").asText(), null);
        PullProgress p = new PullProgress(n.path("status").asText(""), n.path("digest").asText(""), n.path("total").asLong(0),
            n.path("completed").asLong(0));
        progress.accept(p);
        if ("success".equals(p.status())) return true;
      }
      if (cancelled.getAsBoolean()) return false;
      throw new OllamaException(FaultKind.STREAM_ERROR, "pulling " + tag + " stopped before Ollama reported success", null);
    } catch (IOException e) {
      if (cancelled.getAsBoolean()) return false;
      throw new OllamaException(FaultKind.DROPPED_CONNECTION, "the pull of " + tag + " broke off: " + e.getMessage(), e);
    }
  }

  private JsonNode get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), null);
  }

  private JsonNode send(HttpRequest.Builder b, String tag) {
    try {
      HttpResponse<String> r = http.send(b.timeout(ADMIN_TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.UTF_8));
      if (r.statusCode() == 404 && tag != null) throw OllamaException.modelNotFound(tag, baseUrl);
      if (r.statusCode() == 404) {
        throw new OllamaException(FaultKind.UNREACHABLE, "the server at " + baseUrl + " does not answer like Ollama (HTTP 404 for "
            + b.build().uri().getPath() + "): is --ollama pointing at the right host and port, without a path?", null);
      }
      if (r.statusCode() >= 400)
        throw new OllamaException(FaultKind.SERVER_ERROR, "Ollama at " + baseUrl + " answered HTTP " + r.statusCode()
            + ": " + errorText(r.body()), null);
      try {
        return json.readTree(r.body());
      } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
        throw new OllamaException(FaultKind.UNREACHABLE, "the server at " + baseUrl + " does not answer like Ollama (its reply is not JSON): "
            + "is --ollama pointing at the right host and port?", notJson);
      }
    } catch (ConnectException | HttpTimeoutException e) {
      throw OllamaException.unreachable(baseUrl, e);
    } catch (IOException e) {
      if (e.getMessage() == null || e.getCause() instanceof ConnectException) throw OllamaException.unreachable(baseUrl, e);
      throw new OllamaException(FaultKind.DROPPED_CONNECTION, "Ollama at " + baseUrl + " dropped the connection: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OllamaException(FaultKind.UNREACHABLE, "interrupted while talking to Ollama at " + baseUrl, e);
    } catch (IllegalArgumentException e) {
      throw new OllamaException(FaultKind.UNREACHABLE, "not a usable Ollama URL: " + baseUrl, e);
    }
  }

  private String errorText(String body) {
    try {
      JsonNode n = json.readTree(body);
      if (n.has("error")) return n.get("error").asText();
    } catch (IOException ignored) {
      // not JSON: show the text as it is
    }
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }

  private String quote(String s) {
    try {
      return json.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
