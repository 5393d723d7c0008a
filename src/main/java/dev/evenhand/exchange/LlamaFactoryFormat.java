package dev.evenhand.exchange;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evenhand.domain.CuratedPair;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The LLaMA-Factory formats: one JSON array of alpaca rows, and {@code dataset_info.json} beside it with an entry named
 * after the data file's stem (entries already there are kept). Follows hiyouga/LLaMA-Factory at
 * ff6d4d12eeb035d6ce06805a5733dd7b29f2ac30:
 * <ul>
 *   <li>{@code llama-factory} (DPO, {@code stage: dpo}): rows {@code {"instruction", "input": "", "chosen", "rejected"}},
 *       entry {@code ranking: true} with columns prompt/query/chosen/rejected; stage {@code rm}, which DPO loads its data
 *       with, accepts only ranking entries ({@code src/llamafactory/data/loader.py} lines 177-179).</li>
 *   <li>{@code llama-factory-sft} ({@code stage: sft}): rows {@code {"instruction", "input": "", "output"}}, entry without
 *       {@code ranking} (every stage but rm refuses a ranking entry) and with columns prompt/query/response named: when an
 *       entry has {@code columns}, every column it leaves out is None ({@code data/parser.py} lines 70-83).</li>
 * </ul>
 * The converter ({@code data/converter.py} lines 93-100) joins instruction and input with a newline only when the input is
 * non-empty, so the empty {@code input} adds nothing to the prompt.
 */
public final class LlamaFactoryFormat implements ExportFormat {
  /** {@code llama-factory}: preference pairs for {@code stage: dpo}. */
  public static final LlamaFactoryFormat DPO = new LlamaFactoryFormat("llama-factory", true);
  /** {@code llama-factory-sft}: the balanced judgment as the response, for {@code stage: sft}. */
  public static final LlamaFactoryFormat SFT = new LlamaFactoryFormat("llama-factory-sft", false);

  /** Reads an existing dataset_info.json whole: data after its object, or a key given twice, is refused rather than dropped on rewrite. */
  private static final ObjectMapper INFO = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
      .enable(SerializationFeature.INDENT_OUTPUT).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String id;
  private final boolean ranking;

  private LlamaFactoryFormat(String id, boolean ranking) {
    this.id = id;
    this.ranking = ranking;
  }

  @Override public String id() { return id; }
  @Override public String extension() { return "json"; }
  @Override public boolean preference() { return ranking; }

  @Override
  public String example() {
    return ranking ? "[{\"instruction\": \"<story> …\", \"input\": \"\", \"chosen\": \"<balanced>\", \"rejected\": \"<original>\"}, …]"
        : "[{\"instruction\": \"<story> …\", \"input\": \"\", \"output\": \"<balanced>\"}, …]";
  }

  @Override
  public PairWriter open(OutputStream out, ExportContext ctx) throws IOException {
    JsonGenerator g = JsonFormats.JSON.createGenerator(out, JsonEncoding.UTF8);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.writeStartArray();
    return new PairWriter() {
      @Override
      public int write(CuratedPair p) throws IOException {
        int n = 0;
        for (JsonFormats.Example e : JsonFormats.examples(p, ctx)) {
          g.writeStartObject();
          g.writeStringField("instruction", e.prompt());
          g.writeStringField("input", "");
          if (ranking) {
            g.writeStringField("chosen", e.chosen());
            g.writeStringField("rejected", e.rejected());
          } else {
            g.writeStringField("output", e.chosen());
          }
          g.writeEndObject();
          n++;
        }
        return n;
      }

      @Override
      public void finish() throws IOException {
        g.writeEndArray();
        g.flush();
        out.write('\n');
      }
    };
  }

  /**
   * The {@code dataset_info.json} entry of a data file.
   *
   * @param fileName the data file's name
   * @return {@code {"file_name", "ranking": true, "columns"}} for DPO, {@code {"file_name", "columns"}} for SFT
   */
  ObjectNode entry(String fileName) {
    ObjectNode entry = INFO.createObjectNode();
    entry.put("file_name", fileName);
    if (ranking) entry.put("ranking", true);
    ObjectNode cols = entry.putObject("columns");
    cols.put("prompt", "instruction");
    cols.put("query", "input");
    if (ranking) {
      cols.put("chosen", "chosen");
      cols.put("rejected", "rejected");
    } else {
      cols.put("response", "output");
    }
    return entry;
  }

  /**
   * Checks, before any data file is moved into place, that {@code dataset_info.json} beside it can be updated
   * ({@link #writeInfo}), so an export refused for it has written nothing.
   *
   * @param data the data file to be written
   * @throws IOException when the existing file is not one JSON object
   */
  void checkInfo(Path data) throws IOException {
    readInfo(data.resolveSibling("dataset_info.json"));
  }

  private static ObjectNode readInfo(Path info) throws IOException {
    ObjectNode root = INFO.createObjectNode();
    if (Files.isRegularFile(info)) {
      try {
        JsonNode existing = INFO.readTree(info.toFile());
        if (existing != null && !existing.isMissingNode()) { // an empty file holds nothing to keep
          if (!existing.isObject()) throw new IOException("not a JSON object");
          root = (ObjectNode) existing;
        }
      } catch (IOException e) {
        throw new IOException(info + " exists but is not a JSON object; fix or move it, then export again", e);
      }
    }
    return root;
  }

  /**
   * Writes or updates {@code dataset_info.json} beside a data file (atomically): the entry named after the file's stem
   * replaces one of that name; other entries are kept as they are.
   *
   * @param data the data file written
   * @throws IOException when the existing file is not one JSON object (it is left as it is), or cannot be written
   */
  void writeInfo(Path data) throws IOException {
    Path info = data.resolveSibling("dataset_info.json");
    ObjectNode root = readInfo(info);
    String name = data.getFileName().toString();
    String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    root.set(stem, entry(name));
    AtomicFile.write(info, INFO.writeValueAsBytes(root));
  }
}
