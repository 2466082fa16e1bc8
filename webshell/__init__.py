"""The radrules web shell."""
