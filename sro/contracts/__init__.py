"""Contracts between the agency and a district or charter school, and the schools they cover."""
