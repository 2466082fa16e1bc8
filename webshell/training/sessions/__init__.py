"""期次 and 集体选班 (source 002 §5): the CDC arranges classes; units place approved people."""
