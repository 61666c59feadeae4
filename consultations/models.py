"""Processes that ask residents: consultations, proposals, supports, surveys."""
