"""Reporting's rules and records, without I/O: the facts and the counters they add to
(facts, figures), local days, periods and report weeks (periods, weeks), and the charts."""
