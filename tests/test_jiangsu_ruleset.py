"""The Jiangsu ruleset loads strictly: a bad catalog value names its file and path."""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

import pytest
from radrules_plugins.jiangsu import PARAMETERS
from radrules_plugins.jiangsu.types import TestCatalog

from radrules import RulesetError
from radrules.ruleset.loader import load_ruleset

SOURCE = Path(str(files("radrules_rulesets") / "jiangsu"))


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "jiangsu"
    shutil.copytree(SOURCE, folder)
    return folder


def test_the_shipped_ruleset_loads_with_every_parameter_sourced() -> None:
    ruleset = load_ruleset(SOURCE, PARAMETERS, jurisdiction="32")
    catalog = ruleset.parameters["test_items"].values[0].value
    assert isinstance(catalog, TestCatalog)
    assert {d.code for d in catalog.device_types} >= {"dr", "cr", "fluoroscopy", "dsa", "ct"}
    for parameter in ruleset.parameters.values():
        assert all(v.sources for v in parameter.values), parameter.name


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('min: "2.3"}\n', 'min: "2.3", max: "1.0"}\n', "大于上限"),
        ('max: "10.0"}', 'max: "十"}', "不是有效的数值"),
        (
            "items: [output-repeatability-5, hvl-dental-intraoral]",
            "items: [hvl-dental-intraorl]",
            "未定义的检测项目",
        ),
        ("passing: [无伪影], failing: [有伪影]}\n", "failing: [有伪影]}\n", "passing"),
    ],
)
def test_bad_catalog_values_fail_loading_with_their_place(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    folder = _copy(tmp_path)
    file = folder / "test_items.yaml"
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulesetError, match=message) as exc:
        load_ruleset(folder, PARAMETERS, jurisdiction="32")
    assert "test_items.yaml" in exc.value.file
    assert exc.value.key.startswith("values[1].value")  # the catalog from WS 76-2020 on


def test_an_unknown_key_names_the_nearest_one(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    file = folder / "qc_code_format.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace("sequence_digits", "sequence_digit"), encoding="utf-8"
    )
    with pytest.raises(RulesetError, match="sequence_digits"):
        load_ruleset(folder, PARAMETERS, jurisdiction="32")
