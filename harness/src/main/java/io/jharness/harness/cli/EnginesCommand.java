package io.jharness.harness.cli;

import io.jharness.engine.EngineProvider;
import io.jharness.engine.EngineRegistry;
import io.jharness.harness.format.TextTable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code harness engines}: the engines on the class path and whether each can run here. */
@Command(name = "engines", header = "Lists the engines and what --engine auto picks here.", mixinStandardHelpOptions = true,
        description = "Lists the engines, whether each can run on this machine, and what --engine auto picks.")
final class EnginesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

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
        out.flush();
        return ExitCodes.OK;
    }
}
