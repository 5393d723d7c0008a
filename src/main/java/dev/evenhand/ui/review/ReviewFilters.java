package dev.evenhand.ui.review;

import dev.evenhand.domain.ReviewStatus;
import dev.evenhand.store.PairQuery;
import dev.evenhand.usecase.ReviewUseCase;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the Review queue shows: its filters, its order, the choices the filter pickers offer, and the
 * {@link PairQuery} they describe. An empty filter (null, false, blank) does not filter.
 */
public final class ReviewFilters {
  private final String reviewer;
  private final ObjectProperty<ReviewStatus> status = new SimpleObjectProperty<>(null);
  private final ObjectProperty<Boolean> divergence = new SimpleObjectProperty<>(null);
  private final BooleanProperty divergentOnly = new SimpleBooleanProperty(false);
  private final ObjectProperty<String> environment = new SimpleObjectProperty<>(null);
  private final ObjectProperty<String> model = new SimpleObjectProperty<>(null);
  private final ObjectProperty<String> reviewerFilter = new SimpleObjectProperty<>(null);
  private final BooleanProperty fidelityOnly = new SimpleBooleanProperty(false);
  private final BooleanProperty blind = new SimpleBooleanProperty(false);
  private final BooleanProperty assignedOnly = new SimpleBooleanProperty(false);
  private final ObjectProperty<List<Long>> ids = new SimpleObjectProperty<>(null);
  private final StringProperty idsLabel = new SimpleStringProperty("");
  private final ObjectProperty<LocalDate> since = new SimpleObjectProperty<>(null);
  private final StringProperty search = new SimpleStringProperty("");
  private final ObjectProperty<PairQuery.Sort> sort = new SimpleObjectProperty<>(PairQuery.Sort.DIVERGENT_FIRST);
  private final ObservableList<String> environments = FXCollections.observableArrayList();
  private final ObservableList<String> models = FXCollections.observableArrayList();
  private final ObservableList<String> reviewers = FXCollections.observableArrayList();

  /** @param reviewer who reviews: a blind second review shows the pairs others decided and this reviewer has not */
  ReviewFilters(String reviewer) {
    this.reviewer = reviewer;
    divergentOnly.addListener((o, a, b) -> divergence.set(b ? Boolean.TRUE : null));
  }

  /** @return the query the filters describe; "stored since" a day counts from its start in the system time zone */
  public PairQuery query() {
    return PairQuery.ALL.withStatus(status.get()).withDivergent(divergence.get()).withEnvironment(environment.get())
        .withModel(model.get()).withFidelityFlagged(fidelityOnly.get()).withReviewer(reviewerFilter.get())
        .withSince(since.get() == null ? null : since.get().atStartOfDay(ZoneId.systemDefault()).toInstant())
        .withSearch(search.get()).withSort(sort.get()).withBlindFor(blind.get() ? reviewer : null).withIds(ids.get())
        .withAssignedTo(assignedOnly.get() ? reviewer : null);
  }

  /** Shows only these pairs, at any stage, saying what they are; null ids and an empty label show the whole queue. */
  void onlyPairs(List<Long> pairIds, String description) {
    ids.set(pairIds == null ? null : List.copyOf(pairIds));
    idsLabel.set(description);
  }

  /** Offers new filter choices; a list that did not change is left alone (its picker keeps its state). */
  void offer(ReviewUseCase.FilterChoices choices) {
    keep(environments, choices.environments());
    keep(models, choices.modelTags());
    keep(reviewers, choices.reviewers());
  }

  private static void keep(ObservableList<String> target, List<String> values) {
    if (!target.equals(values)) target.setAll(values);
  }

  /** @return the status filter; null for all */
  public ObjectProperty<ReviewStatus> statusFilter() { return status; }

  /** @return divergent (true), consistent (false) or both (null) */
  public ObjectProperty<Boolean> divergence() { return divergence; }

  /** @return only divergent pairs (a shortcut for {@link #divergence()}) */
  public BooleanProperty divergentOnly() { return divergentOnly; }

  /** @return the environment filter; null for all */
  public ObjectProperty<String> environment() { return environment; }

  /** @return the Ollama model tag filter; null for all */
  public ObjectProperty<String> model() { return model; }

  /** @return the reviewer filter; null for all */
  public ObjectProperty<String> reviewerFilter() { return reviewerFilter; }

  /** @return only pairs with fidelity flags */
  public BooleanProperty fidelityOnly() { return fidelityOnly; }

  /** @return only this reviewer's own queue: pairs assigned to them (evenhand assign) that they have not decided */
  public BooleanProperty assignedOnly() { return assignedOnly; }

  /** @return blind second review: pairs others decided and this reviewer has not, statuses hidden, decisions saved blind */
  public BooleanProperty blind() { return blind; }

  /** @return what an explicit pair selection is, empty when none */
  public StringProperty idsLabel() { return idsLabel; }

  /** @return only pairs stored on or after this day; null for all */
  public ObjectProperty<LocalDate> since() { return since; }

  /** @return the full-text search: words that must all occur, any case */
  public StringProperty search() { return search; }

  /** @return the order */
  public ObjectProperty<PairQuery.Sort> sort() { return sort; }

  /** @return environments to filter by */
  public ObservableList<String> environments() { return environments; }

  /** @return model tags to filter by */
  public ObservableList<String> models() { return models; }

  /** @return reviewers to filter by */
  public ObservableList<String> reviewers() { return reviewers; }
}
