"""The qualification declaration as a document of its own (source 000 §4.1; issue 18 item 6)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from radrules_plugins.jiangsu.rules_declaration import placeholder_problem

import radrules

EXAMPLE = (
    Path(__file__).resolve().parent.parent / "examples" / "jiangsu" / "valid-qualification-declaration.json"
)
AS_OF = date(2026, 11, 26)


def test_a_declaration_is_checked_under_the_rules_of_its_province() -> None:
    data = json.loads(EXAMPLE.read_text("utf-8"))
    declaration = radrules.filing_from_json(data).declaration
    assert declaration is not None and declaration.staff[1].support_multiple == 2
    result = radrules.check(declaration, as_of=AS_OF)  # an Institution alone is a declaration
    assert result.ok and result.jurisdictions == ("national", "32")
    declaration.qualification.certificate_no = "苏卫职技字[]第号"  # type: ignore[union-attr]
    declaration.website = "not a url"
    found = {f.rule_id: f for f in radrules.check(declaration, as_of=AS_OF).findings}
    assert found["JS.declaration.certificate-no"].path == "declaration.qualification.certificate_no"
    assert "未填写完整的模板" in found["JS.declaration.certificate-no"].message
    assert found["JS.declaration.website"].path == "declaration.website"


def test_placeholders() -> None:
    for template in (
        "苏卫职技字[]第号",
        "苏卫职技字［］第号",
        "苏卫职技字[2024]第号",
        "苏卫职技字〔〕第018号",
        "待填写",
    ):
        assert placeholder_problem(template), template
    assert placeholder_problem("苏卫职技字[2024]第018号") is None
    assert placeholder_problem("  ") == "证书编号为必填项"
