"""Reports of stored sessions: the figures (``figures.py``, pure), a chart (``chart.py``,
matplotlib, PNG) and a page for a phone (``page.py``, HTML).

A shell at the end of the chain: it draws what the store hands back. matplotlib is imported
only in ``chart.py``, and with its file-only backend, so the coach needs no display.
"""
