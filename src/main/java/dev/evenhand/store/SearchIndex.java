package dev.evenhand.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The word index of an H2 database's search texts (issue 15, point 8): a Lucene index in the folder
 * {@code <database>.search} beside the database file, filled in the background by {@link #catchUp} after rows are
 * committed, so that an import pays nothing for it. The database stays the truth and the index only a faster way to
 * it: {@code pair_search.indexed} (V22) is set once a row's text is in a committed index and cleared by every change
 * of the text, and {@code search_index_state} names the index those flags refer to. A search ({@link #pairsMatching})
 * takes the index's matches among the flagged rows and checks the few unflagged rows itself; a missing, foreign or
 * unreadable index is not used (the caller scans, as before this index), and the next {@link #catchUp} builds it anew.
 *
 * <p>Matching is PostgreSQL's (V18, {@link PairSql}): Lucene's standard tokenizer splits the text and each search word
 * into words (Unicode UAX #29), and a search word matches where every one of its words begins a word of the text
 * ("wall" finds "wallet", "allet" does not), and, when it splits into more than one, the text also contains it as
 * written. Source: Lucene 9.12 {@code StandardTokenizer} and {@code PrefixQuery} documentation.
 *
 * <p>Processes: any number may search; one at a time indexes (Lucene's {@code write.lock}, an operating-system lock
 * that a killed process gives up). A kill while indexing leaves the last Lucene commit, and rows flagged only after
 * their commit: nothing is trusted that is not in the index.
 */
public final class SearchIndex implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

  /** The table that names the index the flags refer to (V22); not copied by {@code db copy}: a copy builds its own. */
  static final String STATE_TABLE = "search_index_state";

  /**
   * The most pairs a search passes to the database as a list of ids: H2's longest array (65,536 elements,
   * {@code Constants.MAX_ARRAY_CARDINALITY} in H2 2.5). A search that matches more is answered by the scan.
   */
  public static final int MOST_IDS = 65_536;

  /**
   * The most rows not yet in the index that a search checks itself; with more (right after a large import, before the
   * index has caught up) the index is not used and the caller scans.
   */
  static final int MOST_UNINDEXED = 20_000;

  /** Rows indexed per Lucene commit (and per transaction that flags them). */
  public static final int CHUNK = 5_000;

  /**
   * The order of rows selected by their flag: the flag first, though it is fixed by the WHERE, so that H2 reads them
   * from the index {@code pair_search_unindexed (indexed, pair_id)} in order instead of sorting every flagged row
   * (with {@code ORDER BY pair_id} alone it read and sorted all unindexed rows for each chunk, as its EXPLAIN shows).
   */
  private static final String BY_FLAG = "indexed, pair_id";

  private static final String ID = "id";
  private static final String PAIR = "pair";
  private static final String TEXT = "text";
  private static final String INDEX_ID = "evenhand.index";

  private final Database db;
  private final Path folder;
  private final Analyzer analyzer = new StandardAnalyzer(CharArraySet.EMPTY_SET);
  private final Object directoryLock = new Object();
  private Directory directory;
  /** Guards the reader: a search never waits for a catch-up, which holds this object's own lock. */
  private final Object readerLock = new Object();
  private DirectoryReader reader;
  private IndexWriter writer;
  private volatile boolean closed;

  SearchIndex(Database db, Path folder) {
    this.db = db;
    this.folder = folder;
  }

  /** @return the folder of the index of the H2 database at {@code database} (its path without {@code .mv.db}) */
  public static Path folderOf(Path database) { return Path.of(database + ".search"); }

  /** @return the folder the index lives in */
  public Path folder() { return folder; }

  /**
   * The pairs whose search text matches every word of {@code words} (see the class comment), from the index and the
   * rows not yet in it.
   *
   * @param words the search words, lower case, none blank
   * @return the matching pair ids, ascending (possibly deleted pairs among them: the caller joins them to the pairs);
   *     empty when the index cannot answer: none built yet, not the one the database's flags refer to, unreadable, a
   *     word with no letter or digit, more than {@link #MOST_UNINDEXED} rows not in it yet, or more than
   *     {@link #MOST_IDS} matches
   * @throws StoreException when the database fails
   */
  public Optional<long[]> pairsMatching(List<String> words) {
    List<List<String>> parts = new ArrayList<>();
    for (String w : words) {
      List<String> t = tokens(w);
      if (t.isEmpty()) return Optional.empty();
      parts.add(t);
    }
    List<String> likes = words.stream().map(PairSql::like).toList();
    StringBuilder cond = new StringBuilder();
    for (int i = 0; i < likes.size(); i++) cond.append(" AND text LIKE ? ESCAPE '\\'");
    // the database first, the index after: a row flagged by now is in a commit the reader opened below sees
    // unindexed: every row not (or no longer) as it is in the index; matching: those of them that match
    record State(String id, long[] unindexed, long[] matching) { }
    State state = db.read(c -> {
      String id = Sql.one(c, "SELECT index_id FROM " + STATE_TABLE, rs -> rs.getString(1)).orElse(null);
      if (id == null) return new State(null, null, null);
      long[] unindexed = Sql.list(c, "SELECT pair_id FROM pair_search WHERE indexed = FALSE ORDER BY " + BY_FLAG + " LIMIT " + (MOST_UNINDEXED + 1),
          rs -> rs.getLong(1)).stream().mapToLong(Long::longValue).toArray();
      // right after a large import: the scan answers until the index has caught up
      if (unindexed.length > MOST_UNINDEXED) return new State(null, null, null);
      List<Long> found = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT pair_id, text FROM pair_search WHERE indexed = FALSE" + cond + " ORDER BY " + BY_FLAG)) {
        for (int i = 0; i < likes.size(); i++) ps.setString(i + 1, likes.get(i));
        try (var rs = ps.executeQuery()) {
          while (rs.next()) if (matches(rs.getString(2), parts)) found.add(rs.getLong(1));
        }
      }
      return new State(id, unindexed, found.stream().mapToLong(Long::longValue).toArray());
    });
    if (state.id() == null) return Optional.empty();
    long[] hits;
    try {
      hits = search(state.id(), parts);
    } catch (IOException | RuntimeException e) {
      LOG.warn("the search index {} could not be read; searching without it", folder, e);
      synchronized (readerLock) {
        dropReader();
      }
      return Optional.empty();
    }
    if (hits == null) return Optional.empty();
    if (parts.stream().anyMatch(p -> p.size() > 1) && hits.length > 0) hits = containing(hits, likes, cond.toString());
    // the index's word for a row changed since (unflagged) is stale: such rows count as the database says
    long[] all = union(minus(hits, state.unindexed()), state.matching());
    return all.length > MOST_IDS ? Optional.empty() : Optional.of(all);
  }

  /** @return the index's matches, ascending; null when the index is not the one named {@code id} or has too many */
  private long[] search(String id, List<List<String>> parts) throws IOException {
    synchronized (readerLock) {
      return searchLocked(id, parts);
    }
  }

  private long[] searchLocked(String id, List<List<String>> parts) throws IOException {
    if (closed) return null;
    if (!Files.isDirectory(folder)) return null; // deleted: the database scans until a catch-up builds it again
    if (reader == null) {
      if (!DirectoryReader.indexExists(directory())) return null;
      reader = DirectoryReader.open(directory());
    } else {
      DirectoryReader newer = DirectoryReader.openIfChanged(reader);
      if (newer != null) {
        reader.close();
        reader = newer;
      }
    }
    if (!id.equals(reader.getIndexCommit().getUserData().get(INDEX_ID))) return null;
    BooleanQuery.Builder q = new BooleanQuery.Builder();
    for (List<String> p : parts) for (String t : p) q.add(new PrefixQuery(new Term(TEXT, t)), BooleanClause.Occur.MUST);
    long[] ids = new IndexSearcher(reader).search(q.build(), new CollectorManager<Ids, long[]>() {
      @Override public Ids newCollector() { return new Ids(); }
      @Override public long[] reduce(Collection<Ids> all) {
        long[] out = new long[0];
        for (Ids c : all) {
          if (c.n > MOST_IDS) return null;
          long[] mine = Arrays.copyOf(c.ids, c.n);
          Arrays.sort(mine); // documents come in index order, not pair order
          out = union(out, mine);
        }
        return out;
      }
    });
    return ids;
  }

  /** @return those of {@code ids} whose text also contains every search word as written (LIKE) */
  private long[] containing(long[] ids, List<String> likes, String cond) {
    Long[] boxed = Arrays.stream(ids).boxed().toArray(Long[]::new);
    List<Object> args = new ArrayList<>();
    args.add(boxed);
    args.addAll(likes);
    return db.read(c -> Sql.list(c, "SELECT pair_id FROM pair_search WHERE pair_id = ANY(?)" + cond + " ORDER BY pair_id",
        rs -> rs.getLong(1), args.toArray())).stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Indexes up to {@code most} rows that are not in the index yet (all of them, first, when the index is missing, was
   * built for another database or cannot be read), each chunk of {@value #CHUNK} committed to the index before the
   * database flags it. Does nothing when another process is indexing or the database is read-only.
   *
   * @param most the most rows to index in this call
   * @param stop checked between chunks; true stops after the chunk in hand
   * @return the rows indexed (0 when there were none, or another process indexes)
   * @throws StoreException when the database fails
   * @throws UncheckedIOException when the index cannot be written (e.g. a full disk); the rows stay unflagged
   */
  public synchronized int catchUp(int most, BooleanSupplier stop) {
    if (closed || db.readOnly()) return 0;
    try {
      IndexWriter w = writer();
      if (w == null) return 0;
      String id = db.read(c -> Sql.one(c, "SELECT index_id FROM " + STATE_TABLE, rs -> rs.getString(1)).orElse(null));
      Map<String, String> data = committedData();
      if (id == null || !id.equals(data.get(INDEX_ID))) id = rebuild(w);
      int done = 0;
      long after = 0;
      while (done < most && !closed && !stop.getAsBoolean()) {
        long from = after;
        int n = Math.min(CHUNK, most - done);
        List<Object[]> rows = db.read(c -> Sql.list(c, "SELECT pair_id, text FROM pair_search WHERE indexed = FALSE AND pair_id > ?"
            + " ORDER BY " + BY_FLAG + " LIMIT ?", rs -> new Object[] {rs.getLong(1), rs.getString(2)}, from, n));
        if (rows.isEmpty()) break;
        for (Object[] r : rows) w.updateDocument(new Term(ID, r[0].toString()), document((Long) r[0], (String) r[1]));
        w.setLiveCommitData(Map.of(INDEX_ID, id).entrySet());
        w.commit();
        db.inTransaction(c -> {
          // only a row whose text is still the text indexed: a change since then leaves it for the next call
          try (PreparedStatement ps = c.prepareStatement("UPDATE pair_search SET indexed = TRUE WHERE pair_id = ? AND text = ? AND indexed = FALSE")) {
            for (Object[] r : rows) {
              ps.setLong(1, (Long) r[0]);
              ps.setString(2, (String) r[1]);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
        done += rows.size();
        after = (Long) rows.get(rows.size() - 1)[0];
      }
      return done;
    } catch (IOException | RuntimeException e) {
      // start the next catch-up on a freshly opened index (the folder may have been deleted under the writer)
      dropLucene();
      if (e instanceof StoreException s) throw s;
      throw new UncheckedIOException("cannot write the search index " + folder + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  /** Closes the reader quietly (the caller holds the reader lock); the next search opens it again. */
  private void dropReader() {
    try {
      if (reader != null) reader.close();
    } catch (IOException ignored) {
      // nothing to keep
    }
    reader = null;
  }

  /** Closes the writer, the reader and the folder quietly; the next use opens them again. */
  private void dropLucene() {
    synchronized (readerLock) {
      try {
        if (writer != null) writer.rollback();
      } catch (IOException | RuntimeException ignored) {
        // the writer is gone either way
      }
      writer = null;
      dropReader();
      synchronized (directoryLock) {
        try {
          if (directory != null) directory.close();
        } catch (IOException ignored) {
          // nothing to keep
        }
        directory = null;
      }
    }
  }

  /** @return the number of rows not in the index yet (all rows when it was never built) */
  public long unindexed() {
    return db.read(c -> Sql.one(c, "SELECT COUNT(*) FROM pair_search WHERE indexed = FALSE", rs -> rs.getLong(1)).orElse(0L));
  }

  /**
   * Starts the index afresh: the database stops trusting any index, every row is unflagged (in chunks, so no
   * transaction is large), the index emptied and committed under a new name, and the database names it.
   *
   * @return the new index's name
   */
  private String rebuild(IndexWriter w) throws IOException {
    db.inTransaction(c -> Sql.update(c, "DELETE FROM " + STATE_TABLE));
    while (db.inTransaction(c -> Sql.update(c, "UPDATE pair_search SET indexed = FALSE WHERE pair_id IN "
        + "(SELECT pair_id FROM pair_search WHERE indexed = TRUE ORDER BY " + BY_FLAG + " LIMIT " + CHUNK + ")")) > 0) {
      // each round unflags the next chunk
    }
    String id = UUID.randomUUID().toString();
    w.deleteAll();
    w.setLiveCommitData(Map.of(INDEX_ID, id).entrySet());
    w.commit();
    db.inTransaction(c -> Sql.update(c, "INSERT INTO " + STATE_TABLE + "(index_id) VALUES (?)", id));
    LOG.info("started the search index {} ({})", folder, id);
    return id;
  }

  /** @return the user data of the index's last commit (empty when there is none) */
  private Map<String, String> committedData() throws IOException {
    if (!DirectoryReader.indexExists(directory())) return Map.of();
    return SegmentInfos.readLatestCommit(directory()).getUserData();
  }

  /** @return the writer, opened on first use; null when another process holds the index's write lock */
  private IndexWriter writer() throws IOException {
    if (writer != null && writer.isOpen()) return writer;
    Files.createDirectories(folder);
    IndexWriterConfig config = new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setCommitOnClose(false);
    try {
      writer = new IndexWriter(directory(), config);
    } catch (LockObtainFailedException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      // an index that cannot be opened (torn by a full disk, or not Lucene's) is only a cache: start it again
      LOG.warn("the search index {} cannot be opened; building it again", folder, e);
      writer = new IndexWriter(directory(), new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE)
          .setCommitOnClose(false));
    }
    return writer;
  }

  private Directory directory() throws IOException {
    synchronized (directoryLock) {
      if (directory == null) directory = FSDirectory.open(folder);
      return directory;
    }
  }

  private static Document document(long pairId, String text) {
    Document d = new Document();
    d.add(new StringField(ID, Long.toString(pairId), Field.Store.NO));
    d.add(new NumericDocValuesField(PAIR, pairId));
    d.add(new TextField(TEXT, text, Field.Store.NO));
    return d;
  }

  /** @return the words the index makes of {@code text} (lower case) */
  List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) out.add(term.toString());
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
    return out;
  }

  /** @return true when every word of every part begins a word of {@code text} (the index's matching, for unflagged rows) */
  private boolean matches(String text, List<List<String>> parts) {
    List<String> words = tokens(text);
    for (List<String> p : parts) {
      for (String t : p) {
        boolean found = false;
        for (String w : words) {
          if (w.startsWith(t)) {
            found = true;
            break;
          }
        }
        if (!found) return false;
      }
    }
    return true;
  }

  /** @return the sorted union of two ascending arrays, without repeats */
  static long[] union(long[] a, long[] b) {
    long[] out = new long[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      long v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
      if (n == 0 || out[n - 1] != v) out[n++] = v;
    }
    return Arrays.copyOf(out, n);
  }

  /** @return the values of ascending {@code a} that are not in ascending {@code b} */
  static long[] minus(long[] a, long[] b) {
    long[] out = new long[a.length];
    int n = 0;
    int j = 0;
    for (long v : a) {
      while (j < b.length && b[j] < v) j++;
      if (j >= b.length || b[j] != v) out[n++] = v;
    }
    return Arrays.copyOf(out, n);
  }

  /** Collects the pair ids of the documents found, ascending per segment and sorted at the end. */
  private static final class Ids extends SimpleCollector {
    long[] ids = new long[256];
    int n;
    private NumericDocValues pairs;

    @Override protected void doSetNextReader(LeafReaderContext context) throws IOException {
      pairs = DocValues.getNumeric(context.reader(), PAIR);
    }

    @Override public void collect(int doc) throws IOException {
      if (n > MOST_IDS) return;
      if (!pairs.advanceExact(doc)) return;
      if (n == ids.length) ids = Arrays.copyOf(ids, n * 2);
      ids[n++] = pairs.longValue();
    }

    @Override public ScoreMode scoreMode() { return ScoreMode.COMPLETE_NO_SCORES; }
  }

  /** Closes the reader and the writer (the index's write lock goes with it). Uncommitted documents are dropped. */
  @Override
  public void close() {
    closed = true; // before the lock: a catch-up in progress stops after its chunk
    synchronized (this) {
      dropLucene();
    }
  }
}
