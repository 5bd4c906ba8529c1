#!/usr/bin/env bash
# The engine comparison on a GPU machine (issues 5 and 7): the same TorchScript model and the same
# static-batching sweep through four paths, back to back in one call:
#
#   python-eager    scripts/baseline_pytorch.py: a plain Python loop, torch.cuda.Event timing
#   djl             --engine djl (DJL's PyTorch engine, CUDA-event timing)
#   native-eager    --engine native with the libtorch engine, graphs=off
#   native-graphs   --engine native with the libtorch engine, decode replayed as CUDA graphs
#
# Run from a checkout, with a GPU bundle (scripts/gpu-bundle.sh) and the machine's python3 torch:
#
#   DJL_JNI_LIB=/path/libdjl_torch.so scripts/gpu-compare.sh BUNDLE_DIR OUT_DIR
#
# Environment:
#   PRESETS           models to export and run (default: "gpt2-medium gpt2")
#   TORCH_ENGINE_LIB  a built libjharness_torch.so; default: built here with CMake from native/
#   SWEEP             the sweep's options (default below)
#   REPEATS           repeats of every point, on every path (default 3; 1 with ROUNDS): host-bound
#                     eager steps vary by 10-20% from run to run, and `harness compare` weighs each
#                     change against that spread (a 95% bootstrap interval of the ratio of medians)
#   ROUNDS=N          runs every path N times in turn (A B C D, A B C D, ...), each into
#                     PATH/round-K/, which `harness compare` pools as repeats: the machine's drift
#                     over minutes then spreads over every path instead of favouring one
#   FIRST_ROUND=K     numbers the rounds from K (default 1): a second call that adds rounds 3 and 4
#                     to an OUT_DIR of rounds 1 and 2 (ROUNDS=2 FIRST_ROUND=3)
#   SMOKE=1           a tiny sweep that checks every path runs
#   PATHS             the paths to run, in this order each round (default: "python-eager djl
#                     native-eager native-graphs"); also known:
#                       djl-jit-off         djl with TorchScript's profiling executor and fusers
#                                           off (-Dai.djl.pytorch.graph_optimizer=false)
#                       native-graphs-jit   graphs with the profiling executor and fusers on
#                                           (jit-optimize=on), which fuse elementwise kernels
#                                           before capture
#                       native-graphs-nolt  graphs with DISABLE_ADDMM_CUDA_LT=1, libtorch's switch
#                                           from cuBLASLt's fused-bias GEMMs to cuBLAS + a bias
#                                           copy for nn.Linear (cuBLAS picks GEMV kernels at batch 1)
#   JIT_VARIANT=1, NOLT_VARIANT=1  add native-graphs-jit, native-graphs-nolt to PATHS
#
# OUT_DIR/<preset>/<engine>/ holds each run's results, and OUT_DIR/<preset>/compare/ the ratio
# table against the first path (`harness compare`); the bundle's runtime draws no charts, so run
# `harness compare` on the same folders again where a full JDK is, for the chart. A path that fails
# is logged and the others still run; the exit code is 1 when any failed.
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
bundle="$(cd "$1" && pwd)"; out="$2"
mkdir -p "$out"; out="$(cd "$out" && pwd)"
h="$bundle/harness"
models="${MODEL_DIR:-/tmp/jharness-models}"
presets="${PRESETS:-gpt2-medium gpt2}"
if [ "${SMOKE:-0}" = 1 ]; then
    default_sweep="--batch-sizes 1 8 --num-prompts 8 --prompt-len 16 --max-tokens 16 --warmup 5"
else
    # 200 warm-up steps: at batch 1 that is several prefills (a one-time cost on an engine's second
    # prefill, seen with the libtorch engine after graph capture, stays out of the figures). The
    # harness's paths also run its default --jit-warmup (5000 steps, at most 30 s) once, before
    # their first point, for the JVM's JIT; the Python loop has no JIT to warm.
    default_sweep="--batch-sizes 1 8 16 32 64 --num-prompts 64 --prompt-len 128 --max-tokens 64 --warmup 200"
fi
rounds="${ROUNDS:-1}"
first_round="${FIRST_ROUND:-1}"
if [ "$rounds" -gt 1 ]; then repeats="${REPEATS:-1}"; else repeats="${REPEATS:-3}"; fi
read -r -a sweep <<<"${SWEEP:-$default_sweep} --repeats $repeats"
failed=0

step() { # step NAME COMMAND...: runs it, logs to OUT/logs/NAME.log, goes on when it fails
    local name="$1"; shift
    mkdir -p "$out/logs"
    local t0=$SECONDS
    if "$@" >"$out/logs/$name.log" 2>&1; then
        echo "ok      $name ($((SECONDS - t0)) s)"
    else
        echo "FAILED  $name ($((SECONDS - t0)) s): $(tail -n 3 "$out/logs/$name.log" | tr '\n' ' ')"
        failed=1
    fi
}

if [ -z "${TORCH_ENGINE_LIB:-}" ]; then
    build="${TORCH_ENGINE_BUILD:-/tmp/jharness-torch-build}"
    prefix="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')"
    step cmake-configure cmake -S "$root/native" -B "$build" -DJH_WITH_TORCH=ON -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_PREFIX_PATH="$prefix"
    step cmake-build cmake --build "$build" --target jharness_torch -j "$(nproc)"
    TORCH_ENGINE_LIB="$build/libjharness_torch.so"
fi
[ -f "$TORCH_ENGINE_LIB" ] || { echo "no libtorch engine at $TORCH_ENGINE_LIB" >&2; failed=1; }

read -r -a paths <<<"${PATHS:-python-eager djl native-eager native-graphs}"
if [ "${NOLT_VARIANT:-0}" = 1 ]; then paths+=(native-graphs-nolt); fi
if [ "${JIT_VARIANT:-0}" = 1 ]; then paths+=(native-graphs-jit); fi

run_path() { # run_path PATH PRESET MODEL RESULTS_DIR LOG_NAME
    local path="$1" model="$3" dir="$4" name="$5"
    local native=("$h" throughput --engine native --native-lib "$TORCH_ENGINE_LIB" --model "$model" --device cuda)
    case "$path" in
        python-eager) step "$name" env PYTHONUNBUFFERED=1 python3 "$root/scripts/baseline_pytorch.py" \
            --model "$model" --device cuda "${sweep[@]}" --output-dir "$dir" ;;
        djl) step "$name" "$h" throughput --engine djl --device cuda --model "$model" "${sweep[@]}" \
            --output-dir "$dir" --quiet ;;
        djl-jit-off) step "$name" env HARNESS_JAVA_OPTS="-Dai.djl.pytorch.graph_optimizer=false" "$h" throughput \
            --engine djl --device cuda --model "$model" "${sweep[@]}" --output-dir "$dir" --quiet ;;
        native-eager) step "$name" "${native[@]}" --native-config graphs=off "${sweep[@]}" --output-dir "$dir" --quiet ;;
        native-graphs) step "$name" "${native[@]}" "${sweep[@]}" --output-dir "$dir" --quiet ;;
        native-graphs-jit) step "$name" "${native[@]}" --native-config jit-optimize=on "${sweep[@]}" \
            --output-dir "$dir" --quiet ;;
        native-graphs-nolt) step "$name" env DISABLE_ADDMM_CUDA_LT=1 "${native[@]}" "${sweep[@]}" --output-dir "$dir" \
            --quiet ;;
        *) echo "FAILED  $name: unknown path '$path' (known: python-eager djl djl-jit-off native-eager" \
            "native-graphs native-graphs-jit native-graphs-nolt)"; failed=1 ;;
    esac
}

mkdir -p "$models"
step probe "$h" engines --probe
for preset in $presets; do
    model="$models/$preset-fp16-static.pt"
    o="$out/$preset"
    mkdir -p "$o"
    # --static-span: the same file for every path; attention over the whole (masked) cache, so
    # no step reads back to the host and the native engine can capture decode as CUDA graphs.
    step "$preset-export" python3 "$root/scripts/export_model.py" --preset "$preset" --random-weights --seed 1 \
        --dtype fp16 --max-seq-len 256 --device cuda --no-input-checks --static-span --output "$model" --check
    cp "${model%.pt}.json" "$o/model.json" 2>/dev/null
    for r in $(seq "$first_round" $((first_round + rounds - 1))); do
        at="" tag=""
        if [ "$rounds" -gt 1 ] || [ "$first_round" -gt 1 ]; then at="/round-$r" tag="-round-$r"; fi
        for path in "${paths[@]}"; do
            run_path "$path" "$preset" "$model" "$o/$path$at" "$preset-$path$tag"
        done
    done
    # The table (COMPARE.txt, compare.json) against the first path, over every round in OUT so far.
    # The bundle's runtime has no java.desktop, so the chart is drawn where the results go next:
    # `harness compare` again, with the same folders, on a machine with a full JDK.
    ran=()
    for path in "${paths[@]}"; do [ -d "$o/$path" ] && ran+=("$o/$path"); done
    if [ "${#ran[@]}" -ge 2 ]; then
        step "$preset-compare" "$h" compare "${ran[@]}" --output-dir "$o/compare"
    fi
done
exit "$failed"
