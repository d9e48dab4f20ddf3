"""Who funds a promotion: the chamber, a partner territory, or the artisan."""
