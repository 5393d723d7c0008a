package dev.evenhand.exchange;

import java.util.ArrayList;
import java.util.List;

/** The problems of one import: the first {@link ImportService#MAX_LISTED} listed, all counted. */
final class ImportProblems {
  final List<ImportService.Problem> listed = new ArrayList<>();
  long count;

  /** True when a problem concerns the whole file, so no record of it can be trusted to be read whole. */
  boolean fatal;

  void add(ImportService.Problem p) {
    count++;
    if (listed.size() < ImportService.MAX_LISTED) listed.add(p);
  }

  /**
   * Adds a problem of the whole file: not a file, empty, not valid UTF-8 (the reader stops at the undecodable block, so
   * the records around it are lost, not skipped), a broken or incomplete header, a JSON document that cannot be read
   * on. Such a file is refused even with --skip-invalid.
   */
  void fatal(ImportService.Problem p) {
    fatal = true;
    add(p);
  }
}
