"""Importers: platform exports and network files in, snapshot folders out (``sitegen import``)."""
