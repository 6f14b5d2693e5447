"""Benchmarks, fuzzing and mutation runs for gxtui (``make bench``, ``make fuzz``).

Nothing here is imported by the package or by the tests; every script writes its figures to
``bench/results/*.json`` and prints a table.
"""
