"""What to make: the catalogue, templates, orders, sizes and logos, validated, and the Job."""
