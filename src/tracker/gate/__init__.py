"""Gate engine: the rule catalogue, gate definitions and the checks that prove `done`."""
