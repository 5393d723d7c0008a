package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.llm.OllamaException;
import dev.evenhand.llm.ServerModel;
import dev.evenhand.usecase.ModelsService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/**
 * {@code models}: what each Ollama server has ({@code /api/tags}, {@code /api/ps}); a server that does not
 * answer is a warning while another does, and exit 4 when none does ({@link ModelsService#listAll()}).
 */
@Command(name = "models", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "List the models the Ollama server has.")
public final class ModelsCommand extends BaseCommand {
  @Override
  protected boolean contactsOllama() { return true; }

  @Override
  public Integer call() {
    try (Services s = services()) {
      ModelsService.Listing listing = s.models().listAll();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (ModelsService.HostModels host : listing.hosts()) {
        if (json()) rows.addAll(rows(host));
        else print(host, s.ollamaUrls().size() > 1, s.targets()::defaultModelTag);
      }
      for (OllamaException e : listing.failures()) err().println("warning: " + e.getMessage());
      if (json()) printJson(rows);
    }
    return OK;
  }

  private static List<Map<String, Object>> rows(ModelsService.HostModels host) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ServerModel m : host.models()) {
      ModelsService.Loaded l = host.loaded().get(m.tag());
      Map<String, Object> o = fields("host", host.url(), "tag", m.tag(), "digest", m.digest(), "size", m.sizeBytes(), "family", m.family(),
          "parameter_size", m.parameterSize(), "quantization", m.quantization(), "loaded", l != null);
      if (l != null) o.put("gpu_share", l.gpuShare());
      rows.add(o);
    }
    return rows;
  }

  private void print(ModelsService.HostModels host, boolean several, Supplier<String> defaultTag) {
    err().println("Ollama " + (host.version().isBlank() ? "(version not given)" : printable(host.version())) + " at " + host.url());
    for (ServerModel m : host.models()) {
      ModelsService.Loaded l = host.loaded().get(m.tag());
      out().printf("%s%-32s %8.1f GB  %-10s %-8s %-8s %s%n", several ? host.url() + "  " : "", printable(m.tag()), m.sizeBytes() / 1e9,
          printable(m.family()), printable(m.parameterSize()), printable(m.quantization()),
          l == null ? "" : String.format("loaded, %.0f%% on GPU", 100 * l.gpuShare()));
      if (l != null && l.partlyOnCpu()) {
        err().println("warning: " + printable(m.tag()) + " is partly on the CPU (" + String.format("%.0f%%", 100 * (1 - l.gpuShare()))
            + " of it): generation will be slow; a smaller model or quantisation, or a smaller num_ctx, fits the GPU better");
      }
    }
    if (host.models().isEmpty()) err().println("the server at " + host.url() + " has no models: get one with `ollama pull " + defaultTag.get() + "`");
  }
}
