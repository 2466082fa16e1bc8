"""The golden-case kind ``enrolment``: the findings of :func:`radrules.check_enrolment` on a
worker's individual registration for online training (docs/exams.md)::

    - name: 无岗前培训记录报名在岗培训：不能报名
      kind: enrolment
      article: 卫生部令第55号 第七条
      filing: ../../../examples/exams/valid-in-service-enrolment.json
      as_of: 2027-04-15
      set: {"trainings": []}
      expect:
        findings:
          - {rule: NAT.exam.enrolment.first-pre-job, path: plan.kind}

``as_of`` is the day of registering, as for a ``check`` case.
"""

from __future__ import annotations

from radrules.engine.registry import Registry
from radrules.errors import InputError
from radrules.exams.eligibility import check_enrolment
from radrules.testing.cases import CaseFailure, GoldenCase, case_input, compare_findings, register_case_kind


def _run_enrolment(case: GoldenCase, registry: Registry) -> None:
    try:
        result = check_enrolment(
            case_input(case), as_of=case.as_of, province=case.province, registry=registry
        )
    except InputError as exc:
        raise CaseFailure(f"{case.where}: 输入无法读取：{exc}") from None
    compare_findings(case, result)


register_case_kind("enrolment", _run_enrolment, keys={"filing", "input", "set", "unset"})
