#!/usr/bin/env bash
# On the GPU machine, from a checkout (writes to $OUT/V): is the eager step's two-state speed a property of the vCPU or of the process?
set -uo pipefail
o=/tmp/V; mkdir -p $o; t0=$SECONDS
m=/tmp/jharness-models/gpt2-fp16-static.pt; mkdir -p /tmp/jharness-models
python3 scripts/export_model.py --preset gpt2 --random-weights --seed 1 --dtype fp16 --max-seq-len 256 --device cuda \
  --no-input-checks --static-span --output $m > $o/export.log 2>&1 || tail -3 $o/export.log
echo "export $((SECONDS-t0)) s"
python3 examples/h100-engine-comparison/host-noise/vcpu-sweep/cores.py $m sweep 2>&1 | tee $o/sweep1.txt
for i in 1 2 3 4 5 6; do
  python3 examples/h100-engine-comparison/host-noise/vcpu-sweep/cores.py $m single 2>&1 | grep single | sed 's/^/free   /'
  taskset -c 5 python3 examples/h100-engine-comparison/host-noise/vcpu-sweep/cores.py $m single 2>&1 | grep single | sed 's/^/cpu5   /'
  taskset -c 5,6 python3 examples/h100-engine-comparison/host-noise/vcpu-sweep/cores.py $m single 2>&1 | grep single | sed 's/^/cpu5,6 /'
done 2>&1 | tee $o/procs.txt
echo "procs $((SECONDS-t0)) s"
python3 examples/h100-engine-comparison/host-noise/vcpu-sweep/cores.py $m sweep 2>&1 | tee $o/sweep2.txt
echo "all $((SECONDS-t0)) s"
cp -r $o $OUT/
