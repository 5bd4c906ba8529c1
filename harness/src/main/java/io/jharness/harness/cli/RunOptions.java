package io.jharness.harness.cli;

import io.jharness.harness.config.WarmupSpec;
import io.jharness.harness.workload.LengthDistribution;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The static-batch workload's shape: prompt lengths and warm-up (throughput, latency, timer-cost). */
final class RunOptions {

    @Option(names = "--prompt-len", paramLabel = "LEN", defaultValue = "128", converter = LengthConverter.class,
            description = "Prompt length in tokens: N, uniform:MIN,MAX, normal:MEAN,STD or exponential:MEAN. "
                    + "Default: ${DEFAULT-VALUE}.")
    LengthDistribution promptLen;

    @Option(names = "--warmup", paramLabel = "STEPS|TIME", defaultValue = "20", converter = WarmupConverter.class,
            description = "Warm-up before measuring, per point: engine steps (20) or a time (2s). Default: ${DEFAULT-VALUE}.")
    WarmupSpec warmup;

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
