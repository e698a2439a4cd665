package org.metagov.bench.inproc;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The runner's {@code tutorial.times-two} without the stack: TutorialPlugin and Jackson loaded from
 * plugin-runner-service/target/quarkus-app (app + lib/main jars, isolated from the bench's own classpath) and
 * called three ways, each adding what the runner does around the action.
 */
public final class TutorialAction implements AutoCloseable {
    private final URLClassLoader loader;
    private final Object plugin;
    private final Method action;
    private final Object mapper;
    private final Method readTree;
    private final Method get;
    private final Method write;
    private final Method valueToTree;
    private final Object parameters;
    private final ExecutorService pluginThreads = Executors.newFixedThreadPool(64, r -> {
        Thread t = new Thread(r, "plugin-action");
        t.setDaemon(true);
        return t;
    });

    private TutorialAction(URLClassLoader loader) throws Exception {
        this.loader = loader;
        Class<?> pluginClass = loader.loadClass("org.metagov.runner.plugins.tutorial.TutorialPlugin");
        Class<?> jsonNode = loader.loadClass("com.fasterxml.jackson.databind.JsonNode");
        plugin = pluginClass.getDeclaredConstructor().newInstance();
        action = pluginClass.getMethod("timesTwo", jsonNode);
        mapper = loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper").getDeclaredConstructor()
                .newInstance();
        readTree = mapper.getClass().getMethod("readTree", String.class);
        get = jsonNode.getMethod("get", String.class);
        write = mapper.getClass().getMethod("writeValueAsString", Object.class);
        valueToTree = mapper.getClass().getMethod("valueToTree", Object.class);
        parameters = get.invoke(readTree.invoke(mapper, "{\"parameters\": {\"value\": 5}}"), "parameters");
        String check = (String) write.invoke(mapper, action.invoke(plugin, parameters));
        if (!check.equals("{\"result\":10}")) {
            throw new IllegalStateException("in-process times-two answered " + check);
        }
    }

    /** Loads the plugin from a quarkus-app folder and checks that times-two of 5 is 10. */
    public static TutorialAction load(Path app) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String dir : List.of("app", "lib/main")) {
            File[] jars = app.resolve(dir).toFile().listFiles((d, name) -> name.endsWith(".jar"));
            if (jars == null) {
                throw new IllegalStateException(app.resolve(dir) + " is missing: build the runner first");
            }
            Arrays.sort(jars);
            for (File jar : jars) {
                urls.add(jar.toURI().toURL());
            }
        }
        return new TutorialAction(new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader()));
    }

    /** 1. The method as the runner calls it (reflection), on a parsed JsonNode. */
    public Object methodCall() throws Exception {
        return action.invoke(plugin, parameters);
    }

    /** 2. What the runner does around it, minus Kafka: request JSON in, method, reply JSON out. */
    public Object withJson(long i) throws Exception {
        Object request = readTree.invoke(mapper, "{\"id\": \"x\", \"community\": \"c\", \"plugin\": "
                + "\"tutorial\", \"action\": \"times-two\", \"parameters\": {\"value\": " + (i % 1000) + "}}");
        Object result = action.invoke(plugin, get.invoke(request, "parameters"));
        return write.invoke(mapper, valueToTree.invoke(mapper, result));
    }

    /** 3. As 2, handed to a plugin thread and waited for, as ActionRunner does. */
    public Object onPluginThread(long i) throws Exception {
        return pluginThreads.submit(() -> withJson(i)).get();
    }

    @Override
    public void close() throws Exception {
        pluginThreads.shutdownNow();
        loader.close();
    }
}
