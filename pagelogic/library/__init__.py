"""The template library's pure logic: declared slots, validation, library folders on disk.

Nothing here talks to the database or the network; infra/db/template_library.py stores what
these modules check, and the gateway and CLI call both.
"""
