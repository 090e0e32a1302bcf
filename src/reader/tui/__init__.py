"""The Textual reader. Only this package imports Textual."""

import os

# Up to 120 frames a second instead of Textual's 60: results that miss a frame by a few
# milliseconds (the first letter of a query redraws every row) wait 8 ms for the next one
# rather than 17. It must be set before Textual is imported; a TEXTUAL_FPS the user set wins.
os.environ.setdefault("TEXTUAL_FPS", "120")
