"""The shared core: people, families, cases, the workflow, the access policy, the calendar."""
