"""医用辐射装置检测填报 (source 000 §5.1): an institution's device-test reports, one sample per
device of the client tested, with the test-item catalog of the client's jurisdiction."""
