
import os
from pathlib import Path

# Qt offscreen, on a 1920×1080 screen (the plugin's own is 800×800, and windows are fitted
# to their screen); tests/gui/test_screens.py tries the office screens in child processes.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    _SCREEN = Path(__file__).resolve().parent / "screens" / "full_hd.json"
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
