"""Runs openai-chatkit's own store and server suites against our stores (see tests/test_upstream.py).

The files here are copied into the work folder beside the fetched suites; none is collected by
our own pytest run (none is named test_*.py).
"""
