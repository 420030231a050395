"""A small HTTP/1.1 keep-alive load generator on raw asyncio sockets, so the client costs little next to
the servers it measures (both servers are driven by the same code, so the ratio is fair)."""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    requests: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def build_request(method: str, path: str, host: str, token: str | None, body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: keep-alive"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    if body or method in ("POST", "PUT"):
        lines.append("Content-Type: application/json")
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
            break
    if length:
        await reader.readexactly(length)
    return status


async def _worker(
    host: str, port: int, make_request, deadline: float, out: list[float], errors: list[int]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < deadline:
            payload = make_request()
            start = time.perf_counter()
            writer.write(payload)
            status = await _read_response(reader)
            out.append((time.perf_counter() - start) * 1000)
            if status >= 400:
                errors.append(status)
    finally:
        writer.close()


async def run_load(host: str, port: int, make_request, seconds: float, concurrency: int) -> Result:
    latencies: list[float] = []
    errors: list[int] = []
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(
        *(_worker(host, port, make_request, deadline, latencies, errors) for _ in range(concurrency))
    )
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"{len(errors)} error responses, e.g. {errors[:5]}")
    return Result(len(latencies), elapsed, latencies)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), so a ratio survives a machine shared with other
    work: throughput on a loaded machine measures the machine, CPU per request measures the server."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
