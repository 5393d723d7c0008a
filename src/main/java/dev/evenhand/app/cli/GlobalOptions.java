package dev.evenhand.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The global options of the CLI contract (DESIGN.md), accepted before or after the command. */
public final class GlobalOptions {
  @Option(names = "--db", paramLabel = "PATH", description = "H2 database path without the .mv.db suffix (default: in the data directory),"
      + " or postgresql://HOST[:PORT]/NAME (user and password from PGUSER/PGPASSWORD or ~/.pgpass)")
  Path db;

  @Option(names = "--ollama", paramLabel = "URL[,URL...]", description = "Ollama URL(s) (default: saved setting, else OLLAMA_HOST, else http://127.0.0.1:11434)")
  String ollama;

  @Option(names = "--json", description = "Print the result as one JSON document")
  boolean json;

  /** @return the --db value, or null */
  public java.nio.file.Path db() { return db; }

  /** @return the --ollama value, or null */
  public String ollama() { return ollama; }
}
