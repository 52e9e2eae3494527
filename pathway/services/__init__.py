"""Every write goes through a service here (STYLE convention 1).

Services are named `<entity>_<verb>`, take keyword-only arguments, run in a transaction
and write the chronology or audit rows that go with the change.
"""
