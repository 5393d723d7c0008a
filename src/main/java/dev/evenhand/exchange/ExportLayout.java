package dev.evenhand.exchange;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an export's files go: its data files (one, or train then test) and the hidden folder {@value #MANIFESTS} that
 * holds their manifests ({@code <data file name>.manifest.json}), out of sight of every directory loader:
 * <ul>
 *   <li>Hugging Face {@code datasets} (HEAD b7cb10b0e38ab8bbefdb142d0279bc85ac8c7ab8, src/datasets/data_files.py,
 *       {@code resolve_pattern}) skips a file whose name or any of whose folders starts with a dot unless the pattern
 *       names it, both for {@code load_dataset(dir)} and for {@code load_dataset("json", data_dir=dir)}; the latter has
 *       no extension filter at all, so no other name would keep a manifest out (the former keeps any file with
 *       {@code .json} among its dot-separated suffixes, e.g. {@code dpo.jsonl.manifest.json}).</li>
 *   <li>LLaMA-Factory (HEAD ff6d4d12eeb035d6ce06805a5733dd7b29f2ac30, src/llamafactory/data/loader.py,
 *       {@code _load_single_dataset}) reads every entry of a folder given as {@code file_name} ({@code os.listdir},
 *       hidden ones too) and requires one extension for all: only a folder holding data alone loads. A
 *       {@code --dataset-dir} export therefore keeps its manifests at the top ({@code DIR/.manifests}), not in
 *       {@code DIR/data}.</li>
 * </ul>
 * Before issue 13 a manifest was {@code <file>.manifest.json} beside its data ({@link #legacyManifest}); an export that
 * replaces a data file removes that old manifest too.
 *
 * @param files     the data files: one, or train then test (absolute)
 * @param manifests the folder of the manifests (absolute)
 * @param parts     the split part of each file ({@code train}, {@code test}), or empty for one unsplit file
 * @param replaced  files an earlier export left that this one replaces without writing them again (a dataset card,
 *                  another split's or format's data file): removed, with their manifests, after every check passed and
 *                  just before the new data files move into place, so a killed export never leaves a card or a stale
 *                  split beside data it does not describe; an export refused or cancelled leaves them as they were
 */
public record ExportLayout(List<Path> files, Path manifests, List<String> parts, List<Path> replaced) {
  /** The name of the hidden folder that holds manifests. */
  public static final String MANIFESTS = ".manifests";

  public ExportLayout {
    files = List.copyOf(files);
    parts = List.copyOf(parts);
    replaced = List.copyOf(replaced);
    if (!parts.isEmpty() && parts.size() != files.size()) throw new IllegalArgumentException("one part name per file");
  }

  /**
   * The layout of {@code export --out FILE}: the file, or with a split {@code <stem>.train.<ext>} and
   * {@code <stem>.test.<ext>} beside it; manifests in {@code .manifests} beside the data.
   *
   * @param out   the data file named by {@code --out}
   * @param split true with {@code --split}
   * @return the layout
   */
  public static ExportLayout beside(Path out, boolean split) {
    Path abs = out.toAbsolutePath();
    List<Path> files = split ? List.of(ExportService.sibling(abs, "train"), ExportService.sibling(abs, "test")) : List.of(abs);
    return new ExportLayout(files, abs.resolveSibling(MANIFESTS), split ? List.of("train", "test") : List.of(), List.of());
  }

  /**
   * The layout of {@code export --dataset-dir DIR}: {@code DIR/data/train.<ext>} (and {@code DIR/data/test.<ext>} with
   * a split), named as {@code datasets}' split keywords read them (data_files.py, {@code SPLIT_KEYWORDS}) and listed by
   * the dataset card's {@code configs}; manifests in {@code DIR/.manifests}, so {@code DIR/data} holds data alone. An
   * earlier export's card ({@code DIR/README.md}) and its data files of another split or format
   * ({@code data/train|test.jsonl|csv}) are {@link #replaced}: without a card, {@code datasets} would discover a stale
   * {@code data/test.*} by its name.
   *
   * @param dir       the dataset folder
   * @param extension the data files' extension without the dot
   * @param split     true with {@code --split}
   * @return the layout
   */
  public static ExportLayout hub(Path dir, String extension, boolean split) {
    Path abs = dir.toAbsolutePath();
    List<String> parts = split ? List.of("train", "test") : List.of("train");
    List<Path> files = parts.stream().map(p -> abs.resolve("data").resolve(p + "." + extension)).toList();
    List<Path> replaced = new ArrayList<>(List.of(abs.resolve("README.md")));
    for (String ext : List.of("jsonl", "csv")) {
      for (String part : List.of("train", "test")) {
        Path old = abs.resolve("data").resolve(part + "." + ext);
        if (!files.contains(old)) replaced.add(old);
      }
    }
    return new ExportLayout(files, abs.resolve(MANIFESTS), parts, replaced);
  }

  /** @return the manifest of a data file of this layout */
  public Path manifest(Path data) { return manifests.resolve(data.getFileName() + ".manifest.json"); }

  /** @return the manifest of a data file written by {@code export --out} ({@link #beside}) */
  public static Path manifestOf(Path data) {
    Path abs = data.toAbsolutePath();
    return abs.resolveSibling(MANIFESTS).resolve(abs.getFileName() + ".manifest.json");
  }

  /** @return where a manifest was written before issue 13: {@code <file>.manifest.json} beside the data */
  static Path legacyManifest(Path data) { return data.resolveSibling(data.getFileName() + ".manifest.json"); }

  /**
   * Removes the {@link #replaced} files that exist, and the manifests of data files among them.
   *
   * @return the data files removed (not the card)
   * @throws IOException when one cannot be removed
   */
  List<Path> removeReplaced() throws IOException {
    List<Path> removed = new ArrayList<>();
    for (Path p : replaced) {
      boolean data = !p.getFileName().toString().equals("README.md");
      if (Files.deleteIfExists(p) && data) removed.add(p);
      if (data) Files.deleteIfExists(manifest(p));
    }
    return removed;
  }

  /** @return the part name of file {@code i} ({@code train}, {@code test}), or null for one unsplit file */
  String part(int i) { return parts.isEmpty() ? null : parts.get(i); }

  /** @return the folders this layout writes into that do not exist yet, deepest first */
  List<Path> missingFolders() {
    List<Path> out = new ArrayList<>();
    List<Path> roots = new ArrayList<>(files.stream().map(Path::getParent).toList());
    roots.add(manifests);
    for (Path r : roots) {
      for (Path p = r; p != null && !Files.exists(p); p = p.getParent()) if (!out.contains(p)) out.add(p);
    }
    out.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
    return out;
  }

  /** Removes the folders of {@code created} that are still empty, deepest first (an export refused leaves none behind). */
  static void removeEmpty(List<Path> created) {
    for (Path p : created) {
      try {
        Files.deleteIfExists(p);
      } catch (DirectoryNotEmptyException keep) {
        // something else was put there meanwhile
      } catch (IOException ignored) {
        // leaving an empty folder is harmless
      }
    }
  }
}
