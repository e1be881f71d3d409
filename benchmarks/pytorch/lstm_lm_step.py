#!/usr/bin/env python3
"""One training step of an LSTM language model in PyTorch on the CPU, for comparison with
Gradgraph's JMH benchmark gradgraph.benchmarks.LstmLmStep (same sizes, same step):
embedding -> 2-layer LSTM (batch first) -> linear over the vocabulary, softmax cross-entropy
over every time step, backward, gradient clipping at norm 0.25, plain SGD.

    /usr/bin/python3 benchmarks/pytorch/lstm_lm_step.py --config medium --threads 1

Debian 12 ships PyTorch as python3-torch (apt-get install python3-torch). Prints the median
and the quartiles of the step times in milliseconds, and the median process CPU time (on a
machine shared with other work, wall time measures the neighbours too).
"""
import argparse
import os
import statistics
import sys
import time


def _pin_blas_threads(argv):
    """OpenBLAS (Debian's torch BLAS) sizes its own thread pool when it loads, and
    torch.set_num_threads does not reach it: without this, "--threads 1" ran its GEMMs on every
    core (wall 537 ms against 1068 ms of process CPU on 2 vCPUs). Set it before torch loads."""
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

CONFIGS = {
    # PTB "medium" (Zaremba et al. 2014; the sequel's BetterRnnlm): 650 units, 35 steps
    "medium": dict(vocab=10000, hidden=650, time=35, batch=20),
    # PTB "small": 200 units, 20 steps
    "small": dict(vocab=10000, hidden=200, time=20, batch=20),
}


class Lm(torch.nn.Module):
    def __init__(self, vocab, hidden):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, hidden)
        self.lstm = torch.nn.LSTM(hidden, hidden, num_layers=2, batch_first=True)
        self.out = torch.nn.Linear(hidden, vocab)

    def forward(self, x, state):
        h, state = self.lstm(self.embed(x), state)
        return self.out(h.reshape(-1, h.shape[-1])), state


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--config", choices=CONFIGS, default="medium")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=10)
    a = p.parse_args()
    c = CONFIGS[a.config]
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = Lm(c["vocab"], c["hidden"])
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    x = torch.randint(c["vocab"], (c["batch"], c["time"]))
    t = torch.randint(c["vocab"], (c["batch"] * c["time"],))
    state = None
    times = []
    cpu = []
    for i in range(a.warmup + a.steps):
        start = time.perf_counter()
        cpu_start = time.process_time()
        opt.zero_grad()
        logits, state = model(x, state)
        state = tuple(s.detach() for s in state)  # truncated BPTT, as the Java step
        loss = torch.nn.functional.cross_entropy(logits, t)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.25)
        opt.step()
        if i >= a.warmup:
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
    q = statistics.quantiles(times, n=4)
    print(
        f"pytorch {torch.__version__} lstm-lm {a.config} threads {a.threads}: "
        f"median {statistics.median(times):.1f} ms (quartiles {q[0]:.1f}, {q[2]:.1f}; "
        f"{a.steps} steps); median process CPU {statistics.median(cpu):.1f} ms"
    )


if __name__ == "__main__":
    main()
