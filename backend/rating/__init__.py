"""Credit rating: the 1,200-point scorecard."""
