package dev.evenhand.exchange.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Hugging Face {@code datasets}' discovery of data files in a local folder, reproduced in Java from
 * src/datasets/data_files.py and src/datasets/load.py at {@value #COMMIT}:
 * <ul>
 *   <li>{@code get_data_patterns}: the sharded pattern {@code data/{split}-00000-of-00001*.*} first, then the default
 *       pattern groups in order (logs, split keyword in a folder name, split keyword in a file name, then {@code **}
 *       for train); the first group that matches any file gives the splits;</li>
 *   <li>{@code resolve_pattern}: glob (fsspec 2023.12 or later: {@code **} spans folders, {@code *} stays within one),
 *       regular files only, names in {@code FILES_TO_IGNORE} skipped, a path with more hidden parts (a name starting
 *       with a dot) than the pattern skipped, a path under more {@code __} folders than the pattern skipped, then the
 *       extension filter: kept when any dot-separated suffix of the name is an allowed extension;</li>
 *   <li>{@code load_dataset(dir)} ({@code LocalDatasetModuleFactory}) resolves with every packaged module's extensions
 *       allowed and then infers the module from the most common suffix; {@code load_dataset("json", data_dir=dir)}
 *       ({@code PackagedDatasetModuleFactory}) resolves with no extension filter.</li>
 * </ul>
 */
final class HfDataFiles {
  /** The {@code datasets} commit this follows. */
  static final String COMMIT = "b7cb10b0e38ab8bbefdb142d0279bc85ac8c7ab8";
  /** data_files.py {@code FILES_TO_IGNORE}. */
  static final List<String> FILES_TO_IGNORE = List.of("README.md", "config.json", "dataset_info.json", "dataset_infos.json", "dummy_data.zip",
      "dataset_dict.json");
  /** data_files.py {@code SPLIT_KEYWORDS} (train, validation, test). */
  static final Map<String, List<String>> SPLIT_KEYWORDS = splitKeywords();
  /** The text formats of packaged_modules/__init__.py {@code _EXTENSION_TO_MODULE} that matter here (a subset of all allowed). */
  static final List<String> SOME_ALLOWED = List.of(".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".parquet", ".arrow", ".txt", ".xml", ".zip");
  private static final String SEP = "-._ 0-9";

  private HfDataFiles() {}

  private static Map<String, List<String>> splitKeywords() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("train", List.of("train", "training"));
    m.put("validation", List.of("validation", "valid", "dev", "val"));
    m.put("test", List.of("test", "testing", "eval", "evaluation"));
    return m;
  }

  /** The default pattern groups of {@code ALL_DEFAULT_PATTERNS} (fsspec 2023.12 or later), in order. */
  static List<Map<String, List<String>>> defaultPatterns() {
    List<Map<String, List<String>>> groups = new ArrayList<>();
    groups.add(Map.of("logs", List.of("**/*.eval")));
    Map<String, List<String>> inDir = new LinkedHashMap<>();
    Map<String, List<String>> inName = new LinkedHashMap<>();
    SPLIT_KEYWORDS.forEach((split, words) -> {
      List<String> d = new ArrayList<>(), n = new ArrayList<>();
      for (String k : words) {
        d.addAll(List.of("**/" + k + "/**", "**/" + k + "[" + SEP + "]*/**", "**/*[" + SEP + "]" + k + "/**", "**/*[" + SEP + "]" + k + "[" + SEP + "]*/**"));
        n.addAll(List.of("**/" + k + "[" + SEP + "]*", "**/*[" + SEP + "]" + k + "[" + SEP + "]*"));
      }
      inDir.put(split, d);
      inName.put(split, n);
    });
    groups.add(inDir);
    groups.add(inName);
    groups.add(Map.of("train", List.of("**")));
    return groups;
  }

  /**
   * {@code get_data_patterns} followed by {@code DataFilesDict.from_patterns}: the files of each split.
   *
   * @param base    the folder
   * @param allowed allowed extensions (with the dot), or null for none ({@code load_dataset("json", data_dir=...)})
   * @return split name to files relative to {@code base} ('/'-separated), in discovery order; empty when nothing matched
   */
  static Map<String, List<String>> discover(Path base, List<String> allowed) throws IOException {
    List<String> all = files(base);
    List<String> sharded = resolve(all, "data/*-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*", null);
    if (!sharded.isEmpty()) throw new UnsupportedOperationException("sharded layouts are not reproduced here");
    for (Map<String, List<String>> group : defaultPatterns()) {
      Map<String, List<String>> found = new LinkedHashMap<>();
      for (var e : group.entrySet()) {
        if (e.getValue().stream().anyMatch(p -> !resolve(all, p, null).isEmpty())) found.put(e.getKey(), e.getValue());
      }
      if (found.isEmpty()) continue;
      Map<String, List<String>> out = new LinkedHashMap<>();
      found.forEach((split, patterns) -> {
        List<String> files = new ArrayList<>();
        for (String p : patterns) for (String f : resolve(all, p, allowed)) if (!files.contains(f)) files.add(f);
        out.put(split, files);
      });
      return out;
    }
    return Map.of();
  }

  /** {@code resolve_pattern} over the files of a folder (relative, '/'-separated). */
  static List<String> resolve(List<String> files, String pattern, List<String> allowed) {
    Pattern re = Pattern.compile(globToRegex(pattern));
    List<String> out = new ArrayList<>();
    for (String f : files) {
      if (!re.matcher(f).matches()) continue;
      String name = f.substring(f.lastIndexOf('/') + 1);
      if (FILES_TO_IGNORE.contains(name) && !name.equals(pattern.substring(pattern.lastIndexOf('/') + 1))) continue;
      if (count(f, true, true) != count(pattern, true, true)) continue; // special "__" folders
      if (count(f, false, false) != count(pattern, false, false)) continue; // hidden parts
      if (allowed != null) {
        String[] parts = name.split("\\.", -1);
        boolean ok = false;
        for (int i = 1; i < parts.length; i++) ok |= allowed.contains("." + parts[i]);
        if (!ok) continue;
      }
      out.add(f);
    }
    return out;
  }

  /**
   * {@code infer_module_for_data_files_list}: the module of the most common suffix (ties: parquet, lance, arrow, jsonl,
   * json, csv, then the name, as the sort key does).
   *
   * @return "json", "csv", ... or null when no suffix names a module
   */
  static String module(List<String> files) {
    Map<String, Integer> count = new LinkedHashMap<>();
    for (String f : files) {
      String[] parts = f.substring(f.lastIndexOf('/') + 1).split("\\.", -1);
      for (int i = 1; i < parts.length; i++) count.merge("." + parts[i].toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
    }
    List<String> pref = List.of(".csv", ".json", ".jsonl", ".arrow", ".lance", ".parquet");
    return count.entrySet().stream().sorted((a, b) -> {
      int c = Integer.compare(b.getValue(), a.getValue());
      if (c != 0) return c;
      c = Integer.compare(pref.indexOf(b.getKey()), pref.indexOf(a.getKey()));
      return c != 0 ? c : b.getKey().compareTo(a.getKey());
    }).map(Map.Entry::getKey).map(e -> switch (e) {
      case ".json", ".jsonl", ".ndjson" -> "json";
      case ".csv", ".tsv" -> "csv";
      case ".parquet" -> "parquet";
      case ".txt" -> "text";
      default -> null;
    }).filter(java.util.Objects::nonNull).findFirst().orElse(null);
  }

  /** Counts hidden parts (all parts) or special "__" parts (parent parts only) of a '/'-separated path. */
  private static int count(String path, boolean special, boolean parentsOnly) {
    String[] parts = path.split("/");
    int n = 0;
    for (int i = 0; i < parts.length - (parentsOnly ? 1 : 0); i++) {
      String p = parts[i];
      if (special ? p.startsWith("__") : p.startsWith(".") && !p.chars().allMatch(c -> c == '.')) n++;
    }
    return n;
  }

  /** A glob as fsspec 2023.12+ reads it: {@code **} as a whole part spans any number of folders (zero too). */
  static String globToRegex(String glob) {
    String[] parts = glob.split("/");
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      boolean last = i == parts.length - 1;
      if (p.equals("**")) {
        re.append(last ? ".*" : "(?:[^/]+/)*");
        continue;
      }
      for (int j = 0; j < p.length(); j++) {
        char c = p.charAt(j);
        if (c == '*') re.append("[^/]*");
        else if (c == '?') re.append("[^/]");
        else if (c == '[') {
          int end = p.indexOf(']', j + 1);
          re.append('[').append(p, j + 1, end).append(']');
          j = end;
        } else re.append(Pattern.quote(String.valueOf(c)));
      }
      if (!last) re.append('/');
    }
    return re.toString();
  }

  /** @return every regular file under {@code base}, relative and '/'-separated, sorted */
  static List<String> files(Path base) throws IOException {
    try (Stream<Path> s = Files.walk(base)) {
      return s.filter(Files::isRegularFile).map(p -> base.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
  }
}
