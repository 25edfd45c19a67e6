"""Settings for the test suite: the real settings with a throwaway data dir and fast hashing."""

import os
import tempfile

os.environ.setdefault("JIXIAO_SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-test-"))

from jixiao.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
