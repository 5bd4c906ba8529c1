package io.jharness.harness.cli;

import io.jharness.harness.config.WarmupSpec;
import io.jharness.harness.workload.LengthDistribution;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Options every benchmark command shares: workload shape, seed, warm-up, output. */
final class RunOptions {

    @Option(names = "--prompt-len", paramLabel = "LEN", defaultValue = "128", converter = LengthConverter.class,
            description = "Prompt length in tokens: N, uniform:MIN,MAX, normal:MEAN,STD or exponential:MEAN. "
                    + "Default: ${DEFAULT-VALUE}.")
    LengthDistribution promptLen;

    @Option(names = "--warmup", paramLabel = "STEPS|TIME", defaultValue = "20", converter = WarmupConverter.class,
            description = "Warm-up before measuring, per point: engine steps (20) or a time (2s). Default: ${DEFAULT-VALUE}.")
    WarmupSpec warmup;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed for prompts and the mock engine. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Where to write results. Default: results/<timestamp>, linked from results/latest.")
    Path outputDir;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    static final class LengthConverter implements ITypeConverter<LengthDistribution> {
        @Override
        public LengthDistribution convert(String value) {
            try {
                return LengthDistribution.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class WarmupConverter implements ITypeConverter<WarmupSpec> {
        @Override
        public WarmupSpec convert(String value) {
            try {
                return WarmupSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
