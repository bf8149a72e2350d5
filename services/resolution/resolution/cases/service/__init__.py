"""The cases' use cases: a complaint opened where it belongs, the queue and a case's detail
(work), the team's decisions (decisions), the facilities' re-checks (rechecks), the officers'
daily digest (digests); with what they share: a case's registry records as its reader may use
them (candidates), the stored complaint read (complaints), the events they publish (events)."""
