package dev.evenhand.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process fake Ollama server for tests.
 *
 * <p>It listens on {@code 127.0.0.1} (a free port) and speaks Ollama's HTTP API as described in
 * {@code OLLAMA.md}: {@code GET /}, {@code GET /api/version}, {@code GET /api/tags},
 * {@code POST /api/show}, {@code POST /api/pull} (NDJSON progress), {@code GET /api/ps} and
 * {@code POST /api/chat} (one JSON object or an NDJSON stream; {@code "stream"} defaults to true, as in
 * Ollama). Errors are {@code {"error":"..."}} bodies with Ollama's status codes; durations are in
 * nanoseconds; unknown paths answer 404 {@code 404 page not found} (text/plain), as Ollama's router does.
 *
 * <p>Chat answers come from the FIFO queue filled by {@link #enqueue(Reply...)}, and when it is empty
 * from the {@link ChatHandler} set with {@link #onChat(ChatHandler)} (default: content {@code "{}"}).
 * A chat for a model that is not in the tag list answers 404 before the queue or handler is consulted; a
 * chat with no messages only "loads" the model ({@code done_reason "load"}), as Ollama does.
 * An exception thrown by a handler is answered with 500 {@code {"error": message}}, printed to stderr and
 * kept in {@link #errors()}.
 *
 * <p>All configuration methods are thread-safe and may be called while the server is running.
 *
 * <pre>{@code
 * try (FakeOllama ollama = FakeOllama.start()) {
 *     ollama.enqueue(Reply.fenced("{\"ok\":true}"), Reply.busy());
 *     // point the client at ollama.url()
 * }
 * }</pre>
 */
public final class FakeOllama implements AutoCloseable {

    /** The model listed by default. */
    public static final String DEFAULT_MODEL = "llama3.1:8b";

    private static final ObjectMapper MAPPER = goStyleMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String NDJSON_TYPE = "application/x-ndjson";
    private static final Pattern PARAMS = Pattern.compile("(?i)(?:^|[:_-])(\\d+(?:\\.\\d+)?)([bm])(?:$|[_-])");
    private static final Pattern GO_DURATION = Pattern.compile("(-?\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** A tag in the local model list (what {@code /api/tags} shows). */
    private record ModelEntry(String tag, String digest, long size, String family, String parameterSize,
                              String quantization, Instant modifiedAt) {
    }

    private final Object lifecycle = new Object();
    private final ExecutorService executor;
    private final int port;
    private HttpServer server;
    private boolean closed;
    /** Counted down when the server stops or closes: ends the replies being played out; renewed by {@link #restart()}. */
    private volatile java.util.concurrent.CountDownLatch stopping = new java.util.concurrent.CountDownLatch(1);

    private volatile String version = "0.12.6";
    private final Map<String, ModelEntry> models = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Instant> loaded = new ConcurrentHashMap<>();
    private final Set<String> pullFailures = ConcurrentHashMap.newKeySet();
    private volatile ChatHandler handler = call -> Reply.content("{}");
    private final ConcurrentLinkedQueue<Reply> queue = new ConcurrentLinkedQueue<>();
    private volatile Duration latency = Duration.ZERO;
    private volatile int holdAfter = Integer.MAX_VALUE;
    private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicInteger chatsAnswering = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean paced;
    private final AtomicInteger maxHeld = new AtomicInteger();
    /** Chat calls the server holds now: from their arrival until just before the last bytes of their answer leave. */
    private final AtomicInteger heldNow = new AtomicInteger();
    /**
     * Run (once) just before the last bytes of the current thread's answer are written: the client may send its next
     * call as soon as it reads them, so a call stops counting as held before then, or a busy machine that
     * pauses this thread after the write would count the old call and the new one together.
     */
    private static final ThreadLocal<Runnable> BEFORE_LAST_WRITE = new ThreadLocal<>();
    private final java.util.concurrent.atomic.AtomicLong slotBusyNanos = new java.util.concurrent.atomic.AtomicLong();
    private final List<JsonNode> chatRequests = new ArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private volatile int pullSteps = 5;
    private volatile Duration pullStepPause = Duration.ofMillis(20);
    private volatile boolean psPartlyOnCpu;
    private volatile int tagsStatus = 200;
    private volatile List<String> capabilities = List.of("completion", "tools");
    private volatile int contextLength = 131072;

    private FakeOllama() throws IOException {
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-ollama-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = bind(0);
        this.port = server.getAddress().getPort();
        server.start();
        putModel(DEFAULT_MODEL);
    }

    static {
        // Ollama (Go) sets TCP_NODELAY on every connection; the JDK's HttpServer does not unless told to,
        // and then Nagle's algorithm and the client's delayed ACK add about 40 ms to every reply.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * Starts a fake server on a free port of 127.0.0.1 with one model, {@value #DEFAULT_MODEL}, listed.
     *
     * @return the running server
     * @throws UncheckedIOException if the server cannot be bound
     */
    public static FakeOllama start() {
        try {
            return new FakeOllama();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start FakeOllama", e);
        }
    }

    // ================================================================== lifecycle

    /** @return the base URL, {@code "http://127.0.0.1:PORT"} (no trailing slash) */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** @return the port; it stays the same across {@link #stop()} and {@link #restart()} */
    public int port() {
        return port;
    }

    /** @return true while the server is listening */
    public boolean isRunning() {
        synchronized (lifecycle) {
            return server != null;
        }
    }

    /**
     * Stops listening: open connections are closed and new connections are refused (like an Ollama
     * that is not started). The port and all state are kept for {@link #restart()}.
     */
    public void stop() {
        synchronized (lifecycle) {
            if (server != null) {
                server.stop(0);
                server = null;
            }
            stopping.countDown();
        }
    }

    /**
     * Listens again on the same port with the same state (models, queue, handler, recorded requests).
     * If the server is running it is stopped first.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws UncheckedIOException if the port cannot be bound again within a few seconds
     */
    public void restart() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("FakeOllama is closed");
            }
            stop();
            stopping = new java.util.concurrent.CountDownLatch(1);
            // the port may stay taken for a moment after the old server stopped: try again until it binds
            org.awaitility.Awaitility.await("port " + port + " can be bound again").atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20)).ignoreException(BindException.class).until(() -> {
                        HttpServer s = bind(port);
                        s.start();
                        server = s;
                        return true;
                    });
        }
    }

    /** Stops for good and ends the worker threads (sleeping calls are interrupted). Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            stop();
            closed = true;
        }
        executor.shutdownNow();
    }

    private HttpServer bind(int p) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 64);
        s.setExecutor(executor);
        s.createContext("/", this::dispatch);
        return s;
    }

    // ================================================================== configuration

    /**
     * Sets what {@code GET /api/version} answers (default {@code "0.12.6"}).
     *
     * @param v the version
     * @return this
     */
    public FakeOllama version(String v) {
        this.version = Objects.requireNonNull(v, "version");
        return this;
    }

    /**
     * Replaces the local model list ({@code /api/tags}). Each tag gets a stable fake sha256 digest (64 hex
     * characters derived from the tag), a size and details (family, parameter_size from a suffix like
     * {@code :8b}, quantization_level {@code Q4_K_M}). A tag without {@code :} becomes {@code name:latest},
     * as in Ollama. No argument means no model is installed.
     *
     * @param tags the model tags
     * @return this
     */
    public FakeOllama models(String... tags) {
        synchronized (models) {
            models.clear();
            for (String t : tags) {
                putModel(t);
            }
        }
        return this;
    }

    /** @return the tags currently listed by {@code /api/tags} */
    public List<String> modelTags() {
        synchronized (models) {
            return List.copyOf(models.keySet());
        }
    }

    /**
     * Sets the handler for chat calls when the {@link #enqueue(Reply...) queue} is empty. The default
     * handler replies content {@code "{}"}.
     *
     * @param chatHandler the handler
     * @return this
     */
    public FakeOllama onChat(ChatHandler chatHandler) {
        this.handler = Objects.requireNonNull(chatHandler, "handler");
        return this;
    }

    /**
     * Adds scripted replies, used first-in first-out by the next chat calls before falling back to the
     * handler. A call answered 404 (unknown model) or 400 does not use a queued reply.
     *
     * @param replies the replies
     * @return this
     */
    public FakeOllama enqueue(Reply... replies) {
        for (Reply r : replies) {
            queue.add(Objects.requireNonNull(r, "reply"));
        }
        return this;
    }

    /** @return how many enqueued replies have not been used yet */
    public int queuedReplies() {
        return queue.size();
    }

    /**
     * Sets how long each chat call sleeps while holding its slot, before it answers (default 0).
     *
     * @param perCall the latency
     * @return this
     */
    public FakeOllama latency(Duration perCall) {
        Objects.requireNonNull(perCall, "perCall");
        if (perCall.isNegative()) {
            throw new IllegalArgumentException("negative latency");
        }
        this.latency = perCall;
        return this;
    }

    /**
     * With {@code true}, a streamed reply with content spends its {@link #latency(Duration) latency} writing its
     * chunks, paced evenly, as a model writes tokens while it computes, its last line written one latency after the
     * call took its slot; by default the call sleeps the latency and then writes every chunk at once (the writing
     * then adds to the call's time, more so on a busy machine). Other replies keep the default.
     *
     * @param on pace streamed replies
     * @return this
     */
    public FakeOllama paceStream(boolean on) {
        this.paced = on;
        return this;
    }

    /**
     * Holds every chat call after the first {@code calls} until {@link #release()}, so a test can act (send a
     * signal, kill a process) at a known point however slow the machine is. A held call waits at most two
     * minutes, then answers anyway.
     *
     * @param calls chat calls answered before the hold, at least 0
     * @return this
     */
    public FakeOllama holdAfter(int calls) {
        if (calls < 0) throw new IllegalArgumentException("negative call count");
        this.holdAfter = calls;
        return this;
    }

    /** Lets the calls held by {@link #holdAfter(int)} (and every later one) answer. */
    public void release() {
        held.countDown();
    }

    /**
     * At most {@code n} chat calls are processed at once; the others wait their turn in arrival order,
     * like {@code OLLAMA_NUM_PARALLEL}. Default unlimited. Calls already waiting keep the old limit.
     *
     * @param n the number of parallel slots, at least 1
     * @return this
     */
    public FakeOllama slots(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("slots < 1");
        }
        this.slots = new Semaphore(n, true);
        return this;
    }

    /** @return the highest number of chat calls that were processed at the same time */
    public int maxConcurrentSeen() {
        return maxConcurrent.get();
    }

    /** @return the number of chat calls being processed right now (holding a slot) */
    public int inFlight() {
        return inFlight.get();
    }

    /** @return the number of chat calls waiting for a {@link #slots(int) slot} right now (queued in the server) */
    public int waitingForSlot() {
        return waiting.get();
    }

    /** @return the time chat calls held a slot, summed over calls, in nanoseconds (answer written included) */
    public long slotBusyNanos() {
        return slotBusyNanos.get();
    }

    /**
     * @return the highest number of chat calls the server held at once, processed and waiting for a slot together;
     *     a call is held from its arrival until just before the last bytes of its answer are written
     */
    public int maxHeldSeen() {
        return maxHeld.get();
    }

    /**
     * Sets the number of progress lines of {@code /api/pull} and the pause before each of them
     * (default 5 and 20 ms).
     *
     * @param steps number of progress lines that carry {@code completed}, at least 1
     * @param perStep the pause between lines
     * @return this
     */
    public FakeOllama pullSteps(int steps, Duration perStep) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps < 1");
        }
        Objects.requireNonNull(perStep, "perStep");
        this.pullSteps = steps;
        this.pullStepPause = perStep;
        return this;
    }

    /**
     * Makes {@code GET /api/tags} answer with this HTTP status and Ollama's {@code {"error": ...}} body
     * (503 gives Ollama's "server busy" text), as a server that is up but failing does; 200 restores it.
     *
     * @param status the HTTP status
     * @return this
     */
    public FakeOllama tagsStatus(int status) {
        this.tagsStatus = status;
        return this;
    }

    /**
     * Makes {@code /api/pull} of this tag fail as for a tag the registry does not know: the stream gives
     * {@code {"status":"pulling manifest"}} then {@code {"error":"pull model manifest: file does not exist"}}.
     *
     * @param tag the model tag
     * @return this
     */
    public FakeOllama pullFails(String tag) {
        pullFailures.add(normalize(tag));
        return this;
    }

    /**
     * When true, {@code /api/ps} reports {@code size_vram < size} (model partly on the CPU, slow).
     *
     * @param partly whether the model is partly on the CPU
     * @return this
     */
    public FakeOllama psPartlyOnCpu(boolean partly) {
        this.psPartlyOnCpu = partly;
        return this;
    }

    /**
     * Sets the {@code capabilities} reported by {@code /api/show} for every model (default
     * {@code ["completion","tools"]}).
     *
     * @param caps capability names such as "completion", "tools", "thinking", "vision"
     * @return this
     */
    public FakeOllama capabilities(String... caps) {
        this.capabilities = List.of(caps);
        return this;
    }

    /**
     * Sets {@code model_info."<arch>.context_length"} reported by {@code /api/show} (default 131072).
     *
     * @param tokens the context length
     * @return this
     */
    public FakeOllama contextLength(int tokens) {
        this.contextLength = tokens;
        return this;
    }

    // ================================================================== observations

    /** @return every {@code /api/chat} request body received (parseable JSON objects), in order; deep copies */
    public List<JsonNode> chatRequests() {
        synchronized (chatRequests) {
            List<JsonNode> copy = new ArrayList<>(chatRequests.size());
            chatRequests.forEach(n -> copy.add(n.deepCopy()));
            return Collections.unmodifiableList(copy);
        }
    }

    /** @return the number of {@code /api/chat} requests received */
    public int chatCount() {
        synchronized (chatRequests) {
            return chatRequests.size();
        }
    }

    /** @return the last {@code /api/chat} request body, or null if none */
    public JsonNode lastChatRequest() {
        synchronized (chatRequests) {
            return chatRequests.isEmpty() ? null : chatRequests.get(chatRequests.size() - 1).deepCopy();
        }
    }

    /** @return unexpected exceptions thrown while handling requests (e.g. by a {@link ChatHandler}) */
    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    // ================================================================== public types

    /** Computes the answer to one chat call; may be called from several threads at once. */
    @FunctionalInterface
    public interface ChatHandler {
        /**
         * @param call the parsed request
         * @return the reply, never null
         */
        Reply handle(ChatCall call);
    }

    /**
     * One parsed {@code POST /api/chat} request.
     *
     * @param model the model as requested
     * @param messages the messages (content "" when missing)
     * @param format {@code "format"} ("json" or a schema object), or null when absent
     * @param options {@code "options"}, or null when absent
     * @param stream {@code "stream"} (true when absent, as in Ollama)
     * @param body the whole request body
     */
    public record ChatCall(String model, List<Msg> messages, JsonNode format, JsonNode options, boolean stream,
                           JsonNode body) {

        /** @return the content of the last message with role "user", or null if there is none */
        public String lastUserContent() {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if ("user".equals(messages.get(i).role())) {
                    return messages.get(i).content();
                }
            }
            return null;
        }

        /** @return the contents of the "system" messages joined by a newline, or null if there is none */
        public String systemContent() {
            StringBuilder sb = null;
            for (Msg m : messages) {
                if ("system".equals(m.role())) {
                    if (sb == null) {
                        sb = new StringBuilder(m.content());
                    } else {
                        sb.append('\n').append(m.content());
                    }
                }
            }
            return sb == null ? null : sb.toString();
        }
    }

    /**
     * One chat message.
     *
     * @param role "system", "user", "assistant" or "tool"
     * @param content the text
     */
    public record Msg(String role, String content) {
    }

    // ================================================================== dispatch

    private void dispatch(HttpExchange ex) {
        try {
            route(ex);
        } catch (IOException e) {
            // the client went away, or the server was stopped/closed during a pause: nothing to answer
        } catch (RuntimeException | Error e) {
            errors.add(e);
            System.err.println("FakeOllama: " + ex.getRequestMethod() + " " + ex.getRequestURI()
                    + " failed: " + e);
            if (ex.getResponseCode() == -1) {
                try {
                    sendError(ex, 500, String.valueOf(e.getMessage() != null ? e.getMessage() : e));
                } catch (IOException | RuntimeException ignored) {
                    // nothing more we can do
                }
            }
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        boolean get = method.equals("GET") || method.equals("HEAD");
        boolean post = method.equals("POST");
        if (path.equals("/") && get) {
            sendBytes(ex, 200, "text/plain; charset=utf-8", "Ollama is running".getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/api/version") && get) {
            drain(ex);
            sendJson(ex, 200, obj().put("version", version));
        } else if (path.equals("/api/tags") && get) {
            drain(ex);
            if (tagsStatus != 200) {
                sendError(ex, tagsStatus, tagsStatus == 503 ? "server busy, please try again.  maximum pending requests exceeded" : "internal error");
                return;
            }
            handleTags(ex);
        } else if (path.equals("/api/ps") && get) {
            drain(ex);
            handlePs(ex);
        } else if (path.equals("/api/show") && post) {
            handleShow(ex);
        } else if (path.equals("/api/pull") && post) {
            handlePull(ex);
        } else if (path.equals("/api/chat") && post) {
            handleChat(ex);
        } else {
            drain(ex);
            sendBytes(ex, 404, "text/plain", "404 page not found".getBytes(StandardCharsets.UTF_8));
        }
    }

    // ================================================================== /api/tags, /api/ps, /api/show

    private void handleTags(HttpExchange ex) throws IOException {
        ArrayNode arr = MAPPER.createArrayNode();
        for (ModelEntry m : entries()) {
            ObjectNode n = arr.addObject();
            n.put("name", m.tag());
            n.put("model", m.tag());
            n.put("modified_at", m.modifiedAt().toString());
            n.put("size", m.size());
            n.put("digest", m.digest());
            n.set("details", details(m));
        }
        ObjectNode root = obj();
        root.set("models", arr);
        sendJson(ex, 200, root);
    }

    private void handlePs(HttpExchange ex) throws IOException {
        ArrayNode arr = MAPPER.createArrayNode();
        Instant now = Instant.now();
        for (ModelEntry m : entries()) {
            Instant expires = loaded.get(m.tag());
            if (expires == null || expires.isBefore(now)) {
                continue;
            }
            ObjectNode n = arr.addObject();
            n.put("name", m.tag());
            n.put("model", m.tag());
            n.put("size", m.size());
            n.put("digest", m.digest());
            n.set("details", details(m));
            n.put("expires_at", OffsetDateTime.ofInstant(expires, ZoneOffset.UTC).toString());
            n.put("size_vram", psPartlyOnCpu ? m.size() * 3 / 5 : m.size());
            n.put("context_length", 4096);
        }
        ObjectNode root = obj();
        root.set("models", arr);
        sendJson(ex, 200, root);
    }

    private void handleShow(HttpExchange ex) throws IOException {
        JsonNode body = readJson(ex);
        if (body == null) {
            return;
        }
        String model = text(body, "model", text(body, "name", null));
        if (model == null || model.isBlank()) {
            sendError(ex, 400, "model is required");
            return;
        }
        ModelEntry m = models.get(normalize(model));
        if (m == null) {
            sendError(ex, 404, "model \"" + model + "\" not found");
            return;
        }
        String arch = m.family();
        String template = "{{- if .System }}<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>"
                + "{{- end }}\n{{- range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n"
                + "{{ .Content }}<|eot_id|>{{- end }}<|start_header_id|>assistant<|end_header_id|>\n\n";
        String parameters = "stop                           \"<|start_header_id|>\"\n"
                + "stop                           \"<|end_header_id|>\"\n"
                + "stop                           \"<|eot_id|>\"";
        String modelfile = "# Modelfile generated by \"ollama show\"\n"
                + "# To build a new Modelfile based on this, replace FROM with:\n"
                + "# FROM " + m.tag() + "\n\n"
                + "FROM /root/.ollama/models/blobs/sha256-" + layerDigest(m.tag()) + "\n"
                + "TEMPLATE \"\"\"" + template + "\"\"\"\n"
                + "PARAMETER stop <|start_header_id|>\n"
                + "PARAMETER stop <|end_header_id|>\n"
                + "PARAMETER stop <|eot_id|>\n"
                + "LICENSE \"\"\"Fake license for tests.\"\"\"\n";
        ObjectNode root = obj();
        root.put("license", "Fake license for tests.");
        root.put("modelfile", modelfile);
        root.put("parameters", parameters);
        root.put("template", template);
        root.set("details", details(m));
        ObjectNode info = root.putObject("model_info");
        info.put("general.architecture", arch);
        info.put("general.parameter_count", parameterCount(m.tag()));
        info.put("general.quantization_version", 2);
        info.put(arch + ".context_length", contextLength);
        info.put(arch + ".embedding_length", 4096);
        info.put(arch + ".block_count", 32);
        ArrayNode caps = root.putArray("capabilities");
        capabilities.forEach(caps::add);
        root.put("modified_at", m.modifiedAt().toString());
        sendJson(ex, 200, root);
    }

    // ================================================================== /api/pull

    private void handlePull(HttpExchange ex) throws IOException {
        JsonNode body = readJson(ex);
        if (body == null) {
            return;
        }
        String model = text(body, "model", text(body, "name", null));
        if (model == null || model.isBlank()) {
            sendError(ex, 400, "model is required");
            return;
        }
        String tag = normalize(model);
        boolean stream = body.path("stream").asBoolean(true);
        boolean fails = pullFailures.contains(tag);
        String error = "pull model manifest: file does not exist";
        int steps = pullSteps;
        Duration pause = pullStepPause;
        if (!stream) {
            sleep(pause.multipliedBy(steps));
            if (fails) {
                sendError(ex, 500, error);
            } else {
                putModel(tag);
                sendJson(ex, 200, obj().put("status", "success"));
            }
            return;
        }
        OutputStream out = startStream(ex);
        writeLine(out, obj().put("status", "pulling manifest"));
        sleep(pause);
        if (fails) {
            writeLine(out, obj().put("error", error));
            out.close();
            return;
        }
        String hex = layerDigest(tag);
        long total = sizeOf(tag);
        String status = "pulling " + hex.substring(0, 12);
        writeLine(out, obj().put("status", status).put("digest", "sha256:" + hex).put("total", total));
        for (int i = 1; i <= steps; i++) {
            sleep(pause);
            writeLine(out, obj().put("status", status).put("digest", "sha256:" + hex).put("total", total)
                    .put("completed", total * i / steps));
        }
        writeLine(out, obj().put("status", "verifying sha256 digest"));
        writeLine(out, obj().put("status", "writing manifest"));
        putModel(tag);
        writeLine(out, obj().put("status", "success"));
        out.close();
    }

    // ================================================================== /api/chat

    private void handleChat(HttpExchange ex) throws IOException {
        JsonNode body = readJson(ex);
        if (body == null) {
            return;
        }
        synchronized (chatRequests) {
            chatRequests.add(body.deepCopy());
        }
        String model = text(body, "model", null);
        if (model == null || model.isBlank()) {
            sendError(ex, 400, "model is required");
            return;
        }
        String tag = normalize(model);
        if (!models.containsKey(tag)) {
            sendError(ex, 404, "model \"" + model + "\" not found, try pulling it first");
            return;
        }
        JsonNode format = body.get("format");
        if (format != null && format.isNull()) {
            format = null;
        }
        if (format != null && !(format.isObject() || (format.isTextual()
                && (format.asText().equals("json") || format.asText().isEmpty())))) {
            sendError(ex, 400, "invalid format: expected \"json\" or a valid JSON schema");
            return;
        }
        JsonNode options = body.get("options");
        if (options != null && options.isNull()) {
            options = null;
        }
        List<Msg> messages = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            messages.add(new Msg(m.path("role").asText(""), m.path("content").asText("")));
        }
        boolean stream = body.path("stream").asBoolean(true);
        if (messages.isEmpty()) {
            // Ollama answers a chat without messages by loading the model: one object, done_reason "load"
            markLoaded(tag, body.get("keep_alive"));
            ObjectNode load = head(model);
            load.putObject("message").put("role", "assistant").put("content", "");
            load.put("done_reason", "load").put("done", true);
            sendJson(ex, 200, load);
            return;
        }
        ChatCall call = new ChatCall(model, List.copyOf(messages), format, options, stream, body);

        Semaphore s = slots;
        waiting.incrementAndGet();
        maxHeld.accumulateAndGet(heldNow.incrementAndGet(), Math::max);
        java.util.concurrent.atomic.AtomicBoolean stillHeld = new java.util.concurrent.atomic.AtomicBoolean(true);
        Runnable leave = () -> {
            if (stillHeld.getAndSet(false)) heldNow.decrementAndGet();
        };
        BEFORE_LAST_WRITE.set(leave);
        try {
            chatInSlot(ex, s, call, tag, body, messages);
        } finally {
            leave.run();
            BEFORE_LAST_WRITE.remove();
        }
    }

    private void chatInSlot(HttpExchange ex, Semaphore s, ChatCall call, String tag, JsonNode body, List<Msg> messages)
            throws IOException {
        if (s != null) {
            try {
                s.acquire();
            } catch (InterruptedException e) {
                waiting.decrementAndGet();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a slot");
            }
        }
        maxConcurrent.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        waiting.decrementAndGet();
        long slotTaken = System.nanoTime();
        try {
            markLoaded(tag, body.get("keep_alive"));
            if (chatsAnswering.incrementAndGet() > holdAfter) {
                try {
                    held.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while held");
                }
            }
            Reply reply = queue.poll();
            if (reply == null) {
                reply = handler.handle(call);
                if (reply == null) {
                    throw new IllegalStateException("ChatHandler returned null");
                }
            }
            boolean pace = paced && call.stream() && reply.kind() == Reply.Kind.CONTENT && reply.thinking() == null;
            if (!pace) sleep(latency);
            answer(ex, reply, call, promptTokens(messages), pace ? slotTaken + latency.toNanos() : 0);
        } finally {
            slotBusyNanos.addAndGet(System.nanoTime() - slotTaken);
            inFlight.decrementAndGet();
            if (s != null) {
                s.release();
            }
        }
    }

    /** @param paceUntil 0, or the {@link System#nanoTime()} by which a paced stream writes its last line */
    private void answer(HttpExchange ex, Reply r, ChatCall call, int promptTokens, long paceUntil) throws IOException {
        switch (r.kind()) {
            case DELAYED:
                sleep(r.delay());
                answer(ex, r.inner(), call, promptTokens, 0);
                return;
            case DROP_CONNECTION:
                beforeLastWrite();
                ex.close(); // closes the socket: no status line, no headers
                return;
            case ERROR:
                sendError(ex, r.status(), r.error());
                return;
            default:
                break;
        }
        if (!call.stream()) {
            switch (r.kind()) {
                case STREAM_ERROR:
                    sendError(ex, 200, r.error());
                    return;
                case ENDS_WITHOUT_DONE: {
                    String full = MAPPER.writeValueAsString(finalObject(call.model(), r, promptTokens, true));
                    String cut = Reply.firstHalf(full);
                    sendBytes(ex, 200, JSON_TYPE, cut.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                case STALL:
                    sleep(r.delay());
                    sendJson(ex, 200, finalObject(call.model(), r, promptTokens, true));
                    return;
                default:
                    sendJson(ex, 200, finalObject(call.model(), r, promptTokens, true));
                    return;
            }
        }
        OutputStream out = startStream(ex);
        if (r.thinking() != null) {
            for (String chunk : chunks(r.thinking(), r.chunkSize())) {
                ObjectNode line = head(call.model());
                line.putObject("message").put("role", "assistant").put("content", "").put("thinking", chunk);
                line.put("done", false);
                writeLine(out, line);
            }
        }
        List<String> parts = chunks(r.content(), r.chunkSize());
        long paceFrom = System.nanoTime();
        for (int i = 0; i < parts.size(); i++) {
            ObjectNode line = head(call.model());
            line.putObject("message").put("role", "assistant").put("content", parts.get(i));
            line.put("done", false);
            if (paceUntil != 0) {
                sleep(Duration.ofNanos(paceFrom + (paceUntil - paceFrom) * (i + 1) / (parts.size() + 1) - System.nanoTime()));
            }
            writeLine(out, line);
        }
        if (paceUntil != 0) {
            sleep(Duration.ofNanos(paceUntil - System.nanoTime()));
        }
        beforeLastWrite();
        switch (r.kind()) {
            case STREAM_ERROR:
                writeLine(out, obj().put("error", r.error()));
                break;
            case ENDS_WITHOUT_DONE:
                break;
            case STALL:
                sleep(r.delay());
                writeLine(out, finalObject(call.model(), r, promptTokens, false));
                break;
            default:
                writeLine(out, finalObject(call.model(), r, promptTokens, false));
                break;
        }
        out.close();
    }

    /** The non-streaming answer, or (withContent false) the last line of a stream. */
    private static ObjectNode finalObject(String model, Reply r, int promptTokens, boolean withContent) {
        ObjectNode n = head(model);
        ObjectNode msg = n.putObject("message");
        msg.put("role", "assistant");
        msg.put("content", withContent ? r.content() : "");
        if (withContent && r.thinking() != null) {
            msg.put("thinking", r.thinking());
        }
        n.put("done_reason", r.doneReason() == null ? "stop" : r.doneReason());
        n.put("done", true);
        int evalCount = r.effectiveEvalCount();
        long promptNs = promptTokens * 500_000L;
        long evalNs = evalCount * 10_000_000L;
        n.put("total_duration", r.loadDurationNs() + promptNs + evalNs + 250_000L);
        n.put("load_duration", r.loadDurationNs());
        n.put("prompt_eval_count", promptTokens);
        n.put("prompt_eval_duration", promptNs);
        n.put("eval_count", evalCount);
        n.put("eval_duration", evalNs);
        return n;
    }

    private static ObjectNode head(String model) {
        return obj().put("model", model).put("created_at", Instant.now().toString());
    }

    private static int promptTokens(List<Msg> messages) {
        int n = 0;
        for (Msg m : messages) {
            n += Reply.roughTokens(m.content()) + 4;
        }
        return Math.max(1, n);
    }

    /** Splits into chunks of at most {@code size} code points (never splitting a surrogate pair). */
    static List<String> chunks(String text, int size) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int end = text.offsetByCodePoints(i, Math.min(size, text.codePointCount(i, text.length())));
            out.add(text.substring(i, end));
            i = end;
        }
        return out;
    }

    private void markLoaded(String tag, JsonNode keepAlive) {
        Duration d = keepAliveOf(keepAlive);
        if (d == null) {
            loaded.put(tag, Instant.parse("2318-01-01T00:00:00Z"));
        } else if (d.isZero()) {
            loaded.remove(tag);
        } else {
            loaded.put(tag, Instant.now().plus(d));
        }
    }

    /** Ollama's keep_alive: seconds as a number, or a Go duration string; negative = forever (null here). */
    private static Duration keepAliveOf(JsonNode n) {
        Duration def = Duration.ofMinutes(5);
        if (n == null || n.isNull()) {
            return def;
        }
        double seconds;
        if (n.isNumber()) {
            seconds = n.asDouble();
        } else {
            String s = n.asText().trim();
            if (s.matches("-?\\d+(\\.\\d+)?")) {
                seconds = Double.parseDouble(s);
            } else {
                Matcher m = GO_DURATION.matcher(s);
                if (!m.matches()) {
                    return def;
                }
                double v = Double.parseDouble(m.group(1));
                switch (m.group(2)) {
                    case "ms": seconds = v / 1000; break;
                    case "s": seconds = v; break;
                    case "m": seconds = v * 60; break;
                    default: seconds = v * 3600; break;
                }
            }
        }
        if (seconds < 0) {
            return null;
        }
        return Duration.ofMillis((long) (seconds * 1000));
    }

    // ================================================================== models

    private void putModel(String rawTag) {
        String tag = normalize(rawTag);
        String name = tag.substring(tag.lastIndexOf('/') + 1, tag.lastIndexOf(':'));
        Matcher fm = Pattern.compile("^[A-Za-z]+").matcher(name);
        String family = fm.find() ? fm.group().toLowerCase() : "llama";
        double billions = parameterCount(tag) / 1e9;
        String paramSize = billions < 1 ? String.format(java.util.Locale.ROOT, "%.0fM", billions * 1000)
                : String.format(java.util.Locale.ROOT, "%.1fB", billions);
        models.put(tag, new ModelEntry(tag, sha256Hex(tag), sizeOf(tag), family, paramSize, "Q4_K_M",
                Instant.parse("2025-10-01T12:00:00Z")));
    }

    private List<ModelEntry> entries() {
        synchronized (models) {
            return List.copyOf(models.values());
        }
    }

    private static ObjectNode details(ModelEntry m) {
        ObjectNode d = obj();
        d.put("parent_model", "");
        d.put("format", "gguf");
        d.put("family", m.family());
        d.putArray("families").add(m.family());
        d.put("parameter_size", m.parameterSize());
        d.put("quantization_level", m.quantization());
        return d;
    }

    /** Parameter count from a tag suffix like {@code :8b}, {@code :0.6b}, {@code :270m}; 8B otherwise. */
    private static long parameterCount(String tag) {
        String t = tag.substring(tag.lastIndexOf('/') + 1);
        int colon = t.lastIndexOf(':');
        String suffix = colon >= 0 ? t.substring(colon) : t;
        Matcher m = PARAMS.matcher(suffix);
        if (m.find()) {
            double v = Double.parseDouble(m.group(1));
            return (long) (v * (m.group(2).equalsIgnoreCase("b") ? 1e9 : 1e6));
        }
        return 8_030_261_248L;
    }

    /** Size on disk of a Q4_K_M model: about 0.61 bytes per parameter. */
    private static long sizeOf(String tag) {
        return (long) (parameterCount(tag) * 0.6125) + 12_345L;
    }

    /** Adds {@code :latest} to a tag without a version, as Ollama does. */
    static String normalize(String model) {
        String m = model.trim();
        int slash = m.lastIndexOf('/');
        return m.indexOf(':', slash + 1) >= 0 ? m : m + ":latest";
    }

    private static String layerDigest(String tag) {
        return sha256Hex("layer:" + tag);
    }

    /** 64 lowercase hex characters. */
    static String sha256Hex(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(64);
            for (byte b : h) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ================================================================== HTTP helpers

    /**
     * A mapper that writes JSON the way Go's encoding/json (and so Ollama) does: raw UTF-8 for all
     * characters including emoji, but {@code <}, {@code >}, {@code &}, U+2028 and U+2029 written as JSON
     * unicode escapes (backslash, u, 003c and so on).
     */
    private static ObjectMapper goStyleMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .build();
        mapper.getFactory().setCharacterEscapes(new GoEscapes());
        return mapper;
    }

    /** Go's HTML-safe escaping of {@code <>&} and the JavaScript line separators. */
    private static final class GoEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        GoEscapes() {
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            switch (ch) {
                case '<': return new SerializedString("\\u003c");
                case '>': return new SerializedString("\\u003e");
                case '&': return new SerializedString("\\u0026");
                case 0x2028: return new SerializedString("\\u2028");
                case 0x2029: return new SerializedString("\\u2029");
                default: return null;
            }
        }
    }

    private static ObjectNode obj() {
        return MAPPER.createObjectNode();
    }

    private static String text(JsonNode body, String field, String def) {
        JsonNode n = body.get(field);
        return n != null && n.isTextual() ? n.asText() : def;
    }

    private static void drain(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** Reads the body as a JSON object, or answers 400 as Ollama does and returns null. */
    private static JsonNode readJson(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        if (bytes.length == 0) {
            sendError(ex, 400, "missing request body");
            return null;
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            sendError(ex, 400, "invalid character in request body: " + e.getOriginalMessage());
            return null;
        }
        if (n == null || !n.isObject()) {
            sendError(ex, 400, "json: cannot unmarshal into Go value of type api.Request");
            return null;
        }
        return n;
    }

    private static void sendError(HttpExchange ex, int status, String message) throws IOException {
        sendJson(ex, status, obj().put("error", message));
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode node) throws IOException {
        sendBytes(ex, status, JSON_TYPE, MAPPER.writeValueAsBytes(node));
    }

    private static void sendBytes(HttpExchange ex, int status, String type, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        beforeLastWrite();
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private static void beforeLastWrite() {
        Runnable r = BEFORE_LAST_WRITE.get();
        if (r != null) r.run();
    }

    private static OutputStream startStream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", NDJSON_TYPE);
        ex.sendResponseHeaders(200, 0); // chunked
        return ex.getResponseBody();
    }

    private static void writeLine(OutputStream out, JsonNode node) throws IOException {
        out.write(MAPPER.writeValueAsBytes(node));
        out.write('\n');
        out.flush();
    }

    /**
     * Plays the server's compute time for a reply (its latency, a stall, a pull's progress): waits until the time is up
     * or the server is stopped or closed, whichever comes first; a stop ends the exchange like a lost connection.
     *
     * @throws InterruptedIOException when the server was stopped or closed during the wait, or the thread interrupted
     */
    private void sleep(Duration d) throws InterruptedIOException {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            if (stopping.await(d.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                throw new InterruptedIOException("the fake server was stopped during the reply");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }
}
