"""Accounts: users and their roles, passwords, sessions, login and the guards on routes."""
