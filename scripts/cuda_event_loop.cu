// The CUDA-event step timer's loop in plain C, for the driver's own cost per step on a GPU machine
// (README, "Harness overhead"): one event recorded per step on the legacy default stream, and the
// span of the step four steps back read (elapsed time between its start event, the previous
// step's end, and its end event), first after a query, then after a synchronize.
//
//   nvcc -O2 -o /tmp/cuda_event_loop scripts/cuda_event_loop.cu -lcuda && /tmp/cuda_event_loop 400000
//
// Prints ns per step for each form, three times, and how many reads found the event unfinished.
#include <cuda.h>
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <ctime>

static double now_ns() {
    timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char** argv) {
    const int lag = 4;
    const long steps = argc > 1 ? atol(argv[1]) : 400000;
    if (steps <= lag) {
        fprintf(stderr, "usage: cuda_event_loop [STEPS > %d]\n", lag);
        return 2;
    }
    if (cudaFree(0) != cudaSuccess) {  // makes the device's primary context current
        fprintf(stderr, "no CUDA device\n");
        return 1;
    }
    CUevent ring[lag + 2];
    for (int i = 0; i < lag + 2; i++) cuEventCreate(&ring[i], CU_EVENT_DEFAULT);
    float ms;
    for (int round = 0; round < 3; round++) {
        long unfinished = 0;
        double t0 = now_ns();
        for (long i = 0; i < steps; i++) {
            if (i > lag) {
                CUevent start = ring[(i - lag - 1) % (lag + 2)], stop = ring[(i - lag) % (lag + 2)];
                if (cuEventQuery(stop) != CUDA_SUCCESS) {
                    unfinished++;
                    cuEventSynchronize(stop);
                }
                cuEventElapsedTime(&ms, start, stop);
            }
            cuEventRecord(ring[i % (lag + 2)], 0);
        }
        double t1 = now_ns();
        cuCtxSynchronize();
        printf("one record a step, read %d steps late after a query:       %6.0f ns/step (%ld reads unfinished)\n",
               lag, (t1 - t0) / steps, unfinished);
        t0 = now_ns();
        for (long i = 0; i < steps; i++) {
            if (i > lag) {
                CUevent start = ring[(i - lag - 1) % (lag + 2)], stop = ring[(i - lag) % (lag + 2)];
                cuEventSynchronize(stop);
                cuEventElapsedTime(&ms, start, stop);
            }
            cuEventRecord(ring[i % (lag + 2)], 0);
        }
        t1 = now_ns();
        cuCtxSynchronize();
        printf("one record a step, read %d steps late after a synchronize: %6.0f ns/step\n", lag, (t1 - t0) / steps);
    }
    for (int i = 0; i < lag + 2; i++) cuEventDestroy(ring[i]);
    return 0;
}
