"""The rules and records of a case, without I/O: the rows a case is read as (records), where a
complaint goes (routing), its deadline while it is worked and the officers' daily digest
(deadlines), who starts its review and what a duplicate's citizen is told (review), the
corrections an approval makes to the registry (corrections), and the rejection reasons
(rejection_reasons)."""
