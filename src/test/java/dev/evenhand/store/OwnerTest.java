package dev.evenhand.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Who holds a run: a process of this host is gone when its pid is not running or belongs to a later process. */
class OwnerTest {
  @Test
  void aHolderIsAliveOnlyWhileItsOwnProcessRuns() throws Exception {
    String me = Owner.holder();
    assertThat(me).startsWith(Owner.me() + "@");
    assertThat(Owner.holderAlive(me)).as("this process").isTrue();
    // the same pid with another start instant: a pid the system has given to a later process
    assertThat(Owner.holderAlive(Owner.me() + "@" + Instant.parse("2001-01-01T00:00:00Z"))).as("a reused pid").isFalse();
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    String host = Owner.me().substring(0, Owner.me().lastIndexOf(':'));
    assertThat(Owner.holderAlive(host + ":" + gone.pid() + "@" + Instant.now())).as("a process that has ended").isFalse();
    assertThat(Owner.holderAlive(host + ":" + gone.pid())).as("the same, written before holders had a start").isFalse();
    assertThat(Owner.holderAlive(Owner.me())).as("a live pid written without a start").isTrue();
    assertThat(Owner.holderAlive("another-host.example:1@" + Instant.now())).as("another host's process cannot be seen").isTrue();
  }
}
