package io.jharness.harness.cli;

import io.jharness.engine.timing.Durations;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How a run survives its points: a deadline per point, and resuming a run that did not finish. */
final class SweepOptions {

    @Option(names = "--point-timeout", paramLabel = "DURATION", converter = TimeoutConverter.class,
            description = "Longest one point (a batch size, a rate; the whole latency run) may run, e.g. 30s or 2m. "
                    + "A point that runs longer is recorded as failed and the sweep goes on. Default: no limit.")
    Long pointTimeoutNanos;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Finish the run in DIR: keep its ok points, run the failed, skipped and missing ones, and "
                    + "write the merged results there. Give the options it ran with.")
    Path resume;

    long timeoutNanos() {
        return pointTimeoutNanos == null ? 0 : pointTimeoutNanos;
    }

    static final class TimeoutConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long nanos;
            try {
                nanos = Durations.parseNanos(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            if (nanos <= 0) {
                throw new TypeConversionException("'" + value + "' is not allowed; give a duration above zero, e.g. 30s or 2m");
            }
            return nanos;
        }
    }
}
