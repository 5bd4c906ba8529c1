#!/usr/bin/env bash
# The harness's own overhead per step, measured with JMH (issue 7): the host time the step path
# adds with a no-op engine at batch 1 and 64 (throughput and serve), one FFM downcall into the C
# reference engine, and on a machine with a CUDA device the CUDA-event timer's host cost. Every
# benchmark runs with JMH's gc profiler, for the bytes allocated per step.
#
#   scripts/bench-overhead.sh [OUT_DIR]        (default: results/overhead-<timestamp>)
#
# In the repository it builds harness/target/benchmarks.jar (./mvnw -Pjmh) first. In a GPU bundle
# made with WITH_BENCH=1 scripts/gpu-bundle.sh (no Maven there) it runs the bundle's
# bench/benchmarks.jar with its jdk/. Writes to OUT_DIR:
#   jmh.json      JMH's results (-rf json)          jmh.txt   JMH's own output
#   overhead.txt  the table against the goals (< 5 µs per step, ~0 B per step)
#   env.txt       CPU, JDK, JMH, commit, GPU
# JMH_OPTS replaces the short default settings (-f 1 -wi 3 -w 1s -i 5 -r 1s); the whole run takes
# about 3 minutes on 2 cores.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
out="${1:-results/overhead-$(date +%Y-%m-%d_%H%M%S)}"
jmh_opts="${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s}"

if [ -x "$here/jdk/bin/java" ] && [ -f "$here/bench/benchmarks.jar" ]; then
    # Inside a GPU bundle: nothing to build.
    java="$here/jdk/bin/java"
    jar="$here/bench/benchmarks.jar"
    root=""
else
    root="$(cd "$here/.." && pwd)"
    jdk=""
    for d in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
        [ -n "$d" ] && [ -x "$d/bin/java" ] || continue
        v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null)
        if [ -n "$v" ] && [ "$v" -ge 25 ]; then jdk="$d"; [ "$d" = "${JAVA_HOME:-}" ] && break; fi
    done
    [ -n "$jdk" ] || { echo "error: scripts/bench-overhead.sh needs a JDK 25 (JAVA_HOME or /usr/lib/jvm)" >&2; exit 2; }
    echo "building harness/target/benchmarks.jar (profile jmh) with $jdk..." >&2
    JAVA_HOME="$jdk" "$root/mvnw" -B -q -f "$root/pom.xml" -Pjmh -Dmaven.test.skip=true -pl harness -am package
    java="$jdk/bin/java"
    jar="$root/harness/target/benchmarks.jar"
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"

benchmarks=('io\.jharness\.harness\.bench\.(StepOverhead|StepParts|ServeStep|NativeDowncall)Benchmark\.')
if cuda="$("$java" -cp "$jar" io.jharness.harness.bench.CudaProbe)"; then
    benchmarks+=('io\.jharness\.harness\.bench\.CudaTimerBenchmark\.')
else
    echo "skipping the CUDA-event timer benchmark: $cuda" >&2
fi

# Before env.txt is (re)written: a tracked env.txt being rewritten is no change to the code.
dirty=""
if [ -n "$root" ]; then
    dirty="$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null | awk '{print $2}' | head -5 | paste -sd, - || true)"
fi
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    if [ -n "$root" ]; then
        echo "commit: $(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)${dirty:+ (uncommitted changes: $dirty)}"
    fi
    echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) cores available"
    echo "clocksource: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null || echo unknown)"
    echo "os: $(uname -sr)"
    echo "jdk: $("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p') ($("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.vm.name = //p'))"
    jmh_version="$(unzip -p "$jar" META-INF/maven/org.openjdk.jmh/jmh-core/pom.properties 2>/dev/null | sed -n 's/^version=//p' || true)"
    echo "jmh: ${jmh_version:-unknown}"
    echo "gpu: $cuda"
    echo "settings: $jmh_opts -prof gc"
} > "$out/env.txt"

# shellcheck disable=SC2086
"$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp "$jar" io.jharness.harness.bench.OverheadReport "$out/overhead.txt" \
    $jmh_opts -prof gc -rf json -rff "$out/jmh.json" "${benchmarks[@]}" 2>&1 | tee "$out/jmh.txt"
echo "results: $out (jmh.json, jmh.txt, overhead.txt, env.txt)" >&2
