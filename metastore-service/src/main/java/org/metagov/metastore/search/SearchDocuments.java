package org.metagov.metastore.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.BytesRef;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.Revision;

/** What a dataset's search document holds, and the query a search becomes. */
final class SearchDocuments {

    static final String ID = "id";
    static final String ID_SORT = "id_sort";
    static final String OWNER = "owner";
    static final String KEYWORD = "keyword";
    static final String SUMMARY = "summary";
    /** Searched fields and their weights for a whole-word match; a word's prefix counts half. */
    private static final String[] FIELDS = { "name", "title", "keywords", "description" };
    private static final float[] WEIGHTS = { 8, 6, 4, 2 };
    private static final Analyzer ANALYZER = new StandardAnalyzer();

    private SearchDocuments() {
    }

    static Document of(DatasetId id, JsonNode datapackage, Revision revision, ObjectMapper mapper) {
        Document doc = new Document();
        doc.add(new StringField(ID, id.toString(), Field.Store.YES));
        doc.add(new SortedDocValuesField(ID_SORT, new BytesRef(id.toString())));
        doc.add(new StringField(OWNER, id.owner(), Field.Store.NO));
        doc.add(new TextField("name", id.name() + " " + text(datapackage, "name"), Field.Store.NO));
        doc.add(new TextField("title", text(datapackage, "title"), Field.Store.NO));
        doc.add(new TextField("description", text(datapackage, "description"), Field.Store.NO));
        List<String> keywords = keywords(datapackage);
        for (String keyword : keywords) {
            doc.add(new TextField("keywords", keyword, Field.Store.NO));
            doc.add(new StringField(KEYWORD, keyword.toLowerCase(Locale.ROOT), Field.Store.NO));
        }
        ObjectNode summary = mapper.createObjectNode().put("id", id.toString()).put("owner", id.owner())
                .put("name", id.name());
        JsonNode title = datapackage.get("title");
        summary.put("title", title != null && title.isTextual() ? title.asText() : null);
        summary.set("keywords", mapper.valueToTree(keywords));
        summary.set("revision", mapper.valueToTree(revision));
        try {
            doc.add(new StoredField(SUMMARY, mapper.writeValueAsString(summary)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return doc;
    }

    /**
     * Every word of {@code q} must match a field (whole word or prefix); the score adds, per word, the weight of the
     * best field it matched, so a name match ranks above a title match above a keyword or description match.
     */
    static Query query(String q, String owner, String keyword) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        List<String> words = words(q);
        for (String word : words) {
            List<Query> fields = new ArrayList<>();
            for (int i = 0; i < FIELDS.length; i++) {
                fields.add(new BoostQuery(new ConstantScoreQuery(new TermQuery(new Term(FIELDS[i], word))),
                        WEIGHTS[i]));
                fields.add(new BoostQuery(new ConstantScoreQuery(new PrefixQuery(new Term(FIELDS[i], word))),
                        WEIGHTS[i] / 2));
            }
            query.add(new DisjunctionMaxQuery(fields, 0), BooleanClause.Occur.MUST);
        }
        if (words.isEmpty()) {
            query.add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
        }
        if (owner != null) {
            query.add(new TermQuery(new Term(OWNER, owner)), BooleanClause.Occur.FILTER);
        }
        if (keyword != null) {
            query.add(new TermQuery(new Term(KEYWORD, keyword.trim().toLowerCase(Locale.ROOT))),
                    BooleanClause.Occur.FILTER);
        }
        return query.build();
    }

    /** The words of a text as the index holds them (lower case, split on what is not a letter or digit). */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        try (TokenStream tokens = ANALYZER.tokenStream("q", text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && words.size() < 32) {
                words.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : "";
    }

    private static List<String> keywords(JsonNode datapackage) {
        List<String> keywords = new ArrayList<>();
        for (JsonNode keyword : datapackage.path("keywords")) {
            if (keyword.isTextual()) {
                keywords.add(keyword.asText());
            }
        }
        return keywords;
    }
}
