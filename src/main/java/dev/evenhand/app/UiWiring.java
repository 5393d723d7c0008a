package dev.evenhand.app;

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
        (pair, onToken, cancelled) -> regenerate(s, pair, onToken, cancelled), s.importer(), s.export(), s::exportContext,
        new dev.evenhand.store.AuditRepository(s.database()), (runId, parallel, progress, cancel) -> runAudit(s, runId, parallel, progress, cancel),
        about(s), openFolder, settingsAccess(s));
  }

  static dev.evenhand.domain.BalancedJudgment regenerate(Services s, dev.evenhand.domain.CuratedPair p,
      java.util.function.Consumer<String> onToken, java.util.function.BooleanSupplier cancelled) throws InterruptedException {
    String tag = p.modelTag().isEmpty() ? "llama3.1:8b" : p.modelTag();
    GenerationService.Target t = s.target(tag, 1, java.time.Duration.ofMinutes(1), note -> { });
    try (var hosts = t.hosts()) {
      var male = p.maleJudgment().orElseThrow(() -> new IllegalStateException("pair " + p.id() + " has no judgment of the male story"));
      var female = p.femaleJudgment().orElseThrow(() -> new IllegalStateException("pair " + p.id() + " has no judgment of the female story"));
      var out = s.steps().balanced(hosts, t.profile(), p.pair(), male, female, call -> s.calls().insert(null, p.id(), call), cancelled, onToken,
          cancelled);
      return out.value().orElseThrow(() -> new IllegalStateException("the model gave no usable balanced judgment ("
          + out.fault().label() + "): " + out.error()));
    }
  }

  static UiContext.SettingsAccess settingsAccess(Services s) {
    return new UiContext.SettingsAccess() {
      @Override
      public java.util.Map<String, String> current() {
        Settings t;
        try {
          t = Settings.load(s.paths().settingsFile());
        } catch (IllegalArgumentException e) {
          t = Settings.defaults();
        }
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("ollama.urls", t.ollamaUrls());
        m.put("profile", t.profile());
        m.put("parallel", Integer.toString(t.parallel()));
        m.put("timeout.seconds", Long.toString(t.callTimeout().toSeconds()));
        m.put("reviewer", t.reviewer());
        m.put("theme", t.theme());
        m.putAll(new java.util.TreeMap<>(t.keys()));
        return m;
      }

      @Override
      public String save(java.util.Map<String, String> values) {
        java.nio.file.Path file = s.paths().settingsFile();
        try {
          java.nio.file.Files.createDirectories(file.getParent());
          java.nio.file.Path probe = java.nio.file.Files.createTempFile(file.getParent(), ".settings.", ".check");
          try {
            java.util.Properties p = new java.util.Properties();
            values.forEach((k, v) -> { if (v != null && !(v.isBlank() && !k.startsWith("keys."))) p.setProperty(k, v.strip()); });
            try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(probe, java.nio.charset.StandardCharsets.UTF_8)) {
              p.store(w, null);
            }
            Settings checked = Settings.load(probe);
            checked.save(file);
          } finally {
            java.nio.file.Files.deleteIfExists(probe);
          }
          return file.toString();
        } catch (java.io.IOException e) {
          throw new IllegalArgumentException("cannot save the settings in " + file + ": " + e.getMessage(), e);
        }
      }

      @Override
      public String delete(String what, String which, boolean includeAccepted) {
        dev.evenhand.store.DeleteRepository d = new dev.evenhand.store.DeleteRepository(s.database());
        try {
          return switch (what) {
            case "run" -> {
              var r = d.deleteRun(Long.parseLong(which.strip()), !includeAccepted);
              yield "run " + which + ": " + r.pairsDeleted() + " pairs deleted, " + r.pairsKept() + " accepted pairs kept";
            }
            case "audit" -> {
              d.deleteAudit(Long.parseLong(which.strip()));
              yield "audit " + which + " deleted";
            }
            default -> {
              var r = d.deleteSet(which.strip(), !includeAccepted);
              yield "set " + which + ": " + r.pairsDeleted() + " pairs deleted, " + r.pairsKept() + " accepted pairs kept";
            }
          };
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not an id: '" + which + "'");
        }
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
    dev.evenhand.store.AuditRepository audits = new dev.evenhand.store.AuditRepository(s.database());
    var run = audits.find(runId).orElseThrow();
    java.util.Map<String, GenerationService.Target> targets = new java.util.LinkedHashMap<>();
    try {
      for (String tag : run.models()) targets.put(tag, s.target(tag, parallel, java.time.Duration.ofDays(365), note -> { }));
      var result = new dev.evenhand.usecase.AuditService(audits, s.pairs(), s.calls(), s.steps()).execute(runId, targets, progress, cancel);
      // answers the server failed to give are missing, not the model's: say so; the run stays resumable
      if (result.unansweredCount() > 0) throw new IllegalStateException(result.missingLine());
      return result.complete();
    } finally {
      for (GenerationService.Target t : targets.values()) t.hosts().close();
    }
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
