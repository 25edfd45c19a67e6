"""Exported files get the usual permissions, not the private 0600 of a temporary file."""

from __future__ import annotations

import os
import stat

from jixiao.core.formats import write


def test_an_exported_file_is_readable_like_any_file_the_user_creates(tmp_path, seed_doc):
    out = tmp_path / "out.json"
    write(seed_doc, out, "json")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
