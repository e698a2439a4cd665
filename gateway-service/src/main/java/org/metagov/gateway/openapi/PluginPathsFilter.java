package org.metagov.gateway.openapi;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.arc.Arc;
import io.quarkus.smallrye.openapi.OpenApiFilter;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;
import org.metagov.events.QualifiedName;
import org.metagov.events.PluginDescriptor.ActionDescriptor;
import org.metagov.events.PluginDescriptor.ProcessDescriptor;
import org.metagov.gateway.messaging.PluginCatalog;
import org.metagov.sdk.process.ProcessStatus;
import org.metagov.web.MetagovHeaders;

/**
 * Adds a documented path for every action and process of every plugin in the catalog, with the plugin's own schemas.
 * It runs on each request for the document, so the document follows the catalog as runners publish new versions.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_PER_REQUEST)
public class PluginPathsFilter implements OASFilter {

    private static final String JSON = "application/json";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        PluginCatalog catalog = Arc.container().instance(PluginCatalog.class).get();
        List<PluginDescriptor> plugins = catalog.all().stream()
                .sorted(Comparator.comparing(PluginDescriptor::name)).toList();
        if (openAPI.getPaths() == null) {
            openAPI.setPaths(OASFactory.createPaths());
        }
        Paths paths = openAPI.getPaths();
        for (PluginDescriptor plugin : plugins) {
            for (ActionDescriptor action : plugin.actions()) {
                String id = new QualifiedName(plugin.name(), action.slug()).toString();
                paths.addPathItem("/api/internal/action/" + id, OASFactory.createPathItem()
                        .POST(action(plugin, action, true)));
                if (action.isPublic()) {
                    paths.addPathItem("/api/action/" + id, OASFactory.createPathItem().POST(action(plugin, action, false)));
                }
            }
            for (ProcessDescriptor process : plugin.processes() == null ? List.<ProcessDescriptor>of() : plugin.processes()) {
                String base = base(plugin, process);
                paths.addPathItem(base, OASFactory.createPathItem().POST(startProcess(plugin, process)));
                PathItem record = OASFactory.createPathItem().GET(processRecord(plugin, process, "Polls the process"));
                if (process.canClose()) {
                    record.DELETE(processRecord(plugin, process, "Closes the process and returns its completed record"));
                }
                paths.addPathItem(base + "/{id}", record);
                if (process.canReopen()) {
                    paths.addPathItem(base + "/{id}/reopen", OASFactory.createPathItem()
                            .POST(reopenProcess(plugin, process)));
                }
            }
        }
    }

    private static Operation action(PluginDescriptor plugin, ActionDescriptor action, boolean internal) {
        // PolicyKit posts some actions with no body at all: an empty body means no parameters
        Schema body = object().addProperty("parameters", schema(action.inputSchema()));
        Operation op = OASFactory.createOperation()
                .operationId((internal ? "" : "public-") + new QualifiedName(plugin.name(), action.slug()))
                .addTag(plugin.name())
                .summary(action.description())
                .description(description(plugin))
                .requestBody(OASFactory.createRequestBody().required(false).content(json(body)))
                .responses(responses("200", "The action's result", schema(action.outputSchema()))
                        .addAPIResponse("400", error("Invalid parameters, missing header, or the plugin rejected the call"))
                        .addAPIResponse("404", error("Unknown community, plugin or action"))
                        .addAPIResponse("502", error("The plugin failed"))
                        .addAPIResponse("504", error("The plugin did not answer in time")));
        return op.addParameter(communityHeader(true)); // public actions need the header too (upstream)
    }

    private static Operation startProcess(PluginDescriptor plugin, ProcessDescriptor process) {
        Schema body = schema(process.inputSchema());
        body.addProperty("callback_url", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri")
                .description("Receives the process record when it completes or its outcome changes"));
        return OASFactory.createOperation()
                .operationId("start-" + new QualifiedName(plugin.name(), process.name()))
                .addTag(plugin.name())
                .summary(process.description())
                .description(description(plugin))
                .addParameter(communityHeader(true))
                .requestBody(OASFactory.createRequestBody().required(true).content(json(body)))
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("202", OASFactory.createAPIResponse().description("Started; poll the Location")
                                .addHeader("Location", OASFactory.createHeader().description(
                                        base(plugin, process) + "/{id}")
                                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING))))
                        .addAPIResponse("400", error("Invalid parameters or missing header"))
                        .addAPIResponse("404", error("Unknown community, plugin or process")));
    }

    private static Operation processRecord(PluginDescriptor plugin, ProcessDescriptor process, String summary) {
        Schema record = recordSchema(process);
        return processRecord(plugin, summary, record);
    }

    private static Schema recordSchema(ProcessDescriptor process) {
        return object()
                .addProperty("id", string()).addProperty("name", string()).addProperty("community", string())
                .addProperty("status", statuses())
                .addProperty("url", string().description("Where the process can be seen on its platform; null when "
                        + "it has none"))
                .addProperty("errors", object())
                .addProperty("outcome", schema(process.outcomeSchema()));
    }

    private static Operation processRecord(PluginDescriptor plugin, String summary, Schema record) {
        return OASFactory.createOperation()
                .addTag(plugin.name())
                .summary(summary)
                .description("As upstream, the id is enough: the community header may be left out (when given, it "
                        + "must be the process's community).")
                .addParameter(communityHeader(false))
                .addParameter(OASFactory.createParameter().name("id").in(Parameter.In.PATH).required(true)
                        .schema(string()))
                .responses(responses("200", "The process record", record)
                        .addAPIResponse("404", error("Unknown process, or a process of another community"))
                        .addAPIResponse("409", error("The plugin cannot close this process")));
    }

    private static Operation reopenProcess(PluginDescriptor plugin, ProcessDescriptor process) {
        Operation op = processRecord(plugin, process, "Re-opens the completed process (pending again)");
        Schema body = schema(process.inputSchema());
        return op.operationId("reopen-" + new QualifiedName(plugin.name(), process.name()))
                .description("Optional new parameters, each checked against the input schema (none required). "
                        + "Ballots, votes and other state stay; the callback fires again on later outcome changes "
                        + "and on completion.")
                .requestBody(OASFactory.createRequestBody().required(false).content(json(body)))
                .responses(responses("200", "The process record, pending again",
                        recordSchema(process))
                        .addAPIResponse("400", error("Invalid parameters (also when the plugin rejects them)"))
                        .addAPIResponse("404", error("Unknown process, or a process of another community"))
                        .addAPIResponse("409", error("not_reopenable, not_completed or instance_disabled"))
                        .addAPIResponse("502", error("The plugin failed"))
                        .addAPIResponse("504", error("The plugin did not answer in time")));
    }

    private static String base(PluginDescriptor plugin, ProcessDescriptor process) {
        return "/api/internal/process/" + new QualifiedName(plugin.name(), process.name());
    }

    private static Parameter communityHeader(boolean required) {
        return OASFactory.createParameter().name(MetagovHeaders.COMMUNITY).in(Parameter.In.HEADER).required(required)
                .description("Slug of the community the call is for").schema(string());
    }

    private static Schema statuses() {
        Schema status = string();
        for (ProcessStatus value : ProcessStatus.values()) {
            status.addEnumeration(value.value());
        }
        return status;
    }

    private static APIResponses responses(String status, String description, Schema body) {
        return OASFactory.createAPIResponses().addAPIResponse(status,
                OASFactory.createAPIResponse().description(description).content(json(body)));
    }

    private static org.eclipse.microprofile.openapi.models.responses.APIResponse error(String description) {
        return OASFactory.createAPIResponse().description(description).content(json(object()
                .addProperty("error", string()).addProperty("message", string())
                .addProperty("details", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(string()))));
    }

    private static String description(PluginDescriptor plugin) {
        return "Plugin **" + plugin.name() + "**" + (plugin.description() == null || plugin.description().isEmpty()
                ? "" : ": " + plugin.description());
    }

    private static Content json(Schema schema) {
        return OASFactory.createContent().addMediaType(JSON, OASFactory.createMediaType().schema(schema));
    }

    private static Schema object() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT);
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }

    /** The plugin's JSON Schema as it is: OpenAPI 3.1 schemas are JSON Schema. A missing schema allows any object. */
    @SuppressWarnings("unchecked")
    static Schema schema(JsonNode jsonSchema) {
        Schema schema = OASFactory.createSchema();
        if (jsonSchema == null || !jsonSchema.isObject() || jsonSchema.isEmpty()) {
            return schema.addType(Schema.SchemaType.OBJECT);
        }
        Map<String, Object> keywords = EventJson.MAPPER.convertValue(jsonSchema, Map.class);
        keywords.remove("$schema");
        keywords.remove("$id");
        schema.setAll(keywords);
        return schema;
    }
}
