package org.metagov.metastore.storage;

import java.util.List;

/** Newest-first slice of a dataset's history; {@code nextStart} is the commit the next page starts at, or null. */
public record RevisionPage(List<Revision> revisions, String nextStart) {
}
