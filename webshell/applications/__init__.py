"""Account applications (用户申请表, source 002 §2.1), reviewed by the city CDC."""
