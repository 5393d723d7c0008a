package dev.evenhand.usecase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evenhand.domain.BalancedJudgment;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Step;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.domain.Theme;
import dev.evenhand.llm.CallSink;
import dev.evenhand.llm.HostPool;
import dev.evenhand.llm.ModelProfile;
import dev.evenhand.llm.ReplyParser;
import dev.evenhand.llm.StepCaller;
import dev.evenhand.method.Protagonists;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three model steps of METHOD.md as plain services: write a story pair (step 1), judge one story
 * (step 2), write the balanced judgments (step 4). Each asks for structured output with a JSON schema
 * in {@code format} and its prompt template also describes the fields, since the model never sees
 * the schema (OLLAMA.md, LangChain4j facts).
 */
public final class CurationSteps {
  /** Step 1 fields. */
  static final JsonObjectSchema STORY_PAIR_SCHEMA = JsonObjectSchema.builder()
      .addStringProperty("male_name").addStringProperty("male_story")
      .addStringProperty("female_name").addStringProperty("female_story")
      .required("male_name", "male_story", "female_name", "female_story").build();
  /** Step 2 fields; the stance is one of three labels. */
  static final JsonObjectSchema JUDGMENT_SCHEMA = JsonObjectSchema.builder()
      .addEnumProperty("stance", List.of("Moral", "Immoral", "Both")).addStringProperty("explanation")
      .required("stance", "explanation").build();
  /** Step 4 fields: one balanced judgment per version. */
  static final JsonObjectSchema BALANCED_SCHEMA = JsonObjectSchema.builder()
      .addStringProperty("version_a").addStringProperty("version_b")
      .required("version_a", "version_b").build();

  /** The audit question's fields: four choices (METHOD.md, GenMO). */
  static final JsonObjectSchema AUDIT_SCHEMA = JsonObjectSchema.builder()
      .addEnumProperty("answer", List.of("Moral", "Immoral", "Both", "Can't say")).addStringProperty("explanation")
      .required("answer", "explanation").build();
  private static final Pattern AUDIT_LINE = Pattern.compile(
      "(?im)^\\s*(?:answer|stance)\\s*[:=]\\s*\"?(?:[A-D][.)]\\s*)?(moral|immoral|both|can'?t say|cannot say)\"?\\s*\\.?\\s*$");

  private static final Pattern ANSWER_LINE = Pattern.compile(
      "(?im)^\\s*(?:stance|answer)\\s*[:=]\\s*\"?(moral|immoral|both)\"?\\s*\\.?\\s*$");
  private static final Pattern EXPLANATION_LINE = Pattern.compile("(?im)^\\s*explanation\\s*[:=]\\s*(.+)$");

  private final StepCaller caller;

  /** @param caller runs a step with the retry policy */
  public CurationSteps(StepCaller caller) { this.caller = caller; }

  /**
   * Step 1: asks for a story pair built on a seed theme.
   *
   * @throws InterruptedException when cancelled during a retry pause
   */
  public StepCaller.Outcome<StoryPair> storyPair(HostPool hosts, ModelProfile profile, Theme theme, CallSink sink,
                                                 BooleanSupplier cancelled) throws InterruptedException {
    return caller.run(Step.STORY_PAIR, hosts, profile,
        Map.of("theme", theme.text(), "environment", theme.environment()), STORY_PAIR_SCHEMA,
        o -> new StoryPair(new Story(Gender.MALE, text(o, "male_name"), text(o, "male_story")),
            new Story(Gender.FEMALE, text(o, "female_name"), text(o, "female_story")), theme.environment()), sink, cancelled);
  }

  /**
   * Step 2: judges one story in a fresh conversation (Moral / Immoral / Both with an explanation).
   *
   * @throws InterruptedException when cancelled during a retry pause
   */
  public StepCaller.Outcome<Judgment> judge(HostPool hosts, ModelProfile profile, Story story, CallSink sink, BooleanSupplier cancelled)
      throws InterruptedException {
    return caller.run(Step.JUDGMENT, hosts, profile,
        Map.of("story", story.text(), "name", protagonist(story)), JUDGMENT_SCHEMA, new JudgmentParser(), sink, cancelled);
  }

  /**
   * Step 4: asks for balanced, gender-neutral judgments of both stories, given both judgments.
   *
   * @throws InterruptedException when cancelled during a retry pause
   */
  public StepCaller.Outcome<BalancedJudgment> balanced(HostPool hosts, ModelProfile profile, StoryPair pair, Judgment male,
                                                      Judgment female, CallSink sink, BooleanSupplier cancelled,
                                                      java.util.function.Consumer<String> onToken) throws InterruptedException {
    return balanced(hosts, profile, pair, male, female, sink, cancelled, onToken, () -> false);
  }

  /**
   * Step 4 with a stop for the call in flight (Regenerate): {@code abort} true ends the stream at once.
   *
   * @throws InterruptedException when cancelled during a retry pause
   */
  public StepCaller.Outcome<BalancedJudgment> balanced(HostPool hosts, ModelProfile profile, StoryPair pair, Judgment male,
                                                      Judgment female, CallSink sink, BooleanSupplier cancelled,
                                                      java.util.function.Consumer<String> onToken, BooleanSupplier abort)
      throws InterruptedException {
    return caller.run(Step.BALANCED, hosts, profile, Map.of(
            "male_name", protagonist(pair.male()), "male_story", pair.male().text(), "male_stance", male.stance().label(),
            "male_explanation", male.explanation(),
            "female_name", protagonist(pair.female()), "female_story", pair.female().text(),
            "female_stance", female.stance().label(), "female_explanation", female.explanation()),
        BALANCED_SCHEMA, o -> new BalancedJudgment(text(o, "version_a"), text(o, "version_b")), sink, cancelled, onToken, abort);
  }

  /**
   * The audit question (METHOD.md, "Measuring bias"): Moral, Immoral, Both or Can't say, with an explanation.
   *
   * @throws InterruptedException when cancelled during a retry pause
   */
  public StepCaller.Outcome<Judgment> audit(HostPool hosts, ModelProfile profile, Story story, CallSink sink, BooleanSupplier cancelled)
      throws InterruptedException {
    return caller.run(Step.AUDIT, hosts, profile, Map.of("story", story.text(), "name", protagonist(story)), AUDIT_SCHEMA,
        new ReplyParser<Judgment>() {
          @Override
          public Judgment parse(JsonNode o) throws SchemaMismatch {
            String raw = text(o, "answer");
            Stance s = Stance.parseLabel(raw).filter(x -> x != Stance.INVALID)
                .orElseThrow(() -> new SchemaMismatch("answer '" + raw + "' is not one of Moral, Immoral, Both, Can't say"));
            JsonNode e = o.get("explanation");
            return new Judgment(s, e != null && e.isTextual() ? e.asText().strip() : "");
          }

          @Override
          public Optional<Judgment> fromPlainText(String content) {
            Matcher m = AUDIT_LINE.matcher(content);
            if (!m.find()) return Optional.empty();
            return Stance.parseLabel(m.group(1).toLowerCase(Locale.ROOT).replace("cannot", "can't")).map(s -> new Judgment(s, ""));
          }
        }, sink, cancelled);
  }

  /**
   * The paper protocol's audit question ({@link dev.evenhand.domain.AuditProtocol#PAPER}): the story and a question that names
   * no one, answered in plain text; only a strict STANCE line is read ({@link dev.evenhand.llm.StanceLineReader}). The profile
   * must already carry the paper's template, options and system message ({@link dev.evenhand.llm.PaperProtocol#apply}).
   *
   * @throws InterruptedException when cancelled during a retry pause
   */
  public StepCaller.Outcome<Judgment> auditPaper(HostPool hosts, ModelProfile profile, Story story, CallSink sink, BooleanSupplier cancelled)
      throws InterruptedException {
    return caller.run(Step.AUDIT, hosts, profile, Map.of("story", story.text()), null, new ReplyParser<Judgment>() {
      @Override
      public Judgment parse(JsonNode o) throws SchemaMismatch { throw new SchemaMismatch("the paper protocol reads no JSON"); }

      @Override
      public Optional<Judgment> fromPlainText(String content) { return dev.evenhand.llm.StanceLineReader.read(content); }
    }, sink, cancelled);
  }

  /**
   * @return the words a question about the story uses for its protagonist: the stored name, else what the story says
   *     of them ({@link Protagonists#question}: "the narrator", "the man", "she", ...)
   */
  public static String protagonist(Story s) { return Protagonists.question(s.name(), s.text(), s.gender()); }

  /** Reads a judgment: the stance must be exactly one of the three labels; nothing is guessed from prose. */
  static final class JudgmentParser implements ReplyParser<Judgment> {
    @Override
    public Judgment parse(JsonNode o) throws SchemaMismatch {
      String raw = text(o, "stance");
      Stance s = Stance.parseLabel(raw).filter(x -> x == Stance.MORAL || x == Stance.IMMORAL || x == Stance.BOTH)
          .orElseThrow(() -> new SchemaMismatch("stance '" + raw + "' is not one of Moral, Immoral, Both"));
      return new Judgment(s, text(o, "explanation"));
    }

    @Override
    public Optional<Judgment> fromPlainText(String content) {
      Matcher m = ANSWER_LINE.matcher(content);
      if (!m.find()) return Optional.empty();
      Stance s = Stance.parseLabel(m.group(1).toLowerCase(Locale.ROOT)).orElseThrow();
      Matcher e = EXPLANATION_LINE.matcher(content);
      return Optional.of(new Judgment(s, e.find() ? e.group(1).strip() : ""));
    }
  }

  static String text(JsonNode o, String field) throws ReplyParser.SchemaMismatch {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) throw new ReplyParser.SchemaMismatch("field '" + field + "' is missing or not a string");
    String s = n.asText().strip();
    if (s.isEmpty()) throw new ReplyParser.SchemaMismatch("field '" + field + "' is empty");
    return s;
  }
}
