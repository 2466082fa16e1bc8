"""Ruleset data (no code): dated parameters, calendars and catalogs, each value with its source.

Installed as the package ``radrules_rulesets`` so plugins can locate their folder with
``importlib.resources.files("radrules_rulesets") / "<jurisdiction>"``.
"""
