package dev.evenhand.ui.main;

import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.ModelTargets;
import dev.evenhand.usecase.ServerState;
import java.nio.file.Path;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State of the main window's connection bar and Help menu: the Ollama server's state in plain words
 * (and how to start it when it does not answer), where stories go when the server is not on this
 * machine, and the About facts.
 */
public final class MainViewModel {
  /** What the connection bar shows. */
  public enum Connection {
    /** The server is being asked. */
    CHECKING,
    /** The server answered. */
    OK,
    /** The server did not answer. */
    DOWN
  }

  private final ModelTargets targets;
  private final About about;
  private final Consumer<Path> openFolder;
  private final TaskExecutor tasks;
  private final ResourceBundle text;
  private final ObjectProperty<ServerState> server = new SimpleObjectProperty<>();
  private final ObjectProperty<Connection> connection = new SimpleObjectProperty<>(Connection.CHECKING);
  private final StringProperty connectionText = new SimpleStringProperty("");
  private final StringProperty connectionHelp = new SimpleStringProperty("");
  private Consumer<ServerState> onChecked = s -> { };

  /**
   * @param targets    asks the server for its version and models
   * @param about      facts for Help &gt; About
   * @param openFolder opens a folder in the desktop's file manager
   * @param tasks      where blocking work runs
   * @param text       the resource bundle
   */
  public MainViewModel(ModelTargets targets, About about, Consumer<Path> openFolder, TaskExecutor tasks, ResourceBundle text) {
    this.targets = targets;
    this.about = about;
    this.openFolder = openFolder;
    this.tasks = tasks;
    this.text = text;
  }

  /** @param f receives the server's state on the UI side after every check, also when it did not change */
  public void setOnChecked(Consumer<ServerState> f) { onChecked = f; }

  /** Asks the server again; {@link #server()} changes when it answered or did not. */
  public void check() {
    connectionText.set(text.getString("connection.checking"));
    tasks.execute(BackgroundTask.wrap(c -> targets.check()).onSuccess(this::show)
        .onFailure(e -> show(new ServerState("", false, "", List.of(), e.getMessage()))));
  }

  private void show(ServerState s) {
    if (s.reachable()) {
      connection.set(Connection.OK);
      connectionText.set(String.format(text.getString("connection.ok"), s.url(), s.version(), s.models().size()));
      connectionHelp.set(s.models().isEmpty() ? text.getString("connection.noModels") : "");
    } else {
      connection.set(Connection.DOWN);
      connectionText.set(String.format(text.getString("connection.down"), s.url()));
      connectionHelp.set(text.getString("connection.howto"));
    }
    String host = remoteHost(s.url());
    if (host != null) {
      String help = connectionHelp.get();
      connectionHelp.set((help.isEmpty() ? "" : help + " ") + String.format(text.getString("connection.remote"), host));
    }
    server.set(s);
    onChecked.accept(s);
  }

  /** @return the About text: versions, the server's version (or "not reachable"), data and log folders */
  public String aboutText() {
    ServerState s = server.get();
    String version = s != null && s.reachable() ? s.version() : "";
    return String.format(text.getString("about.text"), about.evenhand(), about.java(), about.javafx(),
        version.isEmpty() ? "not reachable" : version, about.database() + ".mv.db", about.data(), about.logs());
  }

  /** @return the About dialog's header, e.g. {@code Evenhand 0.9.0} */
  public String aboutHeader() { return "Evenhand " + about.evenhand(); }

  /** Opens the log folder in the desktop's file manager. */
  public void openLogs() { openFolder.accept(about.logs()); }

  /** @return the host of a URL that is not this machine (Evenhand then tells the user stories leave it), else null ({@link dev.evenhand.domain.OllamaHost}) */
  static String remoteHost(String url) { return dev.evenhand.domain.OllamaHost.remoteHost(url); }

  /** @return the server's state after the last check, null before the first answer */
  public ObjectProperty<ServerState> server() { return server; }
  /** @return checking, answering or not */
  public ObjectProperty<Connection> connection() { return connection; }
  /** @return the connection bar's line */
  public StringProperty connectionText() { return connectionText; }
  /** @return what to do next (start the server, pull a model), and where stories go when the server is remote; may be empty */
  public StringProperty connectionHelp() { return connectionHelp; }
}
