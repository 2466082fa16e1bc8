"""Jilin's credit warning and blacklist on the web (source 003 第六条; issue 16 item 10)."""
