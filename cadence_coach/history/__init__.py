"""The session history: every session in SQLite as it runs, its weekly trend, its exports to
the files runners use, and its reports (chart and page)."""
