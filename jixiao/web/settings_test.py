"""Settings for the test suite: the real settings with a throwaway data dir and fast hashing."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("JIXIAO_SECRET_KEY", "test-only-not-secret")
# Always a throwaway directory: tests never touch a developer's own data directory.
_tmp = tempfile.mkdtemp(prefix="jixiao-test-")
os.environ["JIXIAO_DATA_DIR"] = _tmp
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)

from jixiao.web.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A file, not SQLite's shared-cache memory database: WAL mode and the busy timeout then
# apply in tests as in production (two threads saving at once wait, not fail).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
