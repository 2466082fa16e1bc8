"""Who a device-test or dose report names: the institution's own credit code, and the client
it picks from the platform's register (institutions pick clients, never add them, source
000 §5.1.1, §5.2.1). Each report kind's resolver starts from :func:`parties`."""

from __future__ import annotations

from typing import Any

from radrules_webshell.clients.tables import Client
from radrules_webshell.core.errors import Invalid, NotFound
from radrules_webshell.institutions.tables import Institution

from radrules import Client as ClientModel
from radrules import ClientKind


async def institution_uscc(institution_id: int) -> str:
    row = await Institution.select(Institution.uscc).where(Institution.id == institution_id).first()
    if row is None:
        raise NotFound()
    return str(row["uscc"])


async def parties(institution_id: int, given_uscc: str, client_uscc: str) -> tuple[str, int, ClientModel]:
    """The institution's own credit code (``given_uscc``, what a body names, may only be it)
    and the picked client: what a report kind's resolver starts from."""
    own = await institution_uscc(institution_id)
    check_institution(given_uscc, own)
    client_id, client = await picked_client(client_uscc)
    return own, client_id, client


async def picked_client(uscc: str, *, path: str = "client.uscc") -> tuple[int, ClientModel]:
    """The registered client with credit code ``uscc`` (institutions pick, never add, §5.1.1)."""
    text = (uscc or "").strip().upper()
    row = await Client.select().where(Client.uscc == text).first() if text else None
    if row is None:
        raise Invalid(
            "委托单位不存在：只能选择平台上已登记的放射诊疗单位",
            errors={path: "平台上没有该统一社会信用代码的委托单位"},
        )
    return int(row["id"]), client_model(row)


def client_model(row: dict[str, Any]) -> ClientModel:
    return ClientModel(
        name=row["name"], uscc=row["uscc"], kind=ClientKind(row["kind"]), division_code=row["division_code"]
    )


def check_institution(given: str, own: str) -> None:
    if given and given.strip().upper() != own:
        raise Invalid(
            "只能填报本机构的报告", errors={"institution_uscc": f"应为本机构的统一社会信用代码 {own}"}
        )
