package org.metagov.bench.inproc;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH microbenchmark of {@code tutorial.times-two} in-process (see {@link TutorialAction}): per call, sampled
 * (SampleTime: percentiles of individual calls), in microseconds. Run by the {@code inproc} command (bench/actions),
 * or alone: {@code java -cp 'bench/target/bench.jar:bench/target/lib/*' org.openjdk.jmh.Main ActionInProcess
 * -p runnerApp=plugin-runner-service/target/quarkus-app}. A forked JVM inherits the launching JVM's options.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ActionInProcessBenchmark {
    /** The runner's quarkus-app folder, relative to the working directory or absolute. */
    @Param("plugin-runner-service/target/quarkus-app")
    public String runnerApp;

    private TutorialAction action;
    private long i;

    @Setup(Level.Trial)
    public void load() throws Exception {
        action = TutorialAction.load(Path.of(runnerApp));
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        action.close();
    }

    @Benchmark
    public Object methodCall() throws Exception {
        return action.methodCall();
    }

    @Benchmark
    public Object requestReplyJson() throws Exception {
        return action.withJson(i++);
    }

    @Benchmark
    public Object requestReplyJsonOnPluginThread() throws Exception {
        return action.onPluginThread(i++);
    }
}
