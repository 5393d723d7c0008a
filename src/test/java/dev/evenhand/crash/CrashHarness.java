package dev.evenhand.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evenhand.method.Rouge1;
import dev.evenhand.store.Database;
import dev.evenhand.testing.ChildCli;
import dev.evenhand.testing.CliRunner;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.Reply;
import dev.evenhand.testing.ScriptedStoryModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A crash-test harness in the spirit of SQLite's: for each command that writes (first-run creation,
 * generate on a clean and a messy server with 1 and 4 slots, review accept, import, export, audit, delete of a set) it
 * starts the real CLI in a child JVM ({@link ChildCli}), kills it with SIGKILL at a random moment, checks
 * the store and the files, kills the natural recovery command again, and finally lets the recovery run
 * to the end and checks the result. The invariants, counted per command:
 *
 * <ul>
 *   <li><b>lost</b>: something the child said it had committed (a "pair N stored" line, "accepted N
 *       pairs", "imported N pairs", "wrote N records", "N of M answers") or something committed before
 *       the kill is missing;
 *   <li><b>duplicated</b>: a story pair, judgment, audit answer or accept stored twice;
 *   <li><b>half-written</b>: an import set with some of its pairs, an accepted pair without its history
 *       row (or the reverse), an export file that differs from an uninterrupted export or from its
 *       manifest, a temporary or {@code .partial} file left after recovery;
 *   <li><b>rule-breaking</b>: a pair past the fidelity decision with ROUGE-1 outside the run's band, a
 *       near-duplicate kept, a complete pair without both judgments and balanced judgments, a consistent
 *       pair kept without {@code --keep-consistent};
 *   <li><b>unopenable</b>: {@link Database#open} fails after the kill.
 * </ul>
 *
 * Kill moments are drawn from a seeded {@link Random}: half uniform over the whole uninterrupted
 * duration of the command (JVM start-up included), half over its working part (after start-up), so
 * both the convenient and the inconvenient seconds are hit. The seed is printed so a failing campaign
 * can be replayed.
 */
public final class CrashHarness {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STORED = Pattern.compile("pair (\\d+) stored");
  private static final Pattern ACCEPTED = Pattern.compile("^accepted (\\d+) pair", Pattern.MULTILINE);
  private static final Pattern IMPORTED = Pattern.compile("^imported (\\d+) pairs", Pattern.MULTILINE);
  private static final Pattern WROTE = Pattern.compile("^wrote (\\d+) records", Pattern.MULTILINE);
  private static final Pattern ANSWERS = Pattern.compile("(\\d+) of (\\d+) answers");
  private static final String MODEL = "llama3.1:8b";
  private static final double FIDELITY_MIN = 0.8;
  private static final double FIDELITY_MAX = 0.95;
  private static final double DUPLICATE = 0.9;

  /** The figures of one command. */
  public static final class Tally {
    int kills;
    int recoveries;
    int lost;
    int duplicated;
    int halfWritten;
    int ruleBreaking;
    int unopenable;
    final List<String> findings = new ArrayList<>();

    /** @return every violation found, with the kill it followed */
    public List<String> findings() { return findings; }

    /** @return how many kills were made */
    public int kills() { return kills; }

    /** @return the total of violations of every kind */
    public int violations() { return lost + duplicated + halfWritten + ruleBreaking + unopenable; }

    void add(String kind, String what) {
      switch (kind) {
        case "lost" -> lost++;
        case "duplicated" -> duplicated++;
        case "half-written" -> halfWritten++;
        case "rule-breaking" -> ruleBreaking++;
        case "unopenable" -> unopenable++;
        default -> throw new IllegalArgumentException(kind);
      }
      String first = what.strip().split("\n", 2)[0];
      findings.add(kind + ": " + first);
    }
  }

  private final Path root;
  private final long seed;
  private final Random random;
  private final int killsPerCommand;
  private final Map<String, Tally> tallies = new LinkedHashMap<>();
  private final Map<String, Duration> durations = new LinkedHashMap<>();
  /** Per command, the longest child run to its end (calibration and recoveries): a crawl shows here before it overruns. */
  private final Map<String, Duration> longest = new LinkedHashMap<>();
  private String current = "setup";

  /**
   * @param root            an empty folder for databases, files and logs
   * @param seed            the seed of the kill moments and the messy server
   * @param killsPerCommand SIGKILLs per command (each followed by the checks)
   */
  public CrashHarness(Path root, long seed, int killsPerCommand) {
    this.root = root;
    this.seed = seed;
    this.random = new Random(seed);
    this.killsPerCommand = killsPerCommand;
  }

  /** @return the tallies per command, in the order the commands ran */
  public Map<String, Tally> tallies() { return tallies; }

  /** The names {@link #runAll(Set)} selects scenarios by, in the order they run. */
  public static final List<String> SCENARIOS = List.of("creation", "generate-clean-1", "generate-clean-4", "generate-messy-1",
      "generate-messy-4", "review", "import", "export", "audit", "delete");

  /**
   * Runs the whole campaign: every command, {@code killsPerCommand} kills each.
   *
   * @return the tallies per command
   * @throws IllegalStateException naming the seed, when the harness itself fails (a child that cannot start or
   *     overruns, a setup that fails)
   */
  public Map<String, Tally> runAll() { return runAll(Set.copyOf(SCENARIOS)); }

  /**
   * Runs some scenarios of the campaign ({@code export} runs {@code review} first: it exports what that accepted).
   *
   * @param only names from {@link #SCENARIOS}
   * @return the tallies per command that ran
   * @throws IllegalArgumentException when a name is not one of {@link #SCENARIOS}
   * @throws IllegalStateException naming the seed, when the harness itself fails (a child that cannot start or
   *     overruns, a setup that fails)
   */
  public Map<String, Tally> runAll(Set<String> only) {
    for (String o : only) if (!SCENARIOS.contains(o)) throw new IllegalArgumentException("no crash scenario '" + o + "'; one of " + SCENARIOS);
    try {
      if (only.contains("creation")) creation();
      for (boolean messy : new boolean[] {false, true}) {
        for (int slots : new int[] {1, 4}) if (only.contains("generate-" + (messy ? "messy-" : "clean-") + slots)) generate(messy, slots);
      }
      Path accepted = only.contains("review") || only.contains("export") ? reviewAccept() : null;
      if (only.contains("import")) importGenmo();
      if (only.contains("export")) export(accepted);
      if (only.contains("audit")) audit();
      if (only.contains("delete")) deleteSet();
    } catch (Exception e) {
      throw new IllegalStateException("crash harness, seed " + seed + " (replay with -Dcrash.seed=" + seed + "): " + e.getMessage(), e);
    }
    return tallies;
  }

  /**
   * The totals as a table, one row per command, for the test log and the issue note. "finished" counts
   * recoveries run to their end without a kill (one per command after its kills; for creation, one after
   * each kill); the kills themselves land on the first command and on recoveries alike. "uninterrupted" is
   * the calibration run's wall time, "longest run" the longest of the command's children run to their end
   * (calibration and recoveries), so a recovery that crawls shows before it overruns.
   *
   * @return the table, with the seed
   */
  public String report() {
    StringBuilder sb = new StringBuilder(String.format("crash harness, seed %d, %d kills per command%n", seed, killsPerCommand));
    sb.append(String.format("%-22s %6s %9s %5s %10s %12s %13s %10s %13s %12s%n", "command", "kills", "finished", "lost", "duplicated",
        "half-written", "rule-breaking", "unopenable", "uninterrupted", "longest run"));
    Tally sum = new Tally();
    tallies.forEach((name, t) -> {
      sb.append(String.format("%-22s %6d %9d %5d %10d %12d %13d %10d %12.1fs %11.1fs%n", name, t.kills, t.recoveries, t.lost, t.duplicated,
          t.halfWritten, t.ruleBreaking, t.unopenable, durations.getOrDefault(name, Duration.ZERO).toMillis() / 1000.0,
          longest.getOrDefault(name, Duration.ZERO).toMillis() / 1000.0));
      sum.kills += t.kills;
      sum.recoveries += t.recoveries;
      sum.lost += t.lost;
      sum.duplicated += t.duplicated;
      sum.halfWritten += t.halfWritten;
      sum.ruleBreaking += t.ruleBreaking;
      sum.unopenable += t.unopenable;
    });
    sb.append(String.format("%-22s %6d %9d %5d %10d %12d %13d %10d%n", "total", sum.kills, sum.recoveries, sum.lost, sum.duplicated,
        sum.halfWritten, sum.ruleBreaking, sum.unopenable));
    tallies.forEach((name, t) -> t.findings.forEach(f -> sb.append("  ").append(name).append(": ").append(f).append('\n')));
    return sb.toString();
  }

  // ---------------------------------------------------------------- the commands

  /** First run on a new database: {@code stats} creates and migrates it; killed, then run again. */
  void creation() throws Exception {
    Tally t = tally("first-run creation");
    Path dir = root.resolve("create");
    Duration full = calibrate(dir.resolve("calibrate"), "--db", dir.resolve("calibrate/db/evenhand").toString(), "stats");
    durations.put("first-run creation", full);
    for (int k = 0; k < killsPerCommand; k++) {
      Path home = dir.resolve("k" + k);
      Path db = home.resolve("db/evenhand");
      String[] cmd = {"--db", db.toString(), "stats", "--json"};
      Child c = killAtRandom(home, full, cmd);
      t.kills++;
      if (Files.exists(home.resolve("db/evenhand.mv.db")) && !opens(db, t, "after kill " + k)) continue;
      Child r = runToEnd(home, cmd);
      if (r.exit != 0) t.add("unopenable", "kill " + k + ": stats after the kill exited " + r.exit + ": " + r.err.strip());
      else t.recoveries++;
      if (opens(db, t, "after recovery " + k)) leftovers(home.resolve("db"), t, "kill " + k);
      c.discard();
    }
  }

  /** {@code generate}, killed and resumed, on a clean or a messy server with 1 or 4 slots. */
  void generate(boolean messy, int slots) throws Exception {
    String name = "generate " + (messy ? "messy" : "clean") + " S=" + slots;
    Tally t = tally(name);
    int pairs = 8;
    try (FakeOllama ollama = FakeOllama.start().slots(slots).latency(Duration.ofMillis(15))
        .onChat(messy ? new MessyModel(new Random(seed ^ slots)) : new ScriptedStoryModel())) {
      Path base = root.resolve((messy ? "messy" : "clean") + slots);
      String[] first = {"--db", base.resolve("calibrate/db/evenhand").toString(), "--ollama", ollama.url(), "generate", "--model", MODEL,
          "--pairs", String.valueOf(pairs), "--parallel", String.valueOf(slots), "--max-attempts", "200"};
      Duration full = calibrate(base.resolve("calibrate"), first);
      durations.put(name, full);
      Path home = base.resolve("run");
      Path db = home.resolve("db/evenhand");
      String[] start = first.clone();
      start[1] = db.toString();
      String[] resume = {"--db", db.toString(), "--ollama", ollama.url(), "generate", "--resume", "--max-attempts", "200"};
      GenerateState before = GenerateState.EMPTY;
      int killsHere = 0;
      while (killsHere < killsPerCommand) {
        boolean hasRun = Files.exists(home.resolve("db/evenhand.mv.db")) && runCount(db) > 0;
        Child c = killAtRandom(home, full, hasRun ? resume : start);
        t.kills++;
        killsHere++;
        if (!opens(db, t, "kill " + killsHere)) break;
        GenerateState now = generateState(db);
        for (Matcher m = STORED.matcher(c.err); m.find(); ) {
          long id = Long.parseLong(m.group(1));
          if (!now.complete.contains(id)) t.add("lost", "kill " + killsHere + ": pair " + id + " was reported stored but is not complete");
        }
        for (long id : before.complete) if (!now.complete.contains(id)) t.add("lost", "kill " + killsHere + ": complete pair " + id + " vanished");
        checkGeneration(db, t, "kill " + killsHere);
        before = now;
        if (now.complete.size() >= pairs) {
          // the run finished before the kill: start a new one on the same database to keep killing
          before = GenerateState.EMPTY;
          home = base.resolve("run" + killsHere);
          db = home.resolve("db/evenhand");
          start[1] = db.toString();
          resume[1] = db.toString();
        }
        c.discard();
      }
      if (!opens(db, new Tally(), "before recovery")) return;
      boolean hasRun = Files.exists(home.resolve("db/evenhand.mv.db")) && runCount(db) > 0;
      Child r = runToEnd(home, hasRun ? resume : start);
      if (r.exit != 0) t.add("lost", "recovery exited " + r.exit + ": " + lastLine(r.err));
      else t.recoveries++;
      checkGeneration(db, t, "after recovery");
      GenerateState end = generateState(db);
      if (end.complete.size() != pairs) t.add("lost", "after recovery " + end.complete.size() + " pairs complete, not " + pairs);
      if (end.unfinished > 0) t.add("half-written", "after recovery " + end.unfinished + " pairs still unfinished");
    }
  }

  /**
   * {@code review accept --all} over a database of generated pending pairs, killed and run again.
   *
   * @return a database in which every pair is accepted (the export's input)
   */
  Path reviewAccept() throws Exception {
    Tally t = tally("review accept");
    Path template = templateWithPairs(root.resolve("review-template"), 120);
    String[] cmdFor = {"--db", null, "review", "accept", "--all"};
    Path cal = copyDatabase(template, root.resolve("review/calibrate"));
    cmdFor[1] = cal.toString();
    Duration full = calibrate(root.resolve("review/calibrate"), cmdFor.clone());
    durations.put("review accept", full);
    Path home = root.resolve("review/run");
    Path db = copyDatabase(template, home);
    cmdFor[1] = db.toString();
    int total = completeCount(db);
    Set<Long> acceptedBefore = new TreeSet<>();
    for (int k = 1; k <= killsPerCommand; k++) {
      Child c = killAtRandom(home, full, cmdFor.clone());
      t.kills++;
      if (!opens(db, t, "kill " + k)) break;
      ReviewState now = reviewState(db);
      for (long id : acceptedBefore) if (!now.accepted.contains(id)) t.add("lost", "kill " + k + ": accepted pair " + id + " is not accepted");
      Matcher m = ACCEPTED.matcher(c.out);
      if (m.find() && now.accepted.size() < total) t.add("lost", "kill " + k + ": the child said it accepted its pairs; " + now.accepted.size() + " of " + total);
      checkReview(now, t, "kill " + k);
      acceptedBefore = now.accepted;
      if (now.accepted.size() == total) {
        // all done before the kill: start over on a fresh copy so the next kill lands on work
        home = root.resolve("review/run" + k);
        db = copyDatabase(template, home);
        cmdFor[1] = db.toString();
        acceptedBefore = new TreeSet<>();
      }
      c.discard();
    }
    if (!opens(db, new Tally(), "before recovery")) return db;
    Child r = runToEnd(home, cmdFor.clone());
    if (r.exit != 0) t.add("lost", "recovery exited " + r.exit + ": " + lastLine(r.err));
    else t.recoveries++;
    ReviewState end = reviewState(db);
    checkReview(end, t, "after recovery");
    if (end.accepted.size() != total) t.add("lost", "after recovery " + end.accepted.size() + " of " + total + " pairs accepted");
    return db;
  }

  /** {@code import genmo FILE} of 1,500 pairs, killed and run again: all or nothing, then all once. */
  void importGenmo() throws Exception {
    Tally t = tally("import");
    int n = 1500;
    Path file = genmoShaped(root.resolve("import/genmo.json"), n);
    Path cal = root.resolve("import/calibrate");
    Duration full = calibrate(cal, "--db", cal.resolve("db/evenhand").toString(), "import", "genmo", file.toString(), "--set", "fx");
    durations.put("import", full);
    Path home = root.resolve("import/run");
    Path db = home.resolve("db/evenhand");
    String[] cmd = {"--db", db.toString(), "import", "genmo", file.toString(), "--set", "fx"};
    for (int k = 1; k <= killsPerCommand; k++) {
      Child c = killAtRandom(home, full, cmd);
      t.kills++;
      if (!Files.exists(home.resolve("db/evenhand.mv.db"))) {
        c.discard();
        continue;
      }
      if (!opens(db, t, "kill " + k)) break;
      long[] counts = setCounts(db, "fx");
      if (counts[0] != 0 && counts[0] != n) t.add("half-written", "kill " + k + ": set fx holds " + counts[0] + " of " + n + " pairs");
      if (counts[1] != counts[0]) t.add("duplicated", "kill " + k + ": set fx holds " + counts[0] + " pairs but " + counts[1] + " distinct");
      if (IMPORTED.matcher(c.out).find() && counts[0] != n) t.add("lost", "kill " + k + ": the child said it imported; set holds " + counts[0]);
      if (counts[0] == n) {
        home = root.resolve("import/run" + k);
        db = home.resolve("db/evenhand");
        cmd[1] = db.toString();
      }
      c.discard();
    }
    if (!opens(db, new Tally(), "before recovery")) return;
    Child r = runToEnd(home, cmd);
    if (r.exit != 0) t.add("lost", "recovery exited " + r.exit + ": " + lastLine(r.err));
    else t.recoveries++;
    long[] end = setCounts(db, "fx");
    if (end[0] != n || end[1] != n) t.add(end[0] > n ? "duplicated" : "lost", "after recovery set fx holds " + end[0] + " pairs (" + end[1] + " distinct) of " + n);
  }

  /**
   * {@code delete set fx --yes} of 1,500 imported pairs, killed: once the next process has opened the database the set
   * holds all of its pairs (killed before the delete was recorded) or none (V19: the open finishes a recorded delete),
   * never part; a child that said it deleted left none. Then the delete is run to its end on what is left.
   */
  void deleteSet() throws Exception {
    Tally t = tally("delete");
    int n = 1500;
    Path file = genmoShaped(root.resolve("delete/genmo.json"), n);
    Path made = root.resolve("delete/template");
    Path template = made.resolve("db/evenhand");
    Child imported = runToEnd(made, "--db", template.toString(), "import", "genmo", file.toString(), "--set", "fx");
    if (imported.exit != 0) throw new IllegalStateException("the delete scenario's import failed (exit " + imported.exit + "): " + imported.err);
    Path cal = root.resolve("delete/calibrate");
    Duration full = calibrate(cal, "--db", copyDatabase(template, cal).toString(), "delete", "set", "fx", "--yes");
    durations.put("delete", full);
    for (int k = 1; k <= killsPerCommand; k++) {
      Path home = root.resolve("delete/run" + k);
      Path db = copyDatabase(template, home);
      Child c = killAtRandom(home, full, "--db", db.toString(), "delete", "set", "fx", "--yes");
      t.kills++;
      if (!opens(db, t, "kill " + k)) continue;
      long left = setCounts(db, "fx")[0];
      if (left != 0 && left != n) t.add("half-written", "kill " + k + ": after the next open set fx holds " + left + " of " + n + " pairs");
      if (c.out.contains("deleted set fx") && left != 0) t.add("lost", "kill " + k + ": the child said it deleted the set; " + left + " pairs are left");
      c.discard();
      if (left != 0) {
        Child r = runToEnd(home, "--db", db.toString(), "delete", "set", "fx", "--yes");
        if (r.exit != 0) t.add("lost", "kill " + k + ": the delete run again exited " + r.exit + ": " + lastLine(r.err));
        else t.recoveries++;
        long end = setCounts(db, "fx")[0];
        if (end != 0) t.add("half-written", "kill " + k + ": the delete run again left " + end + " pairs");
        r.discard();
      }
    }
  }

  /** {@code export --format evenhand} of the accepted pairs, killed and run again: never a partial file. */
  void export(Path acceptedDb) throws Exception {
    Tally t = tally("export");
    Path refDir = root.resolve("export/reference");
    Path refDb = copyDatabase(acceptedDb, refDir);
    Files.createDirectories(refDir.resolve("out"));
    String[] refCmd = {"--db", refDb.toString(), "export", "--format", "evenhand", "--out", refDir.resolve("out/pairs.jsonl").toString()};
    long t0 = System.nanoTime();
    Child ref = runToEnd(refDir, refCmd);
    Duration full = Duration.ofNanos(System.nanoTime() - t0);
    durations.put("export", full);
    if (ref.exit != 0) throw new IllegalStateException("the reference export failed: " + ref.err);
    byte[] reference = Files.readAllBytes(refDir.resolve("out/pairs.jsonl"));
    Path home = root.resolve("export/run");
    Path db = copyDatabase(acceptedDb, home);
    Path out = home.resolve("out/pairs.jsonl");
    Files.createDirectories(out.getParent());
    String[] cmd = {"--db", db.toString(), "export", "--format", "evenhand", "--out", out.toString()};
    for (int k = 1; k <= killsPerCommand; k++) {
      Files.deleteIfExists(out);
      Files.deleteIfExists(dev.evenhand.exchange.ExportLayout.manifestOf(out));
      Child c = killAtRandom(home, full, cmd);
      t.kills++;
      if (!opens(db, t, "kill " + k)) break;
      checkExport(out, reference, WROTE.matcher(c.out).find(), t, "kill " + k);
      c.discard();
    }
    if (!opens(db, new Tally(), "before recovery")) return;
    Child r = runToEnd(home, cmd);
    if (r.exit != 0) t.add("lost", "recovery exited " + r.exit + ": " + lastLine(r.err));
    else t.recoveries++;
    checkExport(out, reference, true, t, "after recovery");
    try (Stream<Path> files = Files.list(out.getParent())) {
      files.filter(p -> p.getFileName().toString().contains("partial") || p.getFileName().toString().contains("tmp"))
          .forEach(p -> t.add("half-written", "after recovery a temporary file is left: " + p.getFileName()));
    }
  }

  /** {@code audit} of a 60-pair set with two slots, killed and resumed: every answer once. */
  void audit() throws Exception {
    Tally t = tally("audit");
    int n = 60;
    Path file = genmoShaped(root.resolve("audit/genmo.json"), n);
    try (FakeOllama ollama = FakeOllama.start().slots(2).latency(Duration.ofMillis(15)).onChat(new ScriptedStoryModel())) {
      Path template = root.resolve("audit/template");
      CliRunner setup = new CliRunner(template, Map.of());
      CliRunner.Result imp = setup.run("--db", template.resolve("db/evenhand").toString(), "import", "genmo", file.toString(), "--set", "fx");
      if (imp.exit() != 0) throw new IllegalStateException("audit setup import failed: " + imp.err());
      Path cal = copyDatabase(template.resolve("db/evenhand"), root.resolve("audit/calibrate"));
      Duration full = calibrate(root.resolve("audit/calibrate"), "--db", cal.toString(), "--ollama", ollama.url(), "audit", "--models",
          MODEL, "--set", "fx", "--parallel", "2");
      durations.put("audit", full);
      Path home = root.resolve("audit/run");
      Path db = copyDatabase(template.resolve("db/evenhand"), home);
      String[] start = {"--db", db.toString(), "--ollama", ollama.url(), "audit", "--models", MODEL, "--set", "fx", "--parallel", "2"};
      String[] resume = {"--db", db.toString(), "--ollama", ollama.url(), "audit", "--resume", "--parallel", "2"};
      long answeredBefore = 0;
      for (int k = 1; k <= killsPerCommand; k++) {
        Child c = killAtRandom(home, full, auditRuns(db) > 0 ? resume : start);
        t.kills++;
        if (!opens(db, t, "kill " + k)) break;
        long[] a = auditCounts(db);
        if (a[0] != a[1]) t.add("duplicated", "kill " + k + ": " + a[0] + " answers for " + a[1] + " distinct questions");
        if (a[0] < answeredBefore) t.add("lost", "kill " + k + ": " + a[0] + " answers, " + answeredBefore + " before the kill");
        long claimed = 0;
        for (Matcher m = ANSWERS.matcher(c.err); m.find(); ) claimed = Math.max(claimed, Long.parseLong(m.group(1)));
        if (a[0] < claimed) t.add("lost", "kill " + k + ": the child reported " + claimed + " answers, " + a[0] + " are stored");
        answeredBefore = a[0];
        if (a[0] == 2L * n) {
          home = root.resolve("audit/run" + k);
          db = copyDatabase(template.resolve("db/evenhand"), home);
          start[1] = db.toString();
          resume[1] = db.toString();
          answeredBefore = 0;
        }
        c.discard();
      }
      if (!opens(db, new Tally(), "before recovery")) return;
      Child r = runToEnd(home, auditRuns(db) > 0 ? resume : start);
      if (r.exit != 0) t.add("lost", "recovery exited " + r.exit + ": " + lastLine(r.err));
      else t.recoveries++;
      long[] end = auditCounts(db);
      if (end[0] != 2L * n || end[1] != end[0]) t.add(end[0] > 2L * n ? "duplicated" : "lost", "after recovery " + end[0] + " answers ("
          + end[1] + " distinct) of " + 2 * n + "; " + unstoredAnswers(db, keep(home, "audit")));
    }
  }

  /**
   * What H2 holds for the answers a recovered audit could not store (CI once saw one answer's MERGE refused for 60 s with
   * "Concurrent update in table AUDIT_JUDGMENT" by the recovery process alone): the answers seen only under READ
   * UNCOMMITTED (an entry a dead transaction left), and what one fresh transaction in this JVM gets when it stores the
   * first of them. Evidence for the finding, never a verdict.
   */
  private static String unstoredAnswers(Path db, Path kept) {
    String keys = "run_id || '/' || pair_id || '/' || model_tag || '/' || gender || '/' || sample";
    try (Database d = Database.open(db)) {
      return d.readOnce(c -> {
        Set<String> committed = new TreeSet<>(strings(c, "SELECT " + keys + " FROM audit_judgment"));
        c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
        Set<String> uncommitted = new TreeSet<>(strings(c, "SELECT " + keys + " FROM audit_judgment"));
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        uncommitted.removeAll(committed);
        StringBuilder b = new StringBuilder("seen only uncommitted: " + uncommitted);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT r.id, p.id FROM audit_run r JOIN story_pair p "
            + "ON p.set_id = r.set_id ORDER BY r.id DESC, p.id")) {
          while (rs.next()) {
            for (String g : List.of("male", "female")) {
              String key = rs.getLong(1) + "/" + rs.getLong(2) + "/" + MODEL + "/" + g + "/0";
              if (committed.contains(key)) continue;
              b.append("; storing ").append(key).append(" in a fresh transaction here: ");
              c.setAutoCommit(false);
              try (var ps = c.prepareStatement("INSERT INTO audit_judgment (run_id, pair_id, model_tag, gender, sample, stance, explanation)"
                  + " VALUES (?, ?, ?, ?, 0, 'MORAL', 'diagnosis')")) {
                ps.setLong(1, rs.getLong(1));
                ps.setLong(2, rs.getLong(2));
                ps.setString(3, MODEL);
                ps.setString(4, g);
                ps.executeUpdate();
                b.append("stored (rolled back)");
              } catch (SQLException e) {
                for (Throwable x = e; x != null; x = x.getCause() == x ? null : x.getCause()) b.append(" <- ").append(x.getMessage());
              } finally {
                c.rollback();
                c.setAutoCommit(true);
              }
              return b.append("; database kept in ").append(kept).toString();
            }
          }
        }
        return b.append("; no answer missing from the latest run; database kept in ").append(kept).toString();
      });
    } catch (RuntimeException e) {
      return "no diagnosis: " + e.getMessage();
    }
  }

  /** Copies a scenario's folder to {@code target/crash-kept/<name>-<millis>} (the temporary folder goes with the test). */
  private static Path keep(Path home, String name) {
    Path to = Path.of("target", "crash-kept", name + "-" + System.currentTimeMillis()).toAbsolutePath();
    try (Stream<Path> files = Files.walk(home)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path dest = to.resolve(home.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(dest);
        else Files.copy(f, dest);
      }
    } catch (IOException e) {
      return Path.of("nowhere (" + e.getMessage() + ")");
    }
    return to;
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  // ---------------------------------------------------------------- checks

  private record GenerateState(Set<Long> complete, int unfinished) {
    static final GenerateState EMPTY = new GenerateState(Set.of(), 0);
  }

  private GenerateState generateState(Path db) {
    if (!Files.exists(Path.of(db + ".mv.db"))) return GenerateState.EMPTY;
    try (Database d = Database.open(db)) {
      return d.read(c -> new GenerateState(new TreeSet<>(longs(c, "SELECT id FROM story_pair WHERE stage = 'complete'")),
          (int) count(c, "SELECT COUNT(*) FROM story_pair WHERE stage IN ('judging','balancing')")));
    }
  }

  /** The rules a stored generation must keep, whatever moment it was killed at. */
  private void checkGeneration(Path db, Tally t, String when) {
    if (!Files.exists(Path.of(db + ".mv.db"))) return;
    try (Database d = Database.open(db)) {
      d.read(c -> {
        for (long[] r : rows(c, "SELECT id, COUNT(*) FROM story_pair WHERE stage <> 'dropped' GROUP BY run_id, stories_hash, id "
            + "HAVING (SELECT COUNT(*) FROM story_pair q WHERE q.run_id = story_pair.run_id AND q.stories_hash = story_pair.stories_hash "
            + "AND q.stage <> 'dropped') > 1")) {
          t.add("duplicated", when + ": pair " + r[0] + " has the same stories as another kept pair");
        }
        for (long[] r : rows(c, "SELECT story_id, COUNT(*) FROM judgment GROUP BY story_id, model_tag HAVING COUNT(*) > 1")) {
          t.add("duplicated", when + ": story " + r[0] + " judged " + r[1] + " times");
        }
        for (long[] r : rows(c, "SELECT id, 0 FROM story_pair WHERE stage IN ('judging','balancing','complete') AND (rouge1 < " + FIDELITY_MIN
            + " OR rouge1 > " + FIDELITY_MAX + ")")) {
          t.add("rule-breaking", when + ": pair " + r[0] + " passed the fidelity check with ROUGE-1 outside [0.8, 0.95]");
        }
        for (long[] r : rows(c, "SELECT p.id, 0 FROM story_pair p WHERE p.stage = 'complete' AND ((SELECT COUNT(*) FROM judgment j JOIN story s "
            + "ON s.id = j.story_id WHERE s.pair_id = p.id) < 2 OR (SELECT COUNT(*) FROM balanced_judgment b WHERE b.pair_id = p.id) < 2)")) {
          t.add("rule-breaking", when + ": pair " + r[0] + " is complete without both judgments and balanced judgments");
        }
        for (long[] r : rows(c, "SELECT id, 0 FROM story_pair WHERE stage = 'complete' AND divergent = FALSE")) {
          t.add("rule-breaking", when + ": consistent pair " + r[0] + " kept without --keep-consistent");
        }
        // near-duplicates: a kept story as close as the threshold to a story of an earlier kept pair of the run
        List<Object[]> kept = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT p.id, p.run_id, s.text FROM story_pair p JOIN story s "
            + "ON s.pair_id = p.id WHERE s.gender = 'male' AND (p.stage IN ('judging','balancing','complete') OR p.drop_reason NOT IN "
            + "('fidelity_low','fidelity_high','duplicate')) ORDER BY p.id")) {
          while (rs.next()) kept.add(new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3)});
        }
        for (int i = 0; i < kept.size(); i++) {
          for (int j = 0; j < i; j++) {
            if (!kept.get(i)[1].equals(kept.get(j)[1])) continue;
            double f = Rouge1.f1((String) kept.get(i)[2], (String) kept.get(j)[2]);
            if (f >= DUPLICATE) {
              t.add("rule-breaking", when + ": pair " + kept.get(i)[0] + " is a near-duplicate of pair " + kept.get(j)[0] + String.format(" (ROUGE-1 %.3f)", f));
            }
          }
        }
        return null;
      });
    } catch (RuntimeException e) {
      t.add("unopenable", when + ": " + e.getMessage());
    }
  }

  private record ReviewState(Set<Long> accepted, List<String> problems) {}

  private ReviewState reviewState(Path db) {
    try (Database d = Database.open(db)) {
      return d.read(c -> {
        List<String> problems = new ArrayList<>();
        for (long[] r : rows(c, "SELECT pair_id, COUNT(*) FROM review_action WHERE action = 'accept' AND NOT blind GROUP BY pair_id HAVING COUNT(*) > 1")) {
          problems.add("duplicated:pair " + r[0] + " accepted " + r[1] + " times");
        }
        for (long[] r : rows(c, "SELECT p.id, 0 FROM story_pair p WHERE p.status = 'accepted' AND NOT EXISTS (SELECT 1 FROM review_action a "
            + "WHERE a.pair_id = p.id AND a.status_after = 'accepted')")) {
          problems.add("half-written:pair " + r[0] + " is accepted without a history row");
        }
        for (long[] r : rows(c, "SELECT p.id, 0 FROM story_pair p WHERE p.status <> 'accepted' AND EXISTS (SELECT 1 FROM review_action a "
            + "WHERE a.pair_id = p.id AND a.status_after = 'accepted')")) {
          problems.add("half-written:pair " + r[0] + " has an accept in its history but is not accepted");
        }
        return new ReviewState(new TreeSet<>(longs(c, "SELECT id FROM story_pair WHERE status = 'accepted'")), problems);
      });
    }
  }

  private static void checkReview(ReviewState s, Tally t, String when) {
    for (String p : s.problems) {
      int colon = p.indexOf(':');
      t.add(p.substring(0, colon), when + ": " + p.substring(colon + 1));
    }
  }

  private static void checkExport(Path out, byte[] reference, boolean claimed, Tally t, String when) throws IOException {
    Path manifest = dev.evenhand.exchange.ExportLayout.manifestOf(out);
    if (!Files.exists(out)) {
      if (claimed) t.add("lost", when + ": the child said it wrote the export, but there is no file");
      if (Files.exists(manifest)) t.add("half-written", when + ": a manifest without its data file");
      return;
    }
    byte[] got = Files.readAllBytes(out);
    if (!java.util.Arrays.equals(got, reference)) {
      t.add("half-written", when + ": the export differs from an uninterrupted one (" + got.length + " bytes, not " + reference.length + ")");
    }
    if (Files.exists(manifest)) {
      JsonNode m;
      try {
        m = JSON.readTree(manifest.toFile());
      } catch (IOException e) {
        t.add("half-written", when + ": the manifest is not readable JSON: " + e.getMessage());
        return;
      }
      String sha = sha256(got);
      if (!m.toString().contains(sha)) t.add("half-written", when + ": the manifest does not give the data file's SHA-256");
    } else if (claimed) {
      t.add("half-written", when + ": the child said it wrote the export, but its manifest is missing");
    }
  }

  /** Files beside a database that a finished open must not leave behind (temporaries of a killed creation). */
  private static void leftovers(Path folder, Tally t, String when) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      files.map(p -> p.getFileName().toString())
          .filter(n -> n.contains("tmp") || n.contains("temp") || n.contains("partial") || n.contains("creating") || n.contains("migrat"))
          .forEach(n -> t.add("half-written", when + ": " + n + " left beside the database"));
    }
  }

  private static boolean opens(Path db, Tally t, String when) {
    if (!Files.exists(Path.of(db + ".mv.db"))) return true;
    try (Database d = Database.open(db)) {
      d.read(c -> count(c, "SELECT COUNT(*) FROM story_pair"));
      return true;
    } catch (RuntimeException e) {
      t.add("unopenable", when + ": " + e.getMessage());
      return false;
    }
  }

  // ---------------------------------------------------------------- children

  /** What a child printed, and how it ended. */
  private record Child(int exit, String out, String err, Path outFile, Path errFile) {
    void discard() throws IOException {
      Files.deleteIfExists(outFile);
      Files.deleteIfExists(errFile);
    }
  }

  private int childNo;

  private Child runToEnd(Path home, String... args) throws Exception {
    Files.createDirectories(home);
    Path out = home.resolve("child" + (++childNo) + ".out");
    Path err = home.resolve("child" + childNo + ".err");
    long t0 = System.nanoTime();
    Process p = ChildCli.start(home, out, err, args);
    boolean ended = p.waitFor(CHILD_LIMIT.toMinutes(), TimeUnit.MINUTES);
    longest.merge(current, Duration.ofNanos(System.nanoTime() - t0), (a, b) -> a.compareTo(b) >= 0 ? a : b);
    if (!ended) {
      Path dump = home.resolve("child" + childNo + ".jstack.txt");
      String threads = ChildDump.threads(p, out, dump);
      p.destroyForcibly();
      throw new IllegalStateException("child did not finish within " + CHILD_LIMIT.toMinutes() + " minutes: " + String.join(" ", args)
          + "\n" + ChildDump.harnessState() + "\nits stderr ends:\n" + ChildDump.tail(err, 40) + "\nits log ends:\n"
          + ChildDump.tail(home.resolve("data/evenhand/logs/evenhand.log"), 20) + "\nits threads (also in " + dump + "):\n"
          + threads);
    }
    return new Child(p.exitValue(), Files.readString(out), Files.readString(err), out, err);
  }

  /** How long a command run to its end may take before the harness dumps its threads and kills it. */
  private static final Duration CHILD_LIMIT = Duration.ofMinutes(Long.getLong("crash.childMinutes", 5));

  /** Runs a command once uninterrupted on a scratch copy, to learn how long it takes. */
  private Duration calibrate(Path home, String... args) throws Exception {
    long t0 = System.nanoTime();
    Child c = runToEnd(home, args);
    if (c.exit != 0) throw new IllegalStateException("calibration run failed (exit " + c.exit + "): " + c.err);
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  private Duration startup;

  /** Starts a child and kills it with SIGKILL at a random moment of the command's duration. */
  private Child killAtRandom(Path home, Duration full, String... args) throws Exception {
    if (startup == null) {
      long t0 = System.nanoTime();
      runToEnd(root.resolve("startup"), "--version").discard();
      startup = Duration.ofNanos(System.nanoTime() - t0);
    }
    long total = Math.max(1, full.toMillis());
    long from = random.nextBoolean() ? 0 : Math.min(total - 1, startup.toMillis());
    long at = from + (long) (random.nextDouble() * (total - from) * 1.05);
    Files.createDirectories(home);
    Path out = home.resolve("child" + (++childNo) + ".out");
    Path err = home.resolve("child" + childNo + ".err");
    Process p = ChildCli.start(home, out, err, args);
    boolean ended = p.waitFor(at, TimeUnit.MILLISECONDS);
    if (!ended) {
      p.destroyForcibly();
      if (!p.waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException("a killed child did not die within 60 s");
    }
    return new Child(p.exitValue(), Files.readString(out), Files.readString(err), out, err);
  }

  // ---------------------------------------------------------------- data

  private Tally tally(String name) {
    Tally t = new Tally();
    tallies.put(name, t);
    current = name;
    return t;
  }

  /** A database with {@code pairs} complete pending pairs, generated once in-process. */
  private Path templateWithPairs(Path home, int pairs) {
    try (FakeOllama ollama = FakeOllama.start().slots(4).onChat(new ScriptedStoryModel(0))) {
      Path db = home.resolve("db/evenhand");
      CliRunner cli = new CliRunner(home, Map.of());
      CliRunner.Result r = cli.run("--db", db.toString(), "--ollama", ollama.url(), "generate", "--model", MODEL, "--pairs",
          String.valueOf(pairs), "--parallel", "4", "--max-attempts", String.valueOf(pairs * 3));
      if (r.exit() != 0) throw new IllegalStateException("template generation failed: " + r.err());
      return db;
    }
  }

  private static Path copyDatabase(Path db, Path home) throws IOException {
    Path to = home.resolve("db/evenhand");
    Files.createDirectories(to.getParent());
    Files.copy(Path.of(db + ".mv.db"), Path.of(to + ".mv.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return to;
  }

  /** A GenMO-shaped file of {@code n} distinct pairs told in the third person. */
  static Path genmoShaped(Path file, int n) throws IOException {
    ScriptedStoryModel stories = new ScriptedStoryModel(0);
    ArrayNode a = JSON.createArrayNode();
    String[] envs = {"Work", " Family ", "Relationship", " Others", ""};
    for (int i = 1; i <= n; i++) {
      JsonNode p = JSON.readTree(stories.storyPair(i));
      String tag = " (case " + i + ")";
      a.addObject().put("male_story", p.get("male_story").asText() + tag).put("female_story", p.get("female_story").asText() + tag)
          .put("environment", envs[i % envs.length]).put("source", "moral_stories");
    }
    Files.createDirectories(file.getParent());
    JSON.writeValue(file.toFile(), a);
    return file;
  }

  private static int runCount(Path db) {
    try (Database d = Database.open(db)) {
      return (int) (long) d.read(c -> count(c, "SELECT COUNT(*) FROM generation_run"));
    }
  }

  private static int auditRuns(Path db) {
    try (Database d = Database.open(db)) {
      return (int) (long) d.read(c -> count(c, "SELECT COUNT(*) FROM audit_run"));
    }
  }

  private static int completeCount(Path db) {
    try (Database d = Database.open(db)) {
      return (int) (long) d.read(c -> count(c, "SELECT COUNT(*) FROM story_pair WHERE stage = 'complete'"));
    }
  }

  /** @return {pairs in the set, distinct story hashes in the set} */
  private static long[] setCounts(Path db, String set) {
    try (Database d = Database.open(db)) {
      return d.read(c -> {
        long pairs = count(c, "SELECT COUNT(*) FROM story_pair p JOIN pair_set s ON s.id = p.set_id WHERE s.name = '" + set + "'");
        long distinct = count(c, "SELECT COUNT(DISTINCT stories_hash) FROM story_pair p JOIN pair_set s ON s.id = p.set_id WHERE s.name = '" + set + "'");
        return new long[] {pairs, distinct};
      });
    }
  }

  /** @return {answers stored, distinct (run, pair, model, gender)} over every audit run */
  private static long[] auditCounts(Path db) {
    try (Database d = Database.open(db)) {
      return d.read(c -> new long[] {count(c, "SELECT COUNT(*) FROM audit_judgment"),
          count(c, "SELECT COUNT(*) FROM (SELECT DISTINCT run_id, pair_id, model_tag, gender FROM audit_judgment)")});
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<Long> longs(Connection c, String sql) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getLong(1));
    }
    return out;
  }

  private static List<long[]> rows(Connection c, String sql) throws SQLException {
    List<long[]> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) out.add(new long[] {rs.getLong(1), rs.getLong(2)});
    }
    return out;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String lastLine(String s) {
    String[] lines = s.strip().split("\n");
    return lines[lines.length - 1];
  }

  /**
   * A model on a messy server: the scripted stories and judgments, but about one story pair in three
   * fails the rules (ROUGE-1 below the band, identical stories, or a repeat of an earlier pair), and
   * replies come fenced, with trailing text, as a 503, a dropped connection or a doubled brace.
   */
  static final class MessyModel implements FakeOllama.ChatHandler {
    private static final String UNRELATED = "Under a grey sky the old fisherman mended his nets on the quay while gulls circled the "
        + "harbour, and a boy selling newspapers shouted the headlines about the regatta to anyone who would listen.";
    private final ScriptedStoryModel scripted = new ScriptedStoryModel();
    private final Random random;
    private volatile String previousPair;

    MessyModel(Random random) { this.random = random; }

    @Override
    public Reply handle(FakeOllama.ChatCall call) {
      double r;
      synchronized (random) {
        r = random.nextDouble();
      }
      if (r < 0.04) return Reply.busy();
      if (r < 0.07) return Reply.dropConnection();
      Reply plain = scripted.handle(call);
      String content = plain.content();
      if (call.format() != null && call.format().path("properties").has("male_story")) {
        double s;
        synchronized (random) {
          s = random.nextDouble();
        }
        try {
          ObjectNode o = (ObjectNode) JSON.readTree(content);
          if (s < 0.12) o.put("female_story", UNRELATED);
          else if (s < 0.22) o.put("female_story", o.get("male_story").asText());
          else if (s < 0.32 && previousPair != null) o = (ObjectNode) JSON.readTree(previousPair);
          content = o.toString();
          previousPair = content;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      if (r < 0.10) return Reply.doubledBrace(content);
      if (r < 0.25) return Reply.fenced(content);
      if (r < 0.35) return Reply.trailingText(content);
      return Reply.content(content);
    }
  }

}
