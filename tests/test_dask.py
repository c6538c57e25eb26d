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


def test_worker_without_a_plugins_rules_ends_the_run_instead_of_checking_with_fewer(tmp_path):
    """A worker where a plugin fails (not installed, a hook raising) would leave that
    plugin's rules out of its reports, silently; the run stops with exit 2 and says
    which worker, which rules and why."""
    generate(tmp_path, 4, seed=5, faults=0)
    folder = str(tmp_path / "reports")
    plugin = ("--plugin", "tests.plugins.missing_on_workers")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        code, out, err = cli("check", folder, "--lang", "en", "--dask", address, *plugin)
        assert (code, out) == (2, "")
        (line,) = err.strip().splitlines()
        assert line.startswith("nianbao: error: Dask worker tcp://127.0.0.1:")
        assert "checks with other rules than this machine (it lacks: PROV001; " in line
        assert "hook nianbao_rules raised LookupError: no rules table on this worker" in line
        code, _, err = cli("check", folder, "--dask", address, *plugin)
        assert code == 2 and "使用的规则与本机不同（它缺少：PROV001；" in err
        # the same plugins everywhere: the run goes on
        code, out, _ = cli("check", folder, "--format", "json", "--dask", address)
        assert code == 0 and '"reports"' in out
