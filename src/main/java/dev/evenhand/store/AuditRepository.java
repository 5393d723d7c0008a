package dev.evenhand.store;

import dev.evenhand.domain.AuditProtocol;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.Judgment;
import dev.evenhand.domain.RunStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Audit runs and their answers. */
public final class AuditRepository {
  private final Database db;

  /** @param db the open database */
  public AuditRepository(Database db) { this.db = db; }

  /**
   * An audit run.
   *
   * @param id        run id
   * @param setId     the pair set audited
   * @param setName   its name
   * @param models    model tags, in order
   * @param limit     the first N pairs of the set in import order, or null for all
   * @param status    {@link RunStatus#RUNNING} or {@link RunStatus#COMPLETED}
   * @param createdAt when it started
   * @param protocol  how the answers are gathered (V11; runs before it: {@link AuditProtocol#EVENHAND})
   * @param samples   answers asked per story, at least 1 (V11; runs before it: 1)
   * @param decoding  per model tag, the decoding options every call is sent and where they come from, as the JSON
   *                  text the audit use case wrote ({@code {}} for runs before V11: the profile's audit options)
   */
  public record AuditRun(long id, long setId, String setName, List<String> models, Integer limit, RunStatus status, Instant createdAt,
                         AuditProtocol protocol, int samples, String decoding) {
    /** A run as before V11: the Evenhand protocol, one answer per story, decoding not recorded on the run. */
    public AuditRun(long id, long setId, String setName, List<String> models, Integer limit, RunStatus status, Instant createdAt) {
      this(id, setId, setName, models, limit, status, createdAt, AuditProtocol.EVENHAND, 1, "{}");
    }
  }

  /**
   * One answer of one model to one story, one of the K samples of a run.
   *
   * @param pairId the pair
   * @param model  model tag
   * @param gender which story
   * @param sample which answer, 0 .. K-1
   * @param stance the stance (INVALID when unreadable)
   */
  public record SampleAnswer(long pairId, String model, Gender gender, int sample, Stance stance) {}

  /**
   * A pair's environment label, as stored and as its source file wrote it.
   *
   * @param pairId the pair
   * @param stored the normalised label
   * @param source the label exactly as imported (GenMO: " Others", " Family ", ""), or null when not recorded
   */
  public record SourceLabel(long pairId, String stored, String source) {}

  /**
   * One answered pair of one model.
   *
   * @param pairId      the pair
   * @param environment its environment
   * @param model       model tag
   * @param male        stance on the male story (INVALID when unreadable)
   * @param female      stance on the female story
   */
  public record Row(long pairId, String environment, String model, Stance male, Stance female) {}

  /** @return who works on which audit run (V12): one process at a time, as for generation runs */
  public RunHolds holds() { return RunHolds.of(db, RunHolds.Table.AUDIT); }

  /** @return the new run (status running, the Evenhand protocol, one sample) @throws IllegalArgumentException when the set does not exist */
  public AuditRun create(String setName, List<String> models, Integer limit) {
    return create(setName, models, limit, AuditProtocol.EVENHAND, 1, "{}");
  }

  /**
   * @param protocol how the answers are gathered
   * @param samples  answers per story, at least 1
   * @param decoding per model tag, the options every call is sent, as JSON text
   * @return the new run (status running)
   * @throws IllegalArgumentException when the set does not exist
   */
  public AuditRun create(String setName, List<String> models, Integer limit, AuditProtocol protocol, int samples, String decoding) {
    long id = db.inTransaction(c -> {
      Optional<Long> set = Sql.one(c, "SELECT id FROM pair_set WHERE name = ?", rs -> rs.getLong(1), setName);
      if (set.isEmpty()) throw new IllegalArgumentException("no pair set named '" + setName + "' (see the sets with `evenhand stats`, or import one)");
      return Sql.insert(c, "INSERT INTO audit_run(set_id, models, pair_limit, status, created_at, protocol, samples, decoding) "
          + "VALUES (?,?,?,'running',?,?,?,?)", set.get(), String.join(",", models), limit, Instant.now(), protocol.id(), samples, decoding);
    });
    return find(id).orElseThrow();
  }

  /** @return the run */
  public Optional<AuditRun> find(long id) {
    return db.read(c -> Sql.one(c, "SELECT r.*, s.name AS set_name FROM audit_run r JOIN pair_set s ON s.id = r.set_id WHERE r.id = ?",
        AuditRepository::map, id));
  }

  /** @return the most recent run still running, if any */
  public Optional<AuditRun> latestUnfinished() {
    return db.read(c -> Sql.one(c, "SELECT r.*, s.name AS set_name FROM audit_run r JOIN pair_set s ON s.id = r.set_id "
        + "WHERE r.status = 'running' ORDER BY r.id DESC LIMIT 1", AuditRepository::map));
  }

  /** Marks a run completed. */
  public void finish(long runId) {
    db.inTransaction(c -> Sql.update(c, "UPDATE audit_run SET status = 'completed', finished_at = ? WHERE id = ?", Instant.now(), runId));
  }

  /**
   * @param setName a pair set's name
   * @return its pairs (any stage); 0 when it has none or does not exist
   */
  public long pairCount(String setName) {
    return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM story_pair p JOIN pair_set s ON s.id = p.set_id WHERE s.name = ? AND p.stage <> '" + ImportJournal.STAGE + "'", setName));
  }

  /** @return the pairs a run audits: the first {@code limit} of the set in import order (pair id), ids only */
  public List<Long> pairIds(AuditRun run) {
    return db.read(c -> Sql.list(c, "SELECT id FROM story_pair WHERE set_id = ? AND stage <> '" + ImportJournal.STAGE + "' ORDER BY id" + (run.limit() == null ? "" : " LIMIT " + run.limit()),
        rs -> rs.getLong(1), run.setId()));
  }

  /** @return true when this answer (sample 0) is already stored */
  public boolean answered(long runId, long pairId, String model, Gender g) { return answered(runId, pairId, model, g, 0); }

  /** @return true when sample {@code sample} of this answer is already stored */
  public boolean answered(long runId, long pairId, String model, Gender g, int sample) {
    return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM audit_judgment WHERE run_id = ? AND pair_id = ? AND model_tag = ? AND gender = ? "
        + "AND sample = ?", runId, pairId, model, g.label(), sample)) > 0;
  }

  /** Stores one answer, sample 0 (INVALID for a reply that could not be read); a second store of the same answer is ignored. */
  public void save(long runId, long pairId, String model, Gender g, Judgment j, Long callId) { save(runId, pairId, model, g, 0, j, callId); }

  /** Stores sample {@code sample} (0 .. K-1) of one answer; a second store of the same sample is ignored. */
  public void save(long runId, long pairId, String model, Gender g, int sample, Judgment j, Long callId) {
    db.inTransaction(c -> Sql.update(c, Dialect.of(c).merge("audit_judgment", "run_id, pair_id, model_tag, gender, sample, stance, explanation, call_id",
        "run_id, pair_id, model_tag, gender, sample", "VALUES (?,?,?,?,?,?,?,?)"), runId, pairId, model, g.label(), sample, j.stance().name(),
        j.explanation(), callId));
  }

  /** @return every stored answer of a run, all samples, by model, pair, gender (male first) and sample */
  public List<SampleAnswer> sampleAnswers(long runId) {
    return db.read(c -> Sql.list(c, "SELECT pair_id, model_tag, gender, sample, stance FROM audit_judgment WHERE run_id = ? "
        + "ORDER BY model_tag, pair_id, gender DESC, sample", rs -> new SampleAnswer(rs.getLong(1), rs.getString(2),
        Gender.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)), rs.getInt(4), Stance.valueOf(rs.getString(5))), runId));
  }

  /** @return the environment labels of a run's pairs, stored and as imported, by pair id */
  public List<SourceLabel> sourceLabels(AuditRun run) {
    return db.read(c -> Sql.list(c, "SELECT id, environment, source_environment FROM story_pair WHERE set_id = ? AND stage <> '" + ImportJournal.STAGE + "' ORDER BY id"
        + (run.limit() == null ? "" : " LIMIT " + run.limit()), rs -> new SourceLabel(rs.getLong(1), rs.getString(2), rs.getString(3)), run.setId()));
  }

  /** @return the answered pairs of a run (both stories answered; sample 0, the first answer), by model then pair id */
  public List<Row> rows(long runId) {
    return db.read(c -> Sql.list(c, "SELECT m.pair_id, p.environment, m.model_tag, m.stance, f.stance FROM audit_judgment m "
        + "JOIN audit_judgment f ON f.run_id = m.run_id AND f.pair_id = m.pair_id AND f.model_tag = m.model_tag AND f.gender = 'female' "
        + "AND f.sample = 0 JOIN story_pair p ON p.id = m.pair_id WHERE m.run_id = ? AND m.gender = 'male' AND m.sample = 0 "
        + "ORDER BY m.model_tag, m.pair_id",
        rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), Stance.valueOf(rs.getString(4)), Stance.valueOf(rs.getString(5))), runId));
  }

  /**
   * One stored answer of one model to one story of a pair.
   *
   * @param model    model tag
   * @param gender   which story
   * @param judgment the stance (INVALID when unreadable) and the model's explanation (for an unreadable
   *                 reply: why it could not be read)
   */
  public record Answer(String model, Gender gender, Judgment judgment) {}

  /**
   * One pair of a run with every answer stored for it so far.
   *
   * @param pairId      the pair
   * @param environment its environment
   * @param male        the male story
   * @param female      the female story
   * @param answers     the answers, by model tag then gender (male first); a story not answered yet has none
   */
  public record PairAnswers(long pairId, String environment, Story male, Story female, List<Answer> answers) {}

  /**
   * @param runId  the run
   * @param pairId the pair
   * @return the pair's two stories and every answer of the run for it; empty when the pair does not exist
   */
  public Optional<PairAnswers> pairAnswers(long runId, long pairId) {
    return db.read(c -> {
      Optional<String> env = Sql.one(c, "SELECT environment FROM story_pair WHERE id = ?", rs -> rs.getString(1), pairId);
      if (env.isEmpty()) return Optional.<PairAnswers>empty();
      List<Story> stories = Sql.list(c, "SELECT gender, name, text FROM story WHERE pair_id = ? ORDER BY gender DESC",
          rs -> new Story(Gender.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)), rs.getString(2), rs.getString(3)), pairId);
      List<Answer> answers = Sql.list(c, "SELECT model_tag, gender, stance, explanation FROM audit_judgment WHERE run_id = ? AND pair_id = ? "
          + "AND sample = 0 ORDER BY model_tag, gender DESC", rs -> new Answer(rs.getString(1), Gender.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
          new Judgment(Stance.valueOf(rs.getString(3)), rs.getString(4))), runId, pairId);
      Story male = stories.stream().filter(s -> s.gender() == Gender.MALE).findFirst().orElse(new Story(Gender.MALE, "", ""));
      Story female = stories.stream().filter(s -> s.gender() == Gender.FEMALE).findFirst().orElse(new Story(Gender.FEMALE, "", ""));
      return Optional.of(new PairAnswers(pairId, env.get(), male, female, answers));
    });
  }

  /** @return the ids of the audit runs that stored an answer for a pair, newest first */
  public List<Long> runsOfPair(long pairId) {
    return db.read(c -> Sql.list(c, "SELECT DISTINCT run_id FROM audit_judgment WHERE pair_id = ? ORDER BY run_id DESC", rs -> rs.getLong(1), pairId));
  }

  /** @return every audit run, newest first */
  public List<AuditRun> all() {
    return db.read(c -> Sql.list(c, "SELECT r.*, s.name AS set_name FROM audit_run r JOIN pair_set s ON s.id = r.set_id ORDER BY r.id DESC",
        AuditRepository::map));
  }

  /** @return the names of the pair sets, sorted */
  public List<String> setNames() {
    return db.read(c -> Sql.list(c, "SELECT name FROM pair_set ORDER BY name", rs -> rs.getString(1)));
  }

  /** @return how many of a run's pairs were exported as training data before (contamination) */
  public long exportedPairs(long runId) {
    return db.read(c -> Sql.count(c, "SELECT COUNT(DISTINCT a.pair_id) FROM audit_judgment a JOIN story_pair p ON p.id = a.pair_id "
        + "WHERE a.run_id = ? AND " + ExportRun.EXPORTED, runId));
  }

  /**
   * One distinct provenance of an audit run's successful calls.
   *
   * @param modelTag        Ollama model tag
   * @param modelDigest     its digest
   * @param ollamaVersion   the server's version
   * @param options         the options sent, as JSON
   * @param templateId      prompt template id
   * @param templateVersion prompt template version
   */
  public record CallProvenance(String modelTag, String modelDigest, String ollamaVersion, String options, String templateId,
                               int templateVersion) {}

  /** @return distinct provenance of the run's successful calls, by model tag */
  public List<CallProvenance> provenance(long runId) {
    return db.read(c -> Sql.list(c, "SELECT DISTINCT model_tag, model_digest, ollama_version, CAST(options AS VARCHAR), template_id, "
        + "template_version FROM model_call WHERE audit_run_id = ? AND outcome = 'ok' ORDER BY 1", rs -> new CallProvenance(rs.getString(1),
        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6)), runId));
  }

  /**
   * @param runId the run
   * @return when it completed ({@code audit_run.finished_at}); empty while it runs or when there is no such run
   */
  public Optional<Instant> finishedAt(long runId) {
    return db.read(c -> Sql.one(c, "SELECT finished_at FROM audit_run WHERE id = ?", rs -> Optional.ofNullable(Sql.instant(rs, "finished_at")), runId))
        .flatMap(x -> x);
  }

  private static AuditRun map(ResultSet rs) throws SQLException {
    int lim = rs.getInt("pair_limit");
    Integer limit = rs.wasNull() ? null : lim;
    return new AuditRun(rs.getLong("id"), rs.getLong("set_id"), rs.getString("set_name"), new ArrayList<>(Arrays.asList(rs.getString("models").split(","))),
        limit, RunStatus.parse(rs.getString("status")), Sql.instant(rs, "created_at"), AuditProtocol.parse(rs.getString("protocol")),
        rs.getInt("samples"), rs.getString("decoding"));
  }
}
