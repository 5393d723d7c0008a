package dev.evenhand.testing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says at the end of a test run how many tests over the real GenMO file were skipped and why (registered
 * in {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}), so a run on a bare
 * clone is not silently smaller than one in CI.
 */
public final class GenmoSkipReport implements TestExecutionListener {
  private final AtomicInteger skipped = new AtomicInteger();
  private final AtomicReference<String> reason = new AtomicReference<>();

  @Override
  public void executionSkipped(TestIdentifier test, String why) {
    if (why == null || !why.startsWith(Genmo.SKIPPED)) return;
    reason.set(why);
    skipped.incrementAndGet();
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    if (skipped.get() > 0) {
      System.out.println("[GenMO] " + skipped.get() + " test(s) or test class(es) over the real GenMO file skipped: " + reason.get());
    }
  }
}
