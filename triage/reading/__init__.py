"""A reader's comment to an Intake: lexicon concepts, the NLP pipeline, facts with their words.
Imports only `triage.engine` and `triage.errors`.
"""
