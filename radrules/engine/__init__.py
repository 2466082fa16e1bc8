"""The rule engine: rules, findings, jurisdictions, the plugin registry and the check itself."""
