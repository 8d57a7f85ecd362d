"""Kennisbank: turns data/ and the front matter of docs/ into a linked model and generated pages.

Steps, each in its own module: ``load`` (read and validate untrusted input) ->
``link`` (references both ways, into ``model`` objects) -> ``generate`` (which
pages exist) -> ``view`` (what templates see). ``engine`` runs them once per
process; only ``hooks/kennisbank_hook.py`` talks to MkDocs.
"""
