"""The golden-case kind ``training``: the findings of :func:`radrules.check_training`.

Like a ``check`` case, but its input (``filing``, ``sample`` or ``input``, then ``set`` and
``unset``) is a training envelope (docs/schema/training.schema.json)::

    - name: 报名截止后不能报名
      kind: training
      article: §7 问题八
      filing: ../../../examples/training/jiangsu/valid-registration.json
      as_of: 2026-04-01
      expect:
        findings:
          - {rule: JS.training.registration.deadline, path: "registrations[0].status"}
"""

from __future__ import annotations

from radrules.engine.registry import Registry
from radrules.errors import InputError
from radrules.testing.cases import CaseFailure, GoldenCase, case_input, compare_findings, register_case_kind
from radrules.training.check import check_training


def _run_training(case: GoldenCase, registry: Registry) -> None:
    try:
        result = check_training(case_input(case), as_of=case.as_of, province=case.province, registry=registry)
    except InputError as exc:
        raise CaseFailure(f"{case.where}: 输入无法读取：{exc}") from None
    compare_findings(case, result)


register_case_kind("training", _run_training, keys={"filing", "sample", "input", "set", "unset"})
