"""The append-only, hash-chained audit trail of every write (source 001 §3.1 电子签名)."""
