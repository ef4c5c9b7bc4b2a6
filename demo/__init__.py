"""The bundled synthetic demo year: `demo/inbox/` (drops) and `demo/generate.py` (its generator).

Everything here is SYNTHETIC demo data, not official statistics (see demo/README.md).
"""

from pathlib import Path

INBOX = Path(__file__).parent / "inbox"
