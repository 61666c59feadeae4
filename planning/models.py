"""The government's plan: instruments, sections, commitments, outcomes, indicators."""
