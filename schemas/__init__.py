"""Contracts shared by every runtime: API bodies, event messages and the topic registry.

Nothing here does I/O. Every event carries ``schema_version`` so consumers can reject or
upgrade messages written by an older or newer producer.
"""
