package dev.evenhand.llm;
import dev.evenhand.domain.ModelCall;

/** Receives every model call as soon as it ends, so that it is stored before the next step starts. */
@FunctionalInterface
public interface CallSink {
  /**
   * @param call the finished call
   * @return the id under which it was stored
   */
  long record(ModelCall call);
}
