"""Shared helpers of the benchmark scripts: isolated phases, peak memory, a tidy table.

Each phase of a benchmark runs in a fresh interpreter (``multiprocessing`` with the
``spawn`` start method) so that its wall time and peak resident memory are its own.
Peak memory is the kernel's high-water mark of the child (``VmHWM`` in
``/proc/self/status``, the same figure as ``getrusage(RUSAGE_SELF).ru_maxrss``),
cross-checked by a background thread that samples ``VmRSS``.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["GiB", "PhaseResult", "RssSampler", "peak_rss_bytes", "print_table", "run_phase"]

GiB = 1024**3


def _status_kib(key: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def peak_rss_bytes() -> int:
    """Peak resident memory of this process so far, in bytes."""
    hwm = _status_kib("VmHWM")
    if hwm is not None:
        return hwm * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


class RssSampler:
    """Background sampler of ``VmRSS``; ``peak`` is the largest value seen (bytes)."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = _status_kib("VmRSS")
            if rss is not None:
                self.peak = max(self.peak, rss * 1024)
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class PhaseResult:
    """What one phase measured: wall seconds, peak memory, rows and extra figures."""

    name: str
    seconds: float
    peak_bytes: int
    sampled_peak_bytes: int
    rows: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else float("nan")


def _child(fn: Callable[..., tuple[int, dict[str, Any]]], args: tuple[Any, ...], q: Any) -> None:
    try:
        with RssSampler() as sampler:
            t0 = time.perf_counter()
            rows, extra = fn(*args)
            seconds = time.perf_counter() - t0
        q.put(("ok", seconds, peak_rss_bytes(), sampler.peak, rows, extra))
    except BaseException as exc:  # report any failure to the parent
        q.put(("error", f"{type(exc).__name__}: {exc}"))
        raise


def run_phase(name: str, fn: Callable[..., tuple[int, dict[str, Any]]], *args: Any) -> PhaseResult:
    """Run ``fn(*args)`` in a fresh interpreter; it returns ``(rows, extra figures)``.

    ``fn`` must be a module-level function of an importable module.
    """
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, args, q))
    proc.start()
    msg = q.get()
    proc.join()
    if msg[0] != "ok":
        raise RuntimeError(f"phase {name!r} failed: {msg[1]}")
    _, seconds, peak, sampled, rows, extra = msg
    return PhaseResult(name, seconds, peak, sampled, rows, extra)


def print_table(
    results: list[PhaseResult], title: str = "", file: Any = None, notes: list[str] | None = None
) -> None:
    """Print phases as an aligned plain-text table (easy to paste into a README)."""
    out = file or sys.stdout
    head = ("phase", "rows", "wall s", "rows/s", "peak RSS GiB", "sampled GiB")
    body = [
        (
            r.name,
            f"{r.rows:,}",
            f"{r.seconds:.1f}",
            f"{r.rows_per_second:,.0f}" if r.rows else "-",
            f"{r.peak_bytes / GiB:.2f}",
            f"{r.sampled_peak_bytes / GiB:.2f}",
        )
        for r in results
    ]
    widths = [max(len(x[i]) for x in (head, *body)) for i in range(len(head))]
    if title:
        print(title, file=out)
    line = "  ".join(
        h.ljust(w) if i == 0 else h.rjust(w)
        for i, (h, w) in enumerate(zip(head, widths, strict=True))
    )
    print(line, file=out)
    print("-" * len(line), file=out)
    for row in body:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ),
            file=out,
        )
    for note in notes or []:
        print(note, file=out)
