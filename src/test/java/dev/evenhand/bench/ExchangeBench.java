package dev.evenhand.bench;

import dev.evenhand.testing.Genmo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Gender;
import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;
import dev.evenhand.domain.Story;
import dev.evenhand.domain.StoryPair;
import dev.evenhand.exchange.ExportContext;
import dev.evenhand.exchange.ExportService;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.exchange.TrainingPrompts;
import dev.evenhand.method.BalancedLint;
import dev.evenhand.method.GenderSwap;
import dev.evenhand.method.Protagonists;
import dev.evenhand.method.Rouge1;
import dev.evenhand.method.StoryDiff;
import dev.evenhand.store.Database;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.ImportedPair;
import dev.evenhand.store.PairArchive;
import dev.evenhand.store.PairImports;
import dev.evenhand.store.PairRepository;
import dev.evenhand.store.PairStage;
import dev.evenhand.store.ReviewRepository;
import java.io.BufferedWriter;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports and imports at scale (issues 5 and 13): 100,000 accepted pairs (GenMO's 908 repeated) exported to trl-dpo
 * and to csv side by side with a baseline that writes the same trl-dpo records with plain Jackson ({@code
 * writeValueAsString} of a map per line into a BufferedWriter) from the same query ({@link PairRepository#forEach});
 * the baseline's file must equal the trl-dpo export byte for byte, so both do the same work. A second baseline also
 * runs the neutrality gate's lint on each pair, as the export does before it writes one (work the plain baseline
 * skips; the bench's balanced judgments are all neutral). The four run in turn, {@code bench.exchangeRounds} times (2
 * by default; 4 gives each run each place in the order once), each round starting one run later than the round before,
 * and each one's best round counts, so JIT warm-up, page cache and the place in the order favour none (in rounds of a
 * fixed order, the run in fourth place, the baseline with the lint, came out the fastest of the four in most rounds
 * although it does more than the plain baseline). Then the csv export is imported (rows: one per story) and an {@code evenhand} export
 * is imported as JSONL (records: one per pair), each into a fresh database, also {@code bench.exchangeRounds} times,
 * each round into a database of its own: the summary gives the best round and the first (the first import of a JVM
 * pays for compiling the import's code, about 20 s of CPU beside the import on this machine's two cores). Prints
 * records per second, records per second of the process's CPU time (the machine may be shared), the live heap peak and
 * the pools' peaks ({@link HeapWatch}), and the JVM's maximum heap: the whole bench runs in {@code -Xmx256m} ({@code
 * -Dbench.exchangeXmx}), in a child JVM when the bench profile's JVM has more ({@code bench.xmx}, 2g, for the other
 * benches). Fails on no time. Run (sized down with {@code -Dbench.exchangePairs=N}): {@code mvn -B -o -q -Pbench
 * verify -Dtest=ExchangeBench -Dcds.skip -Dsurefire.failIfNoSpecifiedTests=false}
 */
class ExchangeBench {
  private static final int PAIRS = Integer.getInteger("bench.exchangePairs", 100_000);
  private static final int ROUNDS = Integer.getInteger("bench.exchangeRounds", 2);
  private static final String XMX = System.getProperty("bench.exchangeXmx", "256m");
  private static final String ROW = "%-44s %,10d %,12.0f %,12.0f %10.1f %12.1f%n";
  @TempDir Path dir;

  /**
   * Runs the bench in a JVM whose maximum heap is {@code bench.exchangeXmx} (256m by default): in this one when its
   * {@code -Xmx} is that already, else in a child JVM started with it (the bench profile's JVM has {@code bench.xmx},
   * 2g, for the other benches), whose output is copied here line by line.
   */
  @Test
  void exportAndImportAHundredThousandPairs() throws Exception {
    long limit = parseBytes(XMX);
    if (Runtime.getRuntime().maxMemory() <= limit) {
      run(dir);
      return;
    }
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + XMX,
        "-Dfile.encoding=UTF-8"));
    // more JVM options for the child, split at spaces: e.g. -Dbench.exchangeJvm=-XX:StartFlightRecording=filename=/tmp/x.jfr
    for (String o : System.getProperty("bench.exchangeJvm", "").split(" ")) if (!o.isBlank()) cmd.add(o);
    cmd.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("bench.") || key.equals("genmo.path")) cmd.add("-D" + key + "=" + System.getProperty(key));
    }
    cmd.addAll(List.of(ExchangeBench.class.getName(), dir.toString()));
    System.out.printf("%nExchangeBench: this JVM may use %.0f MB of heap; running the bench in a child JVM with -Xmx%s%n", HeapWatch.maxHeapMb(), XMX);
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      lines.lines().forEach(System.out::println);
    }
    assertThat(child.waitFor(1, java.util.concurrent.TimeUnit.HOURS)).as("the bench's child JVM ends within an hour").isTrue();
    assertThat(child.exitValue()).as("the bench's child JVM exit code").isZero();
  }

  /** The child JVM's entry: {@code args[0]} is an empty folder for the databases and files. */
  public static void main(String[] args) {
    int code = 0;
    try {
      run(Path.of(args[0]));
    } catch (Throwable t) {
      t.printStackTrace(System.out);
      code = 1;
    }
    System.exit(code); // H2's and the pool's threads must not keep the child alive
  }

  /** @return bytes of a -Xmx size such as {@code 256m} or {@code 2g} */
  private static long parseBytes(String size) {
    char unit = Character.toLowerCase(size.charAt(size.length() - 1));
    long n = Character.isDigit(unit) ? Long.parseLong(size) : Long.parseLong(size.substring(0, size.length() - 1));
    return switch (unit) {
      case 'k' -> n << 10;
      case 'm' -> n << 20;
      case 'g' -> n << 30;
      default -> n;
    };
  }

  private static void run(Path dir) throws Exception {
    System.out.printf("%nExchangeBench: JVM max heap %.0f MB (%s), %d processors, load average %.2f%n", HeapWatch.maxHeapMb(),
        HeapWatch.xmxArguments(), Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    JsonNode genmo = new ObjectMapper().readTree(Genmo.path().toFile());
    try (Database db = Database.open(dir.resolve("db/evenhand")); HeapWatch heap = new HeapWatch()) {
      PairRepository pairs = new PairRepository(db);
      long t0 = System.nanoTime();
      seed(new PairImports(db), genmo);
      System.out.printf("%,d accepted pairs stored in %.1f s%n", PAIRS, (System.nanoTime() - t0) / 1e9);
      ExportService export = new ExportService(pairs, new dev.evenhand.store.ArchiveRepository(db)::read);
      ExportContext ctx = new ExportContext(new TrainingPrompts("training_prompt", 1, s -> s.text() + "\n\nIs what the narrator did moral or immoral?"),
          ExportContext.Recipe.PAPER, GenderSwap::swap);
      PairQuery q = PairQuery.ALL.withSort(PairQuery.Sort.OLDEST);
      System.out.printf("%-44s %10s %12s %12s %10s %12s%n", "run", "records", "records/s", "per CPU-s", "live MB", "pools MB");

      String[] runs = {"baseline (writeValueAsString per line)", "Evenhand export trl-dpo", "Evenhand export csv", "baseline + the gate's lint"};
      double[] best = new double[runs.length];
      double[] live = new double[runs.length];
      for (int round = 1; round <= ROUNDS; round++) {
        for (int k = 0; k < runs.length; k++) {
          // each round starts one run later, so no run always goes first (or always follows the same one)
          int i = (k + round - 1) % runs.length;
          heap.reset();
          long c0 = HeapWatch.processCpuNanos();
          long e0 = System.nanoTime();
          long records = i == 0 || i == 3 ? baseline(pairs, q, ctx, dir.resolve("baseline.jsonl"), i == 3)
              : export(export, i == 1 ? "trl-dpo" : "csv", dir.resolve(i == 1 ? "out.jsonl" : "out.csv"), q, ctx);
          double rate = records / ((System.nanoTime() - e0) / 1e9);
          double perCpu = records / ((HeapWatch.processCpuNanos() - c0) / 1e9);
          best[i] = Math.max(best[i], rate);
          live[i] = Math.max(live[i], heap.livePeakMb());
          System.out.printf(ROW, runs[i] + " #" + round, records, rate, perCpu, heap.livePeakMb(), heap.poolPeaksMb());
        }
      }
      // compared as streams: two ~100 MB files read whole do not fit beside the store in the bench's 256 MB heap
      assertThat(Files.mismatch(dir.resolve("out.jsonl"), dir.resolve("baseline.jsonl"))).as("the baseline writes the same records (first differing byte)")
          .isEqualTo(-1L);
      // what a trainer export does beside its writing and the baselines do not: mark every pair written as exported
      List<Long> all = pairs.ids(q);
      long m0 = System.nanoTime();
      try (dev.evenhand.store.ExportRun run = pairs.startExport("bench")) {
        for (long id : all) run.add(id);
        run.publish();
      }
      System.out.printf("marking %,d pairs exported, alone (a trainer export writes its marks beside its file; the baselines none): %.2f s%n", all.size(),
          (System.nanoTime() - m0) / 1e9);
      export(export, "evenhand", dir.resolve("out.evenhand.jsonl"), q, ctx);

      double[] imports = new double[2];
      double[] firstImports = new double[2];
      double[] importLive = new double[2];
      String[] sources = {"csv", "jsonl"};
      for (int round = 1; round <= ROUNDS; round++) {
        for (int i = 0; i < 2; i++) {
          Path folder = dir.resolve("back-" + sources[i] + "-" + round);
          try (Database back = Database.open(folder.resolve("evenhand"))) {
            heap.reset();
            long c0 = HeapWatch.processCpuNanos();
            long i0 = System.nanoTime();
            ImportService.Result r = importer(back).importFile(ImportService.Source.of(sources[i]),
                dir.resolve(i == 0 ? "out.csv" : "out.evenhand.jsonl"), "back", false, n -> { }, () -> false);
            long rows = (i == 0 ? 2 : 1) * r.imported();
            double rate = rows / ((System.nanoTime() - i0) / 1e9);
            double perCpu = rows / ((HeapWatch.processCpuNanos() - c0) / 1e9);
            if (round == 1) firstImports[i] = rate;
            imports[i] = Math.max(imports[i], rate);
            importLive[i] = Math.max(importLive[i], heap.livePeakMb());
            System.out.printf(ROW, (i == 0 ? "Evenhand import csv (rows: one per story)" : "Evenhand import jsonl (records: one per pair)") + " #"
                + round, rows, rate, perCpu, heap.livePeakMb(), heap.poolPeaksMb());
            assertThat(r.imported()).isEqualTo(PAIRS);
          }
          org.apache.commons.io.file.PathUtils.deleteDirectory(folder); // a database of 100,000 imported pairs takes about 300 MB of disk
        }
      }
      System.out.printf("summary (best of %d rounds): import csv %,.0f rows/s (target >= 20,000; first round %,.0f), import jsonl %,.0f records/s "
              + "(first round %,.0f); export against the baseline: trl-dpo %.2f, csv %.2f (target >= 1.00); against the baseline with the lint: "
              + "trl-dpo %.2f, csv %.2f; live heap peak %.1f MB of a %.0f MB maximum%n",
          ROUNDS, imports[0], firstImports[0], imports[1], firstImports[1], best[1] / best[0], best[2] / best[0], best[1] / best[3], best[2] / best[3],
          Math.max(java.util.Arrays.stream(live).max().orElse(0), Math.max(importLive[0], importLive[1])), HeapWatch.maxHeapMb());
    }
  }

  /** Stores {@link #PAIRS} accepted pairs, judged and balanced, 2,000 per transaction. */
  private static void seed(PairImports imports, JsonNode genmo) {
    Map<Integer, Protagonists.Names> found = new java.util.HashMap<>();
    long setId = imports.write(b -> b.pairSet("bench", "bench", null));
    for (int start = 0; start < PAIRS; start += 2000) {
      List<ImportedPair> chunk = new ArrayList<>();
      for (int i = start; i < Math.min(PAIRS, start + 2000); i++) {
        JsonNode g = genmo.get(i % genmo.size());
        // the protagonists' names stored as an import stores them (found once, on import), so the export's lint reads
        // them as it does in a database Evenhand wrote; a pair with none (a first-person story) makes the lint look again
        String male = g.get("male_story").asText() + " #" + i, female = g.get("female_story").asText() + " #" + i;
        Protagonists.Names names = found.computeIfAbsent(i % genmo.size(), k -> Protagonists.names(male, female));
        StoryPair p = new StoryPair(new Story(Gender.MALE, names.male(), male), new Story(Gender.FEMALE, names.female(), female),
            g.get("environment").asText());
        Instant now = Instant.now();
        String balanced = "The main character, case " + i;
        chunk.add(new ImportedPair(p, 0.9, "llama3.1:8b", PairStage.COMPLETE, ReviewStatus.ACCEPTED, false, null, null,
            new PairArchive(null, null, true, null, List.of(
                new PairArchive.JudgmentRow(Gender.MALE, "llama3.1:8b", "judgment", 1, Stance.MORAL.name(), "Fine, \"really\", case " + i, now),
                new PairArchive.JudgmentRow(Gender.FEMALE, "llama3.1:8b", "judgment", 1, Stance.IMMORAL.name(), "Wrong,\nsurely " + i, now)),
                List.of(new PairArchive.BalancedRow(Gender.MALE, balanced, balanced, now), new PairArchive.BalancedRow(Gender.FEMALE, balanced, balanced, now)),
                List.of())));
      }
      imports.write(b -> b.addPairs(setId, chunk));
    }
  }

  /**
   * The baseline: the trl-dpo records of the same query, plain Jackson {@code writeValueAsString} per line into a
   * BufferedWriter. With {@code lint}, it also leaves out the pairs the export's neutrality gate would (issue 12: a
   * balanced judgment the lint flags), the check an export makes before it writes a pair and the plain baseline skips.
   */
  private static long baseline(PairRepository pairs, PairQuery q, ExportContext ctx, Path out, boolean lint) throws java.io.IOException {
    ObjectMapper mapper = new ObjectMapper();
    long[] records = {0};
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      pairs.forEach(q, (CuratedPair p) -> {
        if (lint && !BalancedLint.check(p.balanced().orElseThrow(), p).isEmpty()) return;
        for (Gender g : Gender.values()) {
          Map<String, String> rec = new LinkedHashMap<>();
          // TRL's plain-text layout (issue 13): the answers lead with the separator, as the export writes them
          var sep = ExportContext.AnswerSeparator.SPACE;
          rec.put("prompt", sep.prompt(ctx.prompts().prompt(p.pair().story(g))));
          rec.put("chosen", sep.answer(p.balanced().orElseThrow().forGender(g)));
          rec.put("rejected", sep.answer(p.judgment(g).orElseThrow().explanation()));
          try {
            w.write(mapper.writeValueAsString(rec));
            w.write('\n');
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          records[0]++;
        }
      });
    }
    return records[0];
  }

  private static long export(ExportService export, String format, Path out, PairQuery q, ExportContext ctx) throws java.io.IOException {
    ExportService.Result r = export.export(new ExportService.Request(format, out, q, Map.of(), ctx, OptionalDouble.empty(), 0), n -> { }, () -> false);
    assertThat(r.pairs()).isEqualTo(PAIRS);
    return r.records();
  }

  private static ImportService importer(Database db) {
    return new ImportService(new PairImports(db), new ImportService.PairFacts() {
      @Override public double rouge1(StoryPair p) { return Rouge1.f1(p.male().text(), p.female().text()); }
      @Override public int fidelityFlags(StoryPair p) { return StoryDiff.of(p.male().text(), p.female().text(), "", "").flags(); }
      @Override public ImportService.Names names(String m, String f) {
        Protagonists.Names n = Protagonists.names(m, f);
        return new ImportService.Names(n.male(), n.female());
      }
    });
  }
}
