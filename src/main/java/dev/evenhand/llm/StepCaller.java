package dev.evenhand.llm;
import dev.evenhand.domain.ModelCall;
import dev.evenhand.domain.ChatExchange;
import dev.evenhand.domain.PromptTemplate;
import dev.evenhand.domain.Step;
import dev.evenhand.domain.FaultKind;

import dev.evenhand.domain.ModelRef;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs one step against the model: fills the prompt template, checks that the prompt fits the context
 * window ({@link ContextBudget}: num_ctx raised for the call, or the call refused and stored as
 * {@link FaultKind#PROMPT_TOO_LONG}), calls Ollama with the step's schema and options, reads the reply
 * robustly, validates it, and applies the {@link RetryPolicy}. Every call is handed to the {@link CallSink}
 * as soon as it ends, with the options actually sent (the num_ctx used included).
 */
public final class StepCaller {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StepCaller.class);
  private final OllamaChat chat;
  private final RetryPolicy policy;
  private final boolean stream;
  private final ReplyReader reader = new ReplyReader();

  /**
   * @param chat   the chat transport
   * @param policy the retry policy
   * @param stream stream replies (the timeout then counts from the last token)
   */
  public StepCaller(OllamaChat chat, RetryPolicy policy, boolean stream) {
    this.chat = chat;
    this.policy = policy;
    this.stream = stream;
  }

  /**
   * The result of a step.
   *
   * @param value  the parsed value, empty when the step failed
   * @param callId the stored id of the call that produced the value (or of the last call)
   * @param fault  null on success, else the final fault
   * @param error  one line describing the fault
   * @param note   null, or one line about how the call was sent that the researcher should see (e.g. a
   *               num_ctx raised so the prompt fits, {@link ContextBudget})
   * @param <T>    the step's result type
   */
  public record Outcome<T>(Optional<T> value, long callId, FaultKind fault, String error, String note) {
    /** An outcome without a note. */
    public Outcome(Optional<T> value, long callId, FaultKind fault, String error) { this(value, callId, fault, error, null); }

    /** @return true when a value was read */
    public boolean ok() { return value.isPresent(); }
  }

  /**
   * @param step      which step
   * @param hosts     the Ollama hosts and their free slots; each call takes a slot
   * @param profile   the model profile (template, options, system message)
   * @param values    the template's placeholder values
   * @param schema    the structured-output schema; null for a plain-text step: no format is sent, the reply is read
   *                  only by {@link ReplyParser#fromPlainText} and a reply cut at num_predict is not asked again with a
   *                  larger budget (the protocol fixes the budget)
   * @param parser    reads and validates the reply
   * @param sink      stores each call
   * @param cancelled polled while waiting for a slot
   * @return the outcome; never throws for a model or server fault
   * @throws InterruptedException when the thread is interrupted during a pause (cancel)
   * @throws java.util.concurrent.CancellationException when {@code cancelled} turned true while waiting for a slot, or
   *     while the request waited in the server's queue ahead of the slots (streamed calls, {@link HostPool}): it is
   *     then withdrawn and not handed to the sink
   * @throws OllamaException UNREACHABLE when every host stayed away longer than the pool's max pause
   */
  public <T> Outcome<T> run(Step step, HostPool hosts, ModelProfile profile, Map<String, String> values,
                            JsonObjectSchema schema, ReplyParser<T> parser, CallSink sink, BooleanSupplier cancelled)
      throws InterruptedException {
    return run(step, hosts, profile, values, schema, parser, sink, cancelled, t -> { });
  }

  /**
   * As {@link #run(Step, HostPool, ModelProfile, Map, JsonObjectSchema, ReplyParser, CallSink, BooleanSupplier)},
   * passing each streamed piece of content to {@code onToken} (used by Regenerate to stream into a field).
   */
  public <T> Outcome<T> run(Step step, HostPool hosts, ModelProfile profile, Map<String, String> values,
                            JsonObjectSchema schema, ReplyParser<T> parser, CallSink sink, BooleanSupplier cancelled,
                            java.util.function.Consumer<String> onToken) throws InterruptedException {
    return run(step, hosts, profile, values, schema, parser, sink, cancelled, onToken, () -> false);
  }

  /**
   * As above; {@code abort} true stops the call in flight at once (Regenerate's Stop), while
   * {@code cancelled} only stops waiting for a slot and withdraws a request still queued at the server,
   * letting calls that run finish (a batch's cancel).
   */
  public <T> Outcome<T> run(Step step, HostPool hosts, ModelProfile profile, Map<String, String> values,
                            JsonObjectSchema schema, ReplyParser<T> parser, CallSink sink, BooleanSupplier cancelled,
                            java.util.function.Consumer<String> onToken, BooleanSupplier abort) throws InterruptedException {
    PromptTemplate template = profile.prompts().get(step);
    String prompt = template.fill(values);
    StepOptions options = profile.options().get(step);
    boolean widened = false;
    int transientTries = 0;
    String note = null;
    while (true) {
      // a streamed call may wait in the server's queue ahead of the slots: it can be withdrawn there
      HostPool.Lease lease = hosts.acquire(cancelled, stream);
      if (lease == null) throw new java.util.concurrent.CancellationException("cancelled");
      ModelRef model = lease.host().model();
      // the prompt must fit num_ctx, or Ollama cuts it silently (OLLAMA.md): raise num_ctx or refuse, before sending
      ContextBudget.Fit fit = ContextBudget.fit(step.id().replace('_', ' '), profile.system(), prompt, options, lease.host().contextLength());
      if (!fit.sendable()) {
        hosts.release(lease, false);
        LOG.warn("{} call to {} not sent: {}", step.id(), model.tag(), fit.refusal());
        ChatExchange refused = new ChatExchange(lease.host().url(), prompt, null, null, null, dev.evenhand.domain.Timings.NONE,
            FaultKind.PROMPT_TOO_LONG, fit.refusal(), java.time.Instant.now(), 0);
        long id = sink.record(new ModelCall(step, model, template, options.asMap(), refused, FaultKind.PROMPT_TOO_LONG, fit.refusal()));
        return new Outcome<>(Optional.empty(), id, FaultKind.PROMPT_TOO_LONG, fit.refusal(), note);
      }
      if (fit.note() != null) {
        LOG.info("{} call to {}: {}", step.id(), model.tag(), fit.note());
        note = fit.note();
      }
      StepOptions sent = fit.options();
      ChatExchange ex = null;
      java.util.concurrent.atomic.AtomicBoolean withdrawn = new java.util.concurrent.atomic.AtomicBoolean();
      BooleanSupplier stop = () -> {
        if (abort.getAsBoolean()) return true;
        // a batch's cancel withdraws a request still queued at the server; calls that run are left to finish
        if (lease.queued() && cancelled.getAsBoolean()) withdrawn.set(true);
        return withdrawn.get();
      };
      try {
        ex = chat.call(lease.host().url(), lease.host().model().tag(), profile.system(), prompt, schema, sent, stream, onToken, stop,
            lease::queued);
      } finally {
        hosts.release(lease, ex != null && !withdrawn.get() && ex.fault() == FaultKind.UNREACHABLE);
      }
      if (withdrawn.get()) {
        // never started: nothing to store, as when the cancel came while waiting for a slot
        LOG.info("{} call to {} withdrawn from the server's queue (cancel)", step.id(), lease.host().url());
        throw new java.util.concurrent.CancellationException("withdrawn from the queue of " + lease.host().url());
      }
      FaultKind fault = ex.fault();
      String error = ex.error();
      T value = null;
      if (ex.arrived() && schema == null) {
        // a plain-text step (the paper protocol's audit): only the parser's explicit answer line counts
        Optional<T> plain = ex.content() == null || ex.content().isBlank() ? Optional.empty() : parser.fromPlainText(ex.content());
        if (plain.isPresent()) value = plain.get();
        else {
          boolean cut = "length".equals(ex.doneReason());
          boolean onlyReasoning = (ex.content() == null || ex.content().isBlank()) && ex.thinking() != null;
          fault = cut ? FaultKind.TRUNCATED : onlyReasoning ? FaultKind.THINKING_ONLY : FaultKind.INVALID_JSON;
          error = onlyReasoning ? "the model answered only in its reasoning (the thinking field)"
              : "the reply holds no readable answer line" + (cut ? " before num_predict ran out" : "");
        }
      } else if (ex.arrived()) {
        ReplyReader.Read read = reader.read(ex.content(), ex.doneReason(), ex.thinking());
        if (read.ok()) {
          try {
            value = parser.parse(read.object());
          } catch (ReplyParser.SchemaMismatch e) {
            fault = FaultKind.SCHEMA_MISMATCH;
            error = e.getMessage();
          }
        } else {
          Optional<T> plain = read.fault() == FaultKind.INVALID_JSON ? parser.fromPlainText(ex.content()) : Optional.empty();
          if (plain.isPresent()) value = plain.get();
          else {
            fault = read.fault();
            error = read.detail();
          }
        }
      }
      long id = sink.record(new ModelCall(step, model, template, sent.asMap(), ex, value == null ? fault : null,
          value == null ? error : null));
      if (value != null) return new Outcome<>(Optional.of(value), id, null, null, note);
      if (abort.getAsBoolean()) throw new java.util.concurrent.CancellationException("cancelled");
      if (fault == FaultKind.UNREACHABLE) continue;
      if (fault == FaultKind.TRUNCATED && !widened && schema != null) {
        widened = true;
        options = options.withNumPredict(options.numPredict() * policy.truncationFactor());
        continue;
      }
      if (fault != null && fault.transientFault() && ++transientTries < policy.maxTries()) {
        Thread.sleep(policy.pauseBefore(transientTries).toMillis());
        continue;
      }
      return new Outcome<>(Optional.empty(), id, fault, error, note);
    }
  }
}
