package dev.evenhand.domain;

/**
 * A test-only class in {@code domain} that breaks the layer rules on purpose (it uses JDBC and JavaFX),
 * so {@code LayerRulesTest} can show each rule fails when broken. It is never part of the main classes.
 */
public final class LayerViolationFixture {
  private LayerViolationFixture() {}

  /** @return a JDBC type and a JavaFX type: both forbidden in domain */
  public static Object[] forbidden() {
    return new Object[] {java.sql.Connection.class, javafx.beans.property.SimpleStringProperty.class};
  }
}
