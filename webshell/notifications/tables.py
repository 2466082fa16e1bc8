"""Tables of the notifications domain: the in-app inbox and the SMS outbox.

Source 002 (issue 13): units are told when a registration is returned or approved, when
class selection opens and when scores are out — in the platform and by SMS; the code that
confirms a new mobile (source 002 §2.4 修改手机号) goes by SMS too. Source 001 §2.3.4
(issue 16): warnings reach units and authorities, by SMS as one summary per recipient and
day.

* :class:`Notification` — one inbox message, for one account or for every account of an
  organisation (``org_kind``/``org_id``: an institution, a client, an authority, a unit).
* :class:`NotificationRead` — who has read which message (one row per account and message),
  so that a message for a unit is read or unread for each of its accounts on its own.
* :class:`SmsMessage` — the SMS outbox: one row per text to one mobile, queued in the
  transaction of the event, sent by the dispatcher (:mod:`.dispatch`).
* :class:`SmsDigestItem` — a line waiting for its recipient's daily summary SMS.
* :class:`SmsCode` — a verification code sent by SMS (its salted hash only).
"""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account


class Notification(Table, tablename="notification"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker
    #: A message for one account ...
    account = ForeignKey(Account, null=True, default=None, on_delete=OnDelete.cascade, index=True)
    #: ... or for every account of an organisation: ``institution``, ``client``, ``authority``, ``unit``.
    org_kind = Varchar(length=20, null=True, default=None)
    org_id = Integer(null=True, default=None, index=True, index_method=IndexMethod.btree)
    #: What happened, for filters and the sender's own use (``training.registration_returned``).
    kind = Varchar(length=60)
    title = Varchar(length=200)
    body = Text(default="")
    #: A page of this site the message is about (a path such as ``/unit/registrations/5``).
    link = Varchar(length=500, null=True, default=None)
    #: Callers may name the event: a second ``notify`` with the same key adds nothing.
    key = Varchar(length=200, null=True, default=None, unique=True)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)


class NotificationRead(Table, tablename="notification_read"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker
    notification = ForeignKey(Notification, on_delete=OnDelete.cascade, index=True)
    account = ForeignKey(Account, on_delete=OnDelete.cascade, index=True)
    #: ``<notification id>:<account id>``: read once per account, whoever marks it first.
    pair = Varchar(length=40, unique=True)
    read_at = Timestamptz(default=TimestamptzNow())


class SmsMessage(Table, tablename="sms_message"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker
    #: The message it tells about (None for a verification code).
    notification = ForeignKey(Notification, null=True, default=None, on_delete=OnDelete.set_null)
    account = ForeignKey(Account, null=True, default=None, on_delete=OnDelete.set_null)
    mobile = Varchar(length=20)
    #: ``code`` (a verification code), ``notice`` (one event), ``digest`` (a day's summary).
    kind = Varchar(length=20)
    #: The text sent, fixed when queued so that a retry sends the same words.
    body = Text()
    #: ``pending`` → ``sending`` → ``sent``; back to ``pending`` with a backoff after a failed
    #: attempt; ``failed`` after the last attempt; ``cancelled`` (a code that expired unsent).
    state = Varchar(length=20, default="pending", index=True)
    due_at = Timestamptz(index=True)
    attempts = Integer(default=0)
    last_error = Text(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)
    #: ``<account id>:<day>`` for a daily summary: at most one per recipient and day.
    digest_key = Varchar(length=40, null=True, default=None, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())


class SmsDigestItem(Table, tablename="sms_digest_item"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker
    account = ForeignKey(Account, on_delete=OnDelete.cascade, index=True)
    notification = ForeignKey(Notification, null=True, default=None, on_delete=OnDelete.cascade)
    #: One line of the summary (the message's title).
    line = Varchar(length=200)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    #: The summary SMS it went into; None while it waits.
    sms = ForeignKey(SmsMessage, null=True, default=None, on_delete=OnDelete.set_null, index=True)


class SmsCode(Table, tablename="sms_code"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker
    mobile = Varchar(length=20, index=True)
    #: What the code confirms (``mobile_change``, ``application_edit`` …).
    purpose = Varchar(length=40)
    account = ForeignKey(Account, null=True, default=None, on_delete=OnDelete.cascade)
    #: ``<salt>$<sha256(salt, code)>``; the code itself is kept only in the SMS until it is sent.
    code_hash = Varchar(length=120)
    expires_at = Timestamptz()
    attempts = Integer(default=0)
    used_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    #: Day (Beijing) it was sent, for the daily limit per mobile.
    day = Date()
