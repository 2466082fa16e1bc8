"""培训计划: the CDC publishes and closes plans; units list them (source 002 §4.3)."""
