"""The department and its officers, and who is assigned to which school (SRO or substitute)."""
