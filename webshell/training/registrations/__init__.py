"""集体报名 (source 002 §4.4) and the CDC's review of each person (§1.2, §7 问题五、十二)."""
