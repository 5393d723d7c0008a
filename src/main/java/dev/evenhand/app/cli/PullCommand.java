package dev.evenhand.app.cli;

import dev.evenhand.app.Services;
import dev.evenhand.method.InvalidInputException;
import dev.evenhand.usecase.ModelsService;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pull TAG}: pulls a model onto the Ollama server with a progress bar on stderr. */
@Command(name = "pull", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Pull a model onto the Ollama server (as `ollama pull TAG`), with progress.")
public final class PullCommand extends BaseCommand {
  @Parameters(paramLabel = "TAG", description = "model tag, e.g. ${bundle:default-model}") String tag;

  @Override
  protected boolean contactsOllama() { return true; }

  @Override
  public Integer call() {
    if (!ModelsService.isTag(tag)) throw new InvalidInputException("not a model tag: '" + tag + "'");
    try (Services s = services()) {
      ModelsService models = s.models();
      String version = models.version();
      err().println("pulling " + tag + " onto Ollama " + version + " at " + models.url());
      err().flush();
      ProgressBar[] bar = {null};
      String[] layer = {""};
      long t0 = System.nanoTime();
      boolean ok;
      try {
        ok = models.pull(tag, p -> {
          if (!p.digest().isEmpty() && p.total() > 0) {
            if (!p.digest().equals(layer[0])) {
              if (bar[0] != null) bar[0].close();
              layer[0] = p.digest();
              bar[0] = new ProgressBarBuilder().setTaskName(p.status()).setInitialMax(p.total()).setUnit(" MB", 1_000_000)
                  .setStyle(ProgressBarStyle.ASCII).showSpeed().setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                  .build();
            }
            bar[0].stepTo(p.completed());
          } else if (!p.status().startsWith("pulling ")) {
            if (bar[0] != null) {
              bar[0].close();
              bar[0] = null;
            }
            err().println(p.status());
            err().flush();
          }
        }, () -> false);
      } finally {
        if (bar[0] != null) bar[0].close();
      }
      if (json()) {
        printJson(fields("tag", tag, "pulled", ok, "seconds", Math.round((System.nanoTime() - t0) / 1e6) / 1000.0));
      } else {
        out().println("pulled " + tag);
      }
      return OK;
    }
  }
}
