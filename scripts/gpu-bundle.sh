#!/usr/bin/env bash
# Makes a self-contained folder to carry the harness to a GPU machine that has no JDK:
# a jlinked Java 25 runtime, the harness jar (without DJL's CPU libtorch: the GPU machine's own
# libtorch is used), the launcher scripts/run-gpu.sh, and the model exporter.
#
#   scripts/gpu-bundle.sh [OUT_DIR]        (default: target/gpu-bundle)
#
# The runtime has no java.desktop (charts), to stay under 60 MB: the harness says so and skips
# charts; render them afterwards with `harness plot` on any machine with a full JDK.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="${1:-$root/target/gpu-bundle}"

# The same JDK search as bin/harness: JAVA_HOME if it is 25 or newer, else the newest in /usr/lib/jvm.
jdk=""
for d in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$d" ] && [ -x "$d/bin/jlink" ] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null)
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then jdk="$d"; [ "$d" = "${JAVA_HOME:-}" ] && break; fi
done
[ -n "$jdk" ] || { echo "error: scripts/gpu-bundle.sh needs a JDK 25 with jlink (JAVA_HOME or /usr/lib/jvm)" >&2; exit 2; }

echo "building the harness jar with $jdk..." >&2
JAVA_HOME="$jdk" "$root/mvnw" -B -q -f "$root/pom.xml" -Dmaven.test.skip=true -pl harness -am package

rm -rf "$out"
mkdir -p "$out/lib" "$out/scripts"
"$jdk/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.management,jdk.unsupported \
    --strip-debug --no-header-files --no-man-pages --compress zip-9 --output "$out/jdk"
# The JVM's own symbols are a fifth of the runtime and nothing needs them.
if command -v strip >/dev/null; then strip --strip-unneeded "$out/jdk/lib/server/libjvm.so"; fi

cp "$root/harness/target/harness.jar" "$out/lib/"
cp "$root/scripts/run-gpu.sh" "$out/harness"
cp "$root/scripts/export_model.py" "$out/scripts/"
chmod +x "$out/harness"
size=$(du -sm "$out" | cut -f1)
echo "GPU bundle: $out (${size} MB); run it there as $out/harness throughput --engine djl --device cuda --model M.pt" >&2
if [ "$size" -ge 60 ]; then echo "error: the bundle is ${size} MB, over its 60 MB budget" >&2; exit 1; fi

# --- Harness overhead benchmarks (issue 7), only with WITH_BENCH=1: bench/benchmarks.jar (JMH, about
# 4 MB) and bench-overhead.sh, which runs them there: ./bench-overhead.sh OUT_DIR. JMH's gc profiler
# needs the jdk.management module, which the runtime above leaves out: without it the run measures
# time only and says "Allocation profiling is not available".
if [ "${WITH_BENCH:-0}" = 1 ]; then
    JAVA_HOME="$jdk" "$root/mvnw" -B -q -f "$root/pom.xml" -Pjmh -Dmaven.test.skip=true -pl harness -am package
    mkdir -p "$out/bench"
    cp "$root/harness/target/benchmarks.jar" "$out/bench/"
    cp "$root/scripts/bench-overhead.sh" "$out/bench-overhead.sh"
    echo "overhead benchmarks: $out/bench-overhead.sh OUT_DIR ($(du -sm "$out" | cut -f1) MB in all)" >&2
fi
