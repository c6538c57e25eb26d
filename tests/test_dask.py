"""``--dask``: the per-report checks as Dask tasks give the same bytes as --jobs 1."""

from __future__ import annotations

import pytest

from benchmarks.generate import generate
from tests.conftest import cli

distributed = pytest.importorskip("distributed")


def test_dask_run_equals_local_run(tmp_path):
    generate(tmp_path, 30, seed=5, faults=0.4)
    folder = str(tmp_path / "reports")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        code_d, out_d, err_d = cli(
            "check", folder, "--format", "json", "--dask", cluster.scheduler_address
        )
    code_l, out_l, _ = cli("check", folder, "--format", "json", "--jobs", "1")
    assert "检查汇总：共 30 份报告" in err_d
    assert (code_d, out_d) == (code_l, out_l)
    assert '"rule": "X' in out_l  # the corpus rules ran on the gathered facts


def test_dask_unreachable_scheduler_is_one_line(tmp_path):
    generate(tmp_path, 2, seed=5, faults=0)
    code, out, err = cli("check", str(tmp_path / "reports"), "--dask", "tcp://127.0.0.1:1")
    assert code == 2 and out == ""
    assert err.startswith("nianbao: error: 无法连接 tcp://127.0.0.1:1 的 Dask 调度器")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
