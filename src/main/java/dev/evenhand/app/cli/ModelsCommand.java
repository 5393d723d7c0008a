package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.llm.OllamaAdmin;
import dev.evenhand.llm.OllamaException;
import dev.evenhand.llm.ServerModel;
import dev.evenhand.usecase.ModelsService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code models}: what each Ollama server has ({@code /api/tags}, {@code /api/ps}); a server that does not
 * answer is a warning while another does, and exit 4 when none does.
 */
@Command(name = "models", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "List the models the Ollama server has.")
public final class ModelsCommand extends BaseCommand {
  @Override
  protected boolean contactsOllama() { return true; }

  @Override
  public Integer call() {
    try (Services s = services()) {
      List<Map<String, Object>> arr = new ArrayList<>();
      List<OllamaException> failures = new ArrayList<>();
      for (String url : s.ollamaUrls()) {
        try {
          listHost(new OllamaAdmin(url), arr, s.ollamaUrls().size() > 1);
        } catch (OllamaException e) {
          failures.add(e);
        }
      }
      if (failures.size() == s.ollamaUrls().size()) throw failures.get(0);
      for (OllamaException e : failures) err().println("warning: " + e.getMessage());
      if (json()) printJson(arr);
    }
    return OK;
  }

  /**
   * Lists one server's models: JSON rows into {@code arr}, or text lines at once.
   *
   * @throws OllamaException when the server does not answer
   */
  private void listHost(OllamaAdmin admin, List<Map<String, Object>> arr, boolean several) {
    String version = admin.version();
    List<ServerModel> models = admin.tags();
    ModelsService service = new ModelsService(() -> admin);
    Map<String, ModelsService.Loaded> loaded = new LinkedHashMap<>();
    for (ModelsService.Loaded l : service.loaded()) loaded.put(l.tag(), l);
    if (json()) {
      for (ServerModel m : models) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("host", admin.baseUrl());
        o.put("tag", m.tag());
        o.put("digest", m.digest());
        o.put("size", m.sizeBytes());
        o.put("family", m.family());
        o.put("parameter_size", m.parameterSize());
        o.put("quantization", m.quantization());
        ModelsService.Loaded l = loaded.get(m.tag());
        o.put("loaded", l != null);
        if (l != null) o.put("gpu_share", l.gpuShare());
        arr.add(o);
      }
      return;
    }
    err().println("Ollama " + (version.isBlank() ? "(version not given)" : printable(version)) + " at " + admin.baseUrl());
    for (ServerModel m : models) {
      ModelsService.Loaded l = loaded.get(m.tag());
      out().printf("%s%-32s %8.1f GB  %-10s %-8s %-8s %s%n", several ? admin.baseUrl() + "  " : "", printable(m.tag()), m.sizeBytes() / 1e9, printable(m.family()),
          printable(m.parameterSize()), printable(m.quantization()), l == null ? "" : String.format("loaded, %.0f%% on GPU", 100 * l.gpuShare()));
      if (l != null && l.partlyOnCpu()) {
        err().println("warning: " + printable(m.tag()) + " is partly on the CPU (" + String.format("%.0f%%", 100 * (1 - l.gpuShare()))
            + " of it): generation will be slow; a smaller model or quantisation, or a smaller num_ctx, fits the GPU better");
      }
    }
    if (models.isEmpty()) err().println("the server at " + admin.baseUrl() + " has no models: get one with `ollama pull llama3.1:8b`");
  }
}
