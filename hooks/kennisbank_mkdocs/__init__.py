"""The kennisbank engine on MkDocs: the one place, with ``kennisbank.adapter``, that imports MkDocs.

``plugin.KennisbankPlugin`` answers MkDocs' events and holds the build's state;
``languages`` builds the other languages in a second process beside the
default one, and lists the MkDocs and mkdocs-static-i18n internals that leans
on; ``staging`` points the build at the staging folder of ``kennisbank.publish``
and swaps it in at the end. ``hooks/kennisbank_hook.py`` hands the plugin's
methods to MkDocs; the engine (``kennisbank``) never imports this package.
"""
