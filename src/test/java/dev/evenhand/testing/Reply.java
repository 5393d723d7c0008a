package dev.evenhand.testing;

import java.time.Duration;
import java.util.Objects;

/**
 * One scripted answer of {@link FakeOllama} to a {@code POST /api/chat} call.
 *
 * <p>A reply is immutable; the copy-modifiers ({@link #doneReason(String)}, {@link #evalCount(int)},
 * {@link #loadDurationNs(long)}, {@link #thinking(String)}, {@link #chunkSize(int)}) return a new
 * instance. The same reply works for {@code "stream": false} (one JSON object) and for
 * {@code "stream": true} (NDJSON: the content split into small chunks, then a final line with
 * {@code done:true} and the statistics), exactly as Ollama sends them.
 *
 * <p>The factories named after a fault kind of {@code OLLAMA.md} reproduce what real models send
 * back: {@link #fenced} (1), {@link #trailingText} and {@link #twoObjects} (2),
 * {@link #whitespaceRunaway} (3), {@link #truncated} (4), {@link #doubledBrace} (5),
 * {@link #reasoningLeak} and {@link #untaggedReasoning} (6), {@link #streamError} and
 * {@link #endsWithoutDone} (7), {@link #error} (8, 9 and 400s) and {@link #dropConnection}.
 */
public final class Reply {

    /** What kind of answer the fake server gives. */
    public enum Kind {
        /** A normal answer with content (HTTP 200, {@code done:true}). */
        CONTENT,
        /** An HTTP error status with a body {@code {"error":"..."}}. */
        ERROR,
        /** HTTP 200, some content, then an {@code {"error":"..."}} line (non-streaming: 200 with an error body). */
        STREAM_ERROR,
        /** HTTP 200, some content, then the stream ends without a {@code done:true} line (non-streaming: a cut JSON body). */
        ENDS_WITHOUT_DONE,
        /** The server closes the connection without sending a response. */
        DROP_CONNECTION,
        /** Waits {@link #delay()} and then answers with {@link #inner()}. */
        DELAYED,
        /** Streams {@link #content()} then stalls {@link #delay()} before the final line (non-streaming: waits, then answers). */
        STALL
    }

    /** Default {@code load_duration} in nanoseconds (1 ms). */
    public static final long DEFAULT_LOAD_DURATION_NS = 1_000_000L;

    /** Default number of code points per streamed chunk. */
    public static final int DEFAULT_CHUNK_SIZE = 4;

    private static final String REASONING_TAGGED = "<think>Let me consider the story...</think>\n";
    private static final String REASONING_UNTAGGED = "Okay, let me think about this. The character...\n\n";

    private final Kind kind;
    private final String content;
    private final String thinking;
    private final String doneReason;
    private final int evalCount;
    private final long loadDurationNs;
    private final int status;
    private final String error;
    private final Duration delay;
    private final Reply inner;
    private final int chunkSize;

    private Reply(Kind kind, String content, String thinking, String doneReason, int evalCount,
                  long loadDurationNs, int status, String error, Duration delay, Reply inner, int chunkSize) {
        this.kind = kind;
        this.content = content;
        this.thinking = thinking;
        this.doneReason = doneReason;
        this.evalCount = evalCount;
        this.loadDurationNs = loadDurationNs;
        this.status = status;
        this.error = error;
        this.delay = delay;
        this.inner = inner;
        this.chunkSize = chunkSize;
    }

    private static Reply of(Kind kind, String content) {
        return new Reply(kind, content, null, "stop", -1, DEFAULT_LOAD_DURATION_NS, 200, null,
                Duration.ZERO, null, DEFAULT_CHUNK_SIZE);
    }

    // ------------------------------------------------------------------ factories

    /**
     * A normal answer: HTTP 200, {@code message.content} = {@code content}, {@code done_reason "stop"},
     * {@code eval_count} = a rough token count (words), fixed plausible durations.
     *
     * @param content the assistant's content (may be empty, not null)
     * @return the reply
     */
    public static Reply content(String content) {
        return of(Kind.CONTENT, Objects.requireNonNull(content, "content"));
    }

    /**
     * An HTTP error: the given status with body {@code {"error": message}}, e.g. 503
     * {@code "server busy, please try again.  maximum pending requests exceeded"}, 500
     * {@code "llama runner process has terminated: exit status 2"} or 400.
     *
     * @param status HTTP status, 400-599
     * @param message the error text
     * @return the reply
     */
    public static Reply error(int status, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("error status must be 400-599: " + status);
        }
        return new Reply(Kind.ERROR, "", null, null, -1, DEFAULT_LOAD_DURATION_NS, status,
                Objects.requireNonNull(message, "message"), Duration.ZERO, null, DEFAULT_CHUNK_SIZE);
    }

    /**
     * 503 {@code server busy, please try again.  maximum pending requests exceeded} (fault kind 8).
     *
     * @return the reply
     */
    public static Reply busy() {
        return error(503, "server busy, please try again.  maximum pending requests exceeded");
    }

    /**
     * 500 {@code llama runner process has terminated: exit status 2} (fault kind 8).
     *
     * @return the reply
     */
    public static Reply runnerCrash() {
        return error(500, "llama runner process has terminated: exit status 2");
    }

    /**
     * Fault kind 7: HTTP 200, then (streaming) the chunks of {@code partialContent} followed by a line
     * {@code {"error":"..."}} and the end of the stream; non-streaming: HTTP 200 with body
     * {@code {"error":"..."}}.
     *
     * @param partialContent content streamed before the error
     * @param error the error text
     * @return the reply
     */
    public static Reply streamError(String partialContent, String error) {
        return new Reply(Kind.STREAM_ERROR, Objects.requireNonNull(partialContent, "partialContent"), null,
                null, -1, DEFAULT_LOAD_DURATION_NS, 200,
                Objects.requireNonNull(error, "error"), Duration.ZERO, null, DEFAULT_CHUNK_SIZE);
    }

    /**
     * Fault kind 7b: streaming, the chunks of {@code partialContent} are sent and the stream simply
     * ends (no {@code done:true} line); non-streaming, HTTP 200 with a JSON body cut in the middle of
     * the object.
     *
     * @param partialContent content sent before the stream ends
     * @return the reply
     */
    public static Reply endsWithoutDone(String partialContent) {
        return of(Kind.ENDS_WITHOUT_DONE, Objects.requireNonNull(partialContent, "partialContent"));
    }

    /**
     * The server closes the connection without any response; the client sees an {@code IOException}.
     *
     * @return the reply
     */
    public static Reply dropConnection() {
        return of(Kind.DROP_CONNECTION, "");
    }

    /**
     * Waits {@code d} before answering with {@code reply} (for timeout tests). Nothing, not even the
     * headers, is sent during the wait.
     *
     * @param d the wait
     * @param reply the answer given after the wait
     * @return the reply
     */
    public static Reply delayed(Duration d, Reply reply) {
        requireNonNegative(d);
        Objects.requireNonNull(reply, "reply");
        return new Reply(Kind.DELAYED, reply.content, null, null, -1, DEFAULT_LOAD_DURATION_NS, 200, null,
                d, reply, DEFAULT_CHUNK_SIZE);
    }

    /**
     * Streaming: sends the chunks of {@code partialContent}, then stalls {@code d}, then finishes
     * normally with the {@code done:true} line (content = {@code partialContent}). Non-streaming:
     * waits {@code d} and answers {@code partialContent} normally. For read-timeout tests of a
     * generation that stops producing tokens.
     *
     * @param partialContent content sent before the stall
     * @param d how long the stream stalls
     * @return the reply
     */
    public static Reply stall(String partialContent, Duration d) {
        requireNonNegative(d);
        return new Reply(Kind.STALL, Objects.requireNonNull(partialContent, "partialContent"), null, "stop", -1,
                DEFAULT_LOAD_DURATION_NS, 200, null, d, null, DEFAULT_CHUNK_SIZE);
    }

    /**
     * Fault kind 1: content {@code "```json\n" + json + "\n```"}.
     *
     * @param json the JSON the model meant to send
     * @return the reply
     */
    public static Reply fenced(String json) {
        return content("```json\n" + json + "\n```");
    }

    /**
     * Fault kind 2: content {@code json + "\n\nHope this helps!"}.
     *
     * @param json the JSON the model meant to send
     * @return the reply
     */
    public static Reply trailingText(String json) {
        return content(json + "\n\nHope this helps!");
    }

    /**
     * Fault kind 2 (variant): two JSON objects in a row, {@code json + "\n" + json}.
     *
     * @param json the JSON the model meant to send
     * @return the reply
     */
    public static Reply twoObjects(String json) {
        return content(json + "\n" + json);
    }

    /**
     * Fault kind 3: {@code json} followed by 2000 spaces and newlines, {@code done_reason "length"}
     * ({@code num_predict} ran out).
     *
     * @param json the JSON the model meant to send
     * @return the reply
     */
    public static Reply whitespaceRunaway(String json) {
        StringBuilder sb = new StringBuilder(json);
        for (int i = 0; i < 2000; i++) {
            sb.append(i % 8 == 0 ? '\n' : ' ');
        }
        return content(sb.toString()).doneReason("length").evalCount(roughTokens(json) + 1000);
    }

    /**
     * Fault kind 4: the first half of {@code json}, {@code done_reason "length"}.
     *
     * @param json the JSON the model meant to send
     * @return the reply
     */
    public static Reply truncated(String json) {
        return content(firstHalf(json)).doneReason("length");
    }

    /**
     * Fault kind 5: a doubled opening brace, an extra <code>&#123;</code> before {@code json}.
     *
     * @param json the JSON the model meant to send
     * @return the reply
     */
    public static Reply doubledBrace(String json) {
        return content("{" + json);
    }

    /**
     * Fault kind 6: {@code "<think>Let me consider the story...</think>\n" + json}.
     *
     * @param json the JSON the model meant to send
     * @return the reply
     */
    public static Reply reasoningLeak(String json) {
        return content(REASONING_TAGGED + json);
    }

    /**
     * Fault kind 6 (untagged): {@code "Okay, let me think about this. The character...\n\n" + json}.
     *
     * @param json the JSON the model meant to send
     * @return the reply
     */
    public static Reply untaggedReasoning(String json) {
        return content(REASONING_UNTAGGED + json);
    }

    // ------------------------------------------------------------------ copy-modifiers

    /**
     * Copy with another {@code done_reason} ("stop", "length", ...).
     *
     * @param reason the done reason
     * @return a new reply
     */
    public Reply doneReason(String reason) {
        if (kind == Kind.DELAYED) {
            return delayed(delay, inner.doneReason(reason));
        }
        return new Reply(kind, content, thinking, Objects.requireNonNull(reason, "reason"), evalCount,
                loadDurationNs, status, error, delay, inner, chunkSize);
    }

    /**
     * Copy with an explicit {@code eval_count} (otherwise a rough word count of the content).
     *
     * @param count the token count, at least 0
     * @return a new reply
     */
    public Reply evalCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("evalCount < 0");
        }
        if (kind == Kind.DELAYED) {
            return delayed(delay, inner.evalCount(count));
        }
        return new Reply(kind, content, thinking, doneReason, count, loadDurationNs, status, error, delay,
                inner, chunkSize);
    }

    /**
     * Copy with another {@code load_duration} in nanoseconds (e.g. 30 s for a cold model load).
     *
     * @param ns nanoseconds, at least 0
     * @return a new reply
     */
    public Reply loadDurationNs(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("loadDurationNs < 0");
        }
        if (kind == Kind.DELAYED) {
            return delayed(delay, inner.loadDurationNs(ns));
        }
        return new Reply(kind, content, thinking, doneReason, evalCount, ns, status, error, delay, inner,
                chunkSize);
    }

    /**
     * Copy with {@code message.thinking} set (streamed as thinking chunks before the content chunks).
     *
     * @param thinkingText the reasoning text, or null for none
     * @return a new reply
     */
    public Reply thinking(String thinkingText) {
        if (kind == Kind.DELAYED) {
            return delayed(delay, inner.thinking(thinkingText));
        }
        return new Reply(kind, content, thinkingText, doneReason, evalCount, loadDurationNs, status, error,
                delay, inner, chunkSize);
    }

    /**
     * Copy with another streaming chunk size in code points (default {@value #DEFAULT_CHUNK_SIZE}).
     *
     * @param codePoints chunk size, at least 1
     * @return a new reply
     */
    public Reply chunkSize(int codePoints) {
        if (codePoints < 1) {
            throw new IllegalArgumentException("chunkSize < 1");
        }
        if (kind == Kind.DELAYED) {
            return delayed(delay, inner.chunkSize(codePoints));
        }
        return new Reply(kind, content, thinking, doneReason, evalCount, loadDurationNs, status, error, delay,
                inner, codePoints);
    }

    // ------------------------------------------------------------------ accessors

    /** @return the kind of answer */
    public Kind kind() {
        return kind;
    }

    /** @return the (possibly partial) content; "" for errors and dropped connections */
    public String content() {
        return content;
    }

    /** @return {@code message.thinking}, or null */
    public String thinking() {
        return thinking;
    }

    /** @return {@code done_reason} for answers that finish normally */
    public String doneReason() {
        return doneReason;
    }

    /** @return the explicit {@code eval_count}, or -1 when it is estimated from the content */
    public int evalCount() {
        return evalCount;
    }

    /** @return {@code eval_count} as sent: the explicit one or a rough word count of content and thinking */
    public int effectiveEvalCount() {
        if (evalCount >= 0) {
            return evalCount;
        }
        return Math.max(1, roughTokens(content) + (thinking == null ? 0 : roughTokens(thinking)));
    }

    /** @return {@code load_duration} in nanoseconds */
    public long loadDurationNs() {
        return loadDurationNs;
    }

    /** @return the HTTP status (200 except for {@link Kind#ERROR}) */
    public int status() {
        return status;
    }

    /** @return the error text for {@link Kind#ERROR} and {@link Kind#STREAM_ERROR}, else null */
    public String error() {
        return error;
    }

    /** @return the wait of {@link Kind#DELAYED} and {@link Kind#STALL}, else zero */
    public Duration delay() {
        return delay;
    }

    /** @return the reply given after the wait of {@link Kind#DELAYED}, else null */
    public Reply inner() {
        return inner;
    }

    /** @return code points per streamed chunk */
    public int chunkSize() {
        return chunkSize;
    }

    @Override
    public String toString() {
        switch (kind) {
            case ERROR:
                return "Reply.error(" + status + ", " + error + ")";
            case DELAYED:
                return "Reply.delayed(" + delay + ", " + inner + ")";
            case DROP_CONNECTION:
                return "Reply.dropConnection()";
            default:
                String c = content.length() > 60 ? content.substring(0, 60) + "..." : content;
                return "Reply." + kind + "(" + c.replace("\n", "\\n") + ", doneReason=" + doneReason
                        + (error != null ? ", error=" + error : "") + ")";
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * A rough token count: the number of whitespace-separated words.
     *
     * @param text the text
     * @return the word count, 0 for blank text
     */
    static int roughTokens(String text) {
        if (text == null) {
            return 0;
        }
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean ws = Character.isWhitespace(text.charAt(i));
            if (!ws && !inWord) {
                count++;
            }
            inWord = !ws;
        }
        return count;
    }

    /** The first half of {@code s}, never splitting a surrogate pair. */
    static String firstHalf(String s) {
        int cut = s.length() / 2;
        if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(0, cut);
    }

    private static void requireNonNegative(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration: " + d);
        }
    }
}
