package dev.evenhand.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes H2 write every chunk (the bytes of one commit) after the last used block of the file, so that a commit
 * that returned survives a SIGKILL of the process.
 *
 * <p><b>Why.</b> H2 2.5.252 finds the newest chunk after a crash from the file header, the chain of
 * {@code next} positions each chunk predicts for its successor, and the chunk at the end of the file
 * (mvstore/RandomAccessStore.readStoreHeader). When a chunk is written into free space inside the file at a
 * position its predecessor did not predict, H2 rewrites the header, but the header it writes names the chunk
 * <i>before</i> the one just written: RandomAccessStore.writeChunk calls writeStoreHeader, which records
 * {@code lastChunk}, and FileStore.storeBuffer sets {@code lastChunk} only after writeChunk returns. The new
 * chunk is then reachable neither from the header, nor from the chain, nor as the file's last chunk, and
 * recovery drops it and every chunk after it until the header is next rewritten. Issue 12's walk-through lost
 * drafts the Review screen had said were kept; {@code DurabilityBench} lost the confirmed commits of a round in
 * 3 of 4 seeds (and in 4 of 4 with {@code MAX_COMPACT_TIME=0}). Chunks appended at the end are always found as
 * the file's last chunk, whatever the header says.
 *
 * <p><b>What it costs.</b> Space freed inside the file is not reused while the process has the file open, so
 * the file grows by every chunk written: about 16 KB per commit of one small row (20,000 commits, 329 MB, measured
 * with H2 2.5.252 here). When a process first opens a file over {@value #COMPACT_ABOVE_BYTES} bytes it compacts
 * it ({@code MVStore.compactFile}: H2 moves the live chunks down and cuts the file, with space reuse still on)
 * before turning space reuse off, so the growth lasts one session. Measured here: 329 MB of one-row commits to
 * under 1 MB in 0.2 s; 476 MB holding 100 MB of text to 118 MB in 2.7 s; an already compact 118 MB file in under
 * 1 ms. H2's fill rate cannot decide when to compact: with space reuse off it says 100% for a file that is 99%
 * dead chunks. A commit another process sends over AUTO_SERVER during that compaction is placed the old way.
 */
final class AppendOnlyChunks {
  private static final Logger LOG = LoggerFactory.getLogger(AppendOnlyChunks.class);
  /** Files smaller than this are not compacted at first open (bytes). */
  static final long COMPACT_ABOVE_BYTES = 16L << 20;
  /** The longest the compaction at open may take (ms, H2's {@code MVStore.compactFile} bound). */
  static final int COMPACT_MILLIS = 3_000;

  private AppendOnlyChunks() {}

  /**
   * Turns off H2's reuse of free space for the store behind {@code c} when this process has the file open
   * itself (a connection served over AUTO_SERVER by another process is left alone: that process did this);
   * the first time for a store, compacts it when it is over {@value #COMPACT_ABOVE_BYTES} bytes, for at most
   * {@value #COMPACT_MILLIS} ms. Idempotent and cheap after the first call for a store.
   *
   * @param c a connection just made to an H2 file database
   * @return true when this process has the file open itself (and serves it to others over AUTO_SERVER), false when
   *         {@code c} is served by another process
   * @throws SQLException never in practice; declared because the H2 session is reached through JDBC
   */
  static boolean apply(Connection c) throws SQLException {
    if (!(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local)) return false;
    org.h2.mvstore.db.Store store = local.getDatabase().getStore();
    if (store == null) return true;
    MVStore mv = store.getMvStore();
    if (mv.isReadOnly() || !mv.isSpaceReused()) return true;
    synchronized (mv) {
      if (!mv.isSpaceReused()) return true;
      long size = mv.getFileStore().size();
      if (size > COMPACT_ABOVE_BYTES) {
        long t0 = System.nanoTime();
        mv.compactFile(COMPACT_MILLIS);
        LOG.info("compacted {} from {} MB to {} MB in {} ms", mv.getFileStore().getFileName(), size >> 20,
            mv.getFileStore().size() >> 20, (System.nanoTime() - t0) / 1_000_000);
      }
      mv.setReuseSpace(false);
    }
    return true;
  }
}
