package io.jharness.harness.cli;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/** The command line as typed, for run metadata: {@code harness throughput --batch-sizes 1 8}. */
final class CommandLines {

    private CommandLines() {}

    static String of(CommandSpec spec) {
        List<String> args = spec.root().commandLine().getParseResult().originalArgs();
        return spec.root().name() + (args.isEmpty() ? "" : " " + args.stream()
                .map(CommandLines::quote)
                .collect(Collectors.joining(" ")));
    }

    /** Quotes an argument the way a POSIX shell would need it. */
    static String quote(String arg) {
        if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_./:=,@%+-]+")) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
