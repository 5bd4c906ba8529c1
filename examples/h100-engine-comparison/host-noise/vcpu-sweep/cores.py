"""Host-noise diagnostic: gpt2 batch-1 eager decode step (TorchScript from Python), main thread
pinned to each vCPU in turn (mode 'sweep'), or one measurement as the process stands ('single')."""
import os, sys, time, statistics, torch
sys.path.insert(0, 'scripts')
import baseline_pytorch as bp

path, mode = sys.argv[1], sys.argv[2]
m = bp.Model(path, torch.device('cuda'))
k, v = m.new_cache(1, 256)
ids = torch.zeros(1, 1, dtype=torch.long)
pos = torch.zeros(1, 1, dtype=torch.long)
last = torch.zeros(1, dtype=torch.long)

def steps(n):
    out = []
    for i in range(n):
        pos.fill_(128 + i % 100)
        t0 = time.perf_counter()
        logits = m.forward(ids.to('cuda'), pos.to('cuda'), last.to('cuda'), k, v)
        logits.argmax(-1).cpu()
        out.append(time.perf_counter() - t0)
    return statistics.median(out) * 1e3

with torch.inference_mode():
    steps(300)
    if mode == 'single':
        a = steps(300); b = steps(300)
        print('single pid %d cpu %s: %.3f %.3f ms' % (os.getpid(), sorted(os.sched_getaffinity(0))[:4], a, b), flush=True)
    else:
        cpus = sorted(os.sched_getaffinity(0))
        for rep in range(2):
            row = []
            for c in cpus:
                os.sched_setaffinity(0, {c})
                steps(30)
                row.append('%d:%.2f' % (c, steps(150)))
            os.sched_setaffinity(0, set(cpus))
            print('sweep rep %d: %s | unpinned %.2f' % (rep, ' '.join(row), steps(150)), flush=True)
