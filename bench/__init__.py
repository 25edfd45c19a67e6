"""Benchmarks (`make bench`). Each ``bench/bench_*.py`` has ``run() -> list[Result]``.

Every result times our code against a baseline measured in the same run and reports the
ratio; absolute numbers vary by machine, ratios much less. Tests never assert timings.
"""
