"""Knowledge-base tooling for its authors: lint, reachability, list/show/stats views.
Imports `triage.engine` and `triage.reading` (the lexicon), never upward.
"""
