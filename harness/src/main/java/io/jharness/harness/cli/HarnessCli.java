package io.jharness.harness.cli;

import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineException;
import io.jharness.harness.config.UsageException;
import io.jharness.harness.results.RunEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code harness} command. The only class that exits the JVM; everything else returns.
 *
 * <p>Errors: a user error is one line on stderr and exit code 2; a run-time failure is one line
 * and exit code 1. Stack traces appear only with {@code HARNESS_DEBUG=1}.
 */
@Command(name = "harness", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, versionProvider = HarnessCli.Version.class,
        description = {
            "In-process benchmark harness for inference engines: tokens/s, time to first token and inter-token latency, measured directly against the engine.",
            "Without a usable GPU engine, --engine auto runs the mock engine (simulated latencies)."
        },
        subcommands = {
            ThroughputCommand.class,
            LatencyCommand.class,
            ServeCommand.class,
            RunCommand.class,
            PlotCommand.class,
            CheckCommand.class,
            CompareCommand.class,
            ReportCommand.class,
            EnginesCommand.class,
            TimerCostCommand.class,
            CommandLine.HelpCommand.class
        })
public final class HarnessCli implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Files added to the results of the run this command line executes ({@code harness run}'s scenario.yaml). */
    final ResultAttachments attachments = new ResultAttachments();

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "a command is required: throughput, latency, serve, run, plot, check, compare, report, engines or timer-cost");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI and returns its exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        try {
            return commandLine(out, err).execute(args);
        } catch (OutOfMemoryError e) {
            err.println("error: the Java heap is too small for this run (raise it with HARNESS_JAVA_OPTS=-Xmx16g)");
            err.flush();
            return ExitCodes.FAILED;
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new HarnessCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(new OneLineParameterErrors());
        cl.setExecutionExceptionHandler(new OneLineExecutionErrors());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // harness run FILE [OPTIONS...]: everything after the file is the workload's, not run's.
        cl.getSubcommands().get("run").setStopAtPositional(true);
        return cl;
    }

    private static boolean debug() {
        return "1".equals(System.getenv("HARNESS_DEBUG"));
    }

    /** Bad options: one line that names the value and what is allowed, then exit 2. */
    static final class OneLineParameterErrors implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("error: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            if (debug()) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.USAGE;
        }
    }

    /** Failures while running: user errors exit 2, run-time failures exit 1; one line each. */
    static final class OneLineExecutionErrors implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
            PrintWriter err = cmd.getErr();
            int code;
            if (ex instanceof UsageException || ex instanceof EngineConfigException) {
                err.println("error: " + ex.getMessage());
                code = ExitCodes.USAGE;
            } else if (ex instanceof EngineException) {
                err.println("error: the engine failed: " + ex.getMessage());
                code = ExitCodes.FAILED;
            } else if (ex instanceof IOException || ex instanceof java.io.UncheckedIOException) {
                err.println("error: " + ex.getMessage());
                code = ExitCodes.FAILED;
            } else {
                err.println("error: unexpected " + ex.getClass().getSimpleName()
                        + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
                        + " (HARNESS_DEBUG=1 shows the stack trace)");
                code = ExitCodes.FAILED;
            }
            if (debug()) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        }
    }

    /** {@code --version}: the harness version, commit and Java runtime. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            var build = RunEnvironment.harnessBuild();
            return new String[] {
                "jharness " + build.version() + (build.gitCommit() == null ? "" : " (" + build.gitCommit() + ")"),
                "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
