"""Editors' commands: start a story, check content, translation status, rename, the URL manifest.

Used through ``python -m kennisbank <command>`` (``make new``, ``make check`` …).
Nothing here runs during a build except what the engine imports itself.
"""
