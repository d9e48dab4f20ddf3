"""The REST API of pickup points: public reads and the logistics scanner."""
