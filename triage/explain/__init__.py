"""HOW, WHY and WHY NOT from a report's trace and the knowledge base.
Imports `triage.engine` and `triage.reading` (to explain a comment), never upward.
"""
