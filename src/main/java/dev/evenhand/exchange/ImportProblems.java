package dev.evenhand.exchange;

import java.util.ArrayList;
import java.util.List;

/** The problems of one import: the first {@link ImportService#MAX_LISTED} listed, all counted. */
final class ImportProblems {
  final List<ImportService.Problem> listed = new ArrayList<>();
  long count;

  void add(ImportService.Problem p) {
    count++;
    if (listed.size() < ImportService.MAX_LISTED) listed.add(p);
  }
}
