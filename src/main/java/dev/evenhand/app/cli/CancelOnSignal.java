package dev.evenhand.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl+C (SIGINT) and SIGTERM during a long command: the first asks the work to stop after the calls in
 * flight (the JVM keeps running, so the database stays open and the summary is printed); a second stops
 * at once. Either way the run stays resumable. Restores the previous handlers on close.
 */
final class CancelOnSignal implements AutoCloseable {
  private sun.misc.SignalHandler previousInt;
  private sun.misc.SignalHandler previousTerm;

  /**
   * @param cancel     set on the first signal
   * @param err        where the notices go
   * @param resumeHint the command that resumes, e.g. {@code evenhand generate --resume --run 3}
   */
  CancelOnSignal(AtomicBoolean cancel, PrintWriter err, String resumeHint) {
    this(cancel, err, "cancelling after the calls in flight (Ctrl+C again to stop at once)...", "stopped; resume with `" + resumeHint + "`");
  }

  /**
   * @param cancel     set on the first signal
   * @param err        where the notices go
   * @param cancelling printed on the first signal
   * @param stopped    printed on the second, before the process halts with exit code 130
   */
  CancelOnSignal(AtomicBoolean cancel, PrintWriter err, String cancelling, String stopped) {
    sun.misc.SignalHandler onStop = sig -> {
      if (cancel.getAndSet(true)) {
        err.println(stopped);
        err.flush();
        Runtime.getRuntime().halt(130);
      }
      err.println(cancelling);
      err.flush();
    };
    try {
      previousInt = sun.misc.Signal.handle(new sun.misc.Signal("INT"), onStop);
      previousTerm = sun.misc.Signal.handle(new sun.misc.Signal("TERM"), onStop);
    } catch (IllegalArgumentException | UnsupportedOperationException noSignals) {
      // no such signal here: Ctrl+C then ends the process; the work stays resumable
    }
  }

  @Override
  public void close() {
    if (previousInt != null) sun.misc.Signal.handle(new sun.misc.Signal("INT"), previousInt);
    if (previousTerm != null) sun.misc.Signal.handle(new sun.misc.Signal("TERM"), previousTerm);
  }
}
