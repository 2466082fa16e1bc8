"""Uploaded files: content-checked, size-limited, stored outside the web root."""
