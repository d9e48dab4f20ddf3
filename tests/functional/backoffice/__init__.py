"""The work areas' layout: the back office and the logistics console."""
