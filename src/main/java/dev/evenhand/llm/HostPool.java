package dev.evenhand.llm;

import dev.evenhand.domain.ModelRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The Ollama hosts of a batch and their free slots: {@code slotsPerHost} requests running per host (match
 * the server's {@code OLLAMA_NUM_PARALLEL}, OLLAMA.md), work going to the host with the most free slots.
 * On top of its slots a host may take {@code aheadPerHost} requests queued ahead: they wait in Ollama's
 * own queue (first in, first out, OLLAMA.md) so a slot that frees starts its next call at once instead of
 * idling while the client sends one. A queued-ahead lease is {@link Lease#queued() queued} until a call
 * on its host ends (the server then starts it); a batch's cancel withdraws queued requests
 * ({@link StepCaller}). Queued-ahead places are given only when no host has a free slot, so the work
 * still goes where slots are free. A host that refuses connections is set aside and checked again every
 * {@code recheckEvery}; while every host is set aside, {@link #acquire} waits (the batch pauses) and
 * resumes as soon as one answers again. {@link #recheckNow()} checks at once (the GUI's Retry button).
 */
public final class HostPool implements AutoCloseable {
  /**
   * One host with its model as that host reports it.
   *
   * @param url           the Ollama base URL
   * @param model         the model's tag, digest and the server's version
   * @param contextLength the model's context length in tokens ({@code /api/show} model_info
   *                      {@code <arch>.context_length}), 0 when not known
   */
  public record Host(String url, ModelRef model, int contextLength) {
    /** A host whose model's context length is not known. */
    public Host(String url, ModelRef model) { this(url, model, 0); }
  }

  /**
   * A place taken on a host: a slot, or a place queued ahead of the slots ({@link #queued()}); give it
   * back with {@link #release}.
   */
  public static final class Lease {
    private final Host host;
    private volatile boolean queued;

    private Lease(Host host, boolean queued) {
      this.host = host;
      this.queued = queued;
    }

    /** @return the host */
    public Host host() { return host; }

    /**
     * @return true while the request waits in the host's queue: it was sent when every slot of the host
     *     was taken and no call on the host has ended since (the server starts queued requests in order)
     */
    public boolean queued() { return queued; }
  }

  /** What the pool tells the batch: it paused (all hosts set aside) or resumed. */
  public interface Events {
    /** Every host is set aside: the batch waits. @param message a sentence for the researcher */
    void paused(String message);

    /** A host answers again. @param url the host */
    void resumed(String url);
  }

  private static final class State {
    final Host host;
    int inFlight;
    final java.util.ArrayDeque<Lease> queue = new java.util.ArrayDeque<>();
    boolean down;

    State(Host host) { this.host = host; }
  }

  private final List<State> hosts = new ArrayList<>();
  private final int slotsPerHost;
  private final int aheadPerHost;
  private final Duration maxPause;
  private final Predicate<String> alive;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Condition changed = lock.newCondition();
  private final ScheduledExecutorService checker;
  private volatile Events events = new Events() {
    @Override public void paused(String m) { }
    @Override public void resumed(String u) { }
  };
  private boolean paused;

  /**
   * A pool with one request queued ahead of each slot ({@code slotsPerHost} per host): when several calls of a
   * host end at once, each freed slot still finds a request waiting.
   *
   * @param hosts        the hosts that have the model (at least one)
   * @param slotsPerHost requests running per host, at least 1
   * @param recheckEvery how often a set-aside host is checked again
   * @param maxPause     how long {@link #acquire} waits while every host is set aside before it gives up
   * @param alive        checks a host URL (e.g. {@code GET /api/version}); true when it answers
   */
  public HostPool(List<Host> hosts, int slotsPerHost, Duration recheckEvery, Duration maxPause, Predicate<String> alive) {
    this(hosts, slotsPerHost, slotsPerHost, recheckEvery, maxPause, alive);
  }

  /**
   * @param hosts        the hosts that have the model (at least one)
   * @param slotsPerHost requests running per host, at least 1
   * @param aheadPerHost requests queued ahead of each host's slots, at least 0
   * @param recheckEvery how often a set-aside host is checked again
   * @param maxPause     how long {@link #acquire} waits while every host is set aside before it gives up
   * @param alive        checks a host URL (e.g. {@code GET /api/version}); true when it answers
   * @throws IllegalArgumentException when there is no host, fewer than 1 slot or a negative number queued ahead
   */
  public HostPool(List<Host> hosts, int slotsPerHost, int aheadPerHost, Duration recheckEvery, Duration maxPause, Predicate<String> alive) {
    if (hosts.isEmpty()) throw new IllegalArgumentException("a host pool needs at least one host");
    if (slotsPerHost < 1) throw new IllegalArgumentException("slots per host must be at least 1");
    if (aheadPerHost < 0) throw new IllegalArgumentException("requests queued ahead must be at least 0");
    for (Host h : hosts) this.hosts.add(new State(h));
    this.slotsPerHost = slotsPerHost;
    this.aheadPerHost = aheadPerHost;
    this.maxPause = maxPause;
    this.alive = alive;
    this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "evenhand-host-check");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(10, recheckEvery.toMillis());
    checker.scheduleWithFixedDelay(this::recheckDown, every, every, TimeUnit.MILLISECONDS);
  }

  /** A pool of one host, never paused for long (for single calls such as Regenerate). */
  public static HostPool single(Host host, Duration maxPause, Predicate<String> alive) {
    return new HostPool(List.of(host), 1, 0, Duration.ofSeconds(2), maxPause, alive);
  }

  /** @param e receives pause and resume events (on the calling or the checking thread) */
  public void setEvents(Events e) { this.events = e; }

  /** @return slots in all: hosts × slots per host */
  public int totalSlots() { return hosts.size() * slotsPerHost; }

  /** @return requests queued ahead of each host's slots at most */
  public int aheadPerHost() { return aheadPerHost; }

  /** @return requests in flight at most, running and queued ahead: hosts × (slots + queued ahead) per host */
  public int capacity() { return hosts.size() * (slotsPerHost + aheadPerHost); }

  /**
   * @param url a host of the pool
   * @return its requests in flight now, running and queued ahead; 0 for a URL not in the pool
   */
  public int inFlight(String url) {
    lock.lock();
    try {
      return hosts.stream().filter(s -> s.host.url().equals(url)).mapToInt(s -> s.inFlight).sum();
    } finally {
      lock.unlock();
    }
  }

  /** @return the hosts */
  public List<Host> hosts() { return hosts.stream().map(s -> s.host).toList(); }

  /**
   * Takes a free slot, never a place queued ahead; see {@link #acquire(BooleanSupplier, boolean)}.
   *
   * @param cancelled polled while waiting
   * @return the lease, or null when cancelled
   * @throws OllamaException UNREACHABLE when every host stayed set aside longer than the max pause
   * @throws InterruptedException when interrupted while waiting
   */
  public Lease acquire(BooleanSupplier cancelled) throws InterruptedException { return acquire(cancelled, false); }

  /**
   * Takes a free slot on the healthy host with the most free slots; when every slot is taken and
   * {@code mayQueue}, a place queued ahead on the healthy host with the fewest requests in flight. Waits
   * while there is none or every host is set aside.
   *
   * @param cancelled polled while waiting
   * @param mayQueue  true when the caller can withdraw its request while it is queued (a streamed call)
   * @return the lease, or null when cancelled
   * @throws OllamaException UNREACHABLE when every host stayed set aside longer than the max pause
   * @throws InterruptedException when interrupted while waiting
   */
  public Lease acquire(BooleanSupplier cancelled, boolean mayQueue) throws InterruptedException {
    int limit = slotsPerHost + (mayQueue ? aheadPerHost : 0);
    long pausedSince = 0;
    lock.lock();
    try {
      while (true) {
        if (cancelled.getAsBoolean()) return null;
        State best = null;
        boolean anyUp = false;
        for (State s : hosts) {
          if (s.down) continue;
          anyUp = true;
          if (s.inFlight < limit && (best == null || s.inFlight < best.inFlight)) best = s;
        }
        if (best != null) {
          Lease lease = new Lease(best.host, best.inFlight >= slotsPerHost);
          if (lease.queued) best.queue.addLast(lease);
          best.inFlight++;
          return lease;
        }
        if (!anyUp) {
          if (pausedSince == 0) pausedSince = System.nanoTime();
          if (!paused) {
            paused = true;
            events.paused(pauseMessage());
          }
          if (System.nanoTime() - pausedSince > maxPause.toNanos()) {
            throw OllamaException.unreachable(hosts.get(0).host.url(), null);
          }
        } else {
          pausedSince = 0;
        }
        changed.await(200, TimeUnit.MILLISECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives a slot or a queued place back. When a call that ran ends, the host's oldest queued request
   * starts (the server's queue is first in, first out) and is no longer {@link Lease#queued() queued}.
   *
   * @param lease       the lease from {@link #acquire}, given back once
   * @param unreachable true when the call found the host not listening: the host is set aside
   */
  public void release(Lease lease, boolean unreachable) {
    lock.lock();
    try {
      for (State s : hosts) {
        if (s.host == lease.host()) {
          s.inFlight--;
          if (lease.queued) s.queue.remove(lease);
          else if (!s.queue.isEmpty()) s.queue.pollFirst().queued = false;
          lease.queued = false;
          if (unreachable) s.down = true;
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Checks every set-aside host at once (the Retry button). */
  public void recheckNow() { checker.execute(this::recheckDown); }

  /** @return true while every host is set aside */
  public boolean isPaused() {
    lock.lock();
    try {
      return paused;
    } finally {
      lock.unlock();
    }
  }

  private void recheckDown() {
    List<State> down = new ArrayList<>();
    lock.lock();
    try {
      for (State s : hosts) if (s.down) down.add(s);
    } finally {
      lock.unlock();
    }
    for (State s : down) {
      boolean up;
      try {
        up = alive.test(s.host.url());
      } catch (RuntimeException e) {
        up = false;
      }
      if (!up) continue;
      boolean wasPaused;
      lock.lock();
      try {
        s.down = false;
        wasPaused = paused;
        paused = false;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      if (wasPaused) events.resumed(s.host.url());
    }
  }

  private String pauseMessage() {
    String urls = String.join(", ", hosts.stream().map(s -> s.host.url()).toList());
    return "Ollama is not reachable at " + urls + ": paused; checking again every few seconds (start it with `ollama serve`)";
  }

  @Override
  public void close() { checker.shutdownNow(); }
}
