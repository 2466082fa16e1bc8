"""The golden-case kind ``password``: the findings of :func:`radrules.check_password`.

A case gives the ``password`` an account chooses and the ``division_code`` of the account
(or ``province``), and expects exactly the findings of the password rules in force::

    - name: 连续的数字
      kind: password
      article: §2.2 2“密码中不可以包含如123这样的连续数字”
      password: "Qz#123wk"
      division_code: "320100"
      as_of: 2026-03-15
      expect:
        findings:
          - {rule: JS.account.password, path: password}
"""

from __future__ import annotations

from radrules.engine.registry import Registry
from radrules.services.passwords import check_password
from radrules.testing.cases import CaseFailure, GoldenCase, compare_findings, register_case_kind


def _run_password(case: GoldenCase, registry: Registry) -> None:
    password = case.data.get("password")
    if not isinstance(password, str):
        raise CaseFailure(f"{case.where}: password 须为字符串（用引号括起）")
    division = case.data.get("division_code")
    result = check_password(
        password,
        division_code=None if division is None else str(division),
        as_of=case.as_of,
        province=case.province,
        registry=registry,
    )
    compare_findings(case, result)


register_case_kind("password", _run_password, keys={"password", "division_code"})
