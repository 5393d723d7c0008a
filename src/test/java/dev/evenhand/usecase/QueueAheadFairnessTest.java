package dev.evenhand.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evenhand.store.GenerationRun;
import dev.evenhand.testing.FakeOllama;
import dev.evenhand.testing.PipelineHarness;
import dev.evenhand.testing.ScriptedStoryModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, point 7: with requests queued ahead of every host's slots, work still goes where slots are
 * free: two equal hosts share it, neither holds more than its slots plus one queued request per slot, and
 * a slow host does not take an equal share.
 */
class QueueAheadFairnessTest {
  @TempDir Path dir;

  @Test
  void twoEqualHostsShareTheWorkAndEachHoldsAtMostItsSlotsAndOneQueuedPerSlot() throws Exception {
    ScriptedStoryModel model = new ScriptedStoryModel(0);
    try (FakeOllama a = FakeOllama.start().onChat(model).latency(Duration.ofMillis(100)).slots(2);
         FakeOllama b = FakeOllama.start().onChat(model).latency(Duration.ofMillis(100)).slots(2);
         PipelineHarness h = new PipelineHarness(dir.resolve("db"), List.of(a.url(), b.url()), true, Duration.ofSeconds(30), 2,
             Duration.ofSeconds(30))) {
      GenerationRun r = h.newRun(8, 16);
      GenerationService.Summary s = h.execute(r.id(), new AtomicBoolean());
      assertThat(s.stored()).isEqualTo(8);
      int total = a.chatCount() + b.chatCount();
      assertThat(total).isEqualTo(32);
      assertThat(a.chatCount()).as("host a's share of %d calls", total).isBetween(total * 35 / 100, total * 65 / 100);
      assertThat(b.chatCount()).as("host b's share of %d calls", total).isBetween(total * 35 / 100, total * 65 / 100);
      assertThat(a.maxConcurrentSeen()).isLessThanOrEqualTo(2);
      assertThat(b.maxConcurrentSeen()).isLessThanOrEqualTo(2);
      assertThat(a.maxHeldSeen()).as("host a: 2 slots and 2 queued at most").isLessThanOrEqualTo(4);
      assertThat(b.maxHeldSeen()).as("host b: 2 slots and 2 queued at most").isLessThanOrEqualTo(4);
      assertThat(Math.max(a.maxHeldSeen(), b.maxHeldSeen())).as("requests did wait queued ahead in a server").isGreaterThan(2);
    }
  }

  @Test
  void aSlowHostHoldsAtMostOneQueuedRequestPerSlotAndGetsLessWork() throws Exception {
    ScriptedStoryModel model = new ScriptedStoryModel(0);
    try (FakeOllama fast = FakeOllama.start().onChat(model).latency(Duration.ofMillis(10)).slots(1);
         FakeOllama slow = FakeOllama.start().onChat(model).latency(Duration.ofMillis(300)).slots(1);
         PipelineHarness h = new PipelineHarness(dir.resolve("db"), List.of(slow.url(), fast.url()), true, Duration.ofSeconds(30), 1,
             Duration.ofSeconds(30))) {
      GenerationRun r = h.newRun(8, 16);
      GenerationService.Summary s = h.execute(r.id(), new AtomicBoolean());
      assertThat(s.stored()).isEqualTo(8);
      assertThat(slow.maxHeldSeen()).as("the slow host: 1 slot and 1 queued at most").isLessThanOrEqualTo(2);
      assertThat(fast.chatCount()).as("the fast host does most of the work (fast %d, slow %d calls)", fast.chatCount(), slow.chatCount())
          .isGreaterThan(2 * slow.chatCount());
    }
  }
}
