"""The source catalogue (rulesets/sources.yaml): one entry per document, and nothing cites outside it.

Citations and ruleset ``source`` entries name documents by key; the title and the rest come
from the catalogue, so each is written once, and a key the catalogue lacks is refused where
it is written (the code's file and line, the YAML file and key path, the plugin) with the
nearest key.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

import radrules.engine.registry as registry_module
from radrules import (
    Citation,
    ParameterSpec,
    PluginError,
    Registry,
    RulesetError,
    SourceCatalogue,
    SourceError,
    UnknownSource,
    cite,
    default_registry,
    format_citations,
)
from radrules.cli import main
from radrules.cli.sources_cmd import markdown
from radrules.engine.explain import explain
from radrules.ruleset.files import ParameterFile
from radrules.ruleset.lint import DATA_FOLDERS, lint_tree
from radrules.ruleset.loader import load_ruleset
from radrules.ruleset.sources import default_file
from radrules.ruleset.yaml_files import read_yaml, structure_file

ROOT = Path(__file__).resolve().parent.parent
MANUAL_TITLE = "《江苏省放射卫生信息管理平台 操作手册》"


def test_a_citation_takes_its_title_and_link_from_the_catalogue() -> None:
    c = cite("卫生部令第55号", "第十一条")
    assert c == Citation(document="卫生部令第55号", article="第十一条")
    assert c.title == "放射工作人员职业健康管理办法"
    assert str(c) == "《放射工作人员职业健康管理办法》（卫生部令第55号）第十一条"
    assert str(cite("source 000", "§5.3.4 第六步")) == f"{MANUAL_TITLE}§5.3.4 第六步"
    notice = cite("闽卫职健函〔2021〕847号")
    assert notice.source.issued_on is not None and notice.source.issued_on.isoformat() == "2021-12-02"
    # a title that agrees with the catalogue is accepted (code written before it), one that does not is refused
    assert Citation(document="卫生部令第55号", title="放射工作人员职业健康管理办法") == cite("卫生部令第55号")
    with pytest.raises(SourceError, match="与文献目录不符.*放射工作人员职业健康管理办法.*test_sources.py:"):
        Citation(document="卫生部令第55号", title="放射工作人员健康管理规定")


@pytest.mark.parametrize(
    ("key", "nearest"),
    [
        ("卫生部令55号", "卫生部令第55号"),
        ("放射工作人员职业健康管理办法", "卫生部令第55号"),  # a title where the key belongs
        ("sourse 000", "source 000"),
        ("source 003", "吉卫监督发〔2021〕1号"),  # a short name where a document has a number
        ("医疗机构校验管理办法(试行)", "医疗机构校验管理办法（试行）"),
    ],
)
def test_an_unknown_key_is_refused_with_the_nearest_key_and_the_line_that_wrote_it(
    key: str, nearest: str
) -> None:
    with pytest.raises(UnknownSource) as info:
        Citation(document=key, article="第一条")
    assert info.value.nearest == nearest
    assert f"是否应为 {nearest}？" in str(info.value)
    assert "tests/test_sources.py:" in info.value.where


def test_a_plugin_citing_an_unknown_document_fails_to_load_naming_the_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "typo_plugin.py").write_text(
        'from radrules import cite\n\nNOTICE = cite("闽卫职健函〔2021〕874号", "第五条")\n', "utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "typo_plugin", raising=False)
    point = EntryPoint(name="typo", value="typo_plugin", group=registry_module.ENTRY_POINT_GROUP)
    monkeypatch.setattr(registry_module, "entry_points", lambda group: [point])
    with pytest.raises(PluginError) as info:
        Registry.load()
    text = str(info.value)
    assert "插件 typo（typo_plugin）加载失败" in text
    assert "是否应为 闽卫职健函〔2021〕847号" in text and "typo_plugin.py:3" in text


META = "jurisdiction: '33'\nversion: '1'\ntitle: 测试\n"
SPECS = [ParameterSpec(name="deadline_days", type=int)]


def _ruleset(tmp_path: Path, sources: str) -> Path:
    folder = tmp_path / "zhejiang"
    folder.mkdir()
    (folder / "ruleset.yaml").write_text(META, "utf-8")
    values = f"description: 期限\nvalues:\n  - valid_from: 2022-01-01\n    value: 15\n{sources}"
    (folder / "deadline_days.yaml").write_text(values, "utf-8")
    return folder


@pytest.mark.parametrize(
    ("sources", "key", "message"),
    [
        (
            "    source: {document: 闽卫职健函〔2021〕874号, article: 第五条}\n",
            "values[0].source.document",
            "文献目录中没有 闽卫职健函〔2021〕874号，是否应为 闽卫职健函〔2021〕847号？",
        ),
        (
            "    sources:\n      - {document: source 000, article: §5.3.4}\n      - {document: 江苏省操作手册}\n",
            "values[0].sources[1].document",
            "是否应为 source 000",
        ),
        (
            "    source: {document: 卫生部令第55号, title: 放射工作人员健康管理规定}\n",
            "values[0].source.title",
            "与文献目录不符（目录为“放射工作人员职业健康管理办法”）",
        ),
        ("    source: {document: 卫生部令第55号, url: x}\n", "values[0].source.url", "未知字段 url"),
    ],
)
def test_a_ruleset_source_outside_the_catalogue_is_refused_with_file_and_key(
    tmp_path: Path, sources: str, key: str, message: str
) -> None:
    with pytest.raises(RulesetError) as info:
        load_ruleset(_ruleset(tmp_path, sources), SPECS)
    assert info.value.file.endswith("deadline_days.yaml")
    assert info.value.key == key
    assert message in info.value.message


def test_shipped_ruleset_sources_carry_no_title_of_their_own() -> None:
    """Titles are written once, in the catalogue; a value's source is a key and an article."""
    files = sorted(p for p in (ROOT / "rulesets").glob("*/*.yaml") if p.parent.name not in DATA_FOLDERS)
    files = [p for p in files if p.name != "ruleset.yaml"]
    assert len(files) >= 10
    for path in files:
        raw: ParameterFile = structure_file(read_yaml(path, str(path)), ParameterFile, str(path))
        refs = [
            ref for entry in raw.values for ref in ((entry.source,) if entry.source else ()) + entry.sources
        ]
        assert refs and all(ref.title is None for ref in refs), path


def _catalogue_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        (
            "documents:\n  - {title: 无键, wording: verified}\n",
            "documents[0]",
            "须有文号（number）或简称（short_name）",
        ),
        (
            "documents:\n  - {number: 甲〔2026〕1号, title: 甲, wording: verified}\n"
            "  - {number: 甲〔2026〕1号, title: 乙, wording: verified}\n",
            "documents[1]",
            "与 documents[0] 重复",
        ),
        ("documents:\n  - {number: 甲〔2026〕1号, title: 甲}\n", "documents[0].wording", "须注明措辞"),
        (
            "documents:\n  - {number: 甲〔2026〕1号, title: 甲, wording: sure}\n",
            "documents[0].wording",
            "verified",
        ),
    ],
)
def test_a_bad_catalogue_file_names_the_entry(tmp_path: Path, text: str, key: str, message: str) -> None:
    with pytest.raises(RulesetError) as info:
        SourceCatalogue().load(_catalogue_file(tmp_path, text))
    assert info.value.key == key
    assert message in info.value.message


def test_two_files_may_not_define_one_document_differently(tmp_path: Path) -> None:
    catalogue = SourceCatalogue()
    catalogue.load(default_file(), "rulesets/sources.yaml")
    assert catalogue.load(default_file(), "again")  # the same content twice is harmless
    other = _catalogue_file(
        tmp_path,
        "documents:\n  - {number: 卫生部令第55号, title: 放射工作人员健康管理规定, wording: verified}\n",
    )
    with pytest.raises(RulesetError, match="已在 rulesets/sources.yaml documents\\[\\d+\\] 中定义"):
        catalogue.load(other)
    assert catalogue.get("卫生部令第55号").title == "放射工作人员职业健康管理办法"  # nothing was added
    problems = lint_tree(other.parent, {})
    assert not problems  # on its own the file is fine; only loading both conflicts
    broken = _catalogue_file(tmp_path, "documents:\n  - {title: 无键, wording: verified}\n")
    assert any("short_name" in p.message for p in lint_tree(broken.parent, {}))


def test_explain_shows_each_document_once() -> None:
    e = explain("JS.card.report-source")
    assert [s.key for s in e.sources] == ["source 000"]  # the rule and its parameter both cite the manual
    assert format_citations(e.citations) == [f"{MANUAL_TITLE}§5.3.4 第四、五步，第6章 常见问题4、5"]
    code = main(["explain", "JS.card.qc-code"])
    assert code == 0


def test_explain_text_lists_the_documents_with_what_is_known_of_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["explain", "JS.device-test.item-verdict"]) == 0
    out = capsys.readouterr().out
    assert "（江苏省放射卫生信息管理平台操作手册）" not in out  # the title once, never beside itself
    documents = out.split("  文献：\n", 1)[1].splitlines()
    assert [line.split("》")[0] for line in documents] == [
        "    - 《江苏省放射卫生信息管理平台 操作手册",
        "    - 《医用X射线诊断设备质量控制检测规范",
        "    - 《关于进一步规范放射卫生技术服务行为的通知",  # 三: a remark justifies a verdict
        "    - 《放射诊断放射防护要求",
        "    - 《X射线计算机体层摄影装置质量控制检测规范",  # the catalogue's CT items
    ]
    assert "措辞据二手资料" in documents[1] and "2021-05-01 起施行" in documents[1]
    assert main(["explain", "JS.device-test.item-verdict", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["number"] or s["short_name"] for s in data["sources"]] == [
        "source 000",
        "WS 76-2020",
        "吉卫监督发〔2021〕1号",
        "GBZ 130-2020",
        "WS 519-2019",
    ]
    assert data["sources"][1]["wording"] == "secondary"


#: National rules whose only basis is the Jiangsu platform's manual: no national document says it.
MANUAL_ONLY = {"NAT.dose.basic-info", "NAT.dose.dates", "NAT.dose.values", "NAT.account.password"}
PROVINCIAL = {"source 000", "source 002", "吉卫监督发〔2021〕1号", "闽卫职健函〔2021〕847号"}


def test_national_rules_cite_national_documents() -> None:
    registry = default_registry()
    national = [r for r in registry.rules.values() if r.id.startswith("NAT.")]
    assert len(national) >= 20
    for rule in national:
        keys = {c.document for c in rule.citations}
        if rule.id in MANUAL_ONLY:
            assert keys == {"source 000"}, rule.id
            assert "only basis" in rule.description, rule.id  # and the rule says so
        else:
            assert keys and not keys & PROVINCIAL, (rule.id, keys)
    for code in ("national",):
        ruleset = registry.ruleset(code)
        assert ruleset is not None
        for parameter in ruleset.parameters.values():
            for value in parameter.values:
                assert not {c.document for c in value.sources} & PROVINCIAL, parameter.name


def test_committed_sources_page_is_current() -> None:
    shipped = SourceCatalogue()
    shipped.load(default_file(), "rulesets/sources.yaml")
    expected = markdown(shipped) + "\n"
    assert (ROOT / "docs" / "sources.md").read_text("utf-8") == expected, (
        "run: radrules sources --format markdown > docs/sources.md"
    )


def test_sources_command_lists_every_document_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    keys = [d["key"] for d in data]
    assert len(keys) == len(set(keys))
    for key in ("source 000", "source 001", "source 002", "卫生部令第46号", "GBZ 128-2019", "GB 18871-2002"):
        assert key in keys
    assert "国办发明电〔2025〕7号" in keys  # the calendar's notices, catalogued by their year files
    assert {d["wording"] for d in data if d["key"] == "WS 519-2019"} == {"secondary"}
    assert main(["sources"]) == 0
    assert "用途：外照射个人剂量监测周期最长90天" in capsys.readouterr().out
