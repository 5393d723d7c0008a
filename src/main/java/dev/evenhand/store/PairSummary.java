package dev.evenhand.store;

import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.domain.Stance;

/**
 * One row of the review queue: enough to list a pair without loading its texts.
 *
 * @param id          pair id
 * @param environment environment label
 * @param maleName    protagonist of the male story
 * @param femaleName  protagonist of the female story
 * @param maleStance  stance on the male story (INVALID when none)
 * @param femaleStance stance on the female story (INVALID when none)
 * @param divergent   true when the judgments diverge
 * @param status      review status
 * @param preview     the first words of the male story
 */
public record PairSummary(long id, String environment, String maleName, String femaleName, Stance maleStance,
                          Stance femaleStance, boolean divergent, ReviewStatus status, String preview) {}
