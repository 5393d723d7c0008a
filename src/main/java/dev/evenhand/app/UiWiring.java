package dev.evenhand.app;

import dev.evenhand.usecase.Settings;
import dev.evenhand.llm.OllamaAdmin;
import dev.evenhand.llm.OllamaException;
import dev.evenhand.llm.ServerModel;
import dev.evenhand.usecase.GenerationService;
import dev.evenhand.usecase.ModelsService;
import dev.evenhand.usecase.ServerState;
import dev.evenhand.method.Themes;
import dev.evenhand.ui.UiContext;
import java.util.List;
import java.util.concurrent.Executor;

/** Builds the {@link UiContext} the screens use from the app's {@link Services}. */
public final class UiWiring {
  private UiWiring() {}

  /**
   * @param s          the services
   * @param background where blocking work runs
   * @return the context for the screens
   */
  public static UiContext context(Services s, Executor background) {
    return context(s, background, folder -> { });
  }

  /**
   * @param s          the services
   * @param background where blocking work runs
   * @param openFolder opens a folder in the desktop's file manager
   * @return the context for the screens
   */
  public static UiContext context(Services s, Executor background, java.util.function.Consumer<java.nio.file.Path> openFolder) {
    return new UiContext(s.generation(), s.pairs(), s.review(), () -> check(s.admin()), (tag, parallel) -> s.target(tag, parallel, java.time.Duration.ofDays(365), note -> { }),
        () -> Themes.parse("datasets/themes.jsonl", s.resources().require("datasets/themes.jsonl")), s.settings().reviewer(), s.settings().parallel(), background,
        new ModelsService(s::admin), s.calls(), s.settings().keys(),
        s.regenerate(), s.importer(), s.export(), s::exportContext,
        new dev.evenhand.store.AuditRepository(s.database()), (runId, parallel, progress, cancel) -> runAudit(s, runId, parallel, progress, cancel),
        about(s), openFolder, settingsAccess(s));
  }

  static UiContext.SettingsAccess settingsAccess(Services s) {
    return new UiContext.SettingsAccess() {
      @Override
      public java.util.Map<String, String> current() { return s.settingsFile().current(); }

      @Override
      public String save(java.util.Map<String, String> values) { return s.settingsFile().save(values).toString(); }

      @Override
      public String delete(String what, String which, boolean includeAccepted) {
        return s.deletes().delete(dev.evenhand.domain.DeleteTarget.of(what), which, includeAccepted).line();
      }
    };
  }

  static java.util.Map<String, String> about(Services s) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("evenhand", dev.evenhand.app.cli.Version.evenhand());
    m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    m.put("javafx", System.getProperty("javafx.runtime.version", "21"));
    m.put("data", s.paths().dataDir().toString());
    m.put("logs", s.paths().logDir().toString());
    String model = "llama3.1:8b";
    try {
      model = new com.fasterxml.jackson.databind.ObjectMapper().readTree(s.resources().require("models/default/profile.json"))
          .path("default_model").asText(model);
    } catch (Exception e) {
      // the packed default stays
    }
    m.put("default_model", model);
    return m;
  }

  static boolean runAudit(Services s, long runId, int parallel, dev.evenhand.usecase.AuditService.Listener progress,
                          java.util.concurrent.atomic.AtomicBoolean cancel) throws InterruptedException {
    var outcome = s.audits().resume(runId, parallel, java.time.Duration.ofDays(365), progress::progress, cancel);
    // answers the server failed to give are missing, not the model's: say so; the run stays resumable
    if (outcome.result().unansweredCount() > 0) throw new IllegalStateException(outcome.result().missingLine());
    return outcome.result().complete();
  }

  static ServerState check(OllamaAdmin admin) {
    try {
      String version = admin.version();
      List<String> tags = admin.tags().stream().map(ServerModel::tag).toList();
      return new ServerState(admin.baseUrl(), true, version, tags, "");
    } catch (OllamaException e) {
      return new ServerState(admin.baseUrl(), false, "", List.of(), e.getMessage());
    }
  }

}
