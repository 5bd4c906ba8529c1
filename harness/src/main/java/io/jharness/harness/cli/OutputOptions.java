package io.jharness.harness.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that runs an engine shares: seed and where results go. */
final class OutputOptions {

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed for prompts, arrivals and the mock engine. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Where to write results. Default: results/<timestamp>, linked from results/latest.")
    Path outputDir;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;
}
