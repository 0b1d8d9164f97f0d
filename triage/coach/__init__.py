"""A coach's side: reply drafts, wording data, coach profile, inbox formats, batch.
Imports `triage.engine`, `triage.reading`, `triage.explain`, never `triage.render` or the CLI.
"""
