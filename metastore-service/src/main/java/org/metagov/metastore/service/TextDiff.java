package org.metagov.metastore.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/** A unified diff (three lines of context) of two texts, with git's histogram algorithm. */
final class TextDiff {

    private TextDiff() {
    }

    static String unified(String before, String after, String fromRevision, String toRevision) {
        RawText a = new RawText(before.getBytes(StandardCharsets.UTF_8));
        RawText b = new RawText(after.getBytes(StandardCharsets.UTF_8));
        EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                .diff(RawTextComparator.DEFAULT, a, b);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String header = "--- a/datapackage.json\t" + fromRevision + "\n+++ b/datapackage.json\t" + toRevision + "\n";
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        try (DiffFormatter formatter = new DiffFormatter(out)) {
            formatter.format(edits, a, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return edits.isEmpty() ? "" : out.toString(StandardCharsets.UTF_8);
    }
}
