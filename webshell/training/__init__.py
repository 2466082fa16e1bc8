"""Training management (source 002): the unit's 完善人员信息, 集体报名, 集体选班 and 集体成绩查询,
and the provincial CDC's side — plans, review, classes, scores and certificates.

One folder per kind of record, each cut as docs/webshell.md ("Code layout") describes;
``shared/`` holds what they share (scope, row ↔ model, vocabulary, exports, notices, files).
Every rule is the library's (:mod:`radrules.training`) or a plugin's; docs/training.md
describes the module.
"""
