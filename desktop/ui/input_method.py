"""Chinese input with fcitx when Qt has no fcitx plugin.

UOS and Kylin desktops set QT_IM_MODULE=fcitx. Our Qt (PySide6's) ships no fcitx input-context
plugin, and one cannot be built here without Qt's private headers of the same version
(installer/README.md), so Qt would fall back to plain keys and no Chinese could be typed.
fcitx 5 also speaks the IBus protocol through its IBus portal (org.freedesktop.portal.IBus), which
Qt's bundled ibus plugin uses when IBUS_USE_PORTAL is set: with that, pinyin typed into the window
becomes Chinese (tried under Xvfb with fcitx5 and fcitx5-pinyin, installer/README.md). fcitx 4
has no such portal; there the choice changes nothing (Qt had no way to reach it anyway).

Must run before QApplication exists: Qt reads the variables when it creates the input context.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

FCITX_MODULES = ("fcitx", "fcitx5")
FCITX_PLUGIN = "libfcitx5platforminputcontextplugin"


def has_fcitx_plugin(plugin_dir: Path) -> bool:
    folder = plugin_dir / "platforminputcontexts"
    return folder.is_dir() and any(p.name.startswith(FCITX_PLUGIN) for p in folder.iterdir())


def route_fcitx_through_ibus_portal(environ: MutableMapping[str, str], plugin_dir: Path) -> bool:
    """When fcitx is asked for and Qt cannot load it, ask for ibus through fcitx 5's portal.
    Returns whether the environment was changed."""
    if environ.get("QT_IM_MODULE", "").lower() not in FCITX_MODULES or has_fcitx_plugin(plugin_dir):
        return False
    environ["QT_IM_MODULE"] = "ibus"
    environ.setdefault("IBUS_USE_PORTAL", "1")
    return True


def prepare_input_method() -> bool:
    from PySide6.QtCore import QLibraryInfo

    plugin_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    return route_fcitx_through_ibus_portal(os.environ, plugin_dir)
