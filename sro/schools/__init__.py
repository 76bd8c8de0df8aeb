"""Districts and charter schools (local education agencies) and their schools."""
