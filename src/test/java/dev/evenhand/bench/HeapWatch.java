package dev.evenhand.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap of the JVM that runs a benchmark, measured two ways between {@link #reset()} and {@link #print}:
 * <ul>
 *   <li><b>live peak</b>: the largest heap in use right after a garbage collection (the sum over the heap pools of
 *       {@code GcInfo.getMemoryUsageAfterGc()}, from the collectors' notifications): what the work keeps reachable,
 *       the figure that must stay under {@code -Xmx};</li>
 *   <li><b>pool peaks</b>: the sum of the heap pools' peak usage ({@link MemoryPoolMXBean#getPeakUsage()}), garbage
 *       included: an upper bound that grows with {@code -Xmx} (G1 lets garbage pile up when it has room).</li>
 * </ul>
 * {@link #maxHeapMb()} is {@link Runtime#maxMemory()}: it shows which {@code -Xmx} applies to this JVM.
 */
final class HeapWatch implements AutoCloseable {
  private final AtomicLong livePeak = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onGc;

  HeapWatch() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(listener, null, null);
        emitters.add(e);
      }
    }
  }

  private void onGc(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long used = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() != MemoryType.HEAP) continue;
      MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(p.getName());
      if (after != null) used += after.getUsed();
    }
    livePeak.accumulateAndGet(used, Math::max);
    collections.incrementAndGet();
  }

  /** Collects garbage, then starts both peaks again from the heap in use now. */
  void reset() {
    for (int i = 0; i < 3; i++) System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    livePeak.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    collections.set(0);
  }

  /** @return the largest heap in use after a collection since {@link #reset()}, in MB (10^6 bytes) */
  double livePeakMb() { return livePeak.get() / 1e6; }

  /** @return the sum of the heap pools' peaks since {@link #reset()}, in MB: an upper bound of the heap used, garbage included */
  double poolPeaksMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
    return sum / 1e6;
  }

  /** @return collections seen since {@link #reset()} */
  long collections() { return collections.get(); }

  /**
   * @return the CPU time this JVM's threads have used, in ns (all of them: the work's, the garbage collector's, the JIT
   *     compiler's): on a machine shared with other work, records per CPU-second do not depend on how busy it is
   */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** @return the most heap this JVM may use ({@link Runtime#maxMemory()}), in MB */
  static double maxHeapMb() { return Runtime.getRuntime().maxMemory() / 1e6; }

  /** @return the JVM's -Xmx / -XX:MaxHeapSize arguments as it was started, or "(none)" */
  static String xmxArguments() {
    List<String> xmx = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) if (a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize")) xmx.add(a);
    return xmx.isEmpty() ? "(none)" : String.join(" ", xmx);
  }

  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (ListenerNotFoundException gone) {
        // already removed
      }
    }
  }
}
