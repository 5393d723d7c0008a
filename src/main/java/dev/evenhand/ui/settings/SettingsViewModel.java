package dev.evenhand.ui.settings;

import dev.evenhand.domain.DeleteTarget;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.DeleteUseCase;
import dev.evenhand.usecase.SettingsUseCase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ResourceBundle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State and commands of the Settings screen: the saved settings as editable text, saved only when every
 * value is valid (a refused value is named with its key), and deleting a run, an audit or a pair set.
 * Both go through the use cases the CLI uses ({@link SettingsUseCase}, {@link DeleteUseCase}).
 */
public final class SettingsViewModel {
  private final SettingsUseCase settings;
  private final DeleteUseCase deletes;
  private final TaskExecutor tasks;
  private final ResourceBundle text;
  private final StringProperty urls = new SimpleStringProperty("");
  private final StringProperty profile = new SimpleStringProperty("");
  private final StringProperty parallel = new SimpleStringProperty("1");
  private final StringProperty timeout = new SimpleStringProperty("600");
  private final StringProperty reviewer = new SimpleStringProperty("");
  private final StringProperty theme = new SimpleStringProperty("light");
  private final StringProperty keys = new SimpleStringProperty("");
  private final StringProperty message = new SimpleStringProperty("");
  private final ObjectProperty<DeleteTarget> deleteWhat = new SimpleObjectProperty<>(DeleteTarget.RUN);
  private final StringProperty deleteWhich = new SimpleStringProperty("");
  private final BooleanProperty includeAccepted = new SimpleBooleanProperty(false);

  /**
   * @param settings the settings file: read, validate, save
   * @param deletes  deletes of runs, audits and sets
   * @param tasks    where blocking work runs
   * @param text     the resource bundle
   */
  public SettingsViewModel(SettingsUseCase settings, DeleteUseCase deletes, TaskExecutor tasks, ResourceBundle text) {
    this.settings = settings;
    this.deletes = deletes;
    this.tasks = tasks;
    this.text = text;
  }

  /** Reads the saved settings into the fields. */
  public void load() {
    tasks.execute(BackgroundTask.wrap(c -> settings.current()).onSuccess(m -> {
      urls.set(m.getOrDefault("ollama.urls", ""));
      profile.set(m.getOrDefault("profile", ""));
      parallel.set(m.getOrDefault("parallel", "1"));
      timeout.set(m.getOrDefault("timeout.seconds", "600"));
      reviewer.set(m.getOrDefault("reviewer", ""));
      theme.set(m.getOrDefault("theme", "light"));
      StringBuilder sb = new StringBuilder();
      m.forEach((k, v) -> { if (k.startsWith("keys.")) sb.append(k.substring(5)).append('=').append(v).append('\n'); });
      keys.set(sb.toString());
      message.set("");
    }).onFailure(e -> message.set(e.getMessage())));
  }

  /** Validates and saves; a refused value leaves the file as it was and says which key. */
  public void save() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ollama.urls", urls.get());
    m.put("profile", profile.get());
    m.put("parallel", parallel.get());
    m.put("timeout.seconds", timeout.get());
    m.put("reviewer", reviewer.get());
    m.put("theme", theme.get());
    for (String line : keys.get().split("\n")) {
      if (line.isBlank()) continue;
      int eq = line.indexOf('=');
      if (eq <= 0) {
        message.set(String.format(text.getString("settings.badKeyLine"), line.strip()));
        return;
      }
      m.put("keys." + line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    tasks.execute(BackgroundTask.wrap(c -> settings.save(m))
        .onSuccess(file -> message.set(String.format(text.getString("settings.saved"), file)))
        .onFailure(e -> message.set(String.format(text.getString("settings.refused"), e.getMessage()))));
  }

  /** Deletes what the data fields name (after the view asked for confirmation). */
  public void delete() {
    DeleteTarget what = deleteWhat.get();
    String which = deleteWhich.get();
    boolean all = includeAccepted.get();
    if (which == null || which.isBlank()) {
      message.set(text.getString("settings.deleteWhich"));
      return;
    }
    tasks.execute(BackgroundTask.wrap(c -> deletes.delete(what, which, all).what())
        .onSuccess(done -> message.set(String.format(text.getString("settings.deleted"), done)))
        .onFailure(e -> message.set(e.getMessage())));
  }

  /** @return Ollama URLs */
  public StringProperty urls() { return urls; }
  /** @return the fallback model profile */
  public StringProperty profile() { return profile; }
  /** @return requests in flight per host */
  public StringProperty parallel() { return parallel; }
  /** @return the per-call timeout in seconds */
  public StringProperty timeout() { return timeout; }
  /** @return the reviewer name */
  public StringProperty reviewer() { return reviewer; }
  /** @return light or dark */
  public StringProperty theme() { return theme; }
  /** @return key bindings, one {@code action=key} a line */
  public StringProperty keys() { return keys; }
  /** @return what the last action said */
  public StringProperty message() { return message; }
  /** @return what to delete: a run, an audit or a set */
  public ObjectProperty<DeleteTarget> deleteWhat() { return deleteWhat; }
  /** @return the id or the set name */
  public StringProperty deleteWhich() { return deleteWhich; }
  /** @return also delete accepted pairs */
  public BooleanProperty includeAccepted() { return includeAccepted; }
}
