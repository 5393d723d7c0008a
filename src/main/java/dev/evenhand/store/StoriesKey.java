package dev.evenhand.store;

import java.util.HexFormat;

/**
 * The short key under which the store indexes a pair's two stories (V23, {@code story_pair.stories_key}): the first
 * 64 bits of their SHA-256 ({@code story_pair.stories_hash}, {@link PairRows#storiesHash}), as a signed BIGINT. The
 * duplicate check of an import looks a pair up by this key and confirms it by the whole hash, so two pairs whose keys
 * collide (among n stored pairs about n² / 2^65 such pairs are expected: 3 × 10^-8 at a million) are still told apart.
 *
 * <p>Why a key beside the hash (issue 13, point 8): the index on the 64-character hex hash took each new pair at a
 * random place, so every commit of an import (with H2's {@code WRITE_DELAY=0}, every batch of 250 pairs) rewrote many
 * of its leaf pages. H2 wrote 498 MB while importing ExchangeBench's 100,000 pairs with that index, 221 MB with no
 * duplicate index at all, and 287 MB with the index on this key ({@code info.FILE_WRITE_BYTES}).
 *
 * <p>Public only because H2's V23 migration calls {@link #of} as an SQL function ({@code CREATE ALIAS}) to fill the
 * column for the pairs already stored.
 */
public final class StoriesKey {
  private StoriesKey() {}

  /**
   * @param storiesHash a pair's stories hash: 64 lower-case hex digits (SHA-256); null for a pair stored without one
   * @return the first 16 hex digits read as a two's complement 64-bit number (big-endian, as PostgreSQL's
   *     {@code ('x' || substr(hash, 1, 16))::bit(64)::bigint} reads them), or null for a null hash
   * @throws IllegalArgumentException when the hash is shorter than 16 characters or not hex
   */
  public static Long of(String storiesHash) {
    if (storiesHash == null) return null;
    if (storiesHash.length() < 16) throw new IllegalArgumentException("a stories hash has 64 hex digits: " + storiesHash);
    return HexFormat.fromHexDigitsToLong(storiesHash, 0, 16);
  }
}
