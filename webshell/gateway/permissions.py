"""What an API token may do (source 001 module 13 标准接口): each permission opens a set of
JSON routes, by path; every other route refuses a token (403), so a route added later is
closed to tokens until it is listed here.

Technical-service institutions post device tests and doses (``device_tests``, ``doses``)
through the same routes as their pages; occupational-health-examination institutions post
examination results (``health_exams``, :mod:`.health_exams`); a regulator's other system
pulls the registers of its division (``register:read``, :mod:`.registers`). A permission opens a route for the token's own
organisation only: the routes scope every query by the principal, as for a session.
"""

from __future__ import annotations

#: Permission → (Chinese label, the roles whose organisations may hold it).
PERMISSIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "device_tests": ("检测报告：新增、修改、提交、查询", ("institution",)),
    "doses": ("个人剂量监测报告：新增、修改、提交、查询", ("institution",)),
    # 职业健康检查机构 only: the routes refuse an institution of another kind (403)
    "health_exams": ("职业健康检查结果：提交、查询（职业健康检查机构）", ("institution",)),
    # another health system of a regulator: the registers of its division
    "register:read": ("辖区单位登记信息：读取", ("regulator",)),
}

#: Path prefix → the permission that opens it. ``/api/me`` answers every token.
ROUTES: dict[str, str] = {
    "/api/device-tests": "device_tests",
    "/api/dose-reports": "doses",
    # the client's devices and workers an institution picks for a report (source 000 §5.1.1)
    "/api/institution/clients": "device_tests doses",
    "/api/health-exams": "health_exams",
    "/api/registers": "register:read",
}
ANY_TOKEN = frozenset({"/api/me"})


def opens(path_template: str, granted: tuple[str, ...]) -> bool:
    """Whether a token with ``granted`` permissions may use the route ``path_template``."""
    if path_template in ANY_TOKEN:
        return True
    for prefix, needs in ROUTES.items():
        if path_template == prefix or path_template.startswith(prefix + "/"):
            return any(p in granted for p in needs.split())
    return False


def allowed_for(role: str) -> list[str]:
    """The permissions an organisation of ``role`` may give its tokens."""
    return [name for name, (_label, roles) in PERMISSIONS.items() if role in roles]
