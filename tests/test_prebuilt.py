"""The shipped packs and catalogues, parsed when the package is made (core/prebuilt.py).

A text exactly as shipped gets the stored data; any other text is parsed by PyYAML;
either way the data, the findings and the lines of errors are the same.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import yaml

from nianbao.core import packyaml, prebuilt
from nianbao.core.messages import Catalogue
from nianbao.core.regenerate import shipped_yaml
from nianbao.core.rules import load_pack
from nianbao.core.runner import Checker, Options
from tests.conftest import load_fixture, run_rules


def test_the_store_is_what_the_generator_writes():
    """_prebuilt_yaml.jsonl is generated: a pack or catalogue change must come with it."""
    shipped = prebuilt.YAML_STORE.read_text("utf-8")
    assert shipped == prebuilt.yaml_store(shipped_yaml()), "run: python -m nianbao.core.regenerate"


def test_every_shipped_file_is_stored_as_yaml_reads_it():
    files = shipped_yaml()
    assert {p.parent.name for p in files} == {"locale", "packs"}
    for path in files:
        text = path.read_bytes().decode("utf-8")
        assert prebuilt.yaml_data(text) == yaml.safe_load(text), path


def test_a_changed_text_is_not_taken_from_the_store():
    text = shipped_yaml()[0].read_bytes().decode("utf-8")
    assert prebuilt.yaml_data(text) is not prebuilt.ABSENT
    assert prebuilt.yaml_data(text + "\n") is prebuilt.ABSENT
    assert prebuilt.yaml_data(text.replace("：", ":", 1)) is prebuilt.ABSENT


def test_each_lookup_gives_new_objects():
    """A caller may change what it got; the next caller still gets the file's data."""
    shipped = next(p for p in shipped_yaml() if p.name == "national-tables.yaml")
    text = shipped.read_bytes().decode("utf-8")
    first = prebuilt.yaml_data(text)
    first["rules"].clear()
    assert prebuilt.yaml_data(text)["rules"]


def test_a_stored_pack_points_errors_at_the_same_lines(tmp_path):
    """A pack read from the store composes its YAML only when an error needs a line."""
    shipped = next(p for p in shipped_yaml() if p.name == "national-content.yaml")
    copy = tmp_path / shipped.name
    shutil.copyfile(shipped, copy)
    pack = load_pack(copy)
    assert pack.root is None  # not parsed by PyYAML
    text = copy.read_text("utf-8")
    # the fourth rule's check, found in the text itself
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("  - id:")]
    check = next(i for i in range(starts[3], starts[4]) if "check:" in lines[i]) + 1
    assert pack.line_of(["rules", 3, "check"]) == check
    assert pack.line_of(["rules", 3, "check"]) == packyaml.line_of(
        packyaml.parse(text)[1], ["rules", 3, "check"]
    )
    error = pack.error("bad", ["rules", 3, "check"])
    assert error.line == check and error.key == "rules[3].check"


def test_an_edited_catalogue_is_parsed_again(tmp_path):
    shipped = next(p for p in shipped_yaml() if p.name == "zh.yaml")
    text = shipped.read_text("utf-8")
    data = yaml.safe_load(text)
    title = data["T301"]["title"]
    edited = tmp_path / "zh.yaml"
    edited.write_text(text.replace(title, "改过的标题", 1), encoding="utf-8")
    for path, expected in ((shipped, title), (edited, "改过的标题")):
        catalogue = Catalogue()
        catalogue.add("zh", path)
        assert catalogue.entries["zh"]["T301"]["title"] == expected


def test_the_store_and_pyyaml_give_the_same_findings(monkeypatch):
    report = load_fixture("clean-2021")
    report["tables"]["applications"]["new_received"]["commercial"] += 1

    def findings() -> list[tuple[str, str, str]]:
        checker = Checker(Options(entry_points=False))
        return [(f.rule, f.pointer, f.message) for f in run_rules(checker, report)]

    stored = findings()
    monkeypatch.setattr(prebuilt, "_yaml_lines", lambda: {})
    assert findings() == stored
    assert any(rule == "T301" for rule, _, _ in stored)


def test_a_default_run_does_not_load_pyyaml(tmp_path):
    """The whole point: ≈ 19 ms of every process (PyYAML's import and the parses)."""
    code = (
        "import sys\n"
        "from nianbao.cli import main\n"
        "try:\n"
        "    main(['check', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('yaml' in sys.modules, file=sys.stderr)\n"
    )
    report = tmp_path / "r.json"
    report.write_text(json.dumps(load_fixture("clean-2021"), ensure_ascii=False), "utf-8")
    # (installed plugins not loaded: a province's own pack is YAML, parsed as it should be)
    env = {**os.environ, "NIANBAO_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(report)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr
