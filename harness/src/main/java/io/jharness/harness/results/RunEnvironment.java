package io.jharness.harness.results;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.Properties;

/** Reads the facts about this harness build, host and JVM that run metadata records. */
public final class RunEnvironment {

    private RunEnvironment() {}

    public static RunMetadata.HarnessBuild harnessBuild() {
        Properties version = load("/jharness.properties");
        Properties git = load("/jharness-git.properties");
        String dirty = git.getProperty("git.dirty");
        return new RunMetadata.HarnessBuild(
                "jharness",
                version.getProperty("version", "unknown"),
                git.getProperty("git.commit.id"),
                dirty == null ? null : Boolean.valueOf(dirty));
    }

    public static RunMetadata.HostInfo host() {
        String hostname;
        try {
            hostname = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            hostname = "unknown";
        }
        return new RunMetadata.HostInfo(
                hostname,
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors());
    }

    public static RunMetadata.JvmInfo jvm() {
        return new RunMetadata.JvmInfo(
                System.getProperty("java.runtime.version", System.getProperty("java.version")),
                System.getProperty("java.vendor"),
                System.getProperty("java.vm.name"),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = RunEnvironment.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Missing build facts are reported as unknown, never fatal.
        }
        return p;
    }
}
