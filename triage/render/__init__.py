"""Renderers: terminal, Markdown, reply documents, explanations, KB views, evaluation tables.
They only read frozen results; they may import any library layer, never the CLI.
"""
