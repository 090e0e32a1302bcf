"""Text primitives shared by every layer: Unicode normalisation, diacritic folding, language."""
