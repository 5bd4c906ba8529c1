package io.jharness.harness.cli;

import picocli.CommandLine.Option;

/** {@code --repeats N}: measure every point N times, for the noise {@code harness compare} weighs changes against. */
final class RepeatOptions {

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "1", converter = PositiveIntConverter.class,
            description = "Measure each point N times, each on a fresh engine session, and report the spread "
                    + "(n, min, median, max, coefficient of variation, every value). The headline figures become the "
                    + "medians of the repeats. 3 or more let 'harness compare' tell a change from noise. Default: ${DEFAULT-VALUE}.")
    int repeats;
}
