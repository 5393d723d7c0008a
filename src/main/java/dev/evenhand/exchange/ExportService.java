package dev.evenhand.exchange;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evenhand.domain.CuratedPair;
import dev.evenhand.store.PairQuery;
import dev.evenhand.store.PairRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Exports curated pairs in a format of FORMATS.md: streamed from the store page by page (memory does not
 * grow with the number of pairs), written atomically, stable order (pair id, male before female) so two
 * exports of the same data are byte-identical, and followed by {@code <file>.manifest.json}.
 */
public final class ExportService {
  private final PairRepository pairs;
  private final Map<String, ExportFormat> formats = new LinkedHashMap<>();
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** @param pairs where pairs are read from */
  public ExportService(PairRepository pairs) {
    this.pairs = pairs;
    for (ExportFormat f : List.of(new TrlDpoFormat())) formats.put(f.id(), f);
  }

  /** @return the ids of the formats this service writes */
  public List<String> formatIds() { return List.copyOf(formats.keySet()); }

  /**
   * What an export wrote.
   *
   * @param file     the data file
   * @param manifest the manifest file
   * @param records  records written
   * @param pairs    pairs exported
   * @param sha256   SHA-256 of the data file
   */
  public record Result(Path file, Path manifest, long records, long pairs, String sha256) {}

  /**
   * @param formatId  a format id ({@link #formatIds()})
   * @param out       the data file to write
   * @param query     which pairs
   * @param filters   the filters as the user gave them, recorded in the manifest
   * @param prompts   the training prompt template
   * @param progress  receives the number of pairs written so far
   * @param cancelled polled between pairs; when true the export stops and leaves no file
   * @return what was written
   * @throws IllegalArgumentException for an unknown format id
   * @throws CancellationException when cancelled (nothing is left under the final name)
   * @throws IOException when the file cannot be written (disk full, no permission); nothing is left under the final name
   */
  public Result export(String formatId, Path out, PairQuery query, Map<String, Object> filters, TrainingPrompts prompts,
                       LongConsumer progress, BooleanSupplier cancelled) throws IOException {
    ExportFormat format = formats.get(formatId);
    if (format == null) throw new IllegalArgumentException("unknown export format '" + formatId + "' (known: " + String.join(", ", formatIds()) + ")");
    long[] counts = new long[2];
    String sha;
    try (AtomicFile file = AtomicFile.open(out)) {
      JsonGenerator g = json.getFactory().createGenerator(file.stream(), JsonEncoding.UTF8);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
      try {
        pairs.forEach(query, p -> {
          if (cancelled.getAsBoolean()) throw new CancellationException("export cancelled");
          if (!exportable(p)) return;
          try {
            counts[0] += format.write(p, prompts, g);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          counts[1]++;
          progress.accept(counts[1]);
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      if (counts[0] > 0) g.writeRaw('\n');
      g.flush();
      sha = file.commit();
    }
    Path manifest = out.toAbsolutePath().resolveSibling(out.getFileName() + ".manifest.json");
    AtomicFile.write(manifest, json.writeValueAsBytes(manifest(formatId, out, counts[0], counts[1], filters, query, prompts, sha)));
    return new Result(out.toAbsolutePath(), manifest, counts[0], counts[1], sha);
  }

  private static boolean exportable(CuratedPair p) {
    return p.maleJudgment().isPresent() && p.femaleJudgment().isPresent() && p.balanced().isPresent();
  }

  private ObjectNode manifest(String formatId, Path out, long records, long pairCount, Map<String, Object> filters, PairQuery q,
                              TrainingPrompts prompts, String sha) {
    ObjectNode m = json.createObjectNode();
    m.put("format", formatId);
    m.put("file", out.getFileName().toString());
    m.put("records", records);
    m.put("pairs", pairCount);
    m.set("filters", json.valueToTree(filters));
    ArrayNode models = m.putArray("models");
    TreeSet<String> versions = new TreeSet<>();
    ArrayNode templates = m.putArray("prompt_templates");
    TreeSet<String> seenModels = new TreeSet<>();
    TreeSet<String> seenTemplates = new TreeSet<>();
    for (PairRepository.Provenance p : pairs.provenance(q)) {
      if (seenModels.add(p.modelTag() + "@" + p.modelDigest())) models.addObject().put("tag", p.modelTag()).put("digest", p.modelDigest());
      if (!p.ollamaVersion().isEmpty()) versions.add(p.ollamaVersion());
      if (seenTemplates.add(p.templateId() + "@" + p.templateVersion()))
        templates.addObject().put("id", p.templateId()).put("version", p.templateVersion());
    }
    ArrayNode ov = m.putArray("ollama_versions");
    versions.forEach(ov::add);
    m.putObject("training_prompt").put("id", prompts.templateId()).put("version", prompts.templateVersion());
    m.put("created_at", Instant.now().toString());
    m.put("sha256", sha);
    return m;
  }
}
