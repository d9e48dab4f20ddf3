"""The API endpoints of artisans and of the public catalogue."""
