#!/usr/bin/env bash
# Produces the committed example results (results/examples/<gpu>-gpt2-medium/) on a GPU machine,
# from a GPU bundle (scripts/gpu-bundle.sh) and the machine's python3 torch:
#
#   DJL_JNI_LIB=/path/libdjl_torch.so scripts/gpu-example.sh BUNDLE_DIR OUT_DIR
#
# A GPT-2-medium-shaped model (355M parameters, fp16, random weights) is exported on the GPU,
# then the same throughput and latency commands a user types run through the djl engine with
# CUDA-event step timing, and the timer's own cost is measured (batch 1, timing on vs off).
set -euo pipefail
bundle="$(cd "$1" && pwd)"; out="$2"
mkdir -p "$out"; out="$(cd "$out" && pwd)"
model_dir="${MODEL_DIR:-/tmp/jharness-models}"
model="$model_dir/gpt2-medium-fp16.pt"
h="$bundle/harness"

mkdir -p "$model_dir"
python3 "$bundle/scripts/export_model.py" --preset gpt2-medium --random-weights --seed 1 --dtype fp16 \
    --max-seq-len 256 --device cuda --no-input-checks --output "$model" --check
cp "${model%.pt}.json" "$out/model.json"

"$h" throughput --engine djl --device cuda --model "$model" --batch-sizes 1 8 16 32 64 --max-tokens 128 \
    --output-dir "$out/throughput" --quiet
"$h" latency --engine djl --device cuda --model "$model" --num-runs 200 --max-tokens 50 \
    --output-dir "$out/latency" --quiet

# The timer's own cost: the same batch-1 run with CUDA-event timing on and off, alternated.
for round in 1 2 3; do
    for timer in on off; do
        "$h" throughput --engine djl --device cuda --model "$model" --batch-sizes 1 --num-prompts 5 \
            --max-tokens 128 --engine-opt gpu-timer="$timer" --output-dir "$out/timer/$timer-$round" --quiet
    done
done
