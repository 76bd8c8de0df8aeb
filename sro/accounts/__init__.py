"""Users, their role and the scope (agency, district or schools) a membership grants."""
