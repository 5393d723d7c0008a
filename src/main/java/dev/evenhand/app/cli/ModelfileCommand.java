package dev.evenhand.app.cli;

import dev.evenhand.domain.PromptTemplate;
import dev.evenhand.llm.Resources;
import dev.evenhand.method.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code modelfile}: writes an Ollama Modelfile for a fine-tuned LoRA adapter (FROM the base model,
 * ADAPTER the file) from the template in {@code models/default/Modelfile.template}, and prints the
 * {@code ollama create} command, so the fine-tuned model can be audited beside the base one.
 */
@Command(name = "modelfile", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Write a Modelfile for a fine-tuned LoRA adapter and show the `ollama create` command.")
public final class ModelfileCommand extends BaseCommand {
  @Option(names = "--base", paramLabel = "TAG", required = true, description = "the base model, e.g. ${bundle:default-model}") String base;
  @Option(names = "--adapter", paramLabel = "PATH", required = true, description = "the adapter (a safetensors folder or a GGUF file)") Path adapter;
  @Option(names = "--name", paramLabel = "TAG", description = "the new model's tag (default: evenhand-<base>)") String name;
  @Option(names = "--out", paramLabel = "FILE", defaultValue = "Modelfile", description = "where to write it (default ${DEFAULT-VALUE})") Path outFile;

  @Override
  public Integer call() throws Exception {
    if (!dev.evenhand.usecase.ModelsService.isTag(base)) throw new InvalidInputException("--base: not a model tag: '" + base + "'");
    if (!Files.exists(adapter)) throw new InvalidInputException("--adapter: " + adapter + ": no such file or folder");
    String tag = name != null ? name.strip() : "evenhand-" + base.replace(':', '-');
    if (!dev.evenhand.usecase.ModelsService.isTag(tag)) throw new InvalidInputException("--name: not a model tag: '" + tag + "'");
    Resources r = new Resources(root().environment().paths().configDir());
    String text = new PromptTemplate("modelfile", 1, r.require("models/default/Modelfile.template")).fill(Map.of(
        "base", base, "adapter", adapter.toAbsolutePath().toString(), "name", tag, "file", outFile.toAbsolutePath().toString()));
    dev.evenhand.exchange.AtomicFile.write(outFile, (text + "\n").getBytes(StandardCharsets.UTF_8));
    String create = "ollama create " + tag + " -f " + outFile.toAbsolutePath();
    if (json()) {
      printJson(fields("modelfile", outFile.toAbsolutePath().toString(), "model", tag, "create", create));
    } else {
      out().println("wrote " + outFile.toAbsolutePath());
      out().println(create);
      out().println("then: evenhand audit --models " + base + "," + tag + " --set genmo");
    }
    return OK;
  }
}
