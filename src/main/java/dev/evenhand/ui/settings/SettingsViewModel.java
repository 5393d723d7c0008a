package dev.evenhand.ui.settings;

import dev.evenhand.domain.DeleteTarget;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.DeleteUseCase;
import dev.evenhand.usecase.ReviewKeys;
import dev.evenhand.usecase.Settings;
import dev.evenhand.usecase.SettingsUseCase;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Consumer;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State and commands of the Settings screen. Each field shows the value in effect and, beside it, where
 * it comes from (the command line, the environment, the settings file or the default) and what it
 * overrides ({@link SettingsUseCase#inEffect}). Saving writes only what the user changed (a value from
 * the command line or the environment is not saved by accident), all or nothing; a refused value is
 * named by its field ("Ollama URL(s): ..."). Theme, reviewer and key changes take effect at once
 * ({@link #applied()}); the other settings from the next start, which the note beside them says. Deleting
 * a run, an audit or a pair set goes through {@link DeleteUseCase}, as the CLI's does.
 */
public final class SettingsViewModel {
  /** The editable fields, by file key, in the screen's order. */
  public static final List<String> EDITABLE = List.of("ollama.urls", "profile", "parallel", "timeout.seconds", "reviewer", "theme", "keys");
  /** The fields that take effect at once when saved; the others at the next start. */
  private static final Set<String> LIVE = Set.of("reviewer", "theme", "keys");
  private static final Map<String, String> LABELS = Map.of("ollama.urls", "settings.urls", "profile", "settings.profile",
      "parallel", "generate.parallel", "timeout.seconds", "settings.timeout", "reviewer", "settings.reviewer", "theme", "settings.theme",
      "keys", "settings.keys", "database", "settings.database", "file", "settings.file");

  private final SettingsUseCase settings;
  private final DeleteUseCase deletes;
  private final TaskExecutor tasks;
  private final ResourceBundle text;
  private final Map<String, SettingField> fields = new LinkedHashMap<>();
  private final Map<String, String> atStart = new HashMap<>();
  private final ObjectProperty<Settings> applied = new SimpleObjectProperty<>();
  private final StringProperty message = new SimpleStringProperty("");
  private final ObjectProperty<DeleteTarget> deleteWhat = new SimpleObjectProperty<>(DeleteTarget.RUN);
  private final StringProperty deleteWhich = new SimpleStringProperty("");
  private final BooleanProperty includeAccepted = new SimpleBooleanProperty(false);

  /**
   * @param settings the settings: in effect, validate, save
   * @param deletes  deletes of runs, audits and sets
   * @param tasks    where blocking work runs
   * @param text     the resource bundle
   */
  public SettingsViewModel(SettingsUseCase settings, DeleteUseCase deletes, TaskExecutor tasks, ResourceBundle text) {
    this.settings = settings;
    this.deletes = deletes;
    this.tasks = tasks;
    this.text = text;
    for (String k : LABELS.keySet().stream().sorted(java.util.Comparator.comparingInt(SettingsViewModel::order)).toList()) {
      SettingField f = new SettingField(k);
      fields.put(k, f);
      f.value().addListener((o, a, b) -> {
        if (f.loaded() != null) note(f);
      });
    }
  }

  private static int order(String key) {
    int i = EDITABLE.indexOf(key);
    return i >= 0 ? i : EDITABLE.size() + (key.equals("database") ? 0 : 1);
  }

  /** Reads the settings in effect into the fields, with their sources. */
  public void load() {
    tasks.execute(BackgroundTask.wrap(c -> settings.inEffect()).onSuccess(e -> {
      show(e);
      message.set(e.problem() == null ? "" : String.format(text.getString("settings.fileProblem"), named(e.problem())));
    }).onFailure(e -> message.set(e.getMessage())));
  }

  private void show(SettingsUseCase.InEffect e) {
    boolean first = atStart.isEmpty();
    for (SettingField f : fields.values()) {
      SettingsUseCase.Value v = e.get(f.key());
      if (first) atStart.put(f.key(), v.value());
      f.load(v);
      note(f);
    }
  }

  private void note(SettingField f) {
    f.problem().set(false);
    if (f.edited()) {
      f.note().set(text.getString("settings.source.edited"));
      return;
    }
    SettingsUseCase.Value v = f.loaded();
    String s = switch (v.source()) {
      case COMMAND_LINE -> String.format(text.getString("settings.source.commandLine"), v.origin());
      case ENVIRONMENT -> String.format(text.getString("settings.source.environment"), v.origin());
      case SAVED -> v.key().equals("keys") ? String.format(text.getString("settings.source.keysSaved"), v.origin())
          : text.getString("settings.source.saved");
      case DEFAULT -> text.getString(v.key().equals("reviewer") ? "settings.source.defaultUser" : "settings.source.default");
    };
    if (!v.shadowed().isEmpty()) {
      s += " \u00b7 " + String.format(text.getString(v.source() == SettingsUseCase.Source.COMMAND_LINE
          ? "settings.shadow.saved" : "settings.shadow.environment"), v.shadowed());
    }
    String start = atStart.get(v.key());
    if (EDITABLE.contains(v.key()) && !LIVE.contains(v.key()) && start != null && !start.equals(v.value())) {
      s += " \u00b7 " + String.format(text.getString("settings.source.nextStart"), start);
    }
    f.note().set(s);
  }

  /**
   * Validates and saves what the user changed; a refused value leaves the file as it was, and the message
   * and the note beside the field name it. Theme, reviewer and keys then take effect ({@link #applied()}).
   */
  public void save() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : EDITABLE) if (!k.equals("keys")) m.put(k, fields.get(k).toSave());
    for (String line : fields.get("keys").toSave().split("\n")) {
      if (line.isBlank()) continue;
      int eq = line.indexOf('=');
      if (eq <= 0) {
        refused(fields.get("keys"), String.format(text.getString("settings.badKeyLine"), line.strip()));
        return;
      }
      String key = "keys." + line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      boolean isDefault = java.util.Arrays.stream(ReviewKeys.Action.values())
          .anyMatch(a -> a.settingsKey().equals(key) && a.defaultKey().equals(value));
      if (!isDefault) m.put(key, value);
    }
    tasks.execute(BackgroundTask.wrap(c -> {
      settings.save(m);
      return settings.inEffect();
    }).onSuccess(e -> {
      show(e);
      message.set(String.format(text.getString("settings.saved"), settings.file()));
      applied.set(e.settings());
    }).onFailure(this::refused));
  }

  /**
   * Saves the theme alone, keeping every other saved value (the main window's Dark theme toggle); the
   * Theme field then shows it. Does nothing when that theme is already the one saved.
   *
   * @param theme {@code light} or {@code dark}
   */
  public void saveTheme(String theme) {
    SettingField f = fields.get("theme");
    SettingsUseCase.Value v = f.loaded();
    if (v != null && v.source() == SettingsUseCase.Source.SAVED && v.value().equals(theme)) return;
    tasks.execute(BackgroundTask.wrap(c -> {
      settings.saveTheme(theme);
      return settings.inEffect();
    }).onSuccess(e -> {
      f.load(e.get("theme"));
      note(f);
      applied.set(e.settings());
    }).onFailure(e -> message.set(String.format(text.getString("settings.themeNotSaved"), named(e)))));
  }

  private void refused(Throwable e) {
    SettingField f = e instanceof Settings.InvalidSetting bad ? fields.get(bad.key().startsWith("keys.") ? "keys" : bad.key()) : null;
    if (f == null) message.set(String.format(text.getString("settings.refused"), e.getMessage()));
    else refused(f, named(e));
  }

  private void refused(SettingField f, String why) {
    message.set(String.format(text.getString("settings.refused"), why));
    f.note().set(why);
    f.problem().set(true);
  }

  /** @return "Field label: what is wrong" for a refused value, else the message */
  private String named(Throwable e) {
    if (!(e instanceof Settings.InvalidSetting bad)) return e.getMessage();
    boolean binding = bad.key().startsWith("keys.");
    String label = text.getString(LABELS.getOrDefault(binding ? "keys" : bad.key(), "settings.file"));
    return label + ": " + (binding ? bad.key().substring("keys.".length()) + ": " : "") + bad.reason();
  }

  /**
   * Checks what {@link #delete()} would delete before anyone is asked to confirm it (as {@code evenhand delete} does): a
   * run or audit id that is not a number, or names nothing stored, is said in the message line and {@code confirm} is not
   * called; otherwise {@code confirm} gets the question to ask, naming how many pairs (or answers) go, and calls
   * {@link #delete()} when the researcher agrees.
   *
   * @param confirm asks the researcher the question it is given (a dialog) and deletes on yes; runs on the UI side
   */
  public void checkThenConfirm(Consumer<String> confirm) {
    DeleteTarget what = deleteWhat.get();
    String which = named();
    boolean all = includeAccepted.get();
    if (which == null) return;
    tasks.execute(BackgroundTask.wrap(c -> deletes.size(what, which)).onSuccess(n -> confirm.accept(String.format(
        text.getString(what == DeleteTarget.AUDIT ? "settings.confirmDeleteAudit" : "settings.confirmDelete"), what.word(), which, n,
        what == DeleteTarget.AUDIT ? "" : text.getString(all ? "settings.confirmAll" : "settings.confirmKeep"))))
        .onFailure(e -> message.set(e.getMessage())));
  }

  /** @return the run or audit id or set name typed, without surrounding spaces; null, said in the message line, when blank */
  private String named() {
    String which = deleteWhich.get();
    if (which == null || which.isBlank()) {
      message.set(text.getString("settings.deleteWhich"));
      return null;
    }
    return which.strip();
  }

  /** Deletes what the data fields name (after {@link #checkThenConfirm} asked for confirmation). */
  public void delete() {
    DeleteTarget what = deleteWhat.get();
    String which = named();
    boolean all = includeAccepted.get();
    if (which == null) return;
    tasks.execute(BackgroundTask.wrap(c -> deletes.delete(what, which, all).what())
        .onSuccess(done -> message.set(String.format(text.getString("settings.deleted"), done)))
        .onFailure(e -> message.set(e.getMessage())));
  }

  /**
   * @param key a file key of {@link #EDITABLE}, or {@code database} / {@code file} (read only)
   * @return the field: its text, the note beside it, whether the note is a problem
   */
  public SettingField field(String key) {
    SettingField f = fields.get(key);
    if (f == null) throw new IllegalArgumentException("no settings field " + key);
    return f;
  }

  /** @return the settings last saved from this screen or the Dark theme toggle (null before the first save); they take effect at once */
  public ReadOnlyObjectProperty<Settings> applied() { return applied; }
  /** @return Ollama URLs */
  public StringProperty urls() { return field("ollama.urls").value(); }
  /** @return the fallback model profile */
  public StringProperty profile() { return field("profile").value(); }
  /** @return requests in flight per host */
  public StringProperty parallel() { return field("parallel").value(); }
  /** @return the per-call timeout in seconds */
  public StringProperty timeout() { return field("timeout.seconds").value(); }
  /** @return the reviewer name */
  public StringProperty reviewer() { return field("reviewer").value(); }
  /** @return light or dark */
  public StringProperty theme() { return field("theme").value(); }
  /** @return key bindings in effect, one {@code action=key} a line */
  public StringProperty keys() { return field("keys").value(); }
  /** @return what the last action said */
  public StringProperty message() { return message; }
  /** @return what to delete: a run, an audit or a set */
  public ObjectProperty<DeleteTarget> deleteWhat() { return deleteWhat; }
  /** @return the id or the set name */
  public StringProperty deleteWhich() { return deleteWhich; }
  /** @return also delete accepted pairs */
  public BooleanProperty includeAccepted() { return includeAccepted; }
}
