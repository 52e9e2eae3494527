"""Reads, each taking the viewing user and going through pathway.policy (STYLE convention 3)."""
