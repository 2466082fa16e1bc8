"""The web shell's radrules plugin: it adds ``radrules serve``, ``sync``, ``sms`` and ``admin``.

Registered under the ``radrules`` entry-point group. It imports only radrules at load time;
Litestar, Piccolo and uvicorn are imported when a web command runs, so the library and its
other commands work without the ``web`` extra.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from radrules import hookimpl

MISSING_EXTRA = (
    "网页服务所需的依赖未安装：{name}。请安装 web 扩展：pip install 'radrules[web]'"
    " / the web extra is missing: pip install 'radrules[web]'"
)
ROLES = ("institution", "client", "reviewer", "regulator", "admin", "worker")


def _run(name: str) -> Any:
    def handler(args: argparse.Namespace) -> int:
        try:
            from radrules_webshell import commands
        except ImportError as exc:
            from radrules.cli.common import fail

            return fail(MISSING_EXTRA.format(name=exc.name or exc), 2)
        result: int = getattr(commands, name)(args)
        return result

    return handler


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError(f"进程数应为 1–64 的整数，实际为 {text!r}")
    return value


@hookimpl
def radrules_register_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = subparsers.add_parser(
        "serve",
        help="运行网页服务（首次运行时建库并写入演示数据） / run the web shell",
        description="创建或迁移数据库；数据库为空时写入演示数据并打印演示账号；然后启动网页服务。"
        "数据库：RADRULES_DATABASE_URL（默认 RADRULES_DATA_DIR/radrules.sqlite3）。",
    )
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    serve.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    serve.add_argument("--no-demo", action="store_true", help="空数据库时不写入演示数据")
    serve.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="N",
        help="网页服务进程数（默认 1；大于 1 时须使用 PostgreSQL，见 docs/scaling.md）",
    )
    serve.set_defaults(handler=_run("serve"))

    sync = subparsers.add_parser(
        "sync",
        help="向国家系统上报到期的报送卡数据和附件 / send what is due to the national system",
        description="发送出站队列中到期的报送数据和附件（江苏：数据上报后 5 天上报附件），打印成功、待重试和失败条数；"
        "有失败（放弃）时退出码为 1。上报方式：RADRULES_SYNC_TRANSPORT（file 或 http），见 docs/sync.md。",
    )
    sync.add_argument(
        "--now",
        metavar="TIME",
        help="按此时刻判断是否到期（ISO 8601，如 2026-12-01T09:00+08:00；默认当前时间）",
    )
    sync.add_argument(
        "--retry-failed",
        action="store_true",
        help="先把已放弃（失败）的消息重新排队（重新计算尝试次数），再发送",
    )
    sync.set_defaults(handler=_run("sync"))

    sms = subparsers.add_parser(
        "sms",
        help="发送到期的短信（通知、验证码、每日汇总） / send the text messages that are due",
        description="生成到期的每日汇总短信，发送出站队列中到期的短信，打印成功、待重试和失败条数；"
        "有失败时退出码为 1。发送方式：RADRULES_SMS_TRANSPORT（file、log 或 http），见 docs/notifications.md。"
        "网页服务运行时会定期自动发送，此命令用于没有运行网页服务时或排查问题。",
    )
    sms.add_argument(
        "--now",
        metavar="TIME",
        help="按此时刻判断是否到期（ISO 8601，如 2026-12-01T09:00+08:00；默认当前时间）",
    )
    sms.set_defaults(handler=_run("sms"))

    admin = subparsers.add_parser("admin", help="网页服务管理：账号、审计 / web shell administration")

    def admin_help(_args: argparse.Namespace) -> int:
        admin.print_help(sys.stderr)
        return 2

    admin.set_defaults(handler=admin_help)
    sub = admin.add_subparsers(dest="admin_command", metavar="ACTION", parser_class=type(admin))
    create = sub.add_parser("create-user", help="创建账号（首次登录须修改密码）")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--login", required=True)
    create.add_argument("--password-stdin", action="store_true", required=True, help="从标准输入读取初始密码")
    create.add_argument("--name", help="姓名（默认取单位名称或角色名）")
    create.add_argument("--org", metavar="USCC", help="所属机构或放射诊疗单位的统一社会信用代码")
    create.add_argument("--division", metavar="CODE", help="审核或监管机构的行政区划代码，如 320000、320100")
    create.set_defaults(handler=_run("create_user"))
    client = sub.add_parser("create-client", help="登记放射诊疗单位")
    client.add_argument("--uscc", required=True)
    client.add_argument("--name", required=True)
    client.add_argument(
        "--kind",
        required=True,
        help="general_hospital、specialist_hospital、other_medical、enterprise、other",
    )
    client.add_argument("--division", required=True, metavar="CODE")
    client.set_defaults(handler=_run("create_client"))
    reset = sub.add_parser("reset-password", help="重置忘记的密码（核实身份后；下次登录须修改，同时解锁）")
    reset.add_argument("--login", required=True)
    reset.add_argument(
        "--password-stdin", action="store_true", help="从标准输入读取新密码（不给则随机生成并显示一次）"
    )
    reset.set_defaults(handler=_run("reset_password"))
    unlock = sub.add_parser("unlock", help="解锁因连续登录失败而锁定的账号")
    unlock.add_argument("--login", required=True)
    unlock.set_defaults(handler=_run("unlock"))
    verify = sub.add_parser(
        "verify-audit",
        help="校验审计日志的哈希链和每条记录的电子签名",
        description="校验整条审计链（密钥、检查点）和每条记录的电子签名（操作人的公钥）；"
        "给出 --entity 和 --id 时，另列出该条数据的全部修改记录及各自签名是否有效。",
    )
    verify.add_argument("--entity", help="数据类型，如 worker、device、account（审计记录的 entity）")
    verify.add_argument("--id", dest="entity_id", metavar="ID", help="该数据的编号（审计记录的 entity_id）")
    verify.set_defaults(handler=_run("verify_audit"))
    rotate = sub.add_parser(
        "rotate-signing-key",
        help="停用账号的电子签名密钥（下次写入时生成新密钥；旧公钥保留用于校验）",
    )
    who = rotate.add_mutually_exclusive_group(required=True)
    who.add_argument("--login", help="账号的登录名")
    who.add_argument("--system", action="store_true", help="系统（命令行、后台任务）的密钥")
    rotate.set_defaults(handler=_run("rotate_signing_key"))
    cert = sub.add_parser(
        "map-certificate",
        help="把 CA 证书（主题、序列号）绑定到账号，用于证书登录（RADRULES_CERT_LOGIN）",
    )
    cert.add_argument("--login", required=True)
    cert.add_argument(
        "--subject", required=True, help="证书主题，与反向代理给出的一致，如 CN=张三,O=某医院,C=CN"
    )
    cert.add_argument("--serial", required=True, help="证书序列号（十六进制）")
    cert.set_defaults(handler=_run("map_certificate"))
    clean = sub.add_parser(
        "clean-uploads", help="删除上传目录中没有记录的文件（如进程被强行终止时留下的），补全已提交的上传"
    )
    clean.set_defaults(handler=_run("clean_uploads"))
    migrate = sub.add_parser("migrate", help="创建或迁移数据库")
    migrate.set_defaults(handler=_run("migrate"))
