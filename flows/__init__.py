"""Prefect flows of hetang-monitor: the nightly run (`nightly.py`), its stages and the readers."""

import os

# Set before Prefect is imported anywhere in the process. The ephemeral API server can take
# well over Prefect's default 20 s to start on a busy 2-core machine; nothing may phone home
# from an office network that has no internet.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
