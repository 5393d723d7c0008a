package dev.evenhand.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.evenhand.domain.ModelRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, point 7: places queued ahead of the slots never undo the pool's fairness: every host's slots
 * are filled before any request is queued ahead, queued places go to the host with the fewest requests,
 * a queued request starts when a call on its host ends (first in, first out), and a caller that cannot
 * withdraw its request never queues.
 */
class HostPoolQueueAheadTest {
  private static HostPool.Host host(String url) { return new HostPool.Host(url, new ModelRef("m:1", "sha256:x", "0.12.6")); }

  private static HostPool pool(int slots, int ahead) {
    return new HostPool(List.of(host("http://a"), host("http://b")), slots, ahead, Duration.ofSeconds(5), Duration.ofSeconds(5), u -> true);
  }

  @Test
  void everyHostsSlotsAreFilledBeforeAnyRequestIsQueuedAheadAndQueuedPlacesAreSpreadToo() throws Exception {
    try (HostPool p = pool(2, 2)) {
      List<HostPool.Lease> leases = new ArrayList<>();
      for (int i = 0; i < 8; i++) leases.add(p.acquire(() -> false, true));
      assertThat(leases.stream().map(l -> l.host().url() + (l.queued() ? " queued" : " runs")).toList()).containsExactly(
          "http://a runs", "http://b runs", "http://a runs", "http://b runs",
          "http://a queued", "http://b queued", "http://a queued", "http://b queued");
      assertThat(p.inFlight("http://a")).isEqualTo(4);
      assertThat(p.capacity()).isEqualTo(8);
    }
  }

  @Test
  void aQueuedRequestStartsWhenACallOnItsHostEndsInTheOrderTheyWereQueued() throws Exception {
    try (HostPool p = pool(1, 2)) {
      HostPool.Lease a1 = p.acquire(() -> false, true);
      HostPool.Lease b1 = p.acquire(() -> false, true);
      HostPool.Lease a2 = p.acquire(() -> false, true);
      HostPool.Lease b2 = p.acquire(() -> false, true);
      HostPool.Lease a3 = p.acquire(() -> false, true);
      assertThat(List.of(a2.host().url(), a3.host().url())).containsOnly("http://a");
      assertThat(a2.queued()).isTrue();
      assertThat(a3.queued()).isTrue();

      p.release(b1, false);
      assertThat(b2.queued()).as("b's queued request starts when b's call ends").isFalse();
      assertThat(a2.queued()).as("a call ending on b does not start a's queue").isTrue();

      p.release(a1, false);
      assertThat(a2.queued()).as("the first queued on a starts").isFalse();
      assertThat(a3.queued()).isTrue();

      p.release(a3, false); // withdrawn while queued: a2 keeps running, nothing else starts
      assertThat(a2.queued()).isFalse();
      assertThat(p.inFlight("http://a")).isEqualTo(1);
      p.release(b2, false);
      HostPool.Lease next = p.acquire(() -> false, true);
      assertThat(next.host().url()).as("the host with the fewest requests").isEqualTo("http://b");
      assertThat(next.queued()).as("a free slot is taken before a queued place").isFalse();
    }
  }

  @Test
  void aCallerThatCannotWithdrawWaitsForASlotWhileQueuedPlacesAreFree() throws Exception {
    try (HostPool p = pool(1, 1)) {
      HostPool.Lease a = p.acquire(() -> false, true);
      HostPool.Lease b = p.acquire(() -> false, true);
      CompletableFuture<HostPool.Lease> waiting = CompletableFuture.supplyAsync(() -> {
        try {
          return p.acquire(() -> false, false);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.State[] seen = new Thread.State[1];
      await("the caller waits in acquire").atMost(Duration.ofSeconds(10)).until(() -> {
        seen[0] = null;
        Thread.getAllStackTraces().forEach((t, stack) -> {
          for (StackTraceElement e : stack) if (e.getMethodName().equals("acquire") && e.getClassName().equals(HostPool.class.getName())) seen[0] = t.getState();
        });
        return seen[0] == Thread.State.TIMED_WAITING || seen[0] == Thread.State.WAITING;
      });
      assertThat(waiting).isNotDone();
      assertThat(p.inFlight("http://a") + p.inFlight("http://b")).as("no queued place taken").isEqualTo(2);
      p.release(b, false);
      HostPool.Lease got = waiting.get(10, TimeUnit.SECONDS);
      assertThat(got.host().url()).isEqualTo("http://b");
      assertThat(got.queued()).isFalse();
      p.release(a, false);
      p.release(got, false);
    }
  }
}
