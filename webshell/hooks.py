"""The web shell's plugin manager (pluggy project ``radrules_webshell``) and the look-ups of
what it provides: the transports of national sync (docs/sync.md) and SMS
(docs/notifications.md), the signer of every write and the CA-certificate authenticator
(docs/signature.md).

Plugins are modules registered under the entry-point group ``radrules_webshell``; the
built-in transports are registered the same way, tried last, so a plugin may replace one
of them by answering for its name.
"""

from __future__ import annotations

from typing import Any

import pluggy
from radrules_webshell.certlogin import hookspecs as auth_hookspecs
from radrules_webshell.certlogin.identity import Authenticator, BuiltinAuthenticators
from radrules_webshell.markers import PROJECT
from radrules_webshell.notifications import hookspecs as sms_hookspecs
from radrules_webshell.notifications.transports import BuiltinSmsTransports, SmsTransport
from radrules_webshell.settings import Settings
from radrules_webshell.signing import hookspecs as signing_hookspecs
from radrules_webshell.signing.keys import Signer
from radrules_webshell.signing.server import BuiltinSigners
from radrules_webshell.sync import hookspecs as sync_hookspecs
from radrules_webshell.sync.transports import BuiltinTransports, Transport


class UnknownTransport(ValueError):
    """A transport name no plugin provides."""


def plugin_manager() -> pluggy.PluginManager:
    """Every web-shell hook, with the built-ins and every installed ``radrules_webshell`` plugin."""
    manager = pluggy.PluginManager(PROJECT)
    manager.add_hookspecs(sync_hookspecs)
    manager.add_hookspecs(sms_hookspecs)
    manager.register(BuiltinTransports(), name="builtin-transports")
    manager.register(BuiltinSmsTransports(), name="builtin-sms-transports")
    manager.add_hookspecs(signing_hookspecs)
    manager.register(BuiltinSigners(), name="builtin-signers")
    manager.add_hookspecs(auth_hookspecs)
    manager.register(BuiltinAuthenticators(), name="builtin-authenticators")
    manager.load_setuptools_entrypoints(PROJECT)
    return manager


def _provided(hook: Any, name: str, settings: Settings, what: str, variable: str, builtins: str) -> Any:
    found = hook(name=name, settings=settings)
    if found is None:
        raise UnknownTransport(f"未知的{what}“{name}”（{variable}）：可用 {builtins}，或由插件提供")
    return found


def sync_transport(settings: Settings, manager: pluggy.PluginManager | None = None) -> Transport:
    """The national-sync transport ``settings.sync_transport`` names; an unknown name is an error."""
    hook = (manager or plugin_manager()).hook.radrules_webshell_sync_transport
    found: Transport = _provided(
        hook, settings.sync_transport, settings, "国家系统上报方式", "RADRULES_SYNC_TRANSPORT", "file、http"
    )
    return found


def sms_transport(settings: Settings, manager: pluggy.PluginManager | None = None) -> SmsTransport:
    """The SMS transport ``settings.sms_transport`` names; an unknown name is an error."""
    hook = (manager or plugin_manager()).hook.radrules_webshell_sms_transport
    found: SmsTransport = _provided(
        hook, settings.sms_transport, settings, "短信发送方式", "RADRULES_SMS_TRANSPORT", "file、log、http"
    )
    return found


def signer(settings: Settings, manager: pluggy.PluginManager | None = None) -> Signer:
    """The signer ``settings.signer`` names; an unknown name is an error."""
    hook = (manager or plugin_manager()).hook.radrules_webshell_signer
    found: Signer = _provided(hook, settings.signer, settings, "电子签名方式", "RADRULES_SIGNER", "server")
    return found


def authenticator(settings: Settings, manager: pluggy.PluginManager | None = None) -> Authenticator:
    """The CA-certificate authenticator ``settings.cert_login`` names; an unknown name is an error."""
    hook = (manager or plugin_manager()).hook.radrules_webshell_authenticator
    found: Authenticator = _provided(
        hook, settings.cert_login, settings, "证书登录方式", "RADRULES_CERT_LOGIN", "proxy-header"
    )
    return found
