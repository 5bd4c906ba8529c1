package io.jharness.harness.cli;

import io.jharness.engine.EngineProvider;
import io.jharness.engine.EngineRegistry;
import io.jharness.harness.format.TextTable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code harness engines}: the engines on the class path and whether each can run here. */
@Command(name = "engines", header = "Lists the engines and what --engine auto picks here.", mixinStandardHelpOptions = true,
        description = "Lists the engines, whether each can run on this machine, and what --engine auto picks.")
final class EnginesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--probe", description = "Also measure each CUDA device's memory bandwidth: a 1 GiB device-to-device "
            + "copy, best of 10, timed with CUDA events (the roofline's copy ceiling), beside its datasheet peak.")
    boolean probe;

    @Override
    public Integer call() {
        EngineRegistry registry = EngineRegistry.load();
        TextTable table = new TextTable("engine", "gpu", "available", "description").leftAlign(2).leftAlign(3);
        for (EngineProvider p : registry.providers()) {
            EngineProvider.Availability a = p.availability();
            table.row(p.name(), p.usesGpu() ? "yes" : "no", (a.available() ? "yes: " : "no: ") + a.reason(),
                    p.description());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(table.render());
        out.println("--engine auto picks: " + registry.select(EngineRegistry.AUTO, false).provider().name()
                + " (with --model: " + registry.select(EngineRegistry.AUTO, true).provider().name() + ")");
        if (probe) {
            probe(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** One line per CUDA device with its copy ceiling and datasheet peak, or one line saying why none. */
    private void probe(PrintWriter out) {
        String why = io.jharness.engine.cuda.CudaDriver.unavailableReason();
        if (why != null) {
            out.println("bandwidth: no CUDA device (" + why + ")");
            return;
        }
        PrintWriter err = spec.commandLine().getErr();
        for (int d = 0; d < io.jharness.engine.cuda.CudaDriver.deviceCount(); d++) {
            io.jharness.harness.results.RooflineCeiling c = RooflineStep.measure(d, err);
            if (c != null) {
                out.println("bandwidth: cuda:" + d + " " + c.gpuName() + ": copy "
                        + (c.copyGbPerSec() == null ? "not measured"
                                : String.format(java.util.Locale.ROOT, "%,.1f GB/s (read + write, %d MiB, best of %d)",
                                        c.copyGbPerSec(), c.copyMib(),
                                        io.jharness.engine.cuda.CopyBandwidth.DEFAULT_REPEATS))
                        + ", datasheet " + (c.datasheetGbPerSec() == null ? "unknown"
                                : String.format(java.util.Locale.ROOT, "%,.0f GB/s", c.datasheetGbPerSec()))
                        + (c.copyGbPerSec() == null || c.datasheetGbPerSec() == null ? ""
                                : String.format(java.util.Locale.ROOT, " (copy reaches %.0f%%)",
                                        100 * c.copyGbPerSec() / c.datasheetGbPerSec())));
            }
        }
        err.flush();
    }
}
