"""The renderer interface: a backend turns a :class:`~radrules.documents.layout.Document` into bytes.

The report card is drawn through this interface so that the PDF library can be replaced
(docs/documents.md says why fpdf2 is the default and borb is not). A backend is any object
with a ``name``, a ``media_type`` and a ``render(document) -> bytes`` method; register a
factory under a name with :func:`register_renderer` and select it by that name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from radrules.errors import RenderError

from .layout import Document


@runtime_checkable
class Renderer(Protocol):
    name: str
    media_type: str

    def render(self, document: Document) -> bytes:
        """The document as a file (a PDF for the built-in backend)."""
        ...


def _fpdf2() -> Renderer:
    from .pdf_fpdf import FpdfRenderer  # imported on use: checking filings never needs fpdf2

    return FpdfRenderer()


_FACTORIES: dict[str, Callable[[], Renderer]] = {"fpdf2": _fpdf2}
_instances: dict[str, Renderer] = {}
DEFAULT = "fpdf2"


def register_renderer(name: str, factory: Callable[[], Renderer]) -> None:
    """Make a backend available as ``name`` (replacing one of the same name)."""
    _FACTORIES[name] = factory
    _instances.pop(name, None)


def renderer_names() -> tuple[str, ...]:
    return tuple(_FACTORIES)


def get_renderer(name: str | None = None) -> Renderer:
    """The backend registered as ``name`` (default fpdf2), created once and reused."""
    key = name or DEFAULT
    if key not in _FACTORIES:
        raise RenderError(f"未知的文档生成后端 {key}；可用：{', '.join(_FACTORIES)}")
    if key not in _instances:
        _instances[key] = _FACTORIES[key]()
    return _instances[key]
