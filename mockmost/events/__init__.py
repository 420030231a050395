"""Events the store emits and the bus that delivers them."""
