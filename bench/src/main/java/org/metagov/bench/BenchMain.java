package org.metagov.bench;

import java.util.Arrays;

import org.metagov.bench.actions.ActionsCommand;
import org.metagov.bench.cli.Options;
import org.metagov.bench.fault.FaultCheckCommand;
import org.metagov.bench.fault.FaultSendCommand;
import org.metagov.bench.hooks.HooksCommand;
import org.metagov.bench.inproc.InProcCommand;
import org.metagov.bench.process.ProcessCommand;
import org.metagov.bench.receiver.DriverReceiver;

/**
 * The benchmarks' load generator, driver receiver and checkers, one command each:
 *
 * <pre>
 *   java -cp 'bench/target/bench.jar:bench/target/lib/*' org.metagov.bench.BenchMain &lt;command&gt; [--option value ...]
 *
 *   actions      fixed-rate (open-loop) POST /api/internal/action/tutorial.times-two at each --rates step
 *   inproc       the same action in-process (JMH, and at a fixed rate): the runner's TutorialPlugin from its jars
 *   receiver     a driver's event receiver (DRIVER_EVENT_RECEIVER_URL): records every attempt; in --mode fault it
 *                answers 500 to --fail-percent of first attempts per webhook-id
 *   hooks        hook ingest vs a no-op endpoint (closed loop), webhook-to-driver latency at a fixed rate
 *   fault-send   10,000 ordered hooks across 20 communities, each community's hooks one after the other
 *   fault-check  waits for every event at the receiver and checks ids, order, duplicates; exit 1 on failure
 *   process      callback latency and idle cost of governance processes (name=value options, bench/process)
 *   jfr-summary  where each service's Java CPU goes, by component, from the JFR files of a run with JFR_DIR set
 *   jmh          JMH's own command line (org.openjdk.jmh.Main) over this jar's benchmarks
 * </pre>
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: BenchMain <actions|inproc|receiver|hooks|fault-send|fault-check|process|jfr-summary|jmh> "
                    + "[--opt value ...]");
            System.exit(2);
        }
        if (argv[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(argv, 1, argv.length));
            return;
        }
        Options options = new Options(argv, 1);
        int rc = switch (argv[0]) {
            case "actions" -> ActionsCommand.run(options);
            case "inproc" -> InProcCommand.run(options);
            case "receiver" -> DriverReceiver.run(options);
            case "hooks" -> HooksCommand.run(options);
            case "fault-send" -> FaultSendCommand.run(options);
            case "fault-check" -> FaultCheckCommand.run(options);
            case "process" -> ProcessCommand.run(options);
            case "jfr-summary" -> org.metagov.bench.profile.JfrSummary.run(options);
            default -> {
                System.err.println("unknown command " + argv[0]);
                yield 2;
            }
        };
        System.out.flush();
        System.exit(rc);
    }
}
