"""Build hook (hatchling): compile the gettext catalogues (.po) into the wheel as .mo files.

Runs with nothing but the standard library: the compiler is bannergen's own pure-Python msgfmt,
loaded from the source tree by path (the package itself is not importable while it is built).
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("src", "bannergen", "i18n", "locale")


class CompileCatalogues(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        spec = importlib.util.spec_from_file_location(
            "bannergen_msgfmt", root / "src" / "bannergen" / "i18n" / "msgfmt.py")
        msgfmt = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = msgfmt  # dataclasses look their module up there
        spec.loader.exec_module(msgfmt)
        self._scratch = Path(tempfile.mkdtemp(prefix="bannergen-mo-"))
        for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/*.po")):
            inside = po.relative_to(root / "src").with_suffix(".mo")  # bannergen/i18n/locale/…
            if version == "editable":
                # An editable install runs from src/: the .mo goes beside its .po.
                msgfmt.compile_file(po, po.with_suffix(".mo"))
            else:
                target = self._scratch / inside
                msgfmt.compile_file(po, target)
                build_data["force_include"][str(target)] = str(inside)

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
