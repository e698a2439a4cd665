package org.metagov.runner.plugins.opencollective;

/** The GraphQL documents Metagov's opencollective plugin sends, by the operation names of its {@code queries.py}. */
final class Queries {

    private Queries() {
    }

    static final String EXPENSE_FIELDS = """
            fragment expenseFields on Expense {
              id legacyId description longDescription amount createdAt currency type status
              account { id legacyId slug } payee { id legacyId slug }
              createdByAccount { id legacyId slug } requestedByAccount { id legacyId slug }
              activities { id type createdAt data individual { id slug } }
              items { id amount createdAt updatedAt incurredAt description url }
              tags
            }
            """;

    static final String CONVERSATION_FIELDS = """
            fragment conversationFields on Conversation {
              id slug title createdAt updatedAt tags summary body { id reactions } stats { commentsCount }
            }
            """;

    static final String COLLECTIVE = """
            query Collective($slug: String) {
              collective(id: null, slug: $slug, githubHandle: null, throwIfMissing: null) {
                id legacyId name childrenAccounts { nodes { legacyId type } }
              }
            }
            """;

    /** Not in upstream (it creates a webhook on every initialize): ours registers only when none exists. */
    static final String WEBHOOKS = """
            query Webhooks($slug: String!) {
              account(slug: $slug) {
                webhooks(account: {slug: $slug}, limit: 100) { nodes { id activityType webhookUrl } }
              }
            }
            """;

    static final String CREATE_WEBHOOK = """
            mutation CreateWebhook($webhook: WebhookCreateInput!) {
              createWebhook(webhook: $webhook) { id activityType webhookUrl }
            }
            """;

    static final String MEMBERS = """
            query Members($slug: String, $limit: Int, $offset: Int) {
              collective(slug: $slug) {
                members(limit: $limit, offset: $offset) {
                  totalCount
                  nodes {
                    id role createdAt updatedAt since totalDonations { value currency }
                    account { id slug name twitterHandle githubHandle isArchived isActive isHost isAdmin }
                  }
                }
              }
            }
            """;

    static final String CREATE_CONVERSATION = """
            mutation CreateConversation($title: String!, $html: String!, $CollectiveId: String!, $tags: [String]) {
              createConversation(title: $title, html: $html, CollectiveId: $CollectiveId, tags: $tags) {
                ...conversationFields
              }
            }
            """ + CONVERSATION_FIELDS;

    static final String CREATE_COMMENT = """
            mutation CreateComment($comment: CommentCreateInput!) {
              createComment(comment: $comment) { id createdAt html reactions }
            }
            """;

    static final String PROCESS_EXPENSE = """
            mutation ProcessExpense($reference: ExpenseReferenceInput!, $action: ExpenseProcessAction!) {
              processExpense(expense: $reference, action: $action, paymentParams: null) { ...expenseFields }
            }
            """ + EXPENSE_FIELDS;

    static final String EXPENSE = """
            query Expense($reference: ExpenseReferenceInput) {
              expense(id: null, expense: $reference, draftKey: "test") { ...expenseFields }
            }
            """ + EXPENSE_FIELDS;

    static final String CONVERSATION = """
            query Conversation($id: String!) {
              conversation(id: $id) { ...conversationFields }
            }
            """ + CONVERSATION_FIELDS;

    /** Sic: upstream's operation name. */
    static final String EDIT_CONVERSATION = """
            mutation EditConverstaion($id: String!, $title: String!, $tags: [String]) {
              editConversation(id: $id, title: $title, tags: $tags) { id title }
            }
            """;
}
