"""The standard interface's gateway (source 001 module 13 标准接口): per-organisation API tokens, idempotent retries and the bulk routes of other systems."""
