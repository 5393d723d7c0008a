package dev.evenhand.ui.main;

import dev.evenhand.ui.audit.AuditViewModel;
import dev.evenhand.ui.datasets.DatasetsViewModel;
import dev.evenhand.ui.generate.GenerateViewModel;
import dev.evenhand.ui.models.ModelsViewModel;
import dev.evenhand.ui.review.KeyBindings;
import dev.evenhand.ui.review.ReviewViewModel;
import dev.evenhand.ui.settings.SettingsViewModel;

/**
 * Builds the view model of each screen with the few collaborators it needs (after Cryptomator's
 * per-window modules, in plain Java). The app implements it; the main window asks for each view model
 * once, when it opens.
 */
public interface Screens {
  /** @return the connection bar and Help menu */
  MainViewModel main();

  /** @return the first-run welcome panel */
  WelcomeViewModel welcome();

  /** @return the Generate screen */
  GenerateViewModel generate();

  /** @return the Review screen */
  ReviewViewModel review();

  /**
   * @param review the Review screen whose shown pair the panel follows
   * @return the Review screen's side panel: the set's guidelines and the pair's comments (issue 15, point 5)
   */
  dev.evenhand.ui.review.PairNotes reviewNotes(ReviewViewModel review);

  /** @return the Review screen's key bindings, from the settings */
  KeyBindings reviewKeys();

  /** @return the Models screen */
  ModelsViewModel models();

  /** @return the Datasets screen */
  DatasetsViewModel datasets();

  /** @return the Audit screen */
  AuditViewModel audit();

  /** @return the Download GenMO offer the Audit and Datasets screens show while no GenMO set is stored (one, shared) */
  dev.evenhand.ui.genmo.GenmoDownloadViewModel genmo();

  /** @return the Settings screen */
  SettingsViewModel settings();

  /**
   * Takes settings just saved on the Settings screen (or by the Dark theme toggle): the Review screen
   * built next uses their reviewer and key bindings.
   *
   * @param saved the settings saved
   * @return true when the reviewer or the key bindings changed (the main window then builds the Review screen again)
   */
  boolean settingsSaved(dev.evenhand.usecase.Settings saved);
}
