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
            description = "Warm-up before measuring, per point: engine steps (20), a time (2s) or both (200,5s: the first "
                    + "reached ends it). Default: ${DEFAULT-VALUE}.")
    WarmupSpec warmup;

    @Option(names = "--jit-warmup", paramLabel = "STEPS|TIME", defaultValue = "5000,30s", converter = WarmupConverter.class,
            description = "Warm-up for the JVM, once per run, on a session of its own at the first point's batch size: "
                    + "engine steps, a time, or both (the first reached ends it; at most half of --point-timeout). The "
                    + "JVM fully compiles the per-step code of the harness and the engine binding only after thousands "
                    + "of calls; until then the first point runs slower. 0 turns it off. Default: ${DEFAULT-VALUE}.")
    WarmupSpec jitWarmup;

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
