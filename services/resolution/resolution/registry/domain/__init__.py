"""The registry's rules and records, without I/O: a citizen record and the certificate level
its doses earn (records), the checks of its values (rules), the portal's extract row by row
(extract), which records lie inside an officer's unit and what is seen of the others (scope),
and which records may be a complaint's person (matching)."""
