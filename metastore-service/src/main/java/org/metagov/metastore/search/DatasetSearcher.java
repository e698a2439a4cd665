package org.metagov.metastore.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;
import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.storage.DatasetId;

/**
 * Ranked search over the {@link DatasetIndex}: best match first, then by id; pages continue after the last hit's
 * (score, id), so a page costs the same however deep it is and however many datasets there are.
 */
@ApplicationScoped
public class DatasetSearcher {

    /** Hits a page looks at, at most, however few of them the caller may read. */
    static final int MAX_SCAN = 10_000;
    public static final Pattern POSITION = Pattern.compile("([0-9]{1,10}):(.{3,201})");
    private static final Sort ORDER = new Sort(SortField.FIELD_SCORE, new SortField(SearchDocuments.ID_SORT,
            SortField.Type.STRING));

    private final DatasetIndex index;
    private final ObjectMapper mapper;

    public DatasetSearcher(DatasetIndex index, ObjectMapper mapper) {
        this.index = index;
        this.mapper = mapper;
    }

    /** Summaries (as stored JSON) and the position to continue after, or null at the end. */
    public record Page(List<JsonNode> summaries, String next) {
    }

    /** @param after a position from a previous page ({@link #POSITION}), or null */
    public Page search(String q, String owner, String keyword, String after, int limit, Predicate<DatasetId> readable) {
        try {
            IndexSearcher searcher = index.acquire();
            try {
                return search(searcher, q, owner, keyword, after, limit, readable);
            } finally {
                index.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Page search(IndexSearcher searcher, String q, String owner, String keyword, String after, int limit,
            Predicate<DatasetId> readable) throws IOException {
        FieldDoc from = after == null ? null : position(after, searcher.getIndexReader().maxDoc());
        List<JsonNode> page = new ArrayList<>(limit);
        int scanned = 0;
        FieldDoc last = from;
        while (scanned < MAX_SCAN) {
            TopDocs top = searcher.searchAfter(last, SearchDocuments.query(q, owner, keyword), limit + 1, ORDER, true);
            if (top.scoreDocs.length == 0) {
                return new Page(page, null);
            }
            for (ScoreDoc hit : top.scoreDocs) {
                FieldDoc fieldDoc = (FieldDoc) hit;
                String id = ((BytesRef) fieldDoc.fields[1]).utf8ToString();
                scanned++;
                if (readable.test(datasetId(id))) {
                    if (page.size() == limit) {
                        return new Page(page, encode(last));
                    }
                    page.add(mapper.readTree(searcher.storedFields().document(hit.doc).get(SearchDocuments.SUMMARY)));
                }
                last = fieldDoc;
            }
        }
        return new Page(page, encode(last));
    }

    private static String encode(FieldDoc doc) {
        float score = (Float) doc.fields[0];
        return Integer.toUnsignedString(Float.floatToIntBits(score)) + ":"
                + ((BytesRef) doc.fields[1]).utf8ToString();
    }

    /** The hit to continue after; its doc id (the last one) makes a hit with equal score and id count as seen. */
    private static FieldDoc position(String after, int maxDoc) {
        Matcher m = POSITION.matcher(after);
        long bits = m.matches() ? Long.parseLong(m.group(1)) : -1;
        if (bits < 0 || bits > 0xFFFF_FFFFL) {
            throw new MetastoreException(400, "invalid_cursor", "The cursor is malformed; pass back the 'next' value "
                    + "of a previous page unchanged");
        }
        float score = Float.intBitsToFloat((int) bits);
        return new FieldDoc(Math.max(0, maxDoc - 1), score, new Object[] { score, new BytesRef(m.group(2)) });
    }

    private static DatasetId datasetId(String id) {
        int slash = id.indexOf('/');
        return new DatasetId(id.substring(0, slash), id.substring(slash + 1));
    }
}
