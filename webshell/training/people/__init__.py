"""完善人员信息 (source 002 §3): the unit's staff profiles, their uploads, 在职/离职."""
