package org.metagov.sdk.process;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginState;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookResponse;

/**
 * The base class of a governance process (seed 001's {@code GovernanceProcess} model). A new object is made for
 * every call and bound to the stored process; set status, outcome and {@link #state()} and return: the runner saves
 * them (there is no {@code save()} to forget) and tells process-service, which tells the driver.
 *
 * <pre>{@code
 * @GovernanceProcess(name = "my-gov-process")
 * public class MyGovProcess extends ProcessBase<TutorialPlugin> {
 *     public void start(JsonNode parameters) { setStatus(ProcessStatus.PENDING); }
 *     public void close() { complete("custom outcome data"); }
 * }
 * }</pre>
 *
 * @param <P> the plugin class: the process belongs to this plugin, reached through {@link #plugin()}
 */
public abstract class ProcessBase<P extends PluginBase> {

    private ProcessContext context;

    /** Called by the runner once, before any other method. */
    public final void bind(ProcessContext context) {
        if (this.context != null) {
            throw new IllegalStateException("process already bound");
        }
        this.context = context;
    }

    /**
     * Kicks off the process and returns at once (REQUIRED). Set the status to {@code PENDING}, or leave it
     * {@code COMPLETED} with {@link #fail} when it could not start. Throwing fails the start too.
     */
    public abstract void start(JsonNode parameters);

    /** Called on a schedule while pending (OPTIONAL, "pull"): update status and outcome if they changed. */
    public void update() {
        throw new UnsupportedOperationException("update");
    }

    /** Closes the process on the driver's {@code DELETE} (OPTIONAL): save the outcome and complete. */
    public void close() {
        throw new UnsupportedOperationException("close");
    }

    /**
     * Re-opens a completed process on the driver's {@code POST .../reopen} (OPTIONAL; the type must also declare
     * {@code @GovernanceProcess(reopenable = true)}). The runner has set the status back to {@code PENDING} (and
     * cleared the errors) before this runs; {@code parameters} holds the driver's new parameters, checked against
     * the input schema, or is empty. The state is kept. Throwing leaves the process completed as it was.
     */
    public void reopen(JsonNode parameters) {
        throw new UnsupportedOperationException("reopen");
    }

    /**
     * Receives each webhook of the plugin's community while pending (OPTIONAL, "push"): the request as the platform
     * sent it, as the plugin's own {@code @WebhookReceiver} gets it.
     */
    public void receiveWebhook(WebhookRequest webhook) {
        throw new UnsupportedOperationException("receiveWebhook");
    }

    /**
     * For hooks of an answering receiver ({@code @WebhookReceiver(answers = true)}): like {@link #receiveWebhook}, and
     * the answer the platform waits for (a Discord button click answered by its vote with UPDATE_MESSAGE), or null
     * when this process has nothing to say about the hook. The default calls {@link #receiveWebhook} and answers
     * nothing.
     */
    public WebhookResponse answerWebhook(WebhookRequest webhook) {
        receiveWebhook(webhook);
        return null;
    }

    public final String id() {
        return context.id();
    }

    protected final String community() {
        return context.community();
    }

    /** The plugin instance this process belongs to (seed 001's {@code self.plugin_inst}). */
    @SuppressWarnings("unchecked")
    protected final P plugin() {
        return (P) context.plugin();
    }

    /** Persistent values of this process (kept until the process record is deleted). */
    protected final PluginState state() {
        return context.state();
    }

    public final ProcessStatus status() {
        return context.status();
    }

    /** Completed is final: a completed process cannot be re-opened (seed 001). */
    protected final void setStatus(ProcessStatus status) {
        if (context.status() == ProcessStatus.COMPLETED && status != ProcessStatus.COMPLETED) {
            throw new IllegalStateException("A completed process cannot be re-opened");
        }
        context.status(status);
    }

    public final JsonNode outcome() {
        return context.outcome();
    }

    /** Any value Jackson can write; drivers see it as {@code outcome}. */
    protected final void setOutcome(Object outcome) {
        context.outcome(outcome == null ? NullNode.getInstance() : Json.of(outcome));
    }

    protected final void setErrors(Object errors) {
        context.errors(errors == null ? Json.object() : Json.of(errors));
    }

    /** The record's {@code url}: where people take part on the platform (a poll's page, the vote message). */
    protected final void setUrl(String url) {
        if (url != null && !url.startsWith("https://") && !url.startsWith("http://")) {
            throw new IllegalArgumentException("A process url must be an absolute http(s) URL");
        }
        context.url(url);
    }

    /** Sets the outcome and completes. */
    protected final void complete(Object outcome) {
        setOutcome(outcome);
        setStatus(ProcessStatus.COMPLETED);
    }

    /** Completes with {@code errors: {"message": ...}}, for a process that cannot go on. */
    protected final void fail(String message) {
        context.errors(Json.object().put("message", message));
        setStatus(ProcessStatus.COMPLETED);
    }

    /** Asks to be updated at {@code at} (for example a closing time) rather than only at the regular interval. */
    protected final void updateAt(Instant at) {
        context.nextUpdateAt(at);
    }
}
