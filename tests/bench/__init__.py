"""`make bench`: the submission path through the real gateway, beside a no-op gateway → gRPC
call measured in the same run, reported as ratios (never absolute timed assertions).

Kept free of imports: `python -m tests.bench.noop_gateway` loads this package first."""
