"""Invoices and credit notes, in the artisan's name."""
