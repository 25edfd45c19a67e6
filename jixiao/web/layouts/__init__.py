"""Corrections of how files are read, remembered per layout (see `services`)."""
