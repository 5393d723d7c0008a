package dev.evenhand.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.evenhand.domain.LayerViolationFixture;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of DESIGN.md ("Parts") as a test, over the main classes only. Each rule is also
 * shown to fail on {@link LayerViolationFixture}, a test-only class in {@code domain} that breaks them.
 */
class LayerRulesTest {
  private static JavaClasses main;

  /** domain: records and enums over nothing but the JDK. */
  static final ArchRule DOMAIN_USES_ONLY_THE_JDK = classes().that().resideInAPackage("dev.evenhand.domain..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("dev.evenhand.domain..", "java..")
      .as("domain uses only the JDK");

  /** method: the pure rules, over domain. */
  static final ArchRule METHOD_IS_PURE = noClasses().that().resideInAPackage("dev.evenhand.method..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.evenhand.llm..", "dev.evenhand.store..", "dev.evenhand.exchange..",
          "dev.evenhand.usecase..", "dev.evenhand.app..", "dev.evenhand.ui..", "java.sql..", "java.net..", "javafx..")
      .as("method holds the pure rules: it uses domain, never Ollama, the store, files of the exchange, the use cases or the UI");

  /** Nothing below ui and app knows JavaFX. */
  static final ArchRule ONLY_UI_AND_APP_USE_JAVAFX = noClasses().that()
      .resideOutsideOfPackages("dev.evenhand.ui..", "dev.evenhand.app..")
      .should().dependOnClassesThat().resideInAPackage("javafx..")
      .as("nothing below ui and app imports JavaFX");

  /** Only the store writes SQL. */
  static final ArchRule ONLY_THE_STORE_USES_JDBC = noClasses().that().resideOutsideOfPackage("dev.evenhand.store..")
      .should().dependOnClassesThat().resideInAPackage("java.sql..")
      .as("only the store uses java.sql");

  /** llm, store and exchange never reach up. */
  static final ArchRule LLM_NEVER_REACHES_UP = noClasses().that().resideInAPackage("dev.evenhand.llm..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.evenhand.method..", "dev.evenhand.store..", "dev.evenhand.exchange..",
          "dev.evenhand.usecase..", "dev.evenhand.app..", "dev.evenhand.ui..")
      .as("llm uses only domain");

  static final ArchRule STORE_NEVER_REACHES_UP = noClasses().that().resideInAPackage("dev.evenhand.store..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.evenhand.method..", "dev.evenhand.llm..", "dev.evenhand.exchange..",
          "dev.evenhand.usecase..", "dev.evenhand.app..", "dev.evenhand.ui..")
      .as("store uses only domain");

  static final ArchRule EXCHANGE_NEVER_REACHES_UP = noClasses().that().resideInAPackage("dev.evenhand.exchange..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.evenhand.llm..", "dev.evenhand.usecase..", "dev.evenhand.app..",
          "dev.evenhand.ui..")
      .as("exchange uses domain, the pure rules and the store");

  /** The use cases are called by the CLI and the GUI, never the other way round. */
  static final ArchRule USE_CASES_NEVER_REACH_UP = noClasses().that().resideInAPackage("dev.evenhand.usecase..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.evenhand.app..", "dev.evenhand.ui..")
      .as("use cases never reach the CLI, the app or the screens");

  /** Screens work through the use cases: no repository, database or Ollama client in ui. */
  static final ArchRule SCREENS_GO_THROUGH_USE_CASES = noClasses().that().resideInAPackage("dev.evenhand.ui..")
      .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("a repository, the database or an Ollama client",
          c -> c.getPackageName().startsWith("dev.evenhand.store") && (c.getSimpleName().endsWith("Repository") || c.getSimpleName().equals("Database"))
              || c.getPackageName().startsWith("dev.evenhand.llm") && (c.getSimpleName().startsWith("Ollama") && !c.getSimpleName().equals("OllamaException")
              || c.getSimpleName().equals("HostPool"))))
      .as("screens reach data and models only through the use cases");

  static final List<ArchRule> ALL = List.of(DOMAIN_USES_ONLY_THE_JDK, METHOD_IS_PURE, ONLY_UI_AND_APP_USE_JAVAFX, ONLY_THE_STORE_USES_JDBC,
      LLM_NEVER_REACHES_UP, STORE_NEVER_REACHES_UP, EXCHANGE_NEVER_REACHES_UP, USE_CASES_NEVER_REACH_UP, SCREENS_GO_THROUGH_USE_CASES);

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.evenhand");
    assertTrue(main.size() > 100, "the main classes were imported (" + main.size() + ")");
  }

  @Test void domainUsesOnlyTheJdk() { DOMAIN_USES_ONLY_THE_JDK.check(main); }

  @Test void methodIsPure() { METHOD_IS_PURE.check(main); }

  @Test void onlyUiAndAppUseJavaFx() { ONLY_UI_AND_APP_USE_JAVAFX.check(main); }

  @Test void onlyTheStoreUsesJdbc() { ONLY_THE_STORE_USES_JDBC.check(main); }

  @Test void llmStoreAndExchangeNeverReachUp() {
    LLM_NEVER_REACHES_UP.check(main);
    STORE_NEVER_REACHES_UP.check(main);
    EXCHANGE_NEVER_REACHES_UP.check(main);
  }

  @Test void useCasesNeverReachUp() { USE_CASES_NEVER_REACH_UP.check(main); }

  @Test void screensGoThroughUseCases() { SCREENS_GO_THROUGH_USE_CASES.check(main); }

  /** The rules can fail: a domain class that uses JDBC and JavaFX breaks the first, third and fourth. */
  @Test
  void theRulesFailOnAClassThatBreaksThem() {
    JavaClasses broken = new ClassFileImporter().importClasses(LayerViolationFixture.class);
    for (ArchRule rule : List.of(DOMAIN_USES_ONLY_THE_JDK, ONLY_UI_AND_APP_USE_JAVAFX, ONLY_THE_STORE_USES_JDBC)) {
      AssertionError e = assertThrows(AssertionError.class, () -> rule.check(broken), rule.getDescription());
      assertTrue(e.getMessage().contains("LayerViolationFixture"), e.getMessage());
    }
  }
}
