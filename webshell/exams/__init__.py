"""Online training and exams of radiation workers (source 001 表1 第17–19项; docs/exams.md):
worker accounts confirmed by SMS, individual registration and the unit's confirmation,
question banks and plans, timed exams scored on the server, the exam-result records a pass
writes, and score queries by authority. Every rule is the library's (:mod:`radrules.exams`)
or a plugin's (``NAT.exam.*``).
"""
