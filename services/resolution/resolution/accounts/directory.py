"""What the other topics may ask of the accounts, in their own transaction: whether a commune
has an active team to route its cases to (asked as every complaint is placed, a statement of
its own before the case is opened, as before), and whom each unit's overdue digest goes to.
The accounts' tables are read only by the accounts' own queries (store.directory): this is
the door the cases use (import-linter: resolution.cases never imports accounts.store)."""

from resolution.accounts.domain import DigestRecipient
from resolution.accounts.store.directory import commune_has_team, digest_recipients

__all__ = ["DigestRecipient", "commune_has_team", "digest_recipients"]
