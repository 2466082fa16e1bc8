"""The rule engine: findings, jurisdictions, parameter views, rules, the plugin registry, the check.

Services that ask the plugins of a chain for more than rules (deadlines, QC codes, the
workflow) are in :mod:`radrules.services`, above the registry."""
