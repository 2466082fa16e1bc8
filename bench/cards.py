"""Generated report cards for benchmarks: valid ones, and ones with a realistic defect.

Deterministic for a given seed, so runs compare like with like.
"""

from __future__ import annotations

import copy
import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from stdnum.cn import ric

from radrules.identifiers.uscc import complete_uscc, org_code_check

BASE = json.loads(
    (
        Path(__file__).resolve().parent.parent
        / "examples"
        / "national"
        / "valid-protection-testing-card.json"
    ).read_text("utf-8")
)
COUNTIES = ["320106", "320102", "330106", "350102", "220102", "440106", "370102", "420106"]


def _uscc(rng: random.Random, county: str) -> str:
    body = f"{rng.randrange(10**7, 10**8)}"
    return complete_uscc(f"12{county}{body}{org_code_check(body)}")


def _id_number(rng: random.Random, county: str) -> str:
    born = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 35))
    body = f"{county}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def _defect(card: dict[str, Any], rng: random.Random) -> None:
    choice = rng.randrange(6)
    if choice == 0:
        card["participants"][0]["id_number"] = card["participants"][0]["id_number"][:-1] + (
            "0" if card["participants"][0]["id_number"][-1] != "0" else "1"
        )
    elif choice == 1:
        card["results"]["protection_testing"]["workplace"]["exceeding_points"] = 999
    elif choice == 2:
        card["institution"]["qualification"]["service_scope"] = ["dose_monitoring"]
    elif choice == 3:
        card["filler"]["phone"] = "12345"
    elif choice == 4:
        card["results"]["protection_testing"]["equipment_qc"]["failing_device_names"] = []
    else:
        card["participants"][0]["duties"][0]["periods"][0]["end"] = "2026-10-12T08:00"


def generate(count: int, *, invalid_share: float = 0.2, seed: int = 20261126) -> list[bytes]:
    """``count`` filings as UTF-8 JSON documents."""
    rng = random.Random(seed)
    institutions = [_uscc(rng, rng.choice(COUNTIES)) for _ in range(200)]
    clients = [(_uscc(rng, c), c) for c in (rng.choice(COUNTIES) for _ in range(2000))]
    people = [_id_number(rng, rng.choice(COUNTIES)) for _ in range(3000)]
    out = []
    for i in range(count):
        filing = copy.deepcopy(BASE)
        card = filing["report_card"]
        card["card_id"] = f"BENCH-{i}"
        card["institution"]["uscc"] = rng.choice(institutions)
        card["client"]["uscc"], county = rng.choice(clients)
        card["client"]["division_code"] = county
        card["report_no"] = f"R-{i:07d}"
        extra = rng.randrange(0, 3)
        for j, participant in enumerate(card["participants"]):
            participant["id_number"] = people[(i * 3 + j) % len(people)]
        for k in range(extra):
            clone = copy.deepcopy(card["participants"][k % 2])
            clone["id_number"] = people[(i * 7 + k + 11) % len(people)]
            card["participants"].append(clone)
        if rng.random() < invalid_share:
            _defect(card, rng)
        out.append(json.dumps(filing, ensure_ascii=False).encode("utf-8"))
    return out
