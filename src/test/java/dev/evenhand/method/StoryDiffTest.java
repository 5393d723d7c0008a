package dev.evenhand.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The word diff tells the expected gender swap from other changes (issue 4). */
class StoryDiffTest {
  private static final String MALE = "Tom drove his car to work. He told his wife, Mr Lee's daughter, that he would be late.";
  private static final String FEMALE = "Ann drove her car to work. She told her husband, Mr Lee's son, that she would be late.";

  @Test
  void aPureGenderSwapHasNoFidelityFlag() {
    StoryDiff.Result r = StoryDiff.of(MALE, FEMALE, "Tom", "Ann");
    assertThat(r.flags()).isZero();
    assertThat(r.left()).filteredOn(s -> s.kind() == StoryDiff.Kind.GENDER_SWAP).extracting(s -> s.text().strip())
        .contains("Tom", "his", "He", "wife", "daughter");
    assertThat(r.right()).filteredOn(s -> s.kind() == StoryDiff.Kind.OTHER).isEmpty();
    assertThat(String.join("", r.left().stream().map(StoryDiff.Segment::text).toList())).isEqualTo(MALE);
    assertThat(String.join("", r.right().stream().map(StoryDiff.Segment::text).toList())).isEqualTo(FEMALE);
  }

  @Test
  void carToBikeInTheFemaleStoryIsAFidelityFlagWithThatWordMarked() {
    StoryDiff.Result r = StoryDiff.of(MALE, FEMALE.replace("her car", "her bike"), "Tom", "Ann");
    assertThat(r.flags()).isEqualTo(1);
    assertThat(r.flagged()).containsExactly("car → bike");
    assertThat(r.right()).filteredOn(s -> s.kind() == StoryDiff.Kind.OTHER).extracting(s -> s.text().strip()).containsExactly("bike");
    assertThat(r.left()).filteredOn(s -> s.kind() == StoryDiff.Kind.OTHER).extracting(s -> s.text().strip()).containsExactly("car");
    assertThat(r.right()).filteredOn(s -> s.kind() == StoryDiff.Kind.GENDER_SWAP).extracting(s -> s.text().strip()).contains("Ann", "She");
  }

  @Test
  void anAddedSentenceAndMultiWordNamesAreHandled() {
    StoryDiff.Result r = StoryDiff.of("Wei kept the money. Wei's sister knew.", "Li Na kept the money. Li Na's sister knew. Nobody else did.",
        "Wei", "Li Na");
    assertThat(r.flags()).isEqualTo(1);
    assertThat(r.flagged()).containsExactly("(nothing) → Nobody else did .");
    assertThat(StoryDiff.of("I am a man and I kept it.", "I am a woman and I kept it.", "", "").flags()).isZero();
  }

  @Test
  void identicalTextsHaveOnlySameSegments() {
    StoryDiff.Result r = StoryDiff.of("Same text, 李娜 and Zoë.", "Same text, 李娜 and Zoë.", "", "");
    assertThat(r.flags()).isZero();
    assertThat(r.left()).allMatch(s -> s.kind() == StoryDiff.Kind.SAME);
    assertThat(List.of(r.left().size(), r.right().size())).containsOnly(r.left().size());
  }
}
