"""What the core tells the feature apps, without importing them (STYLE: layers).

Receivers run synchronously inside the sender's transaction, so what they write commits or
rolls back with the change that caused it.
"""

from django.dispatch import Signal

# Sent by pathway.services.cases.case_close after the case is closed, inside its
# transaction, with `case` (the locked, closed case) and `actor` (the user who closed it).
# caf withdraws the case's open recommendations.
case_closed = Signal()
