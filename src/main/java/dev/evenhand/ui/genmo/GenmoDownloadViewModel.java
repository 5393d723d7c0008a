package dev.evenhand.ui.genmo;

import dev.evenhand.exchange.DownloadException;
import dev.evenhand.exchange.GenmoSource;
import dev.evenhand.exchange.ImportService;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.ui.UiText;
import dev.evenhand.usecase.GenmoDownloadUseCase;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Download GenMO offer, shown where a pair set is needed (the Audit and Datasets screens) while no GenMO
 * set is stored: one action that downloads GenMO from its pinned source, checks its SHA-256 and imports it,
 * with progress and cancel, and a clear message when the machine is offline (the URL to fetch by hand and
 * what to do with the file). It calls {@link GenmoDownloadUseCase}, as {@code evenhand import genmo} does.
 */
public final class GenmoDownloadViewModel {
  private final GenmoDownloadUseCase genmo;
  private final TaskExecutor tasks;
  private final ResourceBundle text;
  private final BooleanProperty offered = new SimpleBooleanProperty(false);
  private final BooleanProperty running = new SimpleBooleanProperty(false);
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private final StringProperty message = new SimpleStringProperty("");
  /** True once a download here imported GenMO: its message (what was imported, the licence notice) stays. */
  private boolean downloaded;
  private final List<Runnable> onImported = new ArrayList<>();
  private BackgroundTask<?> job;

  /**
   * @param genmo the download and import
   * @param tasks where blocking work runs
   * @param text  the resource bundle
   */
  public GenmoDownloadViewModel(GenmoDownloadUseCase genmo, TaskExecutor tasks, ResourceBundle text) {
    this.genmo = genmo;
    this.tasks = tasks;
    this.text = text;
  }

  /** @return the action's label, e.g. "Download GenMO (308 KB, from GitHub at commit a19f209)" */
  public String actionText() {
    GenmoSource s = genmo.source();
    String host = s.host().equals("raw.githubusercontent.com") ? "GitHub" : s.host();
    String where = s.commit().isEmpty() ? String.format(text.getString("genmo.from"), host)
        : String.format(text.getString("genmo.fromCommit"), host, s.shortCommit());
    String size = s.size().isPresent() ? String.format(text.getString("genmo.size"), Math.round(s.size().getAsLong() / 1000.0)) + ", " : "";
    return String.format(text.getString("genmo.download"), size + where);
  }

  /**
   * Checks whether a GenMO set is stored; the offer shows while none is. Once one is, a failed or cancelled download's
   * message goes: it sat above "Imported 908 pairs into set genmo" after GenMO was imported from a file (a newcomer).
   */
  public void refresh() {
    tasks.execute(BackgroundTask.wrap(c -> genmo.imported()).onSuccess(imported -> {
      offered.set(!imported);
      if (imported && !running.get() && !downloaded) message.set("");
    }).onFailure(e -> { }));
  }

  /** Downloads, checks and imports GenMO into the set {@code genmo}, with progress; {@link #cancel()} stops it and keeps nothing. */
  public void download() {
    if (running.get()) return;
    running.set(true);
    progress.set(-1);
    message.set(String.format(text.getString("genmo.connecting"), genmo.source().url()));
    BackgroundTask<GenmoDownloadUseCase.Outcome> task = BackgroundTask.wrap(c -> genmo.importGenmo(null, false, (received, total) -> {
      c.progress(total > 0 ? (double) received / total : -1);
      c.message(String.format(text.getString("genmo.downloading"), received / 1000, Math.max(total, received) / 1000));
    }, note -> c.message(UiText.plain(note)), n -> {
      c.progress(-1);
      c.message(String.format(text.getString("genmo.importing"), n));
    }, c::cancelled));
    job = task;
    tasks.execute(task.onProgress(progress::set).onMessage(message::set).onSuccess(o -> {
      progress.set(1);
      ImportService.Result r = o.result();
      message.set(String.format(text.getString("genmo.imported"), r.imported(), r.set(), r.duplicates(), o.fetched().source().url(),
          o.fetched().notice()));
      offered.set(false);
      downloaded = true;
      onImported.forEach(Runnable::run);
    }).onCancelled(() -> {
      progress.set(0);
      message.set(text.getString("genmo.cancelled"));
    }).onFailure(e -> {
      progress.set(0);
      message.set(failure(e));
    }).onFinished(() -> running.set(false)));
  }

  private String failure(Throwable e) {
    String why = e instanceof DownloadException d ? d.getMessage() : e instanceof ImportService.InvalidFileException inv
        ? inv.getMessage() : UiText.plain(e.getMessage());
    // one sentence, ended once: the causes end without a full stop, a message of the import may bring its own
    return String.format(text.getString("genmo.failed"), why.endsWith(".") ? why.substring(0, why.length() - 1) : why) + ".\n"
        + String.format(text.getString("genmo.byHand"), String.join("\n", genmo.byHand()));
  }

  /** Stops the running download or import; nothing is imported or kept. */
  public void cancel() {
    if (job != null) job.cancel();
  }

  /** @param r called on the UI side after GenMO was imported (the screens reload their pair sets) */
  public void addOnImported(Runnable r) { onImported.add(r); }

  /** @return true while no GenMO set is stored (the offer shows) */
  public ReadOnlyBooleanProperty offered() { return offered; }

  /** @return true while a download or its import runs */
  public ReadOnlyBooleanProperty running() { return running; }

  /** @return progress, 0 to 1, -1 while unknown */
  public ReadOnlyDoubleProperty progress() { return progress; }

  /** @return what the last download said: progress, the result, or why it failed and what to do by hand */
  public ReadOnlyStringProperty message() { return message; }
}
