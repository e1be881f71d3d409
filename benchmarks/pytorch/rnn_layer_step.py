#!/usr/bin/env python3
"""Forward and backward of a 2-layer LSTM, GRU or tanh RNN alone in PyTorch on the CPU, for
comparison with Gradgraph's JMH benchmark gradgraph.benchmarks.RnnLayerStep: batch first
[20, 35, 650] -> [20, 35, 650], FLOAT32, the loss is the sum of the outputs.

    /usr/bin/python3 benchmarks/pytorch/rnn_layer_step.py --kind gru --threads 1

Prints the median and the quartiles of the step times in milliseconds, and the median process CPU
time. OpenBLAS's threads are pinned to --threads before torch loads (see lstm_lm_step.py).
"""
import argparse
import os
import statistics
import sys
import time


def _pin_blas_threads(argv):
    threads = "1"
    for i, arg in enumerate(argv):
        if arg == "--threads" and i + 1 < len(argv):
            threads = argv[i + 1]
        elif arg.startswith("--threads="):
            threads = arg.split("=", 1)[1]
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = threads


_pin_blas_threads(sys.argv[1:])

import torch  # noqa: E402 (after the thread pinning)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kind", choices=("lstm", "gru", "rnn"), default="lstm")
    p.add_argument("--hidden", type=int, default=650)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=10)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    cls = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[a.kind]
    layer = cls(a.hidden, a.hidden, num_layers=2, batch_first=True)
    x = torch.randn(20, 35, a.hidden)
    wall, cpu = [], []
    for i in range(a.warmup + a.steps):
        w0, c0 = time.perf_counter(), time.process_time()
        layer.zero_grad()
        y, _ = layer(x)
        y.sum().backward()
        if i >= a.warmup:
            wall.append((time.perf_counter() - w0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    q = statistics.quantiles(wall, n=4)
    print(
        f"pytorch {torch.__version__} {a.kind} layer threads {a.threads}: "
        f"median {statistics.median(wall):.1f} ms (quartiles {q[0]:.1f}, {q[2]:.1f}; "
        f"{a.steps} steps); median process CPU {statistics.median(cpu):.1f} ms"
    )


if __name__ == "__main__":
    main()
