"""Duty schedules that follow each district's school calendar (policy 436.4.1)."""
