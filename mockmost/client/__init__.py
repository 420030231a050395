"""The bundled thin client."""
