"""The radrules web shell: Litestar pages and JSON API over Piccolo storage (docs/webshell.md).

It stores, authenticates, renders and calls :mod:`radrules`; it holds no rule of its own.
Importing this package imports nothing heavy; ``radrules_webshell.app.create_app`` builds
the application and ``radrules_webshell.plugin`` adds the ``serve`` and ``admin`` commands.
"""
