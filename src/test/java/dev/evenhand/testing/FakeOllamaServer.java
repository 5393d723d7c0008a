package dev.evenhand.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The test suite's fake Ollama as a stand-alone server, for trying the GUI or the CLI on a machine with
 * no GPU (developers and UI walk-throughs; never shipped). It answers every model tag it lists with
 * {@link ScriptedStoryModel}'s scripted story pairs, judgments and balanced judgments, so what it
 * produces is not a model's output and says nothing about bias. Arguments: {@code [latency-ms
 * [tag ...]]}, default 300 ms per call and {@code llama3.1:8b}. Prints {@code OLLAMA_HOST=URL} and runs
 * until killed.
 */
public final class FakeOllamaServer {
  private FakeOllamaServer() {}

  /**
   * @param args latency per call in milliseconds, then model tags
   * @throws InterruptedException when interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    long latency = args.length > 0 ? Long.parseLong(args[0]) : 300;
    String[] tags = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : new String[] {FakeOllama.DEFAULT_MODEL};
    FakeOllama server = FakeOllama.start().models(tags).onChat(new ScriptedStoryModel()).latency(Duration.ofMillis(latency));
    System.out.println("OLLAMA_HOST=" + server.url());
    System.out.println("scripted fake Ollama (not a model) serving " + String.join(", ", tags) + "; stop it with Ctrl+C");
    new CountDownLatch(1).await();
  }
}
