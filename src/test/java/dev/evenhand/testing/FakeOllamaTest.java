package dev.evenhand.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checks that {@link FakeOllama} speaks Ollama's protocol as described in OLLAMA.md. */
class FakeOllamaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeOllama ollama;
    private HttpClient http;
    private int expectedErrors;

    @BeforeEach
    void setUp() {
        ollama = FakeOllama.start();
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    @AfterEach
    void tearDown() {
        ollama.close();
        assertThat(ollama.errors()).hasSize(expectedErrors);
    }

    // ------------------------------------------------------------------ helpers

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ollama.url() + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest postRequest(String path, String body) {
        return HttpRequest.newBuilder(URI.create(ollama.url() + path))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private List<JsonNode> postLines(String path, String body) throws Exception {
        HttpResponse<String> r = post(path, body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (!line.isEmpty()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"format\":\"json\","
                + "\"options\":{\"temperature\":0,\"seed\":42},"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"You rate stories.\"},"
                + "{\"role\":\"user\",\"content\":\"Rate: Zoë met José.\"}]}";
    }

    private static String contentOf(List<JsonNode> lines) {
        return lines.stream().filter(l -> !l.path("done").asBoolean())
                .map(l -> l.path("message").path("content").asText())
                .collect(Collectors.joining());
    }

    // ------------------------------------------------------------------ tests

    @Test
    void versionAndRoot() throws Exception {
        assertThat(JSON.readTree(get("/api/version").body()).path("version").asText()).isEqualTo("0.12.6");
        ollama.version("0.13.1");
        assertThat(JSON.readTree(get("/api/version").body()).path("version").asText()).isEqualTo("0.13.1");
        assertThat(get("/").body()).isEqualTo("Ollama is running");
        assertThat(get("/api/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void tagsListModelsWithStableDigests() throws Exception {
        JsonNode models = JSON.readTree(get("/api/tags").body()).path("models");
        assertThat(models).hasSize(1);
        JsonNode m = models.get(0);
        assertThat(m.path("name").asText()).isEqualTo("llama3.1:8b");
        assertThat(m.path("model").asText()).isEqualTo("llama3.1:8b");
        assertThat(m.path("digest").asText()).matches("[0-9a-f]{64}");
        assertThat(m.path("size").asLong()).isGreaterThan(1_000_000_000L);
        assertThat(m.path("details").path("family").asText()).isEqualTo("llama");
        assertThat(m.path("details").path("parameter_size").asText()).isEqualTo("8.0B");
        assertThat(m.path("details").path("quantization_level").asText()).isEqualTo("Q4_K_M");
        String digest = m.path("digest").asText();

        ollama.models("qwen3:0.6b", "mistral", "llama3.1:8b");
        JsonNode again = JSON.readTree(get("/api/tags").body()).path("models");
        assertThat(again).extracting(n -> n.path("name").asText())
                .containsExactly("qwen3:0.6b", "mistral:latest", "llama3.1:8b");
        assertThat(again.get(2).path("digest").asText()).isEqualTo(digest);
        assertThat(again.get(0).path("details").path("parameter_size").asText()).isEqualTo("600M");
    }

    @Test
    void chatNonStreaming() throws Exception {
        ollama.enqueue(Reply.content("{\"score\": 3, \"name\": \"Zoë 李娜 🙂\"}").thinking("hmm"));
        HttpResponse<String> r = post("/api/chat", chat("llama3.1:8b", false));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.path("model").asText()).isEqualTo("llama3.1:8b");
        assertThat(n.path("created_at").asText()).isNotEmpty();
        assertThat(n.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(n.path("message").path("content").asText()).isEqualTo("{\"score\": 3, \"name\": \"Zoë 李娜 🙂\"}");
        assertThat(n.path("message").path("thinking").asText()).isEqualTo("hmm");
        assertThat(n.path("done").asBoolean()).isTrue();
        assertThat(n.path("done_reason").asText()).isEqualTo("stop");
        assertThat(n.path("eval_count").asInt()).isGreaterThan(0);
        assertThat(n.path("eval_duration").asLong()).isEqualTo(n.path("eval_count").asLong() * 10_000_000L);
        assertThat(n.path("load_duration").asLong()).isEqualTo(1_000_000L);
        for (String f : List.of("total_duration", "prompt_eval_count", "prompt_eval_duration")) {
            assertThat(n.path(f).asLong()).as(f).isPositive();
        }

        // the queue is empty now: the default handler answers "{}"
        JsonNode d = JSON.readTree(post("/api/chat", chat("llama3.1:8b", false)).body());
        assertThat(d.path("message").path("content").asText()).isEqualTo("{}");

        assertThat(ollama.chatCount()).isEqualTo(2);
        JsonNode req = ollama.chatRequests().get(0);
        assertThat(req.path("options").path("seed").asInt()).isEqualTo(42);
        assertThat(req.path("format").asText()).isEqualTo("json");
    }

    @Test
    void chatStreaming() throws Exception {
        String content = "{\"verdict\": \"fair\", \"who\": \"Zoë 🙂 and José\"}";
        ollama.onChat(call -> Reply.content(content + call.lastUserContent().length()));
        String expected = content + "Rate: Zoë met José.".length();

        List<JsonNode> lines = postLines("/api/chat", chat("llama3.1:8b", true));
        assertThat(lines.size()).isGreaterThan(3);
        assertThat(contentOf(lines)).isEqualTo(expected);
        for (JsonNode l : lines.subList(0, lines.size() - 1)) {
            assertThat(l.path("done").asBoolean()).isFalse();
            assertThat(l.path("message").path("content").asText().codePointCount(0,
                    l.path("message").path("content").asText().length())).isBetween(1, 4);
        }
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.path("done").asBoolean()).isTrue();
        assertThat(last.path("done_reason").asText()).isEqualTo("stop");
        assertThat(last.path("eval_count").asInt()).isGreaterThan(0);
        assertThat(last.path("total_duration").asLong()).isPositive();
    }

    @Test
    void chatCallIsParsed() throws Exception {
        List<FakeOllama.ChatCall> calls = new ArrayList<>();
        ollama.onChat(call -> {
            calls.add(call);
            return Reply.content("ok");
        });
        post("/api/chat", chat("llama3.1:8b", false));
        FakeOllama.ChatCall call = calls.get(0);
        assertThat(call.model()).isEqualTo("llama3.1:8b");
        assertThat(call.stream()).isFalse();
        assertThat(call.systemContent()).isEqualTo("You rate stories.");
        assertThat(call.lastUserContent()).isEqualTo("Rate: Zoë met José.");
        assertThat(call.format().asText()).isEqualTo("json");
        assertThat(call.options().path("temperature").asInt()).isZero();
        assertThat(call.messages()).hasSize(2);
    }

    @Test
    void chatWithoutMessagesLoadsTheModel() throws Exception {
        ollama.enqueue(Reply.content("kept"));
        JsonNode n = JSON.readTree(post("/api/chat", "{\"model\":\"llama3.1:8b\",\"messages\":[]}").body());
        assertThat(n.path("done_reason").asText()).isEqualTo("load");
        assertThat(n.path("done").asBoolean()).isTrue();
        assertThat(ollama.queuedReplies()).isEqualTo(1);
        assertThat(JSON.readTree(get("/api/ps").body()).path("models")).hasSize(1);
    }

    @Test
    void unknownModelIs404BeforeTheQueue() throws Exception {
        ollama.enqueue(Reply.content("queued"));
        HttpResponse<String> r = post("/api/chat", chat("nope:1b", false));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).path("error").asText())
                .isEqualTo("model \"nope:1b\" not found, try pulling it first");
        assertThat(ollama.queuedReplies()).isEqualTo(1);
        assertThat(JSON.readTree(post("/api/chat", chat("llama3.1:8b", false)).body())
                .path("message").path("content").asText()).isEqualTo("queued");
    }

    @Test
    void errorReplies() throws Exception {
        ollama.enqueue(Reply.busy(), Reply.runnerCrash(), Reply.error(400, "bad"));
        HttpResponse<String> busy = post("/api/chat", chat("llama3.1:8b", true));
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(busy.body()).path("error").asText())
                .isEqualTo("server busy, please try again.  maximum pending requests exceeded");
        HttpResponse<String> crash = post("/api/chat", chat("llama3.1:8b", false));
        assertThat(crash.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(crash.body()).path("error").asText()).contains("llama runner process has terminated");
        assertThat(post("/api/chat", chat("llama3.1:8b", false)).statusCode()).isEqualTo(400);
    }

    @Test
    void streamErrorAndEndsWithoutDone() throws Exception {
        ollama.enqueue(Reply.streamError("{\"a\": ", "an error was encountered while running the model"),
                Reply.streamError("{\"a\": ", "boom"),
                Reply.endsWithoutDone("{\"a\": 1"),
                Reply.endsWithoutDone("{\"a\": 1"));
        List<JsonNode> lines = postLines("/api/chat", chat("llama3.1:8b", true));
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.path("error").asText()).isEqualTo("an error was encountered while running the model");
        assertThat(lines).noneMatch(l -> l.path("done").asBoolean());
        assertThat(contentOf(lines.subList(0, lines.size() - 1))).isEqualTo("{\"a\": ");

        HttpResponse<String> nonStream = post("/api/chat", chat("llama3.1:8b", false));
        assertThat(nonStream.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(nonStream.body()).path("error").asText()).isEqualTo("boom");

        List<JsonNode> cut = postLines("/api/chat", chat("llama3.1:8b", true));
        assertThat(cut).noneMatch(l -> l.path("done").asBoolean());
        assertThat(contentOf(cut)).isEqualTo("{\"a\": 1");

        HttpResponse<String> truncated = post("/api/chat", chat("llama3.1:8b", false));
        assertThat(truncated.statusCode()).isEqualTo(200);
        assertThat(truncated.body()).startsWith("{\"model\"").doesNotEndWith("}");
        assertThatThrownBy(() -> JSON.readTree(truncated.body())).isInstanceOf(IOException.class);
    }

    @Test
    void faultKindContent() {
        String j = "{\"a\":1}";
        assertThat(Reply.fenced(j).content()).isEqualTo("```json\n{\"a\":1}\n```");
        assertThat(Reply.trailingText(j).content()).isEqualTo(j + "\n\nHope this helps!");
        assertThat(Reply.whitespaceRunaway(j).content()).hasSize(j.length() + 2000).startsWith(j);
        assertThat(Reply.whitespaceRunaway(j).doneReason()).isEqualTo("length");
        assertThat(Reply.truncated(j).content()).isEqualTo("{\"a");
        assertThat(Reply.truncated(j).doneReason()).isEqualTo("length");
        assertThat(Reply.doubledBrace(j).content()).isEqualTo("{" + j);
        assertThat(Reply.reasoningLeak(j).content()).startsWith("<think>").endsWith(j);
        assertThat(Reply.untaggedReasoning(j).content()).startsWith("Okay, let me think").endsWith(j);
        assertThat(Reply.content("a b c").effectiveEvalCount()).isEqualTo(3);
        assertThat(Reply.content("a").evalCount(99).doneReason("length").effectiveEvalCount()).isEqualTo(99);
    }

    @Test
    void dropConnectionGivesIOException() {
        ollama.enqueue(Reply.dropConnection());
        assertThatThrownBy(() -> post("/api/chat", chat("llama3.1:8b", false))).isInstanceOf(IOException.class);
        assertThat(ollama.chatCount()).isEqualTo(1);
    }

    @Test
    void handlerExceptionIs500() throws Exception {
        ollama.onChat(call -> {
            throw new IllegalStateException("handler bug");
        });
        HttpResponse<String> r = post("/api/chat", chat("llama3.1:8b", false));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("handler bug");
        assertThat(ollama.errors()).hasSize(1);
        expectedErrors = 1;
    }

    @Test
    void slotsSerialiseCalls() {
        ollama.slots(1).latency(Duration.ofMillis(120));
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(http.sendAsync(postRequest("/api/chat", chat("llama3.1:8b", false)),
                    HttpResponse.BodyHandlers.ofString()));
        }
        futures.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));
        assertThat(ollama.maxConcurrentSeen()).isEqualTo(1);
        assertThat(ollama.chatCount()).isEqualTo(3);
    }

    @Test
    void withoutSlotsCallsRunInParallel() {
        ollama.latency(Duration.ofMillis(200));
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(http.sendAsync(postRequest("/api/chat", chat("llama3.1:8b", false)),
                    HttpResponse.BodyHandlers.ofString()));
        }
        futures.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));
        assertThat(ollama.maxConcurrentSeen()).isGreaterThan(1);
    }

    @Test
    void delayedReplyTimesOut() {
        ollama.enqueue(Reply.delayed(Duration.ofMillis(800), Reply.content("late")));
        HttpRequest req = HttpRequest.newBuilder(URI.create(ollama.url() + "/api/chat"))
                .timeout(Duration.ofMillis(150))
                .POST(HttpRequest.BodyPublishers.ofString(chat("llama3.1:8b", false))).build();
        assertThatThrownBy(() -> http.send(req, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
    }

    @Test
    void stopRefusesConnectionsAndRestartUsesTheSamePort() throws Exception {
        int port = ollama.port();
        ollama.version("9.9.9");
        assertThat(get("/api/version").statusCode()).isEqualTo(200);
        ollama.stop();
        assertThat(ollama.isRunning()).isFalse();
        assertThatThrownBy(() -> get("/api/version")).isInstanceOf(ConnectException.class);
        ollama.restart();
        assertThat(ollama.port()).isEqualTo(port);
        assertThat(ollama.url()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(JSON.readTree(get("/api/version").body()).path("version").asText()).isEqualTo("9.9.9");
    }

    @Test
    void pullStreamsProgressAndAddsTheModel() throws Exception {
        ollama.pullSteps(3, Duration.ofMillis(5));
        List<JsonNode> lines = postLines("/api/pull", "{\"model\":\"qwen3:8b\",\"stream\":true}");
        assertThat(lines.get(0).path("status").asText()).isEqualTo("pulling manifest");
        List<JsonNode> progress = lines.stream().filter(l -> l.has("digest")).collect(Collectors.toList());
        assertThat(progress).hasSize(4);
        assertThat(progress.get(0).has("total")).isTrue();
        assertThat(progress.get(0).has("completed")).isFalse();
        assertThat(progress.get(0).path("status").asText()).startsWith("pulling ");
        assertThat(progress.get(0).path("digest").asText()).matches("sha256:[0-9a-f]{64}");
        JsonNode lastProgress = progress.get(progress.size() - 1);
        assertThat(lastProgress.path("completed").asLong()).isEqualTo(lastProgress.path("total").asLong());
        assertThat(lines.subList(lines.size() - 3, lines.size())).extracting(l -> l.path("status").asText())
                .containsExactly("verifying sha256 digest", "writing manifest", "success");
        assertThat(ollama.modelTags()).contains("qwen3:8b");
        assertThat(get("/api/tags").body()).contains("\"qwen3:8b\"");
        assertThat(post("/api/chat", chat("qwen3:8b", false)).statusCode()).isEqualTo(200);
    }

    @Test
    void pullOfAnUnknownTagFails() throws Exception {
        ollama.pullSteps(1, Duration.ZERO).pullFails("nosuch:7b");
        List<JsonNode> lines = postLines("/api/pull", "{\"model\":\"nosuch:7b\"}");
        assertThat(lines.get(0).path("status").asText()).isEqualTo("pulling manifest");
        assertThat(lines.get(lines.size() - 1).path("error").asText())
                .isEqualTo("pull model manifest: file does not exist");
        assertThat(ollama.modelTags()).doesNotContain("nosuch:7b");
    }

    @Test
    void showAndPs() throws Exception {
        HttpResponse<String> show = post("/api/show", "{\"model\":\"llama3.1:8b\"}");
        assertThat(show.statusCode()).isEqualTo(200);
        JsonNode s = JSON.readTree(show.body());
        assertThat(s.path("model_info").path("llama.context_length").asInt()).isEqualTo(131072);
        assertThat(s.path("capabilities")).extracting(JsonNode::asText).containsExactly("completion", "tools");
        assertThat(s.path("modelfile").asText()).contains("FROM");
        assertThat(s.path("details").path("family").asText()).isEqualTo("llama");
        HttpResponse<String> missing = post("/api/show", "{\"model\":\"x\"}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).path("error").asText()).isEqualTo("model \"x\" not found");

        assertThat(JSON.readTree(get("/api/ps").body()).path("models")).isEmpty();
        post("/api/chat", chat("llama3.1:8b", false));
        ollama.psPartlyOnCpu(true);
        JsonNode ps = JSON.readTree(get("/api/ps").body()).path("models");
        assertThat(ps).hasSize(1);
        JsonNode p = ps.get(0);
        assertThat(p.path("name").asText()).isEqualTo("llama3.1:8b");
        assertThat(p.path("digest").asText()).matches("[0-9a-f]{64}");
        assertThat(p.path("expires_at").asText()).isNotEmpty();
        assertThat(p.path("size_vram").asLong()).isLessThan(p.path("size").asLong());
    }
}
