"""Geography: boundaries, region registry, map figures."""
