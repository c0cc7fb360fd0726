"""Candidate-safety bot: guidance for UK election candidates facing intimidation."""

__version__ = "0.1.0"
