"""The core flow: intake models, signals, the knowledge base as models (loaded and cross-checked),
rule compilation, the experta engine and the report. Imports only `triage.errors`; the one
place that speaks experta.
"""
