"""Notifications: the in-app inbox and SMS through a transport hook (docs/notifications.md).

Other domains call :func:`notify` inside the transaction of the event it tells about, and
:func:`send_sms_code` / :func:`check_sms_code` for verification codes.
"""

from radrules_webshell.notifications.codes import CodeRefused, CodeSent, check_sms_code, send_sms_code
from radrules_webshell.notifications.outbox import NotifyError, SmsMode, notify
from radrules_webshell.notifications.recipients import Recipient

__all__ = [
    "CodeRefused",
    "CodeSent",
    "NotifyError",
    "Recipient",
    "SmsMode",
    "check_sms_code",
    "notify",
    "send_sms_code",
]
