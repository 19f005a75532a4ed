"""pythainlp settings, applied before pythainlp is first imported (DESIGN.md, "More measured
facts").

pythainlp creates ``~/pythainlp-data`` on import and may try to download corpora; everything
this project uses ships in the wheel (the ``newmm`` dictionary, the word list and the name
lists), so it runs offline and read-only, with its data folder inside the data root
(DESIGN.md). Values already set in the environment win.
"""

from __future__ import annotations

import os

from ingestion.landing.paths import DataPaths

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
os.environ.setdefault("PYTHAINLP_DATA", str(DataPaths.from_env().root / "pythainlp"))
