"""The kennisbank engine's MkDocs events: those of one KennisbankPlugin (hooks/kennisbank_mkdocs/plugin.py).

MkDocs loads this file once per process (``config_options.Hooks`` caches the
module), with its folder on ``sys.path`` only while loading it: so the package
is imported here, and the one plugin, with the build's state, lasts through
every rebuild of ``mkdocs serve``.
"""

from kennisbank_mkdocs.plugin import KennisbankPlugin

_plugin = KennisbankPlugin()

on_startup = _plugin.on_startup
on_config = _plugin.on_config
on_pre_build = _plugin.on_pre_build
on_files = _plugin.on_files
on_nav = _plugin.on_nav
on_env = _plugin.on_env
on_page_markdown = _plugin.on_page_markdown
on_page_content = _plugin.on_page_content
on_page_context = _plugin.on_page_context
on_template_context = _plugin.on_template_context
on_post_page = _plugin.on_post_page
on_post_template = _plugin.on_post_template
on_serve = _plugin.on_serve
on_post_build = _plugin.on_post_build
on_build_error = _plugin.on_build_error
