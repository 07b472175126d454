#!/usr/bin/env python3
"""PyTorch eager twin of `fdc bench` (docs/BENCHMARKS.md, "Against PyTorch eager").

The same work as fdc's Adjoint Matching iteration (MATH.md §2-3, fdc's MemorylessSampler,
LeanAdjoint and AdjointMatching), op for op, on the MLP fdc exported to a safetensors file:

  sampling   X_{j+1} = X_j + h (2 v(X_j, t_j) - k~_j X_j) + sqrt(h) s~_j eps_j    (no grad)
  adjoint    noiseless last step, then a_j = a_{j+1} + 2h J_v^T a_{j+1} - k~_j h a_{j+1}
  loss       one batched forward/backward over the |S| time points, per-sample losses,
             clipping mask, the flat parameter gradient copied to the host

with k~ = 1/(t + h), s~ = sqrt(2 (1 - t + h) / (t + h)), reward r(x) = lambda w^T x.
fdc's Java side (dev.fdc.gpu.bench.PyTorchComparator) starts this script, and the two take
turns, so machine noise hits both; `--standalone` runs the measurements alone.

Precision: fp32, or bf16 = the fine model's network in bfloat16 (sampling and loss; weights are
fp32 masters cast to bf16 on every forward, the state arithmetic stays fp32), the base model
and the adjoint in fp32 - the same split as fdc's bf16 mode.

Needs python3 with torch and numpy (Debian: apt-get install python3-torch python3-numpy; the
fp32 speed of Debian's torch depends on the BLAS: install libopenblas0-openmp, the reference
libblas3 is ~20x slower). Protocol (serve mode), one line each way:
  fwd | fwdbwd                     -> "ok <wall_ms> <cpu_ms>"
  iter                             -> "ok <wall_ms> <cpu_ms> <sample_ms> <adjoint_ms> <loss_ms>"
  check <in.safetensors> <out.safetensors>  -> "ok"   (reference outputs for given inputs)
  quit
"""

import argparse
import json
import os
import random
import struct
import sys
import time

import numpy as np
import torch


# ---------------------------------------------------------------------------------- safetensors


def read_safetensors(path):
    """name -> float32 numpy array, and the metadata dict."""
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8 : 8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {}) or {}
    base = 8 + n
    out = {}
    for name, spec in header.items():
        begin, end = spec["data_offsets"]
        raw = data[base + begin : base + end]
        dt = spec["dtype"]
        if dt == "F32":
            a = np.frombuffer(raw, dtype="<f4")
        elif dt == "F64":
            a = np.frombuffer(raw, dtype="<f8").astype(np.float32)
        elif dt == "BF16":
            a = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            raise ValueError("%s: tensor %s has dtype %s; expected F32, F64 or BF16" % (path, name, dt))
        out[name] = a.reshape(spec["shape"]).copy()
    return out, meta


def write_safetensors(path, tensors):
    """Writes name -> numpy arrays as F32."""
    header = {}
    blobs = []
    offset = 0
    for name, a in tensors.items():
        b = np.ascontiguousarray(a, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(np.shape(a)), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


# ----------------------------------------------------------------------------------- the model


ACTIVATIONS = {
    "relu": torch.relu,
    "gelu": torch.nn.functional.gelu,
    "silu": lambda x: x * torch.sigmoid(x),  # fdc's SiLU is these two ops
    "tanh": torch.tanh,
}


class Mlp:
    """fdc's MlpVelocityField: v(x, t) = net([x, t]), layers 0, 2, 4, ... of an nn.Sequential."""

    def __init__(self, path, device, trainable):
        tensors, meta = read_safetensors(path)
        self.act = ACTIVATIONS[meta.get("fdc.activation", "relu")]
        self.weights, self.biases = [], []
        i = 0
        while "%d.weight" % (2 * i) in tensors:
            w = torch.tensor(tensors["%d.weight" % (2 * i)], device=device)
            b = torch.tensor(tensors["%d.bias" % (2 * i)], device=device)
            w.requires_grad_(trainable)
            b.requires_grad_(trainable)
            self.weights.append(w)
            self.biases.append(b)
            i += 1
        if not self.weights:
            raise ValueError("%s: no MLP layers (0.weight, 0.bias, ...)" % path)
        self.dim = self.weights[-1].shape[0]
        self.bf16 = False

    def params(self):
        out = []
        for w, b in zip(self.weights, self.biases):
            out += [w, b]
        return out

    def velocity(self, x, t_col):
        """x [B, d] fp32, t_col [B, 1] fp32 -> v [B, d] fp32 (computed in bf16 when self.bf16)."""
        h = torch.cat([x, t_col], 1)
        if self.bf16:
            h = h.to(torch.bfloat16)
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            if self.bf16:
                w, b = w.to(torch.bfloat16), b.to(torch.bfloat16)
            h = torch.nn.functional.linear(h, w, b)
            if i < last:
                h = self.act(h)
        return h.float() if self.bf16 else h


# ------------------------------------------------------------------------------ the iteration


def drift_kappa(t, h):
    return 1.0 / (t + h)


def noise_sigma(t, h):
    return ((2.0 * (1.0 - t + h)) / (t + h)) ** 0.5


class Workload:
    def __init__(self, a):
        self.device = torch.device("cuda" if a.device == "gpu" else "cpu")
        self.m = a.batch
        self.steps = a.steps
        self.h = 1.0 / a.steps
        self.last, self.random = a.last, a.random
        self.fine = Mlp(a.fine or a.base, self.device, True)
        self.base = Mlp(a.base, self.device, False)
        self.fine.bf16 = a.dtype == "bf16"
        self.d = self.fine.dim
        w = [float(v) for v in a.reward_direction.split(",")]
        self.reward_w = torch.tensor(w, device=self.device) * a.reward_scale
        self.clip = float("inf")
        self.rng = random.Random(1)

    def sync(self):
        if self.device.type == "cuda":
            torch.cuda.synchronize()

    def t_col(self, t, rows):
        return torch.full((rows, 1), t, device=self.device)

    # -- phases, as fdc's MemorylessSampler.sample, LeanAdjoint.solve, AdjointMatching.compute

    def sample(self, x0=None, eps=None):
        m, d, h = self.m, self.d, self.h
        states, velocities = [], []
        with torch.no_grad():
            x = x0 if x0 is not None else torch.randn(m, d, device=self.device)
            states.append(x)
            for j in range(self.steps):
                t = j * h
                v = self.fine.velocity(x, self.t_col(t, m))
                e = eps[j] if eps is not None else torch.randn(m, d, device=self.device)
                drift = (v * 2.0) - (x * drift_kappa(t, h))
                x = (x + drift * h) + e * ((h**0.5) * noise_sigma(t, h))
                states.append(x)
                velocities.append(v)
        return states, velocities

    def adjoint(self, states):
        m, h, L = self.m, self.h, self.steps
        adjoints = [None] * (L + 1)
        base_v = [None] * L
        last = L - 1
        leaf = states[last].clone().requires_grad_(True)
        v_last = self.base.velocity(leaf, self.t_col(last * h, m))
        v_det = v_last.detach()
        with torch.no_grad():
            terminal = states[last] + v_det * h
            a_terminal = -(torch.zeros_like(terminal) + self.reward_w.reshape(1, -1))
            reward = (terminal @ self.reward_w.reshape(-1, 1)).reshape(-1).cpu().numpy()
        (g,) = torch.autograd.grad((v_last * a_terminal).sum(), leaf)
        adjoints[last] = a_terminal + g * h
        adjoints[L] = a_terminal
        base_v[last] = v_det
        for j in range(last - 1, -1, -1):
            a = adjoints[j + 1]
            leaf = states[j].clone().requires_grad_(True)
            y = self.base.velocity(leaf, self.t_col(j * h, m))
            (g,) = torch.autograd.grad((y * a).sum(), leaf)
            with torch.no_grad():
                adjoints[j] = (a + g * (2.0 * h)) - a * (drift_kappa(j * h, h) * h)
            base_v[j] = y.detach()
        return adjoints, base_v, reward

    def subset(self):
        early = sorted(self.rng.sample(range(self.steps - self.last), self.random))
        return early + list(range(self.steps - self.last, self.steps))

    def loss(self, states, velocities, adjoints, base_v, subset):
        m, h = self.m, self.h
        with torch.no_grad():
            cost = 0.0
            for j in range(self.steps):
                u = velocities[j] - base_v[j]
                sq = float((u * u).sum().double())
                s = noise_sigma(j * h, h)
                cost += h * 0.5 * 4.0 * sq / (s * s)
            cost /= m
        x = torch.cat([states[k] for k in subset], 0)
        vb = torch.cat([base_v[k] for k in subset], 0)
        a = torch.cat([adjoints[k] for k in subset], 0)
        times = np.repeat(np.array([k * h for k in subset], dtype=np.float32), m).reshape(-1, 1)
        sig = np.repeat(np.array([noise_sigma(k * h, h) for k in subset], dtype=np.float32), m).reshape(-1, 1)
        inv = np.repeat(np.array([2.0 / noise_sigma(k * h, h) for k in subset], dtype=np.float32), m).reshape(-1, 1)
        t_rows = torch.from_numpy(times).to(self.device)
        sigma = torch.from_numpy(sig).to(self.device)
        two_over_sigma = torch.from_numpy(inv).to(self.device)
        a_sigma = a * sigma
        for p in self.fine.params():
            p.grad = None
        v = self.fine.velocity(x, t_rows)
        diff = (v - vb) * two_over_sigma + a_sigma
        row_loss = (diff * diff).sum(1).reshape(len(subset), m)
        sample_loss = row_loss.mean(0)
        per_sample = sample_loss.detach().cpu().numpy()
        keep = (per_sample <= self.clip).astype(np.float32)
        mask = torch.from_numpy(keep).to(self.device)
        total = (sample_loss * mask).sum() / m
        if keep.sum() > 0:
            total.backward()
        grad = torch.cat([p.grad.reshape(-1) for p in self.fine.params()]).cpu().numpy()
        return grad, per_sample, cost

    def iteration(self):
        c0 = time.thread_time()
        t0 = time.perf_counter()
        states, velocities = self.sample()
        self.sync()
        t1 = time.perf_counter()
        adjoints, base_v, reward = self.adjoint(states)
        self.sync()
        t2 = time.perf_counter()
        grad, per_sample, cost = self.loss(states, velocities, adjoints, base_v, self.subset())
        self.sync()
        t3 = time.perf_counter()
        c1 = time.thread_time()
        return [(t3 - t0) * 1e3, (c1 - c0) * 1e3, (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3]

    # -- the bare MLP at batch m, as fdc's benchmark measures it

    def forward(self, backward):
        c0 = time.thread_time()
        t0 = time.perf_counter()
        x = torch.randn(self.m, self.d, device=self.device)
        if backward:
            for p in self.fine.params():
                p.grad = None
            self.fine.velocity(x, self.t_col(0.5, self.m)).sum().backward()
        else:
            with torch.no_grad():
                self.fine.velocity(x, self.t_col(0.5, self.m)).cpu().numpy()
        self.sync()
        return [(time.perf_counter() - t0) * 1e3, (time.thread_time() - c0) * 1e3]

    # -- reference outputs for given inputs (fdc's PyTorchComparator checks against them)

    def check(self, inp, out):
        t, _ = read_safetensors(inp)
        dev = self.device
        probe = self.fine.velocity(torch.tensor(t["probe_x"], device=dev), torch.tensor(t["probe_t"], device=dev))
        x0 = torch.tensor(t["x0"], device=dev)
        eps = torch.tensor(t["eps"], device=dev)
        saved = self.m
        self.m = x0.shape[0]
        try:
            states, velocities = self.sample(x0, eps)
            adjoints, base_v, reward = self.adjoint(states)
            subset = [int(round(float(k))) for k in t["subset"]]
            grad, per_sample, cost = self.loss(states, velocities, adjoints, base_v, subset)
        finally:
            self.m = saved
        write_safetensors(
            out,
            {
                "probe_v": probe.detach().float().cpu().numpy(),
                "states": torch.stack(states).cpu().numpy(),
                "adjoints": torch.stack(adjoints).cpu().numpy(),
                "base_velocities": torch.stack(base_v).cpu().numpy(),
                "per_sample": per_sample,
                "gradient": grad,
                "control_cost": np.array([cost], dtype=np.float32),
                "reward": reward,
            },
        )


def blas():
    """The BLAS library this process mapped (Debian switches libblas.so.3 by alternatives)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    except OSError:
        return "unknown"
    if not libs:
        return "none mapped"
    names = []
    for lib in sorted(libs):
        real = os.path.realpath(lib)
        kind = "openblas" if "openblas" in real else ("reference (slow)" if "/blas/" in real else "other")
        names.append("%s [%s]" % (real, kind))
    return ", ".join(names)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--base", required=True, help="base MLP (safetensors, as fdc writes it)")
    p.add_argument("--fine", help="fine-tuned MLP (default: the base)")
    p.add_argument("--batch", type=int, default=512)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--last", type=int, default=10)
    p.add_argument("--random", type=int, default=10)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--device", choices=["cpu", "gpu"], default="cpu")
    p.add_argument("--dtype", choices=["fp32", "bf16"], default="fp32")
    p.add_argument("--reward-direction", default="1,0")
    p.add_argument("--reward-scale", type=float, default=1.0)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--serve", action="store_true", help="answer commands on stdin (fdc bench --compare-pytorch)")
    mode.add_argument("--standalone", type=int, metavar="REPS", help="measure REPS iterations alone, print medians")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    if a.device == "gpu" and not torch.cuda.is_available():
        print("error: --device gpu but torch sees no CUDA device", flush=True)
        return 2
    w = Workload(a)
    info = {
        "torch": torch.__version__,
        "python": sys.version.split()[0],
        "threads": torch.get_num_threads(),
        "blas": blas(),
        "device": str(w.device),
        "dtype": a.dtype,
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
    }
    if a.standalone:
        for _ in range(3):
            w.iteration()
        runs = sorted(w.iteration() for _ in range(a.standalone))
        med = [float(np.median([r[i] for r in runs])) for i in range(5)]
        print(json.dumps(info))
        print("AM iteration %.2f ms (cpu %.2f): sampling %.2f, lean adjoint %.2f, loss %.2f" % tuple(med))
        return 0
    print("ready " + json.dumps(info), flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        try:
            if cmd[0] == "quit":
                break
            elif cmd[0] == "fwd":
                r = w.forward(False)
            elif cmd[0] == "fwdbwd":
                r = w.forward(True)
            elif cmd[0] == "iter":
                r = w.iteration()
            elif cmd[0] == "check":
                w.check(cmd[1], cmd[2])
                r = []
            else:
                print("error: unknown command " + cmd[0], flush=True)
                continue
            print("ok " + " ".join("%.4f" % v for v in r), flush=True)
        except Exception as e:  # report, keep serving
            print("error: %s: %s" % (type(e).__name__, str(e).replace("\n", " ")), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
