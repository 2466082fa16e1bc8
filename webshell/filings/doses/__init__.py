"""个人剂量监测填报 (source 000 §5.2): an institution's dose reports, one record per worker of
the client and monitoring period, typed or imported from the platform's Excel template."""
