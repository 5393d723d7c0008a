package dev.evenhand.ui.main;

import java.nio.file.Path;

/**
 * Facts for Help &gt; About and Help &gt; Open log folder.
 *
 * @param evenhand Evenhand's version
 * @param java     the Java version and vendor, e.g. {@code 17.0.9 (Eclipse Adoptium)}
 * @param javafx   the JavaFX runtime version
 * @param data     the data folder (settings' themes, downloads)
 * @param database the database in use ({@code --db} or the default in the data folder), as H2 names it: the path without
 *                 {@code .mv.db}
 * @param logs     the log folder
 */
public record About(String evenhand, String java, String javafx, Path data, Path database, Path logs) {}
