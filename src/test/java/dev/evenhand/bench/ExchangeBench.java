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
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports and imports at scale (issue 5): 100,000 accepted pairs (GenMO's 908 repeated) exported to
 * trl-dpo and to csv and the csv imported back; records per second and peak heap, next to a baseline in
 * the same run that writes the same records with plain Jackson {@code writeValueAsString} per line into a
 * BufferedWriter. Prints figures; fails on no time. Run: {@code mvn -B -Pbench verify -Dtest=ExchangeBench}.
 */
class ExchangeBench {
  private static final int PAIRS = Integer.getInteger("bench.exchangePairs", 100_000);
  @TempDir Path dir;

  private static void resetPeaks() {
    for (int i = 0; i < 3; i++) System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
  }

  /** @return the sum of the heap pools' peaks since the last reset, in MB (an upper bound of the peak heap) */
  private static double peakMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
    return sum / 1e6;
  }

  @Test
  void exportAndImportAHundredThousandPairs() throws Exception {
    JsonNode genmo = new ObjectMapper().readTree(Genmo.path().toFile());
    try (Database db = Database.open(dir.resolve("db/evenhand"))) {
      PairRepository pairs = new PairRepository(db);
      long t0 = System.nanoTime();
      PairImports imports = new PairImports(db);
      long setId = imports.write(b -> b.pairSet("bench", "bench", null));
      for (int start = 0; start < PAIRS; start += 2000) {
        int from = start;
        imports.write(b -> {
          for (int i = from; i < Math.min(PAIRS, from + 2000); i++) {
            JsonNode g = genmo.get(i % genmo.size());
            StoryPair p = new StoryPair(new Story(Gender.MALE, "", g.get("male_story").asText() + " #" + i),
                new Story(Gender.FEMALE, "", g.get("female_story").asText() + " #" + i), g.get("environment").asText());
            Instant now = Instant.now();
            String balanced = "The main character, case " + i;
            b.addPair(setId, new ImportedPair(p, 0.9, "llama3.1:8b", PairStage.COMPLETE, ReviewStatus.ACCEPTED, false, null, null,
                new PairArchive(null, null, true, null, List.of(
                    new PairArchive.JudgmentRow(Gender.MALE, "llama3.1:8b", "judgment", 1, Stance.MORAL.name(), "Fine, \"really\", case " + i, now),
                    new PairArchive.JudgmentRow(Gender.FEMALE, "llama3.1:8b", "judgment", 1, Stance.IMMORAL.name(), "Wrong,\nsurely " + i, now)),
                    List.of(new PairArchive.BalancedRow(Gender.MALE, balanced, balanced, now), new PairArchive.BalancedRow(Gender.FEMALE, balanced, balanced, now)),
                    List.of())));
          }
          return null;
        });
      }
      System.out.printf("%nExchange at scale: %,d accepted pairs stored in %.1f s%n", PAIRS, (System.nanoTime() - t0) / 1e9);
      ExportService export = new ExportService(pairs, new dev.evenhand.store.ArchiveRepository(db)::read);
      ExportContext ctx = new ExportContext(new TrainingPrompts("training_prompt", 1, s -> s.text() + "\n\nIs what the narrator did moral or immoral?"),
          ExportContext.Recipe.PAPER, GenderSwap::swap);
      PairQuery q = PairQuery.ALL.withSort(PairQuery.Sort.OLDEST);
      System.out.printf("%-40s %10s %12s %14s%n", "run", "records", "records/s", "peak heap MB");

      // baseline: the same records, plain Jackson writeValueAsString per line into a BufferedWriter
      ObjectMapper mapper = new ObjectMapper();
      resetPeaks();
      long b0 = System.nanoTime();
      long[] baseRecords = {0};
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("baseline.jsonl"), StandardCharsets.UTF_8)) {
        pairs.forEach(q, (CuratedPair p) -> {
          for (Gender g : Gender.values()) {
            Map<String, String> rec = new LinkedHashMap<>();
            rec.put("prompt", ctx.prompts().prompt(p.pair().story(g)));
            rec.put("chosen", p.balanced().orElseThrow().forGender(g));
            rec.put("rejected", p.judgment(g).orElseThrow().explanation());
            try {
              w.write(mapper.writeValueAsString(rec));
              w.write('\n');
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            baseRecords[0]++;
          }
        });
      }
      double baseRate = baseRecords[0] / ((System.nanoTime() - b0) / 1e9);
      System.out.printf("%-40s %,10d %,12.0f %14.1f%n", "baseline (writeValueAsString per line)", baseRecords[0], baseRate, peakMb());

      double[] rates = new double[2];
      String[] formats = {"trl-dpo", "csv"};
      for (int i = 0; i < 2; i++) {
        resetPeaks();
        long e0 = System.nanoTime();
        ExportService.Result r = export.export(new ExportService.Request(formats[i], dir.resolve("out." + (i == 0 ? "jsonl" : "csv")), q, Map.of(),
            ctx, OptionalDouble.empty(), 0), n -> { }, () -> false);
        rates[i] = r.records() / ((System.nanoTime() - e0) / 1e9);
        System.out.printf("%-40s %,10d %,12.0f %14.1f%n", "Evenhand export " + formats[i], r.records(), rates[i], peakMb());
        assertThat(r.pairs()).isEqualTo(PAIRS);
      }
      assertThat(Files.readAllBytes(dir.resolve("out.jsonl"))).isEqualTo(Files.readAllBytes(dir.resolve("baseline.jsonl")));

      try (Database back = Database.open(dir.resolve("back/evenhand"))) {
        ImportService importer = new ImportService(new PairImports(back), new ImportService.PairFacts() {
          @Override public double rouge1(StoryPair p) { return Rouge1.f1(p.male().text(), p.female().text()); }
          @Override public int fidelityFlags(StoryPair p) { return StoryDiff.of(p.male().text(), p.female().text(), "", "").flags(); }
          @Override public ImportService.Names names(String m, String f) {
            Protagonists.Names n = Protagonists.names(m, f);
            return new ImportService.Names(n.male(), n.female());
          }
        });
        resetPeaks();
        long i0 = System.nanoTime();
        ImportService.Result r = importer.importFile(ImportService.Source.CSV, dir.resolve("out.csv"), "back", false, n -> { }, () -> false);
        double rate = 2.0 * r.imported() / ((System.nanoTime() - i0) / 1e9);
        System.out.printf("%-40s %,10d %,12.0f %14.1f%n", "Evenhand import csv (rows)", 2 * r.imported(), rate, peakMb());
        assertThat(r.imported()).isEqualTo(PAIRS);
      }
      System.out.printf("export speed against the baseline: trl-dpo %.2f, csv %.2f (target >= 0.8)%n", rates[0] / baseRate, rates[1] / baseRate);
    }
  }
}
