"""Maps the top-level `plugins/`, `rulesets/` and `webshell/` folders to import names.

DESIGN.md fixes the folder layout; the import names carry a `radrules_` prefix so that
installing radrules never claims generic top-level names such as `plugins`.
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

_FOLDERS = {"radrules_plugins": "plugins", "radrules_rulesets": "rulesets", "radrules_webshell": "webshell"}
# Only folders that are packages: an empty folder is not kept by git.
MAPPED = {
    name: folder
    for name, folder in _FOLDERS.items()
    if (Path(__file__).parent / folder / "__init__.py").is_file()
}


def _present() -> dict[str, str]:
    # A folder not yet created on a branch (the web shell, say) is simply not installed.
    return {name: folder for name, folder in MAPPED.items() if Path(folder).is_dir()}


def _packages() -> list[str]:
    found = list(find_namespace_packages(include=["radrules", "radrules.*"]))
    for name, folder in _present().items():
        found.append(name)
        found += [f"{name}.{sub}" for sub in find_namespace_packages(where=folder, exclude=["*__pycache__*"])]
    return found


setup(packages=_packages(), package_dir=_present())
