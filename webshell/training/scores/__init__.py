"""成绩 (source 002 §6): the CDC enters or imports scores and publishes them; units query them."""
