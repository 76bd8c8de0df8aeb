"""Who did what: append-only audit events and the student-data access log."""
