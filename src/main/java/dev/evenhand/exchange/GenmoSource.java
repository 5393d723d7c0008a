package dev.evenhand.exchange;

import java.net.URI;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Where {@code evenhand import genmo} fetches GenMO when no file is given: one file of a public
 * repository, pinned to a commit and checked against its SHA-256 (issue 14, point 8).
 *
 * <p>The pinned source is {@code Benchmarks/GenMO/GenMO_dataset.json} of WeiKangda/LLMs-Exploratory-Bias-Mitigation
 * at commit a19f209170298512580982d2582354f02362f458 (908 story pairs of Bajaj et al., Findings of EMNLP 2024;
 * the repository is MIT-licensed, the pairs taken from Social Chemistry 101 are CC BY-SA 4.0). The hash and
 * size were measured on that commit's file.
 *
 * @param url    the file's address (http or https)
 * @param commit the commit it is pinned to, 40 hex digits; empty when unknown (a mirror or a test server)
 * @param sha256 the expected SHA-256 of the bytes, 64 lower-case hex digits
 * @param size   the expected size in bytes, when known
 */
public record GenmoSource(URI url, String commit, String sha256, OptionalLong size) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  /** The pinned public source. */
  public static final GenmoSource PINNED = new GenmoSource(
      URI.create("https://raw.githubusercontent.com/WeiKangda/LLMs-Exploratory-Bias-Mitigation/"
          + "a19f209170298512580982d2582354f02362f458/Benchmarks/GenMO/GenMO_dataset.json"),
      "a19f209170298512580982d2582354f02362f458", "dcded6ecef0e88205ce40a5ecb6416bc0f0d520ed0ce7a10a891c3eaaad38e20",
      OptionalLong.of(307_534));

  /** System property naming another address for the same file (tests, mirrors). */
  public static final String URL_PROPERTY = "evenhand.genmo.url";
  /** System property naming another expected SHA-256 (tests only: a small file served by a test server). */
  public static final String SHA256_PROPERTY = "evenhand.genmo.sha256";

  /** @throws IllegalArgumentException when the URL is not http(s) or the hash is not 64 hex digits */
  public GenmoSource {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) throw new IllegalArgumentException("the GenMO URL must be http or https: " + url);
    sha256 = sha256.strip().toLowerCase(Locale.ROOT);
    if (!HEX64.matcher(sha256).matches()) throw new IllegalArgumentException("not a SHA-256 (64 hex digits): " + sha256);
  }

  /**
   * The pinned source, or the one the two system properties name ({@link #URL_PROPERTY}, {@link #SHA256_PROPERTY}).
   * Another URL alone keeps the pinned hash and commit (a mirror of the same file); another hash drops the
   * commit and size (a test file).
   *
   * @param property reads a system property; null when unset
   * @return the source
   * @throws IllegalArgumentException when a property holds a malformed URL or hash
   */
  public static GenmoSource from(UnaryOperator<String> property) {
    String url = property.apply(URL_PROPERTY);
    String sha = property.apply(SHA256_PROPERTY);
    if ((url == null || url.isBlank()) && (sha == null || sha.isBlank())) return PINNED;
    URI u = url == null || url.isBlank() ? PINNED.url : URI.create(url.strip());
    boolean sameFile = sha == null || sha.isBlank() || sha.strip().equalsIgnoreCase(PINNED.sha256);
    return sameFile ? new GenmoSource(u, PINNED.commit, PINNED.sha256, PINNED.size) : new GenmoSource(u, "", sha, OptionalLong.empty());
  }

  /** @return the first 7 digits of the commit, as GitHub shows it; empty when unknown */
  public String shortCommit() { return commit.length() >= 7 ? commit.substring(0, 7) : commit; }

  /** @return true for the pinned public source (same URL and hash) */
  public boolean pinned() { return equals(PINNED); }

  /**
   * What an import from this source records as where its pairs came from ({@code pair_set.imported_from}):
   * the URL and the SHA-256 the bytes were checked against, e.g. {@code https://...json sha256:dcded6ec...}.
   *
   * @return at most about 1,000 characters for a URL of up to 900
   */
  public String origin() { return url + " sha256:" + sha256; }

  /** @return the host the file is fetched from, e.g. {@code raw.githubusercontent.com} */
  public String host() { return url.getHost() == null ? url.toString() : url.getHost(); }
}
