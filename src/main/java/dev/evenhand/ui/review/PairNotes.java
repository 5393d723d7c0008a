package dev.evenhand.ui.review;

import dev.evenhand.domain.CuratedPair;
import dev.evenhand.domain.Guidelines;
import dev.evenhand.domain.PairComment;
import dev.evenhand.ui.BackgroundTask;
import dev.evenhand.ui.TaskExecutor;
import dev.evenhand.usecase.CommentsUseCase;
import dev.evenhand.usecase.GuidelinesUseCase;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import javafx.beans.Observable;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Review screen's side panel (issue 15, point 5): the guidelines of the shown pair's set,
 * rendered from Markdown, with their version; the pair's newest comments from every reviewer; a field to add a
 * comment; and an edit of the guidelines that saves their next version. Both are read again every time a pair is
 * shown (also the same pair again), so what other reviewers wrote meanwhile appears. During a blind second review
 * the comments are hidden (they could tell the first reviewer's decision). Reads and saves run as
 * {@link BackgroundTask}s on the given {@link TaskExecutor}; a result for a pair no longer shown is dropped.
 */
public final class PairNotes {
  /** How many comments the panel shows at most: the newest 20 ({@code evenhand comments ID} lists them all). */
  public static final int SHOWN = 20;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  /**
   * One comment as the panel shows it.
   *
   * @param head   author and local time, e.g. "bo · 2026-12-03 09:14"
   * @param text   the comment
   * @param mine   true when the reviewer of this screen wrote it
   */
  public record CommentLine(String head, String text, boolean mine) {}

  private final GuidelinesUseCase guidelines;
  private final CommentsUseCase comments;
  private final String reviewer;
  private final TaskExecutor tasks;
  private final ResourceBundle text;
  private final ReadOnlyObjectProperty<CuratedPair> shown;
  private String editorNote = "";
  private final ObservableBooleanValue blind;
  private final ReadOnlyStringWrapper guidelinesTitle = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper guidelinesNote = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper markdown = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<List<MarkdownBlocks.Block>> blocks = new ReadOnlyObjectWrapper<>(List.of());
  private final ObservableList<CommentLine> lines = FXCollections.observableArrayList();
  /** One read-only view, kept: a view made per call would listen weakly to the list and be collected with its listeners. */
  private final ObservableList<CommentLine> linesView = FXCollections.unmodifiableObservableList(lines);
  private final ReadOnlyStringWrapper commentsTitle = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper commentsShown = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyBooleanWrapper pairShown = new ReadOnlyBooleanWrapper(false);
  private final StringProperty newComment = new SimpleStringProperty("");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final BooleanBinding canComment;
  private long token;

  /**
   * Follows the shown pair from now on.
   *
   * @param shown      the pair the Review screen shows (null for none); each new value, even of the same pair, reloads
   * @param blind      true during a blind second review: comments are hidden and none can be added
   * @param guidelines the sets' guidelines
   * @param comments   the pairs' comments
   * @param reviewer   the author of comments and guidelines written here (from the settings)
   * @param tasks      runs reads and saves off the UI thread and hands results back to it
   * @param text       the resource bundle
   */
  public PairNotes(ReadOnlyObjectProperty<CuratedPair> shown, ObservableBooleanValue blind, GuidelinesUseCase guidelines,
                   CommentsUseCase comments, String reviewer, TaskExecutor tasks, ResourceBundle text) {
    this.shown = shown;
    this.blind = blind;
    this.guidelines = guidelines;
    this.comments = comments;
    this.reviewer = reviewer;
    this.tasks = tasks;
    this.text = text;
    this.canComment = Bindings.createBooleanBinding(() -> commentsShown.get() && !newComment.get().isBlank(), commentsShown, newComment);
    // an invalidation, not a change: showing the same pair again (an equal record) reloads too
    shown.addListener((Observable o) -> reload());
    // another pair: the note of what was saved on the one before goes ("Comment on pair #912 saved." stayed on #911: a newcomer)
    shown.addListener((o, was, now) -> {
      if (was == null || now == null || was.id() != now.id()) message.set("");
    });
    blind.addListener((Observable o) -> reload());
    reload();
  }

  /** Reads the shown pair's guidelines and comments again. */
  public void reload() {
    CuratedPair p = shown.get();
    long t = ++token;
    pairShown.set(p != null);
    if (p == null) {
      showGuidelines(null, Optional.empty());
      showComments(List.of(), 0, false);
      return;
    }
    boolean hide = blind.get();
    record Loaded(Optional<Guidelines> guidelines, List<PairComment> comments, long count) {}
    BackgroundTask.wrap(c -> new Loaded(guidelines.forPair(p.id()), hide ? List.of() : comments.newest(p.id(), SHOWN),
        hide ? 0 : comments.count(p.id()))).onSuccess(l -> {
      if (t != token) return;
      showGuidelines(p, l.guidelines());
      showComments(l.comments(), l.count(), !hide);
    }).onFailure(e -> message.set(e.getMessage())).executeWith(tasks);
  }

  private void showGuidelines(CuratedPair p, Optional<Guidelines> g) {
    guidelinesTitle.set(g.map(x -> String.format(text.getString("review.guidelines.title.version"), x.version()))
        .orElse(text.getString("review.guidelines.title")));
    guidelinesNote.set(p == null ? "" : g.map(x -> String.format(text.getString("review.guidelines.note"), x.set(), x.author(), TIME.format(x.at())))
        .orElse(String.format(text.getString("review.guidelines.none"), p.setName())));
    markdown.set(g.map(Guidelines::text).orElse(""));
    blocks.set(MarkdownBlocks.of(markdown.get()));
    // the editor's own line: "Edit… writes them" inside the editor pointed at the button that opened it (a newcomer)
    editorNote = p == null ? "" : g.map(x -> String.format(text.getString("review.guidelines.note"), x.set(), x.author(), TIME.format(x.at())))
        .orElse(String.format(text.getString("review.guidelines.noneYet"), p.setName()));
  }

  /** @return the guidelines editor's line about what it edits: the set and the version's author and time, or that there is none yet */
  public String editorNote() { return editorNote; }

  private void showComments(List<PairComment> newest, long count, boolean show) {
    commentsShown.set(show);
    lines.setAll(newest.stream().map(c -> new CommentLine(c.author() + " \u00b7 " + TIME.format(c.at()), c.text(), c.author().equals(reviewer))).toList());
    if (!pairShown.get()) commentsTitle.set(text.getString("review.comments.title"));
    else if (!show) commentsTitle.set(text.getString("review.comments.hidden"));
    else if (count > newest.size()) commentsTitle.set(String.format(text.getString("review.comments.some"), count, newest.size()));
    else commentsTitle.set(String.format(text.getString("review.comments.count"), count));
  }

  /** Saves the comment typed in {@link #newComment()} on the shown pair; the field empties and the comments are read again. */
  public void addComment() {
    CuratedPair p = shown.get();
    String body = newComment.get();
    if (p == null || !canComment.get()) return;
    BackgroundTask.wrap(c -> comments.add(p.id(), reviewer, body)).onSuccess(saved -> {
      if (body.equals(newComment.get())) newComment.set("");
      message.set(String.format(text.getString("review.comments.saved"), saved.pairId()));
      reload();
    }).onFailure(e -> message.set(e.getMessage())).executeWith(tasks);
  }

  /**
   * Saves new guidelines for the shown pair's set (its next version, unless the text is the current one); the panel
   * shows them once saved.
   *
   * @param markdownText the whole new text, Markdown
   */
  public void editGuidelines(String markdownText) {
    CuratedPair p = shown.get();
    if (p == null) return;
    BackgroundTask.wrap(c -> guidelines.edit(p.setName(), markdownText, reviewer)).onSuccess(edit -> {
      message.set(String.format(text.getString(edit.changed() ? "review.guidelines.saved" : "review.guidelines.unchanged"),
          edit.guidelines().set(), edit.guidelines().version()));
      reload();
    }).onFailure(e -> message.set(e.getMessage())).executeWith(tasks);
  }

  /** @return "Guidelines", with the version when the set has some */
  public ReadOnlyStringProperty guidelinesTitle() { return guidelinesTitle.getReadOnlyProperty(); }
  /** @return which set, who wrote the version shown and when; or that the set has none yet; empty with no pair */
  public ReadOnlyStringProperty guidelinesNote() { return guidelinesNote.getReadOnlyProperty(); }
  /** @return the guidelines shown, as Markdown (empty for none): what an edit starts from */
  public ReadOnlyStringProperty markdown() { return markdown.getReadOnlyProperty(); }
  /** @return the guidelines shown, as blocks to draw */
  public ReadOnlyObjectProperty<List<MarkdownBlocks.Block>> blocks() { return blocks.getReadOnlyProperty(); }
  /** @return the shown pair's newest comments, newest first (at most {@link #SHOWN}); empty while hidden */
  public ObservableList<CommentLine> comments() { return linesView; }
  /** @return "Comments (n)", how many of how many are shown, or that they are hidden */
  public ReadOnlyStringProperty commentsTitle() { return commentsTitle.getReadOnlyProperty(); }
  /** @return true when comments are shown (a pair shows and no blind second review runs) */
  public ReadOnlyBooleanProperty commentsShown() { return commentsShown.getReadOnlyProperty(); }
  /** @return true while a pair shows (the guidelines can be edited) */
  public ReadOnlyBooleanProperty pairShown() { return pairShown.getReadOnlyProperty(); }
  /** @return the comment being typed */
  public StringProperty newComment() { return newComment; }
  /** @return true when {@link #addComment()} would save: comments shown and some text typed */
  public BooleanBinding canComment() { return canComment; }
  /** @return what the panel last saved, or what failed */
  public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
}
