"""The benchmark suite cannot rot: its smoke run (tiny sizes) computes every figure through the real stack.
Nothing here asserts a time; it asserts that every figure was measured and that nothing was lost."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.services


def test_the_benchmark_smoke_run_measures_every_figure(tmp_path):
    out = tmp_path / "smoke.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "FAIR_ENV")}
    result = subprocess.run([sys.executable, "bench/run.py", "--smoke", "--output", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(out.read_text())
    names = " ".join(f["name"] for f in figures["figures"])
    for expected in ("Fan-out p50", "Fan-out p99", "deliveries per second", "Burst", "Connection setup", "Memory per idle",
                     "Presence churn", "Order placed", "Hall page throughput", "Hall first-load JavaScript"):
        assert expected in names, expected
    for figure in figures["figures"]:
        assert figure["value"] == figure["value"] and figure["reference"] > 0, figure  # measured, not NaN
    for pattern in ("consumer", "hub"):
        burst = figures["raw"][pattern]["burst"]
        lost = burst["expected"] - burst["delivered"] - figures["raw"][pattern]["burst_recovered"]
        assert lost == 0, (pattern, burst)  # every announcement arrived live or by resuming
    assert figures["presence"]["correct"], figures["presence"]
    assert figures["queries"]["hall_page"] == figures["queries"]["hall_page_200_more_booths"]


def test_the_analytics_stage_smoke_run_measures_every_figure(tmp_path):
    """`bench/run.py --only analytics --smoke`: dashboards with more events against fewer, a rollup, chat with
    recording on and off, all measured through PostgreSQL and real daphne processes."""
    out = tmp_path / "analytics.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "FAIR_ENV")}
    result = subprocess.run([sys.executable, "bench/run.py", "--only", "analytics", "--smoke", "--output", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    found = json.loads(out.read_text())
    names = " ".join(f["name"] for f in found["figures"])
    for expected in ("Analytics dashboards", "Rollup of", "Chat round trip p50", "Chat round trip p99"):
        assert expected in names, expected
    for figure in found["figures"]:
        assert figure["value"] == figure["value"] and figure["reference"] > 0, figure
    assert found["dashboards"]["large_hour_rows"] >= found["dashboards"]["small_hour_rows"] > 0
    # The plans for docs/analytics.md are printed (at smoke sizes the planner may still prefer another scan).
    assert "every place of a fair (hour rollups):" in result.stdout and "Execution Time" in result.stdout
