package dev.evenhand.app.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints {@code evenhand VERSION} from the jar's manifest (or "dev" when run from classes). */
public final class Version implements IVersionProvider {
  /** @return Evenhand's version, e.g. {@code 0.1.0} */
  public static String evenhand() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() { return new String[] {"evenhand " + evenhand()}; }
}
