"""``radrules training``: training management (source 002) for other systems and scripts.

* ``check FILE``: check a training envelope (plan, profiles, registrations, sessions,
  selections, scores, certificates — docs/schema/training.schema.json);
* ``certificate FILE --out PDF``: print a certificate (its JSON) with a signed QR code;
* ``score-template FILE --session ID --out XLSX``: the score template of a session,
  prefilled from the envelope's placements;
* ``import-scores XLSX --filing FILE --session ID``: check a filled-in template, all or
  nothing, and write the scores as JSON.

Exit codes as everywhere: 0 no error, 1 error findings (nothing written), 2 unreadable
input or bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from radrules.cli.check_output import format_result
from radrules.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, add_format, iso_date, print_json
from radrules.convert import parse_json, structure, unstructure
from radrules.engine.serialize import result_json
from radrules.errors import InputError
from radrules.model.training import Certificate, Session, TrainingFiling


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "training",
        help="培训管理：检查报名、打印证书、成绩模板与导入 / training management",
        description="技术人员培训管理（江苏省职业病防治信息管理平台 技术人员培训管理 操作手册）。",
    )
    commands = p.add_subparsers(dest="training_command", metavar="COMMAND", parser_class=type(p))
    check = commands.add_parser("check", help="检查培训数据（报名、选班、成绩、证书）")
    check.add_argument("file", type=Path, metavar="FILE.json")
    check.add_argument("--as-of", type=iso_date, help="按此日期适用规则（报名时为报名当天；默认今天）")
    check.add_argument("--province", help="指定辖区，不按培训计划的发布单位推断")
    add_format(check)
    check.set_defaults(handler=_check)

    cert = commands.add_parser("certificate", help="生成培训合格证书 PDF")
    cert.add_argument("file", type=Path, metavar="CERTIFICATE.json", help="一个证书（Certificate）的 JSON")
    cert.add_argument("--out", "-o", type=Path, required=True, metavar="FILE.pdf")
    cert.add_argument("--base-url", help="核验页面地址（默认取规则集 training_certificate_verification_url）")
    cert.add_argument("--province", default="jiangsu", help="证书所属辖区（取核验地址；默认 jiangsu）")
    cert.add_argument("--no-qr", action="store_true", help="不印二维码（无需签名密钥）")
    cert.set_defaults(handler=_certificate)

    template = commands.add_parser("score-template", help="生成期次的成绩导入模板 Excel")
    template.add_argument(
        "file", type=Path, metavar="FILE.json", help="含 sessions、selections（及 registrations）的培训数据"
    )
    template.add_argument("--session", required=True, help="期次编号 session_id")
    template.add_argument("--out", "-o", type=Path, required=True, metavar="FILE.xlsx")
    template.set_defaults(handler=_template)

    scores = commands.add_parser("import-scores", help="校验并导入成绩 Excel（有错误则全部不导入）")
    scores.add_argument("file", type=Path, metavar="FILE.xlsx")
    scores.add_argument(
        "--filing", type=Path, required=True, metavar="FILE.json", help="校验所依据的培训数据"
    )
    scores.add_argument("--session", required=True, help="期次编号 session_id")
    scores.add_argument("--out", "-o", type=Path, help="无错误时将成绩写为 JSON")
    scores.add_argument("--as-of", type=iso_date, help="按此日期适用规则（默认今天）")
    add_format(scores)
    scores.set_defaults(handler=_import_scores)
    p.set_defaults(handler=lambda _args: _usage(p))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _read(path: Path, cls: type[Any]) -> Any:
    if not path.is_file():
        raise UsageError(f"{path}: 文件不存在 / no such file")
    try:
        return structure(parse_json(path.read_bytes()), cls)
    except InputError as exc:
        raise exc.with_source(str(path)) from None


def _writable(path: Path) -> None:
    if not path.parent.is_dir():
        raise UsageError(f"{path.parent}: 输出目录不存在 / no such directory")


def _session(filing: TrainingFiling, session_id: str) -> Session:
    session = filing.session(session_id)
    if session is None:
        known = "、".join(s.session_id for s in filing.sessions) or "无"
        raise UsageError(f"培训数据中没有期次 {session_id}；有：{known}")
    return session


def _check(args: argparse.Namespace) -> int:
    from radrules.training.check import check_training

    filing = _read(args.file, TrainingFiling)
    result = check_training(filing, as_of=args.as_of, province=args.province)
    if args.format == "json":
        print_json(result_json(result, source=str(args.file)))
    else:
        print(format_result(str(args.file), result))
    return EXIT_OK if result.ok else EXIT_FINDINGS


def _certificate(args: argparse.Namespace) -> int:
    from datetime import date

    from radrules.documents.certificate_pdf import render_certificate_pdf
    from radrules.documents.output import write_bytes_atomic
    from radrules.engine.registry import default_registry
    from radrules.training.verification import BASE_PARAMETER, certificate_verification_url

    cert: Certificate = _read(args.file, Certificate)
    _writable(args.out)
    url = None
    if not args.no_qr:
        base = args.base_url
        if base is None:
            reg = default_registry()
            base = str(reg.view(reg.chain(reg.resolve(args.province)), date.today()).get(BASE_PARAMETER))
        url = certificate_verification_url(cert.number, base_url=base)
    write_bytes_atomic(args.out, render_certificate_pdf(cert, verification_url=url))
    print(f"{args.out}: 证书 {cert.number}（{cert.name}）" + (f"，二维码 {url}" if url else ""))
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    from radrules.documents.score_sheet import write_score_template

    filing: TrainingFiling = _read(args.file, TrainingFiling)
    session = _session(filing, args.session)
    _writable(args.out)
    names = {r.id_number: r.person.basic.name for r in filing.registrations}
    write_score_template(args.out, session, selections=filing.selections, names=names)
    placed = sum(1 for s in filing.selections if s.session_id == session.session_id)
    print(f"{args.out}: {session.label}成绩导入模板（{placed} 名已选班人员）")
    return EXIT_OK


def _import_scores(args: argparse.Namespace) -> int:
    from radrules.documents.output import atomic_path
    from radrules.documents.score_import import import_scores

    filing: TrainingFiling = _read(args.filing, TrainingFiling)
    session = _session(filing, args.session)
    if args.out is not None:
        _writable(args.out)
    result = import_scores(args.file, session=session, filing=filing, as_of=args.as_of)
    if result.scores is not None and args.out is not None:
        with atomic_path(args.out) as temp, temp.open("w", encoding="utf-8") as handle:
            json.dump({"scores": unstructure(result.scores)}, handle, ensure_ascii=False, indent=1)
    if args.format == "json":
        print_json(
            {
                "file": str(args.file),
                "session_id": result.session_id,
                "rows": result.rows,
                "imported": result.ok,
                "errors": [_problem(p) for p in result.errors],
                "error_count": result.error_count,
                "warnings": [_problem(p) for p in result.warnings],
                "warning_count": result.warning_count,
                "out": str(args.out) if args.out is not None and result.ok else None,
            }
        )
    else:
        for problem in result.errors:
            print(f"错误 {problem}")
        if result.error_count > len(result.errors):
            print(f"……另有 {result.error_count - len(result.errors)} 处错误未列出")
        for problem in result.warnings:
            print(f"警告 {problem}")
        if result.warning_count > len(result.warnings):
            print(f"……另有 {result.warning_count - len(result.warnings)} 处警告未列出")
        if result.ok:
            where = f"，已写入 {args.out}" if args.out is not None else ""
            print(f"{args.file}: 共 {result.rows} 行成绩，校验通过{where}")
        else:
            print(f"{args.file}: 共 {result.rows} 行，{result.error_count} 处错误，未导入", file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_FINDINGS


def _problem(p: Any) -> dict[str, Any]:
    return {
        "sheet": p.sheet,
        "row": p.row,
        "column": p.column,
        "reason": p.reason,
        "value": p.value,
        "rule": p.rule_id,
    }
