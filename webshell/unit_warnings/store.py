"""Keeping the stored warnings in step with an evaluation (source 001 §2.3.4; issue 16 item 4).

:func:`apply` takes the :class:`radrules.WarningReport` of each unit of a batch and, in one
transaction: opens the warnings raised for the first time, opens again those closed
earlier, refreshes those still raised (level, message, due date, path), and closes the open
ones no longer raised — “closed automatically when the data no longer raise it”. Identity is
the library's ``key`` (never a list position). Each change is an event in the history.

Then it tells: the unit, in its inbox, one message per evaluation listing what opened; and
each authority the ruleset's recipients name (``warning.notify``: the county, the city), one
message per evaluation listing the units. Medium and high warnings also go into the
recipients' daily SMS summary (``sms="digest"``: one text per recipient and day). Nothing
here decides what is a warning, its level or who is told: that is the report's.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import attrs
from radrules_webshell.accounts.tables import Authority
from radrules_webshell.db.bulk import insert_rows
from radrules_webshell.db.transaction import atomic
from radrules_webshell.notifications import Recipient, notify
from radrules_webshell.unit_warnings.tables import UnitWarning, UnitWarningEvent

from radrules import RegisterWarning, WarningReport

#: Ids per ``UPDATE … WHERE id IN (…)``; the INSERTs are chunked by ``db.bulk``.
CHUNK = 500
SYSTEM = "系统（预警评估）"
_COMPARED = ("level", "level_label", "message", "path", "due", "category")


@attrs.define
class Applied:
    """What one evaluation changed."""

    units: int = 0
    opened: int = 0
    reopened: int = 0
    changed: int = 0
    closed: int = 0
    still_open: int = 0

    def add(self, other: Applied) -> None:
        for field in attrs.fields(Applied):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))


def _columns(w: RegisterWarning, client_id: int, division: str) -> dict[str, Any]:
    return {
        "key": w.key[:400],
        "client": client_id,
        "division_code": division,
        "rule_id": w.rule_id,
        "level": w.level.value,
        "level_label": w.level_label,
        "level_rank": w.level.rank,
        "category": w.category.value,
        "subject_kind": w.subject.kind,
        "subject_id": w.subject.id[:100],
        "subject_name": (w.subject.name or "")[:200],
        "path": w.path[:300],
        "due": w.due,
        "message": w.message,
        "citations": json.dumps([str(c) for c in w.citations], ensure_ascii=False),
        "notify": json.dumps(list(w.notify)),
    }


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


async def apply(reports: dict[int, WarningReport], units: dict[int, dict[str, Any]], as_of: date) -> Applied:
    """Bring the stored warnings of the units of ``reports`` in line with them (one transaction).

    ``units`` maps each client id to its row (``name``, ``division_code``). A unit missing
    from ``reports`` is left as it is.
    """
    result = Applied(units=len(reports))
    if not reports:
        return result
    now = datetime.now(UTC)
    async with atomic():
        existing = await UnitWarning.select(
            UnitWarning.id,
            UnitWarning.key,
            UnitWarning.client,
            UnitWarning.state,
            UnitWarning.openings,
            UnitWarning.last_raised_on,
            *[UnitWarning._meta.get_column_by_name(c) for c in _COMPARED],
        ).where(UnitWarning.client.is_in(list(reports)))
        by_key = {r["key"]: r for r in existing}
        new_rows: list[dict[str, Any]] = []
        reopened: list[tuple[dict[str, Any], dict[str, Any]]] = []
        changed: list[tuple[dict[str, Any], dict[str, Any]]] = []
        seen: list[int] = []
        unchanged = 0
        raised: set[str] = set()
        told: dict[int, list[tuple[RegisterWarning, bool]]] = defaultdict(list)
        for client_id, report in reports.items():
            division = units[client_id]["division_code"]
            for w in report.warnings:
                columns = _columns(w, client_id, division)
                raised.add(columns["key"])
                row = by_key.get(columns["key"])
                if row is None:
                    new_rows.append(columns)
                    told[client_id].append((w, False))
                elif row["state"] == "closed":
                    reopened.append((row, columns))
                    told[client_id].append((w, True))
                elif any(row[c] != columns[c] for c in _COMPARED):
                    changed.append((row, columns))
                elif row["last_raised_on"] != as_of:  # evaluated again the same day: nothing to write
                    seen.append(row["id"])
                else:
                    unchanged += 1
        to_close = [r for r in existing if r["state"] == "open" and r["key"] not in raised]

        events: list[tuple[int, str, str]] = []
        if new_rows:
            names = [*new_rows[0], "state", "opened_at", "last_raised_on", "openings"]
            inserted = await insert_rows(
                UnitWarning, names, [(*c.values(), "open", now, as_of, 1) for c in new_rows], returning=True
            )
            events += [(i, "opened", "评估发现") for i in inserted]
        for row, columns in reopened:
            reopen: dict[Any, Any] = {
                **columns,
                "state": "open",
                "opened_at": now,
                "closed_at": None,
                "last_raised_on": as_of,
                "acknowledged_at": None,
                "acknowledged_by": None,
                "acknowledged_by_name": None,
                "openings": row["openings"] + 1,
            }
            await UnitWarning.update(reopen).where(UnitWarning.id == row["id"])
            events.append((row["id"], "reopened", "评估再次发现"))
        for row, columns in changed:
            refreshed: dict[Any, Any] = {**columns, "last_raised_on": as_of}
            await UnitWarning.update(refreshed).where(UnitWarning.id == row["id"])
            if row["level"] != columns["level"]:
                events.append((row["id"], "changed", f"{row['level_label']} → {columns['level_label']}"))
        for part in _chunks(seen):
            await UnitWarning.update({UnitWarning.last_raised_on: as_of}).where(
                UnitWarning.id.is_in(list(part))
            )
        for part in _chunks(to_close):
            await UnitWarning.update({UnitWarning.state: "closed", UnitWarning.closed_at: now}).where(
                UnitWarning.id.is_in([r["id"] for r in part])
            )
            events += [(r["id"], "closed", "数据已不再引起该预警，自动关闭") for r in part]
        await insert_rows(
            UnitWarningEvent,
            ("warning", "event", "detail", "actor_name", "at"),
            [(*e, SYSTEM, now) for e in events],
        )
        await _tell(told, units, as_of)
    result.opened = len(new_rows)
    result.reopened = len(reopened)
    result.changed = len(changed)
    result.closed = len(to_close)
    result.still_open = len(seen) + unchanged + len(changed)
    return result


def _line(w: RegisterWarning, unit: str | None = None) -> str:
    text = f"【{w.level_label}】{w.message}"
    return f"{unit}：{text}" if unit else text


def _body(lines: list[str]) -> str:
    body: list[str] = []
    count = 0
    for line in lines:
        if sum(len(x) + 1 for x in body) + len(line) > 3800:
            break
        body.append(line)
        count += 1
    if count < len(lines):
        body.append(f"……等共 {len(lines)} 条，详见预警列表。")
    return "\n".join(body)


def _key(kind: str, parts: Iterable[str]) -> str:
    digest = hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()[:32]
    return f"{kind}:{digest}"


async def _tell(
    told: dict[int, list[tuple[RegisterWarning, bool]]], units: dict[int, dict[str, Any]], as_of: date
) -> None:
    if not told:
        return
    by_authority_code: dict[str, list[tuple[int, RegisterWarning]]] = defaultdict(list)
    for client_id, opened in told.items():
        warnings = [w for w, _ in opened]
        grave = any(w.level.value != "low" for w in warnings)
        await notify(
            [Recipient.org("client", client_id)],
            kind="warning.opened",
            title=f"新增预警 {len(warnings)} 条：{warnings[0].message}"[:200],
            body=_body([_line(w) for w in warnings]),
            link="/client/warnings",
            sms="digest" if grave else "none",
            key=_key(f"warning:{client_id}:{as_of.isoformat()}", [f"{w.key}:{again}" for w, again in opened]),
        )
        for w in warnings:
            for code in w.notify:
                by_authority_code[code].append((client_id, w))
    authorities = await Authority.select(Authority.id, Authority.division_code).where(
        (Authority.kind == "regulator") & Authority.division_code.is_in(list(by_authority_code))
    )
    for authority in authorities:
        items = by_authority_code[authority["division_code"]]
        unit_count = len({c for c, _ in items})
        grave = any(w.level.value != "low" for _, w in items)
        await notify(
            [Recipient.org("authority", authority["id"])],
            kind="warning.opened",
            title=f"辖区新增预警 {len(items)} 条（{unit_count} 家单位）"[:200],
            body=_body([_line(w, units[c]["name"]) for c, w in items]),
            link="/oversight/warnings",
            sms="digest" if grave else "none",
            key=_key(f"warning:a{authority['id']}:{as_of.isoformat()}", [w.key for _, w in items]),
        )
