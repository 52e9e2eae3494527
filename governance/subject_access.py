"""The subject access request sections this app registers with the core (pathway.subject_access)."""
