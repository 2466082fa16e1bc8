"""Filings (报送卡, device-test and dose reports): the next web-shell issue builds here.

The pieces it needs are in place: ``institutions.service.institution_model`` and
``clients.service.device_models`` / ``worker_models`` give the radrules models to check,
``clients.service.workers_for_pick`` what an institution may select, ``db.transaction.atomic``
and ``audit.service.record`` the all-or-nothing, audited write.
"""
