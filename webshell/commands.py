"""What ``radrules serve``, ``radrules sync``, ``radrules sms`` and ``radrules admin …`` do (imported only when they run)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from radrules_webshell.accounts.services import AccountError
from radrules_webshell.core.errors import WebError
from radrules_webshell.core.principal import Principal
from radrules_webshell.db import engine as db
from radrules_webshell.db.migrate import MigrationError
from radrules_webshell.db.migrate import migrate as run_migrations
from radrules_webshell.settings import Settings

from radrules.cli.common import EXIT_INPUT, EXIT_OK, fail

CLI_ACTOR = Principal(account_id=0, login="cli", name="命令行", role="admin")


def _setup() -> tuple[Settings, Any]:
    settings = Settings.from_env()
    try:
        engine = db.engine_from_url(settings.database_url)
    except db.DatabaseUrlError as exc:
        raise SystemExit(fail(str(exc), EXIT_INPUT)) from None
    return settings, engine


def _describe(settings: Settings) -> str:
    url = settings.database_url
    if "@" in url:  # hide a password in the URL
        scheme, _, rest = url.partition("://")
        url = f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url


async def _prepare(
    settings: Settings, engine: Any, demo: bool, *, first_checkpoint: bool = False
) -> list[Any]:
    from radrules_webshell import demo as demo_data
    from radrules_webshell.accounts import passwords
    from radrules_webshell.audit import checkpoints
    from radrules_webshell.audit.startup import start_checkpoints

    passwords.configure(settings.argon2_profile)
    await run_migrations(engine)
    checkpoints.configure(engine, settings)
    if demo and await demo_data.is_empty():
        await start_checkpoints()
        logins = await demo_data.seed(settings)
        await checkpoints.write()
        return logins
    if first_checkpoint:  # before several workers would race to write the first one
        await start_checkpoints()
    return []


#: Why ``serve`` runs one process on SQLite (``--workers`` above 1 is refused).
SQLITE_ONE_WORKER = (
    "SQLite 只支持单个网页服务进程：--workers {workers} 需要 PostgreSQL"
    "（设置 RADRULES_DATABASE_URL=postgresql://…，见 docs/scaling.md）；"
    "SQLite 用 --workers 1（默认）运行"
)


def serve(args: argparse.Namespace) -> int:
    import uvicorn
    from radrules_webshell.app import create_app

    settings, engine = _setup()
    workers = getattr(args, "workers", 1)
    if workers > 1 and settings.database_url.startswith("sqlite"):
        # Several processes on one SQLite file would queue on its one write lock (and the
        # in-process write queue spans one process only): refuse rather than run badly.
        return fail(SQLITE_ONE_WORKER.format(workers=workers), EXIT_INPUT)
    try:
        logins = asyncio.run(_prepare(settings, engine, not args.no_demo, first_checkpoint=workers > 1))
    except (MigrationError, OSError) as exc:
        return fail(f"数据库无法使用（{_describe(settings)}）：{exc}", EXIT_INPUT)
    print(f"数据库 / database: {_describe(settings)}")
    print(f"数据目录 / data dir: {settings.data_dir}")
    if logins:
        print("已写入演示数据，演示账号 / demo logins:")
        width = max(len(d.login) for d in logins)
        for d in logins:
            print(f"  {d.login:<{width}}  {d.password:<14} {d.who}")
    url = f"http://{args.host}:{args.port}/"
    processes = f"，{workers} 个进程" if workers > 1 else ""
    print(f"网页服务 / serving: {url}  （API 文档：{url}schema/openapi.json{processes}；Ctrl+C 停止）")
    sys.stdout.flush()
    # uvicorn would take X-Forwarded-For from any local peer as the client's address; the
    # app reads it itself, only from the proxies in RADRULES_TRUSTED_PROXIES.
    if workers > 1:
        # Each worker builds its app from the environment (radrules_webshell.asgi); the
        # migrations, demo data and first checkpoint were done above, once.
        uvicorn.run(
            "radrules_webshell.asgi:create",
            factory=True,
            workers=workers,
            host=args.host,
            port=args.port,
            log_level="info",
            proxy_headers=False,
        )
        return EXIT_OK
    uvicorn.run(
        create_app(settings, engine, run_migrations=False),
        host=args.host,
        port=args.port,
        log_level="info",
        proxy_headers=False,
    )
    return EXIT_OK


def _by_option(errors: dict[str, str]) -> str:
    """Field errors named by the command's option (``org`` → ``--org``); the services
    speak of fields, as the pages do, and only the command line knows its flags."""
    return "；".join(f"--{k.replace('_', '-')}: {v}" for k, v in errors.items())


def _run_admin(coro_factory: Any, *, writes: bool = True) -> int:
    """Run an admin command; one that ``writes`` starts the audit checkpoints first and
    writes one afterwards (``verify-audit`` only reads them: a missing file is its finding)."""
    from radrules_webshell.audit import checkpoints
    from radrules_webshell.audit.startup import start_checkpoints

    settings, engine = _setup()

    async def main() -> int:
        await _prepare(settings, engine, demo=False)
        await db.start(engine)
        checkpoints.configure(engine, settings)
        try:
            if writes:
                await start_checkpoints()
            result: int = await coro_factory(settings)
            if writes:
                await checkpoints.write()
            return result
        finally:
            await db.stop(engine)

    try:
        return asyncio.run(main())
    except AccountError as exc:
        return fail(_by_option(exc.errors), EXIT_INPUT)
    except WebError as exc:
        detail = _by_option(exc.errors)
        return fail(f"{exc.message}{'：' + detail if detail else ''}", EXIT_INPUT)
    except MigrationError as exc:
        return fail(str(exc), EXIT_INPUT)


def create_user(args: argparse.Namespace) -> int:
    from radrules_webshell.admin import service

    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        return fail("未从标准输入读到密码（--password-stdin）", EXIT_INPUT)

    async def run(_settings: Settings) -> int:
        account_id = await service.create_user(
            CLI_ACTOR,
            role=args.role,
            login=args.login,
            password=password,
            name=args.name,
            org=args.org,
            division=args.division,
        )
        print(f"已创建账号 {args.login}（{args.role}，id {account_id}）；首次登录须修改密码")
        return EXIT_OK

    return _run_admin(run)


def reset_password(args: argparse.Namespace) -> int:
    from radrules_webshell.admin import recovery

    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            return fail("未从标准输入读到密码（--password-stdin）", EXIT_INPUT)

    async def run(_settings: Settings) -> int:
        done = await recovery.reset_password(CLI_ACTOR, login=args.login, password=password)
        told = f"；临时密码：{done.password}" if done.password else ""
        print(f"已重置 {done.login} 的密码{told}；下次登录须修改密码")
        return EXIT_OK

    return _run_admin(run)


def unlock(args: argparse.Namespace) -> int:
    from radrules_webshell.admin import recovery

    async def run(_settings: Settings) -> int:
        had = await recovery.unlock(CLI_ACTOR, login=args.login)
        print(f"已解锁 {args.login}" if had else f"{args.login} 没有登录失败记录，无需解锁")
        return EXIT_OK

    return _run_admin(run)


def create_client(args: argparse.Namespace) -> int:
    from radrules_webshell.clients import service

    async def run(_settings: Settings) -> int:
        client_id = await service.create_client(
            CLI_ACTOR,
            {"uscc": args.uscc, "name": args.name, "kind": args.kind, "division_code": args.division},
        )
        print(f"已登记放射诊疗单位 {args.name}（id {client_id}）")
        return EXIT_OK

    return _run_admin(run)


def verify_audit(args: argparse.Namespace) -> int:
    from radrules_webshell.audit import history, service

    if bool(args.entity) != bool(args.entity_id):
        return fail("--entity 和 --id 须一起给出", EXIT_INPUT)

    async def run(_settings: Settings) -> int:
        bad = False
        if args.entity:
            entries = await history.history(args.entity, args.entity_id)
            print(f"{args.entity} {args.entity_id} 的修改记录：{len(entries)} 条")
            for e in entries:
                verdict = "签名有效" if e.problem is None else f"未通过：{e.problem}"
                print(
                    f"  记录 {e.id}  {e.at}  {e.actor_login}  {e.action}  {e.signer_key_id or '—'}  {verdict}"
                )
                bad = bad or (e.problem is not None and e.signer_key_id is not None)
        report = await service.verify()
        if report.ok and not bad:
            print(
                f"审计哈希链完整、电子签名有效：{report.events} 条记录，与 {report.checkpoints} 个检查点相符"
                f"（最近一次 {report.last_checkpoint_at or '—'}）"
            )
            return EXIT_OK
        if report.ok:
            print("审计日志校验未通过：上列记录的电子签名无效")
            return 1
        where = f"记录 {report.first_bad_id}：" if report.first_bad_id else ""
        print(f"审计日志校验未通过：{where}{report.reason}")
        return 1

    return _run_admin(run, writes=False)


def rotate_signing_key(args: argparse.Namespace) -> int:
    from radrules_webshell.signing import rotation

    async def run(_settings: Settings) -> int:
        retired = await rotation.rotate(CLI_ACTOR, None if args.system else args.login)
        who = "系统" if args.system else args.login
        if retired is None:
            print(f"{who} 尚无签名密钥（首次写入时生成）")
        else:
            print(f"已停用 {who} 的签名密钥 {retired}（公钥保留用于校验）；下次写入时生成新密钥")
        return EXIT_OK

    return _run_admin(run)


def map_certificate(args: argparse.Namespace) -> int:
    from radrules_webshell.certlogin import service

    async def run(_settings: Settings) -> int:
        await service.map_certificate(CLI_ACTOR, login=args.login, subject=args.subject, serial=args.serial)
        print(f"已把证书（{args.subject}，序列号 {args.serial}）绑定到 {args.login}")
        return EXIT_OK

    return _run_admin(run)


def clean_uploads(_args: argparse.Namespace) -> int:
    from radrules_webshell.uploads import service

    async def run(settings: Settings) -> int:
        print((await service.sweep(settings)).text())
        return EXIT_OK

    return _run_admin(run)


def migrate(_args: argparse.Namespace) -> int:
    async def run(settings: Settings) -> int:
        print(f"数据库已是最新结构：{_describe(settings)}")
        return EXIT_OK

    return _run_admin(run)


def _now_arg(text: str | None) -> Any:
    """``--now`` as an aware time, None when not given, or an exit code after saying why."""
    from datetime import datetime

    if not text:
        return None
    try:
        now = datetime.fromisoformat(text)
    except ValueError:
        return fail(f"--now：无法识别的时间“{text}”，请用 ISO 8601，如 2026-12-01T09:00+08:00", EXIT_INPUT)
    if now.tzinfo is None:
        return fail(f"--now：时间“{text}”须带时区，如 2026-12-01T09:00+08:00", EXIT_INPUT)
    return now


def sync(args: argparse.Namespace) -> int:
    """Send what is due to the national system once; exit 1 when any attempt failed."""
    from radrules_webshell.hooks import UnknownTransport, sync_transport
    from radrules_webshell.sync.dispatch import dispatch_due
    from radrules_webshell.sync.outbox import retry_failed

    now = _now_arg(args.now)
    if isinstance(now, int):
        return now

    async def run(settings: Settings) -> int:
        try:
            transport = sync_transport(settings)
        except UnknownTransport as exc:
            return fail(str(exc), EXIT_INPUT)
        if args.retry_failed:
            print(f"已将 {await retry_failed(now)} 条失败的消息重新排队")
        summary = await dispatch_due(settings, transport, now)
        print(summary.text())
        return 1 if summary.failed or summary.retried else EXIT_OK

    return _run_admin(run)


def sms(args: argparse.Namespace) -> int:
    """Build the daily summaries due and send the texts due once; exit 1 when any attempt failed."""
    from radrules_webshell.hooks import UnknownTransport, sms_transport
    from radrules_webshell.notifications.dispatch import SmsDispatcher

    now = _now_arg(args.now)
    if isinstance(now, int):
        return now

    async def run(settings: Settings) -> int:
        try:
            transport = sms_transport(settings)
        except UnknownTransport as exc:
            return fail(str(exc), EXIT_INPUT)
        summary = await SmsDispatcher(settings, transport).run(now)
        print(summary.text())
        return 1 if summary.failed or summary.retried else EXIT_OK

    return _run_admin(run)
