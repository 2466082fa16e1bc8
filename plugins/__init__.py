"""The jurisdiction plugins shipped with radrules (national baseline and provinces).

Each sub-package is registered under the ``radrules`` entry-point group, exactly as an
outside plugin would be, and uses only the public API of :mod:`radrules`.
"""
