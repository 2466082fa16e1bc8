"""National sync: the outbox of submitted cards, its transports and its dispatcher."""
