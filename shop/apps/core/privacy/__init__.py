"""Personal data (RGPD): what is kept and how long, the export of a person's
data, and the deletion of their account."""
