"""What the law asks of the platform about its sellers: yearly statements and DAC7."""
