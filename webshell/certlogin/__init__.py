"""CA-certificate login through a reverse proxy that verifies client certificates (source 001 §2.4.2)."""
