package org.metagov.metastore.storage;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where datasets live. Every dataset is its own git history: one commit per revision, with
 * {@code datapackage.json} (plus LFS pointer files) at the root, and annotated tags.
 *
 * <p>Contract shared by all backends (the HTTP tests run against each):
 * <ul>
 * <li>Writes are all-or-nothing: on any exception the dataset is as it was.</li>
 * <li>{@link #commit} is a compare-and-swap on {@code parent}; it throws {@link StaleRevisionException}
 * when the branch has moved, so exactly one of many writers based on the same revision wins.</li>
 * <li>A hidden (soft-deleted) dataset behaves as missing for everything except {@link #create}
 * (409, the id stays taken) and {@link #purge}.</li>
 * <li>Refs are a revision id (40 hex characters), a branch or a tag name (a branch and a tag never share a name);
 * {@code null} means the head of {@link #MAIN}.</li>
 * <li>Every write that adds or moves to a revision calls its {@link BeforePublish} after writing objects and
 * before moving the ref.</li>
 * </ul>
 * Arguments are already validated by the service (names, tag names, file paths).
 */
public interface StorageBackend {

    /** The default branch: what reads and writes use when no branch is named. */
    String MAIN = "main";

    /** Creates the dataset with its first revision; 409 if the id is taken (even by a hidden dataset). */
    Revision create(DatasetId id, DatasetFiles files, Author author, String message, BeforePublish hook);

    default Revision create(DatasetId id, DatasetFiles files, Author author, String message) {
        return create(id, files, author, message, BeforePublish.NOTHING);
    }

    /** The dataset at {@code ref} (head of main when null); 404 for a missing dataset, revision, branch or tag. */
    Snapshot read(DatasetId id, String ref);

    /** The revision id {@code ref} names (head of main when null); 404 as {@link #read}. */
    String resolve(DatasetId id, String ref);

    /**
     * Adds a revision with these parents on {@code branch}; the first parent must still be the branch's head
     * (a compare-and-swap). Two parents make a merge.
     */
    Revision commit(DatasetId id, String branch, DatasetFiles files, Author author, String message,
            List<String> parents, BeforePublish hook);

    /** Adds a revision on top of {@code parent}, which must still be the head of main. */
    default Revision commit(DatasetId id, DatasetFiles files, Author author, String message, String parent) {
        return commit(id, MAIN, files, author, message, List.of(parent), BeforePublish.NOTHING);
    }

    /**
     * Moves {@code branch} from {@code expected} to {@code target}, a descendant of it (a fast-forward merge);
     * {@link StaleRevisionException} when the branch has moved elsewhere. Answers the target revision.
     */
    Revision fastForward(DatasetId id, String branch, String expected, String target, BeforePublish hook);

    /** The head of a branch; 404 {@code branch_not_found}. */
    String head(DatasetId id, String branch);

    /** All branches, sorted by name ({@code main} included). */
    List<Branch> branches(DatasetId id);

    /** Creates a branch at {@code revision}; 409 if the name is taken. */
    Branch createBranch(DatasetId id, String name, String revision);

    /** Deletes a branch other than main; 404 if it is missing. */
    void deleteBranch(DatasetId id, String name);

    /** The best common ancestor of two revisions, or null if their histories are unrelated. */
    String mergeBase(DatasetId id, String a, String b);

    /** True when {@code revision} is the head of {@code branch} or one of its ancestors (false if either is gone). */
    boolean contains(DatasetId id, String branch, String revision);

    /** Soft delete: the dataset disappears from reads and listings but its history is kept. */
    void hide(DatasetId id);

    /** Removes the dataset and its whole history, hidden or not. */
    void purge(DatasetId id);

    /**
     * Up to {@code limit} revisions, newest first, starting at revision {@code start} (latest when null).
     * Cost must depend on {@code limit}, not on the length of the history.
     */
    RevisionPage revisions(DatasetId id, String start, int limit);

    /**
     * Ids of the visible datasets (optionally of one owner) that sort after {@code after} (all when null), in
     * owner-then-name order. Lazy where the backend can be: a page of a listing should cost about its size,
     * not the number of datasets. Close the stream.
     */
    Stream<DatasetId> datasets(String owner, DatasetId after);

    /** Owner, then name: the order of {@link #datasets} and of the listing's cursors. */
    Comparator<DatasetId> ORDER = Comparator.comparing(DatasetId::owner).thenComparing(DatasetId::name);

    /** Tags {@code revision} (latest when null); 409 if the name is taken. */
    Tag createTag(DatasetId id, String name, String revision, String description, Author tagger);

    /** All tags, sorted by name. */
    List<Tag> tags(DatasetId id);

    Tag tag(DatasetId id, String name);

    /**
     * Renames and/or re-describes a tag in one step: afterwards either the old tag or the new one
     * exists, never both or neither. Tagger and date are kept: they record who created the tag.
     */
    Tag updateTag(DatasetId id, String name, String newName, String newDescription);

    void deleteTag(DatasetId id, String name);
}
