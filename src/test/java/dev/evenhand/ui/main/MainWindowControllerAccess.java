package dev.evenhand.ui.main;

/** Test access to the main window's package-private helpers. */
public final class MainWindowControllerAccess {
  private MainWindowControllerAccess() {}

  /** @return {@link MainViewModel#remoteHost} */
  public static String remoteHost(String url) { return MainViewModel.remoteHost(url); }
}
