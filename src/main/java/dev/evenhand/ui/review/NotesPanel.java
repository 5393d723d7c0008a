package dev.evenhand.ui.review;

import java.util.ResourceBundle;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The view of the Review screen's guidelines and comments (issue 15, point 5), two cards side by side under the
 * pair's actions, in the pair's column: the guidelines of the pair's set rendered from Markdown with their version and
 * an Edit button, and the pair's newest comments with a field to add one. (A third column beside the pair left the
 * pair's title, Regenerate and the action buttons cut off at 1280 x 800.) It only binds {@link PairNotes}' properties and forwards clicks. Ids for tests: {@code guidelinesTitle},
 * {@code guidelinesNote}, {@code guidelinesBody}, {@code guidelinesEdit}, {@code commentsTitle}, {@code commentsList},
 * {@code commentField}, {@code commentButton}, {@code notesMessage}; the edit dialog {@code guidelinesDialog} with
 * its field {@code guidelinesEditor}.
 */
final class NotesPanel extends HBox {
  private final PairNotes notes;
  private final ResourceBundle text;

  /**
   * @param notes the panel's view model
   * @param text  the resource bundle
   */
  NotesPanel(PairNotes notes, ResourceBundle text) {
    this.notes = notes;
    this.text = text;
    getStyleClass().add("notes-pane");
    setSpacing(12);

    Label title = label("guidelinesTitle", "section-title");
    title.textProperty().bind(notes.guidelinesTitle());
    Button edit = new Button(text.getString("review.guidelines.edit"));
    edit.setId("guidelinesEdit");
    edit.disableProperty().bind(notes.pairShown().not());
    edit.setOnAction(e -> editGuidelines());
    Label note = label("guidelinesNote", "hint-line");
    note.textProperty().bind(notes.guidelinesNote());
    VBox body = new VBox(4);
    body.setId("guidelinesBody");
    body.getStyleClass().add("guidelines-body");
    notes.blocks().addListener((o, a, b) -> MarkdownView.fill(body, b));
    MarkdownView.fill(body, notes.blocks().get());
    ScrollPane bodyScroll = scroll(body);
    bodyScroll.setPrefViewportHeight(90);

    Label commentsTitle = label("commentsTitle", "section-title");
    commentsTitle.textProperty().bind(notes.commentsTitle());
    VBox list = new VBox(6);
    list.setId("commentsList");
    notes.comments().addListener((ListChangeListener<PairNotes.CommentLine>) c -> fillComments(list));
    fillComments(list);
    ScrollPane listScroll = scroll(list);
    listScroll.setPrefViewportHeight(66);
    TextArea field = new TextArea();
    field.setId("commentField");
    field.setWrapText(true);
    field.setPromptText(text.getString("review.comments.prompt"));
    field.textProperty().bindBidirectional(notes.newComment());
    field.disableProperty().bind(notes.commentsShown().not());
    Button send = new Button(text.getString("review.comments.add"));
    send.setId("commentButton");
    send.disableProperty().bind(notes.canComment().not());
    send.setOnAction(e -> notes.addComment());
    Label message = label("notesMessage", "hint-line");
    message.textProperty().bind(notes.message());
    message.setWrapText(false);

    field.setPrefRowCount(1);
    HBox.setHgrow(field, Priority.ALWAYS);
    field.setMinWidth(0);
    field.setPrefColumnCount(10);
    send.setMinWidth(Region.USE_PREF_SIZE);
    HBox write = new HBox(6, field, send);
    write.setAlignment(Pos.BOTTOM_LEFT);
    getChildren().setAll(card(row(title, edit), note, bodyScroll), card(row(commentsTitle, message), listScroll, write));
  }

  /** A card as wide as its neighbour, as the two story cards above it. */
  private static VBox card(javafx.scene.Node... children) {
    VBox card = new VBox(6, children);
    card.getStyleClass().addAll("story-card", "notes-card");
    card.setPrefWidth(100);
    card.setMinWidth(0);
    HBox.setHgrow(card, Priority.ALWAYS);
    return card;
  }

  private static Label label(String id, String styleClass) {
    Label l = new Label();
    l.setId(id);
    l.getStyleClass().add(styleClass);
    l.setWrapText(true);
    return l;
  }

  private static ScrollPane scroll(Region content) {
    ScrollPane s = new ScrollPane(content);
    s.setFitToWidth(true);
    s.getStyleClass().add("notes-scroll");
    return s;
  }

  /** A row: the first node takes the room, the last sits at the right. */
  private static HBox row(Region first, Region last) {
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox h = new HBox(6, first, gap, last);
    h.setAlignment(Pos.CENTER_LEFT);
    return h;
  }

  private void fillComments(VBox list) {
    list.getChildren().setAll(notes.comments().stream().map(c -> {
      Label head = new Label(c.head());
      head.getStyleClass().setAll("label", "comment-head");
      if (c.mine()) head.getStyleClass().add("comment-mine");
      Label body = new Label(c.text());
      body.setWrapText(true);
      body.getStyleClass().add("comment-text");
      VBox card = new VBox(2, head, body);
      card.getStyleClass().add("comment-card");
      return card;
    }).toList());
  }

  /** Opens the guidelines in an editor; OK saves them as the set's next version. */
  private void editGuidelines() {
    Dialog<String> d = new Dialog<>();
    d.setTitle(text.getString("review.guidelines.editTitle"));
    d.setHeaderText(String.format(text.getString("review.guidelines.editHeader"), notes.editorNote()));
    TextArea editor = new TextArea(notes.markdown().get());
    editor.setId("guidelinesEditor");
    editor.setWrapText(true);
    editor.setPrefColumnCount(60);
    editor.setPrefRowCount(18);
    d.getDialogPane().setId("guidelinesDialog");
    d.getDialogPane().setContent(editor);
    d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
    d.setResultConverter(b -> b == ButtonType.OK ? editor.getText() : null);
    if (getScene() != null) d.initOwner(getScene().getWindow());
    d.showAndWait().ifPresent(notes::editGuidelines);
  }
}
