"""Pieces shared by every domain: forms, masking, errors, the current user."""
