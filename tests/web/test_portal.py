"""The portal (source 001 §2.3.2, module 1): a city publishes news, notices and policy
documents with attachments; anyone reads what is published, without logging in."""

from __future__ import annotations

from supervision_helpers import draft_article, new_regulator
from web_helpers import DEMO, PDF, Web, unique_login


def test_city_publishes_and_the_public_reads_without_login(web: Web) -> None:
    city = web.api_login(*DEMO["regulator"])  # 南京市卫健委, 320100
    title = f"关于开展放射诊疗专项检查的通知 {unique_login('t')}"
    article, attachment = draft_article(city, title)
    anon = web.anonymous()
    # a draft is the city's own
    assert anon.get(f"/api/portal/{article}").status_code == 404
    assert anon.get(f"/portal/{article}/attachments/{attachment}").status_code == 404
    assert title not in anon.get("/portal").text

    published = city.api("POST", f"/api/oversight/portal/{article}/publish")
    assert published.status_code == 200, published.text
    assert published.json()["status_label"] == "已发布"
    listing = anon.get("/api/portal/?kind=notice").json()
    assert title in [a["title"] for a in listing["items"]]
    assert listing["items"][0]["publisher"].startswith("江苏省南京市")
    page = anon.get(f"/portal/{article}")
    assert page.status_code == 200 and title in page.text and "通知.pdf" in page.text
    download = anon.get(f"/portal/{article}/attachments/{attachment}")
    assert download.status_code == 200 and download.content == PDF
    assert "attachment" in download.headers["content-disposition"]
    assert title in anon.get("/portal?kind=notice").text
    assert title not in anon.get("/portal?kind=news").text

    # a second publish is refused with the state; withdrawing hides it again
    again = city.api("POST", f"/api/oversight/portal/{article}/publish")
    assert again.status_code == 409 and "已发布" in again.json()["message"]
    assert city.api("DELETE", f"/api/oversight/portal/{article}").status_code == 409
    assert city.api("POST", f"/api/oversight/portal/{article}/withdraw").status_code == 200
    assert anon.get(f"/api/portal/{article}").status_code == 404
    assert city.api("DELETE", f"/api/oversight/portal/{article}").status_code == 204
    assert city.api("GET", f"/api/oversight/portal/{article}").status_code == 404


def test_who_manages_which_articles(web: Web) -> None:
    city = web.api_login(*DEMO["regulator"])
    article, attachment = draft_article(city)
    county = new_regulator(web, "320102")
    other_city = new_regulator(web, "320200")
    institution = web.api_login(*DEMO["institution"])
    # a county publishes through its city; another city does not see this city's drafts
    assert county.get("/api/oversight/portal/").status_code == 403
    assert (
        county.api("POST", "/api/oversight/portal/", json={"kind": "news", "title": "x"}).status_code == 403
    )
    assert other_city.get(f"/api/oversight/portal/{article}").status_code == 404
    assert other_city.api("POST", f"/api/oversight/portal/{article}/publish").status_code == 404
    assert other_city.get(f"/oversight/portal/{article}/attachments/{attachment}").status_code == 404
    assert article not in [a["id"] for a in other_city.get("/api/oversight/portal/").json()]
    assert institution.get("/api/oversight/portal/").status_code == 403
    # the administrator manages every article
    admin = web.api_login(*DEMO["admin"])
    assert admin.get(f"/api/oversight/portal/{article}").status_code == 200


def test_bad_input_is_named_by_field(web: Web) -> None:
    city = web.api_login(*DEMO["regulator"])
    r = city.api("POST", "/api/oversight/portal/", json={"kind": "blog", "title": "", "body": "x" * 20_001})
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert set(errors) == {"kind", "title", "body"}
    assert "新闻信息" in errors["kind"] and "20000" in errors["body"]
    article, _ = draft_article(city)
    text = city.api(
        "POST",
        f"/api/oversight/portal/{article}/attachments",
        files={"file": ("a.html", b"<html></html>", "text/html")},
    )
    assert text.status_code == 400 and "file" in text.json()["errors"]
    stale = city.api(
        "PUT", f"/api/oversight/portal/{article}", json={"kind": "news", "title": "改", "version": 99}
    )
    assert stale.status_code == 409
    assert web.anonymous().get("/api/portal/?page=0").status_code == 400
    assert web.anonymous().get("/api/portal/?kind=x").status_code == 400


def test_pages_without_script(web: Web) -> None:
    city = web.login(*DEMO["regulator"])
    title = f"放射卫生工作动态 {unique_login('n')}"
    form = city.get("/oversight/portal/new")
    assert form.status_code == 200 and "栏目" in form.text
    refused = city.post_form("/oversight/portal/new", {"kind": "news", "title": "", "body": ""})
    assert refused.status_code == 400 and 'id="err_title"' in refused.text
    created = city.post_form(
        "/oversight/portal/new", {"kind": "news", "title": title, "body": "第一行\n第二行"}
    )
    assert created.status_code == 303
    location = created.headers["location"].split("?")[0]
    article = int(location.rsplit("/", 1)[1])
    uploaded = city.post_form(
        f"{location}/attachments", {}, files={"file": ("文件.pdf", PDF, "application/pdf")}
    )
    assert uploaded.status_code == 303
    assert city.post_form(f"{location}/publish", {}).status_code == 303
    assert title in city.get("/oversight/portal").text
    public = web.anonymous().get(f"/portal/{article}")
    assert public.status_code == 200 and "<p>第二行</p>" in public.text and "文件.pdf" in public.text
    assert "门户" in web.anonymous().get("/login").text
