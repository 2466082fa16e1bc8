"""The training certificate of a passed online exam (source 001 表1 第18项; the plan's
``issues_certificate``): issued with the score, once, numbered in the province's series, its
PDF and QR for the worker, verified on the public page, and shown in the archive."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from exam_web_helpers import confirmed_sitting, manager, new_bank, new_plan, pass_sitting, sign_up
from web_helpers import Web


def _certificates(web: Web, id_number: str) -> list[dict[str, Any]]:
    from radrules_webshell.training.certificates.tables import TrainingCertificate

    return list(web.run(TrainingCertificate.select().where(TrainingCertificate.id_number == id_number)))


def test_a_pass_issues_the_certificate_once_with_its_qr(web: Web) -> None:
    from radrules_webshell.exams import sittings
    from radrules_webshell.exams.tables import ExamSitting
    from radrules_webshell.exams.web import now

    cdc = manager(web)
    plan_id = new_plan(web, cdc, new_bank(web, cdc), issues_certificate="on")
    worker, id_number = sign_up(web, name="持证人")
    _, sitting_id = confirmed_sitting(worker, web, plan_id)
    assert _certificates(web, id_number) == []  # nothing before the score
    pass_sitting(web, worker, sitting_id)
    (cert,) = _certificates(web, id_number)
    assert cert["exam_sitting"] == sitting_id and cert["session"] is None and cert["status"] == "valid"
    assert cert["key"] == f"exam:{plan_id}|{id_number}"
    # Jiangsu's series, under the code for types its vocabulary does not list
    assert re.fullmatch(r"JSPX-\d{4}-99-\d{6}-[0-9A-Z]", cert["number"]), cert["number"]
    assert '"plan_type":"放射工作人员岗前培训"' in cert["document"] and "持证人" in cert["document"]
    # scoring again (a second request, the expiry job) issues nothing more
    again = web.run(sittings.finalize, sitting_id, now() + timedelta(hours=2), submitted=True)
    assert again["passed"] is True
    assert [c["id"] for c in _certificates(web, id_number)] == [cert["id"]]
    row = web.run(ExamSitting.select().where(ExamSitting.id == sitting_id).first())
    assert row["scored_at"] is not None
    # the worker sees it and downloads the PDF, whose QR opens the public verification page
    result = worker.get(f"/exams/sittings/{sitting_id}/result").text
    assert 'id="certificate"' in result and cert["number"] in result
    pdf = worker.get(f"/exams/sittings/{sitting_id}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # another worker cannot download it
    other, _ = sign_up(web, name="旁人")
    assert other.get(f"/exams/sittings/{sitting_id}/certificate.pdf").status_code == 404
    from radrules_webshell.training.certificates import files, verify

    settings = web.client.app.state.settings
    url = files.verification_url(cert["number"], settings, "http://testserver/training/verify")
    verdict = web.run(verify.verify, url.split("?", 1)[1], settings)
    assert verdict.state == "valid", verdict.reason
    assert verdict.facts["name"] == "持证人" and verdict.facts["session"] == "在线培训考试"
    page = web.anonymous().get("/training/verify?" + url.split("?", 1)[1])
    assert page.status_code == 200 and "有效" in page.text


def test_the_archive_shows_the_certificate_with_the_exam_and_does_not_take_it_again(web: Web) -> None:
    from exam_web_helpers import hospital_uscc
    from register_helpers import worker as archive_worker
    from web_helpers import DEMO

    cdc = manager(web)
    plan_id = new_plan(web, cdc, new_bank(web, cdc), issues_certificate="on")
    worker, id_number = sign_up(web, name="档案证书")
    _, sitting_id = confirmed_sitting(worker, web, plan_id)
    pass_sitting(web, worker, sitting_id)
    (cert,) = _certificates(web, id_number)
    admin = web.api_login(*DEMO["admin"])
    client_id = next(
        u["id"] for u in admin.get("/api/supervision/units").json() if u["uscc"] == hospital_uscc()
    )
    w = archive_worker(admin, client_id, name="档案证书", id_number=id_number, started_on="2020-01-01")
    archive = admin.get(f"/api/supervision/units/{client_id}/workers/{w['id']}").json()
    (result,) = archive["exam_results"]
    assert result["certificate"]["number"] == cert["number"]
    assert archive["training_certificates"] == []  # recorded with the exam, not offered to take
    page = web.login(*DEMO["admin"]).get(f"/supervision/units/{client_id}/workers/{w['id']}")
    assert page.status_code == 200 and cert["number"] in page.text


@pytest.mark.parametrize("how", ["no certificate on the plan", "failed"])
def test_no_certificate_without_the_plan_or_without_a_pass(web: Web, how: str) -> None:
    cdc = manager(web)
    overrides = {} if how == "no certificate on the plan" else {"issues_certificate": "on"}
    plan_id = new_plan(web, cdc, new_bank(web, cdc), **overrides)
    worker, id_number = sign_up(web)
    _, sitting_id = confirmed_sitting(worker, web, plan_id)
    if how == "failed":
        assert worker.post_form(f"/exams/sittings/{sitting_id}/submit", {}).status_code == 303
    else:
        pass_sitting(web, worker, sitting_id)
    assert _certificates(web, id_number) == []
    assert 'id="certificate"' not in worker.get(f"/exams/sittings/{sitting_id}/result").text


def test_a_plan_whose_province_numbers_no_certificates_may_not_promise_one(web: Web) -> None:
    from exam_web_helpers import plan_form
    from radrules_webshell.core.errors import Invalid
    from radrules_webshell.core.principal import Principal
    from radrules_webshell.exams import plans, questions
    from radrules_webshell.exams.forms import plan_from_form

    admin = Principal(account_id=0, login="system", name="系统", role="admin")
    bank = web.run(questions.create_bank, admin, "福建题库", "350100")
    form = plan_from_form(plan_form(bank, issues_certificate="on"))
    with pytest.raises(Invalid) as caught:
        web.run(plans.create, admin, form, bank_id=bank, today=date.today())
    assert "无法颁发培训合格证" in caught.value.errors["issues_certificate"]
